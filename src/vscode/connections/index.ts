import * as vscode from 'vscode';
import { AZURE_DOC_SCHEME } from '../model/ids';
import type { Log } from '../output';
import { consentRedirects } from './consent';
import { azureDocuments } from './documents';

/**
 * What the connection commands need from VS Code besides commands: the `lac-azure:` documents
 * (Diagnose, Show JSON) and the URI handler that receives consent redirects.
 */
export function registerConnectionProviders(log: Log): vscode.Disposable {
  consentRedirects.setLog(log);
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(AZURE_DOC_SCHEME, azureDocuments),
    vscode.window.registerUriHandler(consentRedirects),
  );
}

/** Tests only (the API's `testing.handleUri`): deliver a URI as VS Code's URI handling would. */
export function handleUri(uri: vscode.Uri): void {
  consentRedirects.handleUri(uri);
}
