/**
 * Usage telemetry: a few counts and timings (telemetryEvents.ts lists every event, and builds
 * their data from an allowlist: no names, ids, URLs, messages or paths, ever).
 *
 * Built on VS Code's `TelemetryLogger` (`vscode.env.createTelemetryLogger`), so VS Code's
 * telemetry setting decides: with `telemetry.telemetryLevel` below `all` nothing is sent (checked
 * here too, before anything is built: see `enabled`). The
 * sender is the @vscode/extension-telemetry reporter, created on the first event, and only when
 * package.json has a `telemetryConnectionString`. This repository's is empty: nothing is sent
 * anywhere.
 *
 * Tests inject a sender (`TestingHooks.setTelemetrySender`). VS Code never calls an extension's
 * sender while extension tests run (its loggers are "logging only" then), so an injected sender
 * receives the events directly from here, after the same checks: the user's setting
 * (`isUsageEnabled` of the same logger) and the allowlist.
 */
import type { TelemetryReporter } from '@vscode/extension-telemetry';
import * as vscode from 'vscode';
import { projectFiles } from '../core/project';
import type { AzureCatalog, CatalogListing } from './azureCatalog';
import { COMMANDS } from './model/ids';
import type { LintController } from './linting';
import type { Log } from './output';
import { buildTelemetryEvent, outcomeOfError, testCategoryOf, Throttle, usageAllowedBySettings, type CommandOutcome, type TelemetryEventName } from './model/telemetryEvents';

/** At most one lint summary a minute. */
export const LINT_INTERVAL_MS = 60_000;

/** What the command wrapper (commands/index.ts) reports. */
export interface CommandTelemetry {
  /** A command finished: its outcome and duration; for Test connection, also the result's category. */
  commandFinished(id: string, outcome: CommandOutcome, durationMs: number, result?: unknown): void;
  /** The outcome of a command that threw. */
  outcomeOf(error: unknown): Exclude<CommandOutcome, 'ok'>;
}

/**
 * The production sender: the @vscode/extension-telemetry reporter, created on the first event
 * (never at activation), and never without a connection string.
 */
class ReporterSender implements vscode.TelemetrySender {
  private reporter: TelemetryReporter | undefined;

  constructor(private readonly connectionString: string) {}

  sendEventData(eventName: string, data?: Record<string, unknown>): void {
    if (!this.connectionString) return; // nothing configured: nothing leaves the machine
    if (!this.reporter) {
      // Loaded here, not at activation: the reporter and its SDK take ~40 ms to load (bundled into dist/extension.js).
      const { TelemetryReporter: Reporter } = require('@vscode/extension-telemetry') as typeof import('@vscode/extension-telemetry');
      this.reporter = new Reporter(this.connectionString, undefined, { ignoreBuiltInCommonProperties: true, ignoreUnhandledErrors: true });
    }
    const { properties, measurements } = (data ?? {}) as { properties?: Record<string, string>; measurements?: Record<string, number> };
    // VS Code prefixed the name with the extension id; the reporter's own logger prefixes it again.
    this.reporter.sendTelemetryEvent(eventName.slice(eventName.lastIndexOf('/') + 1), properties, measurements);
  }

  /** No error telemetry: errors carry messages and stacks (paths). */
  sendErrorData(): void {}

  async flush(): Promise<void> {
    await this.reporter?.dispose();
  }
}

export interface TelemetrySources {
  controller: LintController;
  catalog: AzureCatalog;
}

export class Telemetry implements vscode.Disposable, CommandTelemetry {
  private readonly logger: vscode.TelemetryLogger;
  private readonly disposables: vscode.Disposable[] = [];
  private testSender: vscode.TelemetrySender | undefined;
  private readonly lintThrottle = new Throttle(LINT_INTERVAL_MS);
  private lintTimer: ReturnType<typeof setTimeout> | undefined;
  private lastListing: CatalogListing | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
    private readonly sources: TelemetrySources,
  ) {
    const pkg = context.extension.packageJSON as { telemetryConnectionString?: unknown };
    const connectionString = typeof pkg.telemetryConnectionString === 'string' ? pkg.telemetryConnectionString.trim() : '';
    // No VS Code common properties (machine and session ids…) from this logger, and never unhandled errors.
    this.logger = vscode.env.createTelemetryLogger(new ReporterSender(connectionString), { ignoreBuiltInCommonProperties: true, ignoreUnhandledErrors: true });
    this.disposables.push(
      this.logger,
      sources.controller.onDidLint(() => this.guard(() => this.linted())),
      sources.catalog.onDidChange(() => this.guard(() => this.listed())),
      this.logger.onDidChangeEnableStates(() => this.guard(() => this.enableStatesChanged())),
    );
  }

  /**
   * Whether usage events are sent now: VS Code's logger says so and the user's telemetry setting is
   * `all` (VS Code for the Web can report "enabled" for a while after the setting went back to `off`).
   */
  get enabled(): boolean {
    if (!this.logger.isUsageEnabled) return false;
    const c = vscode.workspace.getConfiguration('telemetry');
    return usageAllowedBySettings(c.get('telemetryLevel'), c.get('enableTelemetry'));
  }

  activated(durationMs: number): void {
    this.guard(() => this.send('activation', { measurements: { durationMs } }));
  }

  commandFinished(id: string, outcome: CommandOutcome, durationMs: number, result?: unknown): void {
    this.guard(() => {
      this.send('command', { properties: { command: id, outcome }, measurements: { durationMs } });
      const category = id === COMMANDS.testConnection && outcome === 'ok' ? testCategoryOf(result) : undefined;
      if (category) this.send('testConnection', { properties: { category }, measurements: { durationMs } });
    });
  }

  outcomeOf(error: unknown): Exclude<CommandOutcome, 'ok'> {
    return error instanceof vscode.CancellationError ? 'cancelled' : outcomeOfError(error);
  }

  /** Tests only: deliver events to this sender instead of VS Code's logger (undefined: back to VS Code's); starts a new lint interval. */
  setTestSender(sender: vscode.TelemetrySender | undefined): void {
    this.testSender = sender;
    this.lintThrottle.reset();
    if (this.lintTimer) clearTimeout(this.lintTimer);
    this.lintTimer = undefined;
  }

  dispose(): void {
    if (this.lintTimer) clearTimeout(this.lintTimer);
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }

  // ---- internals

  private send(name: TelemetryEventName, input: Parameters<typeof buildTelemetryEvent>[1]): void {
    // VS Code's setting first (the logger checks it again): nothing is even built when it is off.
    if (!this.enabled) return;
    let data;
    try {
      data = buildTelemetryEvent(name, input);
    } catch (e) {
      this.log.warn(`Telemetry: ${e instanceof Error ? e.message : 'an event was refused'}.`);
      return;
    }
    if (this.testSender) this.testSender.sendEventData(`${this.context.extension.id}/${name}`, data);
    else this.logger.logUsage(name, data);
  }

  /** A lint run finished: a summary now, or (within a minute of the last) one at the end of the interval. */
  private linted(): void {
    if (!this.enabled || this.lintTimer) return;
    const now = Date.now();
    if (this.lintThrottle.take(now)) {
      this.sendLint();
      return;
    }
    this.lintTimer = setTimeout(() => {
      this.lintTimer = undefined;
      this.guard(() => {
        if (this.lintThrottle.take(Date.now())) this.sendLint();
      });
    }, Math.max(0, this.lintThrottle.nextAt - now));
  }

  private sendLint(): void {
    const { controller } = this.sources;
    const projects = controller.projects();
    let files = 0;
    let findings = 0;
    const ruleIds = new Set<string>();
    for (const p of projects) {
      for (const f of projectFiles(p)) {
        files++;
        for (const x of controller.findings(vscode.Uri.file(f.path))) {
          findings++;
          ruleIds.add(x.ruleId);
        }
      }
    }
    this.send('lint', { properties: { ruleIds: [...ruleIds] }, measurements: { projects: projects.length, files, findings, durationMs: controller.stats().lastRun?.ms ?? 0 } });
  }

  /** A new listing of the account's connections (not a single connection updated in it). */
  private listed(): void {
    const l = this.sources.catalog.cached();
    if (!l || l === this.lastListing) return;
    this.lastListing = l;
    if (l.state !== 'ok') return;
    this.send('azureListing', { properties: { source: l.source }, measurements: { connections: l.connections.length, subscriptions: l.selected.length, durationMs: l.ms } });
  }

  private enableStatesChanged(): void {
    if (this.enabled || !this.lintTimer) return;
    clearTimeout(this.lintTimer);
    this.lintTimer = undefined;
  }

  /** Telemetry never breaks anything: its errors are logged (without data). */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log.warn(`Telemetry failed: ${e instanceof Error ? e.name : 'error'}.`);
    }
  }
}
