/**
 * VS Code's JSON support and our rules never report the same problem twice: the schemas the
 * extension contributes (package.json `jsonValidation`, generated into dist/schemas/ by the build
 * from schemas/connections.schema.json) validate nothing LAC002 reports and allow comments and
 * trailing commas, which LAC001 reports. Checked with vscode-json-languageservice, the library
 * behind VS Code's JSON support, configured as VS Code configures it for `json` documents.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { getLanguageService, type JSONSchema } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import pkg from '../../package.json';

// The build's own code (scripts/gen-validators.mjs writes dist/schemas/ with it).
const { editorSchema } = require('../../scripts/editorSchemas.cjs') as { editorSchema: (s: unknown) => unknown };
const ROOT = path.resolve(__dirname, '../..');
const read = (rel: string) => JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8')) as JSONSchema;

interface Contribution {
  fileMatch: string[];
  url: string;
}

/** The language service with the contributed schemas, the way VS Code loads them for a `json` document. */
function service(schemas: Record<string, JSONSchema>) {
  const ls = getLanguageService({});
  const contributed = (pkg as unknown as { contributes: { jsonValidation: Contribution[] } }).contributes.jsonValidation;
  ls.configure({
    validate: true,
    allowComments: false,
    schemas: contributed.map((c) => ({ uri: `lac:///${c.url}`, fileMatch: c.fileMatch.map((f) => `*/${f}`), schema: schemas[c.url] })),
  });
  return async (name: string, text: string) => {
    const doc = TextDocument.create(`file:///project/${name}`, 'json', 1, text);
    const problems = await ls.doValidation(doc, ls.parseJSONDocument(doc), { comments: 'error', trailingCommas: 'error' });
    return problems.map((p) => (typeof p.message === 'string' ? p.message : String(p.message)));
  };
}

describe('vscode: the editor schemas leave our problems to our rules', () => {
  const source = read('schemas/connections.schema.json');
  const schemas: Record<string, JSONSchema> = {
    './dist/schemas/connections.schema.json': editorSchema(source) as JSONSchema,
    './dist/schemas/syntax.schema.json': { allowComments: true, allowTrailingCommas: true } as JSONSchema,
  };

  it('package.json contributes the generated schemas; the build writes them', () => {
    const contributed = (pkg as unknown as { contributes: { jsonValidation: Contribution[]; languages: { id: string; filenames: string[] }[] } }).contributes;
    assert.deepStrictEqual(
      contributed.jsonValidation.map((c) => `${c.fileMatch.join(',')} ${c.url}`),
      ['connections.json ./dist/schemas/connections.schema.json', 'workflow.json,parameters.json,local.settings.json,host.json ./dist/schemas/syntax.schema.json'],
    );
    // local.settings.json is JSON with comments for the tools that read it (Functions Core Tools, the Logic Apps extension).
    assert.deepStrictEqual(contributed.languages, [{ id: 'jsonc', filenames: ['local.settings.json'] }]);
    const built = path.join(ROOT, 'dist/schemas/connections.schema.json');
    if (fs.existsSync(built)) assert.deepStrictEqual(JSON.parse(fs.readFileSync(built, 'utf8')), schemas['./dist/schemas/connections.schema.json']);
  });

  it('connections.json: unknown sections and properties, wrong types and missing ids are LAC002s alone', async () => {
    const validate = service(schemas);
    const wrong = JSON.stringify({
      managedApiConnection: {},
      managedApiConnections: {
        office365: { api: {}, connection: 42, connectionRuntimeUrl: true, authentication: 'plain text', extra: 1 },
        broken: 'not an object',
      },
      serviceProviderConnections: { sb: { serviceProvider: { id: 'serviceBus' }, parameterValues: [] } },
      functionConnections: { f: {} },
    });
    assert.deepStrictEqual(await validate('connections.json', wrong), []);
    // The source schema does report them: the editor schema is what changes that.
    const strict = service({ ...schemas, './dist/schemas/connections.schema.json': source });
    assert.ok((await strict('connections.json', wrong)).length >= 5);
  });

  it('comments and trailing commas are LAC001s alone, in every project file', async () => {
    const validate = service(schemas);
    const text = '{\n  // why\n  "a": {"b": 1,},\n  /* more */\n}\n';
    for (const name of ['connections.json', 'workflow.json', 'parameters.json', 'local.settings.json', 'host.json']) {
      assert.deepStrictEqual(await validate(name, text), [], name);
    }
    // Elsewhere VS Code still says so.
    assert.ok((await validate('package.json', text)).some((m) => /Comments are not permitted/.test(m)));
  });

  it('hover and completion are kept: descriptions, properties, snippets', () => {
    const s = schemas['./dist/schemas/connections.schema.json'] as Record<string, unknown> & { properties: Record<string, JSONSchema>; definitions: Record<string, JSONSchema> };
    assert.deepStrictEqual(Object.keys(s.properties), Object.keys((source as { properties: object }).properties));
    assert.ok(s.properties.managedApiConnections!.defaultSnippets?.length);
    assert.match(String(s.properties.managedApiConnections!.markdownDescription), /referenceName/);
    assert.ok((s.definitions.managedApiConnection!.properties!.connectionRuntimeUrl as JSONSchema).markdownDescription);
    assert.strictEqual(s.$id, undefined);
  });
});
