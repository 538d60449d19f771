/**
 * What `npm start` shows, shared with the end-to-end suite that drives it (test/e2e/demo.e2e.test.ts):
 * the local ARM emulator with the default world (which holds the samples' own subscription and
 * connections) completing the consent flow on its own page, signed in as the fixture developer,
 * and the workspace: a copy of samples/ named `contoso-integration` (the editor names the project
 * after its folder) with `azure-emulator-demo/` (test/fixtures/azure) inside it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultData, DEVELOPER_TOKEN, startEmulator, type Emulator } from '../emulator';
import { ROOT } from './paths';

/** The sample project's folder name in `npm start` (its resource group is rg-contoso-integration). */
export const DEMO_WORKSPACE_NAME = 'contoso-integration';
/** The project next to it whose connections are the emulator's other fixtures. */
export const DEMO_AZURE_FOLDER = 'azure-emulator-demo';
/** The token the extension gets: its claims name the emulator's developer (Add Access Policy, local managed identity). */
export const DEMO_TOKEN = DEVELOPER_TOKEN;

/** The emulator of the demo: the default world, consent completed by the emulator's own page. */
export function startDemoEmulator(port?: number): Promise<Emulator> {
  const data = defaultData();
  data.localConsentPage = true;
  return startEmulator({ data, token: DEMO_TOKEN, ...(port ? { port } : {}) });
}

/** The editor's environment for the emulator (LAC_ACCESS_TOKEN is honoured for loopback endpoints only). */
export function demoEnv(emulator: Emulator): Record<string, string> {
  return { LAC_ARM_ENDPOINT: emulator.url, LAC_ACCESS_TOKEN: DEMO_TOKEN };
}

/** Add the emulator's demo project to a copied workspace (never into the repository). */
export function addAzureDemo(workspace: string): string {
  const demo = path.join(workspace, DEMO_AZURE_FOLDER);
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'azure'), demo, { recursive: true });
  return demo;
}
