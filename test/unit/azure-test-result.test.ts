import * as assert from 'assert';
import { azureError } from '../../src/core/azure/errors';
import {
  buildTestResult,
  httpStatusOfStatusCode,
  statusForHttp,
  testResultFromDynamicInvoke,
  testResultFromError,
  testResultFromResponse,
} from '../../src/core/azure/test';

const ctx = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/connections/c', portalLink: 'https://portal.azure.com/#/resource/x/edit', authenticatedUser: 'me@contoso.com' };

describe('azure test-connection results', () => {
  it('maps HTTP statuses to categories', () => {
    assert.strictEqual(statusForHttp(200), 'connected');
    assert.strictEqual(statusForHttp(204), 'connected');
    assert.strictEqual(statusForHttp(401), 'unauthenticated');
    assert.strictEqual(statusForHttp(403), 'forbidden');
    assert.strictEqual(statusForHttp(404), 'not-found');
    assert.strictEqual(statusForHttp(429), 'throttled');
    assert.strictEqual(statusForHttp(504), 'unreachable');
    assert.strictEqual(statusForHttp(500), 'error');
    assert.strictEqual(statusForHttp(400), 'error');
  });

  it('2xx is connected, with nothing to do', () => {
    const r = testResultFromResponse({ ...ctx, via: 'testLink' }, 200, {});
    assert.strictEqual(r.status, 'connected');
    assert.strictEqual(r.via, 'testLink');
    assert.strictEqual(r.links, undefined);
  });

  it('401 from the connection: re-authorize (portal link); 401 for our ARM token: sign in again', () => {
    const r = testResultFromResponse(ctx, 401, { error: { code: 'Unauthorized', message: 'AADSTS700082: The refresh token has expired due to inactivity.' } });
    assert.strictEqual(r.status, 'unauthenticated');
    assert.strictEqual(r.httpStatus, 401);
    assert.strictEqual(r.aadsts?.[0]?.code, '700082');
    assert.ok(/re-authorize/i.test(r.nextStep), r.nextStep);
    assert.ok(r.explanation.includes('AADSTS700082'));
    assert.strictEqual(r.links?.[0]?.url, ctx.portalLink);
    const arm = testResultFromError(ctx, azureError({ kind: 'unauthenticated', status: 401, code: 'ExpiredAuthenticationToken', message: 'The access token expiry UTC time is earlier than current UTC time.' }));
    assert.strictEqual(arm.status, 'unauthenticated');
    assert.ok(/sign in to azure again/i.test(arm.nextStep), arm.nextStep);
  });

  it('403 says which: RBAC role, access policy or the target service', () => {
    const rbac = testResultFromResponse(ctx, 403, {
      error: { code: 'AuthorizationFailed', message: "The client 'x' does not have authorization to perform action 'Microsoft.Web/connections/extensions/proxy/action' over scope '/subscriptions/s'." },
    });
    assert.strictEqual(rbac.status, 'forbidden');
    assert.ok(rbac.explanation.includes('Microsoft.Web/connections/extensions/proxy/action'));
    assert.ok(/role/i.test(rbac.nextStep));
    const acl = testResultFromResponse(ctx, 403, { error: { code: 'Forbidden', message: 'The caller is not authorized to access connection c: no access policy.' } });
    assert.ok(/access policy/i.test(acl.explanation) && /access policy/i.test(acl.nextStep));
    const target = testResultFromResponse(ctx, 403, { error: { code: 'Forbidden', message: 'Access to the mailbox is denied.' } });
    assert.ok(/target service/i.test(target.explanation) && target.explanation.includes('me@contoso.com'));
  });

  it('404, throttled, unreachable, cancelled and refused targets', () => {
    assert.strictEqual(testResultFromResponse(ctx, 404, undefined).status, 'not-found');
    const t = testResultFromError(ctx, azureError({ kind: 'throttled', status: 429, message: 'slow down', retryAfterSeconds: 30 }));
    assert.strictEqual(t.status, 'throttled');
    assert.ok(t.nextStep.includes('30 s'));
    assert.strictEqual(testResultFromError(ctx, azureError({ kind: 'timeout', message: 'x' })).status, 'unreachable');
    const n = testResultFromError(ctx, azureError({ kind: 'network', code: 'ENOTFOUND', message: 'dns' }));
    assert.strictEqual(n.status, 'unreachable');
    assert.ok(/DNS/.test(n.explanation));
    const c = testResultFromError(ctx, azureError({ kind: 'cancelled', message: 'cancelled' }));
    assert.strictEqual(c.status, 'error');
    assert.strictEqual(c.code, 'Cancelled');
    const i = testResultFromError(ctx, azureError({ kind: 'insecure-target', message: 'https://evil.com is not ARM' }));
    assert.strictEqual(i.status, 'error');
    assert.strictEqual(i.code, 'InsecureTarget');
    assert.ok(/not called with your Azure token/.test(i.explanation));
    const s = testResultFromError(ctx, azureError({ kind: 'server', status: 502, code: 'BadGateway', message: 'The gateway failed.' }));
    assert.strictEqual(s.status, 'error');
    assert.strictEqual(s.message, 'The gateway failed.');
  });

  it('dynamicInvoke: the inner statusCode decides', () => {
    assert.strictEqual(httpStatusOfStatusCode('OK'), 200);
    assert.strictEqual(httpStatusOfStatusCode('Unauthorized'), 401);
    assert.strictEqual(httpStatusOfStatusCode('TooManyRequests'), 429);
    assert.strictEqual(httpStatusOfStatusCode(403), 403);
    assert.strictEqual(httpStatusOfStatusCode('418'), 418);
    assert.strictEqual(httpStatusOfStatusCode('Weird'), undefined);
    assert.strictEqual(testResultFromDynamicInvoke(ctx, { response: { statusCode: 'OK', body: {} } }).status, 'connected');
    const u = testResultFromDynamicInvoke(ctx, { response: { statusCode: 'Unauthorized', body: { error: { code: 'Unauthorized', message: 'AADSTS50173 grant revoked' } } } });
    assert.strictEqual(u.status, 'unauthenticated');
    assert.strictEqual(u.aadsts?.[0]?.code, '50173');
    assert.strictEqual(testResultFromDynamicInvoke(ctx, {}).status, 'error');
    assert.strictEqual(testResultFromDynamicInvoke(ctx, { response: { statusCode: 'Weird' } }).status, 'error');
  });

  it('never carries a token or signature in its texts', () => {
    const r = buildTestResult(ctx, { status: 'error', httpStatus: 500, message: 'failed for Bearer eyJabc.eyJdef.sig123 at https://x/?sig=SECRET' });
    assert.ok(!JSON.stringify(r).includes('eyJdef') && !JSON.stringify(r).includes('SECRET'));
  });
});
