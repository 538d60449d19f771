import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, extension, lac, settle, log } from '../helpers';

describe('activation', () => {
  it('is activated by the Logic Apps workspace, without being asked', async () => {
    const ext = extension();
    const t0 = Date.now();
    while (!ext.isActive && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 50));
    assert.ok(ext.isActive, `${EXTENSION_ID} was not activated by workspaceContains:**/connections.json`);
  });

  it('reports its activation time', async function () {
    const api = await lac();
    await settle();
    const ms = api.activationMs;
    if (typeof ms !== 'number') this.skip(); // activate() returns no activationMs
    log(`      activation: ${ms.toFixed(1)} ms (VS Code ${vscode.version}, ${process.version})`);
    assert.ok(ms >= 0 && ms < 5_000, `activation took ${ms} ms`);
  });

  it('loads no Azure SDK module until Azure is used', async () => {
    await lac();
    const azure = Object.keys(require.cache).filter((k) => /[\\/]@azure[\\/]/.test(k));
    assert.deepStrictEqual(azure, []);
  });

  it('does not load the Azure client bundle (dist/azure.js, the SDK) during activation', async function () {
    const api = await lac();
    if (typeof api.azureLoadedAtActivation !== 'boolean') this.skip(); // an older build
    assert.strictEqual(api.azureLoadedAtActivation, false, 'dist/azure.js was loaded by activate()');
    // The bundle is separate: the extension's own bundle carries no Azure SDK code at all.
    const main = path.join(extension().extensionPath, 'dist', 'extension.js');
    assert.ok(!fs.readFileSync(main, 'utf8').includes('@azure/core-rest-pipeline'), 'dist/extension.js contains Azure SDK code');
  });
});
