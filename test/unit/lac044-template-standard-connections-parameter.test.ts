import rule from '../../src/core/rules/lac044-template-standard-connections-parameter';
import { ruleTester } from './helpers/ruleTester';
import { apiConnection, MANAGED, template } from './helpers/templates';

const connections = { 'office365_#workflowname#': { connectorId: MANAGED('office365'), kind: 'shared' } };
const dollar = { Send: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['office365_#workflowname#']['connectionId']" } }, method: 'post', path: '/v2/Mail' }, runAfter: {} } };
const declared = { parameters: { $connections: { type: 'Object' } } };

ruleTester(rule, {
  valid: [
    { name: 'a Standard template naming its connection by referenceName', files: template(connections, { Send: apiConnection('office365_#workflowname#') }, { skus: ['standard'] }) },
    { name: 'a Consumption template with $connections', files: template(connections, dollar, { skus: ['consumption'], workflowExtra: declared }) },
    {
      name: 'skus in the workflow manifest itself',
      files: { 'default/manifest.json': JSON.stringify({ skus: ['consumption'], connections }), 'default/workflow.json': template(connections, dollar, { workflowExtra: declared })['default/workflow.json'] },
    },
  ],
  invalid: [
    {
      name: '$connections in a template for Standard',
      files: template(connections, dollar, { skus: ['standard'], workflowExtra: declared }),
      errors: [{ file: 'default/workflow.json', pointer: '/actions/Send/inputs/host/connection/name', message: /for Standard \(the template.s manifest.json has "skus": \["standard"\]\).*@parameters\('\$connections'\)\['office365_#workflowname#'\].*referenceName/ }],
    },
    {
      name: 'no manifest says skus (no template manifest either): for both plans, as the gallery reads it',
      files: template(connections, dollar, { noTemplateManifest: true, workflowExtra: declared }),
      errors: [{ file: 'default/workflow.json', pointer: '/actions/Send/inputs/host/connection/name', message: /no manifest\.json of it has "skus"/ }],
    },
    {
      name: 'a template manifest without skus is for both plans, Standard included',
      files: template(connections, dollar, { workflowExtra: declared }),
      errors: [{ file: 'default/workflow.json', pointer: '/actions/Send/inputs/host/connection/name', message: /no "skus", so it is for both Standard and Consumption/ }],
    },
    {
      name: 'a template inside a Standard project (host.json beside it): the outer template manifest does not count',
      files: {
        'manifest.json': JSON.stringify({ skus: ['consumption'], workflows: { proj: { name: 'Proj' } } }),
        'proj/host.json': '{}',
        'proj/manifest.json': template(connections, {})['default/manifest.json'],
        'proj/workflow.json': template(connections, { Call: { type: 'Compose', inputs: "@parameters('$connections')['office365_#workflowname#']['connectionId']" } }, { workflowExtra: declared })['default/workflow.json'],
      },
      errors: [{ file: 'proj/workflow.json', pointer: '/actions/Call/inputs', message: /sits in a Standard project \(host\.json\)/ }],
    },
  ],
});
