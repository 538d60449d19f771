import * as vscode from 'vscode';
import { consentRedirects, type ConsentWait } from '../connections/consent';
import { COMMANDS } from '../model/ids';
import { ui } from '../ui';
import type { Command } from './types';

/**
 * "Paste Sign-in Address…": finish a consent sign-in whose browser cannot come back to VS Code by
 * itself (a browser-hosted or remote window), with the address the browser landed on. Offered as
 * a link in the "Waiting for the sign-in" notification (which passes the sign-in's state) and in
 * the Command Palette while a sign-in waits. The address carries the code: it is read as a
 * password and never logged.
 */
export const pasteSignInAddress: Command = {
  id: COMMANDS.pasteSignInAddress,
  async run(_ctx, state?: unknown): Promise<boolean> {
    const waiting = consentRedirects.waiting();
    let wait: ConsentWait | undefined = typeof state === 'string' ? waiting.find((w) => w.state === state) : waiting.length === 1 ? waiting[0] : undefined;
    if (!wait && typeof state !== 'string' && waiting.length > 1) {
      const picked = await ui().showQuickPick(
        waiting.map((w) => ({ label: w.name, wait: w })),
        { title: vscode.l10n.t('Paste Sign-in Address'), placeHolder: vscode.l10n.t('Which sign-in did the browser finish?') },
      );
      if (!picked) return false;
      wait = picked.wait;
    }
    if (!wait) {
      void ui().showMessage('info', vscode.l10n.t('No sign-in is waiting for its address (it finished, timed out or was cancelled). Run Authorize Connection to start one.'), {});
      return false;
    }
    const origin = (() => {
      try {
        return wait.redirectUrl ? new URL(wait.redirectUrl).origin : '';
      } catch {
        return '';
      }
    })();
    const address = await ui().showInputBox({
      title: vscode.l10n.t('Authorize "{0}"', wait.name),
      prompt: origin
        ? vscode.l10n.t('The address the browser shows after the sign-in (it starts with {0})', origin)
        : vscode.l10n.t('The address the browser shows after the sign-in'),
      password: true,
      ignoreFocusOut: true,
    });
    if (!address) return false;
    if (!consentRedirects.isWaiting(wait)) {
      void ui().showMessage('info', vscode.l10n.t('The sign-in for "{0}" already ended (it finished, timed out or was cancelled); the address was not used.', wait.name), {});
      return false;
    }
    // It must be this sign-in's address: its one-time state is in it (encoded once or more).
    let text = address.trim();
    for (let i = 0; i < 3 && !text.includes(`state=${wait.state}`); i++) {
      try {
        text = decodeURIComponent(text);
      } catch {
        break;
      }
    }
    if (!text.includes(`state=${wait.state}`)) {
      void ui().showMessage(
        'error',
        vscode.l10n.t('That address is not the one of this sign-in for "{0}" (it lacks its one-time state). Paste the address shown after signing in, or run Authorize Connection again.', wait.name),
        {},
      );
      return false;
    }
    wait.deliver(address.trim());
    return true;
  },
};
