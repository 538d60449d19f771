import * as vscode from 'vscode';
import type { ConnectionInfo } from '../../core/azure/model';
import type { ConnectionUser } from '../../core/azure/usage';
import type { AzureService } from '../azure';
import type { AzureCatalog, CatalogListing } from '../azureCatalog';
import type { AzureUsage } from '../azureUsage';
import type { ConnectionScope } from '../model/connectionScope';
import type { ConnectionTarget } from '../model/connectionTarget';
import { COMMANDS, CONTEXT, VIEWS } from '../model/ids';
import type { Log } from '../output';
import { lastTestedText, type TestHistory } from '../model/testHistory';
import {
  buildAzureModel,
  connectionDescription,
  connectionTooltip,
  customApiDescription,
  customApiTooltip,
  escapeMarkdown,
  isCustomApiConnection,
  locateConnection,
  markdownCode,
  page,
  PAGE_SIZE,
  statusKind,
  type AzureGroupModel,
  type AzureModel,
  type AzureSubscriptionModel,
  type ConnectionFilter,
  type CustomApiModel,
} from '../model/azureModel';
import { plainIcon, statusIcon } from './icons';
import { TREE_COMMANDS } from '../model/treeCommands';
import { connectionKey } from '../../core/connections';

export interface SubscriptionNode {
  kind: 'subscription';
  model: AzureSubscriptionModel;
  /** What Test All Connections and Authorize Unauthenticated Connections act on. */
  scope: ConnectionScope;
}
export interface ResourceGroupNode {
  kind: 'group';
  model: AzureGroupModel;
  parent: SubscriptionNode;
  scope: ConnectionScope;
}
/** A custom connector (`Microsoft.Web/customApis`) and, below it, the connections made from it. */
export interface CustomApiNode {
  kind: 'customApi';
  model: CustomApiModel;
  parent: ResourceGroupNode;
  /** What the custom connector commands act on (Show Connector Definition, Diagnose). */
  customApi: { customApiId: string; name: string };
}
export interface AzureConnectionNode {
  kind: 'connection';
  connection: ConnectionInfo;
  /** Its resource group, or the custom connector it is listed under. */
  parent: ResourceGroupNode | CustomApiNode;
  /** What the connection commands act on (`toConnectionTarget(node)`). */
  target: ConnectionTarget;
}
/** A deployed logic app that uses the connection (Consumption workflow or Standard app). */
export interface UserNode {
  kind: 'user';
  user: ConnectionUser;
  parent: AzureConnectionNode;
}
export interface MoreNode {
  kind: 'more';
  parent: ResourceGroupNode;
  remaining: number;
}
export interface MessageNode {
  kind: 'message';
  id: string;
  /** `note`: a plain line (no command), such as "used by no deployed logic app". */
  severity: 'error' | 'info' | 'note';
  message: string;
  detail?: string;
  parent?: SubscriptionNode | AzureConnectionNode;
}

export type AzureNode = SubscriptionNode | ResourceGroupNode | CustomApiNode | AzureConnectionNode | UserNode | MoreNode | MessageNode;

/** What the view shows beside the listing: last tests and who uses each connection. */
export interface AzureTreeHealth {
  history: TestHistory;
  usage: AzureUsage;
}

interface Built {
  listing: CatalogListing;
  filter: ConnectionFilter | undefined;
  model: AzureModel | undefined;
  roots: AzureNode[];
  groups: Map<string, ResourceGroupNode>;
  /** Children per resource group, with the group model they were made from. */
  groupChildren: Map<string, { model: ResourceGroupNode['model']; nodes: AzureNode[] }>;
}

/**
 * The Azure view: the selected subscriptions → resource groups → API connections, with their live
 * status. Listed when the view first asks (catalog.list()), kept until refreshed. A failing listing
 * shows one error node; nothing here throws into VS Code.
 */
export class AzureTree implements vscode.TreeDataProvider<AzureNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<AzureNode | undefined | void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private built: Built | undefined;
  private filter: ConnectionFilter | undefined;
  /** Connections shown per resource group (paging), by group key. */
  private readonly limits = new Map<string, number>();
  /** Whether the view asked for the listing (refresh lists again only then). */
  private asked = false;
  private view: vscode.TreeView<AzureNode> | undefined;

  constructor(
    private readonly azure: AzureService,
    private readonly catalog: AzureCatalog,
    private readonly log: Log,
    private readonly health?: AzureTreeHealth,
  ) {
    this.updateStateContext();
    void vscode.commands.executeCommand('setContext', CONTEXT.azureFiltered, false);
    this.subscriptions.push(
      azure.onDidChangeState(() => {
        this.updateStateContext();
        this.updateDescription();
        this.invalidate();
      }),
      catalog.onDidChange(() => this.invalidate()),
    );
    if (health) {
      // Items are drawn again (descriptions, users below expanded connections); the listing stays.
      this.subscriptions.push(health.history.onDidChange(() => this.emitter.fire()), health.usage.onDidChange(() => this.emitter.fire()));
    }
  }

  /** The TreeView showing this provider (for its description and reveal). */
  attach(view: vscode.TreeView<AzureNode>): void {
    this.view = view;
    this.updateDescription();
  }

  currentFilter(): ConnectionFilter | undefined {
    return this.filter;
  }

  setFilter(filter: ConnectionFilter | undefined): void {
    this.filter = filter;
    void vscode.commands.executeCommand('setContext', CONTEXT.azureFiltered, !!filter);
    this.updateDescription();
    this.invalidate();
  }

  /** List again (when the view has listed before) and redraw. */
  async refresh(): Promise<void> {
    this.limits.clear();
    if (this.asked && this.azure.state().kind === 'signed-in') {
      await vscode.window.withProgress({ location: { viewId: VIEWS.azure } }, () => this.catalog.list(true));
    }
    this.invalidate();
  }

  invalidate(): void {
    this.built = undefined;
    this.emitter.fire();
  }

  /** Show the next page of a resource group. */
  showMore(groupKey: string): void {
    this.limits.set(groupKey, (this.limits.get(groupKey) ?? PAGE_SIZE) + PAGE_SIZE);
    const b = this.built;
    if (b) b.groupChildren.delete(groupKey);
    const g = b?.groups.get(groupKey);
    this.emitter.fire(g);
  }

  /** Select a connection in the view (listing first if needed). False when it is not listed. */
  async reveal(connectionId: string): Promise<boolean> {
    await this.getChildren();
    const b = this.built;
    if (!b?.model || !this.view) return false;
    const at = locateConnection(b.model, connectionId);
    if (!at) return false;
    const limit = this.limits.get(at.group.key) ?? PAGE_SIZE;
    if (at.index >= limit) {
      this.limits.set(at.group.key, Math.ceil((at.index + 1) / PAGE_SIZE) * PAGE_SIZE);
      b.groupChildren.delete(at.group.key);
    }
    const sub = b.roots.find((r): r is SubscriptionNode => r.kind === 'subscription' && r.model.key === at.subscription.key);
    const group = sub && this.childrenOfSubscription(sub).find((g): g is ResourceGroupNode => g.kind === 'group' && g.model.key === at.group.key);
    if (!group) return false;
    const node = this.childrenOfGroup(group).find((n): n is AzureConnectionNode => n.kind === 'connection' && connectionKey(n.connection.id) === connectionKey(connectionId));
    if (!node) return false;
    await this.view.reveal(node, { select: true, focus: true, expand: true });
    return true;
  }

  async getChildren(element?: AzureNode): Promise<AzureNode[]> {
    try {
      if (!element) return await this.rootNodes();
      switch (element.kind) {
        case 'subscription':
          return this.childrenOfSubscription(element);
        case 'group':
          return this.childrenOfGroup(element);
        case 'customApi':
          return this.childrenOfCustomApi(element);
        case 'connection':
          return await this.childrenOfConnection(element);
        default:
          return [];
      }
    } catch (e) {
      this.log.error(`Azure view: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return element ? [] : [this.message('error', e instanceof Error ? e.message : String(e))];
    }
  }

  getParent(element: AzureNode): AzureNode | undefined {
    return element.kind === 'subscription' ? undefined : element.parent;
  }

  getTreeItem(element: AzureNode): vscode.TreeItem {
    switch (element.kind) {
      case 'subscription':
        return this.subscriptionItem(element);
      case 'group':
        return this.groupItem(element);
      case 'customApi':
        return this.customApiItem(element);
      case 'connection':
        return this.connectionItem(element);
      case 'user':
        return this.userItem(element);
      case 'more':
        return this.moreItem(element);
      case 'message':
        return this.messageItem(element);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }

  // ---- building

  private updateStateContext(): void {
    void vscode.commands.executeCommand('setContext', CONTEXT.azureState, this.azure.state().kind);
  }

  /**
   * The view's description: the filter, and, when the data comes from a local ARM endpoint through
   * LAC_ACCESS_TOKEN (the emulator of the tests and `npm start`), a label saying it is not Azure.
   */
  private updateDescription(): void {
    if (!this.view) return;
    const state = this.azure.state();
    const parts: string[] = [];
    if (state.kind === 'signed-in' && state.mode === 'token') parts.push(vscode.l10n.t('local emulator, not Azure'));
    if (this.filter) parts.push(vscode.l10n.t('Filter: {0}', this.filter.text));
    this.view.description = parts.length ? parts.join(' · ') : undefined;
  }

  private message(severity: MessageNode['severity'], message: string, detail?: string, parent?: SubscriptionNode | AzureConnectionNode): MessageNode {
    const key = parent ? (parent.kind === 'subscription' ? parent.model.key : `${connectionKey(parent.connection.id)}:${parent.parent.kind}`) : '';
    return { kind: 'message', id: `az:m:${key}:${severity}`, severity, message, ...(detail ? { detail } : {}), ...(parent ? { parent } : {}) };
  }

  private async rootNodes(): Promise<AzureNode[]> {
    if (this.azure.state().kind !== 'signed-in') return [];
    this.asked = true;
    const cached = this.built;
    if (cached && cached.listing === this.catalog.cached() && cached.filter === this.filter) return cached.roots;
    const listing = await vscode.window.withProgress({ location: { viewId: VIEWS.azure } }, () => this.catalog.list());
    if (this.built && this.built.listing === listing && this.built.filter === this.filter) return this.built.roots;
    const built: Built = { listing, filter: this.filter, model: undefined, roots: [], groups: new Map(), groupChildren: new Map() };
    if (listing.state === 'error') {
      this.log.warn(`Azure view: listing the API connections failed: ${listing.error.message}`);
      built.roots = [this.message('error', vscode.l10n.t('Could not list the API connections: {0}', listing.error.message), listing.error.kind)];
    } else if (listing.state === 'ok') {
      const model = buildAzureModel(listing, this.filter);
      built.model = model;
      if (this.filter && model.shown === 0) {
        built.roots = [this.message('info', vscode.l10n.t('No API connection matches "{0}".', this.filter.text))];
      } else if (model.total > 0 || model.subscriptions.some((s) => s.error)) {
        built.roots = model.subscriptions.map((s): SubscriptionNode => ({ kind: 'subscription', model: s, scope: { subscriptionId: s.subscriptionId, label: s.label } }));
      }
      // Nothing listed: empty, and the welcome content says so.
    }
    this.built = built;
    return built.roots;
  }

  private childrenOfSubscription(n: SubscriptionNode): AzureNode[] {
    const out: AzureNode[] = [];
    if (n.model.error) out.push(this.message('error', vscode.l10n.t('Could not list this subscription: {0}', n.model.error), undefined, n));
    for (const g of n.model.groups) {
      let node = this.built?.groups.get(g.key);
      if (!node || node.model !== g) {
        node = { kind: 'group', model: g, parent: n, scope: { subscriptionId: g.subscriptionId, resourceGroup: g.name, label: g.name } };
        this.built?.groups.set(g.key, node);
      }
      out.push(node);
    }
    return out;
  }

  private childrenOfGroup(n: ResourceGroupNode): AzureNode[] {
    // VS Code (or a walk of the tree) may still ask for a group node of an earlier listing or
    // filter: it gets its own children, and a later ask for the current node never gets those.
    const hit = this.built?.groupChildren.get(n.model.key);
    if (hit?.model === n.model) return hit.nodes;
    const { items, more } = page(n.model.connections, this.limits.get(n.model.key) ?? PAGE_SIZE);
    // Custom connectors first (with the connections made from each below them), then the connections.
    const out: AzureNode[] = n.model.customApis.map((m): CustomApiNode => ({ kind: 'customApi', model: m, parent: n, customApi: { customApiId: m.info.id, name: m.info.name } }));
    out.push(...items.map((c): AzureConnectionNode => ({ kind: 'connection', connection: c, parent: n, target: { connectionId: c.id, name: c.name } })));
    if (more > 0) out.push({ kind: 'more', parent: n, remaining: more });
    this.built?.groupChildren.set(n.model.key, { model: n.model, nodes: out });
    return out;
  }

  private childrenOfCustomApi(n: CustomApiNode): AzureNode[] {
    return n.model.connections.map((c): AzureConnectionNode => ({ kind: 'connection', connection: c, parent: n, target: { connectionId: c.id, name: c.name } }));
  }

  /** The deployed logic apps that use a connection (the index is built once for the listing). */
  private async childrenOfConnection(n: AzureConnectionNode): Promise<AzureNode[]> {
    if (!this.health) return [];
    const r = await this.health.usage.index();
    if (!r.ok) return [this.message('error', vscode.l10n.t('Could not find who uses it: {0}', r.message), undefined, n)];
    const users = r.index.users(n.connection.id);
    if (users.length) return users.map((user): UserNode => ({ kind: 'user', user, parent: n }));
    return [
      this.message(
        'note',
        r.index.complete(n.connection.id) ? vscode.l10n.t('Used by no deployed logic app') : vscode.l10n.t('No user found (some logic apps could not be read)'),
        undefined,
        n,
      ),
    ];
  }

  // ---- items

  private subscriptionItem(n: SubscriptionNode): vscode.TreeItem {
    const m = n.model;
    const empty = m.groups.length === 0 && !m.error;
    const item = new vscode.TreeItem(m.label, empty ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded);
    item.id = `az:s:${m.key}`;
    item.description = empty ? vscode.l10n.t('{0} · no API connections', m.description) : m.description;
    item.iconPath = plainIcon('azure');
    item.contextValue = 'azureSubscription';
    item.tooltip = new vscode.MarkdownString(
      [`**${escapeMarkdown(m.label)}**`, markdownCode(m.subscriptionId), m.count === 1 ? vscode.l10n.t('1 API connection') : vscode.l10n.t('{0} API connections', m.count)].join('\n\n'),
    );
    return item;
  }

  private groupItem(n: ResourceGroupNode): vscode.TreeItem {
    const m = n.model;
    const item = new vscode.TreeItem(m.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `az:g:${m.key}`;
    item.description = String(m.connections.length);
    item.iconPath = plainIcon('folder');
    item.contextValue = 'azureResourceGroup';
    item.tooltip = vscode.l10n.t('Resource group {0}: {1} API connection(s)', m.name, m.connections.length);
    return item;
  }

  private customApiItem(n: CustomApiNode): vscode.TreeItem {
    const m = n.model;
    const item = new vscode.TreeItem(m.info.name, m.connections.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `az:ca:${m.key}`;
    item.description = customApiDescription(m);
    item.iconPath = plainIcon('plug');
    item.contextValue = 'azureCustomApi';
    item.tooltip = new vscode.MarkdownString(customApiTooltip(m));
    return item;
  }

  private connectionItem(n: AzureConnectionNode): vscode.TreeItem {
    const c = n.connection;
    // Collapsed: below it, the deployed logic apps that use it (looked up when expanded).
    const item = new vscode.TreeItem(c.name, this.health ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    // A connection made from a custom connector is listed twice (in its group, under its connector).
    item.id = n.parent.kind === 'customApi' ? `az:ca:${n.parent.model.key}:c:${connectionKey(c.id)}` : `az:c:${connectionKey(c.id)}`;
    const tested = this.health?.history.get(c.id);
    const testedText = lastTestedText(tested, Date.now());
    item.description = testedText ? `${connectionDescription(c)} · ${testedText}` : connectionDescription(c);
    item.iconPath = statusIcon(statusKind(c.status));
    item.contextValue = ['azureConnection', ...(c.kind ? [c.kind.toLowerCase()] : []), ...(isCustomApiConnection(c) ? ['customConnector'] : [])].join(' ');
    const lastTest = tested ? `\n\n${vscode.l10n.t('Last tested: {0} ({1}{2})', new Date(tested.at).toLocaleString(), tested.status, tested.httpStatus ? `, HTTP ${tested.httpStatus}` : '')}` : '';
    item.tooltip = new vscode.MarkdownString(connectionTooltip(c) + escapeMarkdown(lastTest));
    return item;
  }

  private userItem(n: UserNode): vscode.TreeItem {
    const u = n.user;
    const item = new vscode.TreeItem(u.name, vscode.TreeItemCollapsibleState.None);
    item.id = `az:u:${connectionKey(n.parent.connection.id)}:${n.parent.parent.kind}:${u.kind}:${u.id.toLowerCase()}:${u.reference}`;
    const kind = u.kind === 'standard' ? vscode.l10n.t('Standard app') : vscode.l10n.t('Consumption workflow');
    const ref = u.kind === 'standard' ? vscode.l10n.t('connections.json "{0}"', u.reference) : vscode.l10n.t('$connections "{0}"', u.reference);
    const state = u.state && !/^enabled$/i.test(u.state) ? ` · ${u.state}` : '';
    item.description = `${kind} · ${ref}${state}`;
    item.iconPath = plainIcon(u.kind === 'standard' ? 'server-process' : 'symbol-event');
    item.contextValue = `azureUser ${u.kind}`;
    const rows = [
      `**${escapeMarkdown(u.name)}** (${kind})`,
      '',
      `${vscode.l10n.t('Names it as')}: ${escapeMarkdown(ref)}  `,
      ...(u.resourceGroup ? [`${vscode.l10n.t('Resource group')}: ${escapeMarkdown(u.resourceGroup)}  `] : []),
      ...(u.state ? [`${vscode.l10n.t('State')}: ${escapeMarkdown(u.state)}  `] : []),
      ...(u.throughExpression ? [escapeMarkdown(vscode.l10n.t('Its deployed connections.json writes the id with app settings: matched by the resource group and name.'))] : []),
      '',
      markdownCode(u.id),
    ];
    item.tooltip = new vscode.MarkdownString(rows.join('\n'));
    return item;
  }

  private moreItem(n: MoreNode): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Show more…'), vscode.TreeItemCollapsibleState.None);
    item.id = `az:more:${n.parent.model.key}`;
    item.description = vscode.l10n.t('{0} more', n.remaining);
    item.iconPath = plainIcon('ellipsis');
    item.contextValue = 'azureMore';
    item.command = { command: TREE_COMMANDS.showMore, title: vscode.l10n.t('Show more'), arguments: [n.parent.model.key] };
    return item;
  }

  private messageItem(n: MessageNode): vscode.TreeItem {
    const item = new vscode.TreeItem(n.message, vscode.TreeItemCollapsibleState.None);
    item.id = n.id;
    item.iconPath = n.severity === 'error' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')) : plainIcon('info');
    item.contextValue = n.severity === 'error' ? 'azureError' : n.severity === 'note' ? 'azureNote' : 'azureMessage';
    if (n.severity === 'note') return item;
    if (n.severity === 'error') {
      item.description = vscode.l10n.t('Show Output');
      item.tooltip = vscode.l10n.t('{0}\n\nClick to show the output; Refresh to try again.', n.message);
      item.command = { command: COMMANDS.showOutput, title: vscode.l10n.t('Show Output') };
    } else {
      item.command = { command: COMMANDS.clearConnectionFilter, title: vscode.l10n.t('Clear Filter') };
      item.description = vscode.l10n.t('Clear the filter');
    }
    return item;
  }
}
