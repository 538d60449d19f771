/**
 * Code lenses above each `managedApiConnections` entry of a Standard project's connections.json:
 * its status in Azure (click: test it), Test and Authorize, and Add Access Policy… where LAC063
 * reports a missing access policy. An entry whose `connection.id` does not resolve gets one lens
 * saying why nothing can be tested. The texts are in lensModel.ts.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { JsonFile } from '../core/json/jsonFile';
import { isObject } from '../core/json/pointer';
import type { Project } from '../core/project';
import type { AzureService } from './azure';
import type { ConnectionTarget } from './model/connectionTarget';
import { COMMANDS, CONFIG_SECTION } from './model/ids';
import { statusLens, unresolvedLens, type LensAzure } from './model/lensModel';
import type { LintController } from './linting';
import { managedConnections, type ManagedConnectionRef } from '../core/connections';

/** `lac.codeLens.enabled` */
export const CODE_LENS_SETTING = 'codeLens.enabled';

const SECTION = 'managedApiConnections';
const samePath = process.platform === 'win32' || process.platform === 'darwin' ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b;

export class ConnectionLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly controller: LintController,
    private readonly azure: AzureService,
  ) {
    const refresh = () => this.emitter.fire();
    this.subscriptions = [
      controller.onDidLint(refresh),
      azure.onDidUpdateFacts(refresh),
      azure.onDidChangeState(refresh),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${CONFIG_SECTION}.${CODE_LENS_SETTING}`)) refresh();
      }),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.scheme !== 'file' || path.basename(document.uri.fsPath).toLowerCase() !== 'connections.json') return [];
    if (!vscode.workspace.getConfiguration(CONFIG_SECTION, document.uri).get<boolean>(CODE_LENS_SETTING, true)) return [];
    const project = this.projectOf(document.uri.fsPath);
    if (!project?.connections) return [];
    const refs = managedConnections(project);
    if (refs.length === 0) return [];
    // Positions from the editor's text; the ids as last linted (a lint follows every change, then a refresh).
    const text = document.getText();
    const file = text === project.connections.text ? project.connections : new JsonFile(project.connections.path, 'connections', text);
    const entries = isObject(file.value) && isObject(file.value[SECTION]) ? file.value[SECTION] : undefined;
    if (!entries) return [];
    const state = this.azure.state();
    const azure: LensAzure = { kind: state.kind, ...(state.kind === 'signed-in' ? { source: state.source } : {}), fetching: this.azure.store.active };
    const lenses: vscode.CodeLens[] = [];
    // Entries with a missing access policy (LAC063, reported on connection.id): Add Access Policy….
    const missingPolicy = new Set(
      this.controller
        .findings(document.uri)
        .filter((f) => f.ruleId === 'LAC063')
        .map((f) => f.pointer.split('/')[2]?.replace(/~1/g, '/').replace(/~0/g, '~')),
    );
    for (const ref of refs) {
      if (!Object.prototype.hasOwnProperty.call(entries, ref.name)) continue;
      const span = file.span([SECTION, ref.name], { key: true });
      const start = document.positionAt(span.offset);
      const range = new vscode.Range(start, start);
      if (!ref.id) {
        const t = unresolvedLens(ref.entry);
        lenses.push(new vscode.CodeLens(range, { title: t.title, tooltip: t.tooltip, command: '' }));
        continue;
      }
      const target = this.targetOf(project, ref, ref.id);
      const status = statusLens(ref.name, this.azure.store.get(ref.id), azure);
      lenses.push(
        new vscode.CodeLens(range, { title: status.title, tooltip: status.tooltip, command: COMMANDS.testConnection, arguments: [target] }),
        new vscode.CodeLens(range, { title: vscode.l10n.t('Test'), tooltip: vscode.l10n.t('Test connection "{0}" now', ref.name), command: COMMANDS.testConnection, arguments: [target] }),
        new vscode.CodeLens(range, { title: vscode.l10n.t('Authorize'), tooltip: vscode.l10n.t('Authorize connection "{0}"', ref.name), command: COMMANDS.authorizeConnection, arguments: [target] }),
      );
      if (missingPolicy.has(ref.name)) {
        lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Add Access Policy…'), tooltip: vscode.l10n.t('Give the identity that calls "{0}" an access policy on it (LAC063)', ref.name), command: COMMANDS.addAccessPolicy, arguments: [target] }));
      }
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }

  private projectOf(p: string): Project | undefined {
    return this.controller.projects().find((x) => x.kind === 'standard' && x.connections && samePath(x.connections.path, p));
  }

  private targetOf(project: Project, ref: ManagedConnectionRef, connectionId: string): ConnectionTarget {
    return {
      connectionId,
      name: ref.name,
      workspace: { projectRoot: project.root, connectionsPath: project.connections!.path, section: SECTION, name: ref.name },
    };
  }
}

/** The lenses of every connections.json on disk (`lac.codeLens.enabled` turns them off). */
export function registerCodeLenses(controller: LintController, azure: AzureService): vscode.Disposable {
  const provider = new ConnectionLensProvider(controller, azure);
  return vscode.Disposable.from(provider, vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/connections.json' }, provider));
}
