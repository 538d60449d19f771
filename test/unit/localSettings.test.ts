import * as assert from 'assert';
import { parse as parseJsonc } from 'jsonc-parser';
import { applyTextEdits } from '../../src/core/json/edits';
import { JsonFile } from '../../src/core/json/jsonFile';
import {
  connectionKeySetting,
  connectionKeyValue,
  minimalTextEdit,
  NEW_LOCAL_SETTINGS,
  runtimeUrlSetting,
  setAppSettings,
  usesKeySetting,
} from '../../src/core/localSettings';

const local = (text: string) => new JsonFile('/p/local.settings.json', 'localSettings', text);
const params = (value: unknown) => new JsonFile('/p/parameters.json', 'parameters', JSON.stringify(value));
const valuesOf = (text: string) => (parseJsonc(text.replace(/^\ufeff/, '')) as { Values: Record<string, unknown> }).Values;

describe('core/localSettings: where a managed connection keeps its key and runtime URL', () => {
  const keyEntry = {
    connectionRuntimeUrl: "@appsetting('o365-url')",
    authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('o365-key')" },
  };

  it('the key setting: the one authentication.parameter names, else <name>-connectionKey; existing settings keep their case', () => {
    assert.strictEqual(connectionKeySetting({}, 'office365', keyEntry), 'o365-key');
    assert.strictEqual(connectionKeySetting({}, 'office365', { authentication: { type: 'ManagedServiceIdentity' } }), 'office365-connectionKey');
    const p = { localSettings: local('{"Values": {"OFFICE365-CONNECTIONKEY": "x"}}') };
    assert.strictEqual(connectionKeySetting(p, 'office365', {}), 'OFFICE365-CONNECTIONKEY');
  });

  it('follows @parameters() into parameters.json for the authentication', () => {
    const p = { parameters: params({ 'o365-Authentication': { type: 'Object', value: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('from-params')" } } }) };
    const entry = { authentication: "@parameters('o365-Authentication')" };
    assert.strictEqual(connectionKeySetting(p, 'o365', entry), 'from-params');
    assert.strictEqual(usesKeySetting(p, entry, 'FROM-PARAMS'), true);
    assert.strictEqual(usesKeySetting(p, { authentication: { type: 'ManagedServiceIdentity' } }, 'from-params'), false);
  });

  it('the runtime URL setting only when the project keeps the URL in an app setting', () => {
    assert.strictEqual(runtimeUrlSetting({}, 'office365', keyEntry), 'o365-url');
    assert.strictEqual(runtimeUrlSetting({}, 'office365', { connectionRuntimeUrl: 'https://x.azure-apihub.net/apim/office365/abc/' }), undefined);
    const p = { localSettings: local('{"Values": {"office365-connectionRuntimeUrl": "https://old/"}}') };
    assert.strictEqual(runtimeUrlSetting(p, 'office365', { connectionRuntimeUrl: 'https://literal/' }), 'office365-connectionRuntimeUrl');
  });

  it('the key in use (blank means none)', () => {
    assert.strictEqual(connectionKeyValue({ localSettings: local('{"Values": {"o365-key": "abc"}}') }, 'office365', keyEntry), 'abc');
    assert.strictEqual(connectionKeyValue({ localSettings: local('{"Values": {"o365-key": "  "}}') }, 'office365', keyEntry), undefined);
    assert.strictEqual(connectionKeyValue({}, 'office365', keyEntry), undefined);
  });
});

describe('core/localSettings: setAppSettings', () => {
  const TEXT = ['\ufeff{', '  // for local runs', '  "IsEncrypted": false,', '  "Values": {', '    "A": "1", // keep me', '    "KEY": "old"', '  }', '}', ''].join('\r\n');

  it('sets existing and new values, keeping BOM, CRLF and comments; reports what changed', () => {
    const r = setAppSettings(TEXT, '/p/local.settings.json', { KEY: 'new', URL: 'https://u/' });
    assert.ok(r.ok);
    assert.deepStrictEqual(r.changed, ['KEY', 'URL']);
    assert.ok(r.text.startsWith('\ufeff{\r\n'));
    assert.ok(!/[^\r]\n/.test(r.text), 'CRLF kept');
    assert.ok(r.text.includes('// for local runs') && r.text.includes('// keep me'));
    assert.deepStrictEqual(valuesOf(r.text), { A: '1', KEY: 'new', URL: 'https://u/' });
  });

  it('a value that is already there changes nothing', () => {
    const r = setAppSettings(TEXT, '/p/local.settings.json', { A: '1' });
    assert.ok(r.ok);
    assert.deepStrictEqual(r.changed, []);
    assert.strictEqual(r.text, TEXT);
  });

  it('no file: a new local.settings.json; no Values: added', () => {
    const created = setAppSettings(undefined, '/p/local.settings.json', { K: 'v' });
    assert.ok(created.ok);
    assert.deepStrictEqual(parseJsonc(created.text), { IsEncrypted: false, Values: { K: 'v' } });
    assert.ok(NEW_LOCAL_SETTINGS.includes('"Values"'));
    const noValues = setAppSettings('{\n  "IsEncrypted": false\n}\n', '/p/local.settings.json', { K: 'v' });
    assert.ok(noValues.ok);
    assert.deepStrictEqual(parseJsonc(noValues.text), { IsEncrypted: false, Values: { K: 'v' } });
  });

  it('refuses files it cannot edit safely, with a reason', () => {
    const bad = (text: string) => {
      const r = setAppSettings(text, '/p/local.settings.json', { K: 'v' });
      assert.ok(!r.ok);
      return [r.reason, r.message];
    };
    assert.deepStrictEqual(bad('{ "Values": { "A": '), ['syntax', 'it has syntax errors']);
    assert.deepStrictEqual(bad('[1, 2]'), ['not-object', 'it is not a JSON object']);
    assert.deepStrictEqual(bad('{ "Values": "x" }'), ['values-not-object', '"Values" is not an object']);
  });
});

describe('core/localSettings: minimalTextEdit', () => {
  const check = (before: string, after: string) => {
    const e = minimalTextEdit(before, after);
    assert.ok(e);
    assert.strictEqual(applyTextEdits(before, [e]), after);
    return e;
  };

  it('replaces only what differs', () => {
    const e = check('{"a": "old", "b": 2}', '{"a": "new", "b": 2}');
    assert.deepStrictEqual(e, { offset: 7, length: 3, content: 'new' });
    assert.strictEqual(minimalTextEdit('same', 'same'), undefined);
    check('', 'x');
    check('abc', '');
    check('aaaa', 'aa');
  });

  it('never ends inside a CRLF or a surrogate pair', () => {
    const e = check('a\r\nb', 'a\r\r\nb');
    assert.ok(!(e.offset > 0 && 'a\r\nb'[e.offset - 1] === '\r' && 'a\r\nb'[e.offset] === '\n'));
    const s = check('x\ud83d\ude00y', 'x\ud83d\ude01y');
    assert.strictEqual(s.offset, 1, 'starts at the pair, not inside it');
  });
});
