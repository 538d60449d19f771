import * as path from 'path';
import * as vscode from 'vscode';
import { planAzureSteps, runAzureSteps, stepLines, type AzureStep } from '../../core/authModeAzure';
import { planAuthModeSwitch, type AuthModePlan, type AuthModeTarget } from '../../core/authModeSwitch';
import { JsonFile } from '../../core/json/jsonFile';
import { modeLabel } from '../../core/localAuth';
import { runtimeUrlSetting, setAppSettings } from '../../core/localSettings';
import type { Project } from '../../core/project';
import type { CommandContext } from '../commands/types';
import { ui } from '../ui';
import { folderLabel, requireSession } from './pick';
import { findProject, localSettingsPath } from './workspace';
import { textNow, writeText } from './writeFiles';
import { managedConnections } from '../../core/connections';

/** What a mode switch did (returned for tests). */
export interface AuthModeOutcome {
  projectRoot: string;
  target: AuthModeTarget;
  applied: boolean;
  changes: string[];
  steps: AzureStep[];
  /** Files written (absolute paths). */
  written: string[];
}

/**
 * *Use Managed Identity for Local Runs…* / *Use Connection Keys for Local Runs…*: switch a
 * Standard project's local authentication mode (core/authModeSwitch.ts for the files,
 * core/authModeAzure.ts for Azure). Shows every change in a modal dialog first; nothing is
 * written without Apply. The Azure writes (your access policies; keys fetched again) run first:
 * if one fails, no file is written. Files open in an editor are edited there (saved unless they
 * had unsaved changes), others on disk; comments and formatting are kept.
 */
export async function switchAuthMode(ctx: CommandContext, arg: unknown, target: AuthModeTarget): Promise<AuthModeOutcome | undefined> {
  const title = target === 'msi' ? vscode.l10n.t('Use Managed Identity for Local Runs') : vscode.l10n.t('Use Connection Keys for Local Runs');
  const s = requireSession(ctx, target === 'msi' ? vscode.l10n.t('give yourself access policies for managed-identity runs') : vscode.l10n.t('fetch connection keys'));
  if (!s) return undefined;
  const project = await projectOf(ctx, arg, title);
  if (!project) return undefined;
  const root = project.root;
  const read = (file: string, kind: JsonFile['kind']) => {
    const text = textNow(file);
    return text === undefined ? undefined : new JsonFile(file, kind, text);
  };
  const connections = read(path.join(root, 'connections.json'), 'connections') ?? (project.connections ? read(project.connections.path, 'connections') : undefined);
  if (!connections) {
    void ui().showMessage('warning', vscode.l10n.t('{0} has no connections.json.', folderLabel(root)), {});
    return undefined;
  }
  const parameters = read(project.parameters?.path ?? path.join(root, 'parameters.json'), 'parameters');
  const localSettings = read(localSettingsPath(project), 'localSettings');
  const designTimeSettings = read(path.join(root, 'workflow-designtime', 'local.settings.json'), 'localSettings');
  const plan = planAuthModeSwitch({
    root,
    connections,
    ...(parameters ? { parameters } : {}),
    ...(localSettings ? { localSettings } : {}),
    ...(designTimeSettings ? { designTimeSettings } : {}),
    target,
  });
  if (plan.problems.length) {
    void ui().showMessage('error', vscode.l10n.t('{0} cannot be switched: {1}.', folderLabel(root), plan.problems.join('; ')), {});
    return undefined;
  }
  const describe = (e: { kind: string; message: string; code?: string }) => s.azure.redact(`${e.kind}: ${e.message}${e.code && !e.message.includes(e.code) ? ` (${e.code})` : ''}`);
  const refs = managedConnections(project);
  const steps = await ctx.activity.run(vscode.l10n.t('Checking the connections of {0}…', folderLabel(root)), () =>
    planAzureSteps(s.client, plan, {
      describe,
      idOf: (name) => {
        const ref = refs.find((r) => r.name === name);
        return ref?.id ? { id: ref.id } : { why: 'its connection.id cannot be resolved to an Azure resource id' };
      },
    }),
  );
  const outcome: AuthModeOutcome = { projectRoot: root, target, applied: false, changes: plan.changes, steps, written: [] };
  const work = plan.files.length > 0 || steps.some((x) => x.action === 'add-access-policy' || x.action === 'fetch-key');
  const detail = previewText(plan, steps);
  ctx.log.info(`${title} (${folderLabel(root)}), preview:\n${detail}`);
  if (!work) {
    void ui().showMessage('info', vscode.l10n.t('{0} already uses {1} for local runs: nothing to change.', folderLabel(root), modeLabel(target)), { detail });
    return outcome;
  }
  const apply = vscode.l10n.t('Apply');
  const answer = await ui().showMessage(
    'warning',
    vscode.l10n.t('{0}: local runs of {1} will use {2} instead of {3}. Apply these changes?', title, folderLabel(root), modeLabel(target), modeLabel(plan.current.mode)),
    { modal: true, detail },
    apply,
  );
  if (answer !== apply) return outcome;

  const result = await ctx.activity.run(vscode.l10n.t('Switching {0}…', folderLabel(root)), () => runAzureSteps(s.client, steps, { describe, onKey: (k) => s.azure.registerSecret(k) }));
  if (result.failed) {
    const lines = stepLines(steps.filter((x) => x.result === 'failed'));
    ctx.log.warn(s.azure.redact(`${title} (${folderLabel(root)}): ${lines.join('; ')}; no file written.`));
    void ui().showMessage('error', s.azure.redact(vscode.l10n.t('{0}: an Azure step failed, so no file was changed. {1}', title, lines.join(' '))), {});
    return outcome;
  }
  // The files, then the fetched keys into local.settings.json.
  const texts = new Map(plan.files.map((f) => [f.path, f.after]));
  if (result.keys.length) {
    const settings: Record<string, string> = {};
    for (const k of result.keys) {
      settings[k.setting] = k.key;
      const ref = refs.find((r) => r.name === k.connection);
      const url = ref ? runtimeUrlSetting({ ...(localSettings ? { localSettings } : {}) }, k.connection, ref.entry) : undefined;
      if (url && k.runtimeUrl) settings[url] = k.runtimeUrl;
    }
    const file = localSettingsPath(project);
    const r = setAppSettings(texts.get(file) ?? (localSettings ? (localSettings.hasBom ? '\ufeff' : '') + localSettings.text : undefined), file, settings);
    if (!r.ok) {
      void ui().showMessage('error', vscode.l10n.t('local.settings.json of {0} was not updated: {1}.', folderLabel(root), r.message), {});
      return outcome;
    }
    texts.set(file, r.text);
  }
  const unsaved: string[] = [];
  for (const [file, text] of texts) {
    const w = await writeText(file, text);
    if (!w.ok) {
      void ui().showMessage('error', vscode.l10n.t('{0} was not written: {1}.', path.relative(root, file) || file, w.message), {});
      return { ...outcome, written: [...outcome.written] };
    }
    outcome.written.push(file);
    if (w.unsaved) unsaved.push(path.relative(root, file));
  }
  outcome.applied = true;
  ctx.log.info(`${title} (${folderLabel(root)}): applied; wrote ${outcome.written.map((f) => path.relative(root, f)).join(', ') || 'nothing'}.`);
  await ctx.azure.refresh(steps.filter((x) => x.connectionId).map((x) => x.connectionId!));
  const parts = [vscode.l10n.t('{0} now uses {1} for local runs.', folderLabel(root), modeLabel(target))];
  const added = steps.filter((x) => x.action === 'add-access-policy').length;
  if (added) parts.push(vscode.l10n.t('Access policies added for you: {0}.', added));
  if (result.keys.length) parts.push(vscode.l10n.t('Connection keys fetched: {0} (valid 7 days).', result.keys.length));
  if (unsaved.length) parts.push(vscode.l10n.t('Files with unsaved changes: {0}: save them to use the change.', unsaved.join(', ')));
  void ui().showMessage('info', parts.join(' '), {});
  return outcome;
}

/** The dialog's detail: every file change, every Azure step, the notes. */
function previewText(plan: AuthModePlan, steps: readonly AzureStep[]): string {
  const lines = [...plan.changes, ...stepLines(steps), ...plan.notes.map((n) => `Note: ${n}`)];
  return lines.length ? lines.map((l) => `• ${l}`).join('\n') : vscode.l10n.t('Nothing to change.');
}

/** The Standard project of the argument (a Workspace view project node, or a root folder), else a pick. */
async function projectOf(ctx: CommandContext, arg: unknown, title: string): Promise<Project | undefined> {
  const standard = ctx.controller.projects().filter((p) => p.kind === 'standard' && p.connections);
  const root = typeof arg === 'string' ? arg : rootOfNode(arg);
  if (root !== undefined) {
    const p = findProject(standard, root);
    if (p) return p;
    ctx.log.warn(`${title}: ${root} is not a Logic Apps Standard project with connections.json; asking instead.`);
  }
  if (!standard.length) {
    void ui().showMessage('info', vscode.l10n.t('No Logic Apps Standard project with a connections.json in this workspace.'), {});
    return undefined;
  }
  if (standard.length === 1) return standard[0];
  const picked = await ui().showQuickPick(
    standard.map((p) => ({ label: folderLabel(p.root), description: p.root, project: p })),
    { title, placeHolder: vscode.l10n.t('Which project?'), ignoreFocusOut: true },
  );
  return picked?.project;
}

function rootOfNode(arg: unknown): string | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const model = (arg as { model?: unknown }).model;
  if (model && typeof model === 'object' && typeof (model as { root?: unknown }).root === 'string') return (model as { root: string }).root;
  return undefined;
}
