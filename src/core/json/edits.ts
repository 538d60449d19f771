import { modify, type FormattingOptions } from 'jsonc-parser';
import type { FileEdit, JsonPath, TextEdit } from '../types';
import type { JsonFile } from './jsonFile';

function formatting(file: JsonFile): FormattingOptions {
  return file.formatting();
}

/**
 * Set (or insert) the value at `path`, keeping comments and formatting everywhere else.
 * Returns undefined when the file cannot be edited safely (syntax errors, extreme nesting).
 */
export function setValue(file: JsonFile, path: JsonPath, value: unknown): FileEdit | undefined {
  return jsoncEdit(file, path, value);
}

/** Remove the member at `path` (and its comma), keeping everything else. */
export function removeValue(file: JsonFile, path: JsonPath): FileEdit | undefined {
  return jsoncEdit(file, path, undefined);
}

function jsoncEdit(file: JsonFile, path: JsonPath, value: unknown): FileEdit | undefined {
  if (!file.parsed) return undefined;
  try {
    const edits = modify(file.text, path, value, { formattingOptions: formatting(file) });
    return edits.length ? { file: file.path, edits: edits.map((e) => ({ offset: e.offset, length: e.length, content: e.content })) } : undefined;
  } catch {
    return undefined;
  }
}

/** Replace a span of the file's text. */
export function replaceSpan(file: JsonFile, offset: number, length: number, content: string): FileEdit {
  return { file: file.path, edits: [{ offset, length, content }] };
}

/** Apply plain text edits to a text (edits must not overlap). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset || b.length - a.length);
  let out = text;
  let last = Number.POSITIVE_INFINITY;
  for (const e of sorted) {
    if (e.offset + e.length > last) continue; // overlapping edit: skip rather than corrupt the file
    out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
    last = e.offset;
  }
  return out;
}

/** Merge edits of several fixes by file. */
export function mergeFileEdits(list: readonly FileEdit[]): FileEdit[] {
  const by = new Map<string, FileEdit>();
  for (const fe of list) {
    const cur = by.get(fe.file);
    if (cur) cur.edits.push(...fe.edits);
    else by.set(fe.file, { file: fe.file, edits: [...fe.edits], create: fe.create });
  }
  return [...by.values()];
}
