/**
 * Real custom connector definitions (../shared/corpus-connectors, 250 folders of
 * microsoft/PowerPlatformConnectors that sign in with OAuth, see its SOURCES.md): linting them must
 * not crash, every folder must be found as a definition, and every error must be a real mistake
 * someone checked in the file. Certified connectors went through Microsoft's review, so an error
 * there is a false error until the file proves otherwise.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintProject } from '../../src/core/engine';
import { discoverOnDisk, readText } from '../../src/core/fs';
import { loadProject } from '../../src/core/project';
import type { Finding } from '../../src/core/types';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus-connectors');

interface Confirmed {
  /** Connector folder, relative to the corpus (`certified-connectors/Egnyte`). */
  connector: string;
  file: string;
  ruleId: string;
  pointer: string;
  /** Why this is a real mistake, checked against the file. */
  reason: string;
}

const TOKEN = '/properties/connectionParameters/token/oAuthSettings/customParameters';

/** Errors that are real mistakes in the corpus, each read in the file. */
const CONFIRMED: readonly Confirmed[] = [
  { connector: 'certified-connectors/Egnyte', file: 'apiProperties.json', ruleId: 'LAC071', pointer: `${TOKEN}/RefreshUrl/value`, reason: 'RefreshUrl is …/ms-flow/oauth/code, the AuthorizationUrl, while TokenUrl is …/ms-flow/oauth/token' },
  { connector: 'certified-connectors/Formstack-Forms', file: 'apiProperties.json', ruleId: 'LAC071', pointer: `${TOKEN}/refreshUrl/value`, reason: 'refreshUrl is https://www.formstack.com/api/v2/oauth2/authorize, the authorizationUrl; tokenUrl is …/oauth2/token' },
  { connector: 'certified-connectors/Tilkee', file: 'apiProperties.json', ruleId: 'LAC071', pointer: `${TOKEN}/refreshUrl/value`, reason: 'refreshUrl is https://app.tilkee.com/v3/oauth/authorize/, the authorizationUrl; tokenUrl is …/v3/oauth/token/' },
  { connector: 'independent-publisher-connectors/Krozu-PM', file: 'apiProperties.json', ruleId: 'LAC071', pointer: `${TOKEN}/refreshUrl/value`, reason: 'refreshUrl is https://global.consent.azure-apim.net/redirect, the consent redirect (also its redirectUrl); tokenUrl is https://app.krozu.com/oauth/token' },
  { connector: 'independent-publisher-connectors/WebexIntegration', file: 'apiProperties.json', ruleId: 'LAC071', pointer: `${TOKEN}/refreshUrl/value`, reason: 'refreshUrl is https://global.consent.azure-apim.net/redirect, the consent redirect (also its redirectUrl); tokenUrl is https://webexapis.com/v1/access_token' },
  { connector: 'certified-connectors/SigningHub', file: 'apiProperties.json', ruleId: 'LAC001', pointer: '', reason: 'not JSON: no comma between the "tenantId" member (closed on line 23) and "resourceUri" on line 24 of customParameters' },
  { connector: 'certified-connectors/ZohoSign', file: 'apiDefinition.swagger.json', ruleId: 'LAC001', pointer: '', reason: 'not JSON: line 14 is indented with two U+2003 EM SPACE characters, which JSON does not allow as whitespace (RFC 8259 §2); JSON.parse and paconn (Python json) reject the file' },
];

const keyOf = (c: { connector: string; file: string; ruleId: string; pointer: string }): string => `${c.connector} | ${c.file} | ${c.ruleId} | ${c.pointer}`;

interface Located {
  connector: string;
  file: string;
  finding: Finding;
}

const show = (l: Located): string => `${keyOf({ connector: l.connector, file: l.file, ruleId: l.finding.ruleId, pointer: l.finding.pointer })}\n      ${l.finding.severity} ${l.finding.message}`;

describe('corpus of real custom connector definitions', function () {
  this.timeout(120_000);

  if (!fs.existsSync(CORPUS)) {
    it('is present', () => {
      assert.fail(`The corpus is missing: expected the custom connector corpus at ${CORPUS} (../shared/corpus-connectors next to the repository).`);
    });
    return;
  }

  const connectors = fs
    .readdirSync(CORPUS)
    .filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory())
    .flatMap((group) =>
      fs
        .readdirSync(path.join(CORPUS, group))
        .filter((d) => fs.statSync(path.join(CORPUS, group, d)).isDirectory())
        .map((d) => `${group}/${d}`),
    )
    .sort();

  let all: Located[] | undefined;
  const lintAll = (): Located[] => {
    if (all) return all;
    const out: Located[] = [];
    for (const layout of discoverOnDisk([CORPUS])) {
      const connector = path.relative(CORPUS, layout.root).split(path.sep).join('/');
      for (const finding of lintProject(loadProject(layout, readText))) {
        out.push({ connector, file: path.relative(layout.root, finding.file).split(path.sep).join('/'), finding });
      }
    }
    return (all = out);
  };
  const errors = () => lintAll().filter((l) => l.finding.severity === 'error');

  it('has the 250 definitions, each found as a custom connector definition', () => {
    assert.strictEqual(connectors.length, 250);
    const layouts = discoverOnDisk([CORPUS]);
    assert.deepStrictEqual(layouts.filter((l) => l.kind !== 'customConnector').map((l) => l.root), [], 'only custom connector definitions');
    assert.deepStrictEqual(layouts.map((l) => path.relative(CORPUS, l.root).split(path.sep).join('/')).sort(), connectors);
    // Every folder has apiProperties.json; all but one have the OpenAPI file next to it, and it joins the definition.
    assert.strictEqual(layouts.filter((l) => l.apiDefinition).length, connectors.filter((c) => fs.existsSync(path.join(CORPUS, c, 'apiDefinition.swagger.json'))).length);
  });

  it('lists each confirmed mistake once, in an existing file', () => {
    const keys = CONFIRMED.map(keyOf);
    assert.deepStrictEqual(keys.filter((k, i) => keys.indexOf(k) !== i), [], 'duplicate entries');
    for (const c of CONFIRMED) {
      assert.ok(fs.existsSync(path.join(CORPUS, c.connector, c.file)), `${keyOf(c)}: no such file`);
      assert.ok(c.reason.trim().length > 0 && !c.reason.includes('\n'), `${keyOf(c)}: give a one-line reason`);
    }
  });

  it('lints all of them without a rule crashing', () => {
    const crashes = lintAll().filter((l) => /^Rule LAC\d+ \(.*\) failed on this project/.test(l.finding.message));
    assert.deepStrictEqual(crashes.map(show), [], 'a rule threw');
  });

  it('reports no error that is not a confirmed real mistake', () => {
    const confirmed = new Set(CONFIRMED.map(keyOf));
    const unexpected = errors().filter((l) => !confirmed.has(keyOf({ connector: l.connector, file: l.file, ruleId: l.finding.ruleId, pointer: l.finding.pointer })));
    assert.deepStrictEqual(unexpected.map(show), [], 'false errors (fix the rule), or real mistakes to add to CONFIRMED after reading the file');
  });

  it('still finds every confirmed mistake', () => {
    const found = new Set(errors().map((l) => keyOf({ connector: l.connector, file: l.file, ruleId: l.finding.ruleId, pointer: l.finding.pointer })));
    const lost = CONFIRMED.filter((c) => !found.has(keyOf(c)));
    assert.deepStrictEqual(lost.map((c) => `${keyOf(c)} (${c.reason})`), [], 'confirmed mistakes no longer reported as errors');
  });

  it('the refresh URL mistakes are fixed with the token URL', () => {
    for (const l of errors().filter((x) => x.finding.ruleId === 'LAC071')) {
      const fix = l.finding.fixes()[0];
      assert.ok(fix?.preferred, `${show(l)}: a preferred fix`);
      const content = fix.edits[0]!.edits[0]!.content;
      assert.match(content, /token/i, `${show(l)}: the fix writes the token URL (${content})`);
    }
  });
});
