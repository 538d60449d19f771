import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../../src/core/rules';
import { COMMANDS, CONFIG_SECTION } from '../../src/vscode/model/ids';
import { CLOUDS, DEFAULT_CLOUD, SEVERITY_SETTINGS } from '../../src/vscode/model/settingsModel';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
const contributes = pkg.contributes;

/** Every `%key%` used in a JSON value. */
function nlsKeys(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') {
    const m = /^%(.+)%$/.exec(v);
    if (m) out.push(m[1]);
  } else if (Array.isArray(v)) v.forEach((x) => nlsKeys(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => nlsKeys(x, out));
  return out;
}

/** What package.nls.json says about a rule (kept in sync with the rule's metadata). */
function ruleNls(meta: { name: string; defaultSeverity: string; description: string }): string {
  return `\`${meta.name}\` (default: ${meta.defaultSeverity}): ${meta.description}`;
}

describe('vscode: package.json contributions', () => {
  it('activation, entry point and trust', () => {
    assert.strictEqual(pkg.main, './dist/extension.js');
    // Views and commands activate implicitly; onUri for the consent flow's return (vscode://…/consent).
    assert.deepStrictEqual(pkg.activationEvents, ['workspaceContains:**/connections.json', 'workspaceContains:**/workflow.json', 'workspaceContains:**/apiProperties.json', 'onUri']);
    assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('every %key% has a text in package.nls.json', () => {
    const missing = nlsKeys(contributes).filter((k) => !(k in nls));
    assert.deepStrictEqual([...new Set(missing)], []);
  });

  it('contributes exactly the commands the extension registers, in its category', () => {
    const ids = contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepStrictEqual(ids, Object.values(COMMANDS).sort());
    for (const c of contributes.commands) {
      assert.strictEqual(c.category, '%category%');
      assert.match(c.title, /^%command\..+\.title%$/);
    }
    assert.strictEqual(nls.category, 'Logic Apps Connections');
    const hidden = contributes.menus.commandPalette.find((m: { command: string }) => m.command === COMMANDS.showRuleDocumentation);
    assert.strictEqual(hidden?.when, 'false', 'lac.showRuleDocumentation is internal');
  });

  it('tree-only commands are hidden from the palette; every menu names a contributed command', () => {
    const known = new Set(contributes.commands.map((c: { command: string }) => c.command));
    const palette = new Map(contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
    for (const id of [COMMANDS.copyResourceId, COMMANDS.showConnectionJson, COMMANDS.revealInConnectionsJson, COMMANDS.deleteConnection]) {
      assert.strictEqual(palette.get(id), 'false', `${id} is tree-only`);
    }
    for (const id of [COMMANDS.testConnection, COMMANDS.authorizeConnection, COMMANDS.diagnoseConnection, COMMANDS.openInPortal, COMMANDS.refreshConnectionKey, COMMANDS.refresh]) {
      assert.notStrictEqual(palette.get(id), 'false', `${id} is in the palette`);
    }
    for (const [menu, items] of Object.entries(contributes.menus as Record<string, { command: string }[]>)) {
      for (const m of items) assert.ok(known.has(m.command), `${menu}: ${m.command} is contributed`);
    }
    const del = contributes.menus['view/item/context'].find((m: { command: string }) => m.command === COMMANDS.deleteConnection);
    assert.match(del.when, /isWorkspaceTrusted/, 'Delete is never offered in an untrusted workspace');
  });

  it('the activity bar container holds the Workspace and Azure views, with welcome content', () => {
    const [container] = contributes.viewsContainers.activitybar;
    assert.ok(fs.existsSync(path.join(ROOT, container.icon)), container.icon);
    const views = contributes.views[container.id].map((v: { id: string }) => v.id);
    assert.deepStrictEqual(views, ['lac.workspace', 'lac.azure']);
    const welcome = contributes.viewsWelcome.map((w: { view: string; contents: string }) => `${w.view} ${nls[w.contents.replace(/%/g, '')]}`).join('\n');
    assert.match(welcome, /lac\.azure [^\n]*[\s\S]*\[Sign In to Azure\]\(command:lac\.signIn\)/);
    assert.match(welcome, /lac\.workspace No Logic Apps project found/);
    assert.match(welcome, /No API connections/);
  });

  it(`${CONFIG_SECTION}.rules lists every rule by id and by name, with the rule's description`, () => {
    const rules = contributes.configuration.properties[`${CONFIG_SECTION}.rules`];
    assert.strictEqual(rules.type, 'object');
    assert.strictEqual(rules.additionalProperties, false);
    const expected = new Set<string>();
    const stale: string[] = [];
    for (const r of ALL_RULES) {
      for (const key of [r.meta.id, r.meta.name]) {
        expected.add(key);
        const prop = rules.properties[key];
        assert.ok(prop, `package.json ${CONFIG_SECTION}.rules.properties lacks "${key}"; add it like the others`);
        assert.deepStrictEqual(prop.enum, SEVERITY_SETTINGS);
        assert.strictEqual(prop.markdownDescription, `%config.rules.${r.meta.id}.description%`);
      }
      assert.strictEqual(rules.properties[r.meta.name].doNotSuggest, true, 'names validate but only ids are suggested');
      const want = ruleNls(r.meta);
      if (nls[`config.rules.${r.meta.id}.description`] !== want) stale.push(`  ${JSON.stringify(`config.rules.${r.meta.id}.description`)}: ${JSON.stringify(want)},`);
    }
    assert.deepStrictEqual(Object.keys(rules.properties).sort(), [...expected].sort(), 'no properties for rules that do not exist');
    assert.deepStrictEqual(stale, [], `package.nls.json describes rules differently from their metadata; use:\n${stale.join('\n')}`);
    const pattern = Object.keys(rules.patternProperties)[0];
    assert.ok(new RegExp(pattern).test('lac041'), 'ids in any case are valid');
  });

  it(`${CONFIG_SECTION}.cloud and ${CONFIG_SECTION}.exclude`, () => {
    const props = contributes.configuration.properties;
    assert.deepStrictEqual(props[`${CONFIG_SECTION}.cloud`].enum, CLOUDS);
    assert.strictEqual(props[`${CONFIG_SECTION}.cloud`].default, DEFAULT_CLOUD);
    assert.strictEqual(props[`${CONFIG_SECTION}.cloud`].enumDescriptions.length, CLOUDS.length);
    assert.deepStrictEqual(props[`${CONFIG_SECTION}.exclude`].default, []);
    assert.strictEqual(props[`${CONFIG_SECTION}.exclude`].items.type, 'string');
  });

  it('contributes the editor schemas the build generates (checked in vscode-jsonSupport.test.ts)', () => {
    assert.deepStrictEqual(
      contributes.jsonValidation.map((v: { url: string }) => v.url),
      ['./dist/schemas/connections.schema.json', './dist/schemas/syntax.schema.json'],
    );
  });
});

describe('vscode: pure modules stay testable without an editor', () => {
  const importsVscode = /from ['"]vscode['"]|require\(['"]vscode['"]\)/;
  const MARKER = '// Pure (no `vscode` import)';
  const tsFiles = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

  it('src/vscode/model holds the editor-free files: each is marked pure and imports no vscode', () => {
    const dir = path.join(ROOT, 'src/vscode/model');
    const files = tsFiles(dir);
    assert.ok(files.length >= 8, files.join(', '));
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      assert.ok(text.startsWith(MARKER), `${path.relative(ROOT, f)} lacks the marker`);
      assert.ok(!importsVscode.test(text), `${path.relative(ROOT, f)} imports vscode`);
    }
  });

  it('the adapters stand apart: every other file of src/vscode imports vscode (or only its types), or only wires adapters', () => {
    const model = path.join(ROOT, 'src/vscode/model') + path.sep;
    for (const f of tsFiles(path.join(ROOT, 'src/vscode')).filter((x) => !x.startsWith(model))) {
      const text = fs.readFileSync(f, 'utf8');
      assert.ok(!text.startsWith(MARKER), `${path.relative(ROOT, f)} is marked pure: move it to src/vscode/model`);
    }
  });

  it('the unit tests of src/vscode import no vscode', () => {
    for (const f of fs.readdirSync(__dirname).filter((x) => x.startsWith('vscode-'))) {
      assert.ok(!importsVscode.test(fs.readFileSync(path.join(__dirname, f), 'utf8')), `${f} imports vscode`);
    }
  });
});
