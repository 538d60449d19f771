import * as assert from 'assert';
import rule from '../../src/core/rules/lac012-invalid-resource-id';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

const S = '1885038d-f891-46b7-9c02-128ed13a7f06';
const API = `/subscriptions/${S}/providers/Microsoft.Web/locations/uksouth/managedApis/azureblob`;
const CONN = `/subscriptions/${S}/resourceGroups/rg/providers/Microsoft.Web/connections/azureblob`;
const ids = (api: unknown, connection: unknown, files: Record<string, string> = {}) => ({
  'host.json': '{}',
  'connections.json': j({ managedApiConnections: { azureblob: { api: { id: api }, connection: { id: connection }, connectionRuntimeUrl: 'https://x' } } }),
  ...files,
});
const P_API = '/managedApiConnections/azureblob/api/id';
const P_CONN = '/managedApiConnections/azureblob/connection/id';

ruleTester(rule, {
  valid: [
    { name: 'literal ids', files: ids(API, CONN) },
    { name: 'case-insensitive keywords and subscriptions', files: ids(API.toLowerCase(), CONN.replace(S, S.toUpperCase()).replace('resourceGroups', 'resourcegroups')) },
    { name: 'masked subscription ids (not GUIDs)', files: ids(API.replace(S, '6f4fxxxxxxxxxxxxxxxxxxd46391'), CONN.replace(S, '6f4fxxxxxxxxxxxxxxxxxxd46391')) },
    { name: 'custom connector', files: ids(`/subscriptions/${S}/resourceGroups/rg/providers/Microsoft.Web/customApis/abuseipdb`, CONN) },
    {
      name: 'interpolated segments',
      files: ids(
        "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/providers/Microsoft.Web/locations/@{appsetting('WORKFLOWS_LOCATION_NAME')}/managedApis/azureblob",
        "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/@{appsetting('WORKFLOWS_RESOURCE_GROUP_NAME')}/providers/Microsoft.Web/connections/@{appsetting('NAME')}",
      ),
    },
    {
      name: 'unbraced calls mid-string are LAC033, the structure is fine',
      files: ids("/subscriptions/@appsetting('SUB')/providers/Microsoft.Web/locations/eastus/managedApis/@appsetting('API')", "/subscriptions/@parameters('SubscriptionId')/resourceGroups/@parameters('RG')/providers/Microsoft.Web/connections/x"),
    },
    // A whole-value @appsetting() is not evaluated in these ids (Azure/logicapps#683): see the invalid cases.
    { name: 'whole expressions in braces', files: ids("@{appsetting('API_ID')}", "@{appsetting('CONNECTION_ID')}") },
    { name: 'placeholders', files: ids('<enter-api-id-here>', '#{ConnectionId}#') },
    { name: 'placeholder segments', files: ids(API.replace(S, '<subscription_id>'), CONN.replace(S, '${AZURE_SUBSCRIPTION_ID}')) },
    { name: 'a dynamic prefix', files: ids(API, "@{appsetting('RG_ID')}/providers/Microsoft.Web/connections/x") },
    { name: 'dynamic resource type cannot be judged', files: ids(`/subscriptions/${S}/providers/Microsoft.Web/@{appsetting('T')}/x`, CONN) },
    { name: 'different subscriptions when one is dynamic', files: ids(API, CONN.replace(S, "@{appsetting('SUB')}")) },
    { name: 'parameter resolving to an app setting', files: ids("@parameters('api')", CONN, { 'parameters.json': j({ api: { type: 'String', value: "@appsetting('API')" } }) }) },
    { name: 'non-string ids are LAC002', files: ids(3, null) },
    { name: 'missing ids are LAC002', files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: { a: { api: {}, connection: 'x' } } }) } },
    { name: 'a region name, not a display name', files: ids(API.replace('uksouth', 'australiasoutheast'), CONN) },
    { name: 'a location that is not a known region is not judged', files: ids(API.replace('uksouth', 'Atlantis North'), CONN) },
    {
      name: 'custom connector provider from an app setting that local.settings.json does not know',
      files: ids("/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/@{appsetting('WORKFLOWS_RESOURCE_GROUP_NAME')}/providers/@{appsetting('WORKFLOWS_LOCATION_NAME')}/customApis/orders", CONN),
    },
    {
      name: 'custom connector provider from an app setting that is Microsoft.Web',
      files: ids(`/subscriptions/${S}/resourceGroups/rg/providers/@{appsetting('NS')}/customApis/orders`, CONN, { 'local.settings.json': j({ IsEncrypted: false, Values: { NS: 'Microsoft.Web' } }) }),
    },
    { name: 'a whole @appsetting() from parameters.json is not judged here', files: ids("@parameters('api')", CONN, { 'parameters.json': j({ api: { type: 'String', value: "@appsetting('API')" } }) }) },
  ],
  invalid: [
    {
      name: 'whole-value @appsetting() ids (Azure/logicapps#683, the shape of a public project)',
      files: ids("@appsetting('AZUREMONITORLOGS_API_ID')", "@appsetting('AZUREMONITORLOGS_CONNECTION_ID')"),
      errors: [
        { pointer: P_API, message: /"api\.id" of "azureblob" is the whole-value expression "@appsetting\('AZUREMONITORLOGS_API_ID'\)".*cannot be parsed.*Azure\/logicapps#683/ },
        { pointer: P_CONN, message: /"connection\.id" of "azureblob" is the whole-value expression/ },
      ],
      output: {
        'connections.json': j({ managedApiConnections: { azureblob: { api: { id: "@{appsetting('AZUREMONITORLOGS_API_ID')}" }, connection: { id: "@{appsetting('AZUREMONITORLOGS_CONNECTION_ID')}" }, connectionRuntimeUrl: 'https://x' } } }),
      },
    },
    {
      name: 'a location written as its display name ("Swagger not found"): fixed to the region name',
      files: ids(API.replace('uksouth', 'Australia Southeast'), CONN),
      errors: [{ pointer: P_API, message: /display name, "Australia Southeast".*"australiasoutheast"/ }],
      output: { 'connections.json': j({ managedApiConnections: { azureblob: { api: { id: API.replace('uksouth', 'australiasoutheast') }, connection: { id: CONN }, connectionRuntimeUrl: 'https://x' } } }) },
    },
    {
      name: 'display names of the other clouds, URL-encoded too',
      files: ids("/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/providers/Microsoft.Web/locations/USGov%20Virginia/managedApis/office365", CONN),
      errors: [{ pointer: P_API, message: /"usgovvirginia"/ }],
    },
    {
      name: "a custom connector's provider namespace from WORKFLOWS_LOCATION_NAME (Azure/LogicAppsUX#5550), resolved through local.settings.json",
      files: ids("/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/@{appsetting('WORKFLOWS_RESOURCE_GROUP_NAME')}/providers/@{appsetting('WORKFLOWS_LOCATION_NAME')}/customApis/orders", CONN, {
        'local.settings.json': j({ IsEncrypted: false, Values: { WORKFLOWS_SUBSCRIPTION_ID: S, WORKFLOWS_RESOURCE_GROUP_NAME: 'rg', WORKFLOWS_LOCATION_NAME: 'westeurope' } }),
      }),
      errors: [{ file: 'connections.json', pointer: P_API, message: /WORKFLOWS_LOCATION_NAME to "westeurope".*providers\/westeurope\/customApis.*Microsoft\.Web/ }],
      output: {
        'connections.json': j({
          managedApiConnections: {
            azureblob: {
              api: { id: "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/@{appsetting('WORKFLOWS_RESOURCE_GROUP_NAME')}/providers/Microsoft.Web/customApis/orders" },
              connection: { id: CONN },
              connectionRuntimeUrl: 'https://x',
            },
          },
        }),
      },
    },
    {
      name: 'api.id pointing at a connection (real corpus mistake)',
      files: ids("/subscriptions/@appsetting('SUBSCRIPTION_ID')/providers/Microsoft.Web/connections/azureautomation", CONN),
      errors: [{ pointer: P_API, message: 'points at a connection (Microsoft.Web/connections), not at a managed API' }],
    },
    {
      name: 'ids swapped',
      files: ids(CONN, API),
      errors: [
        { pointer: P_API, message: 'points at a connection' },
        { pointer: P_CONN, message: 'points at an API (Microsoft.Web/locations), not at a connection' },
      ],
    },
    {
      name: 'wrong provider namespace and type',
      files: ids(`/subscriptions/${S}/providers/Microsoft.Logic/workflows/wf`, `/subscriptions/${S}/resourceGroups/rg/providers/Microsoft.Web/sites/app`),
      errors: [
        { pointer: P_API, message: 'the wrong resource type (Microsoft.Logic/workflows)' },
        { pointer: P_CONN, message: 'the wrong resource type (Microsoft.Web/sites)' },
      ],
    },
    {
      name: 'missing segments',
      files: ids(`/subscriptions/${S}/providers/Microsoft.Web/locations/uksouth/managedApis`, `/subscriptions/${S}/providers/Microsoft.Web/connections/azureblob`),
      errors: [
        { pointer: P_API, message: 'a malformed id' },
        { pointer: P_CONN, message: /is malformed: .* Expected \/subscriptions\/\{subscription\}\/resourceGroups/ },
      ],
    },
    {
      name: 'no leading slash, not an id, empty',
      files: ids(API.slice(1), 'azureblob'),
      errors: [
        { pointer: P_API, message: 'is malformed' },
        { pointer: P_CONN, message: 'is not a resource id' },
      ],
    },
    { name: 'empty', files: ids('', CONN), errors: [{ pointer: P_API, message: 'is empty' }] },
    { name: 'empty name segment', files: ids(API, CONN.replace('connections/azureblob', 'connections/')), errors: [{ pointer: P_CONN, message: 'a malformed id' }] },
    {
      name: 'wrong keyword around interpolated segments',
      files: ids("/subscription/@{appsetting('SUB')}/providers/Microsoft.Web/locations/x/managedApis/y", CONN),
      errors: [{ pointer: P_API, message: 'is malformed' }],
    },
    {
      name: 'subscriptions differ',
      files: ids(API, CONN.replace(S, '00000000-0000-0000-0000-000000000000')),
      errors: [{ pointer: P_API, message: `is in subscription "${S}" but "connection.id" is in subscription "00000000-0000-0000-0000-000000000000"` }],
    },
    {
      name: 'parameter value is judged where parameters.json defines it',
      files: ids("@parameters('blob-api-id')", CONN, { 'parameters.json': j({ 'blob-api-id': { type: 'String', value: CONN } }) }),
      errors: [{ file: 'parameters.json', pointer: '/blob-api-id/value', message: '(parameter "blob-api-id") points at a connection' }],
    },
  ],
});

describe('LAC012 docs examples', () => {
  it('bad triggers, good does not', () => {
    const { bad, good } = rule.meta.docs;
    assert.ok(lintFiles({ [bad.file]: bad.code }, rule).length > 0);
    assert.deepStrictEqual(lintFiles({ [good.file]: good.code }, rule), []);
  });
});
