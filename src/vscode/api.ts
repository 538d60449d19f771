import type * as vscode from 'vscode';
import type { Finding } from '../core/types';
import type { AzureState } from './azure';
import type { UserInput } from './ui';
import type { LintController } from './linting';
import type { StatusBarState } from './statusBar';
import type { TreeSnapshotNode } from './model/workspaceModel';

/**
 * What `activate` returns (`vscode.extensions.getExtension(id).exports`): for integration tests
 * and, later, other extensions. Stable shape; add, do not change.
 */
export interface LogicAppsConnectionsApi {
  /** How long `activate` took, in milliseconds (also logged: "Activated in N ms"). */
  readonly activationMs: number;
  /**
   * Lint now and resolve when idle: the projects of `uri`, or (without it) find every project file
   * again and lint the whole workspace.
   */
  lintNow(uri?: vscode.Uri): Promise<void>;
  /** Resolves when no discovery, lint run or debounced change is pending. */
  whenIdle(): Promise<void>;
  /** The findings currently shown for a file (empty when none or not linted). */
  findings(uri: vscode.Uri): readonly Finding[];
  /** Counters: lint runs, projects linted, files parsed (FileCache misses), files and projects known, last run. */
  stats(): ReturnType<LintController['stats']>;
  /** Fires when the problems of files were replaced. */
  readonly onDidChangeDiagnostics: vscode.Event<readonly vscode.Uri[]>;
  /** Whether the Azure client bundle (dist/azure.js, the Azure SDK) was loaded when `activate` returned: never. */
  readonly azureLoadedAtActivation: boolean;
  /** Whether the Azure client bundle is loaded now (it is, once Azure was used). */
  azureLoaded(): boolean;
  /** Signed in to Azure (or the LAC_ACCESS_TOKEN loopback case), signed out, untrusted… */
  azureState(): AzureState;
  /** Resolves when no Azure facts are being fetched (their re-lint may still be pending: see whenIdle). */
  whenAzureIdle(): Promise<void>;
  /**
   * Hooks for the integration tests: present only when the extension runs in test mode
   * (`ExtensionMode.Test`), never in a normal window.
   */
  readonly testing?: TestingHooks;
}

export interface TestingHooks {
  /** Script the prompts (quick picks, messages, input boxes, openExternal); undefined restores VS Code's. */
  setUserInput(input: UserInput | undefined): void;
  /** Deliver a URI to the extension's URI handler, as VS Code does for `<scheme>://<extension id>/…` links (the consent redirect). */
  handleUri(uri: vscode.Uri): void;
  /** The file the Logic Apps Connections output channel writes (to check what reached the log). */
  outputLogFile(): vscode.Uri;
  /** The Azure activity item of the status bar, as shown now. */
  statusBar(): StatusBarState;
  /** Run `work` as Azure activity labelled `label` (what commands do): the status bar shows it until it settles. */
  runActivity<T>(label: string, work: () => Promise<T>): Promise<T>;
  /**
   * Deliver telemetry events to `sender` after the same checks (VS Code's telemetry setting, the
   * allowlist); VS Code itself never calls senders while extension tests run. Undefined: VS Code's logger again.
   */
  setTelemetrySender(sender: vscode.TelemetrySender | undefined): void;
  /** How long the last quick-fix request took inside the extension (milliseconds), to tell it from VS Code's own share. */
  lastCodeActionsMs(): number;
  /** The Workspace view as shown now, every node expanded: labels, descriptions, icons, tooltips, click commands, targets. */
  workspaceTree(): Promise<TreeSnapshotNode[]>;
  /** The same for the Azure view (lists the connections if the view has not yet). */
  azureTree(): Promise<TreeSnapshotNode[]>;
  /** The Azure view's data provider itself, to ask for nodes as VS Code does (also stale ones). */
  azureTreeProvider(): vscode.TreeDataProvider<unknown>;
  /** Act as if the workspace were trusted (true) or not (false) where Azure is concerned; undefined: VS Code's answer. */
  setWorkspaceTrust(trusted: boolean | undefined): void;
}
