/**
 * Read-only documents under `lac-azure:` (AZURE_DOC_SCHEME): Diagnose's Markdown report, Show
 * JSON's connection resource and Show Connector Definition's custom connector. Their text is produced by the commands (redacted first) and kept here
 * while the editor may ask for it again.
 */
import * as vscode from 'vscode';
import { parseCustomApiId } from '../../core/azure/customApis';
import { parseConnectionId } from '../../core/azure/model';
import { AZURE_DOC_SCHEME } from '../model/ids';
import { azureDocPath } from '../model/connectionLogic';

const MAX_DOCUMENTS = 50;

export class AzureDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? vscode.l10n.t('This document is no longer available: run the command again.');
  }

  /** The document of a connection (`kind`: diagnosis or json). */
  uriFor(kind: 'diagnosis' | 'json', connectionId: string, fallbackName: string): vscode.Uri {
    const parts = parseConnectionId(connectionId) ?? { subscriptionId: 'unknown', resourceGroup: 'unknown', name: fallbackName };
    return vscode.Uri.from({ scheme: AZURE_DOC_SCHEME, path: azureDocPath(kind, parts, kind === 'json' ? 'json' : 'md') });
  }

  /** The document of a custom connector (`kind`: its ARM definition, or its diagnosis). */
  uriForCustomApi(kind: 'definition' | 'diagnosis', customApiId: string, fallbackName: string): vscode.Uri {
    const parts = parseCustomApiId(customApiId) ?? { subscriptionId: 'unknown', resourceGroup: 'unknown', name: fallbackName };
    return vscode.Uri.from({ scheme: AZURE_DOC_SCHEME, path: azureDocPath(kind === 'definition' ? 'definition' : 'diagnosis', { ...parts, name: `${parts.name}.customApi` }, kind === 'definition' ? 'json' : 'md') });
  }

  /** Set a document's text (an open one updates) and open it in an editor. */
  async show(uri: vscode.Uri, text: string): Promise<vscode.TextEditor> {
    const key = uri.toString();
    this.texts.delete(key);
    this.texts.set(key, text);
    while (this.texts.size > MAX_DOCUMENTS) this.texts.delete(this.texts.keys().next().value!);
    this.emitter.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { preview: false });
  }
}

export const azureDocuments = new AzureDocuments();
