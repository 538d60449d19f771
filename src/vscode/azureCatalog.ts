/**
 * The API connections of the signed-in account, as the Azure view, the Test Connection pick and
 * the workspace view see them: the subscriptions (and which of them the user selected), one
 * listing of `Microsoft.Web/connections` across them (Resource Graph, else ARM per subscription)
 * and of the custom connectors (`Microsoft.Web/customApis`) next to it, kept until refreshed, and
 * single connections updated after a test or a delete.
 *
 * Nothing here runs before someone asks: the Azure view asks when it is opened.
 */
import * as vscode from 'vscode';
import type { CustomApiInfo } from '../core/azure/customApis';
import type { AzureError } from '../core/azure/errors';
import type { ConnectionInfo, SubscriptionInfo } from '../core/azure/model';
import type { Activity } from './activity';
import type { AzureService } from './azure';
import type { Log } from './output';
import { connectionKey } from '../core/connections';

/** Where the selected subscriptions are remembered (per account: key → ids; absent = all). */
const SELECTED_KEY = 'lac.azure.selectedSubscriptions';

export type CatalogListing =
  | { state: 'signed-out' }
  | { state: 'error'; error: AzureError }
  | {
      state: 'ok';
      subscriptions: SubscriptionInfo[];
      /** Subscriptions listed (the selected ones). */
      selected: string[];
      connections: ConnectionInfo[];
      /** Custom connectors (`Microsoft.Web/customApis`) of the selected subscriptions. */
      customApis: CustomApiInfo[];
      /** Subscriptions that could not be listed, with why. */
      errors: { subscriptionId?: string; error: AzureError }[];
      source: 'resource-graph' | 'arm';
      ms: number;
    };

export class AzureCatalog implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** The listing changed (refreshed, a connection updated or deleted, signed in or out). */
  readonly onDidChange = this.emitter.event;
  private listing: Promise<CatalogListing> | undefined;
  private last: CatalogListing | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private generation = 0;
  private abort: AbortController | undefined;

  constructor(
    private readonly azure: AzureService,
    private readonly memento: vscode.Memento,
    private readonly activity: Activity,
    private readonly log: Log,
  ) {
    this.subscriptions.push(azure.onDidChangeState(() => this.reset()));
  }

  /** The listing (cached; `force` lists again). Never rejects. */
  list(force = false): Promise<CatalogListing> {
    if (!force && this.listing) return this.listing;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const gen = ++this.generation;
    const p = this.activity.run(vscode.l10n.t('Listing API connections…'), () => this.fetch(abort.signal)).catch(
      (e): CatalogListing => ({ state: 'error', error: { kind: 'network', message: e instanceof Error ? e.message : String(e) } }),
    );
    this.listing = p;
    void p.then((r) => {
      if (gen !== this.generation) return;
      this.last = r;
      this.emitter.fire();
    });
    return p;
  }

  /** The last finished listing, without waiting (undefined before the first). */
  cached(): CatalogListing | undefined {
    return this.last;
  }

  /** A connection of the last listing by id (any case). */
  find(id: string): ConnectionInfo | undefined {
    const l = this.last;
    if (l?.state !== 'ok') return undefined;
    const key = connectionKey(id);
    return l.connections.find((c) => connectionKey(c.id) === key);
  }

  /** A custom connector of the last listing by id (any case). */
  findCustomApi(id: string): CustomApiInfo | undefined {
    const l = this.last;
    if (l?.state !== 'ok') return undefined;
    const key = id.trim().replace(/\/+$/, '').toLowerCase();
    return l.customApis.find((c) => c.id.toLowerCase() === key);
  }

  /** Read one connection again (after a test or authorize) and update the listing. */
  async update(id: string): Promise<ConnectionInfo | undefined> {
    const s = this.azure.session();
    if (!s) return undefined;
    const r = await s.client.getConnection(id);
    const l = this.last;
    if (l?.state !== 'ok') return r.ok ? r.value : undefined;
    const key = connectionKey(id);
    const i = l.connections.findIndex((c) => connectionKey(c.id) === key);
    if (r.ok) {
      if (i >= 0) l.connections[i] = r.value;
      else l.connections.push(r.value);
    } else if (r.error.kind === 'not-found' && i >= 0) l.connections.splice(i, 1);
    this.emitter.fire();
    return r.ok ? r.value : undefined;
  }

  /** Forget a deleted connection. */
  removed(id: string): void {
    const l = this.last;
    if (l?.state !== 'ok') return;
    const key = connectionKey(id);
    const before = l.connections.length;
    l.connections = l.connections.filter((c) => connectionKey(c.id) !== key);
    if (l.connections.length !== before) this.emitter.fire();
  }

  /** The subscriptions the user chose (undefined: all of them). */
  selectedSubscriptions(): string[] | undefined {
    const key = this.azure.auth.access()?.key;
    if (!key) return undefined;
    const all = this.memento.get<Record<string, string[]>>(SELECTED_KEY) ?? {};
    return all[key];
  }

  /** Remember the chosen subscriptions (undefined: all) and list again. */
  async selectSubscriptions(ids: string[] | undefined): Promise<void> {
    const key = this.azure.auth.access()?.key;
    if (!key) return;
    const all = { ...(this.memento.get<Record<string, string[]>>(SELECTED_KEY) ?? {}) };
    if (ids) all[key] = ids;
    else delete all[key];
    await this.memento.update(SELECTED_KEY, all);
    void this.list(true);
  }

  /** Every subscription the account sees (for the Select Subscriptions pick). */
  async allSubscriptions(): Promise<{ ok: true; value: SubscriptionInfo[] } | { ok: false; error: AzureError }> {
    const s = this.azure.session();
    if (!s) return { ok: false, error: { kind: 'unauthenticated', message: 'Not signed in to Azure.' } };
    return s.client.listSubscriptions();
  }

  dispose(): void {
    this.abort?.abort();
    for (const d of this.subscriptions) d.dispose();
    this.emitter.dispose();
  }

  // ---- internals

  private reset(): void {
    this.abort?.abort();
    this.generation++;
    this.listing = undefined;
    this.last = undefined;
    this.emitter.fire();
  }

  private async fetch(signal: AbortSignal): Promise<CatalogListing> {
    const s = this.azure.session();
    if (!s) return { state: 'signed-out' };
    const started = performance.now();
    const subs = await s.client.listSubscriptions({ signal });
    if (!subs.ok) return { state: 'error', error: subs.error };
    const enabled = subs.value.filter((x) => !x.state || !/^(disabled|deleted)$/i.test(x.state));
    const chosen = this.selectedSubscriptions();
    const selected = chosen ? enabled.map((x) => x.subscriptionId).filter((id) => chosen.some((c) => c.toLowerCase() === id.toLowerCase())) : enabled.map((x) => x.subscriptionId);
    // Custom connectors next to the connections: a failure there leaves the connections listed.
    const [r, custom] = await Promise.all([s.client.listConnections({ signal, subscriptionIds: selected }), s.azure.listCustomApis(s.client, { signal, subscriptionIds: selected })]);
    if (!r.ok) return { state: 'error', error: r.error };
    const ms = Math.round(performance.now() - started);
    const connections = r.value.connections.map((c) => s.azure.redactDeep(c));
    const customApis = custom.ok ? custom.value.customApis.map((c) => s.azure.redactDeep(c)) : [];
    this.log.info(`Azure: listed ${connections.length} API connection(s) and ${customApis.length} custom connector(s) in ${selected.length} subscription(s) from ${s.access.source} in ${ms} ms (${r.value.source}).`);
    for (const e of r.value.errors) this.log.warn(`Azure: subscription ${e.subscriptionId ?? '?'} could not be listed: ${e.error.message}`);
    if (!custom.ok) this.log.warn(`Azure: the custom connectors could not be listed: ${custom.error.message}`);
    else for (const e of custom.value.errors) this.log.warn(`Azure: the custom connectors of subscription ${e.subscriptionId ?? '?'} could not be listed: ${e.error.message}`);
    return { state: 'ok', subscriptions: subs.value, selected, connections, customApis, errors: r.value.errors, source: r.value.source, ms };
  }
}
