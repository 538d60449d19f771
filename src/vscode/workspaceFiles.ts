import * as path from 'path';
import * as vscode from 'vscode';
import { armTemplatesAmong } from './model/armTemplates';
import { isProjectFileName } from './model/exclude';
import type { Settings } from './settings';

/** Project files are found by name; ARM templates among the other JSON files by their content. */
const JSON_FILES_GLOB = '**/*.json';

export interface FileEvents {
  /** A file or folder was created. */
  created(uri: vscode.Uri): void;
  /** A file or folder was deleted (a folder reports only itself, not its files). */
  deleted(uri: vscode.Uri): void;
  /** A JSON file changed on disk. */
  changed(uri: vscode.Uri): void;
}

/**
 * Where the project files are: `findFiles` per workspace folder (pruned by the skipped folders,
 * `files.exclude` and `lac.exclude`, which are also checked on every path, for watcher events
 * and open documents), and file system watchers.
 */
export class WorkspaceFiles {
  constructor(private readonly settings: Settings) {}

  /** Whether a file is in a workspace folder (files opened from elsewhere get their project found around them). */
  inWorkspace(uri: vscode.Uri): boolean {
    return !!vscode.workspace.getWorkspaceFolder(uri);
  }

  /** Whether a path is left out: in a skipped folder, or matched by `files.exclude` / `lac.exclude`. */
  isExcluded(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const rel = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
    if (!rel || rel.startsWith('../')) return false;
    return this.settings.filter(folder).excludes(rel);
  }

  /**
   * Every project file of the workspace folders, or below `under`: the files named like project
   * files, and the exported Logic App ARM templates among the other JSON files (recognised by the
   * head of the file, as `lac lint` recognises them when it walks a folder).
   */
  async find(token?: vscode.CancellationToken, under?: vscode.Uri): Promise<string[]> {
    const out: string[] = [];
    const other: string[] = [];
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    for (const folder of folders) {
      let base: vscode.Uri = folder.uri;
      if (under) {
        if (vscode.workspace.getWorkspaceFolder(under)?.uri.toString() !== folder.uri.toString()) continue;
        base = under;
      }
      const filter = this.settings.filter(folder);
      // findFiles matches the exclude glob against paths relative to the workspace folder.
      const include = new vscode.RelativePattern(base, JSON_FILES_GLOB);
      const uris = await vscode.workspace.findFiles(include, filter.searchExclude(), undefined, token);
      for (const uri of uris) {
        if (this.isExcluded(uri)) continue;
        if (isProjectFileName(path.basename(uri.fsPath))) out.push(uri.fsPath);
        else other.push(uri.fsPath);
      }
    }
    out.push(...(await armTemplatesAmong(other, undefined, () => !!token?.isCancellationRequested)));
    return [...new Set(out)];
  }

  /** Whether a JSON file (not named like a project file) on disk is an exported Logic App ARM template. */
  async isArmTemplate(uri: vscode.Uri): Promise<boolean> {
    if (isProjectFileName(path.basename(uri.fsPath)) || this.isExcluded(uri)) return false;
    return (await armTemplatesAmong([uri.fsPath])).length === 1;
  }

  /**
   * Watch the workspace: creations and deletions of anything (a deleted or renamed folder reports
   * only itself), changes of JSON files (project files and ARM templates).
   */
  watch(events: FileEvents): vscode.Disposable {
    const all = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    const json = vscode.workspace.createFileSystemWatcher('**/*.json', true, false, true);
    const subs = [
      all,
      json,
      all.onDidCreate((u) => u.scheme === 'file' && events.created(u)),
      all.onDidDelete((u) => u.scheme === 'file' && events.deleted(u)),
      json.onDidChange((u) => u.scheme === 'file' && events.changed(u)),
    ];
    return vscode.Disposable.from(...subs);
  }
}
