/**
 * The editor says what the CLI says: the sample project (`samples/`, one planted mistake per rule)
 * is copied into the workspace, found by the workspace scan (the one activation runs) without
 * opening any file, and the Problems panel (`vscode.languages.getDiagnostics`) is compared finding
 * by finding (rule, file, range, severity, message) with `lac lint <copy> --format json` (the
 * built dist/cli.js) on the same files.
 *
 * Azure-aware rules are left out of the comparison: the editor runs them here (signed in to the
 * emulator) and `lac lint` never does.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { codeOf, DIAGNOSTIC_SOURCE, extension, file, lac, root, settle } from '../helpers';

const COPY = 'samples-parity';

interface CliFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
}

const SEVERITY: Record<CliFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Run the built CLI (dist/cli.js) with the extension host's Node (Electron's, as Node, on the desktop). */
function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const js = path.join(extension().extensionPath, 'dist', 'cli.js');
  const r = spawnSync(process.execPath, [js, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const line = (rel: string, rule: string, sev: string, r: CliFinding['range'], message: string) =>
  `${rel} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${rule} ${sev} ${message}`;

describe('the editor says what the CLI says (samples/)', () => {
  let dir: string;
  let azureRules: Set<string>;

  before(async function () {
    this.timeout(120_000);
    await lac();
    dir = file(COPY);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(path.join(extension().extensionPath, 'samples'), dir, { recursive: true });
    const rules = JSON.parse(cli(['rules', '--format', 'json'], root()).stdout) as { rules: { id: string; requiresAzure: boolean }[] };
    azureRules = new Set(rules.rules.filter((r) => r.requiresAzure).map((r) => r.id));
    // The workspace scan (what activation runs): the copy's files are found, none is opened.
    await (await lac()).lintNow?.();
    await settle();
  });

  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await (await lac()).lintNow?.();
  });

  it('the Consumption ARM template is linted without being opened', () => {
    const template = vscode.Uri.file(path.join(dir, 'consumption', 'azuredeploy.json'));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === template.fsPath), 'the template is not open');
    const ours = vscode.languages.getDiagnostics(template).filter((d) => d.source === DIAGNOSTIC_SOURCE);
    assert.ok(ours.some((d) => codeOf(d) === 'LAC042'), `LAC042 on the template: ${ours.map(codeOf).join(', ') || '(none)'}`);
  });

  it('every finding of lac lint --format json is in the Problems panel, and nothing else', () => {
    const run = cli(['lint', '.', '--format', 'json'], dir);
    assert.ok(run.status === 0 || run.status === 1, `lac lint exited ${run.status}: ${run.stderr}`);
    const findings = (JSON.parse(run.stdout) as { findings: CliFinding[] }).findings;
    assert.ok(findings.length >= 15, `the samples plant a mistake per rule; lac lint found ${findings.length}`);
    const expected = findings.map((f) => line(f.file, f.ruleId, String(SEVERITY[f.severity]), f.range, f.message)).sort();

    const actual: string[] = [];
    for (const [uri, ds] of vscode.languages.getDiagnostics()) {
      const rel = path.relative(dir, uri.fsPath);
      if (uri.scheme !== 'file' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
      for (const d of ds) {
        if (d.source !== DIAGNOSTIC_SOURCE || azureRules.has(codeOf(d))) continue;
        const r = d.range;
        actual.push(line(rel.split(path.sep).join('/'), codeOf(d), String(d.severity), { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } }, d.message));
      }
    }
    actual.sort();
    assert.deepStrictEqual(actual, expected);
  });
});
