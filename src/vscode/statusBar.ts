import * as vscode from 'vscode';
import type { Activity, ActivityEntry } from './activity';
import { COMMANDS } from './model/ids';

/** What the status bar item shows (for the tests: `TestingHooks.statusBar`). */
export interface StatusBarState {
  visible: boolean;
  text: string;
  tooltip: string;
  command: string | undefined;
}

/**
 * The item's text and tooltip for the running Azure work (oldest first): the oldest label, "+N"
 * for the others; undefined when nothing runs.
 */
export function activityText(entries: readonly ActivityEntry[]): { text: string; tooltip: string } | undefined {
  if (entries.length === 0) return undefined;
  const [oldest, ...rest] = entries;
  const text = `$(sync~spin) ${oldest!.label}${rest.length ? ` +${rest.length}` : ''}`;
  const lines = entries.map((e) => `• ${e.label}`);
  const tooltip = [vscode.l10n.t('Logic Apps Connections: Azure work in progress'), ...lines, vscode.l10n.t('Click to show the output.')].join('\n');
  return { text, tooltip };
}

/** A status bar item while Azure work runs (tests, listings, diagnoses); hidden when idle. Click: the output. */
export class ActivityStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lac.activity', vscode.StatusBarAlignment.Left, 0);
  private readonly subscription: vscode.Disposable;
  private visible = false;

  constructor(activity: Activity) {
    this.item.name = vscode.l10n.t('Logic Apps Connections: Azure activity');
    this.item.command = COMMANDS.showOutput;
    this.subscription = activity.onDidChange((entries) => this.update(entries));
    this.update(activity.current());
  }

  state(): StatusBarState {
    return { visible: this.visible, text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '', command: typeof this.item.command === 'string' ? this.item.command : this.item.command?.command };
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private update(entries: readonly ActivityEntry[]): void {
    const shown = activityText(entries);
    if (!shown) {
      this.item.hide();
      this.visible = false;
      return;
    }
    this.item.text = shown.text;
    this.item.tooltip = shown.tooltip;
    this.item.show();
    this.visible = true;
  }
}
