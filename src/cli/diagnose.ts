import { appOfSite, policyNeedOf, type AzureApp } from '../core/accessIdentity';
import type { DiagnoseInput, DiagnosisReport, IdentityReport } from '../core/azure';
import type { AzureIdentity } from '../core/azureFacts';
import { entryAuth, localAuthMode, modeLabel, type LocalAuthMode } from '../core/localAuth';
import { parseCommandArgs } from './args';
import { AZURE_OPTIONS, AZURE_OPTIONS_HELP, azureFailure, guarded, isCallerError, openSession, parseAzureOptions, resolveConnection, type AzureSession } from './azure';
import type { Command } from './command';
import { displayPath, EXIT_FINDINGS, EXIT_OK, plural, style, UsageError, useColor, type CliIO } from './io';
import { identityReportFor, withIdentity } from './identity';
import { connectionIdOfEntry, connectionKeyValue, isProjectPath, managedConnection, managedConnectionNames, openProject } from './projectConnections';

export const DIAGNOSE_HELP = `Usage: lac diagnose <project|id|name> [--format text|markdown|json] [options]

Diagnose API connections in Azure: status, kind, who authorized them, a live test, access
policies, OAuth consent, and the expiry of the project's connection key. A connection made from
a custom connector also gets the connector's OAuth settings judged (LAC070–LAC074) and the
custom connector OAuth checklist.

  <id|name>   one connection: its resource id, or its name (looked up in your subscriptions)
  <customApi id>
              a custom connector (/subscriptions/…/providers/Microsoft.Web/customApis/<name>):
              its OAuth settings, the checklist, and the connections made from it (tested)
  <project>   a Logic Apps Standard project folder: every managed API connection of its
              connections.json whose connection.id is literal or resolves through
              local.settings.json (@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}...) and
              parameters.json; the others are listed as skipped

Access policies are checked against the identity that calls each connection. With --app, as in
Azure: the identity of that Logic App (Standard) its entry uses (system-assigned, or the
user-assigned one "authentication.identity" names). Without it, as for local runs, by the
project's local authentication mode (local.settings.json WORKFLOWS_AUTHENTICATION_METHOD, shown
first): in managed-identity mode you (the signed-in identity) for entries with managed-identity
authentication; in key mode nobody (a connection key needs no access policy); unknown without
local.settings.json. One connection diagnosed by id or name is checked against you, or with
--app against every identity of the app.

Identities and credentials (checks app-identity, role-assignment, credential-expiry,
authorized-user, tenant; a calendar of what expires): with --app, whether the app has the managed
identity its actions use and whether that identity's roles (or a Key Vault's access policies)
grant what each call needs; for a project, the secrets and certificates of the app
registrations its actions sign in with (Microsoft Graph); the users who authorized connections;
connections in another tenant. A call that is refused says "could not be checked" and which
permission would allow it. Microsoft Graph: the same sign-in (LAC_ACCESS_TOKEN is never sent to
Graph: set LAC_GRAPH_TOKEN, or use --auth cli/default).

Options:
  -f, --format <format>        text (default), markdown or json
      --no-test                do not run the live test (it calls the connector)
      --no-usage               do not look up which deployed logic apps use the connection
                               (Consumption workflows' $connections, Standard apps'
                               deployed connections.json; the connection's subscription and
                               each --subscription are read)
      --app <resource id>      the Logic App that runs the project in Azure: a Standard site
                               (/subscriptions/…/resourceGroups/…/providers/Microsoft.Web/sites/<name>)
                               or a Consumption workflow (…/providers/Microsoft.Logic/workflows/<name>)
${AZURE_OPTIONS_HELP}

Exit status: 0 no errors found, 1 a connection has errors, 2 usage, file, sign-in or network
error.
`;

const OPTIONS = { ...AZURE_OPTIONS, 'no-test': { type: 'boolean' }, 'no-usage': { type: 'boolean' }, app: { type: 'string' } } as const;
const FORMATS = ['text', 'markdown', 'json'] as const;

interface Entry {
  name: string;
  connectionId?: string;
  skipped?: string;
  report?: DiagnosisReport;
}

export const diagnoseCommand: Command = {
  name: 'diagnose',
  summary: 'diagnose API connections in Azure (one, or those of a project)',
  help: DIAGNOSE_HELP,
  run(args: readonly string[], io: CliIO): Promise<number> {
    return guarded(async () => {
      const { values, positionals } = parseCommandArgs('lac diagnose', args, OPTIONS, true);
      const opts = parseAzureOptions(values, io, FORMATS);
      if (positionals.length !== 1) throw new UsageError('lac diagnose needs one project folder, connection id or name (see lac diagnose --help)');
      const target = positionals[0]!;
      const skipTest = !!values['no-test'];
      const withUsage = !values['no-usage'];
      const color = useColor(io.stdout, io.env);

      if (!/^\/subscriptions\//i.test(target.trim()) && isProjectPath(target, io.cwd)) {
        const project = openProject(target, io.cwd);
        const entries: Entry[] = managedConnectionNames(project).map((name) => {
          const r = connectionIdOfEntry(project, managedConnection(project, name)!.entry);
          return r.ok ? { name, connectionId: r.value } : { name, skipped: r.reason };
        });
        const s = await openSession(opts, io);
        const mode = localAuthMode(project);
        const who = await callers(s, values.app);
        // One lookup of who uses what, for every entry of the project.
        const subs = [...new Set(entries.map((e) => (e.connectionId ? s.azure.parseConnectionId(e.connectionId)?.subscriptionId : undefined)).filter((x): x is string => !!x))];
        const usage = withUsage && subs.length ? await s.azure.findConnectionUsers(s.client, { subscriptionIds: [...subs, ...s.opts.subscriptions] }) : undefined;
        for (const e of entries) {
          if (e.connectionId && !s.azure.parseConnectionId(e.connectionId)) {
            e.skipped = `its connection.id "${s.azure.redact(e.connectionId)}" is not a connection resource id`;
            delete e.connectionId;
          }
        }
        await Promise.all(
          entries
            .filter((e) => e.connectionId)
            .map(async (e) => {
              const entry = managedConnection(project, e.name)!.entry;
              const auth = entryAuth(project, entry);
              // The key matters only to entries that may read one.
              const key = auth.kind === 'msi' || auth.kind === 'oauth' ? undefined : connectionKeyValue(project, e.name, entry);
              if (key) s.azure.registerSecret(key);
              const need = policyNeedOf({ auth, mode, ...(who.developer ? { developer: who.developer } : {}), ...(who.app ? { app: who.app } : {}) });
              e.report = await diagnose(s, e.connectionId!, skipTest, { ...(need.kind === 'identity' ? { expectedIdentity: need.identity } : { noIdentityReason: need.why }), ...(usage ? { usage } : {}) }, key);
            }),
        );
        const identity = await identityReportFor(s, { ...(values.app ? { appId: values.app } : {}), projectRoot: project.root, connectionIds: entries.map((e) => e.connectionId).filter((x): x is string => !!x) });
        const projectPath = displayPath(project.root, io.cwd);
        io.stdout.write(renderProject(s, projectPath, mode, entries, opts.format, color, identity));
        return entries.some((e) => e.report?.overall === 'error') || identity.overall === 'error' ? EXIT_FINDINGS : EXIT_OK;
      }

      const s = await openSession(opts, io);
      if (s.azure.parseCustomApiId(target)) {
        const report = await s.azure.diagnoseCustomApi(s.client, { customApiId: target.trim(), skipTest, ...(s.opts.tenant ? { tenantId: s.opts.tenant } : {}) });
        const lookup = report.errors.find((e) => e.step === 'get custom connector');
        if (lookup && isCallerError(lookup.error)) azureFailure(s, lookup.error);
        io.stdout.write(formatReport(s, report, opts.format, color));
        return report.overall === 'error' ? EXIT_FINDINGS : EXIT_OK;
      }
      const who = await callers(s, values.app);
      const { id } = await resolveConnection(s, target);
      const report = withIdentity(
        await diagnose(
          s,
          id,
          skipTest,
          who.app
            ? { candidateIdentities: who.app.identities.map((x) => ({ objectId: x.objectId, ...(x.tenantId ? { tenantId: x.tenantId } : {}), source: 'managed-identity' as const, description: s.azure.redact(describe(who.app!, x)) })) }
            : who.developer
              ? { expectedIdentity: s.azure.expectedIdentityOfUser(who.developer)! }
              : who.noIdentityReason
                ? { noIdentityReason: who.noIdentityReason }
                : {},
          undefined,
          withUsage ? { findUsers: { subscriptionIds: s.opts.subscriptions } } : {},
        ),
        await identityReportFor(s, { ...(values.app ? { appId: values.app } : {}), connection: { id } }),
      );
      io.stdout.write(formatReport(s, report, opts.format, color));
      return report.overall === 'error' ? EXIT_FINDINGS : EXIT_OK;
    });
  },
};

interface Callers {
  /** The signed-in identity (none for a token without claims, as an emulator's). */
  developer?: AzureIdentity;
  /** `--app`: the deployed Logic App and its identities. */
  app?: AzureApp;
  /** A Consumption workflow (`--app`): its connections have no access policies. */
  noIdentityReason?: string;
}

/**
 * Who calls the connections: with `--app`, that Logic App's managed identities (a usage error when
 * it has none or cannot be read); else the signed-in identity.
 */
async function callers(s: AzureSession, app: string | undefined): Promise<Callers> {
  if (app !== undefined && s.azure.logicAppKind(app) === 'consumption') {
    // A Consumption workflow: its connections (V1) have no access policies; the identity checks read its identity.
    return { noIdentityReason: 'a Consumption workflow calls its connections without access policies (V1 connections have none)' };
  }
  if (app !== undefined) {
    const parts = s.azure.parseSiteId(app);
    if (!parts) throw new UsageError(`--app needs a Logic App resource id (/subscriptions/…/providers/Microsoft.Web/sites/<name> or …/Microsoft.Logic/workflows/<name>), got "${s.azure.redact(app)}"`);
    const site = await s.client.resolveSiteIdentity(app);
    if (!site.ok) azureFailure(s, site.error, `the identity of ${app}`);
    const a = appOfSite(site.value, parts.name);
    if (!a.identities.length) throw new UsageError(`${parts.name} has no managed identity (system- or user-assigned): nothing to check access policies against`);
    return { app: a };
  }
  const me = await s.client.signedInIdentity();
  return me.ok && me.value.objectId ? { developer: { objectId: me.value.objectId, ...(me.value.tenantId ? { tenantId: me.value.tenantId } : {}), ...(me.value.name ? { name: me.value.name } : {}) } } : {};
}

function describe(app: AzureApp, id: AzureApp['identities'][number]): string {
  return id.kind === 'system' ? `the system-assigned identity of ${app.name}` : `the user-assigned identity ${id.resourceId?.split('/').pop() ?? id.objectId} of ${app.name}`;
}

type IdentityInput = Partial<Pick<DiagnoseInput, 'expectedIdentity' | 'candidateIdentities' | 'noIdentityReason' | 'usage'>>;

async function diagnose(s: AzureSession, connectionId: string, skipTest: boolean, identity: IdentityInput, connectionKey?: string, users: Partial<Pick<DiagnoseInput, 'findUsers'>> = {}): Promise<DiagnosisReport> {
  const report = await s.azure.diagnoseConnection(s.client, {
    connectionId,
    projectKind: 'standard',
    skipTest,
    ...identity,
    ...users,
    ...(s.opts.tenant ? { tenantId: s.opts.tenant } : {}),
    ...(connectionKey ? { connectionKey } : {}),
  });
  // Our own sign-in or network failing is not a finding about the connection.
  const lookup = report.errors.find((e) => e.step === 'get connection');
  if (lookup && isCallerError(lookup.error)) azureFailure(s, lookup.error);
  return report;
}

function formatReport(s: AzureSession, report: DiagnosisReport, format: string, color: boolean): string {
  if (format === 'json') return s.azure.toJSON(report) + '\n';
  if (format === 'markdown') return s.azure.toMarkdown(report);
  return renderText(s, report, color);
}

const MARK = { ok: 'ok', info: 'info', warning: 'warn', error: 'error' } as const;
const STATE = { ok: 'ok', problem: 'fix', unknown: 'check' } as const;

/** A report as plain text: one line per check, next steps and allowed links indented. */
export function renderText(s: AzureSession, report: DiagnosisReport, color: boolean): string {
  const st = style(color);
  const r = s.azure.redact;
  const paint = (sev: keyof typeof MARK, text: string) => (sev === 'error' ? st.red(text) : sev === 'warning' ? st.yellow(text) : text);
  const out: string[] = [];
  out.push(`${st.bold(r(report.name ?? report.connectionId))}: ${paint(report.overall, report.overall)}`);
  out.push(`  ${st.gray(r(report.connectionId))}`);
  const c = report.connection;
  if (c) {
    const facts = [c.api && `API ${c.api}`, c.kind && `kind ${c.kind}`, c.location, c.authenticatedUser ? `authorized by ${c.authenticatedUser}` : 'authorized by: not reported'].filter(Boolean);
    if (facts.length) out.push(`  ${r(facts.join(' · '))}`);
  }
  for (const check of report.checks) {
    const mark = `[${MARK[check.severity]}]`.padEnd(8);
    out.push(`  ${paint(check.severity, mark)}${r(check.title)}: ${r(check.detail)}`);
    if (check.usedBy?.length) out.push(`          used by: ${r(check.usedBy.join(', '))}`);
    if (check.nextStep) out.push(`          next: ${r(check.nextStep)}`);
    if (check.grant) out.push(`          grant: ${r(s.azure.grantCommand(check.grant))}`);
    for (const l of check.links ?? []) {
      if (s.azure.isAllowedExternalUrl(l.url, report.cloud)) out.push(`          ${r(l.title)}: ${st.underline(l.url)}`);
    }
  }
  const cc = report.customConnector;
  if (cc?.checklist.length) {
    out.push(`  custom connector ${r(cc.displayName ? `${cc.displayName} (${cc.name})` : cc.name)}: OAuth checklist`);
    for (const i of cc.checklist) out.push(`    ${paint(i.state === 'problem' ? 'error' : 'ok', `[${STATE[i.state]}]`.padEnd(8))}${r(i.item)}: ${r(i.detail)}`);
  }
  if (report.connections) {
    out.push(`  connections made from it:${report.connections.length ? '' : ' none in its subscription'}`);
    for (const c of report.connections) out.push(`    ${r(c.name)}: ${r(c.status)}${c.test ? `, test ${c.test.status}${c.test.httpStatus ? ` (HTTP ${c.test.httpStatus})` : ''}` : ''}`);
  }
  for (const e of report.errors) out.push(`  ${st.gray(`could not ${r(e.step)}: ${e.error.kind}: ${r(e.error.message)}`)}`);
  return out.join('\n') + '\n';
}

/** "managed identity (WORKFLOWS_AUTHENTICATION_METHOD is …)", "unknown (there is no local.settings.json …)". */
function modeText(mode: LocalAuthMode): string {
  return `${modeLabel(mode.mode)} (${mode.reason})`;
}

function renderProject(s: AzureSession, projectPath: string, mode: LocalAuthMode, entries: Entry[], format: string, color: boolean, identity?: IdentityReport): string {
  const diagnosed = entries.filter((e) => e.report);
  const skipped = entries.filter((e) => e.skipped);
  const overalls = [...diagnosed.map((e) => e.report!.overall), ...(identity ? [identity.overall] : [])];
  const overall = overalls.includes('error') ? 'error' : overalls.includes('warning') ? 'warning' : 'ok';
  if (format === 'json') {
    const doc = {
      project: projectPath,
      localAuthentication: { mode: mode.mode, reason: mode.reason },
      overall,
      // The identity and credentials checks (one entry per target or credential) and what expires when.
      ...(identity ? { ...(identity.app ? { app: identity.app } : {}), checks: identity.checks, calendar: identity.calendar, ...(identity.errors.length ? { identityErrors: identity.errors } : {}) } : {}),
      connections: entries.map((e) =>
        e.report ? { name: e.name, connectionId: e.connectionId, report: JSON.parse(s.azure.toJSON(e.report)) as unknown } : { name: e.name, skipped: e.skipped },
      ),
    };
    return JSON.stringify(s.azure.redactDeep(doc), null, 2) + '\n';
  }
  const r = s.azure.redact;
  if (format === 'markdown') {
    const out = [`# Project diagnosis: ${r(projectPath).replace(/[\\`*_[\]()|!#<>]/g, (ch) => `\\${ch}`)}`, ''];
    out.push(`Local authentication: ${r(modeText(mode)).replace(/[\\`*_[\]()|!#<>]/g, (ch) => `\\${ch}`)}`, '');
    out.push(`${plural(diagnosed.length, 'connection')} diagnosed, overall **${overall}**.`, '');
    if (skipped.length) {
      out.push('## Skipped', '');
      for (const e of skipped) out.push(`- \`${r(e.name).replace(/`/g, '')}\`: ${r(e.skipped).replace(/[\\`*_[\]()|!#<>]/g, (ch) => `\\${ch}`)}`);
      out.push('');
    }
    for (const e of diagnosed) out.push('---', '', s.azure.toMarkdown(e.report!));
    if (identity) out.push('---', '', s.azure.identityToMarkdown(identity, projectPath));
    return out.join('\n').replace(/\n*$/, '\n');
  }
  const header = `${projectPath}: local authentication: ${r(modeText(mode))}\n`;
  if (!entries.length && !identity?.checks.length) return `${header}${projectPath}: no managed API connections in connections.json\n`;
  const out: string[] = [header];
  for (const e of diagnosed) out.push(renderText(s, e.report!, color));
  for (const e of skipped) out.push(`${r(e.name)}: skipped: ${r(e.skipped)}\n`);
  if (identity?.checks.length || identity?.calendar.length) out.push(renderIdentityText(s, identity, color));
  out.push(`${projectPath}: ${plural(diagnosed.length, 'connection')} diagnosed${skipped.length ? `, ${skipped.length} skipped` : ''}; overall ${overall}\n`);
  return out.join('\n');
}

/** The identity and credentials checks and the calendar as text (after the connections). */
function renderIdentityText(s: AzureSession, identity: IdentityReport, color: boolean): string {
  const st = style(color);
  const paint = (sev: string, text: string) => (sev === 'error' ? st.red(text) : sev === 'warning' ? st.yellow(text) : text);
  const out = [`${st.bold('identities and credentials')}${identity.app ? ` (${s.azure.redact(identity.app.name)})` : ''}: ${paint(identity.overall, identity.overall)}`];
  for (const l of s.azure.identityTextLines(identity)) {
    out.push(`  ${paint(l.severity, l.line.slice(0, 8))}${l.line.slice(8)}`);
    for (const x of l.sub) out.push(`          ${x}`);
  }
  return out.join('\n') + '\n';
}
