/**
 * Ceilings that keep linting bounded on any input: a file larger than this is not read (one
 * finding says so), and a file reports at most so many problems (one finding counts the rest).
 * Both stay far above what a real Logic Apps project holds (a workflow definition is limited to
 * a few MB by the service); they exist so that hostile or generated input never exhausts memory.
 */

/** Characters of a file's text above which it is not linted. */
export const MAX_FILE_CHARS = 50 * 1024 * 1024;

/** Problems reported per file; beyond it they are counted, not reported. */
export const MAX_FINDINGS_PER_FILE = 5000;

/**
 * Syntax errors described per file; the rest are counted in one more finding. A text that is not
 * JSON at all (a stray quote turns megabytes into tokens) yields hundreds of thousands of errors,
 * and one mistake early on explains most of them: the first ones are what a reader fixes.
 */
export const MAX_SYNTAX_ERRORS = 1000;

/** What a reader hands over instead of the text of a file above MAX_FILE_CHARS. */
export interface OversizeText {
  oversize: number;
}

export function isOversize(t: unknown): t is OversizeText {
  return typeof t === 'object' && t !== null && typeof (t as OversizeText).oversize === 'number';
}

/** "52.4 MB" */
export function formatSize(chars: number): string {
  return `${(chars / 1024 / 1024).toFixed(1)} MB`;
}
