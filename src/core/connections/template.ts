/**
 * The connections of a Logic Apps template (the template gallery format, Azure/LogicAppsTemplates):
 * a workflow folder holds `workflow.json` (the bare definition) and `manifest.json`, whose
 * `connections` map declares each connection the workflow names, by `connectorId` and `kind`:
 *
 *     "connections": {
 *       "serviceBus_#workflowname#": { "connectorId": "/serviceProviders/serviceBus", "kind": "inapp" },
 *       "office365_#workflowname#": { "connectorId": "/subscriptions/#subscription#/providers/Microsoft.Web/locations/#location#/managedApis/office365", "kind": "shared" }
 *     }
 *
 * `kind` `inapp` is a built-in (service provider) connection, `shared` a managed connector and
 * `custom` a custom connector; names end with `_#workflowname#`, which the designer replaces when
 * it creates the workflow from the template. The template's own `manifest.json`, one folder up,
 * says which plans it is for (`skus`: `standard`, `consumption`; none: both).
 * Source: the gallery's validator (Azure/LogicAppsTemplates, validate_templates.ts) and its
 * templates' manifests.
 */
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import { forEachString } from '../json/walk';
import type { Project } from '../project';
import type { JsonPath } from '../types';
import type { ConnectionSection } from './sections';

/** The suffix the designer replaces with the workflow's name. */
export const WORKFLOW_NAME_SUFFIX = '_#workflowname#';

export type ConnectorClass = 'serviceProvider' | 'managed' | 'custom' | 'builtin';

export interface TemplateConnection {
  name: string;
  value: unknown;
  /** `['connections', name]`, or `['connections', index]` for the array form. */
  path: JsonPath;
  connectorId?: string;
  kind?: string;
  /** What `kind` says (`inapp`, `shared`, `custom`, `builtin`); undefined when absent or unknown. */
  kindClass?: ConnectorClass;
  /** What `connectorId` says (`/serviceProviders/…`, `…/managedApis/…`, `…/customApis/…`). */
  idClass?: ConnectorClass;
}

export interface TemplateConnections {
  manifest: JsonFile;
  /** The manifest parsed to an object: names can be judged. */
  readable: boolean;
  /** It has a `connections` member (an object or an array). */
  declared: boolean;
  /** Every declared connection has a name (array entries without one make the list incomplete). */
  complete: boolean;
  entries: readonly TemplateConnection[];
  get(name: string): TemplateConnection | undefined;
}

const KIND_CLASS: Record<string, ConnectorClass> = { inapp: 'serviceProvider', shared: 'managed', custom: 'custom', builtin: 'builtin' };

/** What a connector id names: a built-in service provider, a managed connector, a custom connector. */
export function connectorClassOf(id: string): ConnectorClass | undefined {
  const t = id.trim();
  if (/^\/serviceProviders\/[^/]+\/?$/i.test(t)) return 'serviceProvider';
  if (/\/managedApis\/[^/]+\/?$/i.test(t)) return 'managed';
  if (/\/customApis\/[^/]+\/?$/i.test(t)) return 'custom';
  if (/^connectionProviders\//i.test(t)) return 'builtin';
  return undefined;
}

function entryOf(name: string, value: unknown, path: JsonPath): TemplateConnection {
  const connectorId = isObject(value) && typeof value.connectorId === 'string' ? value.connectorId : undefined;
  const kind = isObject(value) && typeof value.kind === 'string' ? value.kind : undefined;
  const kindClass = kind ? KIND_CLASS[kind.trim().toLowerCase()] : undefined;
  const idClass = connectorId ? connectorClassOf(connectorId) : undefined;
  return { name, value, path, ...(connectorId !== undefined ? { connectorId } : {}), ...(kind !== undefined ? { kind } : {}), ...(kindClass ? { kindClass } : {}), ...(idClass ? { idClass } : {}) };
}

const cache = new WeakMap<JsonFile, TemplateConnections>();

/** The connections a template's workflow manifest declares (memoised per parsed file). */
export function templateConnections(manifest: JsonFile): TemplateConnections {
  const hit = cache.get(manifest);
  if (hit) return hit;
  const v = manifest.value;
  const readable = manifest.parsed && isObject(v);
  const c = isObject(v) ? v.connections : undefined;
  const entries: TemplateConnection[] = [];
  let complete = true;
  if (isObject(c)) {
    for (const [name, value] of Object.entries(c)) entries.push(entryOf(name, value, ['connections', name]));
  } else if (Array.isArray(c)) {
    c.forEach((value, i) => {
      const name = isObject(value) && typeof value.name === 'string' ? value.name : undefined;
      if (name === undefined) complete = false;
      else entries.push(entryOf(name, value, ['connections', i]));
    });
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const out: TemplateConnections = { manifest, readable, declared: isObject(c) || Array.isArray(c), complete, entries, get: (name) => byName.get(name) };
  cache.set(manifest, out);
  return out;
}

/**
 * Whether a declared connection can serve a reference from a workflow section: `no` when its
 * `kind` or `connectorId` says it is another kind of connector, `yes` when one says it is the
 * right kind and none says otherwise, `unknown` when neither tells.
 */
export function servesSection(c: TemplateConnection, section: ConnectionSection): 'yes' | 'no' | 'unknown' {
  const want: ConnectorClass[] | undefined =
    section === 'managedApiConnections' ? ['managed', 'custom'] : section === 'serviceProviderConnections' ? ['serviceProvider'] : undefined;
  if (!want) return 'unknown';
  const known = [c.kindClass, c.idClass].filter((x): x is ConnectorClass => !!x);
  if (known.length === 0) return 'unknown';
  return known.every((k) => want.includes(k)) ? 'yes' : 'no';
}

/** Which plans a template is for: `standard` is true when it may be created in a Standard app. */
export function templatePlans(project: Project): { standard: boolean | undefined; consumption: boolean | undefined; why: string } {
  const skusOf = (f: JsonFile | undefined): string[] | undefined => {
    const v = f?.value;
    if (!isObject(v) || !Array.isArray(v.skus)) return undefined;
    return v.skus.filter((s): s is string => typeof s === 'string').map((s) => s.trim().toLowerCase());
  };
  const own = skusOf(project.manifest);
  if (own) return { standard: own.includes('standard'), consumption: own.includes('consumption'), why: `its manifest.json has "skus": ${JSON.stringify(own)}` };
  if (project.templateManifest?.parsed && isObject(project.templateManifest.value)) {
    const up = skusOf(project.templateManifest);
    if (up) return { standard: up.includes('standard'), consumption: up.includes('consumption'), why: `the template's manifest.json has "skus": ${JSON.stringify(up)}` };
    return { standard: true, consumption: true, why: "the template's manifest.json has no \"skus\", so it is for both Standard and Consumption" };
  }
  if (project.hasHost || project.host) return { standard: true, consumption: false, why: 'it sits in a Standard project (host.json)' };
  // The gallery's rule: a template that does not say "skus" is for both plans.
  if (project.manifest?.parsed && isObject(project.manifest.value)) return { standard: true, consumption: true, why: 'no manifest.json of it has "skus", so it is for both Standard and Consumption' };
  return { standard: undefined, consumption: undefined, why: 'which plans it is for is not known' };
}

/** One use of `parameters('$connections')` in a template's workflow, with the key when it is literal. */
export interface ConnectionsParameterUse {
  path: JsonPath;
  value: string;
  /** Offset of `parameters(` in the string. */
  index: number;
  key?: string;
}

const USE = /parameters\(\s*'\$connections'\s*\)(?:\s*\??\s*\[\s*'((?:[^']|'')*)'\s*\])?/gi;
const usesCache = new WeakMap<JsonFile, readonly ConnectionsParameterUse[]>();

/** Every `parameters('$connections')[…]` in a workflow file's strings (memoised per parsed file). */
export function connectionsParameterUses(file: JsonFile): readonly ConnectionsParameterUse[] {
  let hit = usesCache.get(file);
  if (hit) return hit;
  const out: ConnectionsParameterUse[] = [];
  forEachString(file.value, [], (s, path) => {
    if (s.indexOf('$connections') === -1) return;
    USE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = USE.exec(s)) !== null) out.push({ path: [...path], value: s, index: m.index, ...(m[1] !== undefined ? { key: m[1].replace(/''/g, "'") } : {}) });
  });
  hit = out;
  usesCache.set(file, hit);
  return hit;
}
