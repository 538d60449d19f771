import type * as vscode from 'vscode';
import type { Finding } from '../core/types';
import type { AzureState } from './azure';
import type { UserInput } from './ui';
import type { LintController } from './linting';

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
}
