/**
 * Who uses the account's API connections in Azure, for the Azure view (the users below each
 * connection), Diagnose and the Delete confirmation: one index of the deployed Consumption
 * workflows and Standard apps of the selected subscriptions (core/azure/usage.ts), built when
 * first asked for and kept until the listing is refreshed. Never rejects.
 */
import * as vscode from 'vscode';
import type { UsageIndex } from '../core/azure/usage';
import type { Activity } from './activity';
import type { AzureService } from './azure';
import type { AzureCatalog, CatalogListing } from './azureCatalog';
import type { Log } from './output';

export type UsageResult = { ok: true; index: UsageIndex } | { ok: false; message: string };

export class AzureUsage implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** The index was built (or dropped). */
  readonly onDidChange = this.emitter.event;
  private pending: Promise<UsageResult> | undefined;
  private last: UsageIndex | undefined;
  /** The listing the index belongs to: a new listing (refresh, sign-in) drops it. */
  private listing: CatalogListing | undefined;
  private abort: AbortController | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly azure: AzureService,
    private readonly catalog: AzureCatalog,
    private readonly activity: Activity,
    private readonly log: Log,
  ) {
    this.subscriptions.push(
      catalog.onDidChange(() => {
        // A single connection updated in place (after a test) keeps the listing object: the index stays.
        if (this.listing && catalog.cached() !== this.listing) this.reset();
      }),
    );
  }

  /** The index built so far, without waiting. */
  cached(): UsageIndex | undefined {
    return this.last;
  }

  /** The index over the listing's subscriptions (built once per listing). */
  index(): Promise<UsageResult> {
    if (this.pending) return this.pending;
    const p = this.build();
    this.pending = p;
    void p.then((r) => {
      if (this.pending !== p) return;
      if (!r.ok) this.pending = undefined;
      else this.last = r.index;
      this.emitter.fire();
    });
    return p;
  }

  reset(): void {
    this.abort?.abort();
    this.pending = undefined;
    this.last = undefined;
    this.listing = undefined;
    this.emitter.fire();
  }

  dispose(): void {
    this.abort?.abort();
    for (const d of this.subscriptions) d.dispose();
    this.emitter.dispose();
  }

  private async build(): Promise<UsageResult> {
    const s = this.azure.session();
    if (!s) return { ok: false, message: vscode.l10n.t('Not signed in to Azure.') };
    const listing = await this.catalog.list();
    if (listing.state !== 'ok') return { ok: false, message: listing.state === 'error' ? listing.error.message : vscode.l10n.t('Not signed in to Azure.') };
    this.listing = listing;
    const abort = new AbortController();
    this.abort = abort;
    const started = Date.now();
    const index = await this.activity.run(vscode.l10n.t('Finding who uses the connections…'), () =>
      s.azure.findConnectionUsers(s.client, { subscriptionIds: listing.selected, signal: abort.signal }),
    );
    if (abort.signal.aborted) return { ok: false, message: vscode.l10n.t('Cancelled.') };
    this.log.info(`Azure: read ${index.scanned.workflows} Consumption workflow(s) and ${index.scanned.apps} Standard app(s) in ${listing.selected.length} subscription(s) in ${Date.now() - started} ms to find who uses each connection.`);
    for (const e of index.errors) this.log.warn(s.azure.redact(`Azure: ${e.what}${e.subscriptionId ? ` (subscription ${e.subscriptionId})` : ''} could not be read: ${e.error.message}`));
    return { ok: true, index };
  }
}
