import * as vscode from 'vscode';
import type { AzureService } from '../azure';
import type { AzureCatalog } from '../azureCatalog';
import type { ConnectionTarget } from '../model/connectionTarget';
import type { Diagnostics } from '../diagnostics';
import { COMMANDS, CONTEXT } from '../model/ids';
import type { LintController } from '../linting';
import type { Log } from '../output';
import { escapeMarkdown, markdownCode } from '../model/azureModel';
import type { NodeProblems, ProblemDecorations } from './decorations';
import { plainIcon, problemIcon, sectionIcon, statusIcon } from './icons';
import { TREE_COMMANDS } from '../model/treeCommands';
import {
  azureStatusOf,
  buildWorkspaceModel,
  GROUP_LABELS,
  problemsText,
  total,
  worst,
  type ActionModel,
  type ConnectionModel,
  type GroupModel,
  type ProblemCount,
  type ProjectModel,
  type WorkflowModel,
} from '../model/workspaceModel';

export type WorkspaceState = 'loading' | 'none' | 'projects';

export interface ProjectNode {
  kind: 'project';
  model: ProjectModel;
  children: GroupNode[];
}
export interface GroupNode {
  kind: 'group';
  model: GroupModel;
  parent: ProjectNode;
  children: ConnectionNode[];
}
export interface ConnectionNode {
  kind: 'connection';
  model: ConnectionModel;
  parent: GroupNode;
  /** What the connection commands act on (`toConnectionTarget(node)`). */
  target: ConnectionTarget;
  children: WorkflowNode[];
}
export interface WorkflowNode {
  kind: 'workflow';
  model: WorkflowModel;
  parent: ConnectionNode;
  children: ActionNode[];
}
export interface ActionNode {
  kind: 'action';
  model: ActionModel;
  parent: WorkflowNode;
}

export type WorkspaceNode = ProjectNode | GroupNode | ConnectionNode | WorkflowNode | ActionNode;

export interface WorkspaceTreeDeps {
  controller: LintController;
  diagnostics: Diagnostics;
  azure: AzureService;
  catalog: AzureCatalog;
  decorations: ProblemDecorations;
  log: Log;
}

/** Decoration ids of this view start with this. */
const PREFIX = 'ws:';
/** Events come in bursts (a lint run publishes several files): the view redraws once. */
const REDRAW_DELAY_MS = 60;

/**
 * The Workspace view: each Logic Apps project → its connections by kind → the workflows using each
 * → their actions. Built from the projects as last linted, their problems and the Azure facts;
 * redrawn when any of them changes.
 */
export class WorkspaceTree implements vscode.TreeDataProvider<WorkspaceNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<WorkspaceNode | undefined | void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private roots: ProjectNode[] | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private state: WorkspaceState | undefined;
  private readonly changedEmitter = new vscode.EventEmitter<void>();
  /** The model was rebuilt (tests wait on it). */
  readonly onDidRebuild = this.changedEmitter.event;

  constructor(private readonly deps: WorkspaceTreeDeps) {
    this.setState('loading');
    this.subscriptions.push(
      deps.controller.onDidLint(() => this.invalidate()),
      deps.diagnostics.onDidChange(() => this.invalidate()),
      deps.azure.onDidUpdateFacts(() => this.invalidate()),
      deps.azure.onDidChangeState(() => this.invalidate()),
      deps.catalog.onDidChange(() => this.invalidate()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate()),
    );
  }

  /** Redraw from the latest models, problems and facts (soon: events are coalesced). */
  invalidate(now = false): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const fire = () => {
      this.timer = undefined;
      this.roots = undefined;
      // The welcome content follows even while the view is hidden; nodes are built when it asks.
      this.updateState();
      this.emitter.fire();
    };
    if (now) fire();
    else this.timer = setTimeout(fire, REDRAW_DELAY_MS);
  }

  /** Read the Azure facts of every resolved connection again, then redraw. */
  async refresh(): Promise<void> {
    const ids = new Set<string>();
    for (const p of this.nodes()) for (const g of p.children) for (const c of g.children) if (c.model.connectionId) ids.add(c.model.connectionId);
    if (ids.size && this.deps.azure.store.active) await this.deps.azure.refresh([...ids]);
    this.invalidate(true);
  }

  /** The root nodes (built on first use after a change). */
  nodes(): ProjectNode[] {
    if (!this.roots) {
      try {
        this.roots = this.build();
      } catch (e) {
        this.deps.log.error(`Workspace view: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        this.roots = [];
      }
      this.changedEmitter.fire();
    }
    return this.roots;
  }

  /** Connection nodes, every project. */
  connections(): ConnectionNode[] {
    return this.nodes().flatMap((p) => p.children.flatMap((g) => g.children));
  }

  getChildren(element?: WorkspaceNode): WorkspaceNode[] {
    if (!element) return this.nodes();
    return element.kind === 'action' ? [] : element.children;
  }

  getParent(element: WorkspaceNode): WorkspaceNode | undefined {
    return element.kind === 'project' ? undefined : element.parent;
  }

  getTreeItem(element: WorkspaceNode): vscode.TreeItem {
    switch (element.kind) {
      case 'project':
        return this.projectItem(element);
      case 'group':
        return this.groupItem(element);
      case 'connection':
        return this.connectionItem(element);
      case 'workflow':
        return this.workflowItem(element);
      case 'action':
        return this.actionItem(element);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
    this.changedEmitter.dispose();
  }

  // ---- building

  private setState(state: WorkspaceState): void {
    if (state === this.state) return;
    this.state = state;
    void vscode.commands.executeCommand('setContext', CONTEXT.workspaceState, state);
  }

  /** `loading` until the first scan and lint, then whether any project was found. */
  private updateState(): void {
    const { controller } = this.deps;
    if (!controller.hasDiscovered) this.setState('loading');
    else if (controller.projects().length) this.setState('projects');
    // Found but not linted yet: still loading (not "no project").
    else this.setState(controller.stats().projects > 0 ? 'loading' : 'none');
  }

  private build(): ProjectNode[] {
    const { controller, diagnostics, azure, catalog } = this.deps;
    this.updateState();
    if (!controller.hasDiscovered) return [];
    const projects = controller.projects();
    const model = buildWorkspaceModel({
      projects,
      folders: (vscode.workspace.workspaceFolders ?? []).map((f) => ({ name: f.name, path: f.uri.fsPath })),
      findings: (p) => diagnostics.findings(p),
      azureStatus: (id) => azureStatusOf(azure.store.get(id), catalog.find(id)),
    });
    const problems = new Map<string, NodeProblems>();
    const note = (id: string, c: ProblemCount) => {
      const severity = worst(c);
      if (severity) problems.set(PREFIX + id, { count: total(c), severity });
    };
    const roots = model.map((pm): ProjectNode => {
      note(pm.id, pm.problems);
      const project: ProjectNode = { kind: 'project', model: pm, children: [] };
      project.children = pm.groups.map((gm): GroupNode => {
        note(gm.id, gm.problems);
        const group: GroupNode = { kind: 'group', model: gm, parent: project, children: [] };
        group.children = gm.connections.map((cm): ConnectionNode => {
          note(cm.id, cm.problems);
          const target: ConnectionTarget = {
            name: cm.name,
            ...(cm.connectionId ? { connectionId: cm.connectionId } : {}),
            ...(cm.section !== '$connections' ? { workspace: { projectRoot: cm.projectRoot, connectionsPath: cm.file, section: cm.section, name: cm.name } } : {}),
          };
          const connection: ConnectionNode = { kind: 'connection', model: cm, parent: group, target, children: [] };
          connection.children = cm.workflows.map((wm): WorkflowNode => {
            note(wm.id, wm.problems);
            const workflow: WorkflowNode = { kind: 'workflow', model: wm, parent: connection, children: [] };
            workflow.children = wm.actions.map((am): ActionNode => {
              note(am.id, am.problems);
              return { kind: 'action', model: am, parent: workflow };
            });
            return workflow;
          });
          return connection;
        });
        return group;
      });
      return project;
    });
    this.deps.decorations.replace(problems, PREFIX);
    return roots;
  }

  // ---- items

  private decorate(item: vscode.TreeItem, id: string, c: ProblemCount): void {
    item.id = PREFIX + id;
    if (total(c)) item.resourceUri = this.deps.decorations.uriFor(PREFIX + id);
  }

  private projectItem(n: ProjectNode): vscode.TreeItem {
    const m = n.model;
    const several = (this.roots?.length ?? 0) > 5;
    const item = new vscode.TreeItem(m.label, m.groups.length ? (several ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded) : vscode.TreeItemCollapsibleState.None);
    this.decorate(item, m.id, m.problems);
    item.description = m.description;
    item.iconPath = plainIcon(m.kind === 'standard' ? 'folder' : 'file-code');
    // `workspaceProject standard localAuth-msi|keys|unknown`: menus for Standard projects by mode.
    item.contextValue = ['workspaceProject', ...(m.kind === 'standard' ? ['standard', `localAuth-${m.localAuth?.mode ?? 'unknown'}`] : [])].join(' ');
    const auth = m.localAuth ? [vscode.l10n.t('Local runs authenticate managed connections with: {0} ({1})', m.localAuth.label, escapeMarkdown(m.localAuth.reason))] : [];
    item.tooltip = tooltip([`**${escapeMarkdown(m.label)}** (${escapeMarkdown(m.description)})`, escapeMarkdown(m.root), ...auth, ...problemLines(m.problems)]);
    if (!m.groups.length && m.mainFile) item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [vscode.Uri.file(m.mainFile)] };
    return item;
  }

  private groupItem(n: GroupNode): vscode.TreeItem {
    const m = n.model;
    const item = new vscode.TreeItem(m.label, vscode.TreeItemCollapsibleState.Expanded);
    this.decorate(item, m.id, m.problems);
    item.description = [String(m.connections.length), problemsText(m.problems)].filter(Boolean).join(' · ');
    item.iconPath = sectionIcon(m.section);
    item.contextValue = 'workspaceGroup';
    return item;
  }

  private connectionItem(n: ConnectionNode): vscode.TreeItem {
    const m = n.model;
    const item = new vscode.TreeItem(m.name, m.workflows.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.decorate(item, m.id, m.problems);
    item.description = m.description;
    const bad = worst(m.problems);
    item.iconPath = m.azure ? statusIcon(m.azure.kind) : bad ? problemIcon(bad) : sectionIcon(m.section);
    item.contextValue = m.contextValue;
    const lines = [`**${escapeMarkdown(m.name)}** (${escapeMarkdown(GROUP_LABELS[m.section])})`];
    if (m.detail) lines.push(escapeMarkdown(m.detail));
    if (m.connectionId) lines.push(markdownCode(m.connectionId));
    if (m.authType) lines.push(vscode.l10n.t('Authentication: {0}', escapeMarkdown(m.authType)));
    if (m.localKeySetting) lines.push(vscode.l10n.t('Local connection key: app setting {0}', escapeMarkdown(m.localKeySetting)));
    if (m.azure) {
      const c = m.azure.connection;
      lines.push(vscode.l10n.t('Azure: {0}', escapeMarkdown(m.azure.label)) + (c?.kind ? ` (${c.kind})` : '') + (c?.authenticatedUser ? ` · ${escapeMarkdown(c.authenticatedUser)}` : ''));
    }
    lines.push(...problemLines(m.problems));
    if (!m.workflows.length) lines.push(vscode.l10n.t('No workflow uses it.'));
    const md = tooltip(lines);
    if (m.connectionId && this.deps.azure.state().kind === 'signed-in') {
      md.appendMarkdown(`\n\n[${vscode.l10n.t('Show in the Azure view')}](command:${TREE_COMMANDS.revealInAzure}?${encodeURIComponent(JSON.stringify([m.connectionId]))})`);
      md.isTrusted = { enabledCommands: [TREE_COMMANDS.revealInAzure] };
    }
    item.tooltip = md;
    item.command =
      m.section === '$connections'
        ? { command: TREE_COMMANDS.revealInFile, title: vscode.l10n.t('Show'), arguments: [m.file, m.path] }
        : { command: COMMANDS.revealInConnectionsJson, title: vscode.l10n.t('Reveal in connections.json'), arguments: [n] };
    return item;
  }

  private workflowItem(n: WorkflowNode): vscode.TreeItem {
    const m = n.model;
    const item = new vscode.TreeItem(m.name, vscode.TreeItemCollapsibleState.Expanded);
    this.decorate(item, m.id, m.problems);
    const count = m.actions.length === 1 ? vscode.l10n.t('1 action') : vscode.l10n.t('{0} actions', m.actions.length);
    item.description = [count, problemsText(m.problems)].filter(Boolean).join(' · ');
    item.iconPath = plainIcon('type-hierarchy-sub');
    item.tooltip = m.file;
    item.contextValue = 'workspaceWorkflow';
    return item;
  }

  private actionItem(n: ActionNode): vscode.TreeItem {
    const m = n.model;
    const item = new vscode.TreeItem(m.name, vscode.TreeItemCollapsibleState.None);
    this.decorate(item, m.id, m.problems);
    item.description = [m.isTrigger ? vscode.l10n.t('trigger') : undefined, problemsText(m.problems)].filter(Boolean).join(' · ');
    const bad = worst(m.problems);
    item.iconPath = bad ? problemIcon(bad) : plainIcon(m.isTrigger ? 'zap' : 'symbol-event');
    item.tooltip = tooltip([`**${escapeMarkdown(m.name)}**`, ...problemLines(m.problems)]);
    item.contextValue = 'workspaceAction';
    item.command = { command: TREE_COMMANDS.revealInFile, title: vscode.l10n.t('Show'), arguments: [m.file, m.path] };
    return item;
  }
}

function problemLines(c: ProblemCount): string[] {
  if (!total(c)) return [];
  return [problemsText(c)!, ...c.messages.map((m) => `- ${escapeMarkdown(m)}`)];
}

function tooltip(lines: string[]): vscode.MarkdownString {
  return new vscode.MarkdownString(lines.join('\n\n'));
}
