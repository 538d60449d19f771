/**
 * The rule registry is a public contract: ids and names are stable, every rule is documented
 * with examples that really behave as documented, and the generated docs are up to date.
 * Everything here is derived from ALL_RULES, so it holds for rules that land later.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { ruleDocsUrl } from '../../src/core/meta';
import { ALL_RULES } from '../../src/core/rules';
import type { Rule, RuleExample } from '../../src/core/rules/rule';
import { renderReadmeTable, renderRulesDoc, ruleAnchor, ruleHeading, staleFiles } from '../../scripts/gen-docs';
import { j, lintFiles, show } from './helpers/ruleTester';
import { rel } from './helpers/virtualProject';

const REPO = path.resolve(__dirname, '../..');

/**
 * Ids of rules that were removed. An id is never given to another rule: when a rule is retired,
 * its id moves here (and out of ISSUED_IDS' "live" set) instead of being reused.
 */
const RETIRED_IDS: readonly string[] = [];

/** Every id ever shipped. A rule may be retired, never silently dropped or renumbered. */
const ISSUED_IDS: readonly string[] = [
  'LAC001', 'LAC002', 'LAC003', 'LAC004',
  'LAC010', 'LAC011', 'LAC012', 'LAC013', 'LAC014', 'LAC015',
  'LAC020', 'LAC021', 'LAC022',
  'LAC030', 'LAC031', 'LAC032', 'LAC033', 'LAC034',
  'LAC040', 'LAC041', 'LAC042', 'LAC043', 'LAC044', 'LAC045',
  'LAC050',
  'LAC060', 'LAC061', 'LAC062', 'LAC063', 'LAC064',
  'LAC070', 'LAC071', 'LAC072', 'LAC074',
];

/** A host.json any Standard project has: examples of the other root files are linted with it. */
const HOST_JSON = JSON.stringify(
  { version: '2.0', extensionBundle: { id: 'Microsoft.Azure.Functions.ExtensionBundle.Workflows', version: '[1.*, 2.0.0)' } },
  null,
  2,
);

const STANDARD_ROOT_FILES = new Set(['host.json', 'connections.json', 'parameters.json', 'local.settings.json']);

/**
 * Files a rule's documented example needs around it to be judged: a cross-file rule cannot tell
 * anything from one file alone. An example declares them in comment lines at its end, shown in
 * the docs as they are:
 *
 *     // local.settings.json: { "IsEncrypted": false, "Values": { "X": "..." } }
 *
 * (a relative path, a colon, then the file's JSON on one line). Lines whose JSON does not parse
 * (`{ ... }` shorthand, prose) are documentation only; what such an example needs is given here.
 */
const COMPANIONS: Record<string, { bad?: Record<string, string>; good?: Record<string, string> }> = {
  // "// connections.json: { ..., "serviceBus": { ... } }" in the examples: an empty managed section and a serviceBus built-in connection.
  LAC040: {
    bad: { 'connections.json': j({ managedApiConnections: {}, serviceProviderConnections: { serviceBus: serviceBusConnection() } }) },
    good: { 'connections.json': j({ serviceProviderConnections: { serviceBus: serviceBusConnection() } }) },
  },
  // "the workflows use only serviceBus".
  LAC041: { bad: { 'Orders/workflow.json': workflowUsing('serviceBus') }, good: { 'Orders/workflow.json': workflowUsing('serviceBus') } },
};

function serviceBusConnection(): unknown {
  return { parameterValues: { connectionString: "@appsetting('serviceBus_connectionString')" }, serviceProvider: { id: '/serviceProviders/serviceBus' } };
}

function workflowUsing(connectionName: string): string {
  return j({
    definition: {
      actions: {
        Send_message: {
          type: 'ServiceProvider',
          inputs: {
            parameters: { entityName: 'orders', message: { contentData: 'hello' } },
            serviceProviderConfiguration: { connectionName, operationId: 'sendMessage', serviceProviderId: '/serviceProviders/serviceBus' },
          },
        },
      },
    },
    kind: 'Stateful',
  });
}

const COMPANION_LINE = /^\s*\/\/\s*([\w.-]+(?:\/[\w.-]+)*\.json)\s*:\s*(.+?)\s*$/;

/** Companion files declared by `// <file>: <JSON>` comment lines of an example. */
function declaredCompanions(code: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of code.split(/\r?\n/)) {
    const m = COMPANION_LINE.exec(line);
    if (!m) continue;
    const errors: ParseError[] = [];
    parseJsonc(m[2], errors, { allowTrailingComma: false, disallowComments: true });
    if (errors.length === 0) out[m[1]] = m[2];
  }
  return out;
}

/**
 * The virtual project an example is linted in: a host.json for the files of a Standard project,
 * the companions, and the example itself. `workflow.json` at the root is put in a workflow
 * folder (`Example/workflow.json`), where a Standard project keeps its workflows.
 */
function exampleFiles(rule: Rule, which: 'bad' | 'good'): { files: Record<string, string>; file: string } {
  const ex: RuleExample = rule.meta.docs[which];
  let file = ex.file.replace(/\\/g, '/').replace(/^\.\//, '');
  const base = path.posix.basename(file).toLowerCase();
  if (file.toLowerCase() === 'workflow.json') file = 'Example/workflow.json';
  const files: Record<string, string> = {};
  if (STANDARD_ROOT_FILES.has(base) || base === 'workflow.json') files['host.json'] = HOST_JSON;
  Object.assign(files, declaredCompanions(ex.code), COMPANIONS[rule.meta.id]?.[which] ?? {});
  files[file] = ex.code;
  return { files, file };
}

const isTodo = (s: string): boolean => /\bTODO\b/.test(s) || s.trim() === '';

describe('rule registry', () => {
  it('has rules, in id order', () => {
    assert.ok(ALL_RULES.length > 0);
    const ids = ALL_RULES.map((r) => r.meta.id);
    assert.deepStrictEqual(ids, [...ids].sort());
  });

  it('ids are unique, LACnnn, and never reused', () => {
    const ids = ALL_RULES.map((r) => r.meta.id);
    for (const id of ids) assert.match(id, /^LAC\d{3}$/, `${id} is not LACnnn`);
    assert.strictEqual(new Set(ids).size, ids.length, `duplicate ids: ${ids.filter((id, i) => ids.indexOf(id) !== i)}`);
    for (const id of RETIRED_IDS) assert.ok(!ids.includes(id), `${id} is retired and must not be reused`);
    for (const id of ISSUED_IDS) {
      assert.ok(ids.includes(id) || RETIRED_IDS.includes(id), `${id} was shipped: keep it, or move it to RETIRED_IDS`);
    }
    for (const id of ids) assert.ok(ISSUED_IDS.includes(id), `new rule ${id}: add it to ISSUED_IDS (ids are never reused)`);
  });

  it('names are unique kebab-case and match the rule file name', () => {
    const names = ALL_RULES.map((r) => r.meta.name);
    assert.strictEqual(new Set(names).size, names.length, 'duplicate names');
    for (const r of ALL_RULES) {
      assert.match(r.meta.name, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `${r.meta.id} name "${r.meta.name}" is not kebab-case`);
      const file = path.join(REPO, 'src/core/rules', `${r.meta.id.toLowerCase()}-${r.meta.name}.ts`);
      assert.ok(fs.existsSync(file), `${r.meta.id}: expected the rule in ${path.relative(REPO, file)}`);
    }
  });

  it('docs links point at the rule sections', () => {
    for (const r of ALL_RULES) assert.ok(ruleDocsUrl(r.meta.id).endsWith(`docs/rules.md#${ruleAnchor(r)}`), ruleDocsUrl(r.meta.id));
  });

  it('generated docs (docs/rules.md, README rules table) are up to date', () => {
    assert.deepStrictEqual(staleFiles(), [], 'run `npm run docs` (npx tsx scripts/gen-docs.ts)');
  });

  for (const rule of ALL_RULES) {
    const { id, name } = rule.meta;
    describe(`${id} ${name}`, () => {
      it('has a severity and a fixable flag', () => {
        assert.ok(['error', 'warning', 'info', 'hint'].includes(rule.meta.defaultSeverity), rule.meta.defaultSeverity);
        assert.strictEqual(typeof rule.meta.fixable, 'boolean');
      });

      it('has a one-line description and details (no TODO)', () => {
        assert.ok(!isTodo(rule.meta.description), `${id} description is a placeholder: "${rule.meta.description}"`);
        assert.ok(!rule.meta.description.includes('\n'), `${id} description must be one line`);
        assert.ok(!isTodo(rule.meta.docs.details), `${id} docs.details is a placeholder`);
      });

      it('has bad and good examples that differ', () => {
        for (const which of ['bad', 'good'] as const) {
          const ex = rule.meta.docs[which];
          assert.ok(ex && typeof ex.file === 'string' && ex.file.trim() !== '', `${id} docs.${which}.file`);
          assert.ok(typeof ex.code === 'string' && ex.code.trim() !== '' && !isTodo(ex.code), `${id} docs.${which}.code is empty or TODO`);
        }
        assert.notStrictEqual(rule.meta.docs.bad.code, rule.meta.docs.good.code, `${id}: bad and good examples are the same`);
      });

      // Rules that need Azure are checked with what their docs say Azure answers (docs.azure).
      const azure = (which: 'bad' | 'good') => (rule.meta.requiresAzure ? (rule.meta.docs.azure?.[which] ?? { connections: {} }) : undefined);
      if (rule.meta.requiresAzure) {
        it('documents what Azure answers for its examples', () => {
          assert.ok(rule.meta.docs.azure, `${id} needs Azure: add docs.azure (ARM answers for the bad and good examples)`);
        });
      }
      if (rule.meta.docs.illustrative) {
        it('says why its examples are illustrations', () => assert.ok(!isTodo(rule.meta.docs.illustrative!)));
        return;
      }
      it('the bad example is reported by this rule, in the example file', () => {
        const { files, file } = exampleFiles(rule, 'bad');
        const findings = lintFiles(files, rule, undefined, azure('bad'));
        assert.ok(findings.length > 0, `${id}: the bad example (${file}) gives no finding`);
        assert.ok(
          findings.some((f) => rel(f.file) === file),
          `${id}: no finding in the example file ${file}; got:\n${findings.map(show).join('\n')}`,
        );
      });

      it('the good example is not reported by this rule', () => {
        const { files } = exampleFiles(rule, 'good');
        const findings = lintFiles(files, rule, undefined, azure('good'));
        assert.deepStrictEqual(findings.map(show), [], `${id}: the good example gives findings`);
      });

      it('has a section in docs/rules.md', () => {
        const doc = renderRulesDoc();
        const at = doc.indexOf(`<a id="${ruleAnchor(rule)}"></a>\n\n${ruleHeading(rule)}\n`);
        assert.ok(at >= 0, `${id}: no anchored section "${ruleHeading(rule)}"`);
        const written = fs.existsSync(path.join(REPO, 'docs/rules.md')) ? fs.readFileSync(path.join(REPO, 'docs/rules.md'), 'utf8') : '';
        assert.ok(written.includes(`<a id="${ruleAnchor(rule)}"></a>`) && written.includes(`${ruleHeading(rule)}\n`), `${id}: docs/rules.md lacks the section`);
      });

      it('has a row in the README rules table', () => {
        const row = `| [${id}](docs/rules.md#${ruleAnchor(rule)}) | \`${name}\` |`;
        assert.ok(renderReadmeTable().includes(row));
        const readme = fs.existsSync(path.join(REPO, 'README.md')) ? fs.readFileSync(path.join(REPO, 'README.md'), 'utf8') : '';
        assert.ok(readme.includes(row), `${id}: README.md has no row ${row}`);
      });

      it('has a unit test file', () => {
        const prefix = `${id.toLowerCase()}-`;
        const tests = fs.readdirSync(path.join(REPO, 'test/unit')).filter((f) => f.startsWith(prefix) && f.endsWith('.test.ts'));
        assert.ok(tests.length > 0, `${id} has no test file (test/unit/${prefix}${name}.test.ts)`);
      });
    });
  }
});
