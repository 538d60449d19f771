/**
 * The Azure client of Logic Apps Connections (no VS Code dependency).
 *
 * Importing this module loads the Azure SDK (through client.ts): callers import it lazily
 * (`const azure = await import('../core/azure')`) so that activation and plain linting never
 * load it. The pure parts (clouds, links, redact, aadsts, test, model, errors, limiter) can be
 * imported directly from their files without loading the SDK.
 */
export * from './aadsts';
export * from './check';
export * from './client';
export * from './clouds';
export * from './connectorChecklist';
export * from './credentials';
export * from './customApis';
export * from './diagnose';
export * from './errors';
export * from './graph';
export * from './limiter';
export * from './links';
export * from './model';
export * from './rbac';
export * from './redact';
export * from './test';
export * from './usage';
// The identity and credentials doctor (its Azure calls go through the clients above).
export * from '../identity';
