/**
 * The entries of a Standard project's connections.json, read once per parsed file: every entry of
 * the five sections (and of any other member, for "it exists only in another section"), looked up
 * by (section, name) exactly or without regard to case.
 */
import type { JsonFile } from '../json/jsonFile';
import { isObject } from '../json/pointer';
import type { JsonPath } from '../types';
import { CONNECTION_SECTIONS, type ConnectionSection } from './sections';

export interface ConnectionEntry {
  section: ConnectionSection;
  name: string;
  /** The entry as written: an object normally; `null` or anything else is an entry the runtime cannot use. */
  value: unknown;
  file: JsonFile;
  /** `[section, name]`. */
  path: JsonPath;
}

export interface ConnectionIndex {
  file: JsonFile | undefined;
  /** The file parsed to a JSON object: names can be judged against it. */
  readable: boolean;
  /** Every entry of the five sections, section by section in file order. */
  entries: readonly ConnectionEntry[];
  /** Whether the section is present as an object. */
  hasSection(section: ConnectionSection): boolean;
  /** The entries of one section, in file order (empty when the section is missing). */
  section(section: ConnectionSection): readonly ConnectionEntry[];
  /** The names of one section, in file order. */
  names(section: string): readonly string[];
  /** The entry named exactly so. */
  get(section: ConnectionSection, name: string): ConnectionEntry | undefined;
  /** The names of the section equal to `name` without regard to case. */
  namesAnyCase(section: string, name: string): readonly string[];
  /** The first other member of connections.json (a section, or an unknown member) holding `name` in any case. */
  elsewhere(section: string, name: string): { section: string; name: string } | undefined;
}

const EMPTY: readonly ConnectionEntry[] = [];

class Index implements ConnectionIndex {
  readonly entries: ConnectionEntry[] = [];
  private readonly bySection = new Map<string, ConnectionEntry[]>();
  private readonly exact = new Map<string, Map<string, ConnectionEntry>>();
  private readonly folded = new Map<string, Map<string, string[]>>();
  private readonly members: Record<string, unknown>;

  constructor(
    readonly file: JsonFile | undefined,
    root: unknown,
  ) {
    this.readable = !!file && file.parsed && isObject(root);
    this.members = isObject(root) ? root : {};
    for (const section of CONNECTION_SECTIONS) {
      const v = this.members[section];
      if (!isObject(v) || !file) continue;
      const list: ConnectionEntry[] = [];
      for (const name of Object.keys(v)) list.push({ section, name, value: v[name], file, path: [section, name] });
      this.bySection.set(section, list);
      for (const e of list) this.entries.push(e);
    }
  }

  readonly readable: boolean;

  hasSection(section: ConnectionSection): boolean {
    return this.bySection.has(section);
  }

  section(section: ConnectionSection): readonly ConnectionEntry[] {
    return this.bySection.get(section) ?? EMPTY;
  }

  names(section: string): readonly string[] {
    const v = this.members[section];
    return isObject(v) ? Object.keys(v) : [];
  }

  get(section: ConnectionSection, name: string): ConnectionEntry | undefined {
    let m = this.exact.get(section);
    if (!m) {
      m = new Map(this.section(section).map((e) => [e.name, e]));
      this.exact.set(section, m);
    }
    return m.get(name);
  }

  namesAnyCase(section: string, name: string): readonly string[] {
    let m = this.folded.get(section);
    if (!m) {
      m = new Map();
      for (const n of this.names(section)) {
        const k = n.toLowerCase();
        const list = m.get(k);
        if (list) list.push(n);
        else m.set(k, [n]);
      }
      this.folded.set(section, m);
    }
    return m.get(name.toLowerCase()) ?? [];
  }

  elsewhere(section: string, name: string): { section: string; name: string } | undefined {
    for (const [s, v] of Object.entries(this.members)) {
      if (s === section || !isObject(v)) continue;
      const hit = Object.prototype.hasOwnProperty.call(v, name) ? name : this.namesAnyCase(s, name)[0];
      if (hit !== undefined) return { section: s, name: hit };
    }
    return undefined;
  }
}

const indexes = new WeakMap<JsonFile, ConnectionIndex>();
const NO_FILE: ConnectionIndex = new Index(undefined, undefined);

/** The entries of a connections.json (memoised per parsed file: a JsonFile never changes). */
export function connectionIndex(file: JsonFile | undefined): ConnectionIndex {
  if (!file) return NO_FILE;
  let hit = indexes.get(file);
  if (!hit) {
    hit = new Index(file, file.value);
    indexes.set(file, hit);
  }
  return hit;
}

/** The `managedApiConnections` entries that are objects, in file order, as `[name, entry]`. */
export function managedEntries(connections: JsonFile | undefined): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  for (const e of connectionIndex(connections).section('managedApiConnections')) if (isObject(e.value)) out.push([e.name, e.value]);
  return out;
}
