import rule from '../../src/core/rules/lac043-template-manifest-connections';
import { j, ruleTester } from './helpers/ruleTester';
import { apiConnection, MANAGED, serviceProvider, template, templateWorkflow, workflowManifest } from './helpers/templates';

ruleTester(rule, {
  valid: [
    {
      name: 'the gallery shape: inapp built-ins and shared managed connectors, names with _#workflowname#',
      files: template(
        {
          'azureaisearch-1_#workflowname#': { connectorId: '/serviceProviders/azureaisearch', kind: 'inapp' },
          'openai_#workflowname#': { connectorId: '/serviceProviders/openai', kind: 'inapp' },
          'sharepointonline_#workflowname#': { connectorId: MANAGED('sharepointonline'), kind: 'shared' },
        },
        { Chat: serviceProvider('openai_#workflowname#') },
      ),
    },
    {
      name: 'a custom connector',
      files: template({ 'orders_#workflowname#': { connectorId: '/subscriptions/#subscription#/resourceGroups/#resourcegroup#/providers/Microsoft.Web/customApis/orders', kind: 'custom' } }, {}),
    },
    { name: 'no connections', files: template({}, {}) },
    { name: 'not a template: a manifest.json of something else', files: { 'app/manifest.json': j({ name: 'app', connections: 'none' }), 'x/workflow.json': templateWorkflow({}) } },
  ],
  invalid: [
    {
      name: 'a connection name without _#workflowname#: renamed here and in the workflow',
      files: template({ servicebus: { connectorId: '/serviceProviders/serviceBus', kind: 'inapp' } }, { Send: serviceProvider('servicebus', '/serviceProviders/serviceBus') }),
      errors: [{ file: 'default/manifest.json', pointer: '/connections/servicebus', message: /does not end with "_#workflowname#".*"servicebus_#workflowname#"/ }],
      output: {
        'default/manifest.json': workflowManifest({ 'servicebus_#workflowname#': { connectorId: '/serviceProviders/serviceBus', kind: 'inapp' } }),
        'default/workflow.json': templateWorkflow({ Send: serviceProvider('servicebus_#workflowname#', '/serviceProviders/serviceBus') }),
      },
    },
    {
      name: 'kind "shared" with a built-in connector id',
      files: template({ 'office365_#workflowname#': { connectorId: '/serviceProviders/office365', kind: 'shared' } }, { Send: apiConnection('office365_#workflowname#') }),
      errors: [{ file: 'default/manifest.json', pointer: '/connections/office365_#workflowname#/kind', message: /"kind" "shared".*is a built-in connector \("inapp"\)/ }],
    },
    {
      name: 'kind "inapp" with a managed connector id',
      files: template({ 'servicebus_#workflowname#': { connectorId: '/providers/Microsoft.Web/locations/westus/managedApis/servicebus', kind: 'inapp' } }, {}),
      errors: [{ file: 'default/manifest.json', pointer: '/connections/servicebus_#workflowname#/kind', message: /is a managed connector \("shared"\)/ }],
    },
    {
      name: 'an unknown kind, and a connectorId that is not an id',
      files: template({ 'search_#workflowname#': { connectorId: 'azureaisearch', kind: 'builtin' } }, {}),
      errors: [
        { file: 'default/manifest.json', pointer: '/connections/search_#workflowname#/kind', message: /use "inapp".*"shared".*"custom"/ },
        { file: 'default/manifest.json', pointer: '/connections/search_#workflowname#/connectorId', message: /starts with "\/"/ },
      ],
    },
    {
      name: 'the array form: each entry checked too',
      files: template([{ connectorId: 'azureaisearch', kind: 'shared' }], {}),
      errors: [{ file: 'default/manifest.json', pointer: '/connections/0/connectorId', message: /starts with "\/"/ }],
    },
  ],
});

ruleTester(rule, {
  valid: [],
  invalid: [
    {
      name: 'a connection name with white space',
      files: template({ 'bad name_#workflowname#': { connectorId: '/serviceProviders/serviceBus', kind: 'inapp' } }, { Call: serviceProvider('bad name_#workflowname#', '/serviceProviders/serviceBus') }),
      errors: [{ file: 'default/manifest.json', pointer: '/connections/bad name_#workflowname#', message: /has white space/ }],
    },
    {
      name: 'a workflow manifest one folder up is checked where it is a workflow\'s own only',
      files: { 'manifest.json': workflowManifest({ office365: { connectorId: MANAGED('office365'), kind: 'shared' } }), 'Main/workflow.json': templateWorkflow({ Mail: apiConnection('office365') }), 'default/manifest.json': workflowManifest({ 'x_#workflowname#': { connectorId: '/serviceProviders/sql', kind: 'shared' } }), 'default/workflow.json': templateWorkflow({}) },
      errors: [{ file: 'default/manifest.json', pointer: '/connections/x_#workflowname#/kind' }],
    },
  ],
});
