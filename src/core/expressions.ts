/**
 * Small helpers for Logic Apps expressions in string values: the `@appsetting('X')` /
 * `@parameters('X')` references that tie files together, and deployment placeholders.
 */

export type RefFunction = 'appsetting' | 'parameters';

export interface ExpressionRef {
  fn: RefFunction;
  name: string;
  /** Offset of the call's name inside the string value (not the file). */
  index: number;
}

const WHOLE_REF = /^@(appsetting|parameters)\('((?:[^']|'')*)'\)$/;

/** `@appsetting('X')` or `@parameters('X')` as the whole value, else undefined. */
export function wholeRef(s: string): { fn: RefFunction; name: string } | undefined {
  const m = WHOLE_REF.exec(s);
  return m ? { fn: m[1] as RefFunction, name: m[2].replace(/''/g, "'") } : undefined;
}

const CALL_RE = /\b(appsetting|parameters)\s*\(\s*'((?:[^']|'')*)'\s*\)/g;

/** True when the string holds a Logic Apps expression (`@...` or `@{...}`), not a literal `@@`. */
export function isExpression(s: string): boolean {
  return (s.length > 1 && s[0] === '@' && s[1] !== '@') || s.includes('@{');
}

/** Every `appsetting('X')` / `parameters('X')` call inside an expression string. */
export function expressionRefs(s: string): ExpressionRef[] {
  if (s.indexOf('@') === -1 || !isExpression(s)) return [];
  const out: ExpressionRef[] = [];
  CALL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CALL_RE.exec(s)) !== null) {
    out.push({ fn: m[1] as RefFunction, name: m[2].replace(/''/g, "'"), index: m.index });
  }
  return out;
}

// Each part stops at the next opener and is bounded: an unbounded `[^}]*` scans to the end of the
// string from every `#{` that has no `}`, which is quadratic on a long value (a 1 MB id took LAC002 35 s).
const PLACEHOLDER_RE = /#\{[^}#]{0,256}\}#|\$\{[^}$]{0,256}\}|__[A-Za-z0-9_.-]{1,256}__|\$\([^)$]{0,256}\)|<[^<>]{0,256}(?:enter|your|here|placeholder|subscription|resource|name|id)[^<>]{0,256}>|\{\{[^{}]{0,256}\}\}/i;

/**
 * Deployment placeholders (`#{x}#`, `${x}`, `__x__`, `$(x)`, `<enter-...>`, `{{x}}`): values
 * that a pipeline substitutes, so they are not judged as literal ids, URLs, names or secrets.
 */
export function hasPlaceholder(s: string): boolean {
  return PLACEHOLDER_RE.test(s);
}

/** Values that are not literal: expressions, placeholders, ARM template expressions. */
export function isDynamic(s: string): boolean {
  return isExpression(s) || hasPlaceholder(s) || (s.startsWith('[') && s.endsWith(']'));
}
