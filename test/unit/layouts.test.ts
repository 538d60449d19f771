/**
 * Layouts seen in public projects and templates: ARM deployment templates of any file name,
 * Logic Apps templates (the template gallery format), host.json as a project boundary.
 */
import * as assert from 'assert';
import * as path from 'path';
import { groupProjects } from '../../src/core/project';
import { j, lintFiles } from './helpers/ruleTester';
import { rel, virtualProjects } from './helpers/virtualProject';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const WDL = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

/** An ARM template deploying API connections only, as one public repository keeps in "connections.json". */
const CONNECTIONS_TEMPLATE = j({
  $schema: SCHEMA,
  contentVersion: '1.0.0.0',
  parameters: { office365_name: { type: 'string', defaultValue: 'office365' } },
  resources: [
    {
      type: 'Microsoft.Web/connections',
      apiVersion: '2016-06-01',
      name: "[parameters('office365_name')]",
      location: '[resourceGroup().location]',
      properties: { displayName: 'Office 365', api: { id: "[subscriptionResourceId('Microsoft.Web/locations/managedApis', resourceGroup().location, 'office365')]" } },
    },
  ],
});

const CONSUMPTION_TEMPLATE = j({
  $schema: SCHEMA,
  contentVersion: '1.0.0.0',
  resources: [
    {
      type: 'Microsoft.Logic/workflows',
      apiVersion: '2019-05-01',
      name: 'send-mail',
      location: '[resourceGroup().location]',
      properties: {
        definition: {
          $schema: WDL,
          contentVersion: '1.0.0.0',
          parameters: { $connections: { type: 'Object', defaultValue: {} } },
          triggers: { manual: { type: 'Request', kind: 'Http' } },
          actions: { Send: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['office365']['connectionId']" } }, method: 'post', path: '/v2/Mail' } } },
        },
        parameters: { $connections: { value: { office365: { connectionId: "[resourceId('Microsoft.Web/connections', 'office365')]", connectionName: 'office365', id: "[subscriptionResourceId('Microsoft.Web/locations/managedApis', resourceGroup().location, 'office365')]" } } } },
      },
    },
  ],
});

const api = (ref: string) => ({ type: 'ApiConnection', inputs: { host: { connection: { referenceName: ref } }, method: 'get', path: '/me' } });
const standardWorkflow = (actions: Record<string, unknown>) => j({ definition: { $schema: WDL, contentVersion: '1.0.0.0', triggers: {}, actions }, kind: 'Stateful' });

describe('layouts: ARM deployment templates of any file name', () => {
  it('an ARM template named connections.json beside a Consumption template is linted as an ARM template, not as connections.json', () => {
    const files = { 'connections.json': CONNECTIONS_TEMPLATE, 'logicapp.json': CONSUMPTION_TEMPLATE };
    const projects = virtualProjects(files);
    assert.deepStrictEqual(projects.map((p) => [p.kind, p.workflows.map((w) => `${rel(w.path)}:${w.kind}`)]).sort(), [
      ['armTemplate', ['connections.json:armTemplate']],
      ['armTemplate', ['logicapp.json:armTemplate']],
    ]);
    // No schema (LAC002) or expression (LAC033) errors of a Standard connections.json: nothing at all.
    assert.deepStrictEqual(lintFiles(files).map((f) => `${f.ruleId} ${rel(f.file)} ${f.pointer}`), []);
  });

  it('connections.template.json and azuredeploy.json are recognised by content', () => {
    const projects = groupProjects(['/w/connections.template.json', '/w/azuredeploy.json']);
    assert.deepStrictEqual(projects.map((p) => p.kind), ['armTemplate', 'armTemplate']);
  });

  it('a workflow.json holding an ARM template is linted as one, also inside a Standard project', () => {
    const files = { 'host.json': '{}', 'connections.json': j({ managedApiConnections: {} }), 'Deploy/workflow.json': CONSUMPTION_TEMPLATE };
    const [p] = virtualProjects(files);
    assert.strictEqual(p.kind, 'standard');
    assert.deepStrictEqual(p.workflows.map((w) => w.kind), ['armTemplate']);
    assert.deepStrictEqual(lintFiles(files).map((f) => f.ruleId), [], 'its $connections references are not Standard references (LAC040)');
    const lone = virtualProjects({ 'Main/workflow.json': CONSUMPTION_TEMPLATE });
    assert.deepStrictEqual(lone.map((x) => x.kind), ['armTemplate']);
  });

  it('a Standard connections.json stays one', () => {
    const [p] = virtualProjects({ 'host.json': '{}', 'connections.json': j({ managedApiConnections: {}, $schema: 'not a deployment template' }) });
    assert.strictEqual(p.connections?.kind, 'connections');
  });
});

describe('layouts: host.json is a project boundary', () => {
  it("a parent folder's connections.json does not serve a child project with its own host.json", () => {
    const files = {
      'connections.json': j({ managedApiConnections: { office365: {} } }),
      'ChildApp/host.json': j({ version: '2.0' }),
      'ChildApp/Workflow/workflow.json': standardWorkflow({ Use_Connection: api('office365') }),
    };
    const findings = lintFiles(files).filter((f) => f.ruleId === 'LAC040');
    assert.deepStrictEqual(findings.map((f) => `${rel(f.file)} ${f.pointer}`), ['ChildApp/Workflow/workflow.json /definition/actions/Use_Connection/inputs/host/connection/referenceName']);
    assert.match(findings[0].message, /has a host\.json but no connections\.json/);
  });

  it('workflow.json in the root of a project with host.json is its workflow: every reference is reported without connections.json', () => {
    const files = {
      'host.json': j({ version: '2.0' }),
      'workflow.json': standardWorkflow({
        Call: api('office365'),
        Send: { type: 'ServiceProvider', inputs: { serviceProviderConfiguration: { connectionName: 'servicebus', operationId: 'sendMessage', serviceProviderId: '/serviceProviders/serviceBus' } } },
      }),
    };
    const [p] = virtualProjects(files);
    assert.strictEqual(p.kind, 'standard');
    assert.deepStrictEqual(p.workflows.map((w) => rel(w.path)), ['workflow.json']);
    assert.deepStrictEqual(lintFiles(files).filter((f) => f.ruleId === 'LAC040').map((f) => f.pointer).sort(), [
      '/definition/actions/Call/inputs/host/connection/referenceName',
      '/definition/actions/Send/inputs/serviceProviderConfiguration/connectionName',
    ]);
  });

  it('a null entry in connections.json: each reference to it is reported where it is', () => {
    const files = {
      'App/host.json': '{}',
      'App/connections.json': j({ managedApiConnections: { office365: null } }),
      'App/workflow.json': standardWorkflow({ Call: api('office365'), Again: api('office365') }),
    };
    const found = lintFiles(files).filter((f) => f.ruleId === 'LAC040');
    assert.deepStrictEqual(found.map((f) => `${rel(f.file)} ${f.pointer} ${f.severity}`).sort(), [
      'App/workflow.json /definition/actions/Again/inputs/host/connection/referenceName error',
      'App/workflow.json /definition/actions/Call/inputs/host/connection/referenceName error',
    ]);
    assert.match(found[0].message, /'office365' is null in connections\.json managedApiConnections/);
  });

  it('a workflow.json beside connections.json without host.json stays on its own (a Consumption code view)', () => {
    const projects = groupProjects([path.join('/w', 'connections.json'), path.join('/w', 'workflow.json')]);
    assert.deepStrictEqual(projects.map((p) => p.kind).sort(), ['standard', 'workflow']);
  });
});

describe('layouts: Logic Apps templates (gallery format)', () => {
  it('a workflow folder with manifest.json and workflow.json is a template; the template manifest one folder up joins it', () => {
    const projects = groupProjects(['/t/manifest.json', '/t/default/manifest.json', '/t/default/workflow.json']);
    assert.deepStrictEqual(projects.map((p) => ({ kind: p.kind, manifest: p.manifest, templateManifest: p.templateManifest })), [
      { kind: 'template', manifest: '/t/default/manifest.json', templateManifest: '/t/manifest.json' },
    ]);
  });

  it('host.json stops the look for the template manifest', () => {
    const [p] = groupProjects(['/t/manifest.json', '/t/proj/host.json', '/t/proj/manifest.json', '/t/proj/workflow.json']).filter((x) => x.kind === 'template');
    assert.strictEqual(p!.templateManifest, undefined);
    assert.strictEqual(p!.hasHost, true);
  });

  it("a template's own manifest one folder up (with workflows) does not make a stray workflow folder a template", () => {
    const [p] = virtualProjects({ 'manifest.json': j({ id: 't', skus: ['standard'], workflows: { default: { name: 'D' } } }), 'other/workflow.json': standardWorkflow({}) });
    assert.strictEqual(p.kind, 'workflow');
  });

  it('a manifest.json that is no workflow manifest leaves a lone workflow', () => {
    const [p] = virtualProjects({ 'app/manifest.json': j({ name: 'My PWA', icons: [] }), 'app/workflow.json': standardWorkflow({}) });
    assert.strictEqual(p.kind, 'workflow');
    assert.strictEqual(p.manifest, undefined);
  });
});
