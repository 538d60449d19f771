import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const azureDir = path.join(root, 'src/core/azure');
const PURE = ['aadsts', 'clouds', 'connectorChecklist', 'credentials', 'customApis', 'diagnose', 'errors', 'limiter', 'links', 'model', 'redact', 'test'];

describe('azure module loading', function () {
  this.timeout(60_000);

  it('no file under src/core/azure imports vscode', () => {
    for (const f of readdirSync(azureDir).filter((x) => x.endsWith('.ts'))) {
      const text = readFileSync(path.join(azureDir, f), 'utf8');
      assert.ok(!/from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/.test(text), f);
    }
  });

  it('only client.ts imports the Azure SDK at load time; credentials.ts loads @azure/identity inside a function', () => {
    for (const f of PURE) {
      const text = readFileSync(path.join(azureDir, `${f}.ts`), 'utf8');
      const runtimeImports = [...text.matchAll(/^import\s+(?!type\b)[^;]*from\s+['"](@azure\/[^'"]+)['"]/gm)].map((m) => m[1]);
      assert.deepStrictEqual(runtimeImports, [], f);
    }
    assert.ok(/await import\('@azure\/identity'\)/.test(readFileSync(path.join(azureDir, 'credentials.ts'), 'utf8')));
  });

  it('loading the pure modules loads nothing of the Azure SDK (the client does)', () => {
    const script = `
      const count = () => Object.keys(require.cache).filter((k) => k.includes(require('path').join('node_modules', '@azure'))).length;
      for (const f of ${JSON.stringify(PURE)}) require(${JSON.stringify(azureDir)} + '/' + f + '.ts');
      const pure = count();
      require(${JSON.stringify(azureDir)} + '/client.ts');
      console.log(JSON.stringify({ pure, client: count() }));
    `;
    const out = execFileSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { pure: number; client: number };
    assert.strictEqual(r.pure, 0);
    assert.ok(r.client > 0);
  });
});
