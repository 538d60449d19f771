import * as path from 'path';
import * as vscode from 'vscode';
import type { JsonPath } from '../../core/types';
import type { AzureService } from '../azure';
import type { AzureCatalog } from '../azureCatalog';
import type { AzureUsage } from '../azureUsage';
import type { Diagnostics } from '../diagnostics';
import { VIEWS } from '../model/ids';
import type { LintController } from '../linting';
import type { Log } from '../output';
import type { TestHistory } from '../model/testHistory';
import { ui } from '../ui';
import { AzureTree, type AzureNode } from './azureTree';
import { ProblemDecorations } from './decorations';
import { revealJsonPath } from './reveal';
import { TREE_COMMANDS } from '../model/treeCommands';
import type { TreeSnapshotNode } from '../model/workspaceModel';
import { WorkspaceTree, type WorkspaceNode } from './workspaceTree';

export interface TreesDeps {
  controller: LintController;
  diagnostics: Diagnostics;
  azure: AzureService;
  catalog: AzureCatalog;
  log: Log;
  /** Last tests and who uses each connection, for the Azure view. */
  history?: TestHistory;
  usage?: AzureUsage;
}

const isPath = (v: unknown): v is JsonPath => Array.isArray(v) && v.every((s) => typeof s === 'string' || typeof s === 'number');

/** The sidebar's two views (Workspace, Azure), their TreeViews and the commands their nodes run. */
export class Trees implements vscode.Disposable {
  readonly workspace: WorkspaceTree;
  readonly azure: AzureTree;
  readonly workspaceView: vscode.TreeView<WorkspaceNode>;
  readonly azureView: vscode.TreeView<AzureNode>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(deps: TreesDeps) {
    const decorations = new ProblemDecorations();
    this.workspace = new WorkspaceTree({ ...deps, decorations });
    this.azure = new AzureTree(deps.azure, deps.catalog, deps.log, deps.history && deps.usage ? { history: deps.history, usage: deps.usage } : undefined);
    this.workspaceView = vscode.window.createTreeView(VIEWS.workspace, { treeDataProvider: this.workspace, showCollapseAll: true });
    this.azureView = vscode.window.createTreeView(VIEWS.azure, { treeDataProvider: this.azure, showCollapseAll: true });
    this.azure.attach(this.azureView);
    this.disposables.push(
      this.workspaceView,
      this.azureView,
      this.workspace,
      this.azure,
      decorations,
      vscode.commands.registerCommand(TREE_COMMANDS.revealInFile, async (file: unknown, p: unknown) => {
        if (typeof file !== 'string' || !isPath(p)) return undefined;
        const r = await revealJsonPath(file, path.basename(file).toLowerCase() === 'connections.json' ? 'connections' : 'workflow', p);
        if (!r.found) void ui().showMessage('info', vscode.l10n.t('"{0}" is no longer in {1}.', String(p[p.length - 1] ?? ''), path.basename(file)), {});
        return r.found;
      }),
      vscode.commands.registerCommand(TREE_COMMANDS.showMore, (key: unknown) => {
        if (typeof key === 'string') this.azure.showMore(key);
      }),
      vscode.commands.registerCommand(TREE_COMMANDS.revealInAzure, async (id: unknown) => {
        if (typeof id !== 'string') return false;
        const shown = await this.azure.reveal(id);
        if (!shown) void ui().showMessage('info', vscode.l10n.t('This connection is not listed in the Azure view (another subscription, or a filter hides it).'), {});
        return shown;
      }),
    );
  }

  /** Both views from the latest models, facts and listing (the Azure one lists again). */
  async refresh(): Promise<void> {
    await Promise.all([this.workspace.refresh(), this.azure.refresh()]);
  }

  /** A view as the user sees it, every node expanded (integration tests). */
  snapshot(view: 'workspace' | 'azure'): Promise<TreeSnapshotNode[]> {
    return view === 'workspace' ? snapshotOf(this.workspace) : snapshotOf(this.azure);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

async function snapshotOf<T>(provider: vscode.TreeDataProvider<T>, element?: T, depth = 0): Promise<TreeSnapshotNode[]> {
  const children = (await provider.getChildren(element)) ?? [];
  const out: TreeSnapshotNode[] = [];
  for (const child of children) {
    const item = await provider.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
    const collapsible =
      item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded ? 'expanded' : item.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed ? 'collapsed' : 'none';
    const target = (child as { target?: unknown }).target;
    const node: TreeSnapshotNode = {
      label,
      collapsible,
      ...(typeof item.description === 'string' && item.description ? { description: item.description } : {}),
      ...(item.tooltip ? { tooltip: typeof item.tooltip === 'string' ? item.tooltip : item.tooltip.value } : {}),
      ...(item.contextValue ? { contextValue: item.contextValue } : {}),
      ...(icon ? { icon: icon.id, ...(icon.color ? { iconColor: icon.color.id } : {}) } : {}),
      ...(item.command ? { command: { command: item.command.command, ...(item.command.arguments ? { arguments: item.command.arguments } : {}) } } : {}),
      ...(target ? { target } : {}),
    };
    if (collapsible !== 'none' && depth < 8) node.children = await snapshotOf(provider, child, depth + 1);
    out.push(node);
  }
  return out;
}

export { AzureTree, WorkspaceTree };
