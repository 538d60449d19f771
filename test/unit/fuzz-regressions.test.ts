/**
 * What the fuzzer (`npm run fuzz`) found, each as the smallest input that shows it. The fixed ones
 * run; the ones still open (in other areas of the product) are pending with their reproducer, to
 * be turned on when their fix lands (and taken off KNOWN_OPEN in fuzz.test.ts).
 */
import * as assert from 'assert';
import { checkInput } from '../fuzz/check';
import { lintProject } from '../../src/core/engine';
import { applyTextEdits } from '../../src/core/json/edits';
import { MAX_MESSAGE, printable } from '../../src/core/printable';
import { MAX_SYNTAX_ERRORS } from '../../src/core/limits';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { virtualProject } from './helpers/virtualProject';

const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/; // eslint-disable-line no-control-regex

const managed = (extra: Record<string, unknown>) =>
  JSON.stringify({
    managedApiConnections: {
      office365: {
        api: { id: '/subscriptions/0000/providers/Microsoft.Web/locations/westeurope/managedApis/office365' },
        connection: { id: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Web/connections/office365' },
        authentication: { type: 'ManagedServiceIdentity' },
        ...extra,
      },
    },
  });

describe('fuzzer findings', () => {
  describe('fixed', () => {
    it('a file cut short: the LAC001 at its end lies inside the file (an empty range at the end)', () => {
      for (const text of ['{"version": "2.0"', '{', '{"version": ', '{"a": [1, 2']) {
        const p = virtualProject({ 'host.json': text });
        const f = lintProject(p).find((x) => x.ruleId === 'LAC001' && /end of file/.test(x.message));
        assert.ok(f, text);
        assert.ok(f.offset + f.length <= text.length, `${JSON.stringify(text)}: ${f.offset}+${f.length}`);
        assert.deepStrictEqual(f.range.end, p.host!.positionAt(text.length));
        assert.deepStrictEqual(checkInput({ 'host.json': text }).failures.filter((x) => x.kind === 'finding-outside-file'), []);
      }
    });

    it('a message quoting a value with a tab, a line break or a control character stays one printable line', () => {
      const name = "@{appsetting('x')}\tname\nnext\u0007\u2028end";
      const wf = JSON.stringify({ definition: { actions: { Send: { type: 'ApiConnection', inputs: { host: { connection: { referenceName: name } } } } } }, kind: 'Stateful' });
      const p = virtualProject({ 'host.json': '{}', 'connections.json': managed({ connectionRuntimeUrl: "@{appsetting('x'\n)" }), 'wf/workflow.json': wf });
      const findings = lintProject(p);
      const lac040 = findings.find((f) => f.ruleId === 'LAC040');
      const lac033 = findings.find((f) => f.ruleId === 'LAC033');
      assert.ok(lac040 && lac033, findings.map((f) => f.ruleId).join(', '));
      for (const f of findings) assert.ok(!UNPRINTABLE.test(f.message), `${f.ruleId}: ${JSON.stringify(f.message)}`);
      assert.ok(lac040.message.includes("@{appsetting('x')}\\tname\\nnext\\u0007\\u2028end"), lac040.message);
      assert.ok(lac033.message.includes("@{appsetting('x'\\n)"), lac033.message);
    });

    it('a reference naming no connection with a 4 MB name: reported by its length, without suggestions or a stub entry (seed "dec04b", input 1595: 3.5 s)', () => {
      const name = 'Z.azure-apihub.net\t>}/\n@ZZappsetting(\u2028😀'.repeat(100_000);
      const wf = JSON.stringify({ definition: { actions: { Send: { type: 'ApiConnection', inputs: { host: { connection: { referenceName: name } } } } } }, kind: 'Stateful' });
      const f = lintProject(virtualProject({ 'host.json': '{}', 'connections.json': managed({}), 'wf/workflow.json': wf })).find((x) => x.ruleId === 'LAC040');
      assert.ok(f);
      assert.match(f.message, /^This managed API connection name is 4,000,000 characters long \('Z\.azure-apihub\.net\\t>\}\/\\n@ZZappsetting\(\\u2028/);
      assert.ok(!UNPRINTABLE.test(f.message));
      assert.ok(f.message.length < 300, f.message);
      assert.deepStrictEqual(f.fixes(), []);
    });

    it('a message is escaped and cut from its first characters only, with the same result as escaping all of it', () => {
      const long = 'a\tb\u2028'.repeat(1_000_000);
      const cut = printable(long);
      assert.strictEqual(cut.length, MAX_MESSAGE);
      assert.ok(cut.endsWith('…'));
      assert.strictEqual(cut, printable(long.slice(0, MAX_MESSAGE + 1)));
      assert.ok(cut.startsWith('a\\tb\\u2028a\\tb'));
      // Exactly MAX_MESSAGE printable characters are kept whole; one more is cut.
      assert.strictEqual(printable('x'.repeat(MAX_MESSAGE)), 'x'.repeat(MAX_MESSAGE));
      assert.strictEqual(printable('x'.repeat(MAX_MESSAGE + 1)), `${'x'.repeat(MAX_MESSAGE - 1)}…`);
    });

    it('a message quoting a huge value is cut to a readable length', () => {
      const name = `@{appsetting('x')}${'n'.repeat(1_000_000)}`;
      const wf = JSON.stringify({ definition: { actions: { Send: { type: 'ApiConnection', inputs: { host: { connection: { referenceName: name } } } } } }, kind: 'Stateful' });
      const f = lintProject(virtualProject({ 'host.json': '{}', 'connections.json': managed({}), 'wf/workflow.json': wf })).find((x) => x.ruleId === 'LAC040');
      assert.ok(f);
      assert.strictEqual(f.message.length, MAX_MESSAGE);
      assert.ok(f.message.endsWith('…'));
    });
    it('a 4 MB resource id full of "@" and "/" is judged by its length, without splitting it (seed "quick1", input 1082; seed "million", input 32347)', () => {
      const junk = '@x y@@z '.repeat(500_000);
      const id = `/subscriptions/@{appsetting('SUB/ID')}/resourceGroups/rg/providers/Microsoft.Web/connectionz/${junk}`;
      const p = virtualProject({ 'host.json': '{}', 'connections.json': managed({}).replace('/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Web/connections/office365', id) });
      const lac012 = lintProject(p).filter((x) => x.ruleId === 'LAC012');
      assert.strictEqual(lac012.length, 1, lac012.map((f) => f.message).join('\n'));
      assert.ok(lac012[0]!.message.length <= MAX_MESSAGE);
      assert.match(lac012[0]!.message, /is 4,\d{3},\d{3} characters long: longer than any resource id/);
      const expression = virtualProject({ 'host.json': '{}', 'connections.json': managed({}).replace('/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Web/connections/office365', `@{appsetting('X')}${junk}`) });
      assert.deepStrictEqual(lintProject(expression).filter((x) => x.ruleId === 'LAC012'), [], 'a value that starts as an expression is not judged');
    });
  });

  describe('old Mac line endings (a lone CR ends a line; seed "million", input 81265)', () => {
    const crOnly = (text: string) => text.replace(/\r?\n/g, '\r');
    const connections = crOnly(['{', '  // the managed connections', '  "managedApiConnections": {', '    "office365": {', '      "api": { "id": "/subscriptions/0000/providers/Microsoft.Web/locations/westeurope/managedApis/office365" },', '      "connection": { "id": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Web/connections/office365" },', '      "authentication": { "type": "ManagedServiceIdentity" }', '    }', '  }', '}'].join('\n'));

    it('a // comment ends at the CR: the entries after it are read, located and fixed inside the file', () => {
      const files = { 'host.json': '{}', 'connections.json': connections, 'local.settings.json': '{ "IsEncrypted": false, "Values": {} }' };
      const p = virtualProject(files);
      const lac010 = lintProject(p).find((f) => f.ruleId === 'LAC010');
      assert.ok(lac010, 'the entry after the comment is read');
      assert.strictEqual(lac010.range.start.line, 3, 'lines counted by CR, as the editor counts them');
      assert.strictEqual(connections.slice(lac010.offset, lac010.offset + lac010.length), '"office365"');
      assert.deepStrictEqual(checkInput(files).failures, []);
      const fix = lac010.fixes().find((f) => f.edits.some((e) => e.file.endsWith('connections.json')))!;
      const edit = fix.edits.find((e) => e.file.endsWith('connections.json'))!;
      const fixed = applyTextEdits(connections, edit.edits);
      assert.ok(!fixed.includes('\n'), 'no LF written into a CR-only file');
      assert.match(fixed, /\r +"connectionRuntimeUrl"/, 'the new member on a line of its own, like its siblings');
    });
  });

  describe('JSONC and fix-all (seed "probe2")', () => {
    it('an entry added after a trailing comma and the fix removing that comma never both apply (input 74)', () => {
      const conns = '{\n  "managedApiConnections": {\n    "servicebus": {\n      "api": { "id": "/subscriptions/x/providers/Microsoft.Web/locations/westeurope/managedApis/servicebus" },\n      "connection": { "id": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/connections/sb" },\n      "connectionRuntimeUrl": "@appsetting(\'rt\')",\n      "authentication": {\n        "type": "Raw",\n        "scheme": "Key",\n      }\n    }\n  }\n}\n';
      assert.deepStrictEqual(checkInput({ 'host.json': '{}', 'connections.json': conns, 'local.settings.json': '{"Values": {"rt": "https://x.azure-apihub.net/apim/servicebus/1"}}' }).failures, []);
    });

    it('a comma right after "{" is a syntax error, not a trailing comma: the file is not edited (input 3374)', () => {
      const text = '{\n  // Office 365 is used by the orders workflow.\n  \n,}\n';
      const p = virtualProject({ 'host.json': '{}', 'connections.json': text });
      assert.strictEqual(p.connections!.parsed, false);
      assert.ok(p.connections!.issues.some((i) => i.kind === 'syntax'));
      const wf = JSON.stringify({ definition: { actions: { Send: { type: 'ApiConnection', inputs: { host: { connection: { referenceName: 'office365' } } } } }, triggers: {} }, kind: 'Stateful' });
      assert.deepStrictEqual(checkInput({ 'host.json': '{}', 'connections.json': text, 'orders/workflow.json': wf }).failures, []);
    });

    it('a connection resource named by an array nested thousands deep is quoted by its kind, without a stack overflow (seed "dec04e", input 15620: LAC015 failed)', () => {
      const deep = '['.repeat(20_000) + '"x"' + ']'.repeat(20_000);
      const resource = `{"type": "Microsoft.Web/connections", "apiVersion": "2016-06-01", "name": ${deep}, "location": "westeurope", "kind": "V1", "properties": {"parameterValueType": "Alternative", "api": {"id": "[subscriptionResourceId('Microsoft.Web/locations/managedApis', 'westeurope', 'sharepointonline')]"}}}`;
      const text = `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0", "resources": [${resource}]}`;
      const findings = lintProject(virtualProject({ 'azuredeploy.json': text }));
      assert.ok(!findings.some((f) => /failed on this project/.test(f.message)), findings.map((f) => f.message).join('\n'));
      assert.ok(findings.some((f) => f.ruleId === 'LAC015' && f.message.includes("The connection resource 'an array'")), findings.map((f) => `${f.ruleId} ${f.message.slice(0, 80)}`).join('\n'));
    });

    it('a text that is no JSON at all: the first 1,000 syntax errors are described, one more finding counts the rest (seed "dec05a", input 132695: 400,000 errors, 2.9 s)', () => {
      // Each backslash outside a string is an error (the fuzzer's input: a 4 MB string that lost its quote).
      const text = '{"a": [' + '\\ @'.repeat(150_000) + ']}';
      const all: ParseError[] = [];
      parseJsonc(text, all, { allowTrailingComma: true });
      assert.ok(all.length > 100_000, `${all.length} errors`);
      const p = virtualProject({ 'host.json': text });
      // What the file keeps does not grow with the errors in it.
      assert.strictEqual(p.host!.issues.length, MAX_SYNTAX_ERRORS + 1);
      const findings = lintProject(p).filter((f) => f.ruleId === 'LAC001');
      assert.strictEqual(findings.length, MAX_SYNTAX_ERRORS + 1);
      assert.strictEqual(findings[0]!.message, 'Unexpected character (found "\\\\").');
      const last = findings[findings.length - 1]!;
      assert.strictEqual(last.message, `${(all.length - MAX_SYNTAX_ERRORS).toLocaleString('en-US')} more syntax errors from here on are not listed. Fix the ones above first: one mistake (a missing quote, bracket or comma) often causes all that follow.`);
      assert.strictEqual(last.offset, all[MAX_SYNTAX_ERRORS]!.offset);
      assert.ok(!lintProject(p).some((f) => f.ruleId === 'LAC004'), 'under the per-file ceiling');
      assert.deepStrictEqual(checkInput({ 'host.json': text }).failures, []);
    });

    it('a 4 MB value with 130,000 bare references: each squiggle is placed without reading the value again (seed "dec05b", input 961140: LAC031 and LAC033 hung)', () => {
      const unit = "\\>#{/\\@appsetting('Z<')/)\\}# ";
      const huge = unit.repeat(Math.ceil(4_000_000 / unit.length));
      const text = managed({ connectionProperties: { authentication: { type: huge, audience: 'https://management.core.windows.net/' } } });
      const p = virtualProject({ 'host.json': '{}', 'connections.json': text });
      const findings = lintProject(p).filter((f) => f.ruleId === 'LAC033' || f.ruleId === 'LAC031');
      assert.ok(findings.length > 0);
      // Every squiggle lies inside the value, where the text maps one to one up to its first escape.
      const valueAt = text.indexOf(JSON.stringify(huge).slice(0, 40));
      for (const f of findings) assert.ok(f.offset >= valueAt && f.offset + f.length <= valueAt + JSON.stringify(huge).length, `${f.ruleId} at ${f.offset}`);
    });

    it('LAC042 quotes a "type" nested thousands deep by its kind, without a stack overflow (input 9529)', () => {
      const deep = '{"a":'.repeat(20_000) + '"x"' + '}'.repeat(20_000);
      const text = `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [{"type": "Microsoft.Logic/workflows", "name": "w", "properties": {"definition": {"parameters": {"$connections": {"type": ${deep}}}, "actions": {}}, "parameters": {"$connections": {"value": {}}}}}]}`;
      const findings = lintProject(virtualProject({ 'azuredeploy.json': text }));
      assert.ok(!findings.some((f) => /failed on this project/.test(f.message)));
      assert.ok(findings.some((f) => f.ruleId === 'LAC042' && /has "type" an object/.test(f.message)));
    });
  });

  describe('fixes keep every comment', () => {
    // LAC003: removing the overridden member used to remove the comments inside it.
    it('LAC003 fix-all keeps the comments of the member it removes', () => {
      const params = '{\n  "a": {\n    // why this value\n    "type": "String",\n    "value": "x"\n  },\n  "a": { "type": "String", "value": "y" }\n}\n';
      assert.deepStrictEqual(checkInput({ 'host.json': '{}', 'connections.json': '{}', 'parameters.json': params }).failures, []);
    });

    // LAC013: "Use … as identity" used to replace the object and the comments in it.
    it('LAC013 identity fix keeps the comments of the object it replaces', () => {
      const conns = managed({ authentication: { type: 'ManagedServiceIdentity', identity: { userAssignedIdentity: "@appsetting('IDENTITY')" } }, connectionRuntimeUrl: "@appsetting('rt')" }).replace(
        '{"userAssignedIdentity":',
        '{ /* the user-assigned identity */ "userAssignedIdentity":',
      );
      assert.deepStrictEqual(checkInput({ 'host.json': '{}', 'connections.json': conns }).failures, []);
    });
  });
});
