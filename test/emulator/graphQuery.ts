/**
 * The part of Resource Graph's query language the emulator honours besides `where type =~ '…'`
 * (routes.ts): a final `| project` of columns and dynamic paths, with or without a name
 * (`project id, name, connections = properties.parameters['$connections'].value`). Resource Graph
 * returns only the projected columns (learn.microsoft.com/azure/governance/resource-graph/concepts/query-language,
 * "Supported KQL language elements": `project`; paths into `properties` as in the samples of
 * learn.microsoft.com/azure/governance/resource-graph/samples/starter); a path without a name
 * becomes a column named by its segments joined with `_`, as KQL names it.
 */

interface Column {
  name: string;
  path: string[];
}

/** Split on commas outside brackets and quotes. */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** `properties.parameters['$connections'].value` → ['properties', 'parameters', '$connections', 'value']. */
function parsePath(expr: string): string[] | undefined {
  const out: string[] = [];
  const re = /\s*(?:\.?\s*([A-Za-z_$][\w$]*)|\[\s*(['"])(.*?)\2\s*\])/y;
  let at = 0;
  while (at < expr.length) {
    re.lastIndex = at;
    const m = re.exec(expr);
    if (!m) return undefined;
    out.push(m[1] ?? m[3]!);
    at = re.lastIndex;
    if (expr.slice(at).trim() === '') break;
  }
  return out.length ? out : undefined;
}

/** The columns of the query's last `| project`, or undefined when it has none (or one we cannot read). */
export function projection(query: string): Column[] | undefined {
  const m = /\|\s*project\s+([^|]+)$/i.exec(query.trim());
  if (!m) return undefined;
  const cols: Column[] = [];
  for (const item of splitTop(m[1]!)) {
    const eq = /^([A-Za-z_][\w]*)\s*=\s*(.+)$/.exec(item);
    const path = parsePath(eq ? eq[2]! : item);
    if (!path) return undefined;
    cols.push({ name: eq ? eq[1]! : path.join('_'), path });
  }
  return cols;
}

function at(row: unknown, path: readonly string[]): unknown {
  let v: unknown = row;
  for (const seg of path) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
    v = (v as Record<string, unknown>)[seg];
  }
  return v === undefined ? null : v;
}

/** A row with only the projected columns (the row itself when the query projects nothing). */
export function projectRow(query: string, row: Record<string, unknown>): Record<string, unknown> {
  const cols = projection(query);
  if (!cols) return row;
  return Object.fromEntries(cols.map((c) => [c.name, at(row, c.path)]));
}
