import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { COMMANDS } from '../../src/vscode/model/ids';
import {
  buildTelemetryEvent,
  describeTelemetry,
  outcomeOfError,
  TELEMETRY_EVENTS,
  TelemetryRefused,
  testCategoryOf,
  Throttle,
  usageAllowedBySettings,
  type EventSpec,
} from '../../src/vscode/model/telemetryEvents';

const ROOT = path.resolve(__dirname, '../..');

/** Things that must never reach telemetry, whatever the caller passes. */
const HOSTILE = [
  '/subscriptions/aaaa0001-0000-4000-8000-000000000001/resourceGroups/rg-integration-prod/providers/Microsoft.Web/connections/office365-orders',
  'office365-orders',
  '/home/dev/projects/orders/connections.json',
  'C:\\Users\\dev\\orders\\connections.json',
  'former.employee@contoso.com',
  'https://9b6f1c2e4d8a7f30.10.common.logic-westeurope.azure-apihub.net/apim/office365/5c0e7a3b9d2f4e61a8b7c6d5e4f3a2b1/',
  'c0ffee00-0000-4000-8000-000000000000',
  'AADSTS700082: The refresh token has expired due to inactivity.',
  'ok ', // an allowed value plus something
  'OK',
  '',
];

const EVENTS = TELEMETRY_EVENTS as Record<string, EventSpec>;

/** A valid input for each event (every property and measurement filled with an allowed value). */
function validInput(name: string): { properties: Record<string, unknown>; measurements: Record<string, unknown> } {
  const spec = EVENTS[name]!;
  const properties: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(spec.properties)) properties[k] = p.kind === 'enum' ? p.values[0] : ['LAC041', 'LAC010', 'LAC041'];
  const measurements: Record<string, unknown> = {};
  for (const k of Object.keys(spec.measurements)) measurements[k] = 3;
  return { properties, measurements };
}

function refused(fn: () => unknown, hostile?: string): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof TelemetryRefused, `expected a refusal${hostile !== undefined ? ` for ${JSON.stringify(hostile)}` : ''}, got ${err === undefined ? 'data' : String(err)}`);
  // The refusal itself never repeats the value (it goes to the log).
  if (hostile && hostile.length > 3) assert.ok(!err.message.includes(hostile), err.message);
}

describe('vscode: telemetry allowlist (telemetryEvents.ts)', () => {
  it('builds each event from allowed values only, rule ids sorted and distinct, durations rounded', () => {
    assert.deepStrictEqual(buildTelemetryEvent('command', { properties: { command: 'lac.testConnection', outcome: 'cancelled' }, measurements: { durationMs: 12.6 } }), {
      properties: { command: 'lac.testConnection', outcome: 'cancelled' },
      measurements: { durationMs: 13 },
    });
    assert.deepStrictEqual(
      buildTelemetryEvent('lint', { properties: { ruleIds: ['LAC064', 'LAC010', 'LAC064', 'LAC001'] }, measurements: { projects: 2, files: 9, findings: 14, durationMs: 40 } }),
      { properties: { ruleIds: 'LAC001,LAC010,LAC064' }, measurements: { projects: 2, files: 9, findings: 14, durationMs: 40 } },
    );
    assert.deepStrictEqual(buildTelemetryEvent('lint', { properties: { ruleIds: [] }, measurements: { projects: 0, files: 0, findings: 0, durationMs: 0 } }).properties, { ruleIds: '' });
    assert.deepStrictEqual(buildTelemetryEvent('testConnection', { properties: { category: 'unauthenticated' }, measurements: { durationMs: 250 } }).properties, { category: 'unauthenticated' });
    assert.deepStrictEqual(buildTelemetryEvent('azureListing', { properties: { source: 'resource-graph' }, measurements: { connections: 21, subscriptions: 3, durationMs: 80 } }).measurements, {
      connections: 21,
      subscriptions: 3,
      durationMs: 80,
    });
    assert.deepStrictEqual(buildTelemetryEvent('activation', { measurements: { durationMs: 31.2 } }), { properties: {}, measurements: { durationMs: 31 } });
    for (const name of Object.keys(EVENTS)) assert.ok(buildTelemetryEvent(name, validInput(name)), name);
  });

  it('refuses a connection id, a name, a path, an email, a URL, a tenant id or a message in every property of every event', () => {
    for (const name of Object.keys(EVENTS)) {
      for (const key of Object.keys(EVENTS[name]!.properties)) {
        for (const h of HOSTILE) {
          const input = validInput(name);
          input.properties[key] = h;
          if (EVENTS[name]!.properties[key]!.kind === 'ruleIds' && h === '') continue; // "no rule fired" is allowed
          refused(() => buildTelemetryEvent(name, input), h);
          input.properties[key] = [h];
          refused(() => buildTelemetryEvent(name, input), h);
          input.properties[key] = { value: h };
          refused(() => buildTelemetryEvent(name, input), h);
        }
      }
    }
  });

  it('refuses rule id lists with anything else in them', () => {
    const base = validInput('lint');
    for (const bad of ['LAC001,/home/dev/connections.json', 'LAC001,former.employee@contoso.com', 'LAC1', 'lac001', 'LAC0010', 'LAC001 ', ['LAC001', 42], ['LAC001', 'https://contoso.com']]) {
      refused(() => buildTelemetryEvent('lint', { ...base, properties: { ruleIds: bad } }), typeof bad === 'string' ? bad : undefined);
    }
  });

  it('refuses properties and measurements not in the allowlist, and unknown events', () => {
    for (const name of Object.keys(EVENTS)) {
      for (const extra of ['connectionId', 'name', 'path', 'tenantId', 'subscriptionId', 'message', 'url', '__proto__', 'constructor', 'toString']) {
        const input = validInput(name);
        Object.defineProperty(input.properties, extra, { value: 'x', enumerable: true });
        refused(() => buildTelemetryEvent(name, input));
        const input2 = validInput(name);
        Object.defineProperty(input2.measurements, extra, { value: 1, enumerable: true });
        refused(() => buildTelemetryEvent(name, input2));
      }
    }
    for (const name of ['error', 'exception', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'connection:/subscriptions/x']) refused(() => buildTelemetryEvent(name, {}));
  });

  it('refuses missing values and measurements that are not non-negative numbers (counts whole)', () => {
    for (const name of Object.keys(EVENTS)) {
      for (const key of Object.keys(EVENTS[name]!.properties)) {
        const input = validInput(name);
        delete input.properties[key];
        refused(() => buildTelemetryEvent(name, input));
      }
      for (const key of Object.keys(EVENTS[name]!.measurements)) {
        for (const bad of [undefined, -1, NaN, Infinity, '12', HOSTILE[0], null, {}, [3]]) {
          const input = validInput(name);
          input.measurements[key] = bad;
          refused(() => buildTelemetryEvent(name, input));
        }
      }
    }
    refused(() => buildTelemetryEvent('lint', { properties: { ruleIds: [] }, measurements: { projects: 1.5, files: 1, findings: 1, durationMs: 1 } }));
  });

  it('allowed property values are short identifiers: nothing a path, email or URL could hide in', () => {
    for (const [name, e] of Object.entries(EVENTS)) {
      for (const [key, p] of Object.entries(e.properties)) {
        if (p.kind !== 'enum') continue;
        assert.ok(p.values.length > 0, `${name}.${key}`);
        for (const v of p.values) assert.match(v, /^[a-z][A-Za-z.-]{1,40}$/, `${name}.${key}: ${v}`);
      }
    }
    const commands = (EVENTS.command!.properties.command as { values: readonly string[] }).values;
    assert.deepStrictEqual([...commands].sort(), Object.values(COMMANDS).sort(), 'exactly the extension\'s commands');
  });

  it('outcomes and Test connection categories', () => {
    const canceled = new Error('Canceled');
    canceled.name = 'Canceled';
    assert.strictEqual(outcomeOfError(canceled), 'cancelled');
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    assert.strictEqual(outcomeOfError(abort), 'cancelled');
    assert.strictEqual(outcomeOfError(new Error('/home/dev: boom')), 'error');
    assert.strictEqual(outcomeOfError('x'), 'error');
    assert.strictEqual(testCategoryOf({ id: HOSTILE[0], status: 'unauthenticated', message: HOSTILE[7] }), 'unauthenticated');
    assert.strictEqual(testCategoryOf({ status: HOSTILE[4] }), undefined);
    assert.strictEqual(testCategoryOf(undefined), undefined);
    assert.strictEqual(testCategoryOf('connected'), undefined);
  });

  it('usage events only with telemetry.telemetryLevel "all" (the default) and enableTelemetry not false', () => {
    assert.strictEqual(usageAllowedBySettings('all', undefined), true);
    assert.strictEqual(usageAllowedBySettings(undefined, undefined), true);
    for (const level of ['off', 'crash', 'error', 'ALL', '', 0, null]) assert.strictEqual(usageAllowedBySettings(level, undefined), false, String(level));
    assert.strictEqual(usageAllowedBySettings('all', false), false);
    assert.strictEqual(usageAllowedBySettings('all', true), true);
  });

  it('Throttle: at most one per interval', () => {
    const t = new Throttle(60_000);
    assert.strictEqual(t.nextAt, 0);
    assert.strictEqual(t.take(1000), true);
    assert.strictEqual(t.take(1001), false);
    assert.strictEqual(t.take(60_999), false);
    assert.strictEqual(t.nextAt, 61_000);
    assert.strictEqual(t.take(61_000), true);
    assert.strictEqual(t.take(61_500), false);
    t.reset();
    assert.strictEqual(t.take(61_600), true);
  });
});

describe('vscode: telemetry documentation agrees with the code', () => {
  it('telemetry.json lists exactly the events, properties, values and measurements of the allowlist', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'telemetry.json'), 'utf8'));
    const { $comment, ...rest } = doc;
    assert.ok(typeof $comment === 'string' && $comment.length > 0);
    assert.deepStrictEqual(rest, JSON.parse(JSON.stringify(describeTelemetry())), `telemetry.json is out of date; its "events" should be:\n${JSON.stringify(describeTelemetry(), null, 2)}`);
    for (const e of doc.events) assert.ok(e.purpose.length > 10, `${e.name} says why it exists`);
  });

  it('README "Data and telemetry" names every event, property and measurement, and says nothing is sent from this repository', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Data and telemetry');
    assert.ok(start >= 0, 'README has a "Data and telemetry" section');
    const end = readme.indexOf('\n## ', start + 1);
    const section = readme.slice(start, end < 0 ? undefined : end);
    assert.ok(readme.indexOf('## CLI') > start, 'before the CLI section');
    for (const [name, e] of Object.entries(EVENTS)) {
      const row = section.split('\n').find((l) => l.startsWith(`| \`${name}\``));
      assert.ok(row, `a table row for ${name}`);
      for (const key of [...Object.keys(e.properties), ...Object.keys(e.measurements)]) assert.ok(row.includes(`\`${key}\``), `${name}: ${key}`);
      for (const p of Object.values(e.properties)) if (p.kind === 'enum' && name !== 'command') for (const v of p.values) assert.ok(row.includes(`\`${v}\``), `${name}: ${v}`);
    }
    assert.match(section, /telemetryConnectionString/);
    assert.match(section, /nothing is sent anywhere/);
    assert.match(section, /telemetry\.telemetryLevel/);
  });

  it('package.json carries an empty telemetryConnectionString and the reporter as a bundled dependency', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.strictEqual(pkg.telemetryConnectionString, '');
    assert.ok(pkg.dependencies['@vscode/extension-telemetry']);
  });
});
