import { scanTemplate, spanInString, type TemplateExpr } from '../expressionSyntax';
import { setValue } from '../json/edits';
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import { stringTable, type StringTable } from '../json/walk';
import type { FileEdit, JsonPath } from '../types';
import { defineRule, fix, type RuleContext } from './rule';

const ALLOWED = new Set(['appsetting', 'parameters']);
/** `[fn(...)]`: an ARM template expression (`[[` is ARM's escape for a literal `[`). */
const ARM_EXPR = /^\[(?!\[)\s*[A-Za-z_][A-Za-z0-9_.]*\s*\(/;

export default defineRule({
  meta: {
    id: 'LAC033',
    name: 'expression-syntax',
    defaultSeverity: 'error',
    description: 'Malformed or unsupported expressions in connections.json; a bare @appsetting()/@parameters() inside a longer string (warning).',
    docs: {
      details:
        "connections.json understands only two expression functions, `appsetting('X')` and `parameters('X')`, each with one single-quoted name. A whole value is written `@appsetting('X')`; inside a longer string the call must be wrapped: `/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/...`. " +
        'Errors: ARM template syntax (`[parameters(\'x\')]`, never evaluated here), any other function (`concat`, `utcNow`...), a wrong number of arguments, double quotes, and an unclosed `@{`, parenthesis or quote: the runtime fails to load the connection. ' +
        "Warning: a bare `@appsetting('X')` or `@parameters('X')` in the middle of a string, without `@{...}`. Azure accepts it, but the local runtime and deployment tooling do not evaluate it (\"subscription identifier '@appsetting(...)' is malformed\"; Azure/logicapps#704, #367, #683, #463). The quick fix wraps the call in `@{...}`.",
      bad: {
        file: 'connections.json',
        code: "{\n  \"managedApiConnections\": {\n    \"office365\": {\n      \"api\": { \"id\": \"/subscriptions/@appsetting('WORKFLOWS_SUBSCRIPTION_ID')/providers/Microsoft.Web/locations/westeurope/managedApis/office365\" },\n      \"connectionRuntimeUrl\": \"@concat(appsetting('RUNTIME_BASE'), '/office365')\"\n    }\n  }\n}",
      },
      good: {
        file: 'connections.json',
        code: "{\n  \"managedApiConnections\": {\n    \"office365\": {\n      \"api\": { \"id\": \"/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/providers/Microsoft.Web/locations/westeurope/managedApis/office365\" },\n      \"connectionRuntimeUrl\": \"@appsetting('office365-ConnectionRuntimeUrl')\"\n    }\n  }\n}",
      },
    },
    fixable: true,
  },
  check(ctx) {
    const file = ctx.project.connections;
    // A file with syntax errors has a partial value: LAC001 reports it.
    if (!file || !file.parsed || !isObject(file.value)) return;
    // The file's shared string table (see json/walk.ts): a path is built only for a string that
    // is reported. Findings come out sorted, so the order strings are visited in does not show.
    const table = stringTable(file.value);
    const values = table.values;
    for (let i = 0; i < values.length; i++) {
      const s = values[i];
      if (s.indexOf('@') === -1 && s[0] !== '[') continue;
      if (isPlainReference(s)) continue;
      checkString(ctx, file, table, i, s);
    }
  },
});

/**
 * `@appsetting('name')` / `@parameters('name')` as the whole value, with a name that is not
 * blank: well formed, and what nearly every expression of connections.json is. The scan below
 * finds nothing to report in it; one regex says so sooner.
 */
const PLAIN_REFERENCE = /^@(?:appsetting|parameters)\('((?:[^']|'')*)'\)$/;

function isPlainReference(s: string): boolean {
  const m = PLAIN_REFERENCE.exec(s);
  return m !== null && m[1].trim() !== '';
}

/** Whether checkString reports anything for these expressions (so that its path is worth building). */
function hasProblem(exprs: readonly TemplateExpr[]): boolean {
  for (const e of exprs) if (e.error || e.kind === 'bare' || callProblem(e)) return true;
  return false;
}

function checkString(ctx: RuleContext, file: JsonFile, table: StringTable, i: number, s: string): void {
  const arm = s[0] === '[' && s.endsWith(']') && ARM_EXPR.test(s);
  const exprs = arm ? [] : scanTemplate(s);
  if (!arm && !hasProblem(exprs)) return;
  const path = table.pathOf(i);
  if (arm) {
    ctx.report({
      file,
      path,
      message: `ARM template syntax "${short(s)}" is not evaluated in connections.json: the runtime reads it as literal text. Use @appsetting('X') or @parameters('X') (set by your deployment) instead.`,
    });
    return;
  }
  const at = (start: number, end: number) => spanInString(file, path, s, start, end);
  for (const e of exprs) {
    if (e.error) {
      const err = e.error;
      ctx.report({
        file,
        path,
        span: at(err.start, err.end),
        message: `Invalid expression in "${short(s)}": ${err.message}`,
        fixes: err.code === 'double-quote' ? () => [singleQuotesFix(file, path, s)] : undefined,
      });
      return; // one structural error per value is enough: the scan stopped there
    }
    const problem = callProblem(e);
    if (problem) {
      ctx.report({ file, path, span: at(problem.start, problem.end), message: `Invalid expression in "${short(s)}": ${problem.message}` });
      return;
    }
  }
  const bare = exprs.filter((e) => e.kind === 'bare');
  for (const e of bare) {
    const call = s.slice(e.start, e.end);
    ctx.report({
      file,
      path,
      severity: 'warning',
      span: at(e.start, e.end),
      message: `"${call}" is inside a longer string without @{...}: Azure accepts it, but the local runtime and deployment tools do not evaluate it. Write "@{${call.slice(1)}}".`,
      fixes: () => [fix(`Wrap in @{${call.slice(1)}}`, [wrapEdit(file, path, s, e, bare)], true)],
    });
  }
}

/** An unsupported function, a wrong arity or a non-name argument; undefined when the calls are fine. */
function callProblem(e: TemplateExpr): { message: string; start: number; end: number } | undefined {
  if (e.calls.length === 0) {
    return { message: "connections.json expressions must be a call to appsetting('X') or parameters('X').", start: e.start, end: e.end };
  }
  for (const c of e.calls) {
    const end = c.end === -1 ? e.end : c.end;
    const fn = c.name.toLowerCase();
    if (!ALLOWED.has(fn)) {
      return { message: `the function ${c.name}() is not available in connections.json: only appsetting() and parameters() are.`, start: c.start, end };
    }
    if (c.args.length !== 1) {
      return { message: `${c.name}() takes exactly one argument, the name in single quotes; it has ${c.args.length}.`, start: c.start, end };
    }
    const a = c.args[0];
    if (a.kind === 'number' || a.kind === 'keyword') {
      return { message: `${c.name}() expects a name in single quotes, not ${describeArg(a)}.`, start: a.start, end: a.end };
    }
    if (a.kind === 'string' && a.value!.trim() === '') {
      return { message: `${c.name}() is given an empty name.`, start: c.start, end };
    }
  }
  return undefined;
}

function describeArg(a: { kind: string }): string {
  return a.kind === 'number' ? 'a number' : 'a keyword';
}

function short(s: string): string {
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

/** Wrap one bare call in `@{...}`: two inserts when the text maps exactly, else the whole value rewritten. */
function wrapEdit(file: JsonFile, path: JsonPath, s: string, e: TemplateExpr, all: TemplateExpr[]): FileEdit | undefined {
  const span = spanInString(file, path, s, e.start, e.end);
  if (span) {
    return { file: file.path, edits: [{ offset: span.offset + 1, length: 0, content: '{' }, { offset: span.offset + span.length, length: 0, content: '}' }] };
  }
  let out = '';
  let last = 0;
  for (const b of all) {
    out += s.slice(last, b.start) + '@{' + s.slice(b.start + 1, b.end) + '}';
    last = b.end;
  }
  return setValue(file, path, out + s.slice(last));
}

/** `@appsetting("X")` → `@appsetting('X')`, when that makes the value valid. */
function singleQuotesFix(file: JsonFile, path: JsonPath, s: string) {
  const out = s.replace(/"([^"']*)"/g, "'$1'");
  if (out === s || scanTemplate(out).some((e) => e.error)) return undefined;
  return fix('Use single quotes', [setValue(file, path, out)], true);
}

