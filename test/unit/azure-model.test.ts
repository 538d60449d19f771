import * as assert from 'assert';
import { explainAadsts, findAadsts, AADSTS_CODES } from '../../src/core/azure/aadsts';
import { errorFromResponse, parseArmError, retryAfterMs } from '../../src/core/azure/errors';
import {
  connectionNeedsConsent,
  connectionPath,
  decodeJwtIdentity,
  decodeJwtTimes,
  parseAccessPolicy,
  parseConnection,
  parseConnectionId,
  parseManagedApi,
  parseManagedApiId,
  parseSiteIdentity,
  parseSubscription,
  policyFor,
  subscriptionOfUrl,
} from '../../src/core/azure/model';

const SUB = '00000000-0000-0000-0000-000000000001';
const CONN = `/subscriptions/${SUB}/resourceGroups/rg-1/providers/Microsoft.Web/connections/office365`;

function fakeJwt(payload: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJl`;
}

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] });

describe('azure model', () => {
  describe('ids', () => {
    it('parses connection ids and refuses look-alikes', () => {
      assert.deepStrictEqual(parseConnectionId(CONN), { subscriptionId: SUB, resourceGroup: 'rg-1', name: 'office365' });
      assert.deepStrictEqual(parseConnectionId(CONN.toLowerCase())?.name, 'office365');
      assert.ok(parseConnectionId(`${CONN}/`));
      for (const bad of [
        `${CONN}/extra`,
        `${CONN}?api-version=1`,
        `${CONN}#x`,
        `https://management.azure.com${CONN}`,
        CONN.replace('office365', '..'),
        CONN.replace('office365', '%2e%2e'),
        CONN.replace('office365', 'a%2fb'),
        CONN.replace('rg-1', 'r g'),
        '/subscriptions/x/providers/Microsoft.Web/connections/c',
        '',
      ]) {
        assert.strictEqual(parseConnectionId(bad), undefined, bad);
      }
      assert.strictEqual(parseConnectionId(undefined), undefined);
    });

    it('encodes path segments and finds subscriptions in URLs', () => {
      const p = connectionPath({ subscriptionId: SUB, resourceGroup: 'rg (prod)', name: 'my conn' });
      assert.strictEqual(p, `/subscriptions/${SUB}/resourceGroups/rg%20(prod)/providers/Microsoft.Web/connections/my%20conn`);
      assert.strictEqual(subscriptionOfUrl(`https://management.azure.com/Subscriptions/${SUB.toUpperCase()}/x`), SUB);
      assert.strictEqual(subscriptionOfUrl('https://management.azure.com/providers/Microsoft.ResourceGraph/resources'), undefined);
      assert.deepStrictEqual(parseManagedApiId(`/subscriptions/${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/office365`), {
        subscriptionId: SUB,
        location: 'westeurope',
        apiName: 'office365',
      });
    });
  });

  describe('parseConnection (tolerant)', () => {
    it('reads a full 2018-07-01-preview connection, keeping only parameter names', () => {
      const c = parseConnection({
        id: CONN,
        name: 'office365',
        type: 'Microsoft.Web/connections',
        location: 'westeurope',
        kind: 'V2',
        properties: {
          displayName: 'me@contoso.com',
          overallStatus: 'Error',
          connectionState: 'Enabled',
          statuses: [{ status: 'Error', target: 'token', error: { code: 'Unauthenticated', message: 'AADSTS700082: The refresh token has expired' } }],
          authenticatedUser: { name: 'me@contoso.com' },
          createdTime: '2024-01-01T00:00:00Z',
          changedTime: '2024-02-01T00:00:00Z',
          parameterValues: { token: 'SECRET', 'token:TenantId': 'x' },
          parameterValueSet: { name: 'oauth', values: { token: { value: 'SECRET2' } } },
          api: { name: 'office365', displayName: 'Office 365 Outlook', id: `/subscriptions/${SUB}/providers/Microsoft.Web/locations/westeurope/managedApis/office365`, type: 'Microsoft.Web/locations/managedApis' },
          connectionRuntimeUrl: 'https://abc.common.logic-westeurope.azure-apihub.net/apim/office365/abc',
          testLinks: [{ requestUri: `https://management.azure.com:443${CONN}/extensions/proxy/testconnection?api-version=2016-06-01`, method: 'get' }],
          testRequests: [{ requestUri: `https://management.azure.com:443${CONN}/dynamicInvoke?api-version=2018-07-01-preview`, method: 'POST', body: { request: { method: 'GET', path: 'testconnection' } } }],
        },
      })!;
      assert.strictEqual(c.kind, 'V2');
      assert.strictEqual(c.subscriptionId, SUB);
      assert.strictEqual(c.resourceGroup, 'rg-1');
      assert.strictEqual(c.status, 'Error');
      assert.strictEqual(c.statuses[0]!.error!.code, 'Unauthenticated');
      assert.strictEqual(c.authenticatedUser, 'me@contoso.com');
      assert.strictEqual(c.api.displayName, 'Office 365 Outlook');
      assert.deepStrictEqual(c.parameterValueKeys, ['token', 'token:TenantId']);
      assert.deepStrictEqual(c.parameterValueSet, { name: 'oauth', valueKeys: ['token'] });
      assert.strictEqual(c.testLinks[0]!.method, 'GET');
      assert.deepStrictEqual(c.testRequests[0]!.body, { request: { method: 'GET', path: 'testconnection' } });
      assert.ok(!JSON.stringify(c).includes('SECRET'));
    });

    it('survives odd shapes: missing properties, other casing, string user, unknown kind', () => {
      const c = parseConnection({ id: CONN, Kind: 'v1', Properties: { Statuses: [{ Status: 'Connected' }, 'junk', null], testLinks: 'nope', AuthenticatedUser: 'x@y' } })!;
      assert.strictEqual(c.kind, 'V1');
      assert.strictEqual(c.status, 'Connected');
      assert.strictEqual(c.name, 'office365');
      assert.strictEqual(c.authenticatedUser, 'x@y');
      assert.deepStrictEqual(c.testLinks, []);
      const d = parseConnection({ id: CONN, kind: 'V3' })!;
      assert.strictEqual(d.kind, undefined);
      assert.strictEqual(d.rawKind, 'V3');
      assert.strictEqual(d.status, 'Unknown');
      assert.strictEqual(parseConnection({ name: 'no id' }), undefined);
      assert.strictEqual(parseConnection(null), undefined);
      assert.strictEqual(parseConnection([]), undefined);
      // Resource Graph rows carry subscriptionId and resourceGroup as columns.
      const g = parseConnection({ id: '/weird/id', subscriptionId: SUB, resourceGroup: 'rg', properties: {} })!;
      assert.strictEqual(g.subscriptionId, SUB);
      assert.strictEqual(g.resourceGroup, 'rg');
    });
  });

  it('parses subscriptions, access policies, site identities', () => {
    assert.deepStrictEqual(parseSubscription({ id: `/subscriptions/${SUB}`, subscriptionId: SUB, displayName: 'Dev', state: 'Enabled', tenantId: 't' }), {
      subscriptionId: SUB,
      displayName: 'Dev',
      state: 'Enabled',
      tenantId: 't',
    });
    const p = parseAccessPolicy({ name: 'p1', properties: { principal: { type: 'ActiveDirectory', identity: { objectId: 'OID', tenantId: 'TID' } } } })!;
    assert.deepStrictEqual(p, { name: 'p1', principalType: 'ActiveDirectory', objectId: 'OID', tenantId: 'TID' });
    assert.ok(policyFor([p], { objectId: 'oid', tenantId: 'tid' }));
    assert.ok(policyFor([p], { objectId: 'oid' }));
    assert.strictEqual(policyFor([p], { objectId: 'other' }), undefined);
    assert.strictEqual(policyFor([p], { objectId: 'oid', tenantId: 'other' }), undefined);
    const site = parseSiteIdentity('/s', {
      identity: { type: 'SystemAssigned, UserAssigned', principalId: 'P', tenantId: 'T', userAssignedIdentities: { '/ua/1': { principalId: 'UP', clientId: 'UC' } } },
    });
    assert.strictEqual(site.principalId, 'P');
    assert.deepStrictEqual(site.userAssigned, [{ resourceId: '/ua/1', principalId: 'UP', clientId: 'UC' }]);
    assert.deepStrictEqual(parseSiteIdentity('/s', {}).userAssigned, []);
  });

  it('decides whether a managed API needs OAuth consent', () => {
    const oauth = parseManagedApi({ name: 'office365', properties: { connectionParameters: { token: { type: 'oauthSetting', oAuthSettings: {} } } } })!;
    assert.strictEqual(oauth.needsConsent, true);
    assert.deepStrictEqual(oauth.oauthParameters, ['token']);
    const key = parseManagedApi({ name: 'azureblob', properties: { connectionParameters: { accountName: { type: 'string' }, accessKey: { type: 'securestring' } } } })!;
    assert.strictEqual(key.needsConsent, false);
    const sets = parseManagedApi({
      name: 'sql',
      properties: {
        connectionParameterSets: {
          values: [
            { name: 'oauthMI', parameters: { token: { type: 'oauthSetting' } } },
            { name: 'managedIdentityAuth', parameters: {} },
          ],
        },
      },
    })!;
    assert.strictEqual(sets.needsConsent, false);
    const conn = parseConnection({ id: CONN, properties: { parameterValueSet: { name: 'oauthMI', values: {} } } })!;
    assert.strictEqual(connectionNeedsConsent(sets, conn), true);
    const mi = parseConnection({ id: CONN, properties: { parameterValueType: 'Alternative' } })!;
    assert.strictEqual(connectionNeedsConsent(oauth, mi), false);
    assert.strictEqual(parseManagedApi({}), undefined);
  });

  it('reads who a token was issued to (oid, tid, upn)', () => {
    assert.deepStrictEqual(decodeJwtIdentity(fakeJwt({ oid: 'O', tid: 'T', upn: 'me@contoso.com' })), { objectId: 'O', tenantId: 'T', name: 'me@contoso.com' });
    assert.deepStrictEqual(decodeJwtIdentity(fakeJwt({ oid: 'O', preferred_username: 'p' })), { objectId: 'O', name: 'p' });
    assert.strictEqual(decodeJwtIdentity('opaque'), undefined);
  });

  it('decodes JWT times without verifying', () => {
    const t = decodeJwtTimes(fakeJwt({ exp: 1700000000, nbf: 1699990000, iat: 1699990000 }))!;
    assert.strictEqual(t.expiresAt, new Date(1700000000 * 1000).toISOString());
    assert.ok(t.notBefore && t.issuedAt);
    assert.strictEqual(decodeJwtTimes('not-a-jwt'), undefined);
    assert.strictEqual(decodeJwtTimes('a.!!!.c'), undefined);
    assert.deepStrictEqual(decodeJwtTimes(fakeJwt({ exp: 'soon' })), {});
    assert.strictEqual(decodeJwtTimes(undefined), undefined);
  });

  describe('errors', () => {
    it('parses ARM error bodies tolerantly', () => {
      assert.deepStrictEqual(parseArmError({ error: { code: 'AuthorizationFailed', message: 'no', details: [{ code: 'x', message: 'y' }] } }), {
        code: 'AuthorizationFailed',
        message: 'no',
        details: [{ code: 'x', message: 'y', target: undefined }],
      });
      assert.deepStrictEqual(parseArmError({ Code: 'C', Message: 'M' }), { code: 'C', message: 'M' });
      assert.deepStrictEqual(parseArmError('{"error":{"code":"C","message":"M"}}'), { code: 'C', message: 'M' });
      assert.deepStrictEqual(parseArmError({ error: 'invalid_grant', error_description: 'AADSTS70011 bad scope' }), { code: 'invalid_grant', message: 'AADSTS70011 bad scope' });
      assert.deepStrictEqual(parseArmError({ 'odata.error': { code: 'C', message: { value: 'V' } } }), { code: 'C', message: 'V' });
      assert.deepStrictEqual(parseArmError('plain text'), { message: 'plain text' });
      assert.strictEqual(parseArmError('<html><body>502</body></html>'), undefined);
      assert.strictEqual(parseArmError({}), undefined);
      assert.strictEqual(parseArmError(''), undefined);
    });

    it('maps statuses to kinds, reads Retry-After, explains AADSTS, redacts', () => {
      const e = errorFromResponse(
        401,
        { error: { code: 'Unauthorized', message: 'AADSTS700082: refresh token expired. Bearer abc.def.ghi-123 ?sig=SIG' } },
        headers({ 'x-ms-request-id': 'req-1' }),
      );
      assert.strictEqual(e.kind, 'unauthenticated');
      assert.strictEqual(e.code, 'Unauthorized');
      assert.strictEqual(e.requestId, 'req-1');
      assert.strictEqual(e.aadsts?.[0]?.code, '700082');
      assert.ok(!e.message.includes('abc.def.ghi-123') && !e.message.includes('SIG'));
      assert.strictEqual(errorFromResponse(403, undefined).kind, 'forbidden');
      assert.strictEqual(errorFromResponse(404, 'x').kind, 'not-found');
      const t = errorFromResponse(429, undefined, headers({ 'retry-after': '7' }));
      assert.strictEqual(t.kind, 'throttled');
      assert.strictEqual(t.retryAfterSeconds, 7);
      assert.strictEqual(errorFromResponse(500, undefined).kind, 'server');
      assert.strictEqual(errorFromResponse(504, undefined).kind, 'timeout');
      assert.strictEqual(errorFromResponse(400, undefined).kind, 'server');
      assert.strictEqual(retryAfterMs(headers({ 'retry-after-ms': '150' })), 150);
      assert.strictEqual(retryAfterMs(headers({ 'retry-after': '2' })), 2000);
      assert.strictEqual(retryAfterMs(headers({ 'retry-after': new Date(Date.now() + 5000).toUTCString() }))! > 3000, true);
      assert.strictEqual(retryAfterMs(headers({ 'retry-after': 'soon' })), undefined);
      assert.strictEqual(retryAfterMs(headers({})), undefined);
    });
  });

  describe('AADSTS', () => {
    it('covers every code of the reference table', () => {
      for (const code of ['700016', '7000112', '7000113', '7000215', '7000222', '65001', '700082', '50173', '50076', '50079', '53003', '70011', '700024', '90002', '500011', '9002313']) {
        assert.ok(AADSTS_CODES[code], code);
      }
    });

    it('finds codes in messages, once each, and explains unknown ones generically', () => {
      const found = findAadsts('AADSTS700082: expired. Trace... AADSTS700082 again; AADSTS12345 other');
      assert.deepStrictEqual(found.map((f) => f.code), ['700082', '12345']);
      assert.ok(found[0]!.reauthorize);
      assert.ok(found[1]!.fix.includes('AADSTS12345'));
      assert.deepStrictEqual(findAadsts('no code AADSTS'), []);
      assert.deepStrictEqual(findAadsts(undefined), []);
      assert.ok(explainAadsts('AADSTS65001 consent')!.includes('consent'));
      assert.strictEqual(explainAadsts('fine'), undefined);
    });
  });
});
