import { customParameter, identityProviderOf, memberOf, oauthSettingsOf, setting, settingLabel, type OAuthSettingRef, type SwaggerRef } from '../customConnectors/definition';
import { checkUrl, isTemplated, sameUrl, scopeTokens } from '../customConnectors/oauth';
import { removeValue, setValue } from '../json/edits';
import { isObject } from '../json/pointer';
import type { JsonPath } from '../types';
import { defineRule, fix, type RuleContext } from './rule';

export default defineRule({
  meta: {
    id: 'LAC074',
    name: 'swagger-security-mismatch',
    defaultSeverity: 'warning',
    description:
      'A custom connector OpenAPI file whose oauth2 securityDefinitions (flow, authorizationUrl, tokenUrl, scopes) disagree with apiProperties.json, whose schemes allow http, or whose host is not a host name.',
    docs: {
      details:
        'A custom connector is two definitions of one API: the OpenAPI (Swagger 2.0) file `apiDefinition.swagger.json` (or the `swagger` of a `Microsoft.Web/customApis` resource) and the connection parameters of `apiProperties.json`. The service signs in with `apiProperties.json`; the OpenAPI `securityDefinitions` is what the portal\'s wizard and other tools read. ' +
        'When they disagree, the next edit in the wizard or the next import silently replaces the working settings, and whoever reads the OpenAPI file registers the wrong endpoints. Reported (warnings): an `oauth2` security definition with another `authorizationUrl` or `tokenUrl` than the `oauth2` provider\'s, a flow other than `accessCode` (the service supports only the authorization code flow), an OpenAPI file that declares OAuth 2.0 when apiProperties.json signs in with none, `schemes` that allow `http` (requests and tokens in clear text), and a `host` that is not a host name (a scheme, a path or spaces in it). ' +
        'Scopes that differ are an info. Compared only when the definition has exactly one `oauth2` security definition and one `oauth2` OAuth setting; templates and placeholders are not judged. Fixes: copy the URL from apiProperties.json into the OpenAPI file; drop `http` from `schemes`; keep only the host name. ' +
        'Sources: the OpenAPI 2.0 specification (Security Definitions Object, `host`: "the host (name or ip) … MUST NOT include the scheme nor sub-paths"); https://learn.microsoft.com/connectors/custom-connectors/troubleshoot-oauth2 (APIHub supports only the authorization code flow); paconn\'s schema (microsoft/PowerPlatformConnectors `schemas/paconn-apiProperties.schema.json`).',
      bad: {
        file: 'apiDefinition.swagger.json',
        code: '{\n  "swagger": "2.0",\n  "info": { "title": "Contoso", "version": "1.0" },\n  "host": "api.contoso.com",\n  "basePath": "/",\n  "schemes": ["https"],\n  "paths": {},\n  "securityDefinitions": {\n    "oauth2_auth": {\n      "type": "oauth2",\n      "flow": "accessCode",\n      "authorizationUrl": "https://login.contoso.com/oauth/authorize",\n      "tokenUrl": "https://login.windows.net/common/oauth2/authorize",\n      "scopes": {}\n    }\n  }\n}\n// apiProperties.json: {"properties": {"connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": {"identityProvider": "oauth2", "clientId": "[[DUMMY]]", "customParameters": {"authorizationUrl": {"value": "https://login.contoso.com/oauth/authorize"}, "tokenUrl": {"value": "https://login.contoso.com/oauth/token"}, "refreshUrl": {"value": "https://login.contoso.com/oauth/token"}}}}}, "iconBrandColor": "#007ee5"}}',
      },
      good: {
        file: 'apiDefinition.swagger.json',
        code: '{\n  "swagger": "2.0",\n  "info": { "title": "Contoso", "version": "1.0" },\n  "host": "api.contoso.com",\n  "basePath": "/",\n  "schemes": ["https"],\n  "paths": {},\n  "securityDefinitions": {\n    "oauth2_auth": {\n      "type": "oauth2",\n      "flow": "accessCode",\n      "authorizationUrl": "https://login.contoso.com/oauth/authorize",\n      "tokenUrl": "https://login.contoso.com/oauth/token",\n      "scopes": {}\n    }\n  }\n}\n// apiProperties.json: {"properties": {"connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": {"identityProvider": "oauth2", "clientId": "[[DUMMY]]", "customParameters": {"authorizationUrl": {"value": "https://login.contoso.com/oauth/authorize"}, "tokenUrl": {"value": "https://login.contoso.com/oauth/token"}, "refreshUrl": {"value": "https://login.contoso.com/oauth/token"}}}}}, "iconBrandColor": "#007ee5"}}',
      },
    },
    fixable: true,
  },
  check(ctx) {
    const settings = oauthSettingsOf(ctx.project);
    // One pass per OpenAPI document (several OAuth settings may share it).
    const swaggers = new Map<string, { swagger: SwaggerRef; refs: OAuthSettingRef[] }>();
    for (const ref of settings) {
      if (!ref.swagger) continue;
      const key = `${ref.swagger.file.path}\0${ref.swagger.path.join('\0')}`;
      const e = swaggers.get(key) ?? { swagger: ref.swagger, refs: [] };
      e.refs.push(ref);
      swaggers.set(key, e);
    }
    // An OpenAPI file next to an apiProperties.json that signs in with no OAuth at all.
    const project = ctx.project;
    if (project.apiDefinition && isObject(project.apiDefinition.value) && !settings.some((r) => r.file === project.apiProperties)) {
      const swagger = { file: project.apiDefinition, path: [] as JsonPath, value: project.apiDefinition.value };
      swaggers.set(`${swagger.file.path}\0`, { swagger, refs: [] });
    }
    for (const { swagger, refs } of swaggers.values()) {
      checkDocument(ctx, swagger);
      checkSecurity(ctx, swagger, refs, !!project.apiProperties?.parsed && isObject(project.apiProperties.value));
    }
  },
});

function checkDocument(ctx: RuleContext, sw: SwaggerRef): void {
  const schemes = memberOf(sw.value, 'schemes', sw.path);
  if (schemes && Array.isArray(schemes.value)) {
    const list = schemes.value;
    const i = list.findIndex((s) => typeof s === 'string' && s.trim().toLowerCase() === 'http');
    if (i >= 0) {
      const hasHttps = list.some((s) => typeof s === 'string' && s.trim().toLowerCase() === 'https');
      ctx.report({
        file: sw.file,
        path: [...schemes.path, i],
        message: `The OpenAPI schemes allow http: requests to the API, with their OAuth access tokens, may travel in clear text. Use https only.`,
        fixes: () => [fix(hasHttps ? 'Remove "http" from schemes' : 'Use "https"', [hasHttps ? removeValue(sw.file, [...schemes.path, i]) : setValue(sw.file, [...schemes.path, i], 'https')])],
      });
    }
  }
  const host = memberOf(sw.value, 'host', sw.path);
  if (host && typeof host.value === 'string' && host.value.trim() && !isTemplated(host.value)) {
    const h = host.value.trim();
    if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(h) || h.startsWith('.') || h.endsWith('.') || h.includes('..')) {
      const c = checkUrl(h);
      const bare = (c.kind === 'https' || c.kind === 'insecure') && (c.url.pathname === '/' || c.url.pathname === '') && !c.url.search ? c.url.host : undefined;
      ctx.report({
        file: sw.file,
        path: host.path,
        message: `The OpenAPI host "${h.slice(0, 80)}" is not a host name: it must hold only the name (and port), without scheme or path (those go in schemes and basePath).`,
        fixes: bare ? () => [fix(`Use "${bare}"`, [setValue(sw.file, host.path, bare)])] : undefined,
      });
    }
  }
}

interface OAuthDef {
  name: string;
  path: JsonPath;
  value: Record<string, unknown>;
}

function checkSecurity(ctx: RuleContext, sw: SwaggerRef, refs: OAuthSettingRef[], definitionKnown: boolean): void {
  const defs = memberOf(sw.value, 'securityDefinitions', sw.path);
  if (!defs || !isObject(defs.value)) return;
  const oauthDefs: OAuthDef[] = [];
  for (const [name, d] of Object.entries(defs.value)) {
    if (!isObject(d)) continue;
    const type = memberOf(d, 'type', [])?.value;
    if (typeof type === 'string' && type.trim().toLowerCase() === 'oauth2') oauthDefs.push({ name, path: [...defs.path, name], value: d });
  }
  if (!oauthDefs.length) return;
  for (const d of oauthDefs) {
    const flow = memberOf(d.value, 'flow', d.path);
    if (flow && typeof flow.value === 'string' && flow.value.trim() && flow.value.trim().toLowerCase() !== 'accesscode' && !isTemplated(flow.value)) {
      ctx.report({
        file: sw.file,
        path: flow.path,
        message: `The OpenAPI security definition "${d.name}" uses the ${flow.value.trim()} flow: custom connectors support only the authorization code flow (accessCode).`,
        fixes: () => [fix('Use the accessCode flow', [setValue(sw.file, flow.path, 'accessCode')])],
      });
    }
  }
  if (!refs.length) {
    if (!definitionKnown) return;
    const d = oauthDefs[0]!;
    ctx.report({
      file: sw.file,
      path: d.path,
      key: true,
      message: `The OpenAPI file declares OAuth 2.0 ("${d.name}") but the connector's connection parameters have no oauthSetting: the connector will not sign in with OAuth.`,
    });
    return;
  }
  const oauth2 = refs.filter((r) => identityProviderOf(r)?.toLowerCase() === 'oauth2');
  if (oauthDefs.length !== 1 || oauth2.length !== 1 || refs.length !== 1) return;
  const d = oauthDefs[0]!;
  const ref = oauth2[0]!;
  for (const [defName, paramName] of [
    ['authorizationUrl', 'authorizationUrl'],
    ['tokenUrl', 'tokenUrl'],
  ] as const) {
    const mine = memberOf(d.value, defName, d.path);
    const theirs = customParameter(ref, paramName)?.value;
    if (!mine || typeof mine.value !== 'string' || typeof theirs !== 'string' || !theirs.trim()) continue;
    if (isTemplated(mine.value) || isTemplated(theirs) || sameUrl(mine.value, theirs)) continue;
    ctx.report({
      file: sw.file,
      path: mine.path,
      message: `The OpenAPI ${defName} of "${d.name}" (${mine.value.trim().slice(0, 100)}) differs from the ${paramName} the connector signs in with (${theirs.trim().slice(0, 100)}, ${settingLabel(ref)} in ${ref.file === sw.file ? 'its properties' : 'apiProperties.json'}).`,
      fixes: () => [fix(`Use the connector's ${paramName}`, [setValue(sw.file, mine.path, theirs.trim())])],
    });
  }
  // Scopes are compared loosely: the OpenAPI list is often partial. Only when they share nothing.
  const scopes = memberOf(d.value, 'scopes', d.path);
  // The wizard writes the whole scope string as one key ("read write"): split keys too.
  const declared = scopes && isObject(scopes.value) ? scopeTokens(Object.keys(scopes.value))?.map((x) => x.toLowerCase()) : undefined;
  const requested = scopeTokens(setting(ref, 'scopes')?.value ?? [])?.filter((t) => t.toLowerCase() !== 'offline_access');
  if (declared && declared.length && requested && requested.length && !requested.some(isTemplated) && !declared.some(isTemplated)) {
    if (!requested.some((t) => declared.includes(t.toLowerCase()))) {
      ctx.report({
        file: sw.file,
        path: scopes!.path,
        key: true,
        severity: 'info',
        message: `The OpenAPI scopes of "${d.name}" share none of the scopes the connector requests (${requested.slice(0, 5).join(', ')}${requested.length > 5 ? '…' : ''}): a wizard or import that reads the OpenAPI file would request others.`,
      });
    }
  }
}
