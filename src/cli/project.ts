/**
 * `lac project auth-mode <project> msi|keys`: switch a Standard project's local authentication
 * mode (local.settings.json `WORKFLOWS_AUTHENTICATION_METHOD`), its managed connections'
 * `authentication`, and the Azure side (the developer's access policies for managed identity;
 * connection keys fetched again for keys). Shows what will change; writes only with --yes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { planAuthModeSwitch, type AuthModePlan } from '../core/authModeSwitch';
import { JsonFile } from '../core/json/jsonFile';
import { developerPolicyName, modeLabel } from '../core/localAuth';
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

/** One thing to do in Azure, and what came of it. */
interface AzureStep {
  connection: string;
  connectionId?: string;
  action: 'add-access-policy' | 'none' | 'fetch-key' | 'skip';
  detail: string;
  policyName?: string;
  keySetting?: string;
  result?: 'ok' | 'failed';
  error?: string;
}

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
      const steps = await azureSteps(s, project, plan);
      const preview = !values.yes;
      let written: string[] = [];
      let failed = false;
      const keys: Record<string, string> = {};
      if (!preview) {
        failed = await runSteps(s, project, steps, keys);
        if (!failed) written = writeFiles(project, plan, keys, io.cwd);
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

/** What the switch needs in Azure, found by reading only. */
async function azureSteps(s: AzureSession, project: ProjectOnDisk, plan: AuthModePlan): Promise<AzureStep[]> {
  const steps: AzureStep[] = [];
  const resolve = (name: string): { id?: string; why?: string } => {
    const entry = managedConnection(project, name)?.entry;
    const r = entry ? connectionIdOfEntry(project, entry) : { ok: false as const, reason: 'it is not in connections.json' };
    if (!r.ok) return { why: r.reason };
    if (!s.azure.parseConnectionId(r.value)) return { why: `its connection.id "${s.azure.redact(r.value)}" is not a connection resource id` };
    return { id: r.value };
  };
  if (plan.target === 'msi') {
    const me = await s.client.signedInIdentity();
    const who = me.ok && me.value.objectId && me.value.tenantId ? me.value : undefined;
    await Promise.all(
      plan.msiConnections.map(async (name) => {
        const { id, why } = resolve(name);
        if (!id) return steps.push({ connection: name, action: 'skip', detail: `no access policy checked: ${why}` });
        if (!who) return steps.push({ connection: name, connectionId: id, action: 'skip', detail: 'no access policy added: your sign-in carries no object id (lac connections access add <id> --object-id <id> --tenant <id>)' });
        const c = await s.client.getConnection(id);
        if (!c.ok) return steps.push({ connection: name, connectionId: id, action: 'skip', detail: `no access policy checked: ${describeAzureError(s.azure, c.error)}` });
        if (c.value.kind === 'V1') return steps.push({ connection: name, connectionId: id, action: 'skip', detail: 'a V1 connection: V1 connections have no access policies (Standard needs V2: LAC062)' });
        const policies = await s.client.listAccessPolicies(id);
        if (!policies.ok) return steps.push({ connection: name, connectionId: id, action: 'skip', detail: `access policies could not be read: ${describeAzureError(s.azure, policies.error)}` });
        const has = s.azure.policyFor(policies.value, { objectId: who.objectId!, tenantId: who.tenantId });
        if (has) return steps.push({ connection: name, connectionId: id, action: 'none', detail: `you already have access policy "${has.name}"` });
        const policyName = developerPolicyName(who.objectId!, who.name);
        return steps.push({ connection: name, connectionId: id, action: 'add-access-policy', policyName, detail: `add access policy "${policyName}" for you (${who.name ? `${who.name}, ` : ''}object id ${who.objectId})` });
      }),
    );
  } else {
    for (const k of plan.keyConnections) {
      const { id, why } = resolve(k.name);
      steps.push(id ? { connection: k.name, connectionId: id, action: 'fetch-key', keySetting: k.setting, detail: `fetch a connection key (7 days) into ${k.setting}` } : { connection: k.name, action: 'skip', detail: `no key fetched: ${why}` });
    }
  }
  return steps.sort((a, b) => a.connection.localeCompare(b.connection));
}

/** Run the Azure writes; true when one failed (then nothing is written to the project). */
async function runSteps(s: AzureSession, project: ProjectOnDisk, steps: AzureStep[], keys: Record<string, string>): Promise<boolean> {
  const me = await s.client.signedInIdentity();
  let failed = false;
  await Promise.all(
    steps.map(async (st) => {
      if (st.action === 'add-access-policy' && me.ok) {
        const r = await s.client.createAccessPolicy(st.connectionId!, { objectId: me.value.objectId!, tenantId: me.value.tenantId!, name: st.policyName! });
        if (r.ok) st.result = 'ok';
        else {
          st.result = 'failed';
          st.error = describeAzureError(s.azure, r.error);
          failed = true;
        }
      } else if (st.action === 'fetch-key') {
        const r = await s.client.listConnectionKeys(st.connectionId!, { validityTimeSpan: '7' });
        if (!r.ok) {
          st.result = 'failed';
          st.error = describeAzureError(s.azure, r.error);
          failed = true;
          return;
        }
        s.azure.registerSecret(r.value.connectionKey);
        keys[st.keySetting!] = r.value.connectionKey;
        const entry = managedConnection(project, st.connection)?.entry;
        const url = entry ? runtimeUrlSetting(project, st.connection, entry) : undefined;
        if (url && r.value.runtimeUrl) keys[url] = r.value.runtimeUrl;
        st.result = 'ok';
      }
    }),
  );
  return failed;
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
  for (const st of steps) {
    const mark = st.result === 'failed' ? `FAILED: ${st.error}` : st.result === 'ok' ? 'done' : '';
    out.push(`  Azure: "${st.connection}": ${st.detail}${mark ? ` (${mark})` : ''}`);
  }
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
