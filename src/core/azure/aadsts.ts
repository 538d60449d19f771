/**
 * Entra ID sign-in error codes (AADSTS) found in service messages, with what they mean and how
 * to fix them. Facts: docs reference azure-connections.md §5. Pure: no Azure SDK.
 */

export interface AadstsInfo {
  /** The number after `AADSTS`, as written (`700082`). */
  code: string;
  meaning: string;
  fix: string;
  /** The connection itself must be re-authorized (consent) rather than the developer's sign-in. */
  reauthorize: boolean;
}

type Entry = Omit<AadstsInfo, 'code'>;

export const AADSTS_CODES: Readonly<Record<string, Entry>> = {
  '700016': {
    meaning: 'The application was not found in the tenant.',
    fix: 'Check the client id, the tenant and the cloud (a public-cloud app does not exist in a sovereign cloud).',
    reauthorize: false,
  },
  '7000112': {
    meaning: 'The application is disabled.',
    fix: 'Re-enable the application / its service principal in Entra ID.',
    reauthorize: false,
  },
  '7000113': {
    meaning: 'An app-only token was used where a delegated (user) token is needed (for example the Power Platform API).',
    fix: 'Complete the delegated (user) authorization of the connection.',
    reauthorize: true,
  },
  '7000215': {
    meaning: 'Invalid client secret (often the secret\'s id was used instead of its value).',
    fix: 'Create a new client secret and use its value, not its id.',
    reauthorize: false,
  },
  '7000222': {
    meaning: 'The client secret has expired.',
    fix: 'Create a new client secret and use its value.',
    reauthorize: false,
  },
  '65001': {
    meaning: 'Consent has not been granted.',
    fix: 'Re-run the consent (authorize the connection), or have an administrator grant admin consent.',
    reauthorize: true,
  },
  '700082': {
    meaning: 'The refresh token expired after inactivity (typically 90 days).',
    fix: 'Re-authorize the connection.',
    reauthorize: true,
  },
  '50173': {
    meaning: 'The grant was revoked (password change or an administrator revoked sessions).',
    fix: 'Sign in again / re-authorize the connection.',
    reauthorize: true,
  },
  '50076': {
    meaning: 'Multi-factor authentication is required.',
    fix: 'Sign in interactively (and complete MFA), then re-authorize.',
    reauthorize: true,
  },
  '50079': {
    meaning: 'The user must register for multi-factor authentication.',
    fix: 'Register for MFA, then sign in interactively and re-authorize.',
    reauthorize: true,
  },
  '53003': {
    meaning: 'Access was blocked by a Conditional Access policy.',
    fix: 'Meet the policy (device, location, MFA) or have an administrator change it.',
    reauthorize: false,
  },
  '70011': {
    meaning: 'The requested scope is invalid.',
    fix: 'Fix the resource and use `<resource>/.default` as the scope.',
    reauthorize: false,
  },
  '700024': {
    meaning: 'The client assertion is outside its valid time range.',
    fix: 'Check the clock skew, or renew the expired federated assertion.',
    reauthorize: false,
  },
  '90002': {
    meaning: 'The tenant was not found (often the wrong cloud).',
    fix: 'Fix the tenant id or the authority host (cloud).',
    reauthorize: false,
  },
  '500011': {
    meaning: 'The resource principal was not found in the tenant.',
    fix: 'The audience is wrong: check for a typo, a trailing slash or another cloud\'s audience.',
    reauthorize: false,
  },
  '9002313': {
    meaning: 'The token request was malformed (also seen with throttling).',
    fix: 'Inspect the token request; retry with backoff.',
    reauthorize: false,
  },
};

const AADSTS_RE = /\bAADSTS(\d{5,8})\b/g;

/** Every distinct AADSTS code mentioned in `text`, known ones explained, unknown ones listed. */
export function findAadsts(text: string | undefined): AadstsInfo[] {
  if (!text) return [];
  const out: AadstsInfo[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(AADSTS_RE)) {
    const code = m[1]!;
    if (seen.has(code)) continue;
    seen.add(code);
    const known = AADSTS_CODES[code];
    out.push(
      known
        ? { code, ...known }
        : {
            code,
            meaning: 'A sign-in error reported by Entra ID.',
            fix: `Look up AADSTS${code} in the Entra ID error code reference.`,
            reauthorize: false,
          },
    );
  }
  return out;
}

/** One line per code: `AADSTS700082: <meaning> Fix: <fix>`. */
export function explainAadsts(text: string | undefined): string | undefined {
  const found = findAadsts(text);
  if (!found.length) return undefined;
  return found.map((f) => `AADSTS${f.code}: ${f.meaning} Fix: ${f.fix}`).join('\n');
}
