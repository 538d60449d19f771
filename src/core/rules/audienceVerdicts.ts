import { judgeSiteAudience, msiSites } from '../audiences';
import { setValue } from '../json/edits';
import { fix, type RuleContext } from './rule';

/**
 * LAC020 and LAC021 share one judgement per written audience (judgeSiteAudience decides which
 * rule a problem belongs to); each rule reports the verdicts that are its own.
 */
export function reportAudienceVerdicts(ctx: RuleContext, rule: 'LAC020' | 'LAC021'): void {
  for (const site of msiSites(ctx.project, ctx.resolve)) {
    const a = site.audience;
    if (!a) continue;
    const v = judgeSiteAudience(a.value, site.target, ctx.cloud);
    if (!v || v.rule !== rule) continue;
    const f = v.fix;
    ctx.report({
      file: a.file,
      path: a.path,
      message: v.message,
      severity: v.severity,
      fixes: f && (() => [fix(f.title, [setValue(a.file, a.path, f.value)], f.preferred)]),
    });
  }
}
