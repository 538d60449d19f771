import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LintRunOptions } from '../core/engine';
import { readLintTextAsync } from '../core/fs';
import { looksLikeArmTemplate, type Project, type ProjectLayout } from '../core/project';
import type { Finding } from '../core/types';
import type { Diagnostics } from './diagnostics';
import { discoverAround } from './model/discoverAround';
import { isProjectFileName } from './model/exclude';
import { describeError, type Log } from './output';
import { LintScheduler, typingDelay, type LintWork, type RunControl } from './model/scheduler';
import type { Settings } from './settings';
import { layoutFiles, WorkspaceLinter, type Membership } from './model/workspaceLinter';
import type { WorkspaceFiles } from './workspaceFiles';

/** What the controller needs of the Azure side (azure.ts): run options per project and change events. */
export interface AzureLinting {
  runOptionsFor(project: Project): { options: LintRunOptions; ids: readonly string[] } | undefined;
  /** Sign-in, sign-out, trust or endpoint changed: lint everything. */
  readonly onDidChangeState: vscode.Event<unknown>;
  /** Facts of these connection ids changed: lint the projects that name them. */
  readonly onDidUpdateFacts: vscode.Event<string[]>;
}

/** Debounce of file system events (a `git checkout` changes many files at once). */
export const DISK_DELAY_MS = 300;

const isJson = (p: string) => p.toLowerCase().endsWith('.json');

/**
 * Keeps the problems of the workspace current: open documents are linted from the editor's text
 * as they change, other files from disk; any change re-lints the whole project of the file.
 */
export class LintController implements vscode.Disposable {
  readonly linter: WorkspaceLinter;
  readonly scheduler: LintScheduler;
  /** Open documents by file system path: their text wins over the disk. */
  private readonly open = new Map<string, vscode.TextDocument>();
  /** Files found around documents opened from outside the workspace folders, by the opened path. */
  private readonly outside = new Map<string, string[]>();
  /** ARM templates recognised in open documents (their text may differ from the disk's, which the scan reads). */
  private readonly armTemplates = new Set<string>();
  private readonly busy = new Set<Promise<unknown>>();
  private readonly disposables: vscode.Disposable[] = [];
  private discoveryGeneration = 0;
  private discovered = false;
  private lastRun: { projects: number; ms: number } | undefined;
  private readonly lintedEmitter = new vscode.EventEmitter<void>();
  /** A lint run finished (projects' models and problems changed): views update from `projects()`. */
  readonly onDidLint = this.lintedEmitter.event;

  constructor(
    private readonly log: Log,
    private readonly settings: Settings,
    private readonly files: WorkspaceFiles,
    private readonly diagnostics: Diagnostics,
    private readonly azure?: AzureLinting,
  ) {
    this.linter = new WorkspaceLinter({
      openText: (p) => {
        const d = this.open.get(p);
        return d && !d.isClosed ? { text: d.getText(), version: d.version } : undefined;
      },
      readDisk: (p) => readLintTextAsync(p),
      settingsFor: (root) => this.settings.lintSettingsForPath(root),
      ...(azure ? { azureFor: (project: Project) => azure.runOptionsFor(project) } : {}),
    });
    this.scheduler = new LintScheduler(
      (work, control) => this.run(work, control),
      (e) => this.log.error(`Linting failed: ${describeError(e)}`),
    );
  }

  /** Start listening and lint the workspace (in the background: activation does not wait). */
  start(): void {
    for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === 'file') this.open.set(d.uri.fsPath, d);
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.guard(() => this.opened(d))),
      vscode.workspace.onDidChangeTextDocument((e) => this.guard(() => this.changed(e))),
      vscode.workspace.onDidCloseTextDocument((d) => this.guard(() => this.closed(d))),
      vscode.workspace.onDidSaveTextDocument((d) => this.guard(() => d.uri.scheme === 'file' && this.linter.invalidateDisk(d.uri.fsPath))),
      vscode.window.tabGroups.onDidChangeTabs(() => this.guard(() => this.tabsChanged())),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.guard(() => void this.rediscover())),
      this.settings.onDidChange((c) =>
        this.guard(() => {
          if (c.exclude) void this.rediscover();
          else if (c.lint) this.scheduler.requestAll(0);
        }),
      ),
      this.files.watch({
        created: (u) => this.guard(() => this.diskCreated(u)),
        deleted: (u) => this.guard(() => this.diskDeleted(u)),
        changed: (u) => this.guard(() => this.diskChanged(u)),
      }),
    );
    if (this.azure) {
      this.disposables.push(
        // Signed in or out: the Azure-aware rules start or stop, everywhere.
        this.azure.onDidChangeState(() => this.guard(() => this.discovered && this.scheduler.requestAll(0))),
        // Facts arrived (linting never waits for them): lint the projects that name them again.
        this.azure.onDidUpdateFacts((ids) =>
          this.guard(() => {
            const files = this.linter.filesNaming(ids);
            if (files.length) this.scheduler.request(files, 0);
          }),
        ),
      );
    }
    void this.rediscover();
  }

  /** Find every project file again and lint everything. */
  rediscover(): Promise<void> {
    const gen = ++this.discoveryGeneration;
    return this.track(
      (async () => {
        const started = performance.now();
        const found = await this.files.find();
        if (gen !== this.discoveryGeneration) return;
        const extra: string[] = [];
        for (const [p, around] of this.outside) if (this.open.has(p)) extra.push(...around);
        for (const p of this.armTemplates) if (!this.files.isExcluded(vscode.Uri.file(p))) extra.push(p);
        for (const [p, d] of this.open) {
          const uri = vscode.Uri.file(p);
          if (isProjectFileName(path.basename(p)) && this.files.inWorkspace(uri) && !this.files.isExcluded(uri)) extra.push(p);
          else if (!isProjectFileName(path.basename(p)) && isJson(p) && !this.files.isExcluded(uri) && looksLikeArmTemplate(d.getText())) {
            this.armTemplates.add(p);
            extra.push(p);
          }
        }
        this.linter.invalidateAllDisk();
        const m = this.linter.replaceAll([...found, ...extra]);
        this.diagnostics.clear(m.cleared);
        this.discovered = true;
        this.log.info(`Found ${this.linter.paths().length} project file(s) in ${this.linter.allLayouts().length} project(s) in ${Math.round(performance.now() - started)} ms.`);
        this.scheduler.requestAll(0);
      })().catch((e) => this.log.error(`Finding the project files failed: ${describeError(e)}`)),
    );
  }

  /** Lint now (the projects of `uri`, or find and lint everything) and resolve when idle. */
  async lintNow(uri?: vscode.Uri): Promise<void> {
    if (uri) {
      if (uri.scheme === 'file') {
        const d = this.open.get(uri.fsPath);
        if (d) this.opened(d);
        this.scheduler.request([uri.fsPath], 0);
      }
    } else await this.rediscover();
    await this.whenIdle();
  }

  /** Resolves when no discovery, no lint run and nothing pending remain. */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (this.busy.size) await Promise.all([...this.busy]);
      await this.scheduler.whenIdle();
      if (this.busy.size === 0 && this.scheduler.idle) return;
    }
  }

  /** Every Logic Apps project found, as last linted. */
  projects(): Project[] {
    return this.linter.projects();
  }

  /** Whether the first workspace scan finished. */
  get hasDiscovered(): boolean {
    return this.discovered;
  }

  findings(uri: vscode.Uri): readonly Finding[] {
    return this.diagnostics.findings(uri.fsPath);
  }

  stats(): { runs: number; projectsLinted: number; filesParsed: number; files: number; projects: number; lastRun: { projects: number; ms: number } | undefined } {
    return { ...this.linter.stats, files: this.linter.paths().length, projects: this.linter.allLayouts().length, lastRun: this.lastRun };
  }

  /**
   * Whether the problems of a file still describe its text: not waiting for a lint, and the
   * editor's text (if open) is the text that was linted. Fixes of stale findings are never offered.
   */
  isCurrent(p: string): boolean {
    const s = this.linter.snapshot(p);
    if (!s || this.scheduler.isPending(p)) return false;
    const d = this.open.get(p);
    if (!d || d.isClosed) return s.version === undefined;
    if (s.version !== undefined && s.version === d.version) return true;
    return d.getText() === s.file.text;
  }

  /** The linted text of a file while it is current (the text fixes' offsets refer to). */
  currentText(p: string): string | undefined {
    return this.isCurrent(p) ? this.linter.snapshot(p)?.file.text : undefined;
  }

  /**
   * Make sure a document's problems are current, waiting at most `timeoutMs`: before fix-all on
   * save, and before quick fixes (whose edits must refer to the text in the editor). `now` runs
   * the pending lint at once (the user asked: Ctrl+., a squiggle's Quick Fix…, save); otherwise
   * the scheduled run is awaited without skipping the typing debounce (the light bulb asks on
   * every cursor move). The wait ends as soon as this file's problems are published for its text
   * (not when every other queued lint is done), or when `token` is cancelled.
   */
  async ensureCurrent(document: vscode.TextDocument, timeoutMs = 1500, opts: { now?: boolean; token?: vscode.CancellationToken } = {}): Promise<boolean> {
    const p = document.uri.fsPath;
    if (this.isCurrent(p)) return true;
    if (!this.linter.has(p)) return false;
    const { now = true, token } = opts;
    if (token?.isCancellationRequested) return false;
    const disposables: vscode.Disposable[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ended = new Promise<void>((resolve) => {
      const check = () => {
        if (this.isCurrent(p)) resolve();
      };
      timer = setTimeout(resolve, timeoutMs);
      if (token) disposables.push(token.onCancellationRequested(() => resolve()));
      disposables.push(this.diagnostics.onDidChange(check), this.onDidLint(check));
      // A run already going lints what was asked before it started: wait for it rather than ask again.
      const asked = now && (this.scheduler.isPending(p) || !this.scheduler.busy) ? (this.scheduler.request([p], 0), this.scheduler.flush()) : this.scheduler.whenIdle();
      void asked.then(resolve);
    });
    try {
      await ended;
    } finally {
      clearTimeout(timer);
      for (const d of disposables) d.dispose();
    }
    return this.isCurrent(p);
  }

  dispose(): void {
    this.scheduler.dispose();
    this.lintedEmitter.dispose();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }

  // ---- events

  private opened(d: vscode.TextDocument): void {
    if (d.uri.scheme !== 'file') return;
    const p = d.uri.fsPath;
    this.open.set(p, d);
    if (this.linter.has(p)) {
      if (this.linter.snapshot(p)?.file.text !== d.getText()) this.scheduler.request([p], 0);
      return;
    }
    if (!isJson(p) || this.files.isExcluded(d.uri)) return;
    const named = isProjectFileName(path.basename(p));
    if (!this.files.inWorkspace(d.uri)) {
      if (!named && !looksLikeArmTemplate(d.getText())) return;
      void this.track(
        discoverAround(p).then((around) => {
          if (!this.open.has(p)) return;
          this.outside.set(p, around);
          this.apply(this.linter.add(around), 0);
        }),
      );
      return;
    }
    if (named) {
      // Found by the workspace scan unless created since: add it (the scan will include it too).
      if (this.discovered) this.apply(this.linter.add([p]), 0);
    } else if (looksLikeArmTemplate(d.getText())) {
      this.armTemplates.add(p);
      if (this.discovered) this.apply(this.linter.add([p]), 0);
    }
  }

  private changed(e: vscode.TextDocumentChangeEvent): void {
    const d = e.document;
    if (d.uri.scheme !== 'file' || e.contentChanges.length === 0) return;
    const p = d.uri.fsPath;
    this.open.set(p, d);
    // Not a project file yet: the run checks whether the text became an ARM template.
    if (this.linter.has(p) || (isJson(p) && !isProjectFileName(path.basename(p)))) {
      this.scheduler.request([p], typingDelay(this.linter.snapshot(p)?.file.text.length ?? 0));
    }
  }

  private closed(d: vscode.TextDocument): void {
    if (d.uri.scheme !== 'file') return;
    const p = d.uri.fsPath;
    if (this.open.get(p) === d) this.open.delete(p);
    if (this.outside.delete(p)) this.forgetOutside();
    if (this.linter.has(p)) {
      // The editor's text is gone (maybe unsaved): lint the disk's.
      this.linter.invalidateDisk(p);
      this.scheduler.request([p], 0);
    }
  }

  /**
   * Files from outside the workspace are linted while an editor tab shows them (documents close
   * late, or not at all, after their tab closed).
   */
  private tabsChanged(): void {
    if (this.outside.size === 0) return;
    const shown = new Set<string>();
    for (const g of vscode.window.tabGroups.all) {
      for (const t of g.tabs) {
        const input = t.input;
        if (input instanceof vscode.TabInputText) shown.add(input.uri.fsPath);
        else if (input instanceof vscode.TabInputTextDiff) {
          shown.add(input.original.fsPath);
          shown.add(input.modified.fsPath);
        }
      }
    }
    let changed = false;
    for (const p of [...this.outside.keys()]) {
      if (shown.has(p) || this.open.get(p)?.isDirty) continue;
      this.outside.delete(p);
      changed = true;
    }
    if (changed) this.forgetOutside();
  }

  private forgetOutside(): void {
    const keep = new Set([...this.outside.values()].flat());
    const drop = this.linter.paths().filter((f) => !keep.has(f) && !this.files.inWorkspace(vscode.Uri.file(f)));
    this.apply(this.linter.remove(drop), 0);
  }

  private diskCreated(uri: vscode.Uri): void {
    const p = uri.fsPath;
    if (this.files.isExcluded(uri)) return;
    const base = path.basename(p);
    if (isProjectFileName(base)) {
      this.linter.invalidateDisk(p);
      this.apply(this.linter.add([p]), DISK_DELAY_MS);
      return;
    }
    if (isJson(p)) {
      // Another JSON file: linted when it is an exported Logic App ARM template.
      void this.track(this.addIfArmTemplate(uri));
      return;
    }
    // Maybe a folder (created, copied or renamed): its files report no events of their own.
    void this.track(
      fs.stat(p).then(
        async (st) => {
          if (!st.isDirectory()) return;
          const found = await this.files.find(undefined, uri);
          if (found.length) this.apply(this.linter.add(found), DISK_DELAY_MS);
        },
        () => undefined,
      ),
    );
  }

  private diskDeleted(uri: vscode.Uri): void {
    const gone = this.linter.under(uri.fsPath, path.sep);
    for (const p of gone) this.armTemplates.delete(p);
    if (gone.length) this.apply(this.linter.remove(gone), DISK_DELAY_MS);
  }

  private diskChanged(uri: vscode.Uri): void {
    const p = uri.fsPath;
    if (!this.linter.has(p)) {
      // A JSON file that may have become an ARM template (an open document is checked as it is typed).
      if (!this.open.has(p) && !isProjectFileName(path.basename(p))) void this.track(this.addIfArmTemplate(uri));
      return;
    }
    this.linter.invalidateDisk(p);
    // An open document's text wins over the disk: nothing to lint until it closes.
    if (!this.open.has(p)) this.scheduler.request([p], DISK_DELAY_MS);
  }

  private async addIfArmTemplate(uri: vscode.Uri): Promise<void> {
    if (!this.discovered || !(await this.files.isArmTemplate(uri))) return;
    this.linter.invalidateDisk(uri.fsPath);
    this.apply(this.linter.add([uri.fsPath]), DISK_DELAY_MS);
  }

  // ---- linting

  private apply(m: Membership, delayMs: number): void {
    this.diagnostics.clear(m.cleared);
    this.scheduler.request(m.dirty, delayMs);
  }

  private async run(work: LintWork, control: RunControl): Promise<void> {
    const started = performance.now();
    let layouts: ProjectLayout[];
    if (work.all) layouts = this.linter.allLayouts();
    else {
      const paths = new Set(work.paths);
      for (const p of work.paths) {
        if (this.linter.has(p)) continue;
        // An open JSON document that became an ARM template while typed.
        const d = this.open.get(p);
        if (!d || isProjectFileName(path.basename(p)) || this.files.isExcluded(d.uri) || !this.files.inWorkspace(d.uri)) continue;
        if (!looksLikeArmTemplate(d.getText())) continue;
        this.armTemplates.add(p);
        const m = this.linter.add([p]);
        this.diagnostics.clear(m.cleared);
        for (const x of m.dirty) paths.add(x);
      }
      layouts = this.linter.layoutsFor(paths);
    }
    // Projects the user looks at first.
    const visible = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.fsPath));
    const rank = (l: ProjectLayout) => (layoutFiles(l).some((f) => visible.has(f)) ? 0 : layoutFiles(l).some((f) => this.open.has(f)) ? 1 : 2);
    layouts = layouts.map((l) => ({ l, r: rank(l) })).sort((a, b) => a.r - b.r).map((x) => x.l);

    let problems = 0;
    await this.linter.lint(
      layouts,
      control,
      (results) => {
        for (const r of results) problems += r.findings.length;
        this.diagnostics.publish(results);
      },
      (layout, e) => this.log.error(`Linting the project in ${layout.root} failed: ${describeError(e)}`),
    );
    if (!work.all) this.diagnostics.clear([...work.paths].filter((p) => !this.linter.isLinted(p)));
    const ms = Math.round(performance.now() - started);
    this.lintedEmitter.fire();
    this.lastRun = { projects: layouts.length, ms };
    this.log.debug(`Linted ${layouts.length} project(s) in ${ms} ms: ${problems} problem(s)${control.cancelled ? ' (cancelled)' : ''}.`);
  }

  /** Background work `whenIdle` waits for; its errors go to the output channel. */
  private track(work: Promise<unknown>): Promise<void> {
    const p: Promise<void> = work.then(
      () => undefined,
      (e) => this.log.error(describeError(e)),
    );
    this.busy.add(p);
    void p.finally(() => this.busy.delete(p));
    return p;
  }

  /** Event handlers never throw into VS Code: errors go to the output channel. */
  private guard(fn: () => unknown): void {
    try {
      fn();
    } catch (e) {
      this.log.error(describeError(e));
    }
  }
}
