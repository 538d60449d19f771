import * as assert from 'assert';
import { DIAGNOSTIC_SEVERITY, DIAGNOSTIC_TAG, diagnosticKey } from '../../src/vscode/model/severity';
import { normalizeSettings } from '../../src/vscode/model/settingsModel';

describe('vscode: settings', () => {
  it('defaults', () => {
    assert.deepStrictEqual(normalizeSettings({}), { settings: { lint: { rules: {}, cloud: 'AzureCloud' }, exclude: [] }, problems: [] });
  });

  it('rules by id or name, any case, normalised to ids; invalid entries left out and explained', () => {
    const r = normalizeSettings({ rules: { lac003: 'OFF', 'invalid-json': 'warn', 'no-such-rule': 'off', LAC041: 'loud' } });
    assert.deepStrictEqual(r.settings.lint.rules, { LAC003: 'off', LAC001: 'warning' });
    assert.strictEqual(r.problems.length, 2);
    assert.match(r.problems.join('\n'), /no-such-rule/);
    assert.match(r.problems.join('\n'), /LAC041/);
  });

  it('cloud and exclude', () => {
    assert.strictEqual(normalizeSettings({ cloud: 'azureusgovernment' }).settings.lint.cloud, 'AzureUSGovernment');
    const bad = normalizeSettings({ cloud: 'Mars', exclude: ['samples', '', 3], rules: [] });
    assert.strictEqual(bad.settings.lint.cloud, 'AzureCloud');
    assert.deepStrictEqual(bad.settings.exclude, ['samples']);
    assert.strictEqual(bad.problems.length, 4);
  });
});

describe('vscode: diagnostics mapping', () => {
  it('maps severities and tags to VS Code names', () => {
    assert.deepStrictEqual(DIAGNOSTIC_SEVERITY, { error: 'Error', warning: 'Warning', info: 'Information', hint: 'Hint' });
    assert.deepStrictEqual(DIAGNOSTIC_TAG, { unnecessary: 'Unnecessary', deprecated: 'Deprecated' });
  });

  it('keys a diagnostic by rule, range and message', () => {
    const r = { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } };
    assert.strictEqual(diagnosticKey('LAC001', r, 'm'), diagnosticKey('LAC001', { start: { ...r.start }, end: { ...r.end } }, 'm'));
    assert.notStrictEqual(diagnosticKey('LAC001', r, 'm'), diagnosticKey('LAC003', r, 'm'));
  });
});
