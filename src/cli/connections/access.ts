import type { AccessPolicy, ConnectionInfo } from '../../core/azure';
import { developerPolicyName } from '../../core/localAuth';
import { parseCommandArgs } from '../args';
import { AZURE_OPTIONS, AZURE_OPTIONS_HELP, azureFailure, guarded, openSession, parseAzureOptions, resolveConnection, type AzureSession } from '../azure';
import type { Command } from '../command';
import { EXIT_OK, UsageError, type CliIO } from '../io';

export const ACCESS_HELP = `Usage: lac connections access list <id|name> [--format text|json] [options]
       lac connections access add <id|name> [--object-id <id>] [--tenant <id>] [--name <policy>] [options]

The access policies of a V2 API connection: the identities allowed to call it (a Logic App's
managed identity in Azure; the developer, locally in managed-identity mode). V1 (Consumption)
connections have no access policies.

add gives one identity a policy (PUT .../accessPolicies/<name> with the body the official Logic
Apps extension sends: {"properties": {"principal": {"type": "ActiveDirectory", "identity":
{"objectId", "tenantId"}}}}), on the active cloud's Resource Manager endpoint. Nothing is sent
when the identity already has one.

Options:
      --object-id <id>         the identity's object id (default: you, the signed-in identity)
      --tenant <id>            its tenant (default: your sign-in's); also the sign-in tenant
      --name <policy>          the policy's name (default: for you <user>-<last 8 of your
                               object id>, as the official extension names it; else the object id)
  -f, --format <format>        text (default) or json
${AZURE_OPTIONS_HELP}

Exit status: 0 listed or added (or already there), 2 usage, sign-in or network error, or a V1
connection.
`;

const OPTIONS = { ...AZURE_OPTIONS, 'object-id': { type: 'string' }, name: { type: 'string' } } as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const accessCommand: Command = {
  name: 'access',
  summary: 'list or add the access policies of a V2 connection',
  help: ACCESS_HELP,
  run(args: readonly string[], io: CliIO): Promise<number> {
    return guarded(async () => {
      const { values, positionals } = parseCommandArgs('lac connections access', args, OPTIONS, true);
      const opts = parseAzureOptions(values, io, ['text', 'json']);
      const [action, target, ...extra] = positionals;
      if (action !== 'list' && action !== 'add') {
        throw new UsageError(action === undefined ? 'lac connections access needs "list" or "add" (see lac connections access --help)' : `unknown action "${action}" for lac connections access (list, add)`);
      }
      if (target === undefined || extra.length) throw new UsageError(`lac connections access ${action} needs one connection id or name (see lac connections access --help)`);
      if (action === 'list' && (values['object-id'] !== undefined || values.name !== undefined)) throw new UsageError('--object-id and --name go with lac connections access add');
      for (const [flag, v] of [['--object-id', values['object-id']], ['--tenant', values.tenant]] as const) {
        if (v !== undefined && !GUID.test(v.trim())) throw new UsageError(`${flag} needs a GUID, got "${v}"`);
      }
      const s = await openSession(opts, io);
      const { id } = await resolveConnection(s, target);
      const got = await s.client.getConnection(id);
      if (!got.ok) azureFailure(s, got.error);
      const c = got.value;
      if (c.kind === 'V1') throw new UsageError(`${s.azure.redact(c.name)} is a V1 connection: V1 connections have no access policies (only V2 connections, which Logic Apps Standard uses, have them)`);
      const policies = await s.client.listAccessPolicies(id);
      if (!policies.ok) azureFailure(s, policies.error, `access policies of ${c.name}`);
      if (action === 'list') return list(s, c, policies.value);
      return add(s, c, policies.value, values['object-id']?.trim(), values.name);
    });
  },
};

function list(s: AzureSession, c: ConnectionInfo, policies: AccessPolicy[]): number {
  const { azure, io, opts } = s;
  if (opts.format === 'json') {
    io.stdout.write(JSON.stringify(azure.redactDeep({ id: c.id, name: c.name, kind: c.kind ?? null, policies }), null, 2) + '\n');
    return EXIT_OK;
  }
  const out = [`${c.name}: ${policies.length} access polic${policies.length === 1 ? 'y' : 'ies'}`];
  for (const p of policies) out.push(`  ${p.name}  object id ${p.objectId ?? '?'}  tenant ${p.tenantId ?? '?'}${p.principalType && p.principalType !== 'ActiveDirectory' ? `  (${p.principalType})` : ''}`);
  io.stdout.write(azure.redact(out.join('\n')) + '\n');
  return EXIT_OK;
}

async function add(s: AzureSession, c: ConnectionInfo, policies: AccessPolicy[], objectIdArg: string | undefined, nameArg: string | undefined): Promise<number> {
  const { azure, client, io, opts } = s;
  const me = await client.signedInIdentity();
  const mine = me.ok ? me.value : undefined;
  const objectId = objectIdArg ?? mine?.objectId;
  if (!objectId) throw new UsageError('your sign-in carries no object id: give the identity with --object-id (and --tenant)');
  const tenantId = opts.tenant ?? mine?.tenantId;
  if (!tenantId) throw new UsageError('the identity\'s tenant is unknown: give it with --tenant');
  const isMe = !!mine?.objectId && mine.objectId.toLowerCase() === objectId.toLowerCase();
  const who = isMe ? `you${mine?.name ? ` (${mine.name})` : ''}, object id ${objectId}` : `object id ${objectId}`;
  const existing = azure.policyFor(policies, { objectId, tenantId });
  if (existing) {
    if (opts.format === 'json') io.stdout.write(JSON.stringify(azure.redactDeep({ id: c.id, added: false, policy: existing }), null, 2) + '\n');
    else io.stdout.write(azure.redact(`${c.name}: ${who} already has access policy "${existing.name}"; nothing sent\n`));
    return EXIT_OK;
  }
  const name = nameArg?.trim() || (isMe ? developerPolicyName(objectId, mine?.name) : objectId);
  const r = await client.createAccessPolicy(c.id, { objectId, tenantId, name }, { connection: c });
  if (!r.ok) azureFailure(s, r.error, `access policy on ${c.name}`);
  if (opts.format === 'json') io.stdout.write(JSON.stringify(azure.redactDeep({ id: c.id, added: true, policy: r.value }), null, 2) + '\n');
  else io.stdout.write(azure.redact(`${c.name}: added access policy "${r.value.name}" for ${who} (tenant ${tenantId})\n`));
  return EXIT_OK;
}
