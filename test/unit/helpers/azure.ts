/** Fake Azure answers for the Azure-aware rules' tests (ARM JSON, parsed like the client's). */
import type { AzureExample, AzureIdentity } from '../../../src/core/azureFacts';

export const SUB = 'aaaa0001-0000-4000-8000-000000000001';
export const TENANT = 'c0ffee00-0000-4000-8000-000000000000';
export const DEVELOPER: AzureIdentity = { objectId: 'de7e1000-0000-4000-8000-00000000000d', tenantId: TENANT, name: 'dev@contoso.com' };

export const connId = (name: string, sub = SUB, rg = 'rg-integration'): string => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/connections/${name}`;
export const runtimeUrl = (api: string, n = '0'): string => `https://0123456789abcde${n}.00.common.logic-westeurope.azure-apihub.net/apim/${api}/0123456789abcdef0123456789abcde${n}/`;

/** A managedApiConnections entry. */
export function entry(name: string, extra: Record<string, unknown> = {}, id = connId(name)): Record<string, unknown> {
  return {
    api: { id: `/subscriptions/${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/office365` },
    connection: { id },
    connectionRuntimeUrl: runtimeUrl('office365'),
    authentication: { type: 'ManagedServiceIdentity' },
    ...extra,
  };
}

/** A connection resource as ARM returns it. */
export function resource(name: string, properties: Record<string, unknown> = {}, kind = 'V2', id = connId(name)): Record<string, unknown> {
  return {
    id,
    name,
    kind,
    location: 'westeurope',
    properties: { overallStatus: 'Connected', statuses: [{ status: 'Connected' }], connectionRuntimeUrl: runtimeUrl('office365'), ...properties },
  };
}

export const found = (res: Record<string, unknown>, accessPolicies?: unknown[]): AzureExample['connections'][string] => ({ resource: res, ...(accessPolicies ? { accessPolicies } : {}) });
export const armError = (status: number, code: string, message = `${code}.`): AzureExample['connections'][string] => ({ error: { status, code, message } });
export const policy = (name: string, objectId: string, tenantId = TENANT): unknown => ({ name, properties: { principal: { type: 'ActiveDirectory', identity: { objectId, tenantId } } } });
