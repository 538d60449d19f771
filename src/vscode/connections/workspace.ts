import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { JsonFile } from '../../core/json/jsonFile';
import type { SettingsSource } from '../../core/localSettings';
import type { Project } from '../../core/project';

/** The workspace project with this root folder (paths compared as the file system does, case-insensitively as a fallback). */
export function findProject(projects: readonly Project[], root: string): Project | undefined {
  const norm = (p: string) => path.resolve(p).replace(/[\\/]+$/, '');
  const want = norm(root);
  return projects.find((p) => norm(p.root) === want) ?? projects.find((p) => norm(p.root).toLowerCase() === want.toLowerCase());
}

/** Where a project's local.settings.json is (or would be created). */
export function localSettingsPath(project: Project): string {
  return project.localSettings?.path ?? path.join(project.root, 'local.settings.json');
}

/** The open editor of a file, if any. */
export function openDocument(file: string): vscode.TextDocument | undefined {
  const want = vscode.Uri.file(file).toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.toString() === want);
}

/**
 * The project's parameters and local.settings.json as they are now (the editor's text when open,
 * else the disk's): the lint snapshot may lag behind a file that just changed.
 */
export function settingsNow(project: Project): SettingsSource {
  const file = localSettingsPath(project);
  let text = openDocument(file)?.getText();
  if (text === undefined) {
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
  }
  return {
    ...(project.parameters ? { parameters: project.parameters } : {}),
    ...(text !== undefined ? { localSettings: new JsonFile(file, 'localSettings', text) } : {}),
  };
}
