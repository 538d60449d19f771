import type { Rule } from './rule';
import lac001 from './lac001-invalid-json';
import lac002 from './lac002-schema';
import lac003 from './lac003-duplicate-key';
import lac004 from './lac004-lint-limits';
import lac010 from './lac010-missing-connection-runtime-url';
import lac011 from './lac011-invalid-connection-runtime-url';
import lac012 from './lac012-invalid-resource-id';
import lac013 from './lac013-connection-authentication';
import lac014 from './lac014-builtin-managed-identity';
import lac015 from './lac015-connector-without-managed-identity';
import lac020 from './lac020-msi-audience-mismatch';
import lac021 from './lac021-msi-audience-format';
import lac022 from './lac022-msi-audience-missing';
import lac030 from './lac030-literal-secret';
import lac031 from './lac031-undefined-app-setting';
import lac032 from './lac032-undefined-parameter';
import lac033 from './lac033-expression-syntax';
import lac034 from './lac034-deployment-placeholder';
import lac040 from './lac040-unknown-connection-reference';
import lac041 from './lac041-unused-connection';
import lac042 from './lac042-consumption-connections';
import lac043 from './lac043-template-manifest-connections';
import lac044 from './lac044-template-standard-connections-parameter';
import lac045 from './lac045-consumption-v2-connection';
import lac050 from './lac050-connection-key-expiry';
import lac060 from './lac060-connection-not-found';
import lac061 from './lac061-connection-unhealthy';
import lac062 from './lac062-connection-kind';
import lac063 from './lac063-missing-access-policy';
import lac064 from './lac064-runtime-url-drift';
import lac070 from './lac070-custom-connector-oauth-settings';
import lac071 from './lac071-oauth-refresh-url';
import lac072 from './lac072-oauth-redirect-url';
import lac074 from './lac074-swagger-security-mismatch';

/** Every rule, in id order. Ids are stable and never reused. */
export const ALL_RULES: readonly Rule[] = [
  lac001,
  lac002,
  lac003,
  lac004,
  lac010,
  lac011,
  lac012,
  lac013,
  lac014,
  lac015,
  lac020,
  lac021,
  lac022,
  lac030,
  lac031,
  lac032,
  lac033,
  lac034,
  lac040,
  lac041,
  lac042,
  lac043,
  lac044,
  lac045,
  lac050,
  lac060,
  lac061,
  lac062,
  lac063,
  lac064,
  lac070,
  lac071,
  lac072,
  lac074,
];
