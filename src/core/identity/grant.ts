/**
 * Grant Access: the role assignment that lets a Logic App's managed identity reach a target
 * (least-privilege built-in role by default), planned first (principal, role, scope: what the user
 * is asked to confirm), then created with PUT `{scope}/providers/Microsoft.Authorization/roleAssignments/{new guid}`
 * (azure-rest-api-specs `…/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json`,
 * `RoleAssignments_Create`).
 *
 * Only types of the client are imported here: nothing of the Azure SDK is loaded.
 */
import type { AzureClient } from '../azure/client';
import { azureError, fail, ok, type Result } from '../azure/errors';
import { createRoleAssignment, findRoleDefinitions, getAppIdentity, getKeyVault, listRoleAssignmentsFor, parseResourceId, type RoleAssignment } from '../azure/rbac';
import type { Project } from '../project';
import type { GrantPlan } from './doctor';
import { needsFor } from './needs';
import { builtInRole, leastPrivilegedRole, needLabel, type Need } from './roles';
import { identityUsages, SERVICE_LABELS, SERVICE_TYPES, type ServiceKind } from './usages';

export interface PlanGrantInput {
  appId: string;
  /** The target resource id (the scope). */
  targetId: string;
  /** A role name (built-in or custom) or GUID; default: the least-privilege built-in role. */
  role?: string;
  /** A user-assigned identity's resource id; default: the system-assigned identity. */
  identity?: string;
  /** The project whose calls decide the least-privilege role. */
  project?: Project;
  signal?: AbortSignal;
}

export interface PlannedGrant extends GrantPlan {
  /** How the role was chosen. */
  roleReason: string;
  /** An assignment of this role that already applies there (nothing to create). */
  existing?: { scope: string; id: string };
}

/** The default role when nothing tells what is needed: reading (documented with the plan). */
const READ_DEFAULTS: Partial<Record<ServiceKind, string>> = {
  keyVault: 'Key Vault Secrets User',
  storage: 'Storage Blob Data Reader',
  serviceBus: 'Azure Service Bus Data Receiver',
  eventHubs: 'Azure Event Hubs Data Receiver',
  resourceManager: 'Reader',
};

function serviceOfType(type: string | undefined): ServiceKind {
  const t = (type ?? '').toLowerCase();
  for (const [s, rt] of Object.entries(SERVICE_TYPES)) if (rt.toLowerCase() === t) return s as ServiceKind;
  return 'resourceManager';
}

/** What the project's calls need on this target (by name / id). */
function projectNeeds(project: Project, service: ServiceKind, targetId: string): Need[] {
  const name = parseResourceId(targetId)?.name?.toLowerCase();
  const needs: Need[] = [];
  for (const u of identityUsages(project).msi) {
    const t = u.target;
    if (!t) continue;
    const same = t.resourceId ? t.resourceId.toLowerCase() === targetId.toLowerCase() : t.name?.toLowerCase() === name && (t.service === service || (t.maybeEventHubs && service === 'eventHubs'));
    if (!same) continue;
    for (const n of needsFor(service, u.request, t.storageKind)?.needs ?? []) if (!needs.some((x) => needLabel(x) === needLabel(n))) needs.push(n);
  }
  return needs;
}

/** Work out the principal, the role and the scope; nothing is written. */
export async function planGrant(client: AzureClient, input: PlanGrantInput): Promise<Result<PlannedGrant>> {
  const opts = { signal: input.signal };
  const target = parseResourceId(input.targetId);
  if (!target?.name || !target.type) return fail(azureError({ kind: 'not-found', code: 'InvalidResourceId', message: `'${input.targetId.slice(0, 200)}' is not a resource id (/subscriptions/…/resourceGroups/…/providers/<type>/<name>).` }));
  const scope = input.targetId.trim().replace(/\/+$/, '');
  const app = await getAppIdentity(client, input.appId, opts);
  if (!app.ok) return app;
  const a = app.value;
  let principalId: string | undefined;
  let principalLabel: string;
  if (input.identity) {
    const ua = a.userAssigned.find((u) => u.resourceId.toLowerCase() === input.identity!.trim().toLowerCase());
    if (!ua) return fail(azureError({ kind: 'not-found', code: 'IdentityNotAttached', message: `The user-assigned identity ${input.identity.split('/').pop()} is not attached to ${a.name}.` }));
    principalId = ua.principalId;
    principalLabel = `${input.identity.split('/').pop()} (user-assigned, on ${a.name})`;
  } else {
    principalId = /systemassigned/i.test(a.type ?? '') ? a.principalId : undefined;
    principalLabel = `${a.name} (system-assigned)`;
    if (!principalId) return fail(azureError({ kind: 'not-found', code: 'NoManagedIdentity', message: `${a.name} has no system-assigned managed identity: enable it first (Identity → System assigned → On).` }));
  }
  if (!principalId) return fail(azureError({ kind: 'not-found', code: 'NoPrincipal', message: `Azure reports no principal id for ${principalLabel}.` }));
  const service = serviceOfType(target.type);
  if (service === 'keyVault') {
    const v = await getKeyVault(client, scope, opts);
    if (v.ok && !v.value.enableRbacAuthorization) {
      return fail(azureError({ kind: 'bad-response', code: 'AccessPolicyVault', message: `${target.name} uses access policies, not Azure RBAC: a role assignment would not help. Add an access policy instead: az keyvault set-policy --name ${target.name} --object-id ${principalId} --secret-permissions get list` }));
    }
  }
  let roleName: string;
  let roleGuid: string;
  let roleReason: string;
  const needs = input.project ? projectNeeds(input.project, service, scope) : [];
  if (input.role) {
    const b = builtInRole(input.role);
    if (b) {
      roleName = b.name;
      roleGuid = b.id;
    } else {
      const found = await findRoleDefinitions(client, `/subscriptions/${target.subscriptionId}`, input.role, opts);
      if (!found.ok) return found;
      const d = found.value[0];
      if (!d) return fail(azureError({ kind: 'not-found', code: 'RoleNotFound', message: `No role named "${input.role}" in subscription ${target.subscriptionId}.` }));
      roleName = d.roleName;
      roleGuid = d.name;
    }
    roleReason = 'the role you chose';
  } else {
    const least = leastPrivilegedRole(service, needs);
    const fallback = builtInRole(READ_DEFAULTS[service] ?? 'Reader')!;
    const chosen = least ?? fallback;
    roleName = chosen.name;
    roleGuid = chosen.id;
    roleReason = least ? `the least-privilege built-in role for what the project needs there (${needs.map(needLabel).join(', ')})` : `the least-privilege built-in role for reading a ${SERVICE_LABELS[service]} (nothing in the project tells more; pass a role for more)`;
  }
  const plan: PlannedGrant = {
    appId: a.appId,
    principalId,
    principalLabel,
    principalType: 'ServicePrincipal',
    roleName,
    roleDefinitionGuid: roleGuid,
    scope,
    scopeLabel: `${SERVICE_LABELS[service]} ${target.name}`,
    needs: needs.map(needLabel),
    command: `az role assignment create --assignee-object-id ${principalId} --assignee-principal-type ServicePrincipal --role "${roleName}" --scope ${scope}`,
    roleReason,
  };
  const held = await listRoleAssignmentsFor(client, scope, principalId, opts);
  if (held.ok) {
    const same = held.value.find((x) => x.roleDefinitionId.toLowerCase().endsWith(`/${roleGuid.toLowerCase()}`) && !x.condition);
    if (same) plan.existing = { scope: same.scope, id: same.id };
  }
  return ok(plan);
}

/** Create the planned role assignment. A 409 (it exists already) is not a failure. */
export async function executeGrant(client: AzureClient, plan: GrantPlan, options: { signal?: AbortSignal } = {}): Promise<Result<{ assignment?: RoleAssignment; alreadyExisted: boolean }>> {
  const r = await createRoleAssignment(client, { scope: plan.scope, roleDefinitionGuid: plan.roleDefinitionGuid, principalId: plan.principalId, principalType: plan.principalType }, options);
  if (r.ok) return ok({ assignment: r.value, alreadyExisted: false });
  if (r.error.status === 409 && /RoleAssignmentExists/i.test(r.error.code ?? '')) return ok({ alreadyExisted: true });
  return r;
}
