/**
 * The Azure view on a tenant bigger than one page, in the real editor: a second ARM emulator
 * (this suite starts it, `largeTenant()`: 5 subscriptions × 250 connections, one resource group
 * each) is set as `lac.azure.armEndpoint`.
 *
 * - Resource Graph answers at most 1,000 rows per request and hands out a `$skipToken` for the
 *   rest (https://learn.microsoft.com/azure/governance/resource-graph/concepts/work-with-data#paging-results):
 *   1,250 connections take two requests.
 * - When Resource Graph refuses, the listing falls back to ARM per subscription, whose list
 *   answers come in pages `{value, nextLink}` (https://learn.microsoft.com/rest/api/azure/#async-operations-throttling-and-paging);
 *   the emulator pages by 50, so every connection must come through the nextLinks.
 *
 * Either way the view shows 100 connections of a group at a time, the rest behind "Show more…".
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestingHooks } from '../../../src/vscode/api';
import type { TreeSnapshotNode } from '../../../src/vscode/model/workspaceModel';
import { connectionIdOf, largeTenant, startEmulator, type EmulatorData, type Emulator } from '../../emulator';
import { lac, log, sleep, waitFor, type LacTestApi } from '../helpers';

const SUBSCRIPTIONS = 5;
const PER_SUBSCRIPTION = 250;

/** One line per node, indented: for failure messages (connection nodes counted, not listed). */
function render(ns: readonly TreeSnapshotNode[] | undefined, depth = 0): string {
  return (ns ?? [])
    .map((n) => {
      const inner = n.children ?? [];
      const conns = inner.filter((c) => c.contextValue?.includes('azureConnection')).length;
      const rest = inner.filter((c) => !c.contextValue?.includes('azureConnection'));
      return `${'  '.repeat(depth)}${n.label}${n.description ? ` — ${n.description}` : ''}${conns ? ` (${conns} connections)` : ''}\n${render(rest, depth + 1)}`;
    })
    .join('');
}

const connectionsOf = (g: TreeSnapshotNode): TreeSnapshotNode[] => (g.children ?? []).filter((c) => c.contextValue?.includes('azureConnection'));
const moreOf = (g: TreeSnapshotNode): TreeSnapshotNode | undefined => (g.children ?? []).find((c) => c.contextValue === 'azureMore');

describe('Azure view on a large tenant: every connection, 100 at a time', function () {
  this.timeout(180_000);
  const TOKEN = process.env.LAC_ACCESS_TOKEN ?? '';
  let api: LacTestApi;
  let hooks: TestingHooks;
  let emu: Emulator;
  let data: EmulatorData;

  async function tree(ok: (t: TreeSnapshotNode[]) => boolean, what: string): Promise<TreeSnapshotNode[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const last = await hooks.azureTree();
      if (ok(last)) return last;
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; now:\n${render(last)}`);
      await sleep(200);
    }
  }

  /** The resource groups of every subscription (one each here). */
  const groups = (t: readonly TreeSnapshotNode[]): TreeSnapshotNode[] => t.flatMap((s) => (s.children ?? []).filter((g) => g.contextValue === 'azureResourceGroup'));

  before(async function () {
    if (!TOKEN) {
      log('      (no LAC_ACCESS_TOKEN: run through `npm run test:integration`)');
      this.skip();
    }
    api = await lac();
    hooks = api.testing!;
    data = largeTenant({ subscriptions: SUBSCRIPTIONS, connectionsPerSubscription: PER_SUBSCRIPTION, resourceGroupsPerSubscription: 1 });
    emu = await startEmulator({ token: TOKEN, data });
    const host = new URL(emu.url).host;
    await vscode.workspace.getConfiguration('lac').update('azure.armEndpoint', emu.url, vscode.ConfigurationTarget.Global);
    await waitFor(`signed in to ${emu.url}`, () => {
      const s = api.azureState?.();
      return s?.kind === 'signed-in' && s.source.includes(host);
    });
  });

  after(async () => {
    if (!emu) return;
    const host = new URL(emu.url).host;
    await vscode.workspace.getConfiguration('lac').update('azure.armEndpoint', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('the harness emulator again', () => {
      const s = api.azureState?.();
      return s?.kind === 'signed-in' && !s.source.includes(host);
    });
    await emu.close();
  });

  afterEach(() => emu?.clearFaults());

  /** Every connection of the tenant listed, then shown 100 at a time: "Show more…" until none is left. */
  async function pageThrough(since: number): Promise<string[]> {
    const subscriptions = data.subscriptions.map((s) => s.displayName!);
    let t = await tree(
      (x) => x.length === subscriptions.length && groups(x).length === subscriptions.length && groups(x).every((g) => connectionsOf(g).length > 0) && emu.requests.length > since,
      `${subscriptions.length} subscriptions, each with its group listed`,
    );
    assert.deepStrictEqual(t.map((s) => s.label).sort(), [...subscriptions].sort(), render(t));
    for (const [shown, remaining] of [
      [100, 150],
      [200, 50],
      [250, 0],
    ] as const) {
      t = await tree((x) => groups(x).length === subscriptions.length && groups(x).every((g) => connectionsOf(g).length === shown), `${shown} connections in each group`);
      for (const g of groups(t)) {
        const more = moreOf(g);
        if (remaining === 0) {
          assert.strictEqual(more, undefined, `no "Show more…" once all ${PER_SUBSCRIPTION} are shown:\n${render(t)}`);
          continue;
        }
        assert.ok(more, `"Show more…" below the first ${shown}:\n${render(t)}`);
        assert.strictEqual(more.label, 'Show more…');
        assert.strictEqual(more.description, `${remaining} more`);
        assert.ok(more.command, 'a click shows the next page');
        await vscode.commands.executeCommand(more.command.command, ...(more.command.arguments ?? []));
      }
    }
    // Every connection of the tenant, once, under its own subscription and group.
    const listed = groups(t).flatMap((g) => connectionsOf(g).map((c) => (c.target as { connectionId: string }).connectionId.toLowerCase()));
    assert.strictEqual(new Set(listed).size, listed.length, 'no connection listed twice');
    assert.deepStrictEqual([...listed].sort(), data.connections.map((c) => connectionIdOf(c).toLowerCase()).sort());
    for (const g of groups(t)) for (const c of connectionsOf(g)) assert.ok((c.target as { connectionId: string }).connectionId.toLowerCase().includes(`/resourcegroups/${g.label.toLowerCase()}/`), `${c.label} under ${g.label}`);
    return listed;
  }

  it(`Resource Graph: ${SUBSCRIPTIONS * PER_SUBSCRIPTION} connections through its $skipToken, each group 100 at a time`, async () => {
    const since = emu.requests.length;
    await vscode.commands.executeCommand('lac.refresh');
    const listed = await pageThrough(since);
    const queries = emu.requests.slice(since).filter((q) => q.path.includes('Microsoft.ResourceGraph') && JSON.stringify(q.body).toLowerCase().includes('microsoft.web/connections'));
    assert.ok(queries.length >= 2, `the connection query took ${queries.length} request(s)`);
    assert.ok(queries.some((q) => typeof (q.body as { options?: { $skipToken?: unknown } }).options?.$skipToken === 'string'), 'a later page asked with the $skipToken');
    assert.ok(queries.every((q) => q.tokenOk), 'each page asked with the token');
    log(`      ${listed.length} connections from ${queries.length} Resource Graph request(s), shown 100 at a time`);
  });

  it(`Resource Graph refused: ARM's per-subscription listing follows every nextLink (pages of 50)`, async () => {
    emu.fault({ method: 'POST', path: /Microsoft\.ResourceGraph/ }, { status: 403, body: { error: { code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action Microsoft.ResourceGraph/resources/read.' } } });
    const since = emu.requests.length;
    await vscode.commands.executeCommand('lac.refresh');
    const listed = await pageThrough(since);
    const pages = emu.requests.slice(since).filter((q) => /\/providers\/Microsoft\.Web\/connections$/i.test(q.path));
    const perPage = data.paging.connections;
    assert.ok(pages.length >= SUBSCRIPTIONS * Math.ceil(PER_SUBSCRIPTION / perPage), `${pages.length} page request(s) for ${SUBSCRIPTIONS} subscriptions of ${PER_SUBSCRIPTION} in pages of ${perPage}`);
    assert.ok(pages.some((q) => Object.keys(q.query).some((k) => k.toLowerCase() === '$skiptoken')), 'the nextLinks were followed');
    assert.ok(pages.every((q) => q.tokenOk), 'each page asked with the token');
    log(`      ${listed.length} connections from ${pages.length} ARM page request(s) after Resource Graph refused, shown 100 at a time`);
  });
});
