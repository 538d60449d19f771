import type * as vscode from 'vscode';
import type { Activity } from '../activity';
import type { AzureService } from '../azure';
import type { AzureCatalog } from '../azureCatalog';
import type { AzureUsage } from '../azureUsage';
import type { LacCodeActionProvider } from '../codeActions';
import type { Diagnostics } from '../diagnostics';
import type { LintController } from '../linting';
import type { Log } from '../output';
import type { CommandTelemetry } from '../telemetry';
import type { TestHistory } from '../model/testHistory';
import type { Trees } from '../tree';

/** What commands may use. */
export interface CommandContext {
  log: Log;
  controller: LintController;
  diagnostics: Diagnostics;
  codeActions: LacCodeActionProvider;
  azure: AzureService;
  /** The account's API connections (listing, updates after a test or delete). */
  catalog: AzureCatalog;
  /** Azure work in flight (the status bar shows it): wrap calls in `activity.run(label, …)`. */
  activity: Activity;
  extensionContext: vscode.ExtensionContext;
  /** Usage telemetry (set once wired): the command wrapper reports each command's outcome and duration. */
  telemetry?: CommandTelemetry;
  /** The sidebar views (set once wired): Refresh, the Azure view's filter. */
  trees?: Trees;
  /** When each connection was last tested (the Azure view shows it). */
  history?: TestHistory;
  /** Who uses each connection in Azure (the Azure view, Diagnose, Delete). */
  usage?: AzureUsage;
}

export interface Command {
  id: string;
  run(ctx: CommandContext, ...args: unknown[]): unknown;
}
