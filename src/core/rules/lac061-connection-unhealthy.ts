import { knownConnections, sourceOf } from '../azureFacts';
import { unhealthy } from '../connections/health';
import { findAadsts } from '../azure/aadsts';
import { redact } from '../azure/redact';
import { defineRule } from './rule';

const SUB = '8f2d4c6a-1b3e-4f5a-9c7d-2e4f6a8b0c1d';
const ID = `/subscriptions/${SUB}/resourceGroups/rg-integration/providers/Microsoft.Web/connections/office365`;
const CODE =
  `{\n  "managedApiConnections": {\n    "office365": {\n      "api": { "id": "/subscriptions/${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },\n      "connection": { "id": "${ID}" },\n      "connectionRuntimeUrl": "https://0123456789abcdef.00.common.logic-westeurope.azure-apihub.net/apim/office365/0123456789abcdef0123456789abcdef/",\n      "authentication": { "type": "ManagedServiceIdentity" }\n    }\n  }\n}`;
const resource = (properties: Record<string, unknown>) => ({ id: ID, name: 'office365', kind: 'V2', location: 'westeurope', properties });

const MAX_MESSAGE = 300;

export default defineRule({
  meta: {
    id: 'LAC061',
    name: 'connection-unhealthy',
    defaultSeverity: 'error',
    description: 'The API connection exists but Azure reports it as not working (status Error, Unauthenticated…), with the reason.',
    docs: {
      details:
        'An API connection keeps the credentials of whoever authorized it. When the refresh token expires (90 days without use, AADSTS700082), the password changes (AADSTS50173), consent is missing (AADSTS65001) or it was never authorized, Azure marks the connection `Error` and every run fails with 401, far from the file that names it. Signed in, the extension reads the connection\'s `overallStatus` and `statuses[].error`; this rule reports them on `connection.id`, explains the AADSTS codes, and offers two actions: **Authorize** (opens the connection in the portal: Edit API connection → Authorize) and **Test connection** (calls its test link and re-checks).',
      bad: { file: 'connections.json', code: CODE },
      good: { file: 'connections.json', code: CODE + '\n// The same file; Azure reports the connection as Connected.' },
      azure: {
        bad: {
          connections: {
            [ID]: {
              resource: resource({
                overallStatus: 'Error',
                authenticatedUser: { name: 'former.employee@contoso.com' },
                statuses: [{ status: 'Error', target: 'token', error: { code: 'Unauthenticated', message: 'Failed to refresh access token for service: office365. Error: AADSTS700082: The refresh token has expired due to inactivity.' } }],
              }),
            },
          },
        },
        good: { connections: { [ID]: { resource: resource({ overallStatus: 'Connected', statuses: [{ status: 'Connected' }] }) } } },
      },
    },
    fixable: false,
    requiresAzure: true,
  },
  check(ctx) {
    for (const { ref, fact } of knownConnections(ctx.project, ctx.azure)) {
      if (fact.state !== 'found') continue;
      const info = fact.connection;
      const why = unhealthy(info);
      if (!why) continue;
      const parts = [`Connection "${ref.name}" is not working: ${sourceOf(ctx.azure)} reports it as ${why.status}${why.code && why.code !== why.status ? ` (${why.code})` : ''}.`];
      if (info.authenticatedUser) parts.push(`It was authorized by ${info.authenticatedUser}.`);
      else if (/unauthenticated|unauthorized/i.test(`${why.code ?? ''} ${why.status}`)) parts.push('It has not been authorized.');
      if (why.message) {
        const text = redact(why.message).replace(/\s+/g, ' ').trim();
        parts.push(`Azure says: "${text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text}"`);
      }
      const codes = findAadsts(why.message);
      for (const c of codes) parts.push(`AADSTS${c.code}: ${c.meaning} Fix: ${c.fix}`);
      const reauthorize = codes.some((c) => c.reauthorize) || /unauthenticated|unauthorized|expired/i.test(`${why.code ?? ''} ${why.status}`);
      parts.push(
        reauthorize
          ? 'Runs that use it fail with 401 until someone re-authorizes it (portal: Edit API connection → Authorize), then test it.'
          : 'Runs that use it are likely to fail; test the connection to see its current state.',
      );
      ctx.report({
        file: ref.file,
        path: ref.path,
        message: parts.join(' '),
        actions: [
          { title: `Authorize connection "${ref.name}" in the Azure portal`, kind: 'authorize-connection', connectionId: ref.id },
          { title: `Test connection "${ref.name}"`, kind: 'test-connection', connectionId: ref.id },
        ],
      });
    }
  },
});
