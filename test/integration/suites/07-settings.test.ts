import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, hasRule, lacksRule, lac, problems, setSetting, uri, waitForProblems } from '../helpers';

describe('settings apply without a reload', () => {
  const conn = () => uri('connections.json');
  before(async () => {
    await lac();
    await waitForProblems(conn(), hasRule('LAC003'), 'LAC003');
  });
  after(async () => {
    await setSetting('lac', 'rules', undefined);
    await waitForProblems(conn(), (ds) => ds.some((d) => codeOf(d) === 'LAC003' && d.severity === vscode.DiagnosticSeverity.Error), 'LAC003 back to error');
  });

  it('lac.rules {"LAC003": "off"} makes its findings disappear, others stay', async () => {
    await setSetting('lac', 'rules', { LAC003: 'off' });
    await waitForProblems(conn(), lacksRule('LAC003'), 'LAC003 off');
    assert.ok(problems(uri('orders/workflow.json'), 'LAC001').length === 1, 'LAC001 is still reported');
    await setSetting('lac', 'rules', undefined);
    await waitForProblems(conn(), hasRule('LAC003'), 'LAC003 back');
  });

  it('a severity override by id applies', async () => {
    await setSetting('lac', 'rules', { LAC003: 'warning' });
    await waitForProblems(conn(), (ds) => ds.some((d) => codeOf(d) === 'LAC003' && d.severity === vscode.DiagnosticSeverity.Warning), 'LAC003 as a warning');
  });

  it('a severity override by rule name applies', async () => {
    await setSetting('lac', 'rules', { 'duplicate-key': 'info' });
    await waitForProblems(conn(), (ds) => ds.some((d) => codeOf(d) === 'LAC003' && d.severity === vscode.DiagnosticSeverity.Information), 'LAC003 as information');
  });
});
