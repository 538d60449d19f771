// Wiring only: every behaviour lives in src/vscode (adapters) over src/core.
import * as vscode from 'vscode';
import type { LogicAppsConnectionsApi } from './vscode/api';
import { registerCodeActions } from './vscode/codeActions';
import { registerCommands } from './vscode/commands';
import { Diagnostics } from './vscode/diagnostics';
import { LintController } from './vscode/linting';
import { createLog } from './vscode/output';
import { Settings } from './vscode/settings';
import { WorkspaceFiles } from './vscode/workspaceFiles';

export function activate(context: vscode.ExtensionContext): LogicAppsConnectionsApi {
  const started = performance.now();
  const log = createLog();
  const settings = new Settings(log);
  const diagnostics = new Diagnostics();
  const controller = new LintController(log, settings, new WorkspaceFiles(settings), diagnostics);
  const codeActions = registerCodeActions(controller, diagnostics);
  context.subscriptions.push(log, settings, diagnostics, controller, codeActions.registration, registerCommands({ log, controller, diagnostics, codeActions: codeActions.provider }));
  controller.start(); // finds and lints the workspace in the background
  const activationMs = performance.now() - started;
  log.info(`Activated in ${Math.round(activationMs)} ms (version ${context.extension.packageJSON.version}).`);
  return {
    activationMs,
    lintNow: (uri) => controller.lintNow(uri),
    whenIdle: () => controller.whenIdle(),
    findings: (uri) => controller.findings(uri),
    stats: () => controller.stats(),
    onDidChangeDiagnostics: diagnostics.onDidChange,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
