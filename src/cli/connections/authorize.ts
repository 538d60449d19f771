import type { ConnectionInfo } from '../../core/azure';
import { parseCommandArgs } from '../args';
import { AZURE_OPTIONS, AZURE_OPTIONS_HELP, azureFailure, guarded, openSession, parseAzureOptions, resolveConnection, type AzureSession } from '../azure';
import type { Command } from '../command';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io';
import { authorizeAll } from './authorizeAll';
import { authorizeLinksOf, consentIdentity } from './authorizeLinks';

/** Where the consent service sends the browser after sign-in; nothing listens there, the address carries the code. */
export const DEFAULT_REDIRECT_URL = 'http://localhost/lac-consent';

export const AUTHORIZE_HELP = `Usage: lac connections authorize <id|name> [--redirect-url <url>] [--format text|json] [options]
       lac connections authorize <id|name> --code <redirected-address> [options]
       lac connections authorize --all-unauthenticated [--resource-group <name>]... [--format text|json] [options]

Print the links that (re-)authorize an API connection: the Azure portal's Edit API connection
page (always) and, for APIs that sign in with OAuth, the consent link(s) of the connection.
Every link is checked against the active cloud's portal, sign-in and consent hosts first.

The consent link sends the browser, after sign-in, to --redirect-url (default
${DEFAULT_REDIRECT_URL}) with a code: the page does not load, but its address does. Pass that
address (or the code) with --code to complete the authorization.

With --all-unauthenticated (the checklist after a deployment): every connection of the selected
subscriptions that Azure reports as needing a sign-in (Unauthenticated, an expired or revoked
consent, never authorized), one a line with its consent link (OAuth APIs) or portal link.
JSON: {"connections":[{id, name, subscriptionId, resourceGroup, api, status, how, link,
portalLink, consentLinks}], "redirectUrl"}.

Options:
      --all-unauthenticated    every connection that needs a sign-in, one a line
  -g, --resource-group <name>  with --all-unauthenticated: only this resource group (repeatable)
      --redirect-url <url>     where the consent service sends the browser back
      --code <address|code>    complete the consent with the redirected address (or its code)
  -f, --format <format>        text (default) or json
${AZURE_OPTIONS_HELP}

Exit status: 0 links printed (with --code: the connection is connected), 1 the consent did
not connect it, or every consent link Azure gave was refused (none is printed; with
--all-unauthenticated: for one of them), 2 usage, sign-in or network error.
`;

const OPTIONS = {
  ...AZURE_OPTIONS,
  'redirect-url': { type: 'string' },
  code: { type: 'string' },
  'all-unauthenticated': { type: 'boolean' },
  'resource-group': { type: 'string', short: 'g', multiple: true },
} as const;


export const authorizeCommand: Command = {
  name: 'authorize',
  summary: 'print the links that authorize a connection (--all-unauthenticated: each one needing a sign-in)',
  help: AUTHORIZE_HELP,
  run(args: readonly string[], io: CliIO): Promise<number> {
    return guarded(async () => {
      const { values, positionals } = parseCommandArgs('lac connections authorize', args, OPTIONS, true);
      const opts = parseAzureOptions(values, io, ['text', 'json']);
      const all = !!values['all-unauthenticated'];
      if (all && positionals.length) throw new UsageError('lac connections authorize takes a connection or --all-unauthenticated, not both');
      if (all && values.code !== undefined) throw new UsageError('--code completes the consent of one connection: lac connections authorize <id> --code <address>');
      if (!all && values['resource-group']?.length) throw new UsageError('--resource-group goes with --all-unauthenticated');
      if (!all && positionals.length !== 1) throw new UsageError('lac connections authorize needs one connection id or name, or --all-unauthenticated (see lac connections authorize --help)');
      const redirectUrl = values['redirect-url'] ?? DEFAULT_REDIRECT_URL;
      try {
        const u = new URL(redirectUrl);
        if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error();
      } catch {
        throw new UsageError(`--redirect-url needs an absolute http(s) URL, got "${redirectUrl}"`);
      }
      const s = await openSession(opts, io);
      if (all) return authorizeAll(s, redirectUrl, (values['resource-group'] ?? []).flatMap((g) => g.split(',')).map((g) => g.trim()).filter(Boolean));
      const { id } = await resolveConnection(s, positionals[0]!);
      const got = await s.client.getConnection(id);
      if (!got.ok) azureFailure(s, got.error);
      if (values.code !== undefined) return confirm(s, got.value, values.code, redirectUrl);
      return printLinks(s, got.value, redirectUrl);
    });
  },
};

async function printLinks(s: AzureSession, c: ConnectionInfo, redirectUrl: string): Promise<number> {
  const { azure, io, opts } = s;
  const warn = (line: string) => io.stderr.write(`lac: warning: ${azure.redact(line)}\n`);
  const apiRef = c.api.id ? azure.parseManagedApiId(c.api.id) : undefined;
  const got = await authorizeLinksOf(s, c, redirectUrl, await consentIdentity(s));
  for (const w of got.warnings) warn(w);
  const { portalLink, needsConsent, consent, refused } = got;
  for (const r of refused) warn(`consent link refused${r.displayName ? ` (${r.displayName})` : ''}: ${r.reason}`);
  // Consent is needed and no link may be opened: that is a failure, not an empty success.
  const allRefused = needsConsent && consent.length === 0 && refused.length > 0;

  if (opts.format === 'json') {
    const doc = {
      id: azure.redact(c.id),
      name: azure.redact(c.name),
      status: azure.redact(c.status),
      portalLink: portalLink ?? null,
      needsConsent,
      consentLinks: consent,
      ...(consent.length ? { redirectUrl } : {}),
      ...(refused.length ? { refused: azure.redactDeep(refused) } : {}),
      ...(allRefused ? { allConsentLinksRefused: true } : {}),
    };
    io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    return allRefused ? EXIT_FINDINGS : EXIT_OK;
  }
  const out: string[] = [`${azure.redact(c.name)} (${azure.redact(c.status)})`, `  ${azure.redact(c.id)}`, ''];
  if (portalLink) out.push('Authorize in the Azure portal (Edit API connection → Authorize → Save):', `  ${portalLink}`);
  else out.push('No portal link for this connection id.');
  if (consent.length) {
    out.push('');
    for (const l of consent) out.push(`Consent link${l.displayName ? ` (${azure.redact(l.displayName)})` : ''}:`, `  ${l.link}`);
    out.push(
      '',
      `After you sign in, the browser is sent to ${redirectUrl}?code=…, which does not load.`,
      'Copy that address and complete the authorization with:',
      `  lac connections authorize ${azure.redact(c.id)} --code '<address>'`,
    );
  } else if (allRefused) {
    out.push(
      '',
      `Every consent link Azure gave (${refused.length}) was refused: none is opened or printed (the warnings say why).`,
      portalLink ? 'Authorize the connection in the portal with the link above.' : 'Authorize the connection in the Azure portal.',
    );
  } else if (!needsConsent && apiRef) {
    out.push('', 'This API does not sign in with OAuth: authorize it in the portal (keys, connection strings or a managed identity).');
  }
  io.stdout.write(out.join('\n') + '\n');
  return allRefused ? EXIT_FINDINGS : EXIT_OK;
}

async function confirm(s: AzureSession, c: ConnectionInfo, given: string, redirectUrl: string): Promise<number> {
  const { azure, client, io, opts } = s;
  let code = given.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(code)) {
    const r = azure.parseConsentRedirect(code, redirectUrl);
    if (!r.ok) throw new UsageError(`--code: ${azure.redact(r.reason)}${r.error ? ` (${azure.redact(r.error)})` : ''}`);
    code = r.code;
  }
  if (!code) throw new UsageError('--code needs the redirected address or its code');
  azure.registerSecret(code);
  const who = await client.signedInIdentity();
  const r = await client.confirmConsentCode(c.id, {
    code,
    ...(who.ok && who.value.objectId ? { objectId: who.value.objectId } : {}),
    ...(who.ok && who.value.tenantId ? { tenantId: who.value.tenantId } : {}),
  });
  if (!r.ok) azureFailure(s, r.error, 'consent not confirmed');
  const after = await client.getConnection(c.id);
  const status = after.ok ? after.value.status : 'Unknown';
  const connected = after.ok && azure.isConnectedStatus(after.value.status);
  if (opts.format === 'json') {
    io.stdout.write(JSON.stringify(azure.redactDeep({ id: c.id, confirmed: true, status, authenticatedUser: after.ok ? (after.value.authenticatedUser ?? null) : null }), null, 2) + '\n');
  } else {
    const user = after.ok && after.value.authenticatedUser ? ` as ${after.value.authenticatedUser}` : '';
    io.stdout.write(azure.redact(`${c.name}: consent confirmed${user}; status ${status}\n`));
  }
  return connected ? EXIT_OK : EXIT_FINDINGS;
}
