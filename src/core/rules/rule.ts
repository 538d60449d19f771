import type { AzureExample, AzureFacts } from '../azureFacts';
import type { JsonFile } from '../json/jsonFile';
import type { Project } from '../project';
import type { Resolved } from '../resolve';
import type { CloudName, FileEdit, FindingAction, FindingTag, Fix, JsonPath, Severity } from '../types';

/** A documented example for docs/rules.md: the file it is in and its text. */
export interface RuleExample {
  file: string;
  code: string;
}

export interface RuleMeta {
  /** Stable id, never reused: `LACnnn`. */
  id: string;
  /** Stable kebab-case name. */
  name: string;
  defaultSeverity: Severity;
  /** One line for the README rules table and SARIF. */
  description: string;
  docs: {
    /** Why this matters and what happens at run time. A paragraph of Markdown. */
    details: string;
    bad: RuleExample;
    good: RuleExample;
    /**
     * Rules that need Azure: what Azure answers for the examples (ARM JSON by connection id),
     * shown in the docs and used to check the examples without a network.
     */
    azure?: { bad: AzureExample; good: AzureExample };
    /**
     * Set when the examples can only be described, not linted (a file too large to include): why.
     * The rule's own tests must then show both cases.
     */
    illustrative?: string;
  };
  /** The rule offers fixes for some of its findings. */
  fixable: boolean;
  /** Needs Azure (signed in): skipped by offline linting. */
  requiresAzure?: boolean;
}

export interface ReportOptions {
  file: JsonFile;
  /** The value (or member) the finding is about. */
  path: JsonPath;
  message: string;
  /** Put the squiggle on the property name instead of the value. */
  key?: boolean;
  /** An exact span in the file's text, when the path is not precise enough (a part of a string). */
  span?: { offset: number; length: number };
  /** This finding's severity when it differs from the rule's default. */
  severity?: Severity;
  /** Built only when an editor or `--fix` asks for them. */
  fixes?: () => (Fix | undefined)[];
  tags?: FindingTag[];
  /** Actions that are not edits (authorize, test): code actions that run commands in an editor. */
  actions?: FindingAction[];
}

export interface RuleContext {
  readonly project: Project;
  readonly cloud: CloudName | undefined;
  report(options: ReportOptions): void;
  /** Follow `@parameters('X')` into parameters.json (see resolve.ts). */
  resolve(file: JsonFile, path: JsonPath, value: unknown): Resolved;
  /** What Azure says about the project's connections, when the caller fetched it (see azureFacts.ts). */
  readonly azure?: AzureFacts;
}

export interface Rule {
  meta: RuleMeta;
  /** Look at the whole project and report. Must not throw on any input; must not recurse per JSON level. */
  check(context: RuleContext): void;
}

/** Identity helper that gives rule files their type. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

/** A fix built from edits, dropping it when any edit could not be computed. */
export function fix(title: string, edits: (FileEdit | undefined)[], preferred = false): Fix | undefined {
  if (edits.length === 0 || edits.some((e) => !e)) return undefined;
  return { title, edits: edits as FileEdit[], preferred };
}
