/**
 * What a request needs from Azure RBAC (the data action, or the Resource Manager action) and, for a
 * Key Vault with access policies, the access-policy permission.
 *
 * Sources:
 * - Key Vault data actions: learn.microsoft.com/azure/key-vault/general/rbac-guide and the
 *   Microsoft.KeyVault operations list (learn.microsoft.com/azure/role-based-access-control/permissions/security):
 *   Get Secret → `vaults/secrets/getSecret/action`, list / properties → `readMetadata/action`, Set
 *   Secret → `setSecret/action`, keys `keys/read`, `keys/{encrypt|decrypt|sign|verify|wrap|unwrap}/action`,
 *   certificates `certificates/read`; access policies: learn.microsoft.com/azure/key-vault/general/assign-access-policy
 *   (secrets get, list, set, delete; keys get, list, encrypt…; certificates get, list);
 * - Storage: learn.microsoft.com/rest/api/storageservices/authorize-with-azure-active-directory
 *   ("Permissions for calling data operations": blobs read / write / delete; queue messages
 *   read (peek), process (get, delete), add; table entities read / write / delete);
 * - Service Bus: learn.microsoft.com/azure/service-bus-messaging/service-bus-role-based-access-control
 *   (`Microsoft.ServiceBus/namespaces/messages/send/action`, `…/receive/action`); Event Hubs the same
 *   under `Microsoft.EventHub` (learn.microsoft.com/azure/event-hubs/authorize-access-azure-active-directory);
 * - Resource Manager operations `{namespace}/{type}/read|write|delete` and `…/{action}/action`
 *   (learn.microsoft.com/azure/role-based-access-control/resource-provider-operations);
 * - Cosmos DB for NoSQL data actions (learn.microsoft.com/azure/cosmos-db/nosql/security/reference-data-plane-actions,
 *   and the REST API's resource paths learn.microsoft.com/rest/api/cosmos-db/: `/dbs/{db}/colls/{coll}/docs[/{id}]`,
 *   `/sprocs/{id}`): a point read → `…/containers/items/read` (the feed is not told), a query (POST docs with
 *   `x-ms-documentdb-isquery: true`) → `…/containers/executeQuery`, create → `items/create`, upsert
 *   (`x-ms-documentdb-is-upsert: true`) → `items/upsert`, replace → `items/replace`, delete →
 *   `items/delete`, run a stored procedure → `…/containers/executeStoredProcedure`, anything else read →
 *   `Microsoft.DocumentDB/databaseAccounts/readMetadata`.
 *
 * A request whose need cannot be told gives no need: the check then only knows "no data role at all".
 *
 * Pure.
 */
import type { Need } from './roles';
import type { RequestShape, ServiceKind } from './usages';

export interface RequestNeeds {
  needs: Need[];
  /** For messages: `get secret`, `send messages`, `write blobs`. */
  what: string;
  /** Key Vault access-policy permission (vaults with the access-policy model). */
  accessPolicy?: { collection: 'secrets' | 'keys' | 'certificates'; permission: string };
}

const KV = 'Microsoft.KeyVault/vaults';
const BLOB = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs';
const QUEUE = 'Microsoft.Storage/storageAccounts/queueServices/queues/messages';
const TABLE = 'Microsoft.Storage/storageAccounts/tableServices/tables/entities';

const data = (dataAction: string): Need => ({ dataAction });

const COSMOS = 'Microsoft.DocumentDB/databaseAccounts';
const COSMOS_CONTAINERS = `${COSMOS}/sqlDatabases/containers`;

/** Cosmos DB for NoSQL: what a REST call needs, and the database and container it is about (when literal). */
function cosmosNeeds(method: string, path: string, headers: Readonly<Record<string, string>> | undefined): RequestNeeds | undefined {
  const s = segmentsOf(path);
  const lowerSeg = s.map((x) => x.toLowerCase());
  const header = (name: string) => /^true$/i.test((headers?.[name] ?? '').trim());
  if (lowerSeg[0] === 'dbs' && lowerSeg[2] === 'colls' && lowerSeg[4] === 'docs') {
    // A point read; the feed (GET without an id) has no data action of its own in the reference: not told.
    if (method === 'GET') return s[5] ? { needs: [data(`${COSMOS_CONTAINERS}/items/read`)], what: 'read items' } : undefined;
    if (method === 'POST' && header('x-ms-documentdb-isquery')) return { needs: [data(`${COSMOS_CONTAINERS}/executeQuery`)], what: 'query items' };
    if (method === 'POST' && header('x-ms-documentdb-is-upsert')) return { needs: [data(`${COSMOS_CONTAINERS}/items/upsert`)], what: 'upsert items' };
    if (method === 'POST') return { needs: [data(`${COSMOS_CONTAINERS}/items/create`)], what: 'create items' };
    if (method === 'PUT' || method === 'PATCH') return { needs: [data(`${COSMOS_CONTAINERS}/items/replace`)], what: 'replace items' };
    if (method === 'DELETE') return { needs: [data(`${COSMOS_CONTAINERS}/items/delete`)], what: 'delete items' };
    return undefined;
  }
  if (lowerSeg[0] === 'dbs' && lowerSeg[2] === 'colls' && lowerSeg[4] === 'sprocs' && method === 'POST') {
    return { needs: [data(`${COSMOS_CONTAINERS}/executeStoredProcedure`)], what: 'run stored procedures' };
  }
  if (method === 'GET' || method === 'HEAD') return { needs: [data(`${COSMOS}/readMetadata`)], what: 'read metadata' };
  return undefined;
}

/**
 * Where a Cosmos DB call acts, below its account: `dbs/{db}` and `dbs/{db}/colls/{coll}` (what a
 * data-plane role assignment's scope may name), as far as the path is literal.
 */
export function cosmosResourcePath(path: string): string[] {
  const s = segmentsOf(path);
  const out: string[] = [];
  if (s[0]?.toLowerCase() !== 'dbs' || !s[1] || s[1].includes('{x}')) return out;
  out.push(`dbs/${s[1]}`);
  if (s[2]?.toLowerCase() === 'colls' && s[3] && !s[3].includes('{x}')) out.push(`dbs/${s[1]}/colls/${s[3]}`);
  return out;
}

function segmentsOf(path: string): string[] {
  return path.split('?')[0]!.split('/').filter(Boolean);
}

const KEY_OPS: Record<string, string> = { encrypt: 'encrypt', decrypt: 'decrypt', sign: 'sign', verify: 'verify', wrapkey: 'wrap', unwrapkey: 'unwrap' };

function keyVaultNeeds(method: string, path: string): RequestNeeds | undefined {
  const s = segmentsOf(path).map((x) => x.toLowerCase());
  const [collection, name, third, fourth] = s;
  if (collection === 'secrets') {
    if (method === 'GET' && (!name || third === 'versions')) return { needs: [data(`${KV}/secrets/readMetadata/action`)], what: 'list secrets', accessPolicy: { collection: 'secrets', permission: 'list' } };
    if (method === 'GET') return { needs: [data(`${KV}/secrets/getSecret/action`)], what: `get secret ${name}`, accessPolicy: { collection: 'secrets', permission: 'get' } };
    if (method === 'PUT' || method === 'PATCH') return { needs: [data(`${KV}/secrets/setSecret/action`)], what: `set secret ${name}`, accessPolicy: { collection: 'secrets', permission: 'set' } };
    if (method === 'DELETE') return { needs: [data(`${KV}/secrets/delete`)], what: `delete secret ${name}`, accessPolicy: { collection: 'secrets', permission: 'delete' } };
  }
  if (collection === 'keys') {
    const op = KEY_OPS[fourth ?? ''] ?? KEY_OPS[third ?? ''];
    if (method === 'POST' && op) return { needs: [data(`${KV}/keys/${op}/action`)], what: `${op} with key ${name}`, accessPolicy: { collection: 'keys', permission: op === 'wrap' ? 'wrapKey' : op === 'unwrap' ? 'unwrapKey' : op } };
    if (method === 'GET') return { needs: [data(`${KV}/keys/read`)], what: name ? `read key ${name}` : 'list keys', accessPolicy: { collection: 'keys', permission: name ? 'get' : 'list' } };
  }
  if (collection === 'certificates' && method === 'GET') {
    return { needs: [data(`${KV}/certificates/read`)], what: name ? `read certificate ${name}` : 'list certificates', accessPolicy: { collection: 'certificates', permission: name ? 'get' : 'list' } };
  }
  return undefined;
}

function storageNeeds(kind: string | undefined, method: string, path: string, query: string | undefined): RequestNeeds | undefined {
  const k = (kind ?? 'blob').toLowerCase();
  if (k === 'blob' || k === 'dfs') {
    if (method === 'GET' || method === 'HEAD') return { needs: [data(`${BLOB}/read`)], what: 'read blobs' };
    if (method === 'DELETE') return { needs: [data(`${BLOB}/delete`)], what: 'delete blobs' };
    if (method === 'PUT' || method === 'POST' || method === 'PATCH') return { needs: [data(`${BLOB}/write`)], what: 'write blobs' };
  }
  if (k === 'queue') {
    const messages = /\/messages(\/|$)/i.test(path);
    if (messages && method === 'POST') return { needs: [data(`${QUEUE}/add/action`)], what: 'add queue messages' };
    if (messages && method === 'GET') return /peekonly=true/i.test(query ?? '') ? { needs: [data(`${QUEUE}/read`)], what: 'peek queue messages' } : { needs: [data(`${QUEUE}/process/action`)], what: 'receive queue messages' };
    if (messages && method === 'DELETE') return { needs: [data(`${QUEUE}/process/action`)], what: 'delete queue messages' };
  }
  if (k === 'table') {
    if (method === 'GET') return { needs: [data(`${TABLE}/read`)], what: 'read table entities' };
    if (method === 'DELETE') return { needs: [data(`${TABLE}/delete`)], what: 'delete table entities' };
    if (method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'MERGE') return { needs: [data(`${TABLE}/write`)], what: 'write table entities' };
  }
  return undefined;
}

function messagingNeeds(ns: 'Microsoft.ServiceBus' | 'Microsoft.EventHub', op: 'send' | 'receive'): RequestNeeds {
  return { needs: [data(`${ns}/namespaces/messages/${op}/action`)], what: op === 'send' ? 'send messages' : 'receive messages' };
}

/** Resource Manager: the operation of a method on a path (`Microsoft.Logic/workflows/runs/read`). */
function armNeeds(method: string, path: string): RequestNeeds | undefined {
  const s = segmentsOf(path);
  const p = s.findIndex((x) => /^providers$/i.test(x));
  if (p < 0) {
    if (method === 'GET' && /^resourceGroups$/i.test(s[2] ?? '')) return { needs: [{ action: 'Microsoft.Resources/subscriptions/resourceGroups/read' }], what: 'read the resource group' };
    return undefined;
  }
  const ns = s[p + 1];
  if (!ns) return undefined;
  const rest = s.slice(p + 2);
  const types: string[] = [];
  for (let i = 0; i < rest.length; i += 2) types.push(rest[i]!);
  const trailing = rest.length % 2 === 1; // a collection (GET) or an action (POST) after the last name
  if (types.some((t) => t.includes('{x}'))) return undefined;
  const base = `${ns}/${types.join('/')}`;
  if (trailing && method === 'POST') {
    const action = types.pop()!;
    return { needs: [{ action: `${ns}/${types.join('/')}/${action}/action` }], what: `${action} (${ns}/${types.join('/')})` };
  }
  if (method === 'GET' || method === 'HEAD') return { needs: [{ action: `${base}/read` }], what: `read ${base}` };
  if (method === 'PUT' || method === 'PATCH') return { needs: [{ action: `${base}/write` }], what: `write ${base}` };
  if (method === 'DELETE') return { needs: [{ action: `${base}/delete` }], what: `delete ${base}` };
  if (method === 'POST') return { needs: [{ action: `${base}/action` }], what: `call ${base}` };
  return undefined;
}

const SENDS = /send|enqueue|publish/i;
const RECEIVES = /receive|peek|complete|abandon|deadletter|defer|renew|getmessages|trigger/i;

/** What a managed API connector operation needs (keyvault, azureblob, servicebus, eventhubs). */
function managedApiNeeds(service: ServiceKind, r: RequestShape): RequestNeeds | undefined {
  const path = r.path.toLowerCase();
  switch (r.api) {
    case 'keyvault': {
      // The connector's own paths: /secrets/{name}/value, /secrets, /secrets/{name}, /keys/{name}/encrypt…
      const s = segmentsOf(path);
      if (s[0] === 'secrets' && s[2] === 'value') return keyVaultNeeds('GET', `/secrets/${s[1]}`);
      if (s[0] === 'secrets' && r.method === 'GET') return keyVaultNeeds('GET', s[1] ? `/secrets/${s[1]}/versions` : '/secrets');
      return keyVaultNeeds(r.method, r.path);
    }
    case 'azureblob':
      return storageNeeds('blob', r.method, r.path, undefined);
    case 'servicebus':
    case 'eventhubs': {
      const ns = service === 'eventHubs' || r.api === 'eventhubs' ? 'Microsoft.EventHub' : 'Microsoft.ServiceBus';
      if (r.isTrigger || /\/messages\/head|\/peek|\/complete|\/abandon|\/deadletter/.test(path) || r.method === 'GET' || r.method === 'DELETE') return messagingNeeds(ns, 'receive');
      if (r.method === 'POST') return messagingNeeds(ns, 'send');
      return undefined;
    }
    default:
      return undefined;
  }
}

/** What a built-in (service provider) operation needs. */
function serviceProviderNeeds(service: ServiceKind, r: RequestShape): RequestNeeds | undefined {
  const op = r.operationId ?? '';
  if (!op) return undefined;
  switch (service) {
    case 'serviceBus':
    case 'eventHubs': {
      const ns = service === 'eventHubs' ? 'Microsoft.EventHub' : 'Microsoft.ServiceBus';
      if (SENDS.test(op)) return messagingNeeds(ns, 'send');
      if (RECEIVES.test(op) || r.isTrigger) return messagingNeeds(ns, 'receive');
      return undefined;
    }
    case 'storage': {
      const provider = r.api ?? '';
      const kind = /queue/i.test(provider) ? 'queue' : /table/i.test(provider) ? 'table' : 'blob';
      if (kind === 'queue') {
        if (/put|add|send|insert/i.test(op)) return { needs: [data(`${QUEUE}/add/action`)], what: 'add queue messages' };
        if (/peek/i.test(op)) return { needs: [data(`${QUEUE}/read`)], what: 'peek queue messages' };
        if (/get|receive|delete|trigger/i.test(op) || r.isTrigger) return { needs: [data(`${QUEUE}/process/action`)], what: 'receive queue messages' };
        return undefined;
      }
      if (kind === 'table') {
        if (/get|query|list|read/i.test(op)) return { needs: [data(`${TABLE}/read`)], what: 'read table entities' };
        if (/delete/i.test(op)) return { needs: [data(`${TABLE}/delete`)], what: 'delete table entities' };
        if (/insert|upsert|update|merge|create/i.test(op)) return { needs: [data(`${TABLE}/write`)], what: 'write table entities' };
        return undefined;
      }
      if (/^delete/i.test(op)) return { needs: [data(`${BLOB}/delete`)], what: 'delete blobs' };
      if (/upload|create|write|copy|append|set|put/i.test(op)) return { needs: [data(`${BLOB}/write`)], what: 'write blobs' };
      if (/read|get|list|exists|download|trigger/i.test(op) || r.isTrigger) return { needs: [data(`${BLOB}/read`)], what: 'read blobs' };
      return undefined;
    }
    case 'keyVault':
      if (/^getsecret$/i.test(op)) return keyVaultNeeds('GET', '/secrets/{x}');
      if (/^listsecrets?/i.test(op) || /metadata/i.test(op)) return keyVaultNeeds('GET', '/secrets');
      return undefined;
    default:
      return undefined;
  }
}

/** The needs of one request on a service (after the service is known for sure). */
export function needsFor(service: ServiceKind, r: RequestShape, storageKind?: string): RequestNeeds | undefined {
  if (r.api && r.operationId === undefined) return managedApiNeeds(service, r);
  if (r.operationId !== undefined) return serviceProviderNeeds(service, r);
  const method = r.method.toUpperCase();
  switch (service) {
    case 'keyVault':
      return keyVaultNeeds(method, r.path);
    case 'cosmosDb':
      return cosmosNeeds(method, r.path, r.headers);
    case 'storage':
      return storageNeeds(storageKind, method, r.path, r.query);
    case 'serviceBus':
    case 'eventHubs': {
      const ns = service === 'eventHubs' ? 'Microsoft.EventHub' : 'Microsoft.ServiceBus';
      if (/\/messages\/head/i.test(r.path)) return messagingNeeds(ns, 'receive');
      if (/\/messages\/?$/i.test(r.path) && method === 'POST') return messagingNeeds(ns, 'send');
      return undefined;
    }
    case 'resourceManager':
      return armNeeds(method, r.path);
    default:
      return undefined;
  }
}

/** Does an access policy's permission list allow this permission (`all` allows every one)? */
export function accessPolicyAllows(list: readonly string[], permission: string): boolean {
  const p = permission.toLowerCase();
  return list.some((x) => {
    const v = x.toLowerCase();
    return v === 'all' || v === p;
  });
}
