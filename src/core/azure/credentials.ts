/**
 * Credentials for the Azure client. `staticTokenCredential` wraps a ready access token (the CLI
 * reads LAC_ACCESS_TOKEN); `createIdentityCredential` loads @azure/identity only when called, so
 * nothing of the Azure SDK is loaded until a credential is needed.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { decodeJwtTimes } from './model';
import { registerSecret } from './redact';

export type { TokenCredential };

/** Environment variable holding a ready ARM access token. */
export const ACCESS_TOKEN_ENV = 'LAC_ACCESS_TOKEN';

/**
 * A credential that always returns `token`. Its expiry is read from the token when it is a JWT,
 * else `expiresOnTimestamp` (default: one hour from now). The token is registered with `redact`.
 */
export function staticTokenCredential(token: string, expiresOnTimestamp?: number): TokenCredential {
  const value = token.trim().replace(/^Bearer\s+/i, '');
  if (!value) throw new Error('The access token is empty.');
  registerSecret(value);
  const jwt = decodeJwtTimes(value);
  const expires = expiresOnTimestamp ?? (jwt?.expiresAt ? Date.parse(jwt.expiresAt) : Date.now() + 3600_000);
  return {
    async getToken(_scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
      return { token: value, expiresOnTimestamp: expires, tokenType: 'Bearer' };
    },
  };
}

/** `staticTokenCredential` from LAC_ACCESS_TOKEN, or undefined when the variable is not set. */
export function credentialFromEnv(env: Record<string, string | undefined> = process.env): TokenCredential | undefined {
  const token = env[ACCESS_TOKEN_ENV];
  return token && token.trim() ? staticTokenCredential(token) : undefined;
}

export type IdentityCredentialOptions =
  | { kind: 'default'; tenantId?: string; authorityHost?: string; managedIdentityClientId?: string }
  | { kind: 'cli'; tenantId?: string }
  | { kind: 'clientSecret'; tenantId: string; clientId: string; clientSecret: string; authorityHost?: string };

/**
 * An @azure/identity credential, loaded lazily (dynamic import inside this function). The
 * returned credential registers every token it hands out with `redact`.
 */
export async function createIdentityCredential(options: IdentityCredentialOptions): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  let credential: TokenCredential;
  switch (options.kind) {
    case 'cli':
      credential = new identity.AzureCliCredential(options.tenantId ? { tenantId: options.tenantId } : {});
      break;
    case 'clientSecret':
      registerSecret(options.clientSecret);
      credential = new identity.ClientSecretCredential(options.tenantId, options.clientId, options.clientSecret, {
        ...(options.authorityHost ? { authorityHost: options.authorityHost } : {}),
      });
      break;
    default:
      credential = new identity.DefaultAzureCredential({
        ...(options.tenantId ? { tenantId: options.tenantId } : {}),
        ...(options.authorityHost ? { authorityHost: options.authorityHost } : {}),
        ...(options.managedIdentityClientId ? { managedIdentityClientId: options.managedIdentityClientId } : {}),
      });
  }
  return registeringCredential(credential);
}

/** Wrap a credential so that every token it returns is registered with `redact`. */
export function registeringCredential(inner: TokenCredential): TokenCredential {
  return {
    async getToken(scopes, options) {
      const t = await inner.getToken(scopes, options);
      if (t) registerSecret(t.token);
      return t;
    },
  };
}

/** The authority host (`https://login.microsoftonline.com`) for a cloud's login host. */
export function authorityHostFor(loginHost: string): string {
  return `https://${loginHost}`;
}
