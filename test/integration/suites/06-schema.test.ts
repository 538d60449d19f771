import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { closeAll, file, open, writeOnDisk } from '../helpers';

const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);

describe('JSON schemas (jsonValidation)', () => {
  after(async () => {
    await closeAll();
    fs.rmSync(file('completion'), { recursive: true, force: true });
  });

  it('completion in connections.json lists managedApiConnections', async () => {
    const u = writeOnDisk('completion/connections.json', '{\n  \n}\n');
    await open(u);
    // The JSON language server starts on demand and loads the schema: poll.
    let last: string[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', u, new vscode.Position(1, 2));
      last = (list?.items ?? []).map(label);
      if (last.some((l) => l.replace(/"/g, '') === 'managedApiConnections')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(last.some((l) => l.replace(/"/g, '') === 'managedApiConnections'), `completion offered: ${last.join(', ') || '(nothing)'}`);
  });
});
