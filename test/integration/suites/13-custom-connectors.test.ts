/**
 * Custom connectors in the real editor: a definition folder (apiProperties.json and its OpenAPI
 * file) in the workspace is linted on its own; against the local ARM emulator, Diagnose on a
 * connection made from a custom connector adds the connector's OAuth checklist, Show Connector
 * Definition opens the ARM definition read-only, and Diagnose on a custom connector lists the
 * connections made from it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { DiagnosisReport } from '../../../src/core/azure/diagnose';
import { parseConnection } from '../../../src/core/azure/model';
import { FIXTURE, FIXTURE_NAMES } from '../../emulator';
import { closeAll, codeActions, codeOf, file, lac, log, open, settle, show, waitFor, waitForProblems, writeOnDisk, type LacTestApi } from '../helpers';

const FOLDER = 'connectors/contoso-orders';
const cmd = <T>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args) as Promise<T>;
const hasEmulator = () => !!process.env.LAC_ARM_ENDPOINT && !!process.env.LAC_ACCESS_TOKEN;

const PROPS = {
  properties: {
    connectionParameters: {
      token: {
        type: 'oauthSetting',
        oAuthSettings: {
          identityProvider: 'oauth2',
          clientId: '[[DUMMY]]',
          scopes: ['orders.read'],
          redirectMode: 'Global',
          redirectUrl: 'https://global.consent.azure-apim.net/redirect',
          customParameters: {
            authorizationUrl: { value: 'https://login.contoso.com/oauth/authorize' },
            tokenUrl: { value: 'https://login.contoso.com/oauth/token' },
            refreshUrl: { value: 'https://login.contoso.com/oauth/authorize' },
          },
        },
      },
    },
    iconBrandColor: '#007ee5',
  },
};
const SWAGGER = { swagger: '2.0', info: { title: 'Contoso Orders', version: '1.0' }, host: 'api.contoso.com', basePath: '/', schemes: ['https', 'http'], paths: {} };

/** A connection node of the Azure view made from a custom connector (what a right-click passes). */
async function connectionNode(id: string, name: string): Promise<unknown> {
  const r = await fetch(`${process.env.LAC_ARM_ENDPOINT!.replace(/\/+$/, '')}${id}?api-version=2018-07-01-preview`, { headers: { authorization: `Bearer ${process.env.LAC_ACCESS_TOKEN}` } });
  const connection = parseConnection(await r.json());
  assert.ok(connection, id);
  return { kind: 'connection', connection, target: { connectionId: id, name } };
}

describe('Custom connectors', function () {
  this.timeout(120_000);
  let api: LacTestApi;

  before(async () => {
    api = await lac();
  });
  afterEach(async () => {
    await closeAll();
  });
  after(async () => {
    fs.rmSync(file('connectors'), { recursive: true, force: true });
    await api.lintNow?.();
    await settle();
  });

  it('a definition folder in the workspace is linted on its own: LAC071 in apiProperties.json, LAC074 in the OpenAPI file, with a quick fix', async () => {
    const props = writeOnDisk(`${FOLDER}/apiProperties.json`, JSON.stringify(PROPS, null, 2) + '\n');
    const swagger = writeOnDisk(`${FOLDER}/apiDefinition.swagger.json`, JSON.stringify(SWAGGER, null, 2) + '\n');
    const ds = await waitForProblems(props, (d) => d.some((x) => codeOf(x) === 'LAC071'), 'LAC071 on apiProperties.json');
    const refresh = ds.find((d) => codeOf(d) === 'LAC071')!;
    assert.strictEqual(refresh.severity, vscode.DiagnosticSeverity.Error, show(ds));
    assert.match(refresh.message, /refresh URL of "token" is the authorization URL/);
    await waitForProblems(swagger, (d) => d.some((x) => codeOf(x) === 'LAC074'), 'LAC074 on the OpenAPI file');
    await open(props);
    const actions = await codeActions(props, refresh.range);
    assert.ok(actions.some((a) => a.title === 'Use the token URL as the refresh URL' && a.isPreferred), actions.map((a) => a.title).join(', '));
  });

  describe('against the local ARM emulator', () => {
    before(async function () {
      if (!hasEmulator()) {
        log('      (no LAC_ARM_ENDPOINT / LAC_ACCESS_TOKEN: run through `npm run test:integration`, which starts the emulator)');
        this.skip();
      }
      await waitFor('the emulator sign-in', () => api.azureState?.().kind === 'signed-in');
    });

    it('Diagnose on the connection of a custom connector adds its OAuth checklist and explains the 401', async () => {
      const report = await cmd<DiagnosisReport>('lac.diagnoseConnection', await connectionNode(FIXTURE.customRefreshBroken, FIXTURE_NAMES.customRefreshBroken));
      assert.strictEqual(report.overall, 'error');
      assert.deepStrictEqual(report.customConnector?.findings.map((f) => f.ruleId), ['LAC071']);
      assert.ok(report.checks.some((c) => c.id === 'refresh-token' && c.severity === 'error'), JSON.stringify(report.checks, null, 1));
      const editor = await waitFor('the report editor', () => (vscode.window.activeTextEditor?.document.uri.scheme === 'lac-azure' ? vscode.window.activeTextEditor : undefined));
      const text = editor.document.getText().replace(/\\/g, '');
      assert.match(text, /^# Connection diagnosis: fabrikam-tickets-oauth\n/);
      assert.match(text, /## Custom connector: Fabrikam Tickets \(fabrikam-tickets\)/);
      assert.match(text, /\| ❌ \| Refresh URL is the token URL \|/);
      assert.match(text, /The connection cannot refresh its token: the connector is why/);
    });

    it('Show Connector Definition opens the ARM definition read-only, from a connection made from it or the connector itself', async () => {
      const text = await cmd<string>('lac.showConnectorDefinition', await connectionNode(FIXTURE.customRefreshBroken, FIXTURE_NAMES.customRefreshBroken));
      const editor = await waitFor('the definition editor', () => (vscode.window.activeTextEditor?.document.uri.scheme === 'lac-azure' ? vscode.window.activeTextEditor : undefined));
      assert.strictEqual(editor.document.languageId, 'json');
      assert.strictEqual(editor.document.getText(), text);
      const def = JSON.parse(text) as { id: string; type: string; properties: { connectionParameters: { token: { oAuthSettings: { customParameters: { refreshUrl: { value: string } } } } } } };
      assert.strictEqual(def.id.toLowerCase(), FIXTURE.customApis.refreshBroken.toLowerCase());
      assert.strictEqual(def.type, 'Microsoft.Web/customApis');
      assert.strictEqual(def.properties.connectionParameters.token.oAuthSettings.customParameters.refreshUrl.value, 'https://helpdesk.fabrikam.com/oauth/authorize');
      // Read-only: an edit is refused.
      const applied = await editor.edit((e) => e.insert(new vscode.Position(0, 0), ' '));
      assert.ok(!applied || editor.document.getText() === text || !editor.document.isDirty, 'the document cannot be edited');

      const again = await cmd<string>('lac.showConnectorDefinition', { kind: 'customApi', customApi: { customApiId: FIXTURE.customApis.healthy, name: 'contoso-orders' } });
      assert.match(again, /"displayName": "Contoso Orders"/);
    });

    it('Diagnose on a custom connector: its checklist and the connections made from it', async () => {
      const report = await cmd<DiagnosisReport>('lac.diagnoseConnection', { kind: 'customApi', customApi: { customApiId: FIXTURE.customApis.healthy, name: 'contoso-orders' } });
      assert.strictEqual(report.subject, 'custom-connector');
      assert.strictEqual(report.overall, 'ok', JSON.stringify(report.checks, null, 1));
      assert.deepStrictEqual(report.connections?.map((c) => `${c.name} ${c.test?.status}`), [`${FIXTURE_NAMES.customOrders} connected`]);
      const editor = await waitFor('the report editor', () => (vscode.window.activeTextEditor?.document.uri.scheme === 'lac-azure' ? vscode.window.activeTextEditor : undefined));
      assert.match(editor.document.getText(), /^# Custom connector diagnosis: contoso-orders\n/);
    });
  });
});
