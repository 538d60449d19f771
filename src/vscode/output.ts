import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME } from './model/ids';

export type Log = vscode.LogOutputChannel;

/**
 * The `Logic Apps Connections` output channel, with log levels (the user picks the level from the
 * channel's gear or "Developer: Set Log Level"). Log paths, counts, timings and error messages:
 * never file contents, tokens or keys.
 */
export function createLog(): Log {
  return vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
}

/** An error for the log: its message and stack (they never contain file contents). */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return String(e);
}
