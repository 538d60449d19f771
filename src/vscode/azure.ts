/**
 * The editor's Azure side: where calls go (settings, environment), who is signed in (auth.ts),
 * workspace trust, and the facts the Azure-aware rules read (factStore.ts), fetched with the Azure
 * client from `dist/azure.js`, loaded on first use (azureLoader.ts).
 *
 * Nothing Azure runs in an untrusted workspace, and nothing at activation: `start()` only reads
 * settings and asks VS Code silently for an existing session; the client bundle loads when the
 * first facts are fetched.
 */
import * as vscode from 'vscode';
import { factFromError, type AzureIdentity, type ConnectionFact } from '../core/azureFacts';
import { portalConnectionLink } from '../core/azure/links';
import type { LintRunOptions } from '../core/engine';
import type { Project } from '../core/project';
import { AzureAuth, type AzureAccess } from './auth';
import { loadAzure } from './model/azureLoader';
import { resolveAzureTarget, type AzureTarget } from './model/azureTarget';
import { FactStore, type FactFetcher } from './model/factStore';
import { ARM_ENDPOINT_SETTING, CONFIG_SECTION } from './model/ids';
import type { Log } from './output';
import { CLOUDS, DEFAULT_CLOUD } from './model/settingsModel';
import { connectionIdsOf } from '../core/connections';

export type AzureClient = ReturnType<ReturnType<typeof loadAzure>['createAzureClient']>;

/** A usable Azure connection now: the client (the bundle is loaded), who, and the loaded module. */
export interface AzureSession {
  client: AzureClient;
  access: AzureAccess;
  azure: ReturnType<typeof loadAzure>;
}

export type AzureState =
  | { kind: 'untrusted' }
  | { kind: 'invalid'; problem: string }
  | { kind: 'signed-out' }
  | { kind: 'signed-in'; mode: AzureAccess['mode']; who: string; source: string };

export class AzureService implements vscode.Disposable {
  readonly auth: AzureAuth;
  readonly store: FactStore;
  private readonly stateEmitter = new vscode.EventEmitter<AzureState>();
  private readonly factsEmitter = new vscode.EventEmitter<string[]>();
  /** Sign-in, sign-out, trust or endpoint changed: lint everything again. */
  readonly onDidChangeState = this.stateEmitter.event;
  /** Facts of these connection ids (lower case) changed: lint what names them again. */
  readonly onDidUpdateFacts = this.factsEmitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private target: AzureTarget | undefined;
  private client: AzureClient | undefined;
  private clientKey: string | undefined;
  private started = false;
  private trustForTests: boolean | undefined;

  constructor(
    private readonly log: Log,
    memento: vscode.Memento,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {
    this.auth = new AzureAuth(log, memento);
    this.store = new FactStore({
      onUpdate: (ids) => this.factsEmitter.fire(ids),
      onError: (e) => this.log.warn(`Azure: fetching connection facts failed: ${e instanceof Error ? e.message : String(e)}`),
    });
    this.subscriptions.push(
      this.auth.onDidChange(() => this.accessChanged()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reconfigure('the workspace is now trusted')),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${CONFIG_SECTION}.cloud`) || e.affectsConfiguration(`${CONFIG_SECTION}.${ARM_ENDPOINT_SETTING}`)) void this.reconfigure('settings changed');
      }),
    );
  }

  /** Read the settings and look for a session silently (background: activation never waits). */
  start(): Promise<void> {
    this.started = true;
    return this.reconfigure();
  }

  state(): AzureState {
    if (!this.trusted()) return { kind: 'untrusted' };
    if (this.target?.mode === 'invalid') return { kind: 'invalid', problem: this.target.problem };
    const a = this.auth.access();
    return a ? { kind: 'signed-in', mode: a.mode, who: a.who, source: a.source } : { kind: 'signed-out' };
  }

  /**
   * How to lint a project: with the Azure-aware rules and the facts known now when Azure is in use
   * (missing facts are fetched in the background; `onDidUpdateFacts` follows), else offline.
   */
  runOptionsFor(project: Project): { options: LintRunOptions; ids: string[] } | undefined {
    if (!this.store.active) return undefined;
    const ids = connectionIdsOf(project);
    const azure = this.store.facts(ids);
    return azure ? { options: { includeAzureRules: true, azure }, ids } : undefined;
  }

  /**
   * The client for the current sign-in (loads dist/azure.js the first time); undefined when signed
   * out, untrusted or Azure is off. Everything that calls Azure goes through this.
   */
  session(): AzureSession | undefined {
    const access = this.auth.access();
    if (!access || !this.trusted()) return undefined;
    return { client: this.clientFor(access), access, azure: loadAzure() };
  }

  /**
   * Microsoft Graph for the identity checks (src/vscode/identity.ts): a client on the cloud's Graph
   * endpoint (the emulator's own origin in token mode) with a token from the same sign-in, or why
   * there is none. `ask` may prompt for VS Code's Graph consent.
   */
  async graphClient(ask?: () => Thenable<boolean>): Promise<{ graph?: ReturnType<ReturnType<typeof loadAzure>['createGraphClient']>; unavailable?: string }> {
    const access = this.auth.access();
    if (!access || !vscode.workspace.isTrusted) return { unavailable: 'not signed in to Azure' };
    const g = await this.auth.graphCredential(ask);
    if (!g.credential) return { unavailable: g.unavailable ?? 'no Microsoft Graph token' };
    const azure = loadAzure();
    try {
      return {
        graph: azure.createGraphClient({
          credential: azure.registeringCredential(g.credential),
          cloud: access.cloud,
          ...(g.endpoint ? { endpoint: g.endpoint } : {}),
          timeoutMs: 20_000,
          log: (line) => this.log.trace(`Graph: ${line}`),
        }),
      };
    } catch (e) {
      return { unavailable: `Microsoft Graph is refused: ${azure.redact(e instanceof Error ? e.message : String(e))}` };
    }
  }

  /** The cloud in use (the signed-in one, else the setting). */
  activeCloud() {
    return this.auth.access()?.cloud ?? this.cloud();
  }

  /** The portal page where a connection is re-authorized (Edit API connection → Authorize). */
  portalLink(connectionId: string): string | undefined {
    const access = this.auth.access();
    return portalConnectionLink(access?.cloud ?? this.cloud(), connectionId, access?.tenantId);
  }

  /** Fetch the facts of these ids again now. */
  refresh(ids: readonly string[]): Promise<void> {
    return this.store.refresh(ids);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.store.dispose();
    this.auth.dispose();
    this.stateEmitter.dispose();
    this.factsEmitter.dispose();
  }

  /**
   * Tests only (the API's `testing.setWorkspaceTrust`): act as if the workspace were trusted or not
   * (the test editor has workspace trust switched off); undefined: VS Code's answer again.
   */
  setTrustForTests(trusted: boolean | undefined): void {
    this.trustForTests = trusted;
    this.stateEmitter.fire(this.state());
  }

  // ---- internals

  private trusted(): boolean {
    return this.trustForTests ?? vscode.workspace.isTrusted;
  }

  private cloud() {
    const raw = vscode.workspace.getConfiguration(CONFIG_SECTION).get<string>('cloud');
    return CLOUDS.find((c) => typeof raw === 'string' && c.toLowerCase() === raw.trim().toLowerCase()) ?? DEFAULT_CLOUD;
  }

  private async reconfigure(why?: string): Promise<void> {
    if (!this.started) return;
    let target: AzureTarget | undefined;
    if (vscode.workspace.isTrusted) {
      // Machine-scoped: only the user's own settings count (a workspace must not redirect tokens).
      const inspected = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<string>(ARM_ENDPOINT_SETTING);
      const r = resolveAzureTarget({ cloud: this.cloud(), settingEndpoint: inspected?.globalValue, env: this.env });
      for (const n of r.notes) this.log.warn(`Azure: ${n}`);
      target = r.target;
      if (target.mode === 'invalid') this.log.error(`Azure: ${target.problem} Azure-aware rules are off.`);
      else if (target.mode === 'token') this.log.info(`Azure: using LAC_ACCESS_TOKEN with ${target.armEndpoint}: facts come from that local endpoint (an emulator), NOT from Azure.`);
    } else {
      this.log.info('Azure: the workspace is not trusted; nothing Azure runs until it is.');
    }
    if (why) this.log.info(`Azure: reconfigured (${why}).`);
    this.target = target;
    await this.auth.setTarget(target?.mode === 'invalid' ? undefined : target);
    this.stateEmitter.fire(this.state());
  }

  private accessChanged(): void {
    const access = vscode.workspace.isTrusted ? this.auth.access() : undefined;
    this.client = undefined;
    this.clientKey = undefined;
    this.store.setFetcher(access ? this.fetcher(access) : undefined, access?.source);
    this.log.info(access ? `Azure: using ${access.who}; Azure-aware rules are on (facts from ${access.source}).` : 'Azure: not signed in; Azure-aware rules are off.');
    this.stateEmitter.fire(this.state());
  }

  /** The Azure client for an access (loads dist/azure.js the first time). */
  private clientFor(access: AzureAccess): AzureClient {
    if (!this.client || this.clientKey !== access.key) {
      const azure = loadAzure();
      this.client = azure.createAzureClient({
        credential: azure.registeringCredential(access.credential),
        cloud: access.cloud,
        ...(access.armEndpoint ? { armEndpoint: access.armEndpoint } : {}),
        ...(access.tenantId ? { tenantId: access.tenantId } : {}),
        timeoutMs: 20_000,
        log: (line) => this.log.trace(`Azure: ${line}`),
      });
      this.clientKey = access.key;
    }
    return this.client;
  }

  private fetcher(access: AzureAccess): FactFetcher {
    let identity: Promise<AzureIdentity | undefined> | undefined;
    return {
      fetch: async (ids, signal) => {
        const started = performance.now();
        const client = this.clientFor(access);
        const azure = loadAzure();
        identity ??= client.signedInIdentity({ signal }).then((r) =>
          r.ok && r.value.objectId ? { objectId: r.value.objectId, ...(r.value.tenantId ? { tenantId: r.value.tenantId } : {}), ...(r.value.name ? { name: r.value.name } : {}) } : undefined,
        );
        const who = await identity;
        const facts = new Map<string, ConnectionFact>();
        const problems: string[] = [];
        await Promise.all(
          ids.map(async (id) => {
            const r = await client.getConnection(id, { signal });
            if (!r.ok) {
              if (r.error.kind === 'cancelled') return;
              const fact = factFromError(r.error);
              facts.set(id, fact);
              if (fact.state === 'error') problems.push(`${r.error.kind}${r.error.code ? ` ${r.error.code}` : ''}: ${r.error.message}`);
              return;
            }
            const connection = azure.redactDeep(r.value);
            let accessPolicies;
            if (who && connection.kind === 'V2') {
              const p = await client.listAccessPolicies(id, { signal });
              if (p.ok) accessPolicies = p.value;
            }
            facts.set(id, { state: 'found', connection, ...(accessPolicies ? { accessPolicies } : {}) });
          }),
        );
        this.log.info(`Azure: read ${facts.size} of ${ids.length} connection(s) from ${access.source} in ${Math.round(performance.now() - started)} ms.`);
        if (problems.length) this.log.warn(`Azure: ${problems.length} connection(s) could not be checked (the rules stay silent on them): ${[...new Set(problems)].slice(0, 3).join('; ')}`);
        return { facts, ...(who ? { identity: who } : {}) };
      },
    };
  }
}
