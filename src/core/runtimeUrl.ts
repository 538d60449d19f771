/**
 * What a connection runtime URL must be (`connectionRuntimeUrl`, or the app setting that holds it):
 * an absolute https URL, the connection's `https://….azure-apihub.net/apim/{api}/{id}`. LAC011
 * judges the values written in a project with it; `lac connections keys refresh` and the editor's
 * Refresh Connection Key check the URL Azure returns before writing it.
 */
import { isDynamic } from './expressions';

const SHAPE = "It must be the connection's runtime URL, https://….azure-apihub.net/apim/{api}/{id}.";

/**
 * What is wrong with a runtime URL string, or undefined when it is fine. Expressions
 * (`@appsetting('X')`, `@parameters('X')`…) are not judged unless `literal` (a value about to be
 * written, which must be the URL itself).
 */
export function runtimeUrlProblem(value: string, opts: { literal?: boolean } = {}): string | undefined {
  if (value.trim() === '') return `is empty: ${SHAPE.replace(/^It must be/, 'it must be')}`;
  if (isDynamic(value)) return opts.literal ? `is an expression, not a URL: ${JSON.stringify(value)}. ${SHAPE}` : undefined;
  if (value !== value.trim()) return `has spaces around the URL ${JSON.stringify(value)}: remove them.`;
  if (/\s/.test(value)) return `contains white space: ${JSON.stringify(value)} is not a URL.`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    const hint = /^[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(value) ? ' (the "https://" is missing)' : '';
    return `is not an absolute URL${hint}: ${JSON.stringify(value)}. ${SHAPE}`;
  }
  if (url.protocol === 'http:') return `must use https, not http: ${JSON.stringify(value)}.`;
  if (url.protocol !== 'https:' || !url.hostname) return `is not an https URL: ${JSON.stringify(value)}. ${SHAPE}`;
  return undefined;
}
