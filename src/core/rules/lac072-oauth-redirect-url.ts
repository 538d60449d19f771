import { oauthSettingsOf, setting, settingLabel, type OAuthSettingRef } from '../customConnectors/definition';
import { checkUrl, GLOBAL_REDIRECT_URL, isConsentHost, isPerConnectorRedirect, REDIRECT_MODES } from '../customConnectors/oauth';
import { setValue } from '../json/edits';
import type { Fix } from '../types';
import { defineRule, fix, type RuleContext } from './rule';

export default defineRule({
  meta: {
    id: 'LAC072',
    name: 'oauth-redirect-url',
    defaultSeverity: 'warning',
    description:
      'A custom connector redirectUrl that is not https, not on the consent service (global or regional *.consent.azure-apim.net) or without the /redirect path; a redirect mode that does not fit the URL.',
    docs: {
      details:
        'After sign-in the identity provider sends the user back to the consent service of Power Platform / Azure Logic Apps, which stores the connection\'s tokens: `https://global.consent.azure-apim.net/redirect`, a regional `https://<region>.consent.azure-apim.net/redirect` (Logic Apps custom connectors show `https://logic-apis-<region>.consent.azure-apim.net/redirect`), or, with `redirectMode` `GlobalPerConnector`, a URL per connector `https://global.consent.azure-apim.net/redirect/<connector>`. ' +
        'The OAuth app must register exactly that URL: a `redirectUrl` that is `http`, on another domain (the API\'s own site) or without the `/redirect` path is a warning, because the app registered from it sends the user elsewhere and the sign-in ends with a redirect URI mismatch. ' +
        'A redirect mode that does not fit the URL is an info: `GlobalPerConnector` with the global URL (the service gives the connector its own URL: register that one — since February 2024 Power Platform uses only per-connector URLs for OAuth 2.0 connectors) or `Global` with a per-connector URL. An unknown `redirectMode` is a warning (paconn\'s schema: `Global`, `Direct`, `GlobalPerConnector`). ' +
        'Fixes: the canonical URL for the mode (the global URL; https for a consent URL written with http); for the reverse mismatch, also `redirectMode` `GlobalPerConnector`. `Direct` mode and templated values are not judged. ' +
        'Sources: https://learn.microsoft.com/connectors/custom-connectors/ (OAuth 2.0 and the per-connector redirect URI); paconn\'s schema (microsoft/PowerPlatformConnectors `schemas/paconn-apiProperties.schema.json`, `redirectMode`); RFC 6749 §3.1.2 (the redirection endpoint must match the registered one).',
      bad: {
        file: 'apiProperties.json',
        code: '{\n  "properties": {\n    "connectionParameters": {\n      "token": {\n        "type": "oauthSetting",\n        "oAuthSettings": {\n          "identityProvider": "oauth2",\n          "clientId": "[[DUMMY]]",\n          "redirectMode": "Global",\n          "redirectUrl": "https://app.contoso.com/oauth/callback",\n          "customParameters": {\n            "authorizationUrl": { "value": "https://app.contoso.com/oauth/authorize" },\n            "tokenUrl": { "value": "https://app.contoso.com/oauth/token" },\n            "refreshUrl": { "value": "https://app.contoso.com/oauth/token" }\n          }\n        }\n      }\n    },\n    "iconBrandColor": "#007ee5"\n  }\n}',
      },
      good: {
        file: 'apiProperties.json',
        code: '{\n  "properties": {\n    "connectionParameters": {\n      "token": {\n        "type": "oauthSetting",\n        "oAuthSettings": {\n          "identityProvider": "oauth2",\n          "clientId": "[[DUMMY]]",\n          "redirectMode": "Global",\n          "redirectUrl": "https://global.consent.azure-apim.net/redirect",\n          "customParameters": {\n            "authorizationUrl": { "value": "https://app.contoso.com/oauth/authorize" },\n            "tokenUrl": { "value": "https://app.contoso.com/oauth/token" },\n            "refreshUrl": { "value": "https://app.contoso.com/oauth/token" }\n          }\n        }\n      }\n    },\n    "iconBrandColor": "#007ee5"\n  }\n}',
      },
    },
    fixable: true,
  },
  check(ctx) {
    for (const ref of oauthSettingsOf(ctx.project)) if (ref.settings) checkRedirect(ctx, ref);
  },
});

function checkRedirect(ctx: RuleContext, ref: OAuthSettingRef): void {
  const label = settingLabel(ref);
  const modeMember = setting(ref, 'redirectMode');
  const mode = typeof modeMember?.value === 'string' ? modeMember.value.trim() : undefined;
  const m = mode?.toLowerCase();
  if (modeMember && mode !== undefined && m && !REDIRECT_MODES.includes(m) && !/[{}[\]<>@]/.test(mode)) {
    ctx.report({
      file: ref.file,
      path: modeMember.path,
      message: `"${mode}" is not a redirect mode (Global, GlobalPerConnector, Direct) of ${label}.`,
    });
  }
  if (m === 'direct') return;
  const urlMember = setting(ref, 'redirectUrl');
  if (!urlMember || typeof urlMember.value !== 'string' || !urlMember.value.trim()) return;
  const raw = urlMember.value.trim();
  const check = checkUrl(raw);
  if (check.kind === 'dynamic' || check.kind === 'empty') return;
  const perConnector = m === 'globalperconnector';
  // The global URL is canonical for the Global mode (and for a paconn file without a mode); a
  // per-connector URL is assigned by the service, and a Logic Apps customApis resource without a
  // mode uses its region's consent host (logic-apis-<region>.consent.azure-apim.net).
  const global = m === 'global' || (m === undefined && ref.file.kind === 'apiProperties');
  const canonical = global ? () => [fix(`Use ${GLOBAL_REDIRECT_URL}`, [setValue(ref.file, urlMember.path, GLOBAL_REDIRECT_URL)])].filter((f): f is Fix => !!f) : undefined;
  const where = global ? GLOBAL_REDIRECT_URL : perConnector ? 'the per-connector URL the service shows for this connector' : 'the redirect URL the portal shows for this connector';
  if (check.kind === 'relative') {
    ctx.report({ file: ref.file, path: urlMember.path, message: `The redirectUrl of ${label} is not an absolute URL: the OAuth app must register ${where}.`, fixes: canonical });
    return;
  }
  const url = check.url;
  const consent = isConsentHost(url.hostname);
  if (!consent) {
    ctx.report({
      file: ref.file,
      path: urlMember.path,
      message: `The redirectUrl of ${label} is not the consent service (${url.hostname}): the service sends the sign-in back to its own consent URL, so an OAuth app registered with this one fails with a redirect URI mismatch. Register ${where}.`,
      fixes: canonical,
    });
    return;
  }
  if (check.kind === 'insecure') {
    const https = `https://${url.host}${url.pathname}${url.search}`;
    ctx.report({
      file: ref.file,
      path: urlMember.path,
      message: `The redirectUrl of ${label} is not https: the consent service only answers on https (${https}).`,
      fixes: () => [fix('Use https', [setValue(ref.file, urlMember.path, https)], true)].filter((f): f is Fix => !!f),
    });
    return;
  }
  if (!/^\/redirect(\/|$)/i.test(url.pathname)) {
    const fixed = `https://${url.host}/redirect`;
    ctx.report({
      file: ref.file,
      path: urlMember.path,
      message: `The redirectUrl of ${label} lacks the /redirect path of the consent service (${url.pathname || '/'}): register ${perConnector ? where : fixed}.`,
      fixes: perConnector ? undefined : () => [fix(`Use ${fixed}`, [setValue(ref.file, urlMember.path, fixed)])].filter((f): f is Fix => !!f),
    });
    return;
  }
  const per = isPerConnectorRedirect(url);
  if (perConnector && !per) {
    ctx.report({
      file: ref.file,
      path: urlMember.path,
      severity: 'info',
      message: `${label} uses the per-connector redirect mode with the global URL: the service gives this connector its own URL (…/redirect/<connector>); register that one in the OAuth app, not the global one.`,
    });
  } else if ((m === 'global' || m === undefined) && per && modeMember) {
    ctx.report({
      file: ref.file,
      path: modeMember.path,
      severity: 'info',
      message: `${label} has a per-connector redirect URL but the redirect mode "${mode}": one of them is stale. Register the URL the mode gives.`,
      fixes: () =>
        [
          fix('Set redirectMode to GlobalPerConnector', [setValue(ref.file, modeMember.path, 'GlobalPerConnector')]),
          fix(`Use ${GLOBAL_REDIRECT_URL}`, [setValue(ref.file, urlMember.path, GLOBAL_REDIRECT_URL)]),
        ].filter((f): f is Fix => !!f),
    });
  }
}
