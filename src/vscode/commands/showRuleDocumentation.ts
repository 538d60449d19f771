import * as vscode from 'vscode';
import { findRule } from '../../core/engine';
import { ruleDocsUrl } from '../../core/meta';
import { ALL_RULES } from '../../core/rules';
import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/**
 * Internal (hidden from the palette; code actions call it with a rule id or name): open the rule's
 * documentation in the browser. Without an argument, pick the rule.
 */
export const showRuleDocumentation: Command = {
  id: COMMANDS.showRuleDocumentation,
  async run(ctx, arg) {
    let id = typeof arg === 'string' ? arg : undefined;
    if (!id) {
      const pick = await vscode.window.showQuickPick(
        ALL_RULES.map((r) => ({ label: r.meta.id, description: r.meta.name, detail: r.meta.description, id: r.meta.id })),
        { placeHolder: vscode.l10n.t('Rule to show the documentation of'), matchOnDescription: true },
      );
      if (!pick) return;
      id = pick.id;
    }
    const rule = findRule(id);
    if (!rule) {
      ctx.log.warn(`No rule "${id}".`);
      void vscode.window.showWarningMessage(vscode.l10n.t('Logic Apps Connections has no rule "{0}".', id));
      return;
    }
    const url = ruleDocsUrl(rule.meta.id);
    ctx.log.debug(`Opening the documentation of ${rule.meta.id}: ${url}`);
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  },
};
