/**
 * Azure sign-in through VS Code's built-in Microsoft account (`vscode.authentication`, provider
 * `microsoft`, or `microsoft-sovereign-cloud` for the US Government and China clouds), wrapped as
 * a TokenCredential for the Azure client. No device-code prompts, no secrets stored: VS Code owns
 * the session; the extension remembers only which account and tenant to use.
 *
 * For tests and `npm start`, `LAC_ACCESS_TOKEN` from the extension host's environment is used
 * instead, and only with a loopback ARM endpoint (see azureTarget.ts).
 *
 * Nothing of the Azure SDK is loaded here: the credential is a plain object (the type is erased),
 * and listing tenants at sign-in loads the Azure bundle only then.
 */
import type { TokenCredential } from '@azure/core-auth';
import * as vscode from 'vscode';
import { getCloud } from '../core/azure/clouds';
import { decodeJwtIdentity, decodeJwtTimes } from '../core/azure/model';
import { registerSecret } from '../core/azure/redact';
import type { CloudName } from '../core/types';
import { loadAzure } from './model/azureLoader';
import type { AzureTarget } from './model/azureTarget';
import type { Log } from './output';

/** What Azure calls use: a credential and where it may be sent. */
export interface AzureAccess {
  mode: 'session' | 'token';
  credential: TokenCredential;
  cloud: CloudName;
  /** A custom ARM endpoint (origin), when one is set. */
  armEndpoint?: string;
  tenantId?: string;
  /** Where facts come from, for messages: `Azure`, `the local ARM endpoint http://127.0.0.1:…`. */
  source: string;
  /** Who is signed in, for the log and messages (never a token). */
  who: string;
  /** Identifies the access: a change of it means facts must be fetched again. */
  key: string;
  /** The VS Code account and provider of a session (for the Microsoft Graph token). */
  account?: vscode.AuthenticationSessionAccountInformation;
  providerId?: string;
  /** The token of LAC_ACCESS_TOKEN (token mode: the emulator, which serves Graph on the same origin). */
  token?: string;
}

/** The Microsoft Graph origin of a cloud (graph.ts GRAPH_ENDPOINTS, without loading the SDK). */
const GRAPH_ORIGINS: Record<CloudName, string> = {
  AzureCloud: 'https://graph.microsoft.com',
  AzureUSGovernment: 'https://graph.microsoft.us',
  AzureChinaCloud: 'https://microsoftgraph.chinacloudapi.cn',
};

/**
 * The Graph scopes the identity checks ask VS Code's Microsoft provider for: app registrations
 * (Application.Read.All) and users' accountEnabled (User.Read.All), in the signed-in tenant.
 */
export function graphScopes(cloud: CloudName, tenantId?: string): string[] {
  const origin = GRAPH_ORIGINS[cloud];
  const scopes = [`${origin}/Application.Read.All`, `${origin}/User.Read.All`];
  return tenantId ? [...scopes, `VSCODE_TENANT:${tenantId}`] : scopes;
}

/** A credential for Microsoft Graph and where it may go, or why there is none. */
export interface GraphAccess {
  credential?: TokenCredential;
  /** The loopback origin (token mode); undefined: the cloud's Graph endpoint. */
  endpoint?: string;
  unavailable?: string;
}

interface Remembered {
  accountId?: string;
  tenantId?: string;
}

const STATE_KEY = 'lac.azure.signIn';
const SIGNED_OUT_KEY = 'lac.azure.signedOut';
const TENANTS_API_VERSION = '2022-12-01';

/** VS Code's provider for a cloud. Sovereign clouds need `microsoft-sovereign-cloud.environment` set. */
export function authProviderFor(cloud: CloudName): string {
  return cloud === 'AzureCloud' ? 'microsoft' : 'microsoft-sovereign-cloud';
}

/** The scopes of an ARM token for a cloud (and tenant), as VS Code's Microsoft provider takes them. */
export function armScopes(cloud: CloudName, tenantId?: string, armEndpoint?: string): string[] {
  const scope = getCloud(cloud, armEndpoint ? { armEndpoint } : {}).armScope;
  return tenantId ? [scope, `VSCODE_TENANT:${tenantId}`] : [scope];
}

/** Expiry of an access token: its `exp` claim, else a short lifetime so that it is asked for again. */
function expiresOn(token: string): number {
  const exp = decodeJwtTimes(token)?.expiresAt;
  const t = exp ? Date.parse(exp) : NaN;
  return Number.isFinite(t) ? t : Date.now() + 5 * 60_000;
}

/** A TokenCredential over VS Code's session: asks silently each time (VS Code caches and refreshes). */
export function sessionCredential(providerId: string, scopes: string[], account: vscode.AuthenticationSessionAccountInformation | undefined): TokenCredential {
  return {
    async getToken() {
      const s = await vscode.authentication.getSession(providerId, scopes, { silent: true, ...(account ? { account } : {}) });
      if (!s) throw new Error('Not signed in to Azure (the session is gone): run "Logic Apps Connections: Sign In to Azure".');
      // Known to the log's redaction before anything can echo it.
      registerSecret(s.accessToken);
      return { token: s.accessToken, expiresOnTimestamp: expiresOn(s.accessToken), tokenType: 'Bearer' };
    },
  };
}

function staticCredential(token: string): TokenCredential {
  const value = token.replace(/^Bearer\s+/i, '');
  registerSecret(value);
  return {
    async getToken() {
      return { token: value, expiresOnTimestamp: expiresOn(value), tokenType: 'Bearer' };
    },
  };
}

/**
 * The sign-in state. `access()` is what Azure calls use now (undefined: signed out, or Azure off);
 * `onDidChange` fires when that changes (sign-in, sign-out, account removed in VS Code, tenant).
 */
export class AzureAuth implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private current: AzureAccess | undefined;
  private target: AzureTarget | undefined;
  /** Sign-out in token mode lasts until the window reloads. */
  private tokenDisabled = false;
  private refreshing: Promise<AzureAccess | undefined> | undefined;

  constructor(
    private readonly log: Log,
    private readonly memento: vscode.Memento,
  ) {
    this.subscriptions.push(
      vscode.authentication.onDidChangeSessions((e) => {
        if (this.target?.mode === 'sign-in' && e.provider.id === authProviderFor(this.target.cloud)) void this.refresh();
      }),
    );
  }

  access(): AzureAccess | undefined {
    return this.current;
  }

  /** Use this target (settings changed) and find the session silently. */
  async setTarget(target: AzureTarget | undefined): Promise<AzureAccess | undefined> {
    this.target = target;
    return this.refresh();
  }

  /** Look for a usable session without any prompt and publish the result. */
  refresh(): Promise<AzureAccess | undefined> {
    const p = (this.refreshing ?? Promise.resolve()).then(async () => {
      const next = await this.silentAccess().catch((e) => {
        this.log.warn(`Azure: could not read the sign-in: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      });
      this.publish(next);
      return next;
    });
    this.refreshing = p;
    return p;
  }

  /**
   * Interactive sign-in (the command): the Microsoft account through VS Code, then the tenant when
   * the account has several. Returns undefined when cancelled.
   */
  async signIn(): Promise<AzureAccess | undefined> {
    const target = this.target;
    if (!target || target.mode === 'invalid') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Logic Apps Connections: Azure is not available: {0}', target?.mode === 'invalid' ? target.problem : vscode.l10n.t('the workspace is not trusted.')));
      return undefined;
    }
    if (target.mode === 'token') {
      this.tokenDisabled = false;
      await this.refresh();
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Logic Apps Connections uses LAC_ACCESS_TOKEN with {0} (not Azure): no sign-in needed.', target.armEndpoint),
      );
      return this.current;
    }
    const providerId = authProviderFor(target.cloud);
    const home = await vscode.authentication.getSession(providerId, armScopes(target.cloud, undefined, target.armEndpoint), { createIfNone: true });
    registerSecret(home.accessToken);
    await this.memento.update(SIGNED_OUT_KEY, false);
    let tenantId = decodeJwtIdentity(home.accessToken)?.tenantId;
    const tenants = await this.listTenants(providerId, target, home.account);
    if (tenants.length > 1) {
      const picked = await vscode.window.showQuickPick(
        tenants.map((t) => ({ label: t.displayName ?? t.tenantId, description: t.defaultDomain, detail: t.tenantId, tenantId: t.tenantId, picked: t.tenantId === tenantId })),
        { title: vscode.l10n.t('Azure tenant for Logic Apps Connections'), placeHolder: vscode.l10n.t('{0} belongs to several tenants: which one holds your connections?', home.account.label), ignoreFocusOut: true },
      );
      if (!picked) return undefined;
      tenantId = picked.tenantId;
      // A token for another tenant may need its own sign-in (MFA, consent): allow the prompt.
      await vscode.authentication.getSession(providerId, armScopes(target.cloud, tenantId, target.armEndpoint), { createIfNone: true, account: home.account });
    } else if (tenants.length === 1) tenantId = tenants[0]!.tenantId;
    await this.memento.update(STATE_KEY, { accountId: home.account.id, tenantId } satisfies Remembered);
    const access = await this.refresh();
    if (access) this.log.info(`Azure: signed in as ${access.who}.`);
    return access;
  }

  /**
   * Stop using the account (VS Code has no API to remove a built-in account: its Accounts menu
   * does that). Remembered until the next sign-in.
   */
  async signOut(): Promise<void> {
    if (this.target?.mode === 'token') this.tokenDisabled = true;
    else {
      await this.memento.update(SIGNED_OUT_KEY, true);
      await this.memento.update(STATE_KEY, undefined);
    }
    this.publish(undefined);
    this.log.info('Azure: signed out (Azure-aware rules are off).');
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }

  /**
   * A Microsoft Graph credential from the same sign-in: in token mode the emulator's token for its
   * own loopback origin (never a real Graph endpoint); signed in, VS Code's session for the Graph
   * scopes (`graphScopes`), asked silently, then, when `ask` agrees, with VS Code's sign-in prompt.
   */
  async graphCredential(ask?: () => Thenable<boolean>): Promise<GraphAccess> {
    const access = this.current;
    if (!access) return { unavailable: 'not signed in to Azure' };
    if (access.mode === 'token') {
      return access.token && access.armEndpoint ? { credential: staticCredential(access.token), endpoint: access.armEndpoint } : { unavailable: 'no Microsoft Graph token' };
    }
    if (!access.providerId) return { unavailable: 'no Microsoft account' };
    if (access.armEndpoint) return { unavailable: `a custom Resource Manager endpoint (${access.armEndpoint}) is set: Microsoft Graph is not used` };
    const scopes = graphScopes(access.cloud, access.tenantId);
    const opts = access.account ? { account: access.account } : {};
    let session = await vscode.authentication.getSession(access.providerId, scopes, { silent: true, ...opts }).then(
      (s) => s,
      () => undefined,
    );
    if (!session && ask && (await ask())) {
      session = await vscode.authentication.getSession(access.providerId, scopes, { createIfNone: true, ...opts }).then(
        (s) => s,
        (e: unknown) => {
          this.log.warn(`Azure: Microsoft Graph sign-in failed: ${e instanceof Error ? e.message : String(e)}`);
          return undefined;
        },
      );
    }
    if (!session) return { unavailable: 'Microsoft Graph is not signed in (it needs Application.Read.All and User.Read.All for VS Code\'s sign-in, with admin consent)' };
    return { credential: sessionCredential(access.providerId, scopes, session.account) };
  }

  // ---- internals

  private async silentAccess(): Promise<AzureAccess | undefined> {
    const target = this.target;
    if (!target || target.mode === 'invalid') return undefined;
    if (target.mode === 'token') {
      if (this.tokenDisabled) return undefined;
      return {
        mode: 'token',
        credential: staticCredential(target.token),
        cloud: target.cloud,
        armEndpoint: target.armEndpoint,
        source: target.source,
        who: `LAC_ACCESS_TOKEN (environment) for ${target.armEndpoint}`,
        key: `token ${target.armEndpoint}`,
        token: target.token,
      };
    }
    if (this.memento.get<boolean>(SIGNED_OUT_KEY)) return undefined;
    const providerId = authProviderFor(target.cloud);
    const remembered = this.memento.get<Remembered>(STATE_KEY) ?? {};
    let account: vscode.AuthenticationSessionAccountInformation | undefined;
    if (remembered.accountId) {
      const accounts = await vscode.authentication.getAccounts(providerId);
      account = accounts.find((a) => a.id === remembered.accountId);
    }
    const tenantId = account ? remembered.tenantId : undefined;
    const scopes = armScopes(target.cloud, tenantId, target.armEndpoint);
    const session = await vscode.authentication.getSession(providerId, scopes, { silent: true, ...(account ? { account } : {}) });
    if (!session) return undefined;
    registerSecret(session.accessToken);
    const tid = tenantId ?? decodeJwtIdentity(session.accessToken)?.tenantId;
    return {
      mode: 'session',
      credential: sessionCredential(providerId, scopes, session.account),
      cloud: target.cloud,
      ...(target.armEndpoint ? { armEndpoint: target.armEndpoint } : {}),
      ...(tid ? { tenantId: tid } : {}),
      source: target.source,
      who: `${session.account.label}${tid ? ` (tenant ${tid})` : ''}`,
      key: `session ${providerId} ${session.account.id} ${tid ?? ''} ${target.cloud} ${target.armEndpoint ?? ''}`,
      account: session.account,
      providerId,
    };
  }

  private publish(next: AzureAccess | undefined): void {
    if (next?.key === this.current?.key) {
      this.current = next;
      return;
    }
    this.current = next;
    this.emitter.fire();
  }

  private async listTenants(providerId: string, target: Extract<AzureTarget, { mode: 'sign-in' }>, account: vscode.AuthenticationSessionAccountInformation): Promise<{ tenantId: string; displayName?: string; defaultDomain?: string }[]> {
    try {
      const azure = loadAzure();
      const client = azure.createAzureClient({
        credential: azure.registeringCredential(sessionCredential(providerId, armScopes(target.cloud, undefined, target.armEndpoint), account)),
        cloud: target.cloud,
        ...(target.armEndpoint ? { armEndpoint: target.armEndpoint } : {}),
        timeoutMs: 20_000,
      });
      const r = await client.collect(
        '/tenants',
        (raw) => {
          const o = raw as { tenantId?: unknown; displayName?: unknown; defaultDomain?: unknown } | null;
          return o && typeof o.tenantId === 'string'
            ? { tenantId: o.tenantId, ...(typeof o.displayName === 'string' ? { displayName: o.displayName } : {}), ...(typeof o.defaultDomain === 'string' ? { defaultDomain: o.defaultDomain } : {}) }
            : undefined;
        },
        { apiVersion: TENANTS_API_VERSION },
      );
      if (!r.ok) {
        this.log.warn(`Azure: could not list the account's tenants (${r.error.message}); using its home tenant.`);
        return [];
      }
      return r.value.items;
    } catch (e) {
      this.log.warn(`Azure: could not list the account's tenants: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }
}
