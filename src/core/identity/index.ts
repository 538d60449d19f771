/**
 * The identity and credentials doctor (see doctor.ts): what a project does with managed identities
 * and service principals (usages.ts), what each request needs (needs.ts), Azure RBAC matching and
 * the built-in roles (roles.ts), Grant Access (grant.ts) and the report's Markdown and text (render.ts).
 *
 * Exported with the Azure client (src/core/azure/index.ts): the editor and the CLI load it lazily.
 */
export { diagnoseIdentity, EXPIRY_WARNING_DAYS, type CalendarEntry, type GrantPlan, type IdentityCheck, type IdentityCheckId, type IdentityDiagnoseInput, type IdentityReport } from './doctor';
export { executeGrant, planGrant, type PlanGrantInput, type PlannedGrant } from './grant';
export { withIdentity } from './merge';
export { accessPolicyAllows, needsFor, type RequestNeeds } from './needs';
export { calendarMarkdown, checksMarkdown, grantCommand, identityTextLines, identityToMarkdown, relativeDays } from './render';
export { BUILT_IN_ROLES, builtInRole, grants, leastPrivilegedRole, matchesOperation, roleGrants, rolesGranting, type BuiltInRole, type Need, type Permissions } from './roles';
export { identityUsages, resolveProjectValue, SERVICE_LABELS, SERVICE_TYPES, targetOfHost, type IdentityRef as MsiIdentityRef, type MsiUse, type ServiceKind, type SpCredentialUse, type Target, type Usages } from './usages';
