import * as assert from 'assert';
import { clearRegisteredSecrets, redact, redactDeep, registerSecret } from '../../src/core/azure/redact';

function fakeJwt(payload: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}.${Buffer.from('signature-bytes-0123456789').toString('base64url')}`;
}

describe('azure redact', () => {
  afterEach(() => clearRegisteredSecrets());

  it('strips bearer tokens and Authorization headers', () => {
    assert.strictEqual(redact('Authorization: Bearer abc.def-123_456'), 'Authorization: [redacted]');
    assert.strictEqual(redact('sent Bearer eyJ0eXAiOiJKV1QifQ.eyJ4IjoxfQ.sig to arm'), 'sent Bearer [redacted] to arm');
    assert.ok(!redact('{"authorization":"Bearer opaque-token-12345"}').includes('opaque-token-12345'));
    assert.strictEqual(redact('Bearer token authentication is not permitted'), 'Bearer token authentication is not permitted');
    assert.ok(!redact('Basic dXNlcjpwYXNzd29yZA==').includes('dXNlcjpwYXNzd29yZA'));
  });

  it('strips JWTs anywhere (connection keys are JWTs)', () => {
    const jwt = fakeJwt({ exp: 1700000000, aud: 'x' });
    const out = redact(`key=${jwt}; also "${jwt}" and ${jwt}.`);
    assert.ok(!out.includes(jwt.split('.')[1]!), out);
    assert.ok(out.includes('[redacted'));
  });

  it('strips secret query values but keeps the rest of the URL', () => {
    const url = 'https://x.blob.core.windows.net/c?sv=2020&sig=AbC%2Fdef%3D&se=2030 and https://r/cb?code=0.AAAA-secret&state=ok';
    const out = redact(url);
    assert.ok(!out.includes('AbC%2Fdef'));
    assert.ok(!out.includes('0.AAAA-secret'));
    assert.ok(out.includes('sv=2020') && out.includes('state=ok') && out.includes('sig=[redacted]') && out.includes('code=[redacted]'));
    assert.ok(!redact('https://h/p?access_token=tok123&x=1').includes('tok123'));
    assert.ok(!redact('https://h/p?client_secret=s3cr3t').includes('s3cr3t'));
    assert.ok(!redact('redirect_uri=https%3A%2F%2Fh%2F%3Fa%3D1%26sig%3DSECRETSIG').includes('SECRETSIG'));
  });

  it('strips connection-string secrets and JSON secret fields, not ARM error codes', () => {
    const cs = 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=QmFzZTY0S2V5PT0=;EndpointSuffix=core.windows.net';
    assert.ok(!redact(cs).includes('QmFzZTY0S2V5PT0'));
    assert.ok(redact(cs).includes('AccountName=a'));
    assert.ok(!redact('Endpoint=sb://x/;SharedAccessKeyName=R;SharedAccessKey=abcDEF123=').includes('abcDEF123'));
    const body = '{"connectionKey":"k-value-123456","error":{"code":"AuthorizationFailed","message":"no"}}';
    const out = redact(body);
    assert.ok(!out.includes('k-value-123456'));
    assert.ok(out.includes('"code":"AuthorizationFailed"'));
    assert.strictEqual(redact('statusCode=200 errorcode=Unauthorized'), 'statusCode=200 errorcode=Unauthorized');
  });

  it('removes registered secrets verbatim, whatever their shape', () => {
    registerSecret('plain-opaque-token-value');
    assert.strictEqual(redact('x plain-opaque-token-value y'), 'x [redacted] y');
    assert.strictEqual(redact('xplain-opaque-token-valuey'), 'x[redacted]y', 'a long secret goes wherever it is');
  });

  it('removes registered secrets of any length: a short one wherever it stands as a token', () => {
    registerSecret('tk7');
    registerSecret('x');
    // What a server echoing the token looks like, in an error line and in JSON.
    assert.strictEqual(redact('401: the token tk7 is not valid'), '401: the token [redacted] is not valid');
    assert.strictEqual(redact('{"error":{"message":"invalid token \'tk7\'","token":"tk7"}}'), '{"error":{"message":"invalid token \'[redacted]\'","token":"[redacted]"}}');
    assert.strictEqual(redact('Authorization: Bearer tk7'), 'Authorization: [redacted]');
    assert.strictEqual(redact('sent Bearer tk7 to arm'), 'sent Bearer [redacted] to arm');
    assert.strictEqual(redact('https://h/p?t=tk7&u=1'), 'https://h/p?t=[redacted]&u=1');
    // Not inside longer words: "x" as a secret leaves "x-ms-request-id" and "index" alone.
    assert.strictEqual(redact('x-ms-request-id tk77 atk7 index'), 'x-ms-request-id tk77 atk7 index');
    assert.strictEqual(redact('x'), '[redacted]');
  });

  it('a secret holding a shorter one is removed whole', () => {
    registerSecret('abc');
    registerSecret('abc def-123');
    assert.strictEqual(redact('got abc def-123 and abc'), 'got [redacted] and [redacted]');
  });

  it('keeps ordinary text intact', () => {
    const t = "Key Vault audience 'https://vault.azure.net' for /subscriptions/0000/resourceGroups/rg/providers/Microsoft.Web/connections/office365 (V2); AADSTS700082: expired.";
    assert.strictEqual(redact(t), t);
    assert.strictEqual(redact(undefined), '');
    assert.strictEqual(redact(null), '');
    assert.ok(redact(new Error('boom Bearer abc.def.ghi-123')).startsWith('Error: boom'));
  });

  it('redactDeep walks objects and arrays (cycles included)', () => {
    const jwt = fakeJwt({ exp: 1 });
    const o: Record<string, unknown> = { a: [`Bearer ${jwt}`, 1, null], b: { c: `?sig=abc` } };
    o.self = o;
    const r = redactDeep(o) as Record<string, unknown>;
    assert.ok(!JSON.stringify({ a: r.a, b: r.b }).includes(jwt.split('.')[1]!));
    assert.deepStrictEqual(r.b, { c: '?sig=[redacted]' });
    assert.strictEqual(r.self, r);
  });
});
