import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../model/ids';
import { isFilterError, parseFilter, STATUS_KINDS } from '../model/azureModel';
import { ui } from '../ui';
import type { Command } from './types';

/**
 * "Filter Connections…": narrow the Azure view to connections whose name, display name or API
 * contains the words typed, and/or with a status (`status:error`). An empty text clears the filter.
 * A string argument is used as the text without asking. Returns the filter text in use.
 */
export const filterConnections: Command = {
  id: COMMANDS.filterConnections,
  async run(ctx, arg) {
    const trees = ctx.trees;
    if (!trees) return undefined;
    const statuses = STATUS_KINDS.map((k) => `status:${k}`).join(', ');
    const text =
      typeof arg === 'string'
        ? arg
        : await ui().showInputBox({
            title: vscode.l10n.t('Filter API Connections'),
            prompt: vscode.l10n.t('Words of the name, display name or API, and/or a status ({0}). Empty: no filter.', statuses),
            placeHolder: 'office365 status:error',
            value: trees.azure.currentFilter()?.text ?? '',
            validateInput: (v) => {
              const f = parseFilter(v);
              return isFilterError(f) ? f.error : undefined;
            },
          });
    if (text === undefined) return trees.azure.currentFilter()?.text;
    const filter = parseFilter(text);
    if (isFilterError(filter)) {
      void ui().showMessage('warning', filter.error, {});
      return trees.azure.currentFilter()?.text;
    }
    trees.azure.setFilter(filter);
    if (filter) void vscode.commands.executeCommand(`${VIEWS.azure}.focus`).then(undefined, () => undefined);
    ctx.log.info(filter ? `Azure view: filtered by "${filter.text}".` : 'Azure view: filter cleared.');
    return filter?.text;
  },
};
