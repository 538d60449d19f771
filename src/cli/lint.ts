import * as path from 'path';
import { findRule, lintProject } from '../core/engine';
import * as v8 from 'v8';
import { readLintText } from '../core/fs';
import type { OversizeText } from '../core/limits';
import { FileCache, loadProject, projectFiles } from '../core/project';
import type { CloudName, Finding, Fix, LintSettings, Severity, SeveritySetting } from '../core/types';
import { parseCommandArgs } from './args';
import type { Command } from './command';
import { discoverTargets, type Target } from './discover';
import { applyFixPass, preferredFix } from './fix';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { describeFsError, displayPath, EXIT_FINDINGS, EXIT_OK, plural, UsageError, useColor, type CliIO } from './io';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
const SEVERITIES: readonly SeveritySetting[] = ['off', 'error', 'warning', 'info', 'hint'];
const CLOUDS: readonly CloudName[] = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'];
/** `--fix` re-lints and fixes again (a fix can reveal or enable another) at most this many times. */
export const MAX_FIX_PASSES = 10;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  fix: { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  cloud: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'max-warnings': { type: 'string' },
} as const;

export const LINT_HELP = `Usage: lac lint [paths...] [options]

Lint Logic Apps Standard projects, lone workflow.json files and exported ARM templates.
Paths are folders (walked, skipping node_modules, .git, bin, obj, .vscode and
workflow-designtime) or files (default: the current folder). A file or folder inside a
project is linted with its whole project; only its own problems are reported.

Options:
  -f, --format <format>    text (default), json or sarif (SARIF 2.1.0, for GitHub code scanning)
      --fix                apply the safe fix of each problem (the one its rule marks as
                           preferred), write the files, re-lint until nothing more is fixable
                           (at most ${MAX_FIX_PASSES} passes), then report what is left. Comments, BOMs
                           and line endings are kept. Nothing is written without --fix.
      --rule <rule=sev>    set a rule's severity: off, error, warning, info or hint; the rule
                           by id or name (LAC041=off, unused-connection=warning); repeatable,
                           or comma-separated
      --ignore <glob>      leave out matching files and folders; repeatable. Relative to the
                           current folder when it starts with / or ./, else at any depth
                           (--ignore samples --ignore '**/*.bak.json')
      --cloud <cloud>      the cloud assumed where a file does not tell: AzureCloud,
                           AzureUSGovernment or AzureChinaCloud
  -q, --quiet              report errors only (--fix still fixes warnings too)
      --max-warnings <n>   also fail (exit 1) with more than n warnings
  -h, --help               show this help

Output: file:line:column severity rule message, one line per problem, paths relative to the
current folder. JSON: {"version":1,"findings":[...]} with 0-based LSP positions.

Exit status: 0 no errors, 1 errors (or more warnings than --max-warnings), 2 usage or I/O error.
`;

export interface LintOptions {
  paths: string[];
  format: Format;
  fix: boolean;
  settings: LintSettings;
  ignore: string[];
  quiet: boolean;
  maxWarnings?: number;
}

export interface LintReport {
  cwd: string;
  /** Findings to report (sorted by file, then position). */
  findings: Finding[];
  /** How many files were linted (reported on). */
  fileCount: number;
  /** With --fix: problems fixed and files written over all passes. */
  fixed?: { problems: number; files: number };
  /** Reported findings that `--fix` could fix. */
  fixable: number;
  /** All findings by severity, including those --quiet leaves out. */
  counts: Record<Severity, number>;
}

export function parseLintArgs(args: readonly string[]): LintOptions {
  const { values, positionals } = parseCommandArgs('lac lint', args, OPTIONS, true);
  const format = (values.format ?? 'text').toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${values.format}" (${FORMATS.join(', ')})`);
  const settings: LintSettings = {};
  const rules = parseRuleOverrides(values.rule ?? []);
  if (Object.keys(rules).length) settings.rules = rules;
  if (values.cloud !== undefined) {
    const cloud = CLOUDS.find((c) => c.toLowerCase() === values.cloud!.trim().toLowerCase());
    if (!cloud) throw new UsageError(`unknown cloud "${values.cloud}" (${CLOUDS.join(', ')})`);
    settings.cloud = cloud;
  }
  let maxWarnings: number | undefined;
  const mw = values['max-warnings'];
  if (mw !== undefined) {
    if (!/^\s*-?\d+\s*$/.test(mw) || Number(mw) < -1) throw new UsageError(`--max-warnings needs a number of warnings, got "${mw}"`);
    maxWarnings = Number(mw) < 0 ? undefined : Number(mw);
  }
  return {
    paths: positionals.length ? positionals : ['.'],
    format: format as Format,
    fix: !!values.fix,
    settings,
    ignore: values.ignore ?? [],
    quiet: !!values.quiet,
    maxWarnings,
  };
}

/** `--rule LAC041=off --rule unused-parameter=warning,LAC001=error` → overrides by rule id. */
export function parseRuleOverrides(values: readonly string[]): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  for (const value of values) {
    for (const item of value.split(',')) {
      const part = item.trim();
      if (!part) continue;
      const m = /^([^=:]+)[=:](.*)$/.exec(part);
      if (!m) throw new UsageError(`--rule needs <rule>=<severity> (like LAC041=off), got "${part}"`);
      const rule = findRule(m[1].trim());
      if (!rule) throw new UsageError(`unknown rule "${m[1].trim()}" in --rule (see lac rules)`);
      const severity = m[2].trim().toLowerCase() as SeveritySetting;
      if (!SEVERITIES.includes(severity)) throw new UsageError(`unknown severity "${m[2].trim()}" in --rule ${part} (${SEVERITIES.join(', ')})`);
      out[rule.meta.id] = severity;
    }
  }
  return out;
}

/** Lint (and with `fix`, fix) what the options point at. Throws UsageError on I/O errors. */
export function runLint(opts: LintOptions, cwd: string): LintReport {
  const display = (f: string) => displayPath(f, cwd);
  let targets = discoverTargets(opts.paths, { cwd, ignore: opts.ignore });
  const cache = new FileCache();
  let texts = new Map<string, string>();
  const read = (file: string): string | OversizeText => {
    try {
      const t = readLintText(file);
      if (typeof t === 'string') texts.set(file, t);
      return t;
    } catch (e) {
      throw new UsageError(describeFsError(e, display(file), 'read'));
    }
  };
  // Without --fix nothing is kept between projects: each project's findings are detached from its
  // parsed files (whether each has a safe fix is noted first), so memory does not grow with the
  // number of projects linted.
  const preferred = new WeakSet<Finding>();
  const lintAll = (): { findings: Finding[]; fileCount: number } => {
    texts = new Map();
    const findings: Finding[] = [];
    let fileCount = 0;
    for (const t of targets) {
      checkMemory(t);
      const { found, files } = lintTarget(t, read, opts.fix ? cache : undefined, opts.settings);
      if (opts.fix) findings.push(...found);
      else for (const f of found) findings.push(detach(f, preferred));
      fileCount += files;
    }
    // Stable: keeps the engine's order (position, severity, rule) within a file.
    findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return { findings, fileCount };
  };

  let result = lintAll();
  let fixed: LintReport['fixed'];
  if (opts.fix) {
    let problems = 0;
    const written = new Set<string>();
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const r = applyFixPass(result.findings, (f) => texts.get(f), display, (f) => projectRootOf(targets, f));
      if (r.written.length === 0) break;
      problems += r.fixed;
      for (const f of r.written) written.add(f);
      if (r.created) targets = discoverTargets(opts.paths, { cwd, ignore: opts.ignore });
      result = lintAll();
    }
    fixed = { problems, files: written.size };
  }
  const findings = opts.quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
  return {
    cwd,
    findings,
    fileCount: result.fileCount,
    fixed,
    fixable: findings.filter((f) => (opts.fix ? !!preferredFix(f) : preferred.has(f))).length,
    counts: countBySeverity(result.findings),
  };
}

const NO_FIXES = (): Fix[] => [];

/** A finding without its fixes (and so without the parsed files they would edit); `preferred` notes whether it had a safe fix. */
function detach(f: Finding, preferred: WeakSet<Finding>): Finding {
  const out: Finding = { ...f, fixes: NO_FIXES };
  if (preferredFix(f)) preferred.add(out);
  return out;
}

/** Heap use (of V8's limit) above which linting stops with a one-line error rather than running out of memory. */
const MEMORY_CEILING = 0.8;

/**
 * Stop with a clear error before the process runs out of memory (an out-of-memory cannot be
 * caught: the process would die with a V8 stack dump). Checked before each project.
 */
function checkMemory(next: Target): void {
  const { heapUsed } = process.memoryUsage();
  const limit = v8.getHeapStatistics().heap_size_limit;
  if (heapUsed > MEMORY_CEILING * limit) {
    throw new UsageError(
      `out of memory: ${Math.round(heapUsed / 1024 / 1024)} MB of ${Math.round(limit / 1024 / 1024)} MB used before linting ${next.layout.root}; lint fewer folders at a time, or give Node more (NODE_OPTIONS=--max-old-space-size=<MB>)`,
    );
  }
}

/** The folder of the project a file belongs to (or would, for a file a fix creates): the deepest root holding it. */
function projectRootOf(targets: readonly Target[], file: string): string {
  let best: string | undefined;
  for (const t of targets) {
    const root = t.layout.root;
    const inside = file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
    if (inside && (best === undefined || root.length > best.length)) best = root;
  }
  return best ?? path.dirname(file);
}

function lintTarget(t: Target, read: (file: string) => string | OversizeText, cache: FileCache | undefined, settings: LintSettings): { found: Finding[]; files: number } {
  const project = loadProject(t.layout, read, cache);
  const found = lintProject(project, settings);
  if (!t.only) return { found, files: projectFiles(project).length };
  const only = t.only;
  return { found: found.filter((f) => only.has(f.file)), files: only.size };
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const n: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) n[f.severity]++;
  return n;
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'find problems in Logic Apps projects (and fix the safe ones with --fix)',
  help: LINT_HELP,
  run(args: readonly string[], io: CliIO): number {
    const opts = parseLintArgs(args);
    const report = runLint(opts, io.cwd);
    if (opts.format === 'json') io.stdout.write(formatJson(report));
    else if (opts.format === 'sarif') io.stdout.write(formatSarif(report));
    else {
      io.stdout.write(formatText(report, { color: useColor(io.stdout, io.env), quiet: opts.quiet, fix: opts.fix }));
      if (report.fixed && report.fixed.problems > 0) {
        io.stderr.write(`fixed ${plural(report.fixed.problems, 'problem')} in ${plural(report.fixed.files, 'file')}\n`);
      }
    }
    if (report.counts.error > 0) return EXIT_FINDINGS;
    if (opts.maxWarnings !== undefined) {
      // Counted whatever --quiet hides: the limit is about the files, not the output.
      const warnings = report.counts.warning;
      if (warnings > opts.maxWarnings) {
        io.stderr.write(`lac: too many warnings (${warnings}, maximum ${opts.maxWarnings})\n`);
        return EXIT_FINDINGS;
      }
    }
    return EXIT_OK;
  },
};
