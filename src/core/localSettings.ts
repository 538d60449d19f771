/**
 * local.settings.json for the connection commands (the CLI's `lac connections keys refresh` and the
 * editor's Refresh Connection Key): which app settings hold a managed connection's key and runtime
 * URL, and setting them while keeping comments, formatting, BOM and line endings.
 *
 * Pure: no file system, no Azure SDK. Works on anything carrying the project's parameters.json and
 * local.settings.json as `JsonFile`s (the core `Project`, the CLI's project on disk).
 */
import { wholeRef } from './expressions';
import { followParameters } from './resolve';
import { applyTextEdits, setValue } from './json/edits';
import { JsonFile } from './json/jsonFile';
import type { TextEdit } from './types';

/** What these functions read of a project. */
export interface SettingsSource {
  parameters?: JsonFile;
  localSettings?: JsonFile;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const own = (o: Json, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The text of a new local.settings.json (before the settings are set). */
export const NEW_LOCAL_SETTINGS = '{\n  "IsEncrypted": false,\n  "Values": {}\n}\n';

/** local.settings.json `Values` (empty when missing). */
export function localSettingValues(p: SettingsSource): Json {
  const v = isObj(p.localSettings?.value) ? (p.localSettings!.value as Json).Values : undefined;
  return isObj(v) ? v : {};
}

/** An app setting by name (exact, else case-insensitive, as app settings are). */
export function findAppSetting(p: SettingsSource, name: string): { key: string; value: unknown } | undefined {
  const values = localSettingValues(p);
  const key = own(values, name) ? name : Object.keys(values).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : { key, value: values[key] };
}

/** The app setting a whole-value `@appsetting('X')` (through parameters) names. */
export function appSettingNameOf(p: SettingsSource, value: unknown): string | undefined {
  const v = followParameters(p, value);
  if (typeof v !== 'string') return undefined;
  const ref = wholeRef(v);
  return ref?.fn === 'appsetting' ? ref.name : undefined;
}

/** Where the project keeps a managed connection's key: `authentication.parameter` → `@appsetting('X')`, else `<name>-connectionKey`. */
export function connectionKeySetting(p: SettingsSource, name: string, entry: Json): string {
  const auth = followParameters(p, entry.authentication);
  const fromAuth = isObj(auth) ? appSettingNameOf(p, auth.parameter) : undefined;
  const wanted = fromAuth ?? `${name}-connectionKey`;
  return findAppSetting(p, wanted)?.key ?? wanted;
}

/**
 * Where the project keeps the runtime URL, if it keeps it in an app setting: the setting that
 * `connectionRuntimeUrl` refers to, or an existing `<name>-connectionRuntimeUrl`.
 */
export function runtimeUrlSetting(p: SettingsSource, name: string, entry: Json): string | undefined {
  const referenced = appSettingNameOf(p, entry.connectionRuntimeUrl);
  if (referenced) return findAppSetting(p, referenced)?.key ?? referenced;
  return findAppSetting(p, `${name}-connectionRuntimeUrl`)?.key;
}

/** The connection key the project uses locally (for its expiry), if any. */
export function connectionKeyValue(p: SettingsSource, name: string, entry: Json): string | undefined {
  const v = findAppSetting(p, connectionKeySetting(p, name, entry))?.value;
  return typeof v === 'string' && v.trim() ? v : undefined;
}

/** Whether the entry's authentication reads the key from that app setting (`Raw` + `@appsetting('X')`). */
export function usesKeySetting(p: SettingsSource, entry: Json, setting: string): boolean {
  const auth = followParameters(p, entry.authentication);
  const named = isObj(auth) ? appSettingNameOf(p, auth.parameter) : undefined;
  return !!named && named.toLowerCase() === setting.toLowerCase();
}

export type AppSettingsUpdate =
  | { ok: true; text: string; changed: string[] }
  | { ok: false; reason: 'syntax' | 'not-object' | 'values-not-object' | 'unsafe'; message: string };

/**
 * Set app settings in local.settings.json `Values` (`raw`: its text, BOM included; undefined when
 * the file does not exist: a new one is made). Comments, formatting, BOM and line endings are kept;
 * `Values` is added when missing. `changed`: the settings whose value changed.
 */
export function setAppSettings(raw: string | undefined, filePath: string, settings: Readonly<Record<string, string>>): AppSettingsUpdate {
  const source = raw ?? NEW_LOCAL_SETTINGS;
  const bom = source.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  let text = bom ? source.slice(1) : source;
  const changed: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    const file = new JsonFile(filePath, 'localSettings', text);
    if (!file.parsed) return { ok: false, reason: 'syntax', message: 'it has syntax errors' };
    if (!isObj(file.value)) return { ok: false, reason: 'not-object', message: 'it is not a JSON object' };
    if (own(file.value, 'Values') && !isObj(file.value.Values)) return { ok: false, reason: 'values-not-object', message: '"Values" is not an object' };
    const current = isObj(file.value.Values) ? (file.value.Values as Json)[key] : undefined;
    if (current === value) continue;
    const edit = setValue(file, ['Values', key], value);
    if (!edit) return { ok: false, reason: 'unsafe', message: 'the file cannot be edited safely' };
    text = applyTextEdits(text, edit.edits);
    changed.push(key);
  }
  return { ok: true, text: bom + text, changed };
}

/**
 * The one edit that turns `before` into `after` (common prefix and suffix left alone), so that an
 * editor keeps cursors, folding and undo history outside the changed part. Undefined when equal.
 */
export function minimalTextEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  // Never split a surrogate pair or a CRLF.
  while (start > 0 && (isLowSurrogate(before.charCodeAt(start)) || (before[start] === '\n' && before[start - 1] === '\r'))) start--;
  while (endB < before.length && endA < after.length && (isLowSurrogate(before.charCodeAt(endB)) || (before[endB] === '\n' && before[endB - 1] === '\r'))) {
    endB++;
    endA++;
  }
  return { offset: start, length: endB - start, content: after.slice(start, endA) };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
