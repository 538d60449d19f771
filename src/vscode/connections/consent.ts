/**
 * The consent redirect: the consent service sends the browser back to
 * `<vscode scheme>://<extension id>/consent?state=…&code=…`, which VS Code hands to the extension's
 * URI handler. A redirect counts only for a flow that waits for its one-time state; the query (it
 * carries the code) is never logged.
 */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { Log } from '../output';
import { ui } from '../ui';
import { CONSENT_PATH, consentStateOf } from '../model/connectionLogic';

export interface ConsentWait {
  /** The one-time state to put in the redirect URL. */
  readonly state: string;
  /** Resolves with the redirect VS Code delivered for this state, or the address the user pasted. */
  readonly redirect: Promise<vscode.Uri | string>;
  /** The address the browser landed on, pasted by the user (checked against the redirect URL later). */
  deliver(address: string): void;
  /** Stop waiting (a later redirect with this state is refused). */
  dispose(): void;
}

export class ConsentRedirects implements vscode.UriHandler {
  private readonly pending = new Map<string, (got: vscode.Uri | string) => void>();
  private log: Log | undefined;

  setLog(log: Log): void {
    this.log = log;
  }

  /** Start waiting for a redirect with a fresh one-time state. */
  expect(): ConsentWait {
    const state = randomBytes(24).toString('base64url');
    let deliver: (got: vscode.Uri | string) => void = () => undefined;
    const redirect = new Promise<vscode.Uri | string>((resolve) => (deliver = resolve));
    this.pending.set(state, deliver);
    return {
      state,
      redirect,
      deliver: (address) => {
        if (this.pending.delete(state)) deliver(address);
      },
      dispose: () => this.pending.delete(state),
    };
  }

  /** The redirect URL inside VS Code (before `asExternalUri`) for a state. */
  internalUri(extensionId: string, state: string): vscode.Uri {
    return vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: extensionId.toLowerCase(), path: CONSENT_PATH, query: `state=${state}` });
  }

  handleUri(uri: vscode.Uri): void {
    const state = consentStateOf(uri);
    const deliver = state ? this.pending.get(state) : undefined;
    if (!state || !deliver) {
      this.log?.warn(`Ignored a ${uri.path === CONSENT_PATH ? 'consent redirect nobody waits for (finished, timed out or cancelled)' : `link to ${uri.path || '/'}`}.`);
      if (uri.path === CONSENT_PATH) {
        void ui().showMessage('warning', vscode.l10n.t('This sign-in is not expected any more (it finished, timed out or was cancelled): run Authorize Connection again.'), {});
      }
      return;
    }
    this.pending.delete(state);
    this.log?.info('Received the consent redirect.');
    deliver(uri);
  }
}

/** The extension's one URI handler (registered by `registerConnectionProviders`). */
export const consentRedirects = new ConsentRedirects();
