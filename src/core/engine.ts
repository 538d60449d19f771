import type { AzureFacts } from './azureFacts';
import { toPointer } from './json/pointer';
import { ruleDocsUrl } from './meta';
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
  const seen = new Set<string>();
  const projectPaths = new Set(projectFiles(project).map((f) => f.path));
  for (const rule of ALL_RULES) {
    if (rule.meta.requiresAzure && !run.includeAzureRules) continue;
    if (run.only && !run.only.includes(rule.meta.id)) continue;
    const override = severityOverride(rule, settings);
    if (override === 'off') continue;
    const ctx: RuleContext = {
      project,
      cloud: settings.cloud,
      resolve: (file, path, value) => resolveValue(project, file, path, value),
      ...(run.azure ? { azure: run.azure } : {}),
      report: (o: ReportOptions) => {
        if (!projectPaths.has(o.file.path)) return;
        const span = o.span ?? o.file.span(o.path, { key: o.key });
        const severity: Severity = override ?? o.severity ?? rule.meta.defaultSeverity;
        const dedupe = `${rule.meta.id}\0${o.file.path}\0${span.offset}\0${span.length}\0${o.message}`;
        if (seen.has(dedupe)) return;
        seen.add(dedupe);
        let cached: Fix[] | undefined;
        // Fixes from Azure facts come after the rule's own (only when facts were passed).
        const extra = run.azure ? FIX_CONTRIBUTORS[rule.meta.id]?.(ctx, o) : undefined;
        const own = o.fixes;
        const make = extra ? () => [...(own ? own() : []), ...extra()] : own;
        findings.push({
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
          docsUrl: ruleDocsUrl(rule.meta.id),
          ...(o.actions?.length ? { actions: o.actions } : {}),
        });
      },
    };
    try {
      rule.check(ctx);
    } catch (e) {
      // A rule bug must never take the others down: report it on the project instead of crashing.
      const file = project.connections ?? project.workflows[0] ?? project.host;
      if (file) {
        ctx.report({
          file,
          path: [],
          severity: 'warning',
          message: `Rule ${rule.meta.id} (${rule.meta.name}) failed on this project: ${e instanceof Error ? e.message : String(e)}. Please report it.`,
        });
      }
    }
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.offset - b.offset || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.ruleId.localeCompare(b.ruleId)));
  return findings;
}
