// Pure (no `vscode` import): unit-tested in Node.
import type { Position, Range } from '../../core/types';

/**
 * Offsets ↔ positions with VS Code's line breaks (`\r\n`, `\n` and a lone `\r`). A position
 * inside a `\r\n` pair is clamped to the end of the line, as VS Code does.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** End of each line's content (before its line break). */
  private readonly ends: number[] = [];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        this.ends.push(i);
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.ends.push(i);
        this.starts.push(i + 1);
      }
    }
    this.ends.push(text.length);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(o, this.ends[lo]) - this.starts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[pos.line] + Math.max(0, pos.character), this.ends[pos.line]);
  }

  rangeOf(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }
}

/** Whether the text has a lone `\r` line break (the core counts only `\n`). */
export function hasLoneCarriageReturn(text: string): boolean {
  return /\r(?!\n)/.test(text);
}
