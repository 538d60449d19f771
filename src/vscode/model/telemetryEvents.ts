// Pure (no `vscode` import): the telemetry events, and the only way to build their data.
import type { TestStatus } from '../../core/azure/test';
import { COMMANDS } from './ids';

/**
 * What telemetry may ever contain. Every event lists its properties and measurements; a property
 * is an enumeration of fixed values or a list of rule ids, never free text. So names, ids, URLs,
 * tenants, subscriptions, messages and file paths cannot be sent: `buildTelemetryEvent` refuses
 * any key not listed here and any value not allowed for its key.
 *
 * `telemetry.json` (repository root) and the README's "Data and telemetry" section document the
 * same list; a unit test checks that they agree with this one.
 */

export type PropertySpec =
  | { kind: 'enum'; values: readonly string[]; description: string }
  /** Distinct `LACnnn` rule ids, sent sorted and comma-separated ("" when none). */
  | { kind: 'ruleIds'; description: string };

export interface MeasurementSpec {
  /** `count`: a non-negative integer; `ms`: a duration, rounded to whole milliseconds. */
  unit: 'count' | 'ms';
  description: string;
}

export interface EventSpec {
  purpose: string;
  properties: Readonly<Record<string, PropertySpec>>;
  measurements: Readonly<Record<string, MeasurementSpec>>;
}

export const COMMAND_OUTCOMES = ['ok', 'cancelled', 'error'] as const;
export type CommandOutcome = (typeof COMMAND_OUTCOMES)[number];

/** Test connection categories (core/azure/test.ts `TestStatus`); the check below keeps them complete. */
export const TEST_CATEGORIES = ['connected', 'unauthenticated', 'forbidden', 'not-found', 'unreachable', 'throttled', 'error'] as const satisfies readonly TestStatus[];
type MissingCategory = Exclude<TestStatus, (typeof TEST_CATEGORIES)[number]>;
const _everyCategory: [MissingCategory] extends [never] ? true : MissingCategory = true;
void _everyCategory;

export const LISTING_SOURCES = ['resource-graph', 'arm'] as const;

const durationMs = (what: string): MeasurementSpec => ({ unit: 'ms', description: `How long ${what} took, in milliseconds.` });

export const TELEMETRY_EVENTS = {
  activation: {
    purpose: 'Keep activation fast: how long the extension takes to start.',
    properties: {},
    measurements: { durationMs: durationMs('activation') },
  },
  command: {
    purpose: 'Which commands are used, how often they fail or are cancelled, and how long they take.',
    properties: {
      command: { kind: 'enum', values: Object.values(COMMANDS).slice().sort(), description: "The extension's own command id (never its arguments)." },
      outcome: { kind: 'enum', values: COMMAND_OUTCOMES, description: '`ok`, `cancelled` (the user cancelled), or `error` (the command failed).' },
    },
    measurements: { durationMs: durationMs('the command') },
  },
  testConnection: {
    purpose: 'Which kinds of Test connection results users meet, to improve their explanations.',
    properties: {
      category: { kind: 'enum', values: TEST_CATEGORIES, description: 'The category of the result (never the connection, its message or its URL).' },
    },
    measurements: { durationMs: durationMs('the test') },
  },
  lint: {
    purpose: 'Which rules find problems in practice and how long linting takes (at most one event a minute).',
    properties: {
      ruleIds: { kind: 'ruleIds', description: 'The rules with at least one finding, as sorted comma-separated `LACnnn` ids (empty when none).' },
    },
    measurements: {
      projects: { unit: 'count', description: 'Logic Apps projects found in the workspace.' },
      files: { unit: 'count', description: 'Project files linted.' },
      findings: { unit: 'count', description: 'Problems reported.' },
      durationMs: durationMs('the last lint run'),
    },
  },
  azureListing: {
    purpose: 'How large Azure listings are and how long they take, to keep the Azure view fast.',
    properties: {
      source: { kind: 'enum', values: LISTING_SOURCES, description: 'How the connections were listed: `resource-graph` (one query) or `arm` (per subscription).' },
    },
    measurements: {
      connections: { unit: 'count', description: 'API connections listed.' },
      subscriptions: { unit: 'count', description: 'Subscriptions listed.' },
      durationMs: durationMs('the listing'),
    },
  },
} as const satisfies Record<string, EventSpec>;

export type TelemetryEventName = keyof typeof TELEMETRY_EVENTS;

/** What a sender gets: only allowed keys, only allowed values. */
export interface TelemetryEventData {
  properties: Record<string, string>;
  measurements: Record<string, number>;
}

/** An event that `buildTelemetryEvent` refused. Its message names the event and key, never the value. */
export class TelemetryRefused extends Error {
  constructor(event: string, why: string) {
    super(`telemetry event ${/^[A-Za-z]{1,40}$/.test(event) ? `"${event}"` : '(unknown)'} refused: ${why}`);
    this.name = 'TelemetryRefused';
  }
}

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const RULE_ID = /^LAC\d{3}$/;

function ruleIdList(event: string, key: string, v: unknown): string {
  const items = Array.isArray(v) ? v : typeof v === 'string' ? (v === '' ? [] : v.split(',')) : undefined;
  if (!items) throw new TelemetryRefused(event, `"${key}" must be a list of rule ids`);
  for (const x of items) if (typeof x !== 'string' || !RULE_ID.test(x)) throw new TelemetryRefused(event, `"${key}" may only hold LACnnn rule ids`);
  return [...new Set(items as string[])].sort().join(',');
}

/**
 * The data of one event, from the allowlist above. Throws `TelemetryRefused` for an unknown event,
 * a missing, unknown or disallowed property, or a measurement that is not a non-negative number
 * (a count must be an integer). Nothing is passed through unchecked.
 */
export function buildTelemetryEvent(name: string, input: { properties?: Record<string, unknown>; measurements?: Record<string, unknown> }): TelemetryEventData {
  if (!has(TELEMETRY_EVENTS, name)) throw new TelemetryRefused(name, 'not an event of the allowlist');
  const spec: EventSpec = TELEMETRY_EVENTS[name as TelemetryEventName];
  const props = input.properties ?? {};
  const meas = input.measurements ?? {};
  for (const k of Object.keys(props)) if (!has(spec.properties, k)) throw new TelemetryRefused(name, 'a property not in the allowlist');
  for (const k of Object.keys(meas)) if (!has(spec.measurements, k)) throw new TelemetryRefused(name, 'a measurement not in the allowlist');

  const properties: Record<string, string> = {};
  for (const [key, p] of Object.entries(spec.properties)) {
    if (!has(props, key)) throw new TelemetryRefused(name, `"${key}" is missing`);
    const v = props[key];
    if (p.kind === 'enum') {
      if (typeof v !== 'string' || !p.values.includes(v)) throw new TelemetryRefused(name, `"${key}" is not one of its allowed values`);
      properties[key] = v;
    } else properties[key] = ruleIdList(name, key, v);
  }
  const measurements: Record<string, number> = {};
  for (const [key, m] of Object.entries(spec.measurements)) {
    if (!has(meas, key)) throw new TelemetryRefused(name, `"${key}" is missing`);
    const v = meas[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new TelemetryRefused(name, `"${key}" must be a non-negative number`);
    if (m.unit === 'count' && !Number.isInteger(v)) throw new TelemetryRefused(name, `"${key}" must be a whole count`);
    measurements[key] = Math.round(v);
  }
  return { properties, measurements };
}

/** The machine-readable description of every event: the content of `telemetry.json`. */
export function describeTelemetry(): {
  events: { name: string; purpose: string; properties: { name: string; values?: readonly string[]; format?: string; description: string }[]; measurements: { name: string; unit: string; description: string }[] }[];
} {
  return {
    events: Object.entries(TELEMETRY_EVENTS as Record<string, EventSpec>).map(([name, e]) => ({
      name,
      purpose: e.purpose,
      properties: Object.entries(e.properties).map(([p, s]) =>
        s.kind === 'enum' ? { name: p, values: s.values, description: s.description } : { name: p, format: '^(LAC[0-9]{3}(,LAC[0-9]{3})*)?$', description: s.description },
      ),
      measurements: Object.entries(e.measurements).map(([m, s]) => ({ name: m, unit: s.unit, description: s.description })),
    })),
  };
}

/**
 * At most one event per `intervalMs` (the lint summary): `take(now)` says whether one may be sent
 * now and, if so, starts a new interval; `nextAt` is when the next one may be.
 */
export class Throttle {
  private last: number | undefined;
  constructor(readonly intervalMs: number) {}

  take(now: number): boolean {
    if (this.last !== undefined && now - this.last < this.intervalMs) return false;
    this.last = now;
    return true;
  }

  get nextAt(): number {
    return this.last === undefined ? 0 : this.last + this.intervalMs;
  }

  reset(): void {
    this.last = undefined;
  }
}

/**
 * Whether VS Code's telemetry settings allow usage events: `telemetry.telemetryLevel` is `all` (its
 * default) and the legacy `telemetry.enableTelemetry` is not `false`. Checked besides the
 * logger's `isUsageEnabled`, which in VS Code for the Web can lag behind a change back to `off`.
 */
export function usageAllowedBySettings(telemetryLevel: unknown, enableTelemetry: unknown): boolean {
  return (telemetryLevel === undefined || telemetryLevel === 'all') && enableTelemetry !== false;
}

/** The outcome of a command that threw: `cancelled` for a cancellation (VS Code's `Canceled`, an abort), else `error`. */
export function outcomeOfError(error: unknown): Exclude<CommandOutcome, 'ok'> {
  return error instanceof Error && (error.name === 'Canceled' || error.name === 'AbortError') ? 'cancelled' : 'error';
}

/** The Test connection category of a command's result, when it is one. */
export function testCategoryOf(result: unknown): (typeof TEST_CATEGORIES)[number] | undefined {
  const status = result && typeof result === 'object' ? (result as { status?: unknown }).status : undefined;
  return typeof status === 'string' && (TEST_CATEGORIES as readonly string[]).includes(status) ? (status as (typeof TEST_CATEGORIES)[number]) : undefined;
}
