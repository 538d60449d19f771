// Wiring only: every behaviour lives in src/vscode (adapters) over src/core.
import * as vscode from 'vscode';
import type { LogicAppsConnectionsApi } from './vscode/api';
import { Activity } from './vscode/activity';
import { AzureService } from './vscode/azure';
import { AzureCatalog } from './vscode/azureCatalog';
import { AzureUsage } from './vscode/azureUsage';
import { azureLoaded } from './vscode/model/azureLoader';
import { registerCodeActions } from './vscode/codeActions';
import { registerCodeLenses } from './vscode/codeLenses';
import { registerCommands } from './vscode/commands';
import { handleUri, registerConnectionProviders } from './vscode/connections';
import { Diagnostics } from './vscode/diagnostics';
import { LintController } from './vscode/linting';
import { createLog } from './vscode/output';
import { Settings } from './vscode/settings';
import { ActivityStatusBar } from './vscode/statusBar';
import { Telemetry } from './vscode/telemetry';
import { TestHistory } from './vscode/model/testHistory';
import { Trees } from './vscode/tree';
import { setUserInput } from './vscode/ui';
import { WorkspaceFiles } from './vscode/workspaceFiles';

export function activate(context: vscode.ExtensionContext): LogicAppsConnectionsApi {
  const started = performance.now();
  const log = createLog();
  const settings = new Settings(log);
  const diagnostics = new Diagnostics();
  // Azure: sign-in, trust, facts for the Azure-aware rules. The Azure client bundle loads on first use.
  const azure = new AzureService(log, context.globalState);
  const controller = new LintController(log, settings, new WorkspaceFiles(settings), diagnostics, azure);
  const activity = new Activity();
  // The account's API connections (the Azure view, the Test Connection pick): listed when first asked for.
  const catalog = new AzureCatalog(azure, context.globalState, activity, log);
  // [health] when each connection was last tested; who uses each one in Azure (listed when first asked for)
  const history = new TestHistory(context.globalState);
  const usage = new AzureUsage(azure, catalog, activity, log);
  context.subscriptions.push(history, usage);
  const codeActions = registerCodeActions(controller, diagnostics);
  const commandContext = { log, controller, diagnostics, codeActions: codeActions.provider, azure, catalog, activity, extensionContext: context, history, usage };
  context.subscriptions.push(log, settings, diagnostics, controller, azure, activity, catalog, codeActions.registration, registerCommands(commandContext));
  context.subscriptions.push(registerConnectionProviders(log)); // lac-azure: documents, the consent redirect's URI handler
  // [views] the sidebar trees (src/vscode/tree)
  const trees = new Trees({ controller, diagnostics, azure, catalog, log, history, usage });
  context.subscriptions.push(trees);
  Object.assign(commandContext, { trees }); // Refresh and the Azure view's filter act on them
  // [lenses] code lenses and the status bar
  const statusBar = new ActivityStatusBar(activity);
  context.subscriptions.push(registerCodeLenses(controller, azure), statusBar);
  // [telemetry]
  const telemetry = new Telemetry(context, log, { controller, catalog });
  context.subscriptions.push(telemetry);
  Object.assign(commandContext, { telemetry }); // the command wrapper reports each command
  controller.start(); // finds and lints the workspace in the background (offline first)
  void azure.start().catch((e) => log.error(`Azure: ${e instanceof Error ? e.message : String(e)}`)); // settings, trust, a silent session lookup
  const azureLoadedAtActivation = azureLoaded();
  const activationMs = performance.now() - started;
  log.info(`Activated in ${Math.round(activationMs)} ms (version ${context.extension.packageJSON.version}).`);
  telemetry.activated(activationMs);
  return {
    activationMs,
    lintNow: (uri) => controller.lintNow(uri),
    whenIdle: () => controller.whenIdle(),
    findings: (uri) => controller.findings(uri),
    stats: () => controller.stats(),
    onDidChangeDiagnostics: diagnostics.onDidChange,
    azureLoadedAtActivation,
    azureLoaded: () => azureLoaded(),
    azureState: () => azure.state(),
    whenAzureIdle: () => azure.store.whenIdle(),
    ...(context.extensionMode === vscode.ExtensionMode.Test ? { testing: { setUserInput, handleUri, outputLogFile: () => vscode.Uri.joinPath(context.logUri, `${log.name}.log`), statusBar: () => statusBar.state(), runActivity: (label, work) => activity.run(label, work), setTelemetrySender: (s) => telemetry.setTestSender(s), lastCodeActionsMs: () => codeActions.provider.lastMs, workspaceTree: () => trees.snapshot('workspace'), azureTree: () => trees.snapshot('azure'), azureTreeProvider: () => trees.azure, setWorkspaceTrust: (t) => azure.setTrustForTests(t) } } : {}),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
