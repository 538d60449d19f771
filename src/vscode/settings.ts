import * as vscode from 'vscode';
import type { LintSettings } from '../core/types';
import { enabledGlobs, PathFilter } from './model/exclude';
import { CONFIG_SECTION } from './model/ids';
import type { Log } from './output';
import { normalizeSettings, type ExtensionSettings } from './model/settingsModel';

export interface SettingsChange {
  /** `lac.rules` or `lac.cloud` changed: lint again. */
  lint: boolean;
  /** `lac.exclude` or `files.exclude` changed: find the files again. */
  exclude: boolean;
}

/**
 * `lac.*` settings per workspace folder (multi-root folders may differ), read once and cached
 * until the configuration changes: no reload needed.
 */
export class Settings implements vscode.Disposable {
  private readonly cache = new Map<string, ExtensionSettings>();
  private readonly filters = new Map<string, PathFilter>();
  private readonly emitter = new vscode.EventEmitter<SettingsChange>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: Log) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      const lint = e.affectsConfiguration(`${CONFIG_SECTION}.rules`) || e.affectsConfiguration(`${CONFIG_SECTION}.cloud`);
      const exclude = e.affectsConfiguration(`${CONFIG_SECTION}.exclude`) || e.affectsConfiguration('files.exclude');
      if (!lint && !exclude) return;
      this.cache.clear();
      this.filters.clear();
      this.log.info(`Settings changed (${[lint && 'rules/cloud', exclude && 'exclude'].filter(Boolean).join(', ')}).`);
      this.emitter.fire({ lint, exclude });
    });
  }

  /** Settings for a file or folder (those of its workspace folder, else the user's). */
  forResource(uri: vscode.Uri | undefined): ExtensionSettings {
    const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    const key = folder?.uri.toString() ?? '';
    let s = this.cache.get(key);
    if (!s) {
      const c = vscode.workspace.getConfiguration(CONFIG_SECTION, folder?.uri);
      const r = normalizeSettings({ rules: c.get('rules'), cloud: c.get('cloud'), exclude: c.get('exclude') });
      for (const p of r.problems) this.log.warn(folder ? `${p} (${folder.name})` : p);
      s = r.settings;
      this.cache.set(key, s);
    }
    return s;
  }

  lintSettingsForPath(fsPath: string): LintSettings {
    return this.forResource(vscode.Uri.file(fsPath)).lint;
  }

  /** What is left out of one workspace folder: skipped folders, `files.exclude`, `lac.exclude`. */
  filter(folder: vscode.WorkspaceFolder): PathFilter {
    const key = folder.uri.toString();
    let f = this.filters.get(key);
    if (!f) {
      const filesExclude = enabledGlobs(vscode.workspace.getConfiguration('files', folder.uri).get('exclude'));
      f = new PathFilter(filesExclude, this.forResource(folder.uri).exclude);
      this.filters.set(key, f);
    }
    return f;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
