/**
 * The sidebar's Workspace and Azure views in the real editor. The trees are read through the API's
 * `testing.workspaceTree()` / `testing.azureTree()`: every node as the view renders it (label,
 * description, icon and colour, tooltip, context value, the command a click runs, its target).
 *
 * The Workspace view shows the fixture workspace's project and test/fixtures/azure (copied in as
 * `azure/`, as 09-azure does); the Azure view lists the local ARM emulator's tenant
 * (`npm run test:integration` starts it and signs the extension in with LAC_ACCESS_TOKEN).
 * Prompts (Filter, Select Subscriptions) are scripted through `testing.setUserInput`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestingHooks } from '../../../src/vscode/api';
import type { TreeSnapshotNode } from '../../../src/vscode/model/workspaceModel';
import type { UserInput } from '../../../src/vscode/ui';
import { connectionIdOf, defaultData, FIXTURE, FIXTURE_NAMES } from '../../emulator';
import { closeAll, file, lac, log, original, restore, root, settle, sleep, uri, type LacTestApi } from '../helpers';

const FIXTURES = process.env.LAC_TEST_FIXTURES ?? path.resolve(__dirname, '../../../../test/fixtures');
const AZURE_CONNECTIONS = 'azure/connections.json';
const hasEmulator = () => !!process.env.LAC_ARM_ENDPOINT && !!process.env.LAC_ACCESS_TOKEN;

/** Poll an async probe until it returns something truthy. */
async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, state?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}${state ? `; now: ${state()}` : ''}`);
    await sleep(100);
  }
}

const child = (n: TreeSnapshotNode | undefined, label: string): TreeSnapshotNode | undefined => n?.children?.find((c) => c.label === label);
const labels = (ns: readonly TreeSnapshotNode[] | undefined): string[] => (ns ?? []).map((n) => n.label);

/** One line per node, indented: for failure messages. */
function render(ns: readonly TreeSnapshotNode[] | undefined, depth = 0): string {
  return (ns ?? []).map((n) => `${'  '.repeat(depth)}${n.label}${n.description ? ` — ${n.description}` : ''}${n.icon ? ` [${n.icon}]` : ''}\n${render(n.children, depth + 1)}`).join('');
}

/** Every connection node of the Azure view, with where it is. */
function azureConnections(tree: readonly TreeSnapshotNode[]): { subscription: string; group: string; node: TreeSnapshotNode }[] {
  const out: { subscription: string; group: string; node: TreeSnapshotNode }[] = [];
  for (const s of tree) for (const g of s.children ?? []) for (const c of g.children ?? []) if (c.contextValue?.includes('azureConnection')) out.push({ subscription: s.label, group: g.label, node: c });
  return out;
}

/** Prompts answered by the test; anything not scripted fails the test. */
function scripted(answers: Partial<Pick<UserInput, 'showInputBox' | 'showQuickPick'>>, messages: string[] = []): UserInput {
  return {
    showQuickPick: (answers.showQuickPick ??
      (() => {
        throw new Error('unexpected quick pick');
      })) as UserInput['showQuickPick'],
    showInputBox:
      answers.showInputBox ??
      (() => {
        throw new Error('unexpected input box');
      }),
    showMessage: async (_severity, message) => {
      messages.push(message);
      return undefined;
    },
    openExternal: async () => false,
  };
}

describe('Sidebar trees: the Workspace and Azure views', function () {
  this.timeout(120_000);
  let api: LacTestApi;
  let hooks: TestingHooks;

  before(async () => {
    api = await lac();
    assert.ok(api.testing?.workspaceTree && api.testing.azureTree, 'the testing hooks workspaceTree/azureTree');
    hooks = api.testing;
    fs.cpSync(path.join(FIXTURES, 'azure'), file('azure'), { recursive: true });
    original(AZURE_CONNECTIONS);
    original('connections.json');
    await api.lintNow?.();
  });
  afterEach(async () => {
    hooks.setUserInput(undefined);
    await closeAll();
    await restore('connections.json');
    if (fs.existsSync(file(AZURE_CONNECTIONS))) await restore(AZURE_CONNECTIONS);
  });
  after(async () => {
    if (hooks) {
      hooks.setUserInput(undefined);
      await vscode.commands.executeCommand('lac.clearConnectionFilter');
    }
    fs.rmSync(file('azure'), { recursive: true, force: true });
    await settle();
  });

  const workspaceName = () => vscode.workspace.workspaceFolders![0]!.name;

  /** The Workspace view once both fixture projects are in it. */
  async function workspaceTree(ok: (t: TreeSnapshotNode[]) => boolean = () => true, what = 'the Workspace view'): Promise<TreeSnapshotNode[]> {
    let last: TreeSnapshotNode[] = [];
    return until(
      what,
      async () => {
        last = await hooks.workspaceTree();
        return labels(last).includes(workspaceName()) && labels(last).includes('azure') && ok(last) ? last : undefined;
      },
      30_000,
      () => render(last),
    );
  }

  describe('Workspace', () => {
    it('lists each project (folder, kind) → connections by kind → the workflows and actions using them', async () => {
      const tree = await workspaceTree();
      const main = tree.find((n) => n.label === workspaceName())!;
      const azure = tree.find((n) => n.label === 'azure')!;
      assert.match(main.description ?? '', /^Standard/, render([main]));
      assert.match(azure.description ?? '', /^Standard/);

      // The fixture workspace: one managed connection (LAC003 inside its entry), used by both workflows.
      assert.deepStrictEqual(labels(main.children), ['Managed API connections'], render([main]));
      const office = child(child(main, 'Managed API connections'), 'office365');
      assert.ok(office, render([main]));
      assert.match(office.description ?? '', /^office365\b.*· 1 problem$/, 'the API, and the duplicate key inside the entry');
      assert.strictEqual(office.contextValue, 'workspaceEntry resolved');
      assert.deepStrictEqual(office.target, {
        name: 'office365',
        connectionId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-orders/providers/Microsoft.Web/connections/office365',
        workspace: { projectRoot: root(), connectionsPath: file('connections.json'), section: 'managedApiConnections', name: 'office365' },
      });
      assert.match(office.tooltip ?? '', /LAC003/);
      assert.deepStrictEqual(
        (office.children ?? []).map((w) => [w.label, labels(w.children)]),
        [
          ['notify', ['Send_digest']],
          ['orders', ['Send_confirmation']],
        ],
      );
      // The trailing comma inside Send_confirmation (LAC001) counts for that action.
      const confirmation = child(child(office, 'orders'), 'Send_confirmation')!;
      assert.match(confirmation.description ?? '', /1 problem/);
      assert.strictEqual(confirmation.icon, 'warning');
      assert.doesNotMatch(child(child(office, 'notify'), 'Send_digest')!.description ?? '', /problem/);

      // azure/: five managed connections, each used by one action of `orders`.
      const managed = child(azure, 'Managed API connections');
      assert.deepStrictEqual(labels(managed?.children), ['office365-missing', 'office365-expired', 'keyvault-v1', 'office365-orders', 'office365-dev'], render([azure]));
      for (const [name, action] of [
        ['office365-expired', 'Get_expired_mail'],
        ['keyvault-v1', 'Get_secret'],
        ['office365-missing', 'Get_missing_mail'],
      ]) {
        const c = child(managed, name!)!;
        assert.deepStrictEqual((c.children ?? []).map((w) => [w.label, labels(w.children)]), [['orders', [action]]], name);
        assert.match(c.description ?? '', name === 'keyvault-v1' ? /^keyvault/ : /^office365/);
        assert.match(c.contextValue ?? '', /^workspaceEntry resolved$/, `${name}: its id resolves (office365-missing through local.settings.json)`);
      }
    });

    it('clicking a connection opens connections.json with the selection on its key; clicking an action, workflow.json on the action', async () => {
      const tree = await workspaceTree();
      const office = child(child(tree.find((n) => n.label === 'azure'), 'Managed API connections'), 'office365-orders')!;
      assert.strictEqual(office.command?.command, 'lac.revealInConnectionsJson');
      const found = await vscode.commands.executeCommand(office.command.command, ...(office.command.arguments ?? []));
      assert.strictEqual(found, true);
      let editor = vscode.window.activeTextEditor;
      assert.strictEqual(editor?.document.uri.fsPath, file(AZURE_CONNECTIONS));
      assert.strictEqual(editor.document.getText(editor.selection), '"office365-orders"');
      const line = editor.document.lineAt(editor.selection.start.line).text;
      assert.match(line, /^\s{4}"office365-orders": \{$/, 'the entry key in managedApiConnections, not a reference elsewhere');

      const action = child(child(office, 'orders'), 'Get_orders_mail')!;
      assert.ok(action.command, 'an action node runs a command');
      await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
      editor = vscode.window.activeTextEditor;
      assert.strictEqual(editor?.document.uri.fsPath, file('azure/orders/workflow.json'));
      assert.strictEqual(editor.document.getText(editor.selection), '"Get_orders_mail"');
    });

    it('follows edits of connections.json (unsaved): new groups, entries and problems', async () => {
      const doc = await vscode.workspace.openTextDocument(uri('connections.json'));
      await vscode.window.showTextDocument(doc);
      // Parsed and written again: the repeated connectionRuntimeUrl key (LAC003) is left once.
      const value = JSON.parse(doc.getText());
      value.serviceProviderConnections = {
        serviceBus: { parameterValues: { connectionString: "@appsetting('serviceBus_connectionString')" }, serviceProvider: { id: '/serviceProviders/serviceBus' }, displayName: 'orders bus' },
      };
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), JSON.stringify(value, null, 2) + '\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const tree = await workspaceTree((t) => !!child(child(t.find((n) => n.label === workspaceName()), 'Built-in connections'), 'serviceBus'), 'the new serviceBus entry');
      const main = tree.find((n) => n.label === workspaceName())!;
      assert.deepStrictEqual(labels(main.children), ['Managed API connections', 'Built-in connections'], render([main]));
      const sb = child(child(main, 'Built-in connections'), 'serviceBus')!;
      assert.match(sb.description ?? '', /^serviceBus \(orders bus\)/);
      assert.strictEqual(sb.contextValue, 'workspaceEntry', 'a built-in connection has no Azure resource id');
      assert.deepStrictEqual(sb.children ?? [], [], 'no workflow uses it');
      assert.doesNotMatch(child(child(main, 'Managed API connections'), 'office365')!.description ?? '', /problem/, 'the duplicate key is gone');

      // Removing the entry again takes the group away.
      await closeAll();
      await workspaceTree((t) => labels(t.find((n) => n.label === workspaceName())?.children).join() === 'Managed API connections', 'the Built-in group to go');
    });

    it('managed connections show what Azure says about them (status, icon), with a link to the Azure view', async function () {
      if (!hasEmulator()) return this.skip();
      const statuses = (t: TreeSnapshotNode[]) => {
        const managed = child(t.find((n) => n.label === 'azure'), 'Managed API connections');
        const get = (name: string) => child(managed, name);
        return /Connected/.test(get('office365-orders')?.description ?? '') && /Error/.test(get('office365-expired')?.description ?? '') && /not found in Azure/.test(get('office365-missing')?.description ?? '');
      };
      const tree = await workspaceTree(statuses, 'the Azure status of the azure/ connections');
      const managed = child(tree.find((n) => n.label === 'azure'), 'Managed API connections')!;
      const icon = (name: string) => {
        const n = child(managed, name)!;
        return [n.icon, n.iconColor];
      };
      assert.deepStrictEqual(icon('office365-orders'), ['pass-filled', 'testing.iconPassed']);
      assert.deepStrictEqual(icon('office365-expired'), ['error', 'testing.iconFailed']);
      assert.deepStrictEqual(icon('office365-missing'), ['circle-slash', 'testing.iconFailed']);
      assert.match(child(managed, 'keyvault-v1')!.tooltip ?? '', /Azure: Connected \(V1\)/);
      const orders = child(managed, 'office365-orders')!;
      assert.match(orders.tooltip ?? '', /\(command:lac\.tree\.revealInAzure\?/);
      const shown = await vscode.commands.executeCommand('lac.tree.revealInAzure', FIXTURE.healthy);
      assert.strictEqual(shown, true, 'the connection is selected in the Azure view');
    });
  });

  describe('Azure', () => {
    before(function () {
      if (!hasEmulator()) {
        log('      (no LAC_ARM_ENDPOINT / LAC_ACCESS_TOKEN: run through `npm run test:integration`, which starts the emulator)');
        this.skip();
      }
    });

    const data = defaultData();
    const subscriptionName = (id: string) => data.subscriptions.find((s) => s.subscriptionId === id)!.displayName!;

    /** Every subscription listed again (a previous test or run may have chosen fewer). */
    async function selectAll(): Promise<void> {
      hooks.setUserInput(scripted({ showQuickPick: (async (items: readonly vscode.QuickPickItem[]) => [...items]) as UserInput['showQuickPick'] }));
      await vscode.commands.executeCommand('lac.selectSubscriptions');
      hooks.setUserInput(undefined);
    }

    async function azureTree(ok: (t: TreeSnapshotNode[]) => boolean, what: string): Promise<TreeSnapshotNode[]> {
      let last: TreeSnapshotNode[] = [];
      return until(
        what,
        async () => {
          last = await hooks.azureTree();
          return ok(last) ? last : undefined;
        },
        30_000,
        () => render(last),
      );
    }

    it('lists subscriptions → resource groups → API connections, each with its status', async () => {
      await selectAll();
      const tree = await azureTree((t) => azureConnections(t).length === data.connections.length, `the ${data.connections.length} connections of the emulator`);
      assert.deepStrictEqual(labels(tree), ['Contoso Dev', 'Contoso Integration', 'Contoso Production', 'Fabrikam'], render(tree));
      const prod = tree.find((s) => s.label === 'Contoso Production')!;
      assert.strictEqual(prod.description, `${FIXTURE.subscriptions.contosoProd.slice(0, 8)}…`);
      assert.deepStrictEqual(labels(prod.children), ['rg-integration-prod', 'rg-shared-prod'], 'resource groups with connections, by name');

      const nodes = azureConnections(tree);
      for (const c of data.connections) {
        const at = nodes.find((n) => n.node.label === c.name);
        assert.ok(at, `${c.name} is listed`);
        assert.strictEqual(at.subscription, subscriptionName(c.subscriptionId), c.name);
        assert.strictEqual(at.group, c.resourceGroup, c.name);
        const n = at.node;
        const want = c.overallStatus === 'Connected' ? ['pass-filled', 'testing.iconPassed'] : ['error', 'testing.iconFailed'];
        assert.deepStrictEqual([n.icon, n.iconColor], want, `${c.name} (${c.overallStatus})`);
        // `… · Connected`, then `· tested 2 min ago: connected` once a suite has tested it.
        assert.ok(n.description?.startsWith(`${c.kind} · ${c.api}`) && (n.description.endsWith(c.overallStatus!) || n.description.includes(`${c.overallStatus!} · tested `)), `${c.name}: ${n.description}`);
        assert.strictEqual(n.contextValue, `azureConnection ${c.kind.toLowerCase()}${c.customApi ? ' customConnector' : ''}`);
        const target = n.target as { connectionId: string; name: string };
        assert.strictEqual(target.name, c.name);
        assert.strictEqual(target.connectionId.toLowerCase(), connectionIdOf(c).toLowerCase());
      }
      const healthy = nodes.find((n) => n.node.label === FIXTURE_NAMES.healthy)!.node;
      assert.match(healthy.description ?? '', /^V2 · office365 · ops@contoso\.com · Connected( · tested [^:]+: connected)?$/);
      const expired = nodes.find((n) => n.node.label === FIXTURE_NAMES.expired)!.node;
      assert.match(expired.tooltip ?? '', /Status: Error/);
      assert.match(expired.tooltip ?? '', /Authenticated user: former.employee@contoso.com/);
      assert.match(expired.tooltip ?? '', /Last error: Unauthenticated: Failed to refresh access token.*AADSTS700082/);
    });

    it('lists each custom connector in its resource group, with the connections made from it below it', async () => {
      await selectAll();
      const tree = await azureTree((t) => !!child(child(t.find((s) => s.label === 'Fabrikam'), FIXTURE.resourceGroups.fabrikam), 'fabrikam-tickets'), 'the custom connectors of the emulator');
      const orders = child(child(tree.find((s) => s.label === 'Contoso Production'), FIXTURE.resourceGroups.integrationProd), 'contoso-orders')!;
      assert.ok(orders, render(tree));
      assert.strictEqual(orders.contextValue, 'azureCustomApi');
      assert.strictEqual(orders.icon, 'plug');
      assert.strictEqual(orders.description, 'custom connector · oauth2 · 1 connection');
      assert.match(orders.tooltip ?? '', /\*\*contoso-orders\*\* \(custom connector\)/);
      assert.match(orders.tooltip ?? '', /Display name: Contoso Orders/);
      assert.deepStrictEqual(labels(orders.children), [FIXTURE_NAMES.customOrders]);
      assert.strictEqual(orders.children![0]!.contextValue, 'azureConnection v1 customConnector');
      const tickets = child(child(tree.find((s) => s.label === 'Fabrikam'), FIXTURE.resourceGroups.fabrikam), 'fabrikam-tickets')!;
      const made = tickets.children![0]!;
      assert.deepStrictEqual([made.label, made.icon], [FIXTURE_NAMES.customRefreshBroken, 'error']);
      assert.match(made.description ?? '', /^V1 · fabrikam-tickets · agent@fabrikam\.com · Error$/);
    });

    it('Filter Connections narrows the view (words, status:), says when nothing matches; Clear Filter shows all again', async () => {
      await selectAll();
      let validation: string | undefined | null | Thenable<string | undefined | null | vscode.InputBoxValidationMessage> | vscode.InputBoxValidationMessage;
      hooks.setUserInput(
        scripted({
          showInputBox: async (o) => {
            validation = o.validateInput?.('status:broken');
            return 'status:error';
          },
        }),
      );
      assert.strictEqual(await vscode.commands.executeCommand('lac.filterConnections'), 'status:error');
      assert.match(String(await validation), /Unknown status "broken"/, 'the input box refuses a status that does not exist');
      const errors = data.connections.filter((c) => c.overallStatus === 'Error').map((c) => c.name).sort();
      let tree = await azureTree((t) => azureConnections(t).map((n) => n.node.label).sort().join() === errors.join(), `only ${errors.join(', ')}`);
      assert.ok(azureConnections(tree).every((n) => n.node.icon === 'error'));

      hooks.setUserInput(scripted({ showInputBox: async (o) => (assert.strictEqual(o.value, 'status:error', 'the current filter is offered'), 'office365 STATUS:connected') }));
      await vscode.commands.executeCommand('lac.filterConnections');
      // Words match the name, display name and API (office365users has "office365" in its name too).
      const connected365 = data.connections.filter((c) => [c.name, c.displayName, c.api].join('\n').toLowerCase().includes('office365') && c.overallStatus === 'Connected').map((c) => c.name).sort();
      tree = await azureTree((t) => azureConnections(t).map((n) => n.node.label).sort().join() === connected365.join(), `only ${connected365.join(', ')}`);
      assert.deepStrictEqual(labels(tree), ['Contoso Dev', 'Contoso Integration', 'Contoso Production'], 'Fabrikam has no match');

      hooks.setUserInput(scripted({ showInputBox: async () => 'no-such-connection' }));
      await vscode.commands.executeCommand('lac.filterConnections');
      tree = await azureTree((t) => t.length === 1 && t[0]!.contextValue === 'azureMessage', 'the "nothing matches" node');
      assert.strictEqual(tree[0]!.label, 'No API connection matches "no-such-connection".');
      assert.strictEqual(tree[0]!.command?.command, 'lac.clearConnectionFilter');

      await vscode.commands.executeCommand('lac.clearConnectionFilter');
      await azureTree((t) => azureConnections(t).length === data.connections.length, 'every connection again');
    });

    it('a group node of the listing before a filter, asked for after it (as VS Code may), leaves nothing unfiltered behind', async () => {
      await selectAll();
      await azureTree((t) => azureConnections(t).length === data.connections.length, 'every connection');
      const provider = hooks.azureTreeProvider();
      const labelOf = async (n: unknown): Promise<string> => {
        const item = await provider.getTreeItem(n);
        return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      };
      const find = async (nodes: unknown[] | null | undefined, label: string): Promise<unknown> => {
        for (const n of nodes ?? []) if ((await labelOf(n)) === label) return n;
        assert.fail(`no node "${label}"`);
      };
      const prod = await find(await provider.getChildren(), 'Contoso Production');
      const staleGroup = await find(await provider.getChildren(prod), FIXTURE.resourceGroups.integrationProd);
      hooks.setUserInput(scripted({ showInputBox: async () => 'status:error' }));
      await vscode.commands.executeCommand('lac.filterConnections');
      // The view lists again with the filter; then the stale node is asked for (before the new one).
      await provider.getChildren();
      assert.ok(((await provider.getChildren(staleGroup)) ?? []).length > 0);
      const errors = data.connections.filter((c) => c.overallStatus === 'Error').map((c) => c.name).sort();
      const tree = await azureTree((t) => azureConnections(t).map((n) => n.node.label).sort().join() === errors.join(), `only ${errors.join(', ')}`);
      const group = child(tree.find((s) => s.label === 'Contoso Production'), FIXTURE.resourceGroups.integrationProd);
      assert.ok(group, render(tree));
      const shown = (group.children ?? []).filter((c) => c.contextValue?.includes('azureConnection'));
      assert.ok(shown.length > 0 && shown.every((c) => c.icon === 'error'), render([group]));
      await vscode.commands.executeCommand('lac.clearConnectionFilter');
      await azureTree((t) => azureConnections(t).length === data.connections.length, 'every connection again');
    });

    it('Select Subscriptions limits the listing to the subscriptions picked', async () => {
      await selectAll();
      let offered: readonly (vscode.QuickPickItem & { description?: string })[] = [];
      hooks.setUserInput(
        scripted({
          showQuickPick: (async (items: readonly vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => {
            offered = items;
            assert.strictEqual(options?.canPickMany, true);
            return items.filter((i) => i.description === FIXTURE.subscriptions.contosoDev);
          }) as UserInput['showQuickPick'],
        }),
      );
      const chosen = await vscode.commands.executeCommand('lac.selectSubscriptions');
      assert.deepStrictEqual(chosen, [FIXTURE.subscriptions.contosoDev]);
      assert.deepStrictEqual(
        offered.map((i) => [i.label, i.picked]).sort(),
        [
          ['Contoso Dev', true],
          ['Contoso Integration', true],
          ['Contoso Production', true],
          ['Fabrikam', true],
        ],
        'every subscription offered, all picked while all are listed',
      );
      const devNames = data.connections.filter((c) => c.subscriptionId === FIXTURE.subscriptions.contosoDev).map((c) => c.name).sort();
      const tree = await azureTree((t) => labels(t).join() === 'Contoso Dev', 'only Contoso Dev');
      assert.deepStrictEqual(azureConnections(tree).map((n) => n.node.label).sort(), devNames);

      // The next pick starts from the selection.
      hooks.setUserInput(
        scripted({
          showQuickPick: (async (items: readonly vscode.QuickPickItem[]) => {
            offered = items;
            return [...items];
          }) as UserInput['showQuickPick'],
        }),
      );
      assert.strictEqual(await vscode.commands.executeCommand('lac.selectSubscriptions'), undefined, 'all picked: all subscriptions');
      assert.deepStrictEqual(
        offered.filter((i) => i.picked).map((i) => i.label),
        ['Contoso Dev'],
      );
      await azureTree((t) => labels(t).length === data.subscriptions.length, 'every subscription again');
    });
  });
});
