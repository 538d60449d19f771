// Which JSON files (other than the project files, found by name) are Logic App ARM templates.
// Shared by the CLI's folder walk (fs.ts) and the editor's workspace scan, so both find the same.
import * as fs from 'fs';
import { looksLikeArmTemplate } from './project';

/**
 * How much of a JSON file a folder walk reads to tell whether it is an exported Logic App ARM
 * template (the `$schema` and the `Microsoft.Logic/workflows` resource come first in those). The
 * editor's workspace scan reads the same (`armTemplateHeadAsync`): both find the same templates.
 */
export const ARM_SNIFF_BYTES = 64 * 1024;

/** Whether the first `ARM_SNIFF_BYTES` of a file look like a Logic App ARM template. Throws when unreadable. */
export function armTemplateHead(abs: string): boolean {
  const fd = fs.openSync(abs, 'r');
  try {
    const buf = Buffer.alloc(ARM_SNIFF_BYTES);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return looksLikeArmTemplate(buf.subarray(0, n).toString('utf8'));
  } finally {
    fs.closeSync(fd);
  }
}

/** `armTemplateHead` without blocking (the editor); false when the file cannot be read. */
export async function armTemplateHeadAsync(abs: string): Promise<boolean> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(abs, 'r');
    const buf = Buffer.alloc(ARM_SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return looksLikeArmTemplate(buf.subarray(0, bytesRead).toString('utf8'));
  } catch {
    return false;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
