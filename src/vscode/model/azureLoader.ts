// Pure (no `vscode` import): loads the Azure client bundle on first use.
import * as path from 'path';
import type * as AzureModule from '../../core/azure';

export type Azure = typeof AzureModule;

/**
 * The Azure client and SDK are bundled separately, into `dist/azure.js` (scripts/build.mjs), and
 * loaded here the first time Azure is used: activation and offline linting never load (or even
 * parse) any of it. `loaded()` tells whether that happened (the activation test checks it).
 */
export const AZURE_BUNDLE = 'azure.js';

let cached: Azure | undefined;

/** The bundle next to this one (`dist/azure.js` beside `dist/extension.js`). */
export function azureBundlePath(dir: string = __dirname): string {
  return path.join(dir, AZURE_BUNDLE);
}

export function loadAzure(): Azure {
  if (!cached) {
    // A computed path: esbuild leaves this require alone instead of bundling the SDK in.
    const file = azureBundlePath();
    cached = require(file) as Azure;
  }
  return cached;
}

/** Whether the Azure bundle is in Node's module cache (loaded by anyone). */
export function azureLoaded(cache: Record<string, unknown> = require.cache as Record<string, unknown>): boolean {
  const file = azureBundlePath();
  return Object.prototype.hasOwnProperty.call(cache, file);
}
