/**
 * The Azure part of switching a project's local authentication mode (see authModeSwitch.ts),
 * shared by the editor command and `lac project auth-mode`:
 *
 * - to managed identity: the signed-in developer needs an access policy on each V2 connection
 *   that authenticates with managed identity (the official extension's `ensureAccessPolicyLocalMSI`
 *   checks the list first and adds one named `<user>-<last 8 of the object id>`);
 * - to keys: a connection key (7 days, as the official extension asks) for each connection that
 *   reads one and has none.
 *
 * `planAzureSteps` only reads; `runAzureSteps` writes (PUT access policies, listConnectionKeys).
 * Only types of the client are imported: this module does not load the Azure SDK.
 */
import type { AuthModePlan } from './authModeSwitch';
import type { AzureClient } from './azure/client';
import type { AzureError } from './azure/errors';
import { parseConnectionId, policyFor } from './azure/model';
import { developerPolicyName } from './localAuth';

/** One thing to do in Azure for the switch, and (after `runAzureSteps`) what came of it. */
export interface AzureStep {
  /** The connections.json entry. */
  connection: string;
  connectionId?: string;
  /** `none`: already fine; `skip`: cannot be done (`detail` says why). */
  action: 'add-access-policy' | 'fetch-key' | 'none' | 'skip';
  detail: string;
  policyName?: string;
  keySetting?: string;
  result?: 'ok' | 'failed';
  error?: string;
}

export type AzureStepClient = Pick<AzureClient, 'signedInIdentity' | 'getConnection' | 'listAccessPolicies' | 'createAccessPolicy' | 'listConnectionKeys'>;

export interface AzureStepOptions {
  /** The entry's resolved connection id, or why there is none. */
  idOf(name: string): { id?: string; why?: string };
  /** One line for an Azure error (redacted). */
  describe(e: AzureError): string;
  signal?: AbortSignal;
}

/** What the switch needs in Azure, found by reading only (sorted by connection). */
export async function planAzureSteps(client: AzureStepClient, plan: AuthModePlan, o: AzureStepOptions): Promise<AzureStep[]> {
  const steps: AzureStep[] = [];
  const idOf = (name: string) => {
    const r = o.idOf(name);
    return r.id && !parseConnectionId(r.id) ? { why: `its connection.id "${r.id}" is not a connection resource id` } : r;
  };
  if (plan.target === 'msi') {
    const me = await client.signedInIdentity({ signal: o.signal });
    const who = me.ok && me.value.objectId && me.value.tenantId ? me.value : undefined;
    await Promise.all(
      plan.msiConnections.map(async (name) => {
        const { id, why } = idOf(name);
        if (!id) return steps.push({ connection: name, action: 'skip', detail: `no access policy checked: ${why}` });
        if (!who) return steps.push({ connection: name, connectionId: id, action: 'skip', detail: 'no access policy added: your sign-in carries no object id (lac connections access add <id> --object-id <id> --tenant <id>)' });
        const c = await client.getConnection(id, { signal: o.signal });
        if (!c.ok) return steps.push({ connection: name, connectionId: id, action: 'skip', detail: `no access policy checked: ${o.describe(c.error)}` });
        if (c.value.kind === 'V1') return steps.push({ connection: name, connectionId: id, action: 'skip', detail: 'a V1 connection: V1 connections have no access policies (Standard needs V2: LAC062)' });
        const policies = await client.listAccessPolicies(id, { signal: o.signal });
        if (!policies.ok) return steps.push({ connection: name, connectionId: id, action: 'skip', detail: `access policies could not be read: ${o.describe(policies.error)}` });
        const has = policyFor(policies.value, { objectId: who.objectId!, tenantId: who.tenantId });
        if (has) return steps.push({ connection: name, connectionId: id, action: 'none', detail: `you already have access policy "${has.name}"` });
        const policyName = developerPolicyName(who.objectId!, who.name);
        return steps.push({
          connection: name,
          connectionId: id,
          action: 'add-access-policy',
          policyName,
          detail: `add access policy "${policyName}" for you (${who.name ? `${who.name}, ` : ''}object id ${who.objectId})`,
        });
      }),
    );
  } else {
    for (const k of plan.keyConnections) {
      const { id, why } = idOf(k.name);
      steps.push(id ? { connection: k.name, connectionId: id, action: 'fetch-key', keySetting: k.setting, detail: `fetch a connection key (7 days) into ${k.setting}` } : { connection: k.name, action: 'skip', detail: `no key fetched: ${why}` });
    }
  }
  return steps.sort((a, b) => a.connection.localeCompare(b.connection));
}

/** A key fetched for the switch (never shown). */
export interface FetchedKey {
  connection: string;
  setting: string;
  key: string;
  runtimeUrl?: string;
}

/**
 * Run the writes of the steps (in place: `result`, `error`). `failed` when one failed: the caller
 * then writes nothing to the project.
 */
export async function runAzureSteps(client: AzureStepClient, steps: AzureStep[], o: Pick<AzureStepOptions, 'describe' | 'signal'> & { onKey?(key: string): void }): Promise<{ failed: boolean; keys: FetchedKey[] }> {
  const me = steps.some((x) => x.action === 'add-access-policy') ? await client.signedInIdentity({ signal: o.signal }) : undefined;
  const keys: FetchedKey[] = [];
  let failed = false;
  const fail = (st: AzureStep, e: AzureError) => {
    st.result = 'failed';
    st.error = o.describe(e);
    failed = true;
  };
  await Promise.all(
    steps.map(async (st) => {
      if (st.action === 'add-access-policy') {
        if (!me?.ok || !me.value.objectId || !me.value.tenantId) {
          st.result = 'failed';
          st.error = 'your sign-in carries no object id';
          failed = true;
          return;
        }
        const r = await client.createAccessPolicy(st.connectionId!, { objectId: me.value.objectId, tenantId: me.value.tenantId, name: st.policyName! }, { signal: o.signal });
        if (r.ok) st.result = 'ok';
        else fail(st, r.error);
      } else if (st.action === 'fetch-key') {
        const r = await client.listConnectionKeys(st.connectionId!, { validityTimeSpan: '7', signal: o.signal });
        if (!r.ok) return fail(st, r.error);
        o.onKey?.(r.value.connectionKey);
        keys.push({ connection: st.connection, setting: st.keySetting!, key: r.value.connectionKey, ...(r.value.runtimeUrl ? { runtimeUrl: r.value.runtimeUrl } : {}) });
        st.result = 'ok';
      }
    }),
  );
  return { failed, keys };
}

/** The step lines of a preview or a result ("Azure: "blob": add access policy … (done)"). */
export function stepLines(steps: readonly AzureStep[]): string[] {
  return steps.map((st) => {
    const mark = st.result === 'failed' ? `FAILED: ${st.error}` : st.result === 'ok' ? 'done' : '';
    return `Azure: "${st.connection}": ${st.detail}${mark ? ` (${mark})` : ''}`;
  });
}
