import * as path from 'path';
import type { PlannedGrant } from '../core/azure';
import { parseCommandArgs } from './args';
import { AZURE_OPTIONS, AZURE_OPTIONS_HELP, azureFailure, guarded, openSession, parseAzureOptions } from './azure';
import type { Command } from './command';
import { loadCoreProject } from './identity';
import { EXIT_OK, UsageError, type CliIO } from './io';
import { isProjectPath } from './projectConnections';

export const ACCESS_HELP = `Usage: lac access grant --app <id> --target <resource id> [--role <name>] [options]

Grant a Logic App's managed identity a role on a resource: the fix for a role-assignment finding
of lac diagnose ("Forbidden" with a managed identity). It shows the principal, the role and the
scope, asks, then creates the role assignment (PUT
Microsoft.Authorization/roleAssignments/<new guid>).

The role is the least-privilege built-in role for what the project's calls need on that target
(--project, default: the current folder when it is a Logic Apps project), else the built-in role
for reading it (Key Vault Secrets User, Storage Blob Data Reader, Azure Service Bus Data Receiver,
Azure Event Hubs Data Receiver, Reader). A broader role only when you name it with --role.

Options:
      --app <resource id>      the Logic App (…/Microsoft.Web/sites/<name> or
                               …/Microsoft.Logic/workflows/<name>)
      --target <resource id>   the resource to grant access to (the scope)
      --role <name>            a role name (built-in or custom) or its GUID
      --identity <resource id> a user-assigned identity of the app (default: system-assigned)
      --project <folder>       the project whose calls decide the role (default: the current
                               folder when it holds connections.json)
  -y, --yes                    create it without asking
  -f, --format <format>        text (default) or json
${AZURE_OPTIONS_HELP}

Without --yes the command asks on a terminal; elsewhere it prints the plan and creates nothing.
Exit status: 0 created (or it already exists, or only planned), 2 usage, sign-in, permission
or network error.
`;

const OPTIONS = {
  ...AZURE_OPTIONS,
  app: { type: 'string' },
  target: { type: 'string' },
  role: { type: 'string' },
  identity: { type: 'string' },
  project: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
} as const;

function planText(p: PlannedGrant): string {
  return [
    `  principal  ${p.principalLabel} (object id ${p.principalId})`,
    `  role       ${p.roleName} (${p.roleDefinitionGuid}): ${p.roleReason}`,
    `  scope      ${p.scope}`,
    ...(p.needs.length ? [`  needed     ${p.needs.join(', ')}`] : []),
  ].join('\n');
}

export const accessCommand: Command = {
  name: 'access',
  summary: 'grant a Logic App\'s managed identity a role on a resource (access grant)',
  help: ACCESS_HELP,
  run(args: readonly string[], io: CliIO): Promise<number> {
    return guarded(async () => {
      const [sub, ...rest] = args;
      if (sub !== 'grant') throw new UsageError(`lac access needs a subcommand: grant (see lac access --help)`);
      const { values, positionals } = parseCommandArgs('lac access grant', rest, OPTIONS, false);
      void positionals;
      const opts = parseAzureOptions(values, io, ['text', 'json']);
      if (!values.app) throw new UsageError('lac access grant needs --app <Logic App resource id>');
      if (!values.target) throw new UsageError('lac access grant needs --target <resource id>');
      const s = await openSession(opts, io);
      if (!s.azure.logicAppKind(values.app)) throw new UsageError(`--app needs a Logic App resource id (…/Microsoft.Web/sites/<name> or …/Microsoft.Logic/workflows/<name>), got "${s.azure.redact(values.app)}"`);
      if (!s.azure.parseResourceId(values.target)?.name) throw new UsageError(`--target needs a resource id (/subscriptions/…/resourceGroups/…/providers/<type>/<name>), got "${s.azure.redact(values.target)}"`);
      const projectDir = values.project ?? (isProjectPath('.', io.cwd) ? '.' : undefined);
      const project = projectDir ? loadCoreProject(path.resolve(io.cwd, projectDir)) : undefined;
      const planned = await s.azure.planGrant(s.client, {
        appId: values.app,
        targetId: values.target,
        ...(values.role ? { role: values.role } : {}),
        ...(values.identity ? { identity: values.identity } : {}),
        ...(project ? { project } : {}),
      });
      if (!planned.ok) {
        if (planned.error.kind === 'not-found' || planned.error.code === 'AccessPolicyVault') throw new UsageError(s.azure.redact(planned.error.message));
        azureFailure(s, planned.error);
      }
      const plan = planned.value;
      const json = opts.format === 'json';
      const emit = (doc: Record<string, unknown>) => io.stdout.write(JSON.stringify(s.azure.redactDeep({ ...doc, principalId: plan.principalId, principal: plan.principalLabel, role: plan.roleName, roleDefinitionId: plan.roleDefinitionGuid, scope: plan.scope, roleReason: plan.roleReason, needs: plan.needs, command: plan.command }), null, 2) + '\n');
      if (plan.existing) {
        if (json) emit({ status: 'exists', existing: plan.existing });
        else io.stdout.write(s.azure.redact(`nothing to do: ${plan.principalLabel} already has ${plan.roleName} at ${plan.existing.scope}\n`));
        return EXIT_OK;
      }
      if (!json) io.stdout.write(s.azure.redact(`Grant this role assignment?\n${planText(plan)}\n`));
      let go = !!values.yes;
      if (!go && io.ask && !json) {
        const answer = await io.ask('Create it? [y/N] ');
        go = !!answer && /^y(es)?$/i.test(answer.trim());
        if (!go) {
          io.stdout.write('nothing created\n');
          return EXIT_OK;
        }
      }
      if (!go) {
        if (json) emit({ status: 'planned' });
        else io.stdout.write(`nothing created: run again with --yes to create it (or: ${s.azure.redact(plan.command)})\n`);
        return EXIT_OK;
      }
      const r = await s.azure.executeGrant(s.client, plan);
      if (!r.ok) azureFailure(s, r.error, `creating the role assignment (needs Microsoft.Authorization/roleAssignments/write on ${plan.scope}: Owner, User Access Administrator or Role Based Access Control Administrator)`);
      if (json) emit({ status: r.value.alreadyExisted ? 'exists' : 'created', ...(r.value.assignment ? { assignmentId: r.value.assignment.id } : {}) });
      else io.stdout.write(s.azure.redact(r.value.alreadyExisted ? `nothing to do: the role assignment exists already\n` : `created role assignment ${r.value.assignment?.id}\n(role assignments can take a few minutes to apply)\n`));
      return EXIT_OK;
    });
  },
};
