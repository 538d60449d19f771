import * as assert from 'assert';
import { factsFromArm, factOf, type ConnectionFact } from '../../src/core/azureFacts';
import { statusLens, unresolvedLens, type LensAzure } from '../../src/vscode/model/lensModel';

const ID = '/subscriptions/aaaa0001-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.Web/connections/office365';
const SIGNED_IN: LensAzure = { kind: 'signed-in', source: 'the local ARM endpoint http://127.0.0.1:1234', fetching: true };

function fact(answer: Parameters<typeof factsFromArm>[0]['connections'][string]): ConnectionFact {
  const f = factOf(factsFromArm({ connections: { [ID]: answer } }), ID);
  assert.ok(f);
  return f;
}
const resource = (properties: Record<string, unknown>) => ({ resource: { id: ID, name: 'office365', kind: 'V2', location: 'westeurope', properties } });

describe('vscode: code lens texts (lensModel.ts)', () => {
  it('Connected, with where the answer comes from', () => {
    const t = statusLens('office365', fact(resource({ overallStatus: 'Connected', statuses: [{ status: 'Connected' }] })), SIGNED_IN);
    assert.strictEqual(t.title, '$(pass) Connected');
    assert.match(t.tooltip, /the local ARM endpoint http:\/\/127\.0\.0\.1:1234 reports "office365" as Connected/);
  });

  it('Error with a short reason: the error code and the AADSTS code', () => {
    const expired = fact(
      resource({
        overallStatus: 'Error',
        authenticatedUser: { name: 'former.employee@contoso.com' },
        statuses: [{ status: 'Error', target: 'token', error: { code: 'Unauthenticated', message: 'Failed to refresh access token. Error: AADSTS700082: The refresh token has expired due to inactivity.' } }],
      }),
    );
    const t = statusLens('office365', expired, SIGNED_IN);
    assert.strictEqual(t.title, '$(error) Error: Unauthenticated (AADSTS700082)');
    assert.match(t.tooltip, /as Error \(Unauthenticated\); it was authorized by former\.employee@contoso\.com/);
    const noCode = statusLens('x', fact(resource({ overallStatus: 'Disabled', statuses: [{ status: 'Disabled' }] })), SIGNED_IN);
    assert.strictEqual(noCode.title, '$(error) Error: Disabled');
    const long = statusLens('x', fact(resource({ overallStatus: 'Error', statuses: [{ status: 'Error', error: { code: 'A'.repeat(200) } }] })), SIGNED_IN);
    assert.ok(long.title.length < 70, long.title);
    assert.ok(long.title.endsWith('…'));
  });

  it('Not found in Azure (404 ResourceNotFound); could not check for other errors', () => {
    const missing = statusLens('x', fact({ error: { status: 404, code: 'ResourceNotFound', message: 'not found' } }), SIGNED_IN);
    assert.strictEqual(missing.title, '$(question) Not found in Azure');
    assert.match(missing.tooltip, /ResourceNotFound/);
    const forbidden = statusLens('x', fact({ error: { status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization.' } }), SIGNED_IN);
    assert.strictEqual(forbidden.title, '$(warning) Could not check: no access');
    const sub = statusLens('x', fact({ error: { status: 404, code: 'SubscriptionNotFound', message: 'gone' } }), SIGNED_IN);
    assert.strictEqual(sub.title, '$(warning) Could not check: subscription not visible');
  });

  it('Not checked when signed out, untrusted or invalid; Checking… while signed in and the fact is on its way', () => {
    const f = fact(resource({ overallStatus: 'Connected' }));
    for (const kind of ['signed-out', 'untrusted', 'invalid'] as const) {
      const t = statusLens('x', f, { kind });
      assert.strictEqual(t.title, '$(circle-outline) Not checked', kind);
      assert.match(t.tooltip, /Click to test it/);
    }
    assert.match(statusLens('x', undefined, { kind: 'signed-out' }).tooltip, /Sign in to Azure/);
    assert.strictEqual(statusLens('x', undefined, SIGNED_IN).title, '$(sync~spin) Checking…');
    assert.strictEqual(statusLens('x', undefined, { ...SIGNED_IN, fetching: false }).title, '$(circle-outline) Not checked');
  });

  it('entries whose connection.id does not resolve say why nothing can be tested', () => {
    assert.strictEqual(unresolvedLens({ connection: { id: "/subscriptions/@{appsetting('SUB')}/resourceGroups/rg/providers/Microsoft.Web/connections/x" } }).title, '$(circle-slash) connection.id does not resolve: nothing to test');
    assert.strictEqual(unresolvedLens({ connection: { id: "@parameters('conn')" } }).title, '$(circle-slash) connection.id does not resolve: nothing to test');
    assert.strictEqual(unresolvedLens({ connection: { id: '/subscriptions/#{sub}#/resourceGroups/rg/providers/Microsoft.Web/connections/x' } }).title, '$(circle-slash) connection.id does not resolve: nothing to test');
    assert.strictEqual(unresolvedLens({ api: {} }).title, '$(circle-slash) No connection.id: nothing to test');
    assert.strictEqual(unresolvedLens({ connection: { id: 42 } }).title, '$(circle-slash) connection.id is not a string: nothing to test');
    assert.strictEqual(unresolvedLens({ connection: { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/x' } }).title, '$(circle-slash) connection.id is not an API connection id: nothing to test');
  });
});
