/**
 * `lac connections authorize --all-unauthenticated`: the checklist after a deployment. Every
 * connection of the selected subscriptions that Azure reports as needing a sign-in, one a line,
 * with the link that signs it in: its consent link for an OAuth API, else its portal page.
 */
import type { ConnectionInfo } from '../../core/azure';
import { cell, listConnections, table, type AzureSession } from '../azure';
import { EXIT_FINDINGS, EXIT_OK, plural } from '../io';
import { authorizeLinksOf, consentIdentity, type AuthorizeLinks } from './authorizeLinks';

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

interface Row {
  c: ConnectionInfo;
  links: AuthorizeLinks;
  how: 'consent' | 'portal' | 'none';
  link?: string;
}

export async function authorizeAll(s: AzureSession, redirectUrl: string, resourceGroups: string[]): Promise<number> {
  const { azure, io, opts } = s;
  const { connections, subscriptionCount } = await listConnections(s);
  const groups = resourceGroups.map(lower);
  const selected = connections
    .filter((c) => azure.needsSignIn(c) && (!groups.length || groups.includes(lower(c.resourceGroup))))
    .sort((a, b) => lower(a.subscriptionId).localeCompare(lower(b.subscriptionId)) || lower(a.resourceGroup).localeCompare(lower(b.resourceGroup)) || lower(a.name).localeCompare(lower(b.name)));
  const identity = await consentIdentity(s);
  const apis = new Map();
  // Many at once: the client's limits hold every subscription to its rate.
  const rows: Row[] = await Promise.all(
    selected.map(async (c) => {
      const links = await authorizeLinksOf(s, c, redirectUrl, identity, apis);
      const consent = links.consent[0]?.link;
      const how: Row['how'] = consent ? 'consent' : links.portalLink ? 'portal' : 'none';
      return { c, links, how, ...(consent ? { link: consent } : links.portalLink ? { link: links.portalLink } : {}) };
    }),
  );
  const warn = (line: string) => io.stderr.write(`lac: warning: ${azure.redact(line)}\n`);
  for (const r of rows) {
    for (const w of r.links.warnings) warn(`${r.c.name}: ${w}`);
    for (const x of r.links.refused) warn(`${r.c.name}: consent link refused${x.displayName ? ` (${x.displayName})` : ''}: ${x.reason}`);
  }
  const stuck = rows.filter((r) => r.how === 'none' || (r.links.needsConsent && !r.links.consent.length && r.links.refused.length > 0));
  const code = stuck.length ? EXIT_FINDINGS : EXIT_OK;

  if (opts.format === 'json') {
    const doc = {
      connections: rows.map((r) => ({
        id: r.c.id,
        name: r.c.name,
        subscriptionId: r.c.subscriptionId ?? null,
        resourceGroup: r.c.resourceGroup ?? null,
        api: r.c.api.name ?? null,
        status: r.c.status,
        how: r.how,
        link: r.link ?? null,
        portalLink: r.links.portalLink ?? null,
        consentLinks: r.links.consent,
      })),
      redirectUrl,
    };
    io.stdout.write(JSON.stringify(azure.redactDeep(doc), null, 2) + '\n');
    return code;
  }
  if (!rows.length) {
    io.stdout.write(`no connection needs a sign-in in ${plural(subscriptionCount, 'subscription')}\n`);
    return EXIT_OK;
  }
  const body = rows.map((r) => [r.c.name, r.c.status, r.c.resourceGroup, r.how, r.link ?? 'no link (see the warnings)'].map(cell));
  const out = [azure.redact(table(['NAME', 'STATUS', 'RESOURCE GROUP', 'HOW', 'LINK'], body)).trimEnd(), ''];
  out.push(`${plural(rows.length, 'connection')} need${rows.length === 1 ? 's' : ''} a sign-in.`);
  if (rows.some((r) => r.how === 'consent')) {
    out.push(
      `A consent link sends the browser, after the sign-in, to ${redirectUrl}?code=…; complete each with`,
      `  lac connections authorize <id> --code '<that address>'`,
    );
  }
  if (rows.some((r) => r.how === 'portal')) out.push('A portal link opens Edit API connection: Authorize, sign in, Save.');
  io.stdout.write(out.join('\n') + '\n');
  return code;
}
