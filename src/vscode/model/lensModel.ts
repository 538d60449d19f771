// Pure (no `vscode` import): what the code lenses above connections.json entries say.
import { findAadsts } from '../../core/azure/aadsts';
import type { AzureErrorKind } from '../../core/azure/errors';
import type { ConnectionFact } from '../../core/azureFacts';
import { hasPlaceholder, isExpression } from '../../core/expressions';
import { unhealthy } from '../../core/connections/health';

/** A lens title (with a `$(codicon)`) and its hover. */
export interface LensText {
  title: string;
  tooltip: string;
}

/** The Azure side as the lenses need it: `AzureState['kind']`, and where facts come from when signed in. */
export interface LensAzure {
  kind: 'untrusted' | 'invalid' | 'signed-out' | 'signed-in';
  /** "Azure", or "the local ARM endpoint http://127.0.0.1:…". */
  source?: string;
  /** Whether facts are being fetched (signed in and the store is active). */
  fetching?: boolean;
}

const MAX_REASON = 48;

function short(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > MAX_REASON ? `${t.slice(0, MAX_REASON - 1)}…` : t;
}

const COULD_NOT_CHECK: Record<AzureErrorKind, string> = {
  unauthenticated: 'sign-in rejected',
  forbidden: 'no access',
  'not-found': 'subscription not visible',
  throttled: 'throttled',
  timeout: 'timed out',
  cancelled: 'cancelled',
  network: 'network error',
  server: 'server error',
  'bad-response': 'unexpected answer',
  'insecure-target': 'insecure endpoint',
};

/**
 * The status lens of an entry whose `connection.id` resolved: what Azure says about it (clicking
 * it tests the connection). `fact` is undefined when nothing is known yet.
 */
export function statusLens(name: string, fact: ConnectionFact | undefined, azure: LensAzure): LensText {
  const source = azure.source || 'Azure';
  if (azure.kind !== 'signed-in') {
    const why =
      azure.kind === 'untrusted'
        ? 'The workspace is not trusted: nothing Azure runs here.'
        : azure.kind === 'invalid'
          ? 'The Azure settings are invalid (see the output).'
          : 'Sign in to Azure to check it.';
    return { title: '$(circle-outline) Not checked', tooltip: `"${name}" has not been checked against Azure. ${why} Click to test it.` };
  }
  if (!fact) {
    return azure.fetching === false
      ? { title: '$(circle-outline) Not checked', tooltip: `"${name}" has not been checked against ${source} yet. Click to test it.` }
      : { title: '$(sync~spin) Checking…', tooltip: `Asking ${source} about "${name}"… Click to test it.` };
  }
  if (fact.state === 'not-found') {
    return { title: '$(question) Not found in Azure', tooltip: `${source} says "${name}" does not exist (${fact.code}). Click to test it again.` };
  }
  if (fact.state === 'error') {
    const reason = COULD_NOT_CHECK[fact.error.kind] ?? 'error';
    return {
      title: `$(warning) Could not check: ${reason}`,
      tooltip: `${source} could not tell whether "${name}" works: ${short(fact.error.message)}. Click to test it.`,
    };
  }
  const info = fact.connection;
  const why = unhealthy(info);
  if (!why) {
    if (/^unknown$/i.test(info.status)) return { title: '$(circle-outline) Status unknown', tooltip: `${source} does not report a status for "${name}". Click to test it.` };
    return { title: '$(pass) Connected', tooltip: `${source} reports "${name}" as ${info.status}. Click to test it now.` };
  }
  const aadsts = findAadsts(why.message)[0];
  const reason = short(`${why.code && why.code !== why.status ? why.code : why.status}${aadsts ? ` (AADSTS${aadsts.code})` : ''}`);
  return {
    title: `$(error) Error: ${reason}`,
    tooltip: `${source} reports "${name}" as ${why.status}${why.code && why.code !== why.status ? ` (${why.code})` : ''}${info.authenticatedUser ? `; it was authorized by ${info.authenticatedUser}` : ''}. Click to test it; Authorize to fix it.`,
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The only lens of an entry whose `connection.id` does not resolve to a connection id: why nothing can be tested. */
export function unresolvedLens(entry: Record<string, unknown>): LensText {
  const raw = isObj(entry.connection) ? entry.connection.id : undefined;
  const nothing = 'Test and Authorize need the connection resource id.';
  if (raw === undefined) return { title: '$(circle-slash) No connection.id: nothing to test', tooltip: `This entry has no "connection": { "id" }. ${nothing}` };
  if (typeof raw !== 'string') return { title: '$(circle-slash) connection.id is not a string: nothing to test', tooltip: nothing };
  if (isExpression(raw) || hasPlaceholder(raw) || /@\{|@appsetting|@parameters/i.test(raw)) {
    return {
      title: '$(circle-slash) connection.id does not resolve: nothing to test',
      tooltip: `connection.id uses a value that is not known locally (an app setting missing from local.settings.json Values, a parameter without a literal value, or a deployment placeholder). ${nothing}`,
    };
  }
  return { title: '$(circle-slash) connection.id is not an API connection id: nothing to test', tooltip: `Expected /subscriptions/…/resourceGroups/…/providers/Microsoft.Web/connections/…. ${nothing}` };
}
