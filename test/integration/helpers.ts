/** What the integration suites share: the workspace copy, the extension, waiting for problems. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, ruleDocsUrl } from '../../src/core/meta';
import type { LogicAppsConnectionsApi } from '../../src/vscode/api';
import type { UserInput } from '../../src/vscode/ui';

export { DIAGNOSTIC_SOURCE, ruleDocsUrl };

export const EXTENSION_ID = 'logic-apps-connections.logic-apps-connections';

/** What activate() returns (src/vscode/api.ts); read defensively, an older build may lack parts. */
export type LacTestApi = Partial<LogicAppsConnectionsApi>;

export function extension(): vscode.Extension<LacTestApi> {
  const ext = vscode.extensions.getExtension<LacTestApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this editor`);
  return ext;
}

/** The extension, activated by the workspace (waits for it; activates it if nothing did after 20 s). */
export async function lac(): Promise<LacTestApi> {
  const ext = extension();
  const deadline = Date.now() + 20_000;
  while (!ext.isActive && Date.now() < deadline) await sleep(50);
  const api = ext.isActive ? ext.exports : await ext.activate();
  return api ?? {};
}

/** Let the extension finish what it is doing (linting after a change), when it can tell. */
export async function settle(): Promise<void> {
  const api = await lac();
  if (typeof api.whenIdle === 'function') await api.whenIdle();
}

export function root(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder is open');
  return f.uri.fsPath;
}

export function file(rel: string): string {
  return path.join(root(), rel);
}

export function uri(rel: string): vscode.Uri {
  return vscode.Uri.file(file(rel));
}

/** A line in the test output (marked for test/harness/run.ts, which prints only marked lines). */
export function log(...args: unknown[]): void {
  console.log((process.env.LAC_TEST_LOG_MARK ?? '') + format(...args));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code);
}

/** Our diagnostics on a file (other extensions', like the JSON language server's, left out). */
export function problems(u: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(u).filter((d) => d.source === DIAGNOSTIC_SOURCE && (!rule || codeOf(d) === rule));
}

export function show(ds: readonly vscode.Diagnostic[]): string {
  if (!ds.length) return '(none)';
  return ds
    .map((d) => `${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`)
    .join('; ');
}

/** Poll until `probe` returns something truthy; fail with `what` and the last state. */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 20_000, state?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}${state ? `; now: ${state()}` : ''}`);
    await sleep(50);
  }
}

/** Wait until our problems on `u` satisfy `ok`. */
export function waitForProblems(u: vscode.Uri, ok: (ds: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return waitFor(
    `${what} in ${path.relative(root(), u.fsPath)}`,
    () => {
      const ds = problems(u);
      return ok(ds) ? ds : undefined;
    },
    timeoutMs,
    () => show(problems(u)),
  );
}

export const hasRule = (rule: string) => (ds: vscode.Diagnostic[]) => ds.some((d) => codeOf(d) === rule);
export const lacksRule = (rule: string) => (ds: vscode.Diagnostic[]) => !ds.some((d) => codeOf(d) === rule);

/** Write a file the way another program would (not through the editor). */
export function writeOnDisk(rel: string, text: string): vscode.Uri {
  const p = file(rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return vscode.Uri.file(p);
}

const originals = new Map<string, string>();

/** Remember a fixture file's text as the run started, to put it back after a test changed it. */
export function original(rel: string): string {
  if (!originals.has(rel)) originals.set(rel, fs.readFileSync(file(rel), 'utf8'));
  return originals.get(rel)!;
}

/** Put fixture files back on disk (and in any open editor, which then reloads them). */
export async function restore(...rels: string[]): Promise<void> {
  for (const rel of rels) {
    const text = original(rel);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file(rel));
    if (doc?.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    if (fs.readFileSync(file(rel), 'utf8') !== text) fs.writeFileSync(file(rel), text);
    if (doc) await waitFor(`${rel} to reload`, () => doc.getText() === text, 10_000);
  }
}

/** Close every editor without a save prompt (dirty ones are reverted first). */
export async function closeAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.uri.scheme === 'file') {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function open(u: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(u);
  return vscode.window.showTextDocument(doc);
}

/**
 * Code actions VS Code offers at a range (what the light bulb and Ctrl+. show). The workbench
 * cancels a request whose document changes meanwhile (as when the editor reloads a file just
 * written on disk); like a user pressing Ctrl+. again, it is asked again then (for up to 10 s).
 */
export async function codeActions(u: vscode.Uri, range: vscode.Range, kind?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const r = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', u, range, kind?.value);
      return (r ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
    } catch (e) {
      if (!(e instanceof Error && e.message === 'Canceled') || Date.now() >= deadline) throw e;
      await sleep(100);
    }
  }
}

/** Apply a code action the way the editor does: its edit, then its command. */
export async function applyAction(a: vscode.CodeAction): Promise<void> {
  if (a.edit) assert.ok(await vscode.workspace.applyEdit(a.edit), `workspace.applyEdit refused "${a.title}"`);
  if (a.command) await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments ?? []));
}

/** Change settings for the workspace folder; `undefined` removes them. */
export async function setSetting(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section, vscode.workspace.workspaceFolders?.[0]).update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** A message the extension showed through the `ui` seam. */
export interface ShownMessage {
  severity: 'info' | 'warning' | 'error';
  message: string;
  detail?: string;
  modal: boolean;
  buttons: string[];
}

/**
 * Scripted prompts for the `ui` seam: quick picks answered by the queued responders (none:
 * dismissed), messages recorded and answered by rules, input boxes by the queued answers,
 * opened links recorded.
 */
export class ScriptedInput {
  readonly messages: ShownMessage[] = [];
  /** Every message of the suite (never reset). */
  readonly history: ShownMessage[] = [];
  readonly picks: { title?: string; placeHolder?: string; items: vscode.QuickPickItem[]; options?: vscode.QuickPickOptions }[] = [];
  readonly opened: string[] = [];
  /** Answers of the next input boxes, in order (undefined: dismissed). */
  readonly inputs: (string | undefined)[] = [];
  /** Input boxes asked for so far. */
  inputBoxes = 0;
  private pickers: ((items: vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined)[] = [];
  private answers: { match: RegExp; answer: string | undefined }[] = [];

  /** `waitForInputs`: an input box waits (up to 5 s) for the test to queue its answer. */
  constructor(private readonly opts: { waitForInputs?: boolean } = {}) {}

  readonly input: UserInput = {
    showQuickPick: (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
      const list = [...(await items)];
      this.picks.push({ title: options?.title, placeHolder: options?.placeHolder, items: list, options });
      const picker = this.pickers.shift();
      return picker ? picker(list) : undefined;
    }) as UserInput['showQuickPick'],
    showInputBox: async () => {
      this.inputBoxes++;
      // The test may queue the answer just after the box is asked for (it needs what the flow opened first).
      for (let i = 0; this.opts.waitForInputs && i < 100 && this.inputs.length === 0; i++) await sleep(50);
      return this.inputs.shift();
    },
    showMessage: async (severity, message, options, ...buttons) => {
      const m = { severity, message, detail: options.detail, modal: !!options.modal, buttons };
      this.messages.push(m);
      this.history.push(m);
      return this.answers.find((a) => a.match.test(message))?.answer;
    },
    openExternal: async (uri) => {
      this.opened.push(uri.toString(true));
      return true;
    },
  };

  pick(choose: (items: vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined): void {
    this.pickers.push(choose);
  }

  answer(match: RegExp, answer: string | undefined): void {
    this.answers.unshift({ match, answer });
  }

  reset(): void {
    this.messages.length = 0;
    this.picks.length = 0;
    this.opened.length = 0;
    this.inputs.length = 0;
    this.inputBoxes = 0;
    this.pickers = [];
    this.answers = [];
  }

  /** The one message matching `re` (fails with what was shown). */
  message(re: RegExp): ShownMessage {
    const found = this.messages.filter((m) => re.test(m.message));
    assert.strictEqual(found.length, 1, `one message matching ${re}; shown: ${JSON.stringify(this.messages.map((m) => m.message))}`);
    return found[0]!;
  }
}
