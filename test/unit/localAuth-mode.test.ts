/** The local authentication mode (local.settings.json WORKFLOWS_AUTHENTICATION_METHOD) and who needs an access policy. */
import * as assert from 'assert';
import { appOfSite, policyNeedOf } from '../../src/core/accessIdentity';
import { parseSiteIdentity } from '../../src/core/azure/model';
import { JsonFile } from '../../src/core/json/jsonFile';
import { planAuthModeSwitch } from '../../src/core/authModeSwitch';
import { developerPolicyName, entryAuth, localAuthMode, modeLabel, usedKeySettings } from '../../src/core/localAuth';

const ls = (text: string) => new JsonFile('/p/local.settings.json', 'localSettings', text);
const mode = (text: string | undefined) => localAuthMode(text === undefined ? {} : { localSettings: ls(text) });

describe('local authentication mode', () => {
  it('managed identity: managedServiceIdentity in any case, trimmed', () => {
    assert.strictEqual(mode('{"Values":{"WORKFLOWS_AUTHENTICATION_METHOD":"managedServiceIdentity"}}').mode, 'msi');
    assert.strictEqual(mode('{"Values":{"workflows_authentication_method":" MANAGEDSERVICEIDENTITY "}}').mode, 'msi');
    assert.match(mode('{"Values":{"WORKFLOWS_AUTHENTICATION_METHOD":"managedServiceIdentity"}}').reason, /WORKFLOWS_AUTHENTICATION_METHOD is "managedServiceIdentity" in local\.settings\.json/);
  });

  it('keys: no setting, another value, or no Values at all', () => {
    assert.deepStrictEqual(mode('{"IsEncrypted":false,"Values":{}}'), { mode: 'keys', reason: 'local.settings.json has no WORKFLOWS_AUTHENTICATION_METHOD' });
    assert.strictEqual(mode('{"Values":{"WORKFLOWS_AUTHENTICATION_METHOD":"Raw"}}').mode, 'keys');
    assert.strictEqual(mode('{}').mode, 'keys');
    assert.strictEqual(mode('// comment\n{"Values":{},}').mode, 'keys', 'JSONC');
  });

  it('unknown: no file, syntax errors, encrypted, an expression or a placeholder, not a string, not a Standard project', () => {
    assert.match(mode(undefined).reason, /no local\.settings\.json/);
    for (const t of ['{"Values": {', '{"IsEncrypted":true,"Values":{"WORKFLOWS_AUTHENTICATION_METHOD":"x"}}', '{"Values":{"WORKFLOWS_AUTHENTICATION_METHOD":"@appsetting(\'M\')"}}', '{"Values":{"WORKFLOWS_AUTHENTICATION_METHOD":"#{mode}#"}}', '{"Values":{"WORKFLOWS_AUTHENTICATION_METHOD":1}}', '[]']) {
      assert.strictEqual(mode(t).mode, 'unknown', t);
    }
    assert.strictEqual(localAuthMode({ kind: 'workflow', localSettings: ls('{"Values":{}}') }).mode, 'unknown');
    assert.deepStrictEqual(['msi', 'keys', 'unknown'].map((m) => modeLabel(m as 'msi')), ['managed identity', 'connection keys', 'unknown']);
  });

  it('entry authentication: through parameters, member names in any case, the key setting it reads', () => {
    const params = new JsonFile('/p/parameters.json', 'parameters', JSON.stringify({ 'a-Authentication': { type: 'Object', value: { Type: 'Raw', Parameter: "@appsetting('A_KEY')" } } }));
    const p = { parameters: params };
    assert.deepStrictEqual(entryAuth(p, { authentication: "@parameters('a-Authentication')" }), { kind: 'key', setting: 'A_KEY' });
    assert.deepStrictEqual(entryAuth(p, { Authentication: { type: 'managedserviceidentity', identity: '/subscriptions/x/uai' } }), { kind: 'msi', identity: '/subscriptions/x/uai' });
    assert.deepStrictEqual(entryAuth(p, { authentication: { type: 'ActiveDirectoryOAuth' } }), { kind: 'oauth' });
    assert.deepStrictEqual(entryAuth(p, { authentication: { type: "@appsetting('T')" } }), { kind: 'unknown' });
    assert.deepStrictEqual(entryAuth(p, {}), { kind: 'unknown' });
    const connections = new JsonFile('/p/connections.json', 'connections', JSON.stringify({ managedApiConnections: { a: { authentication: { type: 'Raw', parameter: "@appsetting('A-connectionKey')" } }, b: { authentication: { type: 'ManagedServiceIdentity' } } } }));
    assert.deepStrictEqual([...usedKeySettings({ connections })], ['a-connectionkey']);
  });

  it("the developer's policy name, as the official extension names it", () => {
    assert.strictEqual(developerPolicyName('de7e1000-0000-4000-8000-00000000000d', 'dev@contoso.com'), 'dev-0000000d');
    assert.strictEqual(developerPolicyName('de7e1000-0000-4000-8000-00000000000d'), 'de7e1000-0000-4000-8000-00000000000d-0000000d');
  });
});

describe('who needs an access policy', () => {
  const DEV = { objectId: 'de7e1000-0000-4000-8000-00000000000d', tenantId: 't', name: 'dev@contoso.com' };
  const MSI = { mode: 'msi' as const, reason: 'x' };
  const KEYS = { mode: 'keys' as const, reason: 'x' };
  const UAI = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-orders';
  const site = parseSiteIdentity('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/la', {
    identity: { type: 'SystemAssigned, UserAssigned', principalId: 'sys-oid', tenantId: 't', userAssignedIdentities: { [UAI]: { principalId: 'uai-oid', clientId: 'c' } } },
  });
  const app = appOfSite(site, 'la');

  it('locally: the developer in managed-identity mode, nobody in key mode, cannot tell when unknown', () => {
    const need = policyNeedOf({ auth: { kind: 'msi' }, mode: MSI, developer: DEV });
    assert.deepStrictEqual(need, { kind: 'identity', identity: { objectId: DEV.objectId, tenantId: 't', source: 'developer', description: 'you, dev@contoso.com' } });
    assert.strictEqual(policyNeedOf({ auth: { kind: 'msi' }, mode: KEYS, developer: DEV }).kind, 'none');
    assert.strictEqual(policyNeedOf({ auth: { kind: 'msi' }, developer: DEV }).kind, 'unknown');
    assert.strictEqual(policyNeedOf({ auth: { kind: 'msi' }, mode: MSI }).kind, 'unknown', 'no developer identity');
    assert.strictEqual(policyNeedOf({ auth: { kind: 'key', setting: 'k' }, mode: MSI, developer: DEV }).kind, 'none');
  });

  it('in Azure: both identities of a mixed SystemAssigned, UserAssigned app', () => {
    assert.deepStrictEqual(app.identities.map((i) => [i.kind, i.objectId]), [['system', 'sys-oid'], ['user', 'uai-oid']]);
    const sys = policyNeedOf({ auth: { kind: 'msi' }, app, mode: KEYS, developer: DEV });
    assert.ok(sys.kind === 'identity' && sys.identity.objectId === 'sys-oid' && sys.identity.description === 'the system-assigned identity of la');
    const ua = policyNeedOf({ auth: { kind: 'msi', identity: UAI.toUpperCase() + '/' }, app });
    assert.ok(ua.kind === 'identity' && ua.identity.objectId === 'uai-oid' && ua.identity.description === 'the user-assigned identity uai-orders of la', JSON.stringify(ua));
    assert.strictEqual(policyNeedOf({ auth: { kind: 'msi', identity: "@appsetting('UAI')" }, app }).kind, 'unknown');
    const onlyUser = appOfSite(parseSiteIdentity(site.siteId, { identity: { type: 'UserAssigned', userAssignedIdentities: { [UAI]: { principalId: 'uai-oid' } } } }), 'la');
    assert.strictEqual(policyNeedOf({ auth: { kind: 'msi' }, app: onlyUser }).kind, 'unknown', 'no system-assigned identity to use');
  });
});

describe('planAuthModeSwitch (the files part of switching modes)', () => {
  const file = (name: string, kind: ConstructorParameters<typeof JsonFile>[1], v: unknown) => new JsonFile(`/p/${name}`, kind, JSON.stringify(v, null, 2));
  const RAWP = { type: 'Raw', scheme: 'Key', parameter: "@appsetting('a-connectionKey')" };

  it('to msi: a parameterised authentication changes in parameters.json; OAuth is left as it is; local.settings.json is created when missing', () => {
    const connections = file('connections.json', 'connections', { managedApiConnections: { a: { authentication: "@parameters('a-Authentication')" }, o: { authentication: { type: 'ActiveDirectoryOAuth' } } } });
    const parameters = file('parameters.json', 'parameters', { 'a-Authentication': { type: 'Object', value: RAWP } });
    const plan = planAuthModeSwitch({ root: '/p', connections, parameters, target: 'msi' });
    assert.deepStrictEqual(plan.problems, []);
    assert.deepStrictEqual(plan.msiConnections, ['a']);
    assert.deepStrictEqual(plan.files.map((f) => [f.path, f.before === undefined]), [['/p/local.settings.json', true], ['/p/parameters.json', false]]);
    assert.deepStrictEqual(JSON.parse(plan.files[1]!.after), { 'a-Authentication': { type: 'Object', value: { type: 'ManagedServiceIdentity' } } });
    assert.deepStrictEqual(JSON.parse(plan.files[0]!.after), { IsEncrypted: false, Values: { WORKFLOWS_AUTHENTICATION_METHOD: 'managedServiceIdentity' } });
    assert.deepStrictEqual(plan.notes, ['"o" is left as it is (ActiveDirectoryOAuth works in both modes).']);
  });

  it('to msi when already there: nothing to write', () => {
    const connections = file('connections.json', 'connections', { managedApiConnections: { a: { authentication: { type: 'ManagedServiceIdentity' } } } });
    const localSettings = file('local.settings.json', 'localSettings', { Values: { WORKFLOWS_AUTHENTICATION_METHOD: 'managedServiceIdentity' } });
    const plan = planAuthModeSwitch({ root: '/p', connections, localSettings, target: 'msi' });
    assert.deepStrictEqual([plan.files, plan.changes, plan.msiConnections], [[], [], ['a']]);
  });

  it('to keys: a user-assigned identity is noted; a key setting that exists is not fetched again', () => {
    const connections = file('connections.json', 'connections', { managedApiConnections: { a: { authentication: { type: 'ManagedServiceIdentity', identity: '/subscriptions/s/uai' } }, b: { authentication: { type: 'Raw', scheme: 'Key', parameter: "@appsetting('B_KEY')" } } } });
    const localSettings = file('local.settings.json', 'localSettings', { Values: { B_KEY: 'k' } });
    const plan = planAuthModeSwitch({ root: '/p', connections, localSettings, target: 'keys' });
    assert.deepStrictEqual(plan.keyConnections, [{ name: 'a', setting: 'a-connectionKey', missing: true }]);
    assert.ok(plan.notes.some((n) => n.includes('/subscriptions/s/uai')));
    assert.deepStrictEqual(plan.files.map((f) => f.path), ['/p/connections.json']);
  });
});
