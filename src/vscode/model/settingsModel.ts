// Pure (no `vscode` import): unit-tested in Node.
import { findRule } from '../../core/engine';
import type { CloudName, LintSettings, SeveritySetting } from '../../core/types';

export const CLOUDS: readonly CloudName[] = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'];
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'error', 'warning', 'info', 'hint'];
export const DEFAULT_CLOUD: CloudName = 'AzureCloud';

const ALIASES: Record<string, SeveritySetting> = { warn: 'warning', information: 'info', none: 'off' };

/** The `lac.*` settings of one scope, as read from VS Code. */
export interface RawSettings {
  rules?: unknown;
  cloud?: unknown;
  exclude?: unknown;
}

export interface ExtensionSettings {
  lint: LintSettings;
  exclude: string[];
}

/**
 * Check and normalise the settings: anything invalid is left out (and explained in `problems`,
 * which go to the output channel) rather than failing the lint.
 */
export function normalizeSettings(raw: RawSettings): { settings: ExtensionSettings; problems: string[] } {
  const problems: string[] = [];
  const rules: Record<string, SeveritySetting> = {};
  if (raw.rules !== undefined && raw.rules !== null) {
    if (typeof raw.rules !== 'object' || Array.isArray(raw.rules)) problems.push('lac.rules must be an object of rule id or name to severity.');
    else {
      for (const [key, value] of Object.entries(raw.rules as Record<string, unknown>)) {
        const rule = findRule(key);
        if (!rule) {
          problems.push(`lac.rules: unknown rule "${key}".`);
          continue;
        }
        const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
        const sev = (SEVERITY_SETTINGS as readonly string[]).includes(v) ? (v as SeveritySetting) : ALIASES[v];
        if (!sev) {
          problems.push(`lac.rules: "${key}" must be one of ${SEVERITY_SETTINGS.join(', ')}.`);
          continue;
        }
        rules[rule.meta.id] = sev;
      }
    }
  }
  let cloud = DEFAULT_CLOUD;
  if (raw.cloud !== undefined && raw.cloud !== null && raw.cloud !== '') {
    const c = CLOUDS.find((x) => typeof raw.cloud === 'string' && x.toLowerCase() === raw.cloud.trim().toLowerCase());
    if (c) cloud = c;
    else problems.push(`lac.cloud must be one of ${CLOUDS.join(', ')}; using ${DEFAULT_CLOUD}.`);
  }
  const exclude: string[] = [];
  if (raw.exclude !== undefined && raw.exclude !== null) {
    if (!Array.isArray(raw.exclude)) problems.push('lac.exclude must be an array of glob patterns.');
    else
      for (const g of raw.exclude) {
        if (typeof g === 'string' && g.trim()) exclude.push(g.trim());
        else problems.push('lac.exclude: every entry must be a non-empty glob pattern.');
      }
  }
  return { settings: { lint: { rules, cloud }, exclude }, problems };
}
