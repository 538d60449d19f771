/**
 * `lac project auth-mode <project> msi|keys`: switch a Standard project's local authentication
 * mode (local.settings.json `WORKFLOWS_AUTHENTICATION_METHOD`), its managed connections'
 * `authentication`, and the Azure side (the developer's access policies for managed identity;
 * connection keys fetched again for keys). Shows what will change; writes only with --yes.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { AzureError } from '../core/azure';
import { planAzureSteps, runAzureSteps, stepLines, type AzureStep, type FetchedKey } from '../core/authModeAzure';
import { planAuthModeSwitch, type AuthModePlan } from '../core/authModeSwitch';
import { JsonFile } from '../core/json/jsonFile';
import { modeLabel } from '../core/localAuth';
import { setAppSettings } from '../core/localSettings';
import { parseCommandArgs } from './args';
import { AZURE_OPTIONS, AZURE_OPTIONS_HELP, describeAzureError, guarded, openSession, parseAzureOptions, type AzureSession } from './azure';
import type { Command } from './command';
import { describeFsError, displayPath, EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from './io';
import { connectionIdOfEntry, managedConnection, openProject, runtimeUrlSetting, type ProjectOnDisk } from './projectConnections';

export const AUTH_MODE_HELP = `Usage: lac project auth-mode <project> msi|keys [--yes] [--format text|json] [options]

Switch how the Logic Apps Standard project at <project> authenticates its managed API
connections when it runs locally, and show what changes first. Nothing is written without --yes.

  msi    managed-identity mode, as the official Logic Apps extension sets it up: local.settings.json
         gets "WORKFLOWS_AUTHENTICATION_METHOD": "managedServiceIdentity" (and
         workflow-designtime/local.settings.json when there is one), each managed connection that
         uses a connection key gets {"type": "ManagedServiceIdentity"} (in parameters.json when its
         authentication is @parameters('…')), the *-connectionKey settings no connection reads
         any more are removed, and you (the signed-in identity) get an access policy on each V2
         connection that has none for you.
  keys   key mode: the setting is removed, each managed-identity connection gets a connection key
         (Raw, @appsetting('<name>-connectionKey')), and new keys (7 days) are fetched into
         local.settings.json.

Comments, formatting, BOM and line endings are kept. With --yes the Azure part runs first: if it
fails, no file is written.

Options:
      --yes                    apply the changes
  -f, --format <format>        text (default) or json
${AZURE_OPTIONS_HELP}

Exit status: 0 previewed or applied, 1 an Azure step failed (nothing written), 2 usage, file,
sign-in or network error.
`;

const OPTIONS = { ...AZURE_OPTIONS, yes: { type: 'boolean', short: 'y' } } as const;

const authModeCommand: Command = {
  name: 'auth-mode',
  summary: 'switch local runs between managed identity and connection keys',
  help: AUTH_MODE_HELP,
  run(args: readonly string[], io: CliIO): Promise<number> {
    return guarded(async () => {
      const { values, positionals } = parseCommandArgs('lac project auth-mode', args, OPTIONS, true);
      const opts = parseAzureOptions(values, io, ['text', 'json']);
      const [projectArg, mode, ...extra] = positionals;
      if (projectArg === undefined || mode === undefined || extra.length) throw new UsageError('lac project auth-mode needs <project> and msi or keys (see lac project auth-mode --help)');
      const target = mode.toLowerCase();
      if (target !== 'msi' && target !== 'keys') throw new UsageError(`lac project auth-mode: "${mode}" is not a mode (msi or keys)`);
      const project = openProject(projectArg, io.cwd);
      const designTimeSettings = readDesignTime(project, io.cwd);
      const plan = planAuthModeSwitch({
        root: project.root,
        connections: project.connections,
        ...(project.parameters ? { parameters: project.parameters } : {}),
        ...(project.localSettings ? { localSettings: project.localSettings } : {}),
        ...(designTimeSettings ? { designTimeSettings } : {}),
        target,
      });
      if (plan.problems.length) throw new UsageError(`cannot switch ${displayPath(project.root, io.cwd)}: ${plan.problems.join('; ')} (see lac lint)`);

      const s = await openSession(opts, io);
      const describe = (e: AzureError) => describeAzureError(s.azure, e);
      const steps = await planAzureSteps(s.client, plan, {
        describe,
        idOf: (name) => {
          const entry = managedConnection(project, name)?.entry;
          const r = entry ? connectionIdOfEntry(project, entry) : { ok: false as const, reason: 'it is not in connections.json' };
          return r.ok ? { id: r.value } : { why: r.reason };
        },
      });
      const preview = !values.yes;
      let written: string[] = [];
      let failed = false;
      if (!preview) {
        const r = await runAzureSteps(s.client, steps, { describe, onKey: (k) => s.azure.registerSecret(k) });
        failed = r.failed;
        if (!failed) written = writeFiles(project, plan, settingsOf(project, r.keys), io.cwd);
      }
      render(s, project, plan, steps, { preview, written, failed }, io.cwd);
      return failed ? EXIT_FINDINGS : EXIT_OK;
    });
  },
};

function readDesignTime(project: ProjectOnDisk, cwd: string): JsonFile | undefined {
  const file = path.join(project.root, 'workflow-designtime', 'local.settings.json');
  try {
    return new JsonFile(file, 'localSettings', fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new UsageError(describeFsError(e, displayPath(file, cwd), 'read'));
  }
}

/** The app settings of the fetched keys: the key setting, and the runtime URL setting when the project keeps one. */
function settingsOf(project: ProjectOnDisk, keys: readonly FetchedKey[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    out[k.setting] = k.key;
    const entry = managedConnection(project, k.connection)?.entry;
    const url = entry ? runtimeUrlSetting(project, k.connection, entry) : undefined;
    if (url && k.runtimeUrl) out[url] = k.runtimeUrl;
  }
  return out;
}

/** Write the planned files, then the fetched keys into local.settings.json. Returns what was written. */
function writeFiles(project: ProjectOnDisk, plan: AuthModePlan, keys: Record<string, string>, cwd: string): string[] {
  const out = new Map<string, string>(plan.files.map((f) => [f.path, f.after]));
  if (Object.keys(keys).length) {
    const file = project.localSettingsPath;
    const r = setAppSettings(out.get(file) ?? project.localSettingsRaw, file, keys);
    if (!r.ok) throw new UsageError(`cannot update ${displayPath(file, cwd)}: ${r.message}`);
    out.set(file, r.text);
  }
  const written: string[] = [];
  for (const [file, text] of out) {
    try {
      fs.writeFileSync(file, text, 'utf8');
    } catch (e) {
      throw new UsageError(describeFsError(e, displayPath(file, cwd), 'write'));
    }
    written.push(file);
  }
  return written.sort();
}

function render(s: AzureSession, project: ProjectOnDisk, plan: AuthModePlan, steps: AzureStep[], run: { preview: boolean; written: string[]; failed: boolean }, cwd: string): void {
  const { azure, io, opts } = s;
  const projectPath = displayPath(project.root, cwd);
  if (opts.format === 'json') {
    const doc = {
      project: projectPath,
      target: plan.target,
      current: { mode: plan.current.mode, reason: plan.current.reason },
      changes: plan.changes,
      azure: steps,
      notes: plan.notes,
      applied: !run.preview && !run.failed,
      written: run.written.map((f) => displayPath(f, cwd)),
    };
    io.stdout.write(JSON.stringify(azure.redactDeep(doc), null, 2) + '\n');
    return;
  }
  const to = modeLabel(plan.target);
  const out: string[] = [`${projectPath}: local authentication ${modeLabel(plan.current.mode)} → ${to}`];
  if (!plan.changes.length && !steps.some((x) => x.action === 'add-access-policy' || x.action === 'fetch-key')) out.push('  nothing to change');
  for (const c of plan.changes) out.push(`  ${c}`);
  for (const line of stepLines(steps)) out.push(`  ${line}`);
  for (const n of plan.notes) out.push(`  note: ${n}`);
  if (run.preview) out.push('Nothing was written: run again with --yes to apply.');
  else if (run.failed) out.push('An Azure step failed: no file of the project was written.');
  else out.push(`Written: ${run.written.map((f) => displayPath(f, cwd)).join(', ') || 'nothing'}.`);
  io.stdout.write(azure.redact(out.join('\n')) + '\n');
}

export const PROJECT_HELP = `Usage: lac project <command> [options]

Change a Logic Apps Standard project on disk.

Commands:
  auth-mode <project> msi|keys   ${authModeCommand.summary}

lac project <command> --help shows the command's options.
`;

export const projectCommand: Command = {
  name: 'project',
  summary: 'change a project: its local authentication mode (managed identity or keys)',
  help: PROJECT_HELP,
  helpFor(args: readonly string[]): string {
    return args[0] === 'auth-mode' ? AUTH_MODE_HELP : PROJECT_HELP;
  },
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const [first, ...rest] = args;
    if (first === 'auth-mode') return authModeCommand.run(rest, io);
    if (first === undefined) throw new UsageError('lac project needs a command: auth-mode (see lac project --help)');
    throw new UsageError(`unknown command "project ${first}" (auth-mode; see lac project --help)`);
  },
};
