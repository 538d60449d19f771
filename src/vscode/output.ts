import * as vscode from 'vscode';
import { redact } from '../core/azure/redact';
import { azureLoaded, loadAzure } from './model/azureLoader';
import { OUTPUT_CHANNEL_NAME } from './model/ids';
import { errorText, redactingLog } from './model/logRedaction';

export type Log = vscode.LogOutputChannel;

/**
 * Remove tokens and keys from a text for the log or a message: the patterns and the secrets this
 * bundle registered (the sign-in's tokens, LAC_ACCESS_TOKEN), then, once the Azure client bundle is
 * loaded, the secrets it registered (every token it obtained, every key it fetched).
 */
export function redactText(text: string): string {
  const own = redact(text);
  return azureLoaded() ? loadAzure().redact(own) : own;
}

/**
 * The `Logic Apps Connections` output channel, with log levels (the user picks the level from the
 * channel's gear or "Developer: Set Log Level"). Log paths, counts, timings and error messages:
 * never file contents; every line is redacted (`redactText`), so no token or key reaches it.
 */
export function createLog(): Log {
  return redactingLog(vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true }), redactText);
}

/** An error for the log: its message and stack (they never contain file contents). */
export function describeError(e: unknown): string {
  return errorText(e);
}
