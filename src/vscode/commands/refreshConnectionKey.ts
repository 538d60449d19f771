import * as fs from 'fs';
import * as vscode from 'vscode';
import { connectionKeySetting, minimalTextEdit, runtimeUrlSetting, setAppSettings, usesKeySetting } from '../../core/localSettings';
import type { Project } from '../../core/project';
import { runtimeUrlProblem } from '../../core/runtimeUrl';
import { checkWriteTarget } from '../../core/writeGuard';
import type { ConnectionTarget } from '../model/connectionTarget';
import { timeLeft } from '../model/connectionLogic';
import { folderLabel, pickConnection, requireSession } from '../connections/pick';
import { findProject, localSettingsPath, openDocument, settingsNow } from '../connections/workspace';
import { toConnectionTarget } from '../model/connectionTarget';
import { COMMANDS } from '../model/ids';
import { ui } from '../ui';
import type { Command, CommandContext } from './types';
import { entriesFor, managedConnections, type ManagedConnectionRef } from '../../core/connections';

/** Validity of a new key, in days (what the Logic Apps tooling asks for). */
export const KEY_VALIDITY_DAYS = 7;

/** What Refresh Connection Key wrote (returned for tests; never the key). */
export interface RefreshKeyOutcome {
  file: string;
  settings: string[];
  expiresAt?: string;
  created: boolean;
  /** The edit waits unsaved in an editor that had unsaved changes before. */
  unsaved: boolean;
}

/**
 * Refresh Connection Key: a new connection key (listConnectionKeys, 7 days) for a managed API
 * connection of a workspace project, written into its local.settings.json `Values` (the setting
 * its authentication names, else `<name>-connectionKey`; and the runtime URL setting when the
 * project keeps one), comments and formatting kept. The key is never shown or logged: the message
 * says when it expires.
 */
export const refreshConnectionKey: Command = {
  id: COMMANDS.refreshConnectionKey,
  async run(ctx, arg): Promise<RefreshKeyOutcome | undefined> {
    const s = requireSession(ctx, vscode.l10n.t('refresh connection keys'));
    if (!s) return undefined;
    const found = await workspaceEntry(ctx, arg);
    if (!found) return undefined;
    const { project, ref } = found;
    const name = ref.name;
    const file = localSettingsPath(project);
    // Never through a symbolic link (or a linked folder) that leads out of the project: checked
    // before a key is made.
    const check = checkWriteTarget(file, project.root);
    if (!check.ok) {
      ctx.log.warn(`Refresh connection key ${name}: ${check.message}.`);
      void ui().showMessage('error', vscode.l10n.t('local.settings.json of {0} is not updated: it leads outside the project (to {1}).', folderLabel(project.root), check.target ?? vscode.l10n.t('a loop of links')), {});
      return undefined;
    }
    const doc = openDocument(file);
    const exists = !!doc || fs.existsSync(file);
    if (!exists) {
      const create = vscode.l10n.t('Create');
      const answer = await ui().showMessage(
        'warning',
        vscode.l10n.t('{0} has no local.settings.json. Create it with the connection key of "{1}"?', folderLabel(project.root), name),
        { modal: true, detail: vscode.l10n.t('local.settings.json holds secrets for local runs: keep it out of source control.') },
        create,
      );
      if (answer !== create) return undefined;
    }

    const keys = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Getting a new connection key for "{0}"…', name), cancellable: true },
      (_p, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        return ctx.activity
          .run(vscode.l10n.t('Getting a key for {0}…', name), () => s.client.listConnectionKeys(ref.id, { validityTimeSpan: String(KEY_VALIDITY_DAYS), signal: abort.signal }))
          .finally(() => sub.dispose());
      },
    );
    if (!keys.ok) {
      if (keys.error.kind === 'cancelled') return undefined;
      ctx.log.warn(s.azure.redact(`Refresh connection key ${name}: ${keys.error.kind}${keys.error.code ? ` ${keys.error.code}` : ''}: ${keys.error.message}`));
      void ui().showMessage('error', s.azure.redact(vscode.l10n.t('Azure gave no connection key for "{0}": {1}', name, keys.error.message)), {});
      return undefined;
    }
    s.azure.registerSecret(keys.value.connectionKey);
    const settings: Record<string, string> = {};
    const now = settingsNow(project);
    const keySetting = connectionKeySetting(now, name, ref.entry);
    settings[keySetting] = keys.value.connectionKey;
    const urlSetting = runtimeUrlSetting(now, name, ref.entry);
    let urlRefused: string | undefined;
    if (urlSetting && keys.value.runtimeUrl) {
      // The runtime sends the connection key to this URL: only an https URL is written (LAC011's check).
      urlRefused = runtimeUrlProblem(keys.value.runtimeUrl, { literal: true });
      if (urlRefused) ctx.log.warn(s.azure.redact(`Refresh connection key ${name}: ${urlSetting} not written: the runtime URL Azure returned ${urlRefused}`));
      else settings[urlSetting] = keys.value.runtimeUrl;
    }

    const written = await writeSettings(file, settings);
    if (!written.ok) {
      ctx.log.warn(`Refresh connection key ${name}: ${file} not updated: ${written.message}.`);
      void ui().showMessage('error', vscode.l10n.t('local.settings.json of {0} was not updated: {1}.', folderLabel(project.root), written.message), {});
      return undefined;
    }
    const names = Object.keys(settings);
    const expiresAt = keys.value.expiresAt;
    ctx.log.info(`Refresh connection key ${name}: wrote ${names.join(', ')} to ${file}${written.unsaved ? ' (unsaved editor)' : ''}; expires ${expiresAt ?? 'at an unknown time'}.`);
    const when = expiresAt ? vscode.l10n.t('expires {0} ({1})', new Date(expiresAt).toLocaleString(), timeLeft(expiresAt)) : vscode.l10n.t('has an unknown expiry');
    const parts = [vscode.l10n.t('The new connection key of "{0}" {1}; written to {2} ({3}).', name, when, `${folderLabel(project.root)}/local.settings.json`, names.join(', '))];
    if (written.unsaved) parts.push(vscode.l10n.t('The file had unsaved changes: save it to use the key.'));
    if (urlRefused && urlSetting) parts.push(vscode.l10n.t('{0} was not written: the runtime URL Azure returned is not an https URL.', urlSetting));
    if (!usesKeySetting(now, ref.entry, keySetting)) {
      parts.push(vscode.l10n.t('connections.json does not read it yet: its authentication is not Raw with "@appsetting(\'{0}\')".', keySetting));
    }
    void ui().showMessage('info', parts.join(' '), {});
    return { file, settings: names, ...(expiresAt ? { expiresAt } : {}), created: !exists, unsaved: written.unsaved };
  },
};

type Found = { project: Project; ref: ManagedConnectionRef & { id: string } };

/** The workspace's managed connection to refresh: the argument's entry, the entry using the argument's id, or a pick. */
async function workspaceEntry(ctx: CommandContext, arg: unknown): Promise<Found | undefined> {
  const projects = ctx.controller.projects();
  let target: ConnectionTarget | undefined = arg === undefined ? undefined : toConnectionTarget(arg);
  if (!target) {
    target = await pickConnection(ctx, { title: vscode.l10n.t('Refresh Connection Key'), workspaceOnly: true });
    if (!target) return undefined;
  }
  const ws = target.workspace;
  if (ws) {
    if (ws.section !== 'managedApiConnections') {
      void ui().showMessage('warning', vscode.l10n.t('"{0}" is not a managed API connection: only those have connection keys.', target.name), {});
      return undefined;
    }
    const project = findProject(projects, ws.projectRoot);
    const ref = project ? managedConnections(project).find((r) => r.name === ws.name) : undefined;
    if (!project || !ref) {
      void ui().showMessage('warning', vscode.l10n.t('"{0}" is no longer in connections.json.', target.name), {});
      return undefined;
    }
    if (!ref.id) {
      void ui().showMessage('warning', vscode.l10n.t('The connection.id of "{0}" cannot be resolved to an Azure resource id (it depends on settings that are not known locally).', ref.name), {});
      return undefined;
    }
    return { project, ref: ref as Found['ref'] };
  }
  // An Azure connection: the workspace entries that use it.
  const uses = target.connectionId ? entriesFor(projects, target.connectionId) : [];
  if (!uses.length) {
    void ui().showMessage('info', vscode.l10n.t('No project in this workspace uses connection "{0}": a connection key goes into the local.settings.json of a project that does.', target.name), {});
    return undefined;
  }
  if (uses.length === 1) return { project: uses[0]!.project, ref: uses[0]!.entry };
  const picked = await ui().showQuickPick(
    uses.map((u) => ({ label: u.entry.name, description: folderLabel(u.project.root), use: u })),
    { title: vscode.l10n.t('Refresh Connection Key'), placeHolder: vscode.l10n.t('Which project gets the new key?') },
  );
  return picked ? { project: picked.use.project, ref: picked.use.entry } : undefined;
}

/**
 * Set the settings in local.settings.json: through the editor when the file is open (saved unless
 * it had unsaved changes), else on disk (created when missing).
 */
async function writeSettings(file: string, settings: Record<string, string>): Promise<{ ok: true; unsaved: boolean } | { ok: false; message: string }> {
  const doc = openDocument(file);
  if (doc) {
    const wasDirty = doc.isDirty;
    const before = doc.getText();
    const r = setAppSettings(before, file, settings);
    if (!r.ok) return { ok: false, message: r.message };
    const e = minimalTextEdit(before, r.text);
    if (e) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
      if (!(await vscode.workspace.applyEdit(edit))) return { ok: false, message: 'the editor refused the edit' };
    }
    if (!wasDirty && doc.isDirty && !(await doc.save())) return { ok: true, unsaved: true };
    return { ok: true, unsaved: wasDirty };
  }
  let raw: string | undefined;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, message: (e as Error).message };
  }
  const r = setAppSettings(raw, file, settings);
  if (!r.ok) return { ok: false, message: r.message };
  try {
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file), Buffer.from(r.text, 'utf8'));
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  return { ok: true, unsaved: false };
}
