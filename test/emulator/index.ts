/**
 * Local Azure Resource Manager emulator for API connections (Microsoft.Web/connections and the
 * calls around them), with fault injection. See README.md in this folder.
 *
 *   const emu = await startEmulator();            // defaultData(), token 'emulator-token'
 *   await fetch(`${emu.url}/subscriptions?api-version=2022-12-01`, { headers: { authorization: 'Bearer emulator-token' } });
 *   emu.fault({ path: FIXTURE.healthy }, { status: 429, retryAfter: 1, times: 2 });
 *   await emu.close();
 */
export { startEmulator, MALFORMED_BODY, RECORDED_REQUESTS_PATH } from './server';
export {
  connectionIdOf,
  DEFAULT_TOKEN,
  DEVELOPER_TOKEN,
  defaultData,
  FIXTURE,
  FIXTURE_NAMES,
  HOSTILE_TEST_URI,
  largeTenant,
  managedApiIdOf,
  runtimeUrlOf,
  siteIdOf,
  VALID_CONSENT_CODE,
  type DefaultDataOptions,
  type LargeTenantOptions,
} from './data';
export { customApiIdOf } from './customApis';
export { builtInRoles, graphError, IDENTITY, resourceIdOf, type IdentityWorld, type ResourceFixture, type RoleAssignmentFixture } from './identity';
export { SAMPLES_SUBSCRIPTION, sampleConnectionId } from './samplesWorld';
export { CONSENT_PAGE_PATH } from './consentPage';
export { workflowIdOf, type WorkflowFixture } from './workflows';
export { ROUTES } from './routes';
export type * from './types';
