import * as path from 'path';
import { pathToFileURL } from 'url';
import { PRODUCT_NAME, REPOSITORY_URL, ruleDocsUrl } from '../../core/meta';
import { ALL_RULES } from '../../core/rules';
import type { Finding, Severity } from '../../core/types';
import type { LintReport } from '../lint';
import { VERSION } from '../version';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The uriBaseId result locations are relative to: the folder lac ran in. */
export const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(s: Severity): SarifLevel {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/**
 * SARIF 2.1.0 (what GitHub code scanning uploads): one run, every rule in tool.driver.rules
 * (so ruleIndex is stable), one result per finding with a 1-based region.
 */
export function formatSarif(report: LintReport): string {
  const index = new Map(ALL_RULES.map((r, i) => [r.meta.id, i]));
  const rules = ALL_RULES.map((r) => {
    const m = r.meta;
    const url = ruleDocsUrl(m.id);
    const details = m.docs.details || m.description;
    return {
      id: m.id,
      name: m.name,
      shortDescription: { text: m.description },
      fullDescription: { text: plainText(details), markdown: details },
      help: { text: `${plainText(details)}\n\n${url}`, markdown: `${details}\n\n[${m.id} ${m.name}](${url})` },
      helpUri: url,
      defaultConfiguration: { level: sarifLevel(m.defaultSeverity) },
      properties: { tags: m.requiresAzure ? ['logic-apps', 'azure'] : ['logic-apps'] },
    };
  });
  const results = report.findings.map((f) => result(f, index.get(f.ruleId), report.cwd));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lac',
            fullName: `${PRODUCT_NAME} (lac)`,
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: REPOSITORY_URL,
            rules,
          },
        },
        invocations: [{ executionSuccessful: true }],
        originalUriBaseIds: { [SRCROOT]: { uri: dirUri(report.cwd) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function result(f: Finding, ruleIndex: number | undefined, cwd: string) {
  return {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(f.file, cwd),
          region: {
            startLine: f.range.start.line + 1,
            startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: f.range.end.character + 1,
          },
        },
      },
    ],
    properties: { jsonPointer: f.pointer },
  };
}

/** A path under the working folder: relative URI against %SRCROOT%; anything else: an absolute file URI. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(cwd, file);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(file).href };
}

function dirUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Markdown to plain text, enough for rule docs: code spans and links lose their markup. */
function plainText(md: string): string {
  return md.replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)').replace(/`([^`]*)`/g, '$1');
}
