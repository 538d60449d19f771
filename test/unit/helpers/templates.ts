/** Logic Apps templates in the gallery format (Azure/LogicAppsTemplates), as the rule tests use them. */
import { j } from './ruleTester';

export const WDL = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';
export const MANAGED = (api: string): string => `/subscriptions/#subscription#/providers/Microsoft.Web/locations/#location#/managedApis/${api}`;

/** A bare definition (the gallery's workflow.json: only what is under "definition"). */
export function templateWorkflow(actions: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return j({ $schema: WDL, contentVersion: '1.0.0.0', triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } }, actions, ...extra });
}

/** A workflow manifest (the workflow folder's manifest.json). */
export function workflowManifest(connections: unknown, extra: Record<string, unknown> = {}): string {
  return j({
    id: 'default',
    title: 'RAG - Chat with your documents',
    summary: 'Takes a prompt and returns an answer.',
    kinds: ['stateful', 'stateless'],
    artifacts: [{ type: 'workflow', file: 'workflow.json' }],
    images: { light: 'workflow-light', dark: 'workflow-dark' },
    parameters: [],
    connections,
    ...extra,
  });
}

/** The template's manifest (one folder up), with `skus` when given. */
export function templateManifest(skus?: string[]): string {
  return j({ id: 'chat-with-documents-ai', title: 'RAG - Chat with your documents', summary: 'Takes a prompt and returns an answer.', ...(skus ? { skus } : {}), workflows: { default: { name: 'Chat_With_Documents_Ai' } }, featuredConnectors: [], details: { By: 'Microsoft', Type: 'Workflow' } });
}

export const serviceProvider = (connectionName: string, serviceProviderId = '/serviceProviders/openai') => ({
  type: 'ServiceProvider',
  inputs: { parameters: { deploymentId: "@parameters('OpenAIChatModel_#workflowname#')" }, serviceProviderConfiguration: { connectionName, operationId: 'getChatCompletions', serviceProviderId } },
  runAfter: {},
});

export const apiConnection = (referenceName: string) => ({ type: 'ApiConnection', inputs: { host: { connection: { referenceName } }, method: 'post', path: '/v2/Mail' }, runAfter: {} });

/** A template folder: `manifest.json` (the template's), `default/manifest.json`, `default/workflow.json`. */
export function template(connections: unknown, actions: Record<string, unknown>, o: { skus?: string[]; noTemplateManifest?: boolean; workflowExtra?: Record<string, unknown> } = {}): Record<string, string> {
  return {
    ...(o.noTemplateManifest ? {} : { 'manifest.json': templateManifest(o.skus) }),
    'default/manifest.json': workflowManifest(connections),
    'default/workflow.json': templateWorkflow(actions, o.workflowExtra),
  };
}
