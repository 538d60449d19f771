import * as assert from 'assert';
import { enabledGlobs, expandBraces, globToRegExps, inSkippedFolder, isProjectFileName, PathFilter } from '../../src/vscode/model/exclude';

const matches = (glob: string, p: string, mode: 'anchored' | 'suffix') => globToRegExps(glob, { mode }).some((re) => re.test(p));

describe('vscode: exclusion globs', () => {
  it('expands braces, nested too', () => {
    assert.deepStrictEqual(expandBraces('**/*.{json,jsonc}'), ['**/*.json', '**/*.jsonc']);
    assert.deepStrictEqual(expandBraces('{a,b{c,d}}/x'), ['a/x', 'bc/x', 'bd/x']);
    assert.deepStrictEqual(expandBraces('no-braces'), ['no-braces']);
    assert.deepStrictEqual(expandBraces('un{balanced'), ['un{balanced']);
  });

  it('anchored globs (files.exclude) match from the folder root, and everything below a match', () => {
    assert.ok(matches('**/.git', '.git/config', 'anchored'));
    assert.ok(matches('**/.git', 'a/.git', 'anchored'));
    assert.ok(!matches('**/.git', 'my.git/x', 'anchored'), '**/ is whole folders');
    assert.ok(matches('samples', 'samples/connections.json', 'anchored'));
    assert.ok(!matches('samples', 'x/samples/connections.json', 'anchored'));
    assert.ok(matches('deploy/*.json', 'deploy/a.json', 'anchored'));
    assert.ok(!matches('deploy/*.json', 'deploy/x/a.json', 'anchored'));
    assert.ok(matches('**/[Bb]in/**', 'x/Bin/y.json', 'anchored'));
    assert.ok(matches('a?c', 'abc', 'anchored'));
  });

  it('suffix globs (lac.exclude, like lac --ignore) also match at any depth', () => {
    assert.ok(matches('samples', 'x/samples/connections.json', 'suffix'));
    assert.ok(!matches('samples', 'x/mysamples/connections.json', 'suffix'));
    assert.ok(matches('legacy/**', 'apps/legacy/wf/workflow.json', 'suffix'));
    assert.ok(matches('./deploy/', 'deploy/a.json', 'suffix'));
  });

  it('files.exclude: only entries switched on', () => {
    assert.deepStrictEqual(enabledGlobs({ '**/.git': true, '**/x': false, '**/*.js': { when: '$(basename).ts' } }), ['**/.git']);
    assert.deepStrictEqual(enabledGlobs(undefined), []);
    assert.deepStrictEqual(enabledGlobs(['x']), []);
  });

  it('never descends into the skipped folders', () => {
    assert.ok(inSkippedFolder('node_modules/x/connections.json'));
    assert.ok(inSkippedFolder('a/workflow-designtime/host.json'));
    assert.ok(inSkippedFolder('src/bin/Debug/connections.json'));
    assert.ok(!inSkippedFolder('bin.json'));
    assert.ok(!inSkippedFolder('binaries/connections.json'));
  });

  it('a PathFilter combines everything and gives findFiles one flat exclude glob', () => {
    const f = new PathFilter(['**/.git', '**/*.{tmp,bak}'], ['samples', 'deploy/**']);
    assert.ok(f.excludes('node_modules/a/connections.json'));
    assert.ok(f.excludes('.git/host.json'));
    assert.ok(f.excludes('x.bak'));
    assert.ok(f.excludes('a/samples/connections.json'));
    assert.ok(f.excludes('deploy/host.json'));
    assert.ok(!f.excludes('orders/workflow.json'));
    const glob = f.searchExclude();
    assert.ok(glob.startsWith('{') && glob.endsWith('}'));
    const inner = glob.slice(1, -1);
    assert.ok(!/[{}]/.test(inner), `VS Code globs cannot nest braces: ${glob}`);
    for (const g of ['**/node_modules/**', '**/.git', '**/*.tmp', '**/*.bak', '**/samples', '**/deploy/**']) assert.ok(inner.split(',').includes(g), `${g} in ${glob}`);
  });

  it('recognises project file names', () => {
    assert.ok(isProjectFileName('Connections.json'));
    assert.ok(isProjectFileName('local.settings.json'));
    assert.ok(!isProjectFileName('package.json'));
    assert.ok(isProjectFileName('apiProperties.json') && isProjectFileName('apiDefinition.swagger.json'), 'custom connector definitions');
  });
});
