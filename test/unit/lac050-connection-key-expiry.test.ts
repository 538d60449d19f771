import * as assert from 'assert';
import rule, { clock, humanDuration, jwtExpiry } from '../../src/core/rules/lac050-connection-key-expiry';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

/** The fixed "now" of these tests: 2025-03-10T12:00:00Z. */
const NOW = Date.UTC(2025, 2, 10, 12, 0, 0);
const HOUR = 3600;
const nowS = NOW / 1000;

const b64url = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
/** A JWT-shaped key (the signature is not checked). */
const jwt = (payload: Record<string, unknown>): string => `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(payload)}.c2lnbmF0dXJl`;

const settings = (values: Record<string, unknown>, extra: Record<string, unknown> = {}): string => j({ IsEncrypted: false, ...extra, Values: values });

describe('LAC050 with a fixed clock', () => {
  const realNow = clock.now;
  before(() => {
    clock.now = () => NOW;
  });
  after(() => {
    clock.now = realNow;
  });

  ruleTester(rule, {
    valid: [
      {
        name: 'a key valid for days',
        files: { 'host.json': '{}', 'local.settings.json': settings({ 'office365-connectionKey': jwt({ exp: nowS + 6 * 24 * HOUR }) }) },
      },
      {
        name: 'values that are not JWTs, expressions, placeholders, or JWTs without exp',
        files: {
          'host.json': '{}',
          'local.settings.json': settings({
            'a-connectionKey': 'not-a-jwt',
            'b-connectionKey': "@appsetting('x')",
            'c-connectionKey': '#{key}#',
            'd-connectionKey': jwt({ sub: 'x' }),
            'e-connectionKey': 'a.b.c',
            'f-connectionKey': 42,
            'g-connectionKey': '',
            'h-connectionKey': jwt({ exp: 'tomorrow' }),
          }),
        },
      },
      {
        name: 'an expired JWT in a setting that is not a connection key',
        files: { 'host.json': '{}', 'local.settings.json': settings({ SomeToken: jwt({ exp: nowS - HOUR }) }) },
      },
      {
        name: 'encrypted settings cannot be read',
        files: { 'host.json': '{}', 'local.settings.json': settings({ 'office365-connectionKey': jwt({ exp: nowS - HOUR }) }, { IsEncrypted: true }) },
      },
      {
        name: 'local.settings.json without Values',
        files: { 'host.json': '{}', 'local.settings.json': '{"IsEncrypted": false}' },
      },
    ],
    invalid: [
      {
        name: 'an expired key is an error with the expiry time and how long ago',
        files: { 'host.json': '{}', 'local.settings.json': settings({ 'office365-connectionKey': jwt({ exp: nowS - 3 * 24 * HOUR - 60 }) }) },
        errors: [
          {
            file: 'local.settings.json',
            pointer: '/Values/office365-connectionKey',
            severity: 'error',
            message: "The connection key 'office365-connectionKey' expired at 2025-03-07T11:59:00Z (3 days ago)",
          },
        ],
      },
      {
        name: 'a key expiring within 24 hours is a warning',
        files: { 'host.json': '{}', 'local.settings.json': settings({ 'sharepointonline-connectionKey': jwt({ exp: nowS + 5 * HOUR + 30 }) }) },
        errors: [{ pointer: '/Values/sharepointonline-connectionKey', severity: 'warning', message: 'expires at 2025-03-10T17:00:30Z (in 5 hours)' }],
      },
      {
        name: 'a key expiring right now counts as expired',
        files: { 'host.json': '{}', 'local.settings.json': settings({ 'x-connectionKey': jwt({ exp: nowS }) }) },
        errors: [{ pointer: '/Values/x-connectionKey', severity: 'error', message: '(less than a minute ago)' }],
      },
      {
        name: 'a key under another name, read by a Raw managed connection (through parameters.json)',
        files: {
          'host.json': '{}',
          'connections.json': j({
            managedApiConnections: {
              office365: { authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('O365_KEY')" } },
              outlook: { authentication: "@parameters('outlook-Authentication')" },
            },
          }),
          'parameters.json': j({ 'outlook-Authentication': { type: 'Object', value: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('OUTLOOK_KEY')" } } }),
          'local.settings.json': settings({ O365_KEY: jwt({ exp: nowS - 2 * HOUR }), OUTLOOK_KEY: jwt({ exp: nowS + 90 * 60 }) }),
        },
        errors: [
          { file: 'local.settings.json', pointer: '/Values/O365_KEY', severity: 'error', message: '(2 hours ago)' },
          { file: 'local.settings.json', pointer: '/Values/OUTLOOK_KEY', severity: 'warning', message: '(in 1 hour)' },
        ],
      },
      {
        name: 'comments in local.settings.json (JSONC) and a BOM',
        files: { 'host.json': '{}', 'local.settings.json': `\ufeff{\n  // dev\n  "Values": {\n    "a-connectionKey": "${jwt({ exp: nowS - 400 * 24 * HOUR })}"\n  }\n}` },
        errors: [{ pointer: '/Values/a-connectionKey', severity: 'error', message: '(400 days ago)' }],
      },
    ],
  });

  describe('the local authentication mode', () => {
    const MSI = { WORKFLOWS_AUTHENTICATION_METHOD: 'managedServiceIdentity' };
    const raw = (setting: string) => ({ type: 'Raw', scheme: 'Key', parameter: `@appsetting('${setting}')` });
    const conns = (entries: Record<string, unknown>) => j({ managedApiConnections: Object.fromEntries(Object.entries(entries).map(([k, auth]) => [k, { api: { id: 'x' }, connection: { id: 'y' }, authentication: auth }])) });
    const expired = jwt({ exp: nowS - 3 * 24 * HOUR });

    ruleTester(rule, {
      valid: [
        { name: 'managed-identity mode: a valid key a Raw connection still reads', files: { 'host.json': '{}', 'connections.json': conns({ a: raw('a-connectionKey') }), 'local.settings.json': settings({ ...MSI, 'a-connectionKey': jwt({ exp: nowS + 5 * 24 * HOUR }) }) } },
        { name: 'key mode: an unused key with a valid expiry', files: { 'host.json': '{}', 'connections.json': conns({ a: { type: 'ManagedServiceIdentity' } }), 'local.settings.json': settings({ 'b-connectionKey': jwt({ exp: nowS + 5 * 24 * HOUR }) }) } },
      ],
      invalid: [
        {
          name: 'managed-identity mode: a leftover key is a hint (faded) whatever its expiry; the fix removes it',
          files: { 'host.json': '{}', 'connections.json': conns({ a: { type: 'ManagedServiceIdentity' } }), 'local.settings.json': settings({ ...MSI, 'a-connectionKey': expired, Other: 'x' }) },
          errors: [{ file: 'local.settings.json', pointer: '/Values/a-connectionKey', severity: 'hint', message: "The connection key 'a-connectionKey' is not used in managed-identity mode (WORKFLOWS_AUTHENTICATION_METHOD is managedServiceIdentity and no connection reads it): remove it." }],
          output: { 'local.settings.json': settings({ ...MSI, Other: 'x' }) },
        },
        {
          name: 'managed-identity mode: an expired key a Raw connection reads is still an error',
          files: { 'host.json': '{}', 'connections.json': conns({ a: raw('A-CONNECTIONKEY') }), 'local.settings.json': settings({ ...MSI, 'a-connectionKey': expired }) },
          errors: [{ pointer: '/Values/a-connectionKey', severity: 'error', message: 'expired at' }],
        },
        {
          name: 'key mode: the message names Refresh Connection Key and lac connections keys refresh, for the connection that reads the key',
          files: { 'host.json': '{}', 'connections.json': conns({ orders: raw('O365_KEY') }), 'local.settings.json': settings({ O365_KEY: expired }) },
          errors: [{ pointer: '/Values/O365_KEY', severity: 'error', message: 'Get a new key: Refresh Connection Key on "orders" in the editor, or lac connections keys refresh <project> orders.' }],
        },
      ],
    });

    it('the leftover hint is tagged unnecessary (shown faded)', () => {
      const [f] = lintFiles({ 'host.json': '{}', 'local.settings.json': settings({ ...MSI, 'a-connectionKey': 'k' }) }, rule);
      assert.deepStrictEqual([f?.severity, f?.tags], ['hint', ['unnecessary']]);
    });
  });

  it('the documented bad example triggers and the good one does not', () => {
    const { bad, good } = rule.meta.docs;
    assert.deepStrictEqual(lintFiles({ 'host.json': '{}', [bad.file]: bad.code }, rule).map((f) => f.severity), ['error']);
    assert.deepStrictEqual(lintFiles({ 'host.json': '{}', [good.file]: good.code }, rule), []);
  });
});

describe('LAC050 helpers', () => {
  it('jwtExpiry reads exp from a base64url payload', () => {
    assert.strictEqual(jwtExpiry(jwt({ exp: 1704067200, aud: 'x' })), 1704067200);
    // base64url characters (- and _) in the payload
    const payload = { exp: 1704067200, s: '\u00ff\u00fe>>>???' };
    assert.ok(/[-_]/.test(b64url(payload)));
    assert.strictEqual(jwtExpiry(jwt(payload)), 1704067200);
    assert.strictEqual(jwtExpiry('eyJ.eyJ.x'), undefined);
    assert.strictEqual(jwtExpiry('abc'), undefined);
    assert.strictEqual(jwtExpiry(`${b64url([1])}.${b64url({ exp: 1 })}.x`), undefined);
  });

  it('humanDuration picks the largest unit', () => {
    assert.strictEqual(humanDuration(30_000), 'less than a minute');
    assert.strictEqual(humanDuration(60_000), '1 minute');
    assert.strictEqual(humanDuration(2 * 3600_000 + 5), '2 hours');
    assert.strictEqual(humanDuration(-3 * 86400_000), '3 days');
  });

  it('uses the real clock by default', () => {
    const files = { 'host.json': '{}', 'local.settings.json': settings({ 'a-connectionKey': jwt({ exp: Math.floor(Date.now() / 1000) - 60 }), 'b-connectionKey': jwt({ exp: Math.floor(Date.now() / 1000) + 7 * 24 * HOUR }) }) };
    assert.deepStrictEqual(lintFiles(files, rule).map((f) => f.pointer), ['/Values/a-connectionKey']);
  });
});
