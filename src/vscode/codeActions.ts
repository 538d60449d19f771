import { existsSync } from 'fs';
import * as vscode from 'vscode';
import type { Finding, FindingAction } from '../core/types';
import type { Diagnostics } from './diagnostics';
import { fileEditsToWorkspaceEdit } from './edits';
import { planFixAll } from '../core/fixAll';
import { COMMANDS, FIX_ALL_KIND_SUFFIX } from './model/ids';
import type { LintController } from './linting';

/** `source.fixAll.lac`: `"editor.codeActionsOnSave": { "source.fixAll.lac": "explicit" }`. */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append(FIX_ALL_KIND_SUFFIX);

export const CODE_ACTION_SELECTOR: vscode.DocumentSelector = [
  { language: 'json', scheme: 'file' },
  { language: 'jsonc', scheme: 'file' },
];

export const CODE_ACTION_METADATA: vscode.CodeActionProviderMetadata = {
  providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
};

/** The command behind each kind of finding action. */
export const ACTION_COMMANDS: Record<FindingAction['kind'], string> = {
  'authorize-connection': COMMANDS.authorizeConnection,
  'test-connection': COMMANDS.testConnection,
  'add-access-policy': COMMANDS.addAccessPolicy,
};

function wants(only: vscode.CodeActionKind | undefined, kind: vscode.CodeActionKind): boolean {
  return !only || only.contains(kind) || kind.contains(only);
}

/**
 * Quick fixes of the findings under the cursor (from the rules' lazy `fixes()`), "Show
 * documentation", and fix-all (`source.fixAll.lac`: every preferred fix of the file, like
 * `lac lint --fix`). Edits may span files; nothing is saved: the user saves.
 */
export class LacCodeActionProvider implements vscode.CodeActionProvider {
  constructor(
    private readonly controller: LintController,
    private readonly diagnostics: Diagnostics,
  ) {}

  /** Duration of the last quick-fix request (tests compare it with the round trip through VS Code). */
  lastMs = 0;

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const t0 = performance.now();
    try {
      return await this.actions(document, range, context, token);
    } finally {
      this.lastMs = performance.now() - t0;
    }
  }

  private async actions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    if (document.uri.scheme !== 'file') return [];
    const only = context.only;
    const actions: vscode.CodeAction[] = [];
    if (only && wants(only, FIX_ALL_KIND) && !vscode.CodeActionKind.QuickFix.contains(only)) {
      // On save the last edits may not be linted yet: lint them first.
      await this.controller.ensureCurrent(document, 1500, { token });
      if (token.isCancellationRequested) return [];
      const a = this.fixAll(document, FIX_ALL_KIND);
      if (a) actions.push(a);
      return actions;
    }
    if (!wants(only, vscode.CodeActionKind.QuickFix)) return [];
    const path = document.uri.fsPath;
    // Right after an edit, or while a change on disk waits for its lint, the problems VS Code
    // hands over may not describe the text in the editor (VS Code does not move them with edits).
    // Wait for the lint of this text (at once when the user asked; on the light bulb's own
    // requests, for the scheduled run), then answer from the problems now under the cursor.
    const invoked = context.triggerKind === vscode.CodeActionTriggerKind.Invoke;
    const current = (invoked || context.diagnostics.length > 0) && (await this.controller.ensureCurrent(document, 1500, { now: invoked, token }));
    if (token.isCancellationRequested) return [];
    const here = current
      ? this.diagnostics.at(path, range)
      : context.diagnostics.flatMap((d) => {
          const finding = this.diagnostics.findingOf(path, d);
          return finding ? [{ diagnostic: d, finding }] : [];
        });
    const docsShown = new Set<string>();
    let fixableHere = false;
    for (const { diagnostic: d, finding } of here) {
      if (current && finding.fixable) {
        for (const fix of finding.fixes()) {
          const edit = this.edit(fix.edits);
          if (!edit) continue;
          const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          a.edit = edit;
          a.diagnostics = [d];
          a.isPreferred = !!fix.preferred;
          actions.push(a);
          if (fix.preferred) fixableHere = true;
        }
      }
      // Actions that are not edits (Azure-aware rules: authorize, test): they run commands.
      for (const action of finding.actions ?? []) {
        const a = new vscode.CodeAction(action.title, vscode.CodeActionKind.QuickFix);
        a.command = { command: ACTION_COMMANDS[action.kind], title: action.title, arguments: [action.connectionId] };
        a.diagnostics = [d];
        actions.push(a);
      }
      if (!docsShown.has(finding.ruleId)) {
        docsShown.add(finding.ruleId);
        const a = new vscode.CodeAction(vscode.l10n.t('Show documentation for {0} ({1})', finding.ruleId, finding.name), vscode.CodeActionKind.QuickFix);
        a.command = { command: COMMANDS.showRuleDocumentation, title: a.title, arguments: [finding.ruleId] };
        a.diagnostics = [d];
        actions.push(a);
      }
    }
    if (fixableHere && this.fixableCount(path) >= 2) {
      // Like ESLint: when the file has more than one fixable problem, offer them all at once. It
      // runs Fix All on this file when picked, which plans the fixes only then (a light bulb on one
      // squiggle must not compute the fixes of thousands) and says what it changed.
      const title = vscode.l10n.t('Fix all auto-fixable Logic Apps Connections problems');
      const all = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      all.command = { command: COMMANDS.fixAll, title, arguments: [document.uri] };
      actions.push(all);
    }
    return actions;
  }

  /** Findings of the file whose rule offers fixes (without computing any fix). */
  private fixableCount(path: string): number {
    let n = 0;
    for (const f of this.diagnostics.findings(path)) if (f.fixable) n++;
    return n;
  }

  /** The fix-all action of a document, when a preferred fix applies. */
  fixAll(document: vscode.TextDocument, kind: vscode.CodeActionKind): vscode.CodeAction | undefined {
    const plan = this.fixAllPlan(document.uri.fsPath);
    if (!plan) return undefined;
    const a = new vscode.CodeAction(vscode.l10n.t('Fix all auto-fixable Logic Apps Connections problems'), kind);
    a.edit = plan.edit;
    return a;
  }

  /** Every preferred fix of the file's findings as one edit (undefined when stale or nothing to fix). */
  fixAllPlan(path: string): { edit: vscode.WorkspaceEdit; count: number; skipped: number; files: string[] } | undefined {
    if (!this.controller.isCurrent(path)) return undefined;
    const findings: readonly Finding[] = this.diagnostics.findings(path);
    const plan = planFixAll(findings, { textLength: (f) => this.controller.currentText(f)?.length, exists: existsSync });
    if (plan.fixes.length === 0) return undefined;
    const edit = this.edit(plan.edits);
    return edit ? { edit, count: plan.fixes.length, skipped: plan.skipped, files: plan.edits.map((e) => e.file) } : undefined;
  }

  private edit(edits: Parameters<typeof fileEditsToWorkspaceEdit>[0]): vscode.WorkspaceEdit | undefined {
    return fileEditsToWorkspaceEdit(edits, (f) => this.controller.currentText(f));
  }
}

export function registerCodeActions(controller: LintController, diagnostics: Diagnostics): { provider: LacCodeActionProvider; registration: vscode.Disposable } {
  const provider = new LacCodeActionProvider(controller, diagnostics);
  return { provider, registration: vscode.languages.registerCodeActionsProvider(CODE_ACTION_SELECTOR, provider, CODE_ACTION_METADATA) };
}
