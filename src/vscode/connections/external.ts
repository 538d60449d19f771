import * as vscode from 'vscode';
import { checkExternalUrl } from '../../core/azure/links';
import type { CommandContext } from '../commands/types';
import { ui } from '../ui';

/**
 * Open a URL in the browser only after the link allowlist (`checkExternalUrl`: https, the active
 * cloud's portal, sign-in or consent hosts) accepted it. A refusal is logged and shown; the URL
 * itself is never logged (a query may carry something secret). `what` names the link: "the portal
 * page", "the consent page".
 */
export async function openChecked(ctx: CommandContext, url: string | undefined, what: string): Promise<boolean> {
  if (!url) {
    ctx.log.warn(`Not opening ${what}: there is no link.`);
    void ui().showMessage('warning', vscode.l10n.t('There is no link to {0}.', what), {});
    return false;
  }
  // The signed-in client's cloud carries a custom endpoint (the local emulator serves its consent page there).
  const check = checkExternalUrl(url, ctx.azure.session()?.client.cloud ?? ctx.azure.activeCloud());
  if (!check.ok) {
    ctx.log.warn(`Refused to open ${what}: ${check.reason}`);
    void ui().showMessage('error', vscode.l10n.t('Logic Apps Connections did not open {0}: {1}', what, check.reason), {});
    return false;
  }
  const opened = await ui().openExternal(vscode.Uri.parse(check.url.href, true));
  ctx.log.info(`Opened ${what} (${check.url.host}) in the browser: ${opened ? 'yes' : 'no'}.`);
  return opened;
}
