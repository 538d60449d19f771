/**
 * What every connection command starts with: the connection (from the argument, else a pick of
 * the workspace's entries and the account's connections) and a usable Azure session (else a
 * message that says why there is none, with Sign In when that is the reason).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { AzureSession } from '../azure';
import type { CommandContext } from '../commands/types';
import { toConnectionTarget, type ConnectionTarget } from '../model/connectionTarget';
import { COMMANDS } from '../model/ids';
import { ui } from '../ui';
import { azurePickEntries, statusOfFact, workspacePickEntries, type PickEntry } from '../model/pickItems';
import { connectionKey } from '../../core/connections';
import type { ConnectionInfo } from '../../core/azure/model';
import { inScope, scopeLabel, toConnectionScope } from '../model/connectionScope';

/** A connection target whose ARM id is known. */
export type ResolvedTarget = ConnectionTarget & { connectionId: string };

export function hasId(t: ConnectionTarget | undefined): t is ResolvedTarget {
  return !!t?.connectionId;
}

/**
 * The Azure session for a command, or undefined after telling the user why there is none: the
 * workspace is not trusted, the endpoint setting is invalid, or nobody is signed in (then with a
 * Sign In button). `what` completes "Sign in to Azure to …".
 */
export function requireSession(ctx: CommandContext, what: string): AzureSession | undefined {
  const s = ctx.azure.session();
  if (s) return s;
  const state = ctx.azure.state();
  if (state.kind === 'untrusted') {
    void ui().showMessage('warning', vscode.l10n.t('Logic Apps Connections calls Azure only in trusted workspaces. Trust this workspace to {0}.', what), {});
  } else if (state.kind === 'invalid') {
    void ui().showMessage('error', vscode.l10n.t('Azure is off: {0}', state.problem), {});
  } else {
    const signIn = vscode.l10n.t('Sign In');
    void ui()
      .showMessage('warning', vscode.l10n.t('Sign in to Azure to {0}.', what), {}, signIn)
      .then((answer) => {
        if (answer === signIn) void vscode.commands.executeCommand(COMMANDS.signIn);
      });
  }
  return undefined;
}

/**
 * Whether Azure commands may run (the workspace is trusted), else false after telling the user, as
 * `requireSession` does. For commands that need no sign-in (Open in Azure Portal).
 */
export function requireTrust(ctx: CommandContext, what: string): boolean {
  if (ctx.azure.state().kind !== 'untrusted') return true;
  void ui().showMessage('warning', vscode.l10n.t('Logic Apps Connections calls Azure only in trusted workspaces. Trust this workspace to {0}.', what), {});
  return false;
}

/** A project folder for people: relative to its workspace folder (with the folder's name in a multi-root workspace). */
export function folderLabel(root: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root));
  if (!folder) return root;
  const rel = path.relative(folder.uri.fsPath, root).split(path.sep).join('/');
  const multi = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  if (!rel) return folder.name;
  return multi ? `${folder.name}/${rel}` : rel;
}

interface PickItem extends vscode.QuickPickItem {
  target?: ConnectionTarget;
}

export interface PickOptions {
  title: string;
  placeHolder?: string;
  /** Only the workspace's managed connections (Refresh Connection Key). */
  workspaceOnly?: boolean;
}

/** The workspace's managed connections whose id resolves (for picks and lookups). */
export function workspaceEntries(ctx: CommandContext): PickEntry[] {
  return workspacePickEntries(ctx.controller.projects(), folderLabel, (id) => statusOfFact(ctx.azure.store.get(id)));
}

async function pickItems(ctx: CommandContext, workspaceOnly: boolean): Promise<PickItem[]> {
  const workspace = workspaceEntries(ctx);
  let azure: PickEntry[] = [];
  if (!workspaceOnly && ctx.azure.session()) {
    const listing = await ctx.catalog.list();
    if (listing.state === 'ok') azure = azurePickEntries(listing.connections, listing.subscriptions, new Set(workspace.map((e) => connectionKey(e.target.connectionId!))));
    else if (listing.state === 'error') ctx.log.warn(`Connection pick: the account's connections could not be listed: ${listing.error.message}`);
  }
  const items: PickItem[] = [];
  const add = (label: string, entries: PickEntry[]) => {
    if (!entries.length) return;
    items.push({ label, kind: vscode.QuickPickItemKind.Separator });
    for (const e of entries) items.push({ label: e.label, description: e.description, target: e.target });
  };
  add(vscode.l10n.t('Workspace'), workspace);
  add(vscode.l10n.t('Azure'), azure);
  if (!items.length) {
    items.push({
      label: vscode.l10n.t('No API connections found'),
      description: workspaceOnly ? vscode.l10n.t('no managed API connection of a workspace project has a resolvable connection id') : vscode.l10n.t('open a Logic Apps project or sign in to Azure'),
    });
  }
  return items;
}

/** Ask for a connection: the workspace's entries first, then the account's connections. */
export async function pickConnection(ctx: CommandContext, options: PickOptions): Promise<ConnectionTarget | undefined> {
  const picked = await ui().showQuickPick(pickItems(ctx, !!options.workspaceOnly), {
    title: options.title,
    placeHolder: options.placeHolder ?? vscode.l10n.t('Pick an API connection (workspace entries first, then Azure)'),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked?.target;
}

/** The command's connection: from its argument (id, target, tree node), else a pick. */
export async function resolveTarget(ctx: CommandContext, arg: unknown, options: PickOptions): Promise<ConnectionTarget | undefined> {
  if (arg !== undefined) {
    const t = toConnectionTarget(arg);
    if (t) return t;
    ctx.log.warn(`${options.title}: the argument is not a connection; asking instead.`);
  }
  return pickConnection(ctx, options);
}

/** Tell the user a target has no resolvable connection id (an entry whose connection.id stays dynamic). */
export function noConnectionId(target: ConnectionTarget): void {
  void ui().showMessage(
    'warning',
    vscode.l10n.t('The connection.id of "{0}" cannot be resolved to an Azure resource id (it depends on settings that are not known locally).', target.name),
    {},
  );
}

/**
 * The start of every command that acts on one Azure connection: a session (else why not), the
 * connection (argument, else a pick titled `title`) and its resolved id (else why not).
 * Undefined when any of it is missing; the user has been told.
 */
export async function sessionAndTarget(ctx: CommandContext, arg: unknown, what: string, title: string): Promise<{ s: AzureSession; target: ResolvedTarget } | undefined> {
  const s = requireSession(ctx, what);
  if (!s) return undefined;
  const target = await resolveTarget(ctx, arg, { title });
  if (!target) return undefined;
  if (!hasId(target)) {
    noConnectionId(target);
    return undefined;
  }
  return { s, target };
}

/** The API connections a command over many works on, with the session and the scope's label. */
export interface ScopedConnections {
  session: AzureSession;
  /** The subscription or resource group the command was run on; undefined: all listed connections. */
  scope: ReturnType<typeof toConnectionScope>;
  /** "subscription X", "resource group Y", "all listed connections". */
  where: string;
  connections: ConnectionInfo[];
}

/**
 * The listed API connections of the subscription or resource group the command was run on (all of
 * them from the palette), or undefined after telling the user why there are none to work on (no
 * session, or the listing failed). `what` completes "Sign in to Azure to …".
 */
export async function listScope(ctx: CommandContext, arg: unknown, what: string): Promise<ScopedConnections | undefined> {
  const session = requireSession(ctx, what);
  if (!session) return undefined;
  const scope = toConnectionScope(arg);
  const listing = await ctx.catalog.list();
  if (listing.state !== 'ok') {
    void ui().showMessage('error', vscode.l10n.t('The API connections could not be listed: {0}', listing.state === 'error' ? listing.error.message : vscode.l10n.t('not signed in')), {});
    return undefined;
  }
  return { session, scope, where: scopeLabel(scope), connections: inScope(listing.connections, scope) };
}
