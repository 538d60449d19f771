import { asText } from '../printable';
import { customParameter, identityProviderOf, isFirstParty, oauthSettingsOf, setting, settingLabel, settingProperty, type OAuthSettingRef } from '../customConnectors/definition';
import { checkUrl, isKnownProvider, isMicrosoftV2Endpoint, isTemplated, KNOWN_IDENTITY_PROVIDERS, scopeTokens } from '../customConnectors/oauth';
import { setValue } from '../json/edits';
import { defineRule, fix, type RuleContext } from './rule';

/** The URLs each identity provider keeps in `customParameters` (templates for oauth2generic). */
const URL_PARAMETERS: Record<string, readonly string[]> = {
  oauth2: ['authorizationUrl', 'tokenUrl', 'refreshUrl'],
  oauth2generic: ['authorizationUrlTemplate', 'tokenUrlTemplate', 'refreshUrlTemplate'],
  aad: ['loginUri', 'loginUriAAD'],
  aadcertificate: ['loginUri', 'loginUriAAD'],
};

export default defineRule({
  meta: {
    id: 'LAC070',
    name: 'custom-connector-oauth-settings',
    defaultSeverity: 'error',
    description:
      'Custom connector OAuth settings (apiProperties.json, Microsoft.Web/customApis): no or an unknown identityProvider, no clientId, endpoints that are not absolute https URLs, aad without a resource, Microsoft identity platform v2.0 scopes without offline_access.',
    docs: {
      details:
        'A custom connector signs its connections in with the `oAuthSettings` of each `oauthSetting` connection parameter (`connectionParameters`, and each `connectionParameterSets.values[].parameters`), in `apiProperties.json` (the paconn / `pac connector` layout) or in the `properties.connectionParameters` of a `Microsoft.Web/customApis` resource. ' +
        'Reported: an `oAuthSettings` without `identityProvider` (error: paconn\'s schema requires it), a provider this rule does not know (warning: check the spelling; known are paconn\'s `oauth2`, `oauth2generic`, `aad`, `aadcertificate`, `facebook` and the built-in providers of published definitions such as `github`, `google`, `DocuSign`, `SalesforceV2`), no `clientId` (warning, except first-party apps: `IsFirstParty` `True`, `aadcertificate`), ' +
        'an authorization, token, refresh or login URL that is `http` or another scheme (error: OAuth 2.0 requires TLS for these endpoints, RFC 6749 §3.1 and §3.2) or not an absolute URL (warning), an `oauth2` provider without its authorization or token URL (warning), `aad` / `aadcertificate` without `customParameters.resourceUri`, scopes or `AzureActiveDirectoryResourceId` (warning: the schema requires the resource), ' +
        'and scopes without `offline_access` for a Microsoft identity platform v2.0 endpoint (`…/oauth2/v2.0/authorize`, Azure AD B2C, Entra External ID) (warning): v2.0 returns a refresh token only when `offline_access` is requested, so the connection dies when its first access token expires (about an hour), the "fails after X amount of time" symptom. ' +
        'Property names are matched in any case (`ClientID`, `ResourceUri`); templates (`{host}`), placeholders (`[[DUMMY]]`, `<your-id>`), ARM and Logic Apps expressions are never judged. Fixes: add `offline_access` to the scopes; use https. ' +
        'Sources: paconn\'s schema (microsoft/PowerPlatformConnectors `schemas/paconn-apiProperties.schema.json`); https://learn.microsoft.com/connectors/custom-connectors/troubleshoot-oauth2; https://learn.microsoft.com/entra/identity-platform/scopes-oidc#offline_access; https://learn.microsoft.com/azure/templates/microsoft.web/customapis.',
      bad: {
        file: 'apiProperties.json',
        code: '{\n  "properties": {\n    "connectionParameters": {\n      "token": {\n        "type": "oauthSetting",\n        "oAuthSettings": {\n          "identityProvider": "oauth2",\n          "clientId": "4f1c9a52-7d2e-4b8e-9c61-2a7f0e3b5d18",\n          "scopes": ["https://graph.microsoft.com/Mail.Read"],\n          "redirectMode": "GlobalPerConnector",\n          "customParameters": {\n            "authorizationUrl": { "value": "https://login.microsoftonline.com/common/oauth2/v2.0/authorize" },\n            "tokenUrl": { "value": "https://login.microsoftonline.com/common/oauth2/v2.0/token" },\n            "refreshUrl": { "value": "https://login.microsoftonline.com/common/oauth2/v2.0/token" }\n          }\n        }\n      }\n    },\n    "iconBrandColor": "#007ee5"\n  }\n}',
      },
      good: {
        file: 'apiProperties.json',
        code: '{\n  "properties": {\n    "connectionParameters": {\n      "token": {\n        "type": "oauthSetting",\n        "oAuthSettings": {\n          "identityProvider": "oauth2",\n          "clientId": "4f1c9a52-7d2e-4b8e-9c61-2a7f0e3b5d18",\n          "scopes": ["https://graph.microsoft.com/Mail.Read offline_access"],\n          "redirectMode": "GlobalPerConnector",\n          "customParameters": {\n            "authorizationUrl": { "value": "https://login.microsoftonline.com/common/oauth2/v2.0/authorize" },\n            "tokenUrl": { "value": "https://login.microsoftonline.com/common/oauth2/v2.0/token" },\n            "refreshUrl": { "value": "https://login.microsoftonline.com/common/oauth2/v2.0/token" }\n          }\n        }\n      }\n    },\n    "iconBrandColor": "#007ee5"\n  }\n}',
      },
    },
    fixable: true,
  },
  check(ctx) {
    for (const ref of oauthSettingsOf(ctx.project)) checkSetting(ctx, ref);
  },
});

function checkSetting(ctx: RuleContext, ref: OAuthSettingRef): void {
  const label = settingLabel(ref);
  if (!ref.settings) {
    // paconn's schema accepts `{ "type": "oauthSetting" }` alone (a legacy form): say so, softly.
    ctx.report({ file: ref.file, path: ref.path, key: true, severity: 'warning', message: `The OAuth parameter ${label} has no oAuthSettings: there is no identity provider, client or endpoint to sign in with.` });
    return;
  }
  const idp = setting(ref, 'identityProvider');
  const provider = identityProviderOf(ref);
  if (!provider) {
    ctx.report({
      file: ref.file,
      path: idp ? idp.path : ref.path,
      key: !idp,
      message: `The OAuth settings of ${label} have no identityProvider: the service cannot tell how to sign in (oauth2, aad, aadcertificate, oauth2generic…).`,
    });
    return;
  }
  const p = provider.toLowerCase();
  if (!isKnownProvider(p) && !isTemplated(provider)) {
    ctx.report({
      file: ref.file,
      path: idp!.path,
      severity: 'warning',
      message: `"${provider}" is not an identity provider this rule knows (${KNOWN_IDENTITY_PROVIDERS.join(', ')}): check the spelling.`,
    });
  }
  checkClientId(ctx, ref, label, p);
  checkUrls(ctx, ref, label, p);
  if (p === 'aad' || p === 'aadcertificate') checkAadResource(ctx, ref, label, provider);
  checkOfflineAccess(ctx, ref, label, p);
}

function checkClientId(ctx: RuleContext, ref: OAuthSettingRef, label: string, p: string): void {
  if (isFirstParty(ref) || p === 'aadcertificate') return;
  const c = setting(ref, 'clientId');
  if (c && typeof c.value === 'string' && c.value.trim()) return;
  ctx.report({
    file: ref.file,
    path: c ? c.path : ref.path,
    key: !c,
    severity: 'warning',
    message: `The OAuth settings of ${label} have no clientId: the sign-in cannot start without the OAuth app's client id.`,
  });
}

function checkUrls(ctx: RuleContext, ref: OAuthSettingRef, label: string, p: string): void {
  for (const name of URL_PARAMETERS[p] ?? []) {
    const cp = customParameter(ref, name);
    if (!cp || cp.value === null || cp.value === undefined || cp.value === '') {
      if (p === 'oauth2' && (name === 'authorizationUrl' || name === 'tokenUrl')) {
        ctx.report({
          file: ref.file,
          path: cp ? cp.path : (setting(ref, 'customParameters')?.path ?? ref.path),
          key: !cp,
          severity: 'warning',
          message: `The oauth2 settings of ${label} have no ${name}: the connection cannot ${name === 'authorizationUrl' ? 'send the user to sign in' : 'get a token'}.`,
        });
      }
      continue;
    }
    const check = checkUrl(cp.value);
    if (check.kind === 'insecure') {
      const https = check.url.protocol === 'http:' ? `https:${String(cp.value).trim().slice('http:'.length)}` : undefined;
      ctx.report({
        file: ref.file,
        path: cp.path,
        message: `The ${name} of ${label} is not https (${check.url.protocol.replace(/:$/, '')}): OAuth 2.0 requires TLS for the authorization and token endpoints, and codes and tokens would travel in clear text.`,
        fixes: https ? () => [fix('Use https', [setValue(ref.file, cp.path, https)])] : undefined,
      });
    } else if (check.kind === 'relative') {
      ctx.report({
        file: ref.file,
        path: cp.path,
        severity: 'warning',
        message: `The ${name} of ${label} is not an absolute URL ("${asText(cp.value).slice(0, 80)}"): the service needs the full https address of the endpoint.`,
      });
    }
  }
}

function checkAadResource(ctx: RuleContext, ref: OAuthSettingRef, label: string, provider: string): void {
  const resource = customParameter(ref, 'resourceUri');
  if (resource && typeof resource.value === 'string' && resource.value.trim()) return;
  const scopes = scopeTokens(setting(ref, 'scopes')?.value) ?? [];
  if (scopes.length) return;
  const aadResource = settingProperty(ref, 'AzureActiveDirectoryResourceId');
  if (typeof aadResource === 'string' && aadResource.trim()) return;
  ctx.report({
    file: ref.file,
    path: resource ? resource.path : (setting(ref, 'customParameters')?.path ?? ref.path),
    key: !resource,
    severity: 'warning',
    message: `The ${provider} settings of ${label} name no resource (customParameters.resourceUri) and no scopes: Entra ID cannot tell which API the token is for.`,
  });
}

function checkOfflineAccess(ctx: RuleContext, ref: OAuthSettingRef, label: string, p: string): void {
  const urls =
    p === 'oauth2'
      ? [customParameter(ref, 'authorizationUrl')?.value, customParameter(ref, 'tokenUrl')?.value]
      : p === 'oauth2generic'
        ? [customParameter(ref, 'authorizationUrlTemplate')?.value, customParameter(ref, 'tokenUrlTemplate')?.value]
        : [];
  if (!urls.some(isMicrosoftV2Endpoint)) return;
  const scopesMember = setting(ref, 'scopes');
  const tokens = scopeTokens(scopesMember?.value ?? []);
  if (!tokens || tokens.some((t) => t.toLowerCase() === 'offline_access' || isTemplated(t))) return;
  ctx.report({
    file: ref.file,
    path: scopesMember ? scopesMember.path : ref.path,
    key: !scopesMember,
    severity: 'warning',
    message: `The scopes of ${label} lack offline_access on a Microsoft identity platform v2.0 endpoint: no refresh token is issued, so the connection fails when its first access token expires (about an hour after sign-in).`,
    fixes: () => [fix('Add offline_access to the scopes', [offlineAccessEdit(ref, scopesMember)])],
  });
}

function offlineAccessEdit(ref: OAuthSettingRef, scopes: ReturnType<typeof setting>) {
  if (!scopes) return setValue(ref.file, [...ref.path, 'scopes'], ['offline_access']);
  const v = scopes.value;
  if (Array.isArray(v)) {
    if (v.length === 1 && typeof v[0] === 'string' && v[0].trim()) return setValue(ref.file, [...scopes.path, 0], `${v[0].trim()} offline_access`);
    return setValue(ref.file, [...scopes.path, v.length], 'offline_access');
  }
  if (typeof v === 'string') return setValue(ref.file, scopes.path, v.trim() ? `${v.trim()} offline_access` : 'offline_access');
  return undefined;
}
