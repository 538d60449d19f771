import { hasPlaceholder, isDynamic, wholeRef } from '../expressions';
import { setValue } from '../json/edits';
import { findAppSetting } from '../localSettings';
import { regionForDisplayName } from '../regions';
import { isObject } from '../json/pointer';
import type { JsonFile } from '../json/jsonFile';
import type { JsonPath } from '../types';
import { defineRule, fix, type RuleContext } from './rule';
import { connectionIndex } from '../connections/entries';
import { StringMemo } from '../memo';

const MANAGED_API_ID = '/subscriptions/{subscription}/providers/Microsoft.Web/locations/{location}/managedApis/{api}';
const CUSTOM_API_ID = '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Web/customApis/{name}';
const CONNECTION_ID = '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Web/connections/{name}';

export default defineRule({
  meta: {
    id: 'LAC012',
    name: 'invalid-resource-id',
    defaultSeverity: 'error',
    description: 'Malformed `api.id` / `connection.id`: the wrong resource type, a location written as its display name, a whole-value `@appsetting()`, a custom connector without `Microsoft.Web`, or an `api.id` in another subscription than `connection.id`.',
    docs: {
      details:
        `A managed API connection names two Azure resources: \`api.id\`, the managed API (\`${MANAGED_API_ID}\`, or \`${CUSTOM_API_ID}\` for a custom connector), and \`connection.id\`, the connection resource (\`${CONNECTION_ID}\`). A connection id where the managed API id belongs (a common copy-paste slip), a missing segment or a subscription that differs between the two break the designer and the runtime's calls to Azure Resource Manager. Parts written as expressions (\`@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}\`) or deployment placeholders are not judged; only the structure that is written literally is. Values from \`@parameters('X')\` are checked where parameters.json defines them.\n\n` +
        `Mistakes seen in real reports: a location written as the region's display name (\`…/locations/Australia Southeast/managedApis/…\`: the managed API is not found, "Swagger not found"; the quick fix writes the region's name, from the regions of the public, US Government and China clouds); an id that is a whole-value \`@appsetting('X')\`, which the runtime does not evaluate in \`api.id\` and \`connection.id\` ("The 'managedApiConnections' property in connection.json has a value that cannot be parsed", Azure/logicapps#683; the quick fix writes \`@{appsetting('X')}\`); and a custom connector id whose provider namespace is an app setting (\`…/providers/@{appsetting('WORKFLOWS_LOCATION_NAME')}/customApis/…\`, as the official extension once wrote it, Azure/LogicAppsUX#5550), reported when local.settings.json shows it is not \`Microsoft.Web\`. A literal value longer than 4,096 characters is reported by its length (no resource id comes near it: learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules), without being split.`,
      bad: {
        file: 'connections.json',
        code: '{\n  "managedApiConnections": {\n    "azureautomation": {\n      "api": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/providers/Microsoft.Web/connections/azureautomation" },\n      "connection": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/resourceGroups/rg/providers/Microsoft.Web/connections/azureautomation" },\n      "connectionRuntimeUrl": "@appsetting(\'azureautomation-connectionRuntimeUrl\')",\n      "authentication": { "type": "ManagedServiceIdentity" }\n    }\n  }\n}',
      },
      good: {
        file: 'connections.json',
        code: '{\n  "managedApiConnections": {\n    "azureautomation": {\n      "api": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/providers/Microsoft.Web/locations/westeurope/managedApis/azureautomation" },\n      "connection": { "id": "/subscriptions/@{appsetting(\'WORKFLOWS_SUBSCRIPTION_ID\')}/resourceGroups/rg/providers/Microsoft.Web/connections/azureautomation" },\n      "connectionRuntimeUrl": "@appsetting(\'azureautomation-connectionRuntimeUrl\')",\n      "authentication": { "type": "ManagedServiceIdentity" }\n    }\n  }\n}',
      },
    },
    fixable: true,
  },
  check(ctx) {
    const file = ctx.project.connections;
    if (!file) return;
    for (const { name, value: entry } of connectionIndex(file).section('managedApiConnections')) {
      if (!isObject(entry)) continue;
      const subs: { api?: Located; connection?: Located } = {};
      for (const which of ['api', 'connection'] as const) {
        const holder = entry[which];
        if (!isObject(holder) || !Object.prototype.hasOwnProperty.call(holder, 'id')) continue; // LAC002
        const r = ctx.resolve(file, ['managedApiConnections', name, which, 'id'], holder.id);
        if (typeof r.value !== 'string') continue; // LAC002 (or an unresolvable parameter)
        const where = r.via ? ` (parameter "${r.via.name}")` : '';
        const whole = r.via ? undefined : wholeRef(r.value.trim());
        if (whole?.fn === 'appsetting') {
          // Azure/logicapps#683: a whole-value @appsetting() in an id is not evaluated there.
          const braced = `@{appsetting('${whole.name.replace(/'/g, "''")}')}`;
          ctx.report({
            file: r.file,
            path: r.path,
            message: `"${which}.id" of "${name}" is the whole-value expression ${JSON.stringify(r.value.trim())}: the runtime cannot parse it and fails with "The 'managedApiConnections' property in connection.json has a value that cannot be parsed" (Azure/logicapps#683). Write it as string interpolation, ${JSON.stringify(braced)}, or build the id from its parts (/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/…).`,
            fixes: () => [fix(`Use ${braced}`, [setValue(r.file, r.path, braced)], true)],
          });
          continue;
        }
        const checked = which === 'api' ? apiIdVerdict(r.value) : connectionIdVerdict(r.value);
        if (checked.problem) {
          ctx.report({ file: r.file, path: r.path, message: `"${which}.id" of "${name}"${where} ${checked.problem}` });
          continue;
        }
        const location = which === 'api' ? displayNameLocation(r.value) : undefined;
        if (location) {
          ctx.report({
            file: r.file,
            path: r.path,
            message: `"api.id" of "${name}"${where} names the location by its display name, "${location.segment}": managed API ids use the region's name, "${location.region}", and this one is not found ("Swagger not found"). Use …/locations/${location.region}/managedApis/….`,
            fixes: () => [fix(`Use the region name "${location.region}"`, [setValue(r.file, r.path, location.fixed)], true)],
          });
          continue;
        }
        const provider = which === 'api' ? providerProblem(ctx, r.value) : undefined;
        if (provider) {
          ctx.report({
            file: r.file,
            path: r.path,
            message: `"api.id" of "${name}"${where} ${provider.problem}`,
            fixes: () => [fix('Use "Microsoft.Web" as the provider namespace', [setValue(r.file, r.path, provider.fixed)], true)],
          });
          continue;
        }
        subs[which] = { ...checked, file: r.file, path: r.path };
      }
      const a = subs.api?.subscription;
      const c = subs.connection?.subscription;
      if (a !== undefined && c !== undefined && a.toLowerCase() !== c.toLowerCase()) {
        ctx.report({
          file: subs.api!.file,
          path: subs.api!.path,
          message: `"api.id" of "${name}" is in subscription "${a}" but "connection.id" is in subscription "${c}": a connection uses the managed API of its own subscription. One of the two ids is from another environment.`,
        });
      }
    }
  },
});

interface Checked {
  problem?: string;
  /** The literal subscription segment, when the id is well formed and that segment is literal. */
  subscription?: string;
}

interface Located extends Checked {
  file: JsonFile;
  path: JsonPath;
}

interface Segment {
  text: string;
  /** An expression or a placeholder: its value is unknown. */
  dynamic: boolean;
  /** The segment as written (expressions unmasked). */
  raw: string;
}

const DYN = '\u0001';
const DYN_ALL = new RegExp(DYN, 'g');

/**
 * Split a resource id into segments, with expressions (`@{...}`, `@appsetting('X')` mid-string)
 * masked so that a `/` inside them does not split. Undefined when nothing can be told: the whole
 * value is one expression or placeholder, or an expression is not closed.
 */
function segments(s: string): Segment[] | undefined {
  /** The masked text in pieces (plain runs are sliced once, never built a character at a time). */
  const pieces: string[] = [];
  /** The text each DYN stands for, in order. */
  const tokens: string[] = [];
  let plain = 0;
  for (let i = s.indexOf('@'); i >= 0 && i < s.length; i = s.indexOf('@', i)) {
    const next = s.charCodeAt(i + 1);
    if (next === 0x40 /* @@ escapes @ */) {
      i += 2;
      continue;
    }
    let end = -1;
    if (next === 0x7b /* { */) {
      const close = closing(s, i + 1, '{', '}');
      if (close < 0) return undefined;
      end = close + 1;
    } else if (isNameStart(next)) {
      let k = i + 2;
      while (k < s.length && isNameChar(s.charCodeAt(k))) k++;
      while (k < s.length && (s[k] === ' ' || s[k] === '\t' || s[k] === '\n' || s[k] === '\r')) k++;
      if (s[k] === '(') {
        const close = closing(s, k, '(', ')');
        if (close < 0) return undefined;
        // `@fn(...)` followed by accessors (`['x']`, `.y`) is one expression too.
        let j = close + 1;
        while (j < s.length && (s[j] === '[' || s[j] === '.' || s[j] === '?')) {
          if (s[j] === '[') {
            const e = closing(s, j, '[', ']');
            if (e < 0) return undefined;
            j = e + 1;
          } else {
            let q = j;
            if (s[q] === '?') q++;
            if (s[q] === '.') q++;
            if (!isNameStart(s.charCodeAt(q))) break;
            q++;
            while (q < s.length && isNameChar(s.charCodeAt(q))) q++;
            j = q;
          }
        }
        end = j;
      }
    }
    if (end < 0) {
      i++;
      continue;
    }
    pieces.push(s.slice(plain, i), DYN);
    tokens.push(s.slice(i, end));
    plain = i = end;
  }
  pieces.push(s.slice(plain));
  const masked = pieces.join('');
  let t = 0;
  const parts = masked.split('/').map((text) => {
    const masks = text.includes(DYN);
    const raw = masks ? text.replace(DYN_ALL, () => tokens[t++] ?? '') : text;
    return { text, raw, dynamic: masks || hasPlaceholder(text) };
  });
  // A value that is a single dynamic token (a whole expression or placeholder) says nothing.
  if (parts.length === 1 && parts[0].dynamic) return undefined;
  if (s.startsWith('[') && s.endsWith(']')) return undefined; // ARM template expression
  return parts;
}

function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39);
}

/** Index of the bracket closing the one at `open` (quotes '...' respected), or -1. */
function closing(s: string, open: number, o: string, c: string): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === "'") {
        if (s[i + 1] === "'") i++;
        else quoted = false;
      }
      continue;
    }
    if (ch === "'") quoted = true;
    else if (ch === o) depth++;
    else if (ch === c && --depth === 0) return i;
  }
  return -1;
}

type Pattern = (string | null)[];
/** Keyword segments are literal names (compared without case); null is a name of the id's own. */
const API_HEAD: Pattern = ['subscriptions', null];
const GROUP_HEAD: Pattern = ['subscriptions', null, 'resourceGroups', null];
const MANAGED_TAIL: Pattern = ['Microsoft.Web', 'locations', null, 'managedApis', null];
const CUSTOM_TAIL: Pattern = ['Microsoft.Web', 'customApis', null];
const CONNECTION_TAIL: Pattern = ['Microsoft.Web', 'connections', null];

interface Split {
  head: Segment[];
  tail: Segment[];
  leadingSlash: boolean;
}

/** Split at the last literal `providers` segment. */
/**
 * Longer than any Azure resource id: a resource name is at most a few hundred characters and an
 * id nests a handful of them (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules);
 * such a value is judged by its length, without splitting it.
 */
const MAX_ID_CHARS = 4096;

function split(s: string): Split | 'opaque' | 'no-providers' | 'too-long' {
  if (s.length > MAX_ID_CHARS) return s.startsWith('@') || (s.startsWith('[') && s.endsWith(']')) ? 'opaque' : 'too-long';
  const segs = segments(s);
  if (!segs) return 'opaque';
  const leadingSlash = segs[0].text === '' && !segs[0].dynamic;
  const body = leadingSlash ? segs.slice(1) : segs;
  let p = -1;
  for (let i = body.length - 1; i >= 0; i--) {
    if (!body[i].dynamic && body[i].text.toLowerCase() === 'providers') {
      p = i;
      break;
    }
  }
  if (p < 0) return 'no-providers';
  return { head: body.slice(0, p), tail: body.slice(p + 1), leadingSlash };
}

/**
 * Does a part of an id match a pattern? 'yes', 'no' (a literal segment is visibly wrong) or
 * 'unknown' (dynamic segments where the structure would have to be read).
 */
function match(segs: Segment[], pattern: Pattern): 'yes' | 'no' | 'unknown' {
  const anyDynamic = segs.some((s) => s.dynamic);
  if (segs.length !== pattern.length) return anyDynamic ? 'unknown' : 'no';
  let unknown = false;
  for (let i = 0; i < pattern.length; i++) {
    const s = segs[i];
    const want = pattern[i];
    if (s.dynamic) {
      // A dynamic segment where a keyword belongs, or which may stand for several segments.
      if (want !== null) unknown = true;
      continue;
    }
    if (want === null ? s.text.trim() === '' : s.text.toLowerCase() !== want.toLowerCase()) return 'no';
  }
  return unknown ? 'unknown' : 'yes';
}

/** The resource type written after `providers/`, for messages (`Microsoft.Web/connections`). */
function typeOf(tail: Segment[]): string | undefined {
  if (tail.length < 2 || tail[0].dynamic || tail[1].dynamic) return undefined;
  return `${tail[0].text}/${tail[1].text}`;
}

function show(s: string): string {
  return JSON.stringify(s.length > 160 ? s.slice(0, 157) + '…' : s);
}

/**
 * A pure function of one string, remembered: the ids of a connections.json repeat the same
 * subscription and patterns, and a project is linted on every keystroke. Verdicts are shared:
 * callers copy them (`{ ...checked }`), never change them.
 */
function remember(fn: (id: string) => Checked): (id: string) => Checked {
  const m = new StringMemo(fn, 4096, 1024);
  return (id: string): Checked => m.get(id);
}

const apiIdVerdict = remember(checkApiId);
const connectionIdVerdict = remember(checkConnectionId);

function checkApiId(id: string): Checked {
  if (id.trim() === '') return { problem: `is empty: it must be the managed API's resource id, ${MANAGED_API_ID}.` };
  const sp = split(id);
  if (sp === 'opaque') return {};
  if (sp === 'too-long') return { problem: `is ${id.length.toLocaleString('en-US')} characters long: longer than any resource id. Expected ${MANAGED_API_ID}.` };
  if (sp === 'no-providers') {
    return fullyLiteral(id) ? { problem: `is not a resource id: ${show(id)}. Expected ${MANAGED_API_ID}.` } : {};
  }
  const tailType = typeOf(sp.tail);
  const managed = match(sp.tail, MANAGED_TAIL);
  const custom = match(sp.tail, CUSTOM_TAIL);
  let head: Pattern;
  if (managed === 'yes') head = API_HEAD;
  else if (custom === 'yes') head = GROUP_HEAD;
  else if (managed === 'unknown' || custom === 'unknown') return {};
  else if (tailType && tailType.toLowerCase() === 'microsoft.web/connections') {
    return { problem: `points at a connection (Microsoft.Web/connections), not at a managed API: ${show(id)}. "api.id" is the managed API, ${MANAGED_API_ID} (the connection belongs in "connection.id").` };
  } else if (tailType && tailType.toLowerCase() === 'microsoft.web/locations' && sp.tail.length > 3 && !sp.tail[3].dynamic && sp.tail[3].text.toLowerCase() !== 'managedapis') {
    return { problem: `has the wrong resource type "locations/{location}/${sp.tail[3].text}": ${show(id)}. Expected ${MANAGED_API_ID}.` };
  } else {
    const what = tailType && !/^microsoft\.web\/(locations|customapis)$/i.test(tailType) ? `the wrong resource type (${tailType})` : 'a malformed id';
    return { problem: `is ${what}: ${show(id)}. Expected ${MANAGED_API_ID} (custom connectors: ${CUSTOM_API_ID}).` };
  }
  return judgeHead(id, sp, head, head === API_HEAD ? MANAGED_API_ID : CUSTOM_API_ID);
}

function checkConnectionId(id: string): Checked {
  if (id.trim() === '') return { problem: `is empty: it must be the connection's resource id, ${CONNECTION_ID}.` };
  const sp = split(id);
  if (sp === 'opaque') return {};
  if (sp === 'too-long') return { problem: `is ${id.length.toLocaleString('en-US')} characters long: longer than any resource id. Expected ${CONNECTION_ID}.` };
  if (sp === 'no-providers') {
    return fullyLiteral(id) ? { problem: `is not a resource id: ${show(id)}. Expected ${CONNECTION_ID}.` } : {};
  }
  const m = match(sp.tail, CONNECTION_TAIL);
  if (m === 'unknown') return {};
  if (m === 'no') {
    const tailType = typeOf(sp.tail);
    if (tailType && /^microsoft\.web\/(locations|customapis)$/i.test(tailType)) {
      return { problem: `points at an API (${tailType}), not at a connection: ${show(id)}. "connection.id" is the connection resource, ${CONNECTION_ID} (the API belongs in "api.id").` };
    }
    const what = tailType && tailType.toLowerCase() !== 'microsoft.web/connections' ? `the wrong resource type (${tailType})` : 'a malformed id';
    return { problem: `is ${what}: ${show(id)}. Expected ${CONNECTION_ID}.` };
  }
  return judgeHead(id, sp, GROUP_HEAD, CONNECTION_ID);
}

function judgeHead(id: string, sp: Split, head: Pattern, expected: string): Checked {
  const h = match(sp.head, head);
  if (h === 'no' || !sp.leadingSlash) {
    // Without the leading slash, a head that starts with a dynamic part may be a whole prefix.
    if (!sp.leadingSlash && sp.head.length > 0 && sp.head[0].dynamic) return {};
    return { problem: `is malformed: ${show(id)}. Expected ${expected}.` };
  }
  if (h === 'unknown') return {};
  const emptyName = sp.tail.some((s) => !s.dynamic && s.text.trim() === '');
  if (emptyName) return { problem: `has an empty segment: ${show(id)}. Expected ${expected}.` };
  const sub = sp.head[1];
  return { subscription: sub.dynamic ? undefined : sub.text };
}

function fullyLiteral(id: string): boolean {
  const segs = segments(id);
  return !!segs && !segs.some((s) => s.dynamic);
}

/**
 * A managed API id whose location segment is a region's display name
 * (`…/locations/Australia Southeast/managedApis/…`): the region and the id with its name.
 */
function displayNameLocation(id: string): { segment: string; region: string; fixed: string } | undefined {
  const sp = split(id);
  if (typeof sp === 'string' || match(sp.tail, MANAGED_TAIL) !== 'yes') return undefined;
  const seg = sp.tail[2];
  if (seg.dynamic) return undefined;
  const region = regionForDisplayName(seg.text);
  if (!region) return undefined;
  const needle = `/locations/${seg.raw}/`.toLowerCase();
  const at = id.toLowerCase().lastIndexOf(needle);
  if (at < 0) return undefined;
  const head = id.slice(0, at + '/locations/'.length);
  return { segment: seg.text, region: region.name, fixed: `${head}${region.name}/${id.slice(at + needle.length)}` };
}

const SETTING_TOKEN = /^@\{\s*appsetting\(\s*'((?:[^']|'')*)'\s*\)\s*\}$|^@appsetting\('((?:[^']|'')*)'\)$/;

/**
 * A custom connector id whose provider namespace is an app setting (the official extension wrote
 * `providers/@{appsetting('WORKFLOWS_LOCATION_NAME')}/customApis/…`, Azure/LogicAppsUX#5550):
 * malformed when local.settings.json gives that setting a value other than `Microsoft.Web`.
 */
function providerProblem(ctx: RuleContext, id: string): { problem: string; fixed: string } | undefined {
  const sp = split(id);
  if (typeof sp === 'string' || sp.tail.length !== 3) return undefined;
  const [ns, type] = sp.tail;
  if (!ns.dynamic || type.dynamic || type.text.toLowerCase() !== 'customapis') return undefined;
  const m = SETTING_TOKEN.exec(ns.raw.trim());
  if (!m) return undefined;
  const setting = (m[1] ?? m[2]).replace(/''/g, "'");
  const found = findAppSetting(ctx.project, setting);
  const v = found?.value;
  if (typeof v !== 'string' || v.trim() === '' || isDynamic(v) || v.trim().toLowerCase() === 'microsoft.web') return undefined;
  const at = id.indexOf(ns.raw);
  if (at < 0) return undefined;
  return {
    problem: `has ${JSON.stringify(ns.raw)} where the provider namespace belongs: local.settings.json sets ${found!.key} to ${JSON.stringify(v.trim())}, so the id is …/providers/${v.trim()}/customApis/…, not a custom connector's id (${CUSTOM_API_ID}). The official extension has written this shape (Azure/LogicAppsUX#5550); use "Microsoft.Web".`,
    fixed: id.slice(0, at) + 'Microsoft.Web' + id.slice(at + ns.raw.length),
  };
}
