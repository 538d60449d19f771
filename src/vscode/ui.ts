import * as vscode from 'vscode';

/**
 * The prompts commands show, behind one interface: VS Code's own in the product, a scripted one in
 * the integration tests (set through the API's `testing` hooks, which exist only when the
 * extension runs in test mode). Commands call `ui()` instead of `vscode.window.*` for these.
 */
export interface UserInput {
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options: vscode.QuickPickOptions & { canPickMany: true }): Thenable<T[] | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options?: vscode.QuickPickOptions): Thenable<T | undefined>;
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  /** Information, warning or error message with optional buttons (`modal` in options for a dialog). */
  showMessage(severity: 'info' | 'warning' | 'error', message: string, options: vscode.MessageOptions, ...buttons: string[]): Thenable<string | undefined>;
  /** Open a URL in the browser (always after the caller checked it against the link allowlist). */
  openExternal(uri: vscode.Uri): Thenable<boolean>;
}

export const vscodeUserInput: UserInput = {
  showQuickPick: ((items: never, options?: never) => vscode.window.showQuickPick(items, options)) as UserInput['showQuickPick'],
  showInputBox: (options) => vscode.window.showInputBox(options),
  showMessage: (severity, message, options, ...buttons) =>
    severity === 'error'
      ? vscode.window.showErrorMessage(message, options, ...buttons)
      : severity === 'warning'
        ? vscode.window.showWarningMessage(message, options, ...buttons)
        : vscode.window.showInformationMessage(message, options, ...buttons),
  openExternal: (uri) => vscode.env.openExternal(uri),
};

let current: UserInput = vscodeUserInput;

/** The prompts in use now. */
export function ui(): UserInput {
  return current;
}

/** Tests only (the API's `testing.setUserInput`): replace the prompts; undefined restores VS Code's. */
export function setUserInput(input: UserInput | undefined): void {
  current = input ?? vscodeUserInput;
}
