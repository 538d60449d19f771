import { customParameter, identityProviderOf, oauthSettingsOf, setting, settingLabel, type OAuthSettingRef } from '../customConnectors/definition';
import { hostOf, isConsentRedirect, isTemplated, sameUrl } from '../customConnectors/oauth';
import { setValue } from '../json/edits';
import { defineRule, fix, type RuleContext } from './rule';

/** Where each provider keeps its authorization, token and refresh URLs (`customParameters`). */
const NAMES: Record<string, { authorization: string; token: string; refresh: string; needsRefresh: boolean }> = {
  oauth2: { authorization: 'authorizationUrl', token: 'tokenUrl', refresh: 'refreshUrl', needsRefresh: true },
  // Templates: a provider whose tokens do not expire may leave the refresh template out.
  oauth2generic: { authorization: 'authorizationUrlTemplate', token: 'tokenUrlTemplate', refresh: 'refreshUrlTemplate', needsRefresh: false },
};

export default defineRule({
  meta: {
    id: 'LAC071',
    name: 'oauth-refresh-url',
    defaultSeverity: 'error',
    description:
      'A custom connector refresh URL that is the authorization URL or the consent redirect (error: refreshing always fails), on another host than the token URL (warning) or the same host (info), or missing (warning).',
    docs: {
      details:
        'When a connection\'s access token expires, the service sends the refresh token to the refresh URL (`customParameters.refreshUrl` of the `oauth2` provider, `refreshUrlTemplate` of `oauth2generic`) and gets a new access token. For nearly every provider that URL is the token URL: Microsoft\'s troubleshooting guide for custom connector OAuth says to check that the refresh URL is the same as the token URL. ' +
        'A refresh URL that is the authorization URL (the sign-in page) or the consent service\'s redirect URL (`https://global.consent.azure-apim.net/redirect`) cannot answer a refresh request: the connection works after sign-in and fails with 401 once the first access token expires, always after the same time (the guide\'s "a connection is failing after X amount of time") — an error. ' +
        'A refresh URL on another host than the token URL is a warning, on the same host but another path an info (a few providers have a separate refresh endpoint: check it is deliberate). A missing refresh URL for `oauth2` is a warning (the connection cannot renew its token). ' +
        'The fix sets the refresh URL to the token URL (preferred for the errors and the missing URL). Templates and placeholders are compared as written and never judged by host. ' +
        'Sources: https://learn.microsoft.com/connectors/custom-connectors/troubleshoot-oauth2; paconn\'s schema (microsoft/PowerPlatformConnectors `schemas/paconn-apiProperties.schema.json`, `oauth2` custom parameters `authorizationUrl`, `tokenUrl`, `refreshUrl`); RFC 6749 §6 (refreshing an access token at the token endpoint).',
      bad: {
        file: 'apiProperties.json',
        code: '{\n  "properties": {\n    "connectionParameters": {\n      "token": {\n        "type": "oauthSetting",\n        "oAuthSettings": {\n          "identityProvider": "oauth2",\n          "clientId": "[[DUMMY]]",\n          "scopes": ["read write"],\n          "redirectMode": "GlobalPerConnector",\n          "customParameters": {\n            "authorizationUrl": { "value": "https://app.contoso.com/oauth/authorize" },\n            "tokenUrl": { "value": "https://app.contoso.com/oauth/token" },\n            "refreshUrl": { "value": "https://app.contoso.com/oauth/authorize" }\n          }\n        }\n      }\n    },\n    "iconBrandColor": "#007ee5"\n  }\n}',
      },
      good: {
        file: 'apiProperties.json',
        code: '{\n  "properties": {\n    "connectionParameters": {\n      "token": {\n        "type": "oauthSetting",\n        "oAuthSettings": {\n          "identityProvider": "oauth2",\n          "clientId": "[[DUMMY]]",\n          "scopes": ["read write"],\n          "redirectMode": "GlobalPerConnector",\n          "customParameters": {\n            "authorizationUrl": { "value": "https://app.contoso.com/oauth/authorize" },\n            "tokenUrl": { "value": "https://app.contoso.com/oauth/token" },\n            "refreshUrl": { "value": "https://app.contoso.com/oauth/token" }\n          }\n        }\n      }\n    },\n    "iconBrandColor": "#007ee5"\n  }\n}',
      },
    },
    fixable: true,
  },
  check(ctx) {
    for (const ref of oauthSettingsOf(ctx.project)) checkRefresh(ctx, ref);
  },
});

function checkRefresh(ctx: RuleContext, ref: OAuthSettingRef): void {
  const provider = identityProviderOf(ref)?.toLowerCase();
  const names = provider ? NAMES[provider] : undefined;
  if (!names) return;
  const label = settingLabel(ref);
  const authorization = customParameter(ref, names.authorization)?.value;
  const tokenParam = customParameter(ref, names.token);
  const token = tokenParam?.value;
  const refresh = customParameter(ref, names.refresh);
  const tokenText = typeof token === 'string' && token.trim() ? token.trim() : undefined;
  const useToken = (preferred: boolean) =>
    tokenText && refresh
      ? () => [fix('Use the token URL as the refresh URL', [setValue(ref.file, refresh.path, tokenText)], preferred)]
      : undefined;

  if (!refresh || refresh.value === null || refresh.value === undefined || (typeof refresh.value === 'string' && !refresh.value.trim())) {
    if (!names.needsRefresh || !tokenText) return;
    const cp = setting(ref, 'customParameters');
    ctx.report({
      file: ref.file,
      path: refresh ? refresh.path : (cp?.path ?? ref.path),
      key: !refresh,
      severity: 'warning',
      message: `The oauth2 settings of ${label} have no refreshUrl: when the access token expires the connection cannot renew it and fails until someone signs in again.`,
      fixes: cp
        ? () => [
            fix(
              'Use the token URL as the refresh URL',
              [refresh ? setValue(ref.file, refresh.path, tokenText) : setValue(ref.file, [...cp.path, names.refresh], { value: tokenText })],
              true,
            ),
          ]
        : undefined,
    });
    return;
  }
  const r = refresh.value;
  if (typeof r !== 'string') return;
  if (sameUrl(r, token)) return;
  const redirect = setting(ref, 'redirectUrl')?.value;
  const symptom = 'the connection works after sign-in and fails with 401 once the first access token expires, always after the same time';
  if (sameUrl(r, authorization)) {
    ctx.report({
      file: ref.file,
      path: refresh.path,
      message: `The refresh URL of ${label} is the authorization URL: a sign-in page cannot refresh a token, so ${symptom}. Use the token URL.`,
      fixes: useToken(true),
    });
    return;
  }
  if (isConsentRedirect(r) || sameUrl(r, redirect)) {
    ctx.report({
      file: ref.file,
      path: refresh.path,
      message: `The refresh URL of ${label} is the consent service's redirect URL: it cannot refresh a token, so ${symptom}. Use the token URL.`,
      fixes: useToken(true),
    });
    return;
  }
  if (!tokenText || isTemplated(r) || isTemplated(tokenText)) return;
  const rh = hostOf(r);
  const th = hostOf(tokenText);
  if (!rh || !th) return;
  if (rh !== th) {
    ctx.report({
      file: ref.file,
      path: refresh.path,
      severity: 'warning',
      message: `The refresh URL of ${label} is on another host (${rh}) than the token URL (${th}): nearly every provider refreshes at its token URL. Check it with the provider's documentation.`,
      fixes: useToken(false),
    });
  } else {
    ctx.report({
      file: ref.file,
      path: refresh.path,
      severity: 'info',
      message: `The refresh URL of ${label} differs from the token URL (same host ${rh}): check that the provider really refreshes tokens there.`,
      fixes: useToken(false),
    });
  }
}
