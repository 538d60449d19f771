import * as assert from 'assert';
import { ACCESS_TOKEN_ENV, credentialFromEnv, createIdentityCredential, staticTokenCredential } from '../../src/core/azure/credentials';
import { buildReport, expectedIdentityOfSite, expectedIdentityOfUser, toJSON, toMarkdown, type DiagnosisFacts } from '../../src/core/azure/diagnose';
import { azureError, ok, fail } from '../../src/core/azure/errors';
import { parseConnection, parseManagedApi } from '../../src/core/azure/model';
import { clearRegisteredSecrets, redact } from '../../src/core/azure/redact';

const SUB = '00000000-0000-0000-0000-000000000001';
const ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/connections/office365`;
const NOW = Date.parse('2025-01-10T12:00:00Z');
const OID = 'a5a5a5a5-0000-4000-8000-00000000000a';

function jwt(payload: Record<string, unknown>): string {
  const b = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'none', typ: 'JWT' })}.${b(payload)}.`;
}

function conn(over: Record<string, unknown> = {}, props: Record<string, unknown> = {}) {
  return parseConnection({
    id: ID,
    name: 'office365',
    kind: 'V2',
    location: 'westeurope',
    ...over,
    properties: {
      overallStatus: 'Connected',
      statuses: [{ status: 'Connected' }],
      authenticatedUser: { name: 'ops@contoso.com' },
      createdTime: '2024-01-01T00:00:00Z',
      changedTime: '2024-06-01T00:00:00Z',
      connectionRuntimeUrl: 'https://x.common.logic-westeurope.azure-apihub.net/apim/office365/abc/',
      api: { name: 'office365', id: `/subscriptions/${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/office365` },
      ...props,
    },
  })!;
}

const oauthApi = parseManagedApi({ name: 'office365', properties: { displayName: 'Office 365 Outlook', connectionParameters: { token: { type: 'oauthSetting' } } } })!;

function facts(over: Partial<DiagnosisFacts> = {}): DiagnosisFacts {
  return {
    input: { connectionId: ID, projectKind: 'standard', now: NOW },
    cloud: 'AzureCloud',
    portalLink: `https://portal.azure.com/#/resource${ID}/edit`,
    connection: ok(conn()),
    managedApi: ok(oauthApi),
    accessPolicies: ok([{ name: 'msi', objectId: OID, tenantId: 't' }]),
    test: { id: ID, status: 'connected', message: 'Connected.', explanation: 'ok', nextStep: 'Nothing to do.', via: 'testLink' },
    ...over,
  };
}

describe('azure diagnosis (pure)', () => {
  afterEach(() => clearRegisteredSecrets());

  it('all good: ok overall, who authorized it and when, consent explained', () => {
    const r = buildReport(facts({ input: { connectionId: ID, projectKind: 'standard', now: NOW, expectedIdentity: { objectId: OID, source: 'managed-identity' } } }));
    assert.strictEqual(r.overall, 'ok', JSON.stringify(r.checks, null, 1));
    assert.strictEqual(r.connection?.authenticatedUser, 'ops@contoso.com');
    assert.strictEqual(r.accessPolicies?.covered, true);
    assert.strictEqual(r.consent?.needsConsent, true);
    assert.ok(r.checks.find((c) => c.id === 'authorization')!.detail.includes('2024-06-01'));
  });

  it('V1 in a Standard project, a missing access policy, an expired key: errors with next steps', () => {
    const r = buildReport(
      facts({
        connection: ok(conn({ kind: 'V1' })),
        input: {
          connectionId: ID,
          projectKind: 'standard',
          now: NOW,
          expectedIdentity: { objectId: 'de7e1000-0000-4000-8000-00000000000d', source: 'developer', description: 'dev@contoso.com' },
          connectionKey: jwt({ exp: NOW / 1000 - 3600 }),
        },
      }),
    );
    assert.strictEqual(r.overall, 'error');
    const by = (id: string) => r.checks.find((c) => c.id === id)!;
    assert.strictEqual(by('kind').severity, 'error');
    assert.strictEqual(by('access-policies').severity, 'error');
    assert.ok(by('access-policies').detail.includes('dev@contoso.com (object id de7e1000-0000-4000-8000-00000000000d)'), by('access-policies').detail);
    assert.ok(by('access-policies').nextStep!.includes(`lac connections access add ${ID} --object-id de7e1000-0000-4000-8000-00000000000d`));
    assert.strictEqual(by('connection-key').severity, 'error');
    assert.strictEqual(r.connectionKey?.expired, true);
  });

  it('no authenticatedUser (real answers often have none): "Authorized by: not reported", never "Never authorized" next to Connected', () => {
    const r = buildReport(facts({ connection: ok(conn({}, { authenticatedUser: undefined })) }));
    const auth = r.checks.find((c) => c.id === 'authorization')!;
    assert.deepStrictEqual([auth.severity, auth.title], ['info', 'Authorized by: not reported']);
    assert.strictEqual(r.overall, 'ok');
    assert.ok(!JSON.stringify(r).includes('Never authorized'));
  });

  it('why no identity is checked (a key, key mode, mode unknown) is information', () => {
    const r = buildReport(facts({ input: { connectionId: ID, now: NOW, noIdentityReason: 'the project runs locally with connection keys' } }));
    const acl = r.checks.find((c) => c.id === 'access-policies')!;
    assert.deepStrictEqual([acl.severity, acl.detail], ['info', 'No identity policy is checked: the project runs locally with connection keys.']);
  });

  it('one connection for an app with several identities: fine when one has a policy, each named', () => {
    const cands = [
      { objectId: OID, source: 'managed-identity' as const, description: 'the system-assigned identity of la' },
      { objectId: 'b6b6b6b6-0000-4000-8000-00000000000b', source: 'managed-identity' as const, description: 'the user-assigned identity uai of la' },
    ];
    const ok1 = buildReport(facts({ input: { connectionId: ID, now: NOW, candidateIdentities: cands } }));
    const acl = ok1.checks.find((c) => c.id === 'access-policies')!;
    assert.strictEqual(acl.severity, 'ok');
    assert.match(acl.detail, /system-assigned identity of la \(object id a5a5a5a5-.*\): has one; the user-assigned identity uai of la \(object id b6b6b6b6-.*\): none/);
    const none = buildReport(facts({ input: { connectionId: ID, now: NOW, candidateIdentities: cands.slice(1) } }));
    assert.strictEqual(none.checks.find((c) => c.id === 'access-policies')!.severity, 'error');
  });

  it('a key expiring within a day is a warning; a valid one shows days left', () => {
    const soon = buildReport(facts({ input: { connectionId: ID, now: NOW, connectionKey: jwt({ exp: NOW / 1000 + 3 * 3600 }) } }));
    assert.strictEqual(soon.checks.find((c) => c.id === 'connection-key')!.severity, 'warning');
    const fine = buildReport(facts({ input: { connectionId: ID, now: NOW, connectionKey: jwt({ exp: NOW / 1000 + 6 * 86400 }) } }));
    assert.ok(fine.checks.find((c) => c.id === 'connection-key')!.detail.includes('6 d'));
  });

  it('a broken status and a failed test are errors; lookup failures are reported, not thrown', () => {
    const r = buildReport(
      facts({
        connection: ok(conn({}, { overallStatus: 'Error', statuses: [{ status: 'Error', error: { code: 'Unauthenticated', message: 'AADSTS700082 expired' } }] })),
        test: { id: ID, status: 'unauthenticated', httpStatus: 401, message: 'AADSTS700082', explanation: 'x', nextStep: 'Re-authorize', links: [{ title: 'Portal', url: 'https://portal.azure.com/#/x' }] },
        accessPolicies: fail(azureError({ kind: 'forbidden', status: 403, message: 'no' })),
      }),
    );
    assert.strictEqual(r.overall, 'error');
    assert.strictEqual(r.checks.find((c) => c.id === 'status')!.links?.[0]?.url, `https://portal.azure.com/#/resource${ID}/edit`);
    assert.strictEqual(r.errors[0]!.step, 'list access policies');
    const nf = buildReport({ input: { connectionId: ID, now: NOW }, cloud: 'AzureCloud', connection: fail(azureError({ kind: 'not-found', status: 404, message: 'gone' })) });
    assert.strictEqual(nf.overall, 'error');
    assert.strictEqual(nf.checks[0]!.title, 'Connection not found');
  });

  it('expected identities from a site or the signed-in user', () => {
    assert.deepStrictEqual(expectedIdentityOfSite({ siteId: '/s', principalId: OID, tenantId: 't', userAssigned: [] }, 'la-orders'), {
      objectId: OID,
      tenantId: 't',
      source: 'managed-identity',
      description: 'la-orders',
    });
    assert.strictEqual(expectedIdentityOfSite({ siteId: '/s', userAssigned: [] }), undefined);
    assert.deepStrictEqual(expectedIdentityOfUser({ objectId: 'o', tenantId: 't', name: 'me' }), { objectId: 'o', tenantId: 't', source: 'developer', description: 'me' });
    assert.strictEqual(expectedIdentityOfUser({}), undefined);
  });

  it('Markdown escapes hostile values; JSON round-trips; neither carries secrets', () => {
    const token = jwt({ exp: 1, secret: 'payload' });
    const r = buildReport(
      facts({
        connection: ok(conn({}, { displayName: '<img src=x onerror=alert(1)> | `code` [link](javascript:alert(1))', authenticatedUser: { name: `me ${token}` } })),
      }),
    );
    const md = toMarkdown(r);
    assert.ok(!md.includes('<img'), md);
    assert.ok(!md.includes('](javascript:'), md);
    assert.ok(!md.includes(token.split('.')[1]!));
    const json = toJSON(r);
    assert.deepStrictEqual(JSON.parse(json).connectionId, ID);
    assert.ok(!json.includes(token.split('.')[1]!));
  });
});

describe('azure credentials', () => {
  afterEach(() => clearRegisteredSecrets());

  it('staticTokenCredential returns the token (without "Bearer "), with its JWT expiry, and registers it for redaction', async () => {
    const c = staticTokenCredential('Bearer opaque-token-value-123456');
    const t = await c.getToken('https://management.azure.com/.default');
    assert.strictEqual(t!.token, 'opaque-token-value-123456');
    assert.ok(t!.expiresOnTimestamp > Date.now());
    assert.strictEqual(redact('x opaque-token-value-123456 y'), 'x [redacted] y');
    const j = await staticTokenCredential(jwt({ exp: 2000000000 })).getToken([]);
    assert.strictEqual(j!.expiresOnTimestamp, 2000000000 * 1000);
    assert.throws(() => staticTokenCredential('  '));
  });

  it('reads LAC_ACCESS_TOKEN', async () => {
    assert.strictEqual(credentialFromEnv({}), undefined);
    const c = credentialFromEnv({ [ACCESS_TOKEN_ENV]: 'env-token-value-0001' })!;
    assert.strictEqual((await c.getToken([]))!.token, 'env-token-value-0001');
  });

  it('builds @azure/identity credentials lazily', async () => {
    const cli = await createIdentityCredential({ kind: 'cli' });
    assert.strictEqual(typeof cli.getToken, 'function');
    const secret = await createIdentityCredential({ kind: 'clientSecret', tenantId: '11111111-2222-3333-4444-555555555555', clientId: 'c', clientSecret: 'client-secret-value-xyz' });
    assert.strictEqual(typeof secret.getToken, 'function');
    assert.strictEqual(redact('client-secret-value-xyz'), '[redacted]');
  });
});
