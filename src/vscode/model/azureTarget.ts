// Pure (no `vscode` import): which Azure Resource Manager the extension talks to, and with what.
import { isLoopbackHostname, normaliseArmEndpoint } from '../../core/azure/clouds';
import type { CloudName } from '../../core/types';

/** Environment variables the extension host may carry (tests, `npm start`). */
export const ARM_ENDPOINT_ENV = 'LAC_ARM_ENDPOINT';
export const ACCESS_TOKEN_ENV = 'LAC_ACCESS_TOKEN';

export interface AzureTargetInput {
  cloud: CloudName;
  /** `lac.azure.armEndpoint` from the user's (machine) settings; workspace values are never passed. */
  settingEndpoint?: unknown;
  env: Readonly<Record<string, string | undefined>>;
}

export type AzureTarget =
  /** A loopback ARM endpoint (a local emulator) with LAC_ACCESS_TOKEN: no sign-in. */
  | { mode: 'token'; cloud: CloudName; armEndpoint: string; token: string; source: string }
  /** Sign in with VS Code's Microsoft account; `armEndpoint` when a custom one is set. */
  | { mode: 'sign-in'; cloud: CloudName; armEndpoint?: string; source: string }
  /** The configured endpoint is refused (not https, not loopback, has a path…): nothing Azure runs. */
  | { mode: 'invalid'; cloud: CloudName; problem: string };

/**
 * Decide where Azure calls go. `LAC_ACCESS_TOKEN` is honoured only together with a loopback
 * endpoint (the setting, else `LAC_ARM_ENDPOINT`): a token from the environment is never sent to
 * a real Azure endpoint, and a real sign-in never needs it. `notes` explain what was ignored.
 */
export function resolveAzureTarget(input: AzureTargetInput): { target: AzureTarget; notes: string[] } {
  const notes: string[] = [];
  const fromSetting = typeof input.settingEndpoint === 'string' ? input.settingEndpoint.trim() : '';
  const fromEnv = (input.env[ARM_ENDPOINT_ENV] ?? '').trim();
  const raw = fromSetting || fromEnv;
  const token = (input.env[ACCESS_TOKEN_ENV] ?? '').trim();
  if (!raw) {
    if (token) notes.push(`${ACCESS_TOKEN_ENV} is ignored: the extension uses it only with a loopback ARM endpoint (lac.azure.armEndpoint or ${ARM_ENDPOINT_ENV}, e.g. a local emulator).`);
    return { target: { mode: 'sign-in', cloud: input.cloud, source: 'Azure' }, notes };
  }
  let origin: string;
  try {
    origin = normaliseArmEndpoint(raw);
  } catch (e) {
    const where = fromSetting ? 'lac.azure.armEndpoint' : ARM_ENDPOINT_ENV;
    return { target: { mode: 'invalid', cloud: input.cloud, problem: `${where}: ${e instanceof Error ? e.message : String(e)}` }, notes };
  }
  const loopback = isLoopbackHostname(new URL(origin).hostname);
  if (loopback && token) {
    return { target: { mode: 'token', cloud: input.cloud, armEndpoint: origin, token, source: `the local ARM endpoint ${origin}` }, notes };
  }
  if (token) notes.push(`${ACCESS_TOKEN_ENV} is ignored: ${origin} is not a loopback endpoint.`);
  return { target: { mode: 'sign-in', cloud: input.cloud, armEndpoint: origin, source: `the ARM endpoint ${origin}` }, notes };
}
