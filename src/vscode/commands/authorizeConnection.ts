import * as vscode from 'vscode';
import type { TestConnectionResult } from '../../core/azure/test';
import type { AzureSession } from '../azure';
import { consentRedirects, type ConsentWait } from '../connections/consent';
import { openChecked } from '../connections/external';
import { redirectUrlOf } from '../model/connectionLogic';
import { sessionAndTarget, type ResolvedTarget } from '../connections/pick';
import { reportTest, runTest } from '../connections/runTest';
import { COMMANDS } from '../model/ids';
import { ui } from '../ui';
import type { Command, CommandContext } from './types';

/** How long the consent flow waits for the browser to come back. */
export const CONSENT_TIMEOUT_MS = 5 * 60_000;

/** What Authorize Connection did (returned for tests). */
export interface AuthorizeOutcome {
  via: 'consent' | 'portal';
  /** The page was opened in the browser. */
  opened: boolean;
  /** Consent flow: Azure accepted the code. */
  confirmed?: boolean;
  /** The test that followed, when one ran. */
  test?: TestConnectionResult;
  /** Why the flow stopped early. */
  stopped?: 'no-link' | 'refused' | 'not-opened' | 'timeout' | 'cancelled' | 'bad-redirect' | 'not-confirmed';
}

interface ConsentSupport {
  supported: boolean;
  parameterName?: string;
  api?: string;
}

/**
 * Authorize Connection: sign the connection in again, either through the consent flow (for APIs
 * that sign in with OAuth: the consent page in the browser, the redirect back to VS Code's URI
 * handler, confirmConsentCode, a new test) or on the portal's Edit API connection page (then an
 * offer to test). Every URL passes the link allowlist before it is opened.
 */
export const authorizeConnection: Command = {
  id: COMMANDS.authorizeConnection,
  async run(ctx, arg): Promise<AuthorizeOutcome | undefined> {
    const got = await sessionAndTarget(ctx, arg, vscode.l10n.t('authorize connections'), vscode.l10n.t('Authorize Connection'));
    if (!got) return undefined;
    const { s, target } = got;
    const consent = await ctx.activity.run(vscode.l10n.t('Reading {0}…', target.name), () => consentSupport(ctx, s, target));
    type Choice = vscode.QuickPickItem & { choice: 'consent' | 'portal' };
    const items: Choice[] = [];
    if (consent.supported) {
      items.push({
        choice: 'consent',
        label: vscode.l10n.t('Sign in with the consent flow'),
        detail: vscode.l10n.t('Opens the sign-in page{0} in the browser; VS Code receives the result and tests the connection.', consent.api ? ` of ${consent.api}` : ''),
      });
    }
    items.push({
      choice: 'portal',
      label: vscode.l10n.t('Open the Edit API connection page in the portal'),
      detail: vscode.l10n.t('Authorize, sign in and Save there; then test the connection here.'),
    });
    const picked = await ui().showQuickPick(items, { title: vscode.l10n.t('Authorize "{0}"', target.name), placeHolder: vscode.l10n.t('How do you want to authorize the connection?') });
    if (!picked) return undefined;
    return picked.choice === 'consent' ? consentFlow(ctx, s, target, consent) : portalFlow(ctx, s, target);
  },
};

/** Whether the connection's API signs in with OAuth (a user consents), from its managed API. */
async function consentSupport(ctx: CommandContext, s: AzureSession, target: ResolvedTarget): Promise<ConsentSupport> {
  const c = await s.client.getConnection(target.connectionId);
  if (!c.ok) {
    ctx.log.warn(s.azure.redact(`Authorize ${target.name}: the connection could not be read (${c.error.kind}${c.error.code ? ` ${c.error.code}` : ''}); offering the portal only.`));
    return { supported: false };
  }
  const apiRef = s.azure.parseManagedApiId(c.value.api.id);
  if (apiRef) {
    const api = await s.client.getManagedApi(apiRef);
    if (api.ok) {
      return {
        supported: s.azure.connectionNeedsConsent(api.value, c.value),
        parameterName: api.value.oauthParameters[0] ?? 'token',
        api: api.value.displayName ?? api.value.name,
      };
    }
    ctx.log.warn(s.azure.redact(`Authorize ${target.name}: the API ${apiRef.apiName} could not be read (${api.error.kind}).`));
  }
  // No API metadata: a connection with an OAuth token parameter still consents.
  const token = c.value.parameterValueKeys.find((k) => /^token(:|$)/i.test(k));
  return token ? { supported: true, parameterName: token } : { supported: false };
}

async function portalFlow(ctx: CommandContext, s: AzureSession, target: ResolvedTarget): Promise<AuthorizeOutcome> {
  const opened = await openChecked(ctx, ctx.azure.portalLink(target.connectionId), vscode.l10n.t('the portal page of "{0}"', target.name));
  if (!opened) return { via: 'portal', opened, stopped: 'not-opened' };
  const test = vscode.l10n.t('Test Connection');
  const answer = await ui().showMessage(
    'info',
    vscode.l10n.t('In the portal: Edit API connection → Authorize, sign in, then Save. Then test "{0}" here.', target.name),
    {},
    test,
  );
  if (answer !== test) return { via: 'portal', opened };
  const result = await runTest(ctx, s, target);
  reportTest(s, target, result);
  return { via: 'portal', opened, test: result };
}

async function consentFlow(ctx: CommandContext, s: AzureSession, target: ResolvedTarget, consent: ConsentSupport): Promise<AuthorizeOutcome> {
  const wait = consentRedirects.expect(target.name);
  try {
    const internal = consentRedirects.internalUri(ctx.extensionContext.extension.id, wait.state);
    const redirectUrl = (await vscode.env.asExternalUri(internal)).toString(true);
    wait.redirectUrl = redirectUrl;
    const who = await s.client.signedInIdentity();
    const identity = {
      ...(who.ok && who.value.objectId ? { objectId: who.value.objectId } : {}),
      ...(who.ok && who.value.tenantId ? { tenantId: who.value.tenantId } : s.access.tenantId ? { tenantId: s.access.tenantId } : {}),
    };
    const links = await ctx.activity.run(vscode.l10n.t('Getting the consent link of {0}…', target.name), () =>
      s.client.listConsentLinks(target.connectionId, { redirectUrl, parameterName: consent.parameterName ?? 'token', ...identity }),
    );
    if (!links.ok) {
      ctx.log.warn(s.azure.redact(`Authorize ${target.name}: no consent link (${links.error.kind}${links.error.code ? ` ${links.error.code}` : ''}).`));
      void offerPortal(target, s.azure.redact(vscode.l10n.t('Azure gave no consent link for "{0}": {1}', target.name, links.error.message)));
      return { via: 'consent', opened: false, stopped: 'no-link' };
    }
    // Checked by the client already; checked again, and a link carrying anything secret-looking is not opened.
    const usable = links.value.find((l) => l.allowed && l.link && s.azure.redact(l.link) === l.link);
    if (!usable?.link) {
      const reasons = links.value.map((l) => l.refusedReason ?? 'it carries a secret-looking value').join('; ') || 'the answer had no link';
      ctx.log.warn(`Authorize ${target.name}: consent link refused: ${s.azure.redact(reasons)}`);
      void offerPortal(target, s.azure.redact(vscode.l10n.t('The consent link for "{0}" was not opened: {1}', target.name, reasons)));
      return { via: 'consent', opened: false, stopped: 'refused' };
    }
    const opened = await openChecked(ctx, usable.link, vscode.l10n.t('the consent page of "{0}"', target.name));
    if (!opened) return { via: 'consent', opened, stopped: 'not-opened' };

    const got = await waitForRedirect(ctx, wait, target.name);
    if (got === 'timeout' || got === 'cancelled') {
      ctx.log.info(`Authorize ${target.name}: the consent flow ${got === 'timeout' ? 'timed out' : 'was cancelled'}.`);
      if (got === 'timeout') {
        void ui().showMessage('warning', vscode.l10n.t('No sign-in came back for "{0}" within {1} minutes. Run Authorize Connection again.', target.name, CONSENT_TIMEOUT_MS / 60_000), {});
      }
      return { via: 'consent', opened, stopped: got };
    }
    const parsed =
      typeof got === 'string'
        ? s.azure.parseConsentRedirect(got, redirectUrl)
        : s.azure.parseConsentRedirect(redirectUrlOf(got), internal.toString(true));
    if (!parsed.ok) {
      ctx.log.warn(s.azure.redact(`Authorize ${target.name}: ${parsed.reason}${parsed.error ? ` (${parsed.error})` : ''}`));
      void ui().showMessage('error', s.azure.redact(vscode.l10n.t('The sign-in for "{0}" did not complete: {1}{2}', target.name, parsed.reason, parsed.error ? ` (${parsed.error})` : '')), {});
      return { via: 'consent', opened, stopped: 'bad-redirect' };
    }
    s.azure.registerSecret(parsed.code);
    // One notification for confirming and testing, then the result (see runTest's `within`).
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Completing the authorization of "{0}"…', target.name), cancellable: true },
      async (progress, token) => {
        const confirmed = await ctx.activity.run(vscode.l10n.t('Authorizing {0}…', target.name), () =>
          s.client.confirmConsentCode(target.connectionId, { code: parsed.code, ...identity }),
        );
        if (!confirmed.ok) return { ok: false, error: confirmed.error } as const;
        ctx.log.info(`Authorize ${target.name}: consent confirmed; testing the connection.`);
        return { ok: true, result: await runTest(ctx, s, target, { progress, token }) } as const;
      },
    );
    if (!outcome.ok) {
      const { error } = outcome;
      ctx.log.warn(s.azure.redact(`Authorize ${target.name}: Azure did not confirm the consent (${error.kind}${error.code ? ` ${error.code}` : ''}).`));
      void ui().showMessage('error', s.azure.redact(vscode.l10n.t('Azure did not accept the sign-in for "{0}": {1}', target.name, error.message)), {});
      return { via: 'consent', opened, confirmed: false, stopped: 'not-confirmed' };
    }
    const result = outcome.result;
    reportTest(s, target, result);
    return { via: 'consent', opened, confirmed: true, test: result };
  } finally {
    wait.dispose();
  }
}

/**
 * Wait for the browser to come back (cancellable, timed out after CONSENT_TIMEOUT_MS). In a
 * browser-hosted or remote window (code-server, vscode.dev) the consent page may not find its
 * way back: the notification links to Paste Sign-in Address for this sign-in, and closes with
 * the wait (a message with a button would stay behind after the sign-in).
 */
async function waitForRedirect(ctx: CommandContext, wait: ConsentWait, name: string): Promise<vscode.Uri | string | 'timeout' | 'cancelled'> {
  const paste = `command:${COMMANDS.pasteSignInAddress}?${encodeURIComponent(JSON.stringify([wait.state]))}`;
  return await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Waiting for the sign-in for "{0}" in the browser… If it does not come back by itself, [paste the address it landed on]({1}).', name, paste),
      cancellable: true,
    },
    (_progress, token) =>
      ctx.activity.run(vscode.l10n.t('Waiting for the sign-in for {0}…', name), () => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        let sub: vscode.Disposable | undefined;
        return new Promise<vscode.Uri | string | 'timeout' | 'cancelled'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), CONSENT_TIMEOUT_MS);
          sub = token.onCancellationRequested(() => resolve('cancelled'));
          void wait.redirect.then(resolve);
        }).finally(() => {
          clearTimeout(timer);
          sub?.dispose();
        });
      }),
  );
}

/** A failure of the consent flow, with the portal as the way out. */
async function offerPortal(target: ResolvedTarget, text: string): Promise<void> {
  const portal = vscode.l10n.t('Open in Portal');
  const answer = await ui().showMessage('error', text, {}, portal);
  if (answer === portal) await vscode.commands.executeCommand(COMMANDS.openInPortal, target);
}
