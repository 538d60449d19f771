import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../core/meta';
import type { Finding, Range } from '../core/types';
import { DIAGNOSTIC_COLLECTION_NAME } from './model/ids';
import { hasLoneCarriageReturn, LineIndex } from './model/lineIndex';
import { DIAGNOSTIC_SEVERITY, DIAGNOSTIC_TAG, diagnosticKey } from './model/severity';
import type { FileResult, Snapshot } from './model/workspaceLinter';

interface Entry {
  findings: Finding[];
  /** The problems published for them, in the same order. */
  diagnostics: vscode.Diagnostic[];
  /** Findings by the identity of their diagnostic, to find the fixes of a diagnostic lazily. */
  byKey: Map<string, Finding>;
}

const lineIndexes = new WeakMap<object, LineIndex | null>();

/** The finding's range in VS Code's terms (the core counts `\n` only; VS Code also a lone `\r`). */
function rangeOf(f: Finding, snapshot: Snapshot | undefined): Range {
  if (!snapshot) return f.range;
  let index = lineIndexes.get(snapshot.file);
  if (index === undefined) {
    index = hasLoneCarriageReturn(snapshot.file.text) ? new LineIndex(snapshot.file.text) : null;
    lineIndexes.set(snapshot.file, index);
  }
  return index ? index.rangeOf(f.offset, f.length) : f.range;
}

export function toDiagnostic(f: Finding, range: Range): vscode.Diagnostic {
  const d = new vscode.Diagnostic(
    new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character),
    f.message,
    vscode.DiagnosticSeverity[DIAGNOSTIC_SEVERITY[f.severity]],
  );
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.ruleId, target: vscode.Uri.parse(f.docsUrl) };
  if (f.tags?.length) d.tags = f.tags.map((t) => vscode.DiagnosticTag[DIAGNOSTIC_TAG[t]]);
  return d;
}

/** The problems of every linted file, and the findings behind them (their fixes are computed on demand). */
export class Diagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_COLLECTION_NAME);
  private readonly entries = new Map<string, Entry>();
  private readonly emitter = new vscode.EventEmitter<readonly vscode.Uri[]>();
  /** Problems of these files were replaced (tests wait on it). */
  readonly onDidChange = this.emitter.event;

  publish(results: readonly FileResult[]): void {
    const uris: vscode.Uri[] = [];
    for (const r of results) {
      const uri = vscode.Uri.file(r.path);
      uris.push(uri);
      if (r.findings.length === 0) {
        this.entries.delete(r.path);
        this.collection.delete(uri);
        continue;
      }
      const byKey = new Map<string, Finding>();
      const diags = r.findings.map((f) => {
        const range = rangeOf(f, r.snapshot);
        byKey.set(diagnosticKey(f.ruleId, range, f.message), f);
        return toDiagnostic(f, range);
      });
      this.entries.set(r.path, { findings: r.findings, diagnostics: diags, byKey });
      this.collection.set(uri, diags);
    }
    if (uris.length) this.emitter.fire(uris);
  }

  clear(paths: Iterable<string>): void {
    const uris: vscode.Uri[] = [];
    for (const p of paths) {
      const uri = vscode.Uri.file(p);
      if (this.entries.delete(p) || this.collection.has(uri)) {
        this.collection.delete(uri);
        uris.push(uri);
      }
    }
    if (uris.length) this.emitter.fire(uris);
  }

  clearAll(): void {
    this.entries.clear();
    this.collection.clear();
  }

  findings(path: string): readonly Finding[] {
    return this.entries.get(path)?.findings ?? [];
  }

  /**
   * The problems of a file that touch `range` (as VS Code picks the problems of a code action
   * request), with their findings: one pass over the file's problems, no fix computed.
   */
  at(path: string, range: vscode.Range): { diagnostic: vscode.Diagnostic; finding: Finding }[] {
    const e = this.entries.get(path);
    if (!e) return [];
    const out: { diagnostic: vscode.Diagnostic; finding: Finding }[] = [];
    for (let i = 0; i < e.diagnostics.length; i++) {
      const d = e.diagnostics[i]!;
      if (d.range.intersection(range)) out.push({ diagnostic: d, finding: e.findings[i]! });
    }
    return out;
  }

  /** The finding behind a diagnostic VS Code hands back (a copy of ours). */
  findingOf(path: string, d: vscode.Diagnostic): Finding | undefined {
    if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
    const code = typeof d.code === 'object' ? d.code.value : d.code;
    if (code === undefined) return undefined;
    const r = d.range;
    return this.entries.get(path)?.byKey.get(
      diagnosticKey(String(code), { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } }, d.message),
    );
  }

  totalProblems(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.findings.length;
    return n;
  }

  dispose(): void {
    this.collection.dispose();
    this.emitter.dispose();
    this.entries.clear();
  }
}
