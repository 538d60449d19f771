// Pure (no `vscode` import): unit-tested in Node.
import { armTemplateHeadAsync } from '../../core/armTemplateFile';

/** Files read at once while looking for ARM templates. */
export const SNIFF_CONCURRENCY = 8;

/**
 * The exported Logic App ARM templates among JSON files, in their order: each file's head is read
 * (`armTemplateHeadAsync`, the same check `lac lint`'s folder walk makes), a few at a time.
 */
export async function armTemplatesAmong(
  paths: readonly string[],
  sniff: (path: string) => Promise<boolean> = armTemplateHeadAsync,
  isCancelled: () => boolean = () => false,
): Promise<string[]> {
  const verdicts = new Array<boolean>(paths.length).fill(false);
  let next = 0;
  const worker = async () => {
    while (next < paths.length && !isCancelled()) {
      const i = next++;
      verdicts[i] = await sniff(paths[i]!).catch(() => false);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SNIFF_CONCURRENCY, paths.length) }, worker));
  return paths.filter((_, i) => verdicts[i]);
}
