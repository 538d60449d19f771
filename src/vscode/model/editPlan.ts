// Pure (no `vscode` import): unit-tested in Node. `edits.ts` turns a plan into a WorkspaceEdit.
import { applyTextEdits, mergeFileEdits } from '../../core/json/edits';
import { editsOverlap, hasOverlap } from '../../core/fixAll';
import type { FileEdit, Range } from '../../core/types';

export { editsOverlap, hasOverlap };
import { LineIndex } from './lineIndex';

export interface PlannedTextEdit {
  range: Range;
  newText: string;
}

export interface PlannedFileEdit {
  file: string;
  /** Create the file (it does not exist) and insert `edits[0].newText`. */
  create: boolean;
  edits: PlannedTextEdit[];
}


/**
 * The line index of a file's linted text, kept while that text is current: every quick fix of a
 * file asks for positions in the same text, and indexing a large file takes longer than the fix.
 */
const indexes = new Map<string, LineIndex>();
function lineIndexOf(file: string, text: string): LineIndex {
  let index = indexes.get(file);
  if (index?.text !== text) {
    index = new LineIndex(text);
    indexes.delete(file);
    if (indexes.size >= 16) indexes.delete(indexes.keys().next().value!);
    indexes.set(file, index);
  }
  return index;
}

/**
 * Positions for core file edits. `textOf(file)` gives the text the edits were computed on (the
 * linted snapshot, without BOM), or undefined when that text is no longer current: then the whole
 * plan is dropped (undefined) rather than applying offsets to another text.
 */
export function planFileEdits(fileEdits: readonly FileEdit[], textOf: (file: string) => string | undefined): PlannedFileEdit[] | undefined {
  const out: PlannedFileEdit[] = [];
  for (const fe of mergeFileEdits(fileEdits.map((e) => ({ ...e, edits: [...e.edits] })))) {
    if (fe.edits.length === 0) continue;
    if (hasOverlap(fe.edits)) return undefined;
    if (fe.create) {
      const content = applyTextEdits('', fe.edits);
      out.push({ file: fe.file, create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: content }] });
      continue;
    }
    const text = textOf(fe.file);
    if (text === undefined) return undefined;
    if (fe.edits.some((e) => e.offset < 0 || e.length < 0 || e.offset + e.length > text.length)) return undefined;
    const index = lineIndexOf(fe.file, text);
    out.push({
      file: fe.file,
      create: false,
      edits: [...fe.edits].sort((a, b) => a.offset - b.offset).map((e) => ({ range: index.rangeOf(e.offset, e.length), newText: e.content })),
    });
  }
  return out;
}
