import type { AzureFacts } from './azureFacts';
import { toPointer } from './json/pointer';
import { ruleDocsUrl } from './meta';
import { MAX_FINDINGS_PER_FILE } from './limits';
import { printable } from './printable';
import { projectFiles, type Project } from './project';
import { resolveValue } from './resolve';
import { ALL_RULES } from './rules';
import { FIX_CONTRIBUTORS } from './rules/azureFixes';
import type { ReportOptions, Rule, RuleContext } from './rules/rule';
import type { Finding, Fix, LintSettings, Severity, SeveritySetting } from './types';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function findRule(idOrName: string): Rule | undefined {
  const k = idOrName.trim().toLowerCase();
  return ALL_RULES.find((r) => r.meta.id.toLowerCase() === k || r.meta.name === k);
}

/** The user's override for a rule (by id or name), if any. */
export function severityOverride(rule: Rule, settings: LintSettings | undefined): SeveritySetting | undefined {
  const rules = settings?.rules;
  if (!rules) return undefined;
  for (const [k, v] of Object.entries(rules)) {
    const key = k.trim().toLowerCase();
    if (key === rule.meta.id.toLowerCase() || key === rule.meta.name) return v;
  }
  return undefined;
}

export interface LintRunOptions {
  /** Also run rules that need Azure (they read `azure` data from the context). Off by default. */
  includeAzureRules?: boolean;
  /** Restrict to these rule ids (tests). */
  only?: readonly string[];
  /**
   * What Azure says about the project's connections, fetched by the caller beforehand (the engine
   * stays synchronous). Azure-aware rules read it; some offline rules add fixes from it.
   */
  azure?: AzureFacts;
}

/**
 * Run every enabled rule on a project. Findings come sorted by file and position, without
 * duplicates (a parameter used by two connections is reported once where it is written).
 */
export function lintProject(project: Project, settings: LintSettings = {}, run: LintRunOptions = {}): Finding[] {
  const findings: Finding[] = [];
  // What was reported where, to report each problem once: by file, then by offset (no key strings).
  const seen = new Map<string, Map<number, { rule: string; length: number; message: string }[]>>();
  const files = projectFiles(project);
  const projectPaths = new Set(files.map((f) => f.path));
  // Problems reported per file, and those beyond the ceiling (counted, not reported).
  const reported = new Map<string, number>();
  const over = new Map<string, number>();
  for (const rule of ALL_RULES) {
    if (rule.meta.requiresAzure && !run.includeAzureRules) continue;
    if (run.only && !run.only.includes(rule.meta.id)) continue;
    const override = severityOverride(rule, settings);
    if (override === 'off') continue;
    const docsUrl = ruleDocsUrl(rule.meta.id);
    const ctx: RuleContext = {
      project,
      cloud: settings.cloud,
      resolve: (file, path, value) => resolveValue(project, file, path, value),
      ...(run.azure ? { azure: run.azure } : {}),
      report: (o: ReportOptions) => {
        if (!projectPaths.has(o.file.path)) return;
        const n = reported.get(o.file.path) ?? 0;
        if (n >= MAX_FINDINGS_PER_FILE) {
          over.set(o.file.path, (over.get(o.file.path) ?? 0) + 1);
          return;
        }
        const span = o.span ?? o.file.span(o.path, { key: o.key });
        const severity: Severity = override ?? o.severity ?? rule.meta.defaultSeverity;
        let inFile = seen.get(o.file.path);
        if (!inFile) seen.set(o.file.path, (inFile = new Map()));
        const here = inFile.get(span.offset);
        if (here?.some((r) => r.rule === rule.meta.id && r.length === span.length && r.message === o.message)) return;
        const record = { rule: rule.meta.id, length: span.length, message: o.message };
        if (here) here.push(record);
        else inFile.set(span.offset, [record]);
        reported.set(o.file.path, n + 1);
        let cached: Fix[] | undefined;
        // Fixes from Azure facts come after the rule's own (only when facts were passed).
        const extra = run.azure ? FIX_CONTRIBUTORS[rule.meta.id]?.(ctx, o) : undefined;
        const own = o.fixes;
        const make = extra ? () => [...(own ? own() : []), ...extra()] : own;
        const finding: Finding = {
          ruleId: rule.meta.id,
          name: rule.meta.name,
          severity,
          file: o.file.path,
          pointer: toPointer(o.path),
          offset: span.offset,
          length: span.length,
          range: o.file.rangeOf(span.offset, span.length),
          message: printable(o.message),
          fixable: !!make,
          fixes: () => {
            if (!cached) {
              try {
                cached = make ? make().filter((f): f is Fix => !!f) : [];
              } catch {
                cached = [];
              }
            }
            return cached;
          },
          tags: o.tags,
          docsUrl,
        };
        if (o.actions?.length) finding.actions = o.actions;
        findings.push(finding);
      },
    };
    try {
      rule.check(ctx);
    } catch (e) {
      // A rule bug must never take the others down: report it on the project instead of crashing.
      // Reported at the start of the file: locating a path could meet what made the rule fail.
      const file = project.connections ?? project.workflows[0] ?? project.host ?? project.apiProperties;
      if (file) {
        ctx.report({
          file,
          path: [],
          span: { offset: 0, length: 0 },
          severity: 'warning',
          message: `Rule ${rule.meta.id} (${rule.meta.name}) failed on this project: ${e instanceof Error ? e.message : String(e)}. Please report it.`,
        });
      }
    }
  }
  const limits = ALL_RULES.find((r) => r.meta.id === 'LAC004');
  const limitsSeverity = limits && severityOverride(limits, settings);
  if (limits && limitsSeverity !== 'off' && (!run.only || run.only.includes('LAC004'))) {
    for (const [path, more] of over) {
      const file = files.find((f) => f.path === path)!;
      findings.push({
        ruleId: limits.meta.id,
        name: limits.meta.name,
        severity: limitsSeverity ?? 'warning',
        file: path,
        pointer: '',
        offset: 0,
        length: 0,
        range: file.rangeOf(0, 0),
        message: `${MAX_FINDINGS_PER_FILE.toLocaleString('en-US')} problems are shown for this file; ${more.toLocaleString('en-US')} more were found and are not shown. Fix these (lac lint --fix fixes many at once) or turn a noisy rule off to see the rest.`,
        fixable: false,
        fixes: () => [],
        docsUrl: ruleDocsUrl(limits.meta.id),
      });
    }
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.offset - b.offset || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.ruleId.localeCompare(b.ruleId)));
  return findings;
}
