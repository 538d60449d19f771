/**
 * samples/ is a realistic Logic Apps Standard project (plus one exported Consumption template, two
 * custom connector definitions and a Logic Apps template in the gallery format)
 * with exactly one planted mistake per rule. The linter must report each planted mistake where
 * it is, and nothing else: a finding that is not planted is a false positive (or a planted
 * mistake that trips a second rule, which makes the samples misleading).
 */
import * as assert from 'assert';
import * as path from 'path';
import { lintProject } from '../../src/core/engine';
import { discoverOnDisk, readText } from '../../src/core/fs';
import { loadProject } from '../../src/core/project';
import { ALL_RULES } from '../../src/core/rules';
import type { Finding } from '../../src/core/types';

const SAMPLES = path.resolve(__dirname, '../../samples');

interface Planted {
  ruleId: string;
  /** Path relative to samples/, with forward slashes. */
  file: string;
  /** JSON Pointer of the finding. */
  pointer: string;
  /** What was planted (for people reading the manifest). */
  what: string;
}

/** The planted mistakes: one per rule, each independent of the others. */
const PLANTED: readonly Planted[] = [
  { ruleId: 'LAC001', file: 'host.json', pointer: '', what: 'a `//` comment above "version"' },
  { ruleId: 'LAC002', file: 'connections.json', pointer: '/agentConnection', what: 'misspelt (empty) section "agentConnection" for "agentConnections"' },
  { ruleId: 'LAC003', file: 'parameters.json', pointer: '/ArchiveContainer', what: '"ArchiveContainer" defined twice; the first is silently ignored' },
  { ruleId: 'LAC010', file: 'connections.json', pointer: '/managedApiConnections/servicebus', what: 'managed servicebus has no connectionRuntimeUrl' },
  { ruleId: 'LAC011', file: 'connections.json', pointer: '/managedApiConnections/azureblob/connectionRuntimeUrl', what: 'azureblob runtime URL is http://' },
  { ruleId: 'LAC012', file: 'connections.json', pointer: '/managedApiConnections/teams/api/id', what: 'teams api.id is a Microsoft.Web/connections id, not locations/<loc>/managedApis/teams' },
  { ruleId: 'LAC013', file: 'connections.json', pointer: '/managedApiConnections/sharepointonline/authentication', what: 'sharepointonline Raw/Key authentication without "parameter"' },
  { ruleId: 'LAC015', file: 'consumption/azuredeploy.json', pointer: '/resources/2/properties/parameterValueType', what: 'a Salesforce connection made for the managed identity ("parameterValueType": "Alternative"): Salesforce cannot take an Azure token' },
  { ruleId: 'LAC014', file: 'connections.json', pointer: '/serviceProviderConnections/serviceBus/parameterValues/authProvider/Type', what: 'built-in serviceBus with the managed identity: right in Azure; locally it needs a developer credential (info)' },
  { ruleId: 'LAC020', file: 'Notify/workflow.json', pointer: '/definition/actions/Get_fallback_webhook/inputs/authentication/audience', what: 'ARM audience on an HTTP call to Key Vault' },
  { ruleId: 'LAC021', file: 'InvoiceArchive/workflow.json', pointer: '/definition/actions/Get_retention_policy/inputs/authentication/audience', what: 'Key Vault audience with a trailing slash' },
  { ruleId: 'LAC022', file: 'InvoiceArchive/workflow.json', pointer: '/definition/actions/For_each_invoice/actions/Copy_to_archive/inputs/authentication', what: 'HTTP managed-identity PUT to a blob URL without an audience (nested in a Foreach)' },
  { ruleId: 'LAC030', file: 'connections.json', pointer: '/serviceProviderConnections/AzureBlob/parameterValues/connectionString', what: 'literal storage connection string with AccountKey= (fake key)' },
  { ruleId: 'LAC031', file: 'connections.json', pointer: '/serviceProviderConnections/serviceBus/parameterValues/fullyQualifiedNamespace', what: "@appsetting('serviceBus_fullyQualifiedNamespace') is not in local.settings.json" },
  { ruleId: 'LAC032', file: 'connections.json', pointer: '/managedApiConnections/office365users/authentication', what: "@parameters('office365users-Authentication') is not in parameters.json" },
  { ruleId: 'LAC033', file: 'connections.json', pointer: '/managedApiConnections/office365/connection/id', what: "bare @appsetting('WORKFLOWS_SUBSCRIPTION_ID') in the middle of connection.id" },
  { ruleId: 'LAC034', file: 'consumption/azuredeploy.json', pointer: '/parameters/connections_teams_externalid/defaultValue', what: '"<subscription-id>" left in a connection id of the deployment template (warning)' },
  { ruleId: 'LAC040', file: 'Notify/workflow.json', pointer: '/definition/actions/Route_by_channel/else/actions/Send_digest_email/inputs/host/connection/referenceName', what: 'referenceName "office365-1" names no connection (in an If else branch)' },
  { ruleId: 'LAC041', file: 'connections.json', pointer: '/managedApiConnections/azureblob-1', what: 'managed azureblob-1 is used by no workflow' },
  { ruleId: 'LAC042', file: 'consumption/azuredeploy.json', pointer: "/resources/0/properties/definition/actions/Archive_decision/inputs/host/connection/name", what: "$connections has no 'azureblob' entry" },
  { ruleId: 'LAC043', file: 'templates/order-notifications/notify/manifest.json', pointer: '/connections/serviceBus', what: 'template connection "serviceBus" without the _#workflowname# suffix' },
  { ruleId: 'LAC044', file: 'templates/order-notifications/escalate/workflow.json', pointer: '/actions/Mail_the_account_manager/inputs/host/connection/name', what: "@parameters('$connections') in a workflow of a template for Standard" },
  { ruleId: 'LAC045', file: 'consumption/azuredeploy.json', pointer: '/resources/1/kind', what: 'the Consumption workflow uses the sharepointonline connection the template deploys as "kind": "V2"' },
  { ruleId: 'LAC050', file: 'local.settings.json', pointer: '/Values/office365-connectionKey', what: 'office365 connection key (JWT) expired in June 2024' },
  { ruleId: 'LAC070', file: 'custom-connectors/graph-mail/apiProperties.json', pointer: '/properties/connectionParameters/token/oAuthSettings/scopes', what: 'Entra ID v2.0 endpoints, scopes without offline_access (no refresh token)' },
  { ruleId: 'LAC071', file: 'custom-connectors/contoso-orders/apiProperties.json', pointer: '/properties/connectionParameters/token/oAuthSettings/customParameters/refreshUrl/value', what: 'refresh URL is the authorization URL' },
  { ruleId: 'LAC072', file: 'custom-connectors/contoso-orders/apiProperties.json', pointer: '/properties/connectionParameters/token/oAuthSettings/redirectUrl', what: "redirect URL on the API's own domain, not the consent service" },
  { ruleId: 'LAC074', file: 'custom-connectors/contoso-orders/apiDefinition.swagger.json', pointer: '/securityDefinitions/oauth2_auth/tokenUrl', what: "OpenAPI tokenUrl is the wizard's default, not the connector's token URL" },
];

const key = (f: { ruleId: string; file: string; pointer: string }): string => `${f.ruleId} ${f.file} ${f.pointer}`;

function lintSamples(): { findings: Finding[]; projects: number } {
  const layouts = discoverOnDisk([SAMPLES]);
  const findings = layouts.flatMap((l) => lintProject(loadProject(l, readText)));
  return { findings, projects: layouts.length };
}

const relSample = (file: string): string => path.relative(SAMPLES, file).split(path.sep).join('/');

describe('samples/', () => {
  it('has one planted mistake for every offline rule, and none for unknown rules', () => {
    // Rules whose examples are illustrations (a file too large to plant) are tested on their own.
    const ids = ALL_RULES.filter((r) => !r.meta.requiresAzure && !r.meta.docs.illustrative).map((r) => r.meta.id);
    const planted = PLANTED.map((p) => p.ruleId);
    for (const id of ids) assert.strictEqual(planted.filter((p) => p === id).length, 1, `${id}: plant exactly one mistake in samples/`);
    for (const id of planted) assert.ok(ids.includes(id), `${id} is planted but is not an offline rule`);
  });

  it('is one Standard project, one Consumption template, two custom connector definitions and a Logic Apps template of two workflows', () => {
    const layouts = discoverOnDisk([SAMPLES]);
    assert.deepStrictEqual(
      layouts.map((l) => `${l.kind} ${relSample(l.root) || '.'} ${[...l.workflows, ...(l.apiProperties ? [l.apiProperties] : []), ...(l.apiDefinition ? [l.apiDefinition] : [])].map(relSample).join(',')}`).sort(),
      [
        'armTemplate consumption consumption/azuredeploy.json',
        'customConnector custom-connectors/contoso-orders custom-connectors/contoso-orders/apiProperties.json,custom-connectors/contoso-orders/apiDefinition.swagger.json',
        'customConnector custom-connectors/graph-mail custom-connectors/graph-mail/apiProperties.json',
        'standard . InvoiceArchive/workflow.json,Notify/workflow.json,OrderIntake/workflow.json',
        'template templates/order-notifications/escalate templates/order-notifications/escalate/workflow.json',
        'template templates/order-notifications/notify templates/order-notifications/notify/workflow.json',
      ],
    );
  });

  it('reports every planted mistake at its pointer, and nothing else', () => {
    const { findings } = lintSamples();
    const actual = findings.map((f) => `${key({ ruleId: f.ruleId, file: relSample(f.file), pointer: f.pointer })}  [${f.severity}] ${f.message}`);
    const got = findings.map((f) => key({ ruleId: f.ruleId, file: relSample(f.file), pointer: f.pointer })).sort();
    const want = PLANTED.map(key).sort();
    const missing = want.filter((k) => !got.includes(k));
    const extra = actual.filter((a) => !want.some((k) => a.startsWith(k + '  ')));
    assert.deepStrictEqual(
      got,
      want,
      `samples/ findings differ from the planted mistakes.\nmissing:\n  ${missing.join('\n  ') || '(none)'}\nunexpected:\n  ${extra.join('\n  ') || '(none)'}`,
    );
  });
});
