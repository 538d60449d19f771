/**
 * A custom connector definition judged without the engine: the OAuth rules LAC070–LAC074 run on
 * a definition read from Azure (a `Microsoft.Web/customApis` resource as Resource Manager returns
 * it), for Diagnose and `lac diagnose`. Only these four rules are loaded, so the Azure bundle does
 * not carry every rule. Findings keep what a report shows: rule, severity, message, where, and the
 * title of the fix a user would apply by hand.
 */
import { JsonFile } from '../json/jsonFile';
import { toPointer } from '../json/pointer';
import type { Project } from '../project';
import lac070 from '../rules/lac070-custom-connector-oauth-settings';
import lac071 from '../rules/lac071-oauth-refresh-url';
import lac072 from '../rules/lac072-oauth-redirect-url';
import lac074 from '../rules/lac074-swagger-security-mismatch';
import type { Rule, RuleContext } from '../rules/rule';
import type { Severity } from '../types';
import { customParameter, identityProviderOf, oauthSettingsOf, setting, settingProperty } from './definition';
import { scopeTokens } from './oauth';

/** The rules that judge a custom connector's OAuth settings. */
export const CONNECTOR_RULES: readonly Rule[] = [lac070, lac071, lac072, lac074];

export interface DefinitionFinding {
  ruleId: string;
  name: string;
  severity: Severity;
  message: string;
  /** JSON Pointer in the resource. */
  pointer: string;
  /** What the quick fix would do (the first fix offered), when there is one. */
  fixTitle?: string;
}

/** A project holding one customApis resource (ARM JSON) as its only file. */
export function projectOfResource(resource: unknown, name = 'customApi'): Project {
  const file = new JsonFile(`${name.replace(/[^A-Za-z0-9._-]+/g, '_') || 'customApi'}.json`, 'armTemplate', JSON.stringify(resource ?? null, null, 2));
  return { kind: 'armTemplate', root: '', hasHost: false, workflows: [file] };
}

/** Run LAC070–LAC074 on a project (never throws: a failing rule is skipped). */
export function lintDefinition(project: Project): DefinitionFinding[] {
  const out: DefinitionFinding[] = [];
  for (const rule of CONNECTOR_RULES) {
    const ctx: RuleContext = {
      project,
      cloud: undefined,
      // These rules do not follow @parameters(): the value is what is written.
      resolve: (file, path, value) => ({ value, file, path }),
      report: (o) => {
        let fixTitle: string | undefined;
        try {
          fixTitle = o.fixes?.().find((f) => !!f)?.title;
        } catch {
          fixTitle = undefined;
        }
        out.push({
          ruleId: rule.meta.id,
          name: rule.meta.name,
          severity: o.severity ?? rule.meta.defaultSeverity,
          message: o.message,
          pointer: toPointer(o.path),
          ...(fixTitle ? { fixTitle } : {}),
        });
      },
    };
    try {
      rule.check(ctx);
    } catch {
      // A rule bug must not break a diagnosis: the other rules still report.
    }
  }
  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };
  return out.sort((a, b) => order[a.severity] - order[b.severity] || a.ruleId.localeCompare(b.ruleId));
}

/** What a definition's OAuth settings say, for a checklist (values as written; secrets never). */
export interface OAuthSummary {
  parameter: string;
  parameterSet?: string;
  identityProvider?: string;
  clientId: boolean;
  firstParty: boolean;
  authorizationUrl?: string;
  tokenUrl?: string;
  refreshUrl?: string;
  redirectUrl?: string;
  redirectMode?: string;
  scopes: string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function oauthSummaries(project: Project): OAuthSummary[] {
  return oauthSettingsOf(project).map((ref) => {
    const p = identityProviderOf(ref)?.toLowerCase();
    const names = p === 'oauth2generic' ? ['authorizationUrlTemplate', 'tokenUrlTemplate', 'refreshUrlTemplate'] : ['authorizationUrl', 'tokenUrl', 'refreshUrl'];
    const [a, t, r] = names.map((n) => str(customParameter(ref, n)?.value));
    const s: OAuthSummary = {
      parameter: ref.parameter,
      clientId: !!str(setting(ref, 'clientId')?.value),
      firstParty: /^\s*true\s*$/i.test(String(settingProperty(ref, 'IsFirstParty') ?? '')),
      scopes: scopeTokens(setting(ref, 'scopes')?.value ?? []) ?? [],
    };
    if (ref.parameterSet !== undefined) s.parameterSet = ref.parameterSet;
    const idp = identityProviderOf(ref);
    if (idp) s.identityProvider = idp;
    if (a) s.authorizationUrl = a;
    if (t) s.tokenUrl = t;
    if (r) s.refreshUrl = r;
    const redirect = str(setting(ref, 'redirectUrl')?.value);
    if (redirect) s.redirectUrl = redirect;
    const mode = str(setting(ref, 'redirectMode')?.value);
    if (mode) s.redirectMode = mode;
    return s;
  });
}
