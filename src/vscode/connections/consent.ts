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
import { CONTEXT } from '../model/ids';

export interface ConsentWait {
  /** The one-time state to put in the redirect URL. */
  readonly state: string;
  /** The connection signing in (shown where the user is asked for the address). */
  readonly name: string;
  /** The redirect URL given to the consent service (after `asExternalUri`), once known. */
  redirectUrl?: string;
  /** Resolves with the redirect VS Code delivered for this state, or the address the user pasted. */
  readonly redirect: Promise<vscode.Uri | string>;
  /** The address the browser landed on, pasted by the user (checked against the redirect URL later). */
  deliver(address: string): void;
  /** Stop waiting (a later redirect with this state is refused). */
  dispose(): void;
}

export class ConsentRedirects implements vscode.UriHandler {
  private readonly pending = new Map<string, { wait: ConsentWait; deliver: (got: vscode.Uri | string) => void }>();
  private log: Log | undefined;

  setLog(log: Log): void {
    this.log = log;
  }

  /** Start waiting for the redirect of a connection's sign-in, with a fresh one-time state. */
  expect(name: string): ConsentWait {
    const state = randomBytes(24).toString('base64url');
    let deliver: (got: vscode.Uri | string) => void = () => undefined;
    const redirect = new Promise<vscode.Uri | string>((resolve) => (deliver = resolve));
    const wait: ConsentWait = {
      state,
      name,
      redirect,
      deliver: (address) => {
        if (this.settle(state)) deliver(address);
      },
      dispose: () => void this.settle(state),
    };
    this.pending.set(state, { wait, deliver });
    this.changed();
    return wait;
  }

  /** The sign-ins waiting for their redirect, oldest first. */
  waiting(): ConsentWait[] {
    return [...this.pending.values()].map((p) => p.wait);
  }

  /** Whether this sign-in still waits (not finished, timed out or cancelled). */
  isWaiting(wait: ConsentWait): boolean {
    return this.pending.get(wait.state)?.wait === wait;
  }

  private settle(state: string): boolean {
    const had = this.pending.delete(state);
    if (had) this.changed();
    return had;
  }

  /** "Paste Sign-in Address…" is in the Command Palette while a sign-in waits. */
  private changed(): void {
    void vscode.commands.executeCommand('setContext', CONTEXT.signInWaiting, this.pending.size > 0);
  }

  /** The redirect URL inside VS Code (before `asExternalUri`) for a state. */
  internalUri(extensionId: string, state: string): vscode.Uri {
    return vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: extensionId.toLowerCase(), path: CONSENT_PATH, query: `state=${state}` });
  }

  handleUri(uri: vscode.Uri): void {
    const state = consentStateOf(uri);
    const deliver = state ? this.pending.get(state)?.deliver : undefined;
    if (!state || !deliver) {
      this.log?.warn(`Ignored a ${uri.path === CONSENT_PATH ? 'consent redirect nobody waits for (finished, timed out or cancelled)' : `link to ${uri.path || '/'}`}.`);
      if (uri.path === CONSENT_PATH) {
        void ui().showMessage('warning', vscode.l10n.t('This sign-in is not expected any more (it finished, timed out or was cancelled): run Authorize Connection again.'), {});
      }
      return;
    }
    this.settle(state);
    this.log?.info('Received the consent redirect.');
    deliver(uri);
  }
}

/** The extension's one URI handler (registered by `registerConnectionProviders`). */
export const consentRedirects = new ConsentRedirects();
