import * as assert from 'assert';
import {
  canonicalAudience,
  classifyAudience,
  CLOUDS,
  judgeAudience,
  nearMissAudience,
  serviceForHost,
  serviceForHostTail,
  SERVICES,
  targetOfUri,
  type AudienceService,
  type JudgeTarget,
} from '../../src/core/audiences';
import lac020 from '../../src/core/rules/lac020-msi-audience-mismatch';
import lac021 from '../../src/core/rules/lac021-msi-audience-format';
import lac022 from '../../src/core/rules/lac022-msi-audience-missing';
import { lintFiles } from './helpers/ruleTester';

const request = (uri: string): JudgeTarget | undefined => {
  const t = targetOfUri(uri);
  return t && { ...t, source: 'request', describe: `the request goes to ${t.host}` };
};

describe('audience catalogue', () => {
  describe('data', () => {
    it('every service has an audience in every cloud', () => {
      for (const [id, s] of Object.entries(SERVICES)) {
        for (const cloud of CLOUDS) assert.ok(s.clouds[cloud]?.audience.startsWith('https://'), `${id} ${cloud}`);
      }
    });

    it('every canonical audience classifies back to its service', () => {
      for (const [id, s] of Object.entries(SERVICES)) {
        for (const cloud of CLOUDS) {
          const c = classifyAudience(s.clouds[cloud]!.audience);
          assert.strictEqual(c?.service, id, `${id} ${cloud}`);
          assert.ok(c.cloud === cloud || c.cloud === undefined, `${id} ${cloud}: ${c.cloud}`);
          assert.strictEqual(c.form, 'canonical');
        }
      }
    });

    it('every request host pattern identifies its own service and cloud', () => {
      for (const [id, s] of Object.entries(SERVICES)) {
        for (const cloud of CLOUDS) {
          for (const h of s.clouds[cloud]!.hosts) {
            const host = h.replace('*.', 'example.');
            assert.deepStrictEqual(serviceForHost(host), { service: id, cloud, verified: s.clouds[cloud]!.verified }, host);
          }
        }
      }
    });

    it('marks the sovereign values the reference leaves unverified', () => {
      const unverified = (s: AudienceService) => CLOUDS.filter((c) => !SERVICES[s].clouds[c]!.verified);
      assert.deepStrictEqual(unverified('serviceBus'), ['AzureUSGovernment', 'AzureChinaCloud']);
      assert.deepStrictEqual(unverified('eventHubs'), ['AzureUSGovernment', 'AzureChinaCloud']);
      assert.deepStrictEqual(unverified('cognitiveServices'), ['AzureUSGovernment', 'AzureChinaCloud']);
      assert.deepStrictEqual(unverified('keyVault'), []);
    });
  });

  describe('serviceForHost', () => {
    const cases: [string, AudienceService | undefined, string?][] = [
      ['myvault.vault.azure.net', 'keyVault', 'AzureCloud'],
      ['MyVault.Vault.Azure.Net:443', 'keyVault', 'AzureCloud'],
      ['myvault.privatelink.vault.azure.net', 'keyVault', 'AzureCloud'],
      ['myvault.vault.usgovcloudapi.net', 'keyVault', 'AzureUSGovernment'],
      ['myvault.vault.azure.cn', 'keyVault', 'AzureChinaCloud'],
      ['acct.blob.core.windows.net', 'storage', 'AzureCloud'],
      ['acct.queue.core.windows.net', 'storage', 'AzureCloud'],
      ['acct.table.core.windows.net', 'storage', 'AzureCloud'],
      ['acct.file.core.windows.net', 'storage', 'AzureCloud'],
      ['acct.dfs.core.windows.net', 'storage', 'AzureCloud'],
      ['acct.blob.core.usgovcloudapi.net', 'storage', 'AzureUSGovernment'],
      ['acct.blob.core.chinacloudapi.cn', 'storage', 'AzureChinaCloud'],
      ['ns.servicebus.windows.net', 'serviceBus', 'AzureCloud'],
      ['srv.database.windows.net', 'sql', 'AzureCloud'],
      ['srv.postgres.database.azure.com', 'ossrdbms', 'AzureCloud'],
      ['srv.mysql.database.usgovcloudapi.net', 'ossrdbms', 'AzureUSGovernment'],
      ['srv.database.usgovcloudapi.net', 'sql', 'AzureUSGovernment'],
      ['graph.microsoft.com', 'graph', 'AzureCloud'],
      ['graph.microsoft.us', 'graph', 'AzureUSGovernment'],
      ['management.azure.com', 'resourceManager', 'AzureCloud'],
      ['management.chinacloudapi.cn', 'resourceManager', 'AzureChinaCloud'],
      ['acct.documents.azure.com', 'cosmosDb', 'AzureCloud'],
      ['x.cognitiveservices.azure.com', 'cognitiveServices', 'AzureCloud'],
      ['x.openai.azure.com', 'cognitiveServices', 'AzureCloud'],
      ['api.loganalytics.io', 'logAnalytics', 'AzureCloud'],
      ['vault.azure.net', undefined],
      ['blob.core.windows.net', undefined],
      ['sub.graph.microsoft.com', undefined],
      ['myapp.azurewebsites.net', undefined],
      ['evil.com', undefined],
      ["@{parameters('x')}.vault.azure.net", undefined],
    ];
    for (const [host, service, cloud] of cases) {
      it(`${host} → ${service ?? 'unknown'}`, () => {
        const r = serviceForHost(host);
        assert.strictEqual(r?.service, service);
        if (cloud) assert.strictEqual(r?.cloud, cloud);
      });
    }

    it('a literal tail tells the service only when no longer pattern could match', () => {
      assert.strictEqual(serviceForHostTail('.blob.core.windows.net')?.service, 'storage');
      assert.strictEqual(serviceForHostTail('.vault.azure.cn')?.cloud, 'AzureChinaCloud');
      assert.strictEqual(serviceForHostTail('.database.usgovcloudapi.net'), undefined, 'could be PostgreSQL');
      assert.strictEqual(serviceForHostTail('.core.windows.net'), undefined);
      assert.strictEqual(serviceForHostTail('.azure.net'), undefined);
    });
  });

  describe('targetOfUri', () => {
    it('URIs without an expression share the target of their scheme and host: 10,000 secrets of 9 vaults are 9 targets, not 10,000 (a memo of whole URIs overflowed and recomputed every lint)', () => {
      const targets = new Set<unknown>();
      for (let i = 0; i < 10_000; i++) targets.add(targetOfUri(`https://kv-${i % 9}.vault.azure.net/secrets/s${i}?api-version=7.4`));
      assert.strictEqual(targets.size, 9);
      const t = targetOfUri(' https://kv-1.vault.azure.net/keys/k ');
      assert.ok(targets.has(t));
      assert.strictEqual(t?.service, 'keyVault');
      assert.strictEqual(t?.host, 'kv-1.vault.azure.net');
      // With an expression, the whole URI is read.
      assert.strictEqual(targetOfUri("https://@{parameters('vault')}.vault.azure.net/secrets/x")?.service, 'keyVault');
    });

    const cases: [string, AudienceService | undefined, string?][] = [
      ['https://myvault.vault.azure.net/secrets/x?api-version=7.4', 'keyVault', 'myvault.vault.azure.net'],
      ["https://myvault.vault.azure.net/secrets/@{parameters('name')}", 'keyVault', 'myvault.vault.azure.net'],
      ["https://@{parameters('account')}.blob.core.windows.net/c/@{guid()}", 'storage', undefined],
      ["https://acct-@{parameters('env')}.blob.core.windows.net/c", 'storage', undefined],
      ["https://management.azure.com@{parameters('id')}/providers/x?api-version=1", 'resourceManager', 'management.azure.com'],
      ['HTTPS://Graph.Microsoft.Com/v1.0/me', 'graph', 'graph.microsoft.com'],
      ["@{concat('https://', 'x')}", undefined],
      ["@{parameters('url')}/x", undefined],
      ["@concat('https://myvault.vault.azure.net/', 'x')", undefined],
      ['https://#{vault}#.vault.azure.net/secrets/x', undefined],
      ['https://__vault__.vault.azure.net/secrets/x', undefined],
      ["https://x@{parameters('sfx')}", undefined],
      ["https://@{parameters('host')}/x", undefined],
      ['https://myapp.azurewebsites.net/api/run', undefined],
      ['ftp://myvault.vault.azure.net/x', undefined],
      ['https://user@myvault.vault.azure.net/x', undefined],
    ];
    for (const [uri, service, host] of cases) {
      it(`${uri} → ${service ?? 'unknown'}`, () => {
        const t = targetOfUri(uri);
        assert.strictEqual(t?.service, service);
        if (service) assert.strictEqual(t?.host, host);
      });
    }
  });

  describe('canonicalAudience', () => {
    it('per service and cloud', () => {
      assert.deepStrictEqual(canonicalAudience('keyVault', 'AzureCloud'), { audience: 'https://vault.azure.net', verified: true });
      assert.deepStrictEqual(canonicalAudience('keyVault', 'AzureUSGovernment'), { audience: 'https://vault.usgovcloudapi.net', verified: true });
      assert.deepStrictEqual(canonicalAudience('storage', 'AzureChinaCloud'), { audience: 'https://storage.azure.com/', verified: true });
      assert.deepStrictEqual(canonicalAudience('graph'), { audience: 'https://graph.microsoft.com', verified: true });
      assert.strictEqual(canonicalAudience('serviceBus', 'AzureUSGovernment')?.verified, false);
    });
    it('the request host decides the cloud', () => {
      assert.strictEqual(canonicalAudience('keyVault', 'AzureCloud', 'https://v.vault.azure.cn/secrets/x')?.audience, 'https://vault.azure.cn');
      assert.strictEqual(canonicalAudience('keyVault', 'AzureChinaCloud', 'https://example.com/')?.audience, 'https://vault.azure.cn');
    });
  });

  describe('classifyAudience', () => {
    const cases: [string, AudienceService | undefined, (string | undefined)?, string?][] = [
      ['https://vault.azure.net', 'keyVault', 'AzureCloud', 'canonical'],
      ['https://vault.azure.net/', 'keyVault', 'AzureCloud', 'canonical'],
      [' vault.azure.net ', 'keyVault', 'AzureCloud', 'canonical'],
      ['https://vault.azure.cn', 'keyVault', 'AzureChinaCloud', 'canonical'],
      ['https://storage.azure.com/', 'storage', undefined, 'canonical'],
      ['https://acct.blob.core.windows.net', 'storage', 'AzureCloud', 'account'],
      ['https://myvault.vault.azure.net', 'keyVault', 'AzureCloud', 'endpoint'],
      ['https://management.core.windows.net/', 'classicManagement', 'AzureCloud', 'canonical'],
      ['https://graph.microsoft.com/', 'graph', 'AzureCloud', 'canonical'],
      ['00000003-0000-0000-C000-000000000000', 'graph', undefined, 'appId'],
      ['https://servicebus.azure.net', 'serviceBus', undefined, 'canonical'],
      ['https://ossrdbms-aad.database.windows.net', 'ossrdbms', 'AzureCloud', 'canonical'],
      ['https://api.loganalytics.azure.com', 'logAnalytics', 'AzureCloud', 'alternate'],
      ['https://vault.azure.net/.default', 'keyVault', 'AzureCloud', 'canonical'],
      ['api://sample-audience', undefined],
      ['https://contoso.onmicrosoft.com/api', undefined],
      ['11111111-2222-3333-4444-555555555555', undefined],
      ["parameters('graph_uri')", undefined],
      ['', undefined],
    ];
    for (const [aud, service, cloud, form] of cases) {
      it(`${JSON.stringify(aud)} → ${service ?? 'unknown'}`, () => {
        const c = classifyAudience(aud);
        assert.strictEqual(c?.service, service);
        if (service) {
          assert.strictEqual(c?.cloud, cloud);
          assert.strictEqual(c?.form, form);
        }
      });
    }
    it('near misses', () => {
      assert.deepStrictEqual(nearMissAudience('https://vault.azure.com'), { service: 'keyVault', cloud: 'AzureCloud' });
      assert.deepStrictEqual(nearMissAudience('https://storage.azure.net/'), { service: 'storage', cloud: 'AzureCloud' });
      assert.strictEqual(nearMissAudience('https://vault.azure.net'), undefined);
      assert.strictEqual(nearMissAudience('https://graph.windows.net'), undefined);
      assert.strictEqual(nearMissAudience('https://vault.contoso.com'), undefined);
    });
  });

  describe('judgeAudience', () => {
    const judge = (aud: string, uri?: string, cloud?: Parameters<typeof judgeAudience>[2]) => judgeAudience(aud, uri ? request(uri) : undefined, cloud);
    it('accepted audiences give nothing', () => {
      const ok: [string, string | undefined][] = [
        ['https://vault.azure.net', 'https://v.vault.azure.net/secrets/x'],
        ['https://storage.azure.com/', 'https://a.blob.core.windows.net/c/b'],
        ['https://storage.azure.com/', 'https://a.blob.core.chinacloudapi.cn/c/b'],
        ['https://a.blob.core.windows.net', 'https://a.blob.core.windows.net/c/b'],
        ['https://graph.microsoft.com', 'https://graph.microsoft.com/v1.0/users'],
        ['https://graph.microsoft.com/', 'https://graph.microsoft.com/v1.0/users'],
        ['00000003-0000-0000-c000-000000000000', 'https://graph.microsoft.com/v1.0/users'],
        ['https://management.core.windows.net/', 'https://management.azure.com/subscriptions?api-version=2020-01-01'],
        ['https://management.azure.com', 'https://management.azure.com/subscriptions?api-version=2020-01-01'],
        ['https://eventhubs.azure.net', 'https://ns.servicebus.windows.net/hub/messages'],
        ['https://servicebus.azure.net', 'https://ns.servicebus.usgovcloudapi.net/q/messages'],
        ['https://cognitiveservices.azure.com', 'https://x.openai.azure.us/openai/deployments'],
        ['https://management.azure.com/', 'https://api.loganalytics.io/v1/workspaces/x/query'],
        ['api://sample-audience', 'https://v.vault.azure.net/secrets/x'],
        ['https://myapi.contoso.com', 'https://myapp.azurewebsites.net/api/x'],
        ['https://vault.azure.net', undefined],
        ['https://storage.azure.com/', undefined],
      ];
      for (const [aud, uri] of ok) assert.strictEqual(judge(aud, uri), undefined, `${aud} on ${uri}`);
    });
    it('mismatches are LAC020', () => {
      const bad: [string, string, string][] = [
        ['https://management.azure.com/', 'https://v.vault.azure.net/secrets/x', 'https://vault.azure.net'],
        ['https://vault.azure.net', 'https://v.vault.azure.cn/secrets/x', 'https://vault.azure.cn'],
        ['https://vault.azure.cn', 'https://v.vault.azure.net/secrets/x', 'https://vault.azure.net'],
        ['https://graph.microsoft.com', 'https://graph.microsoft.us/v1.0/users', 'https://graph.microsoft.us/'],
        ['https://b.blob.core.windows.net', 'https://a.blob.core.windows.net/c', 'https://storage.azure.com/'],
        ['https://myapi.contoso.com', 'https://v.vault.azure.net/secrets/x', 'https://vault.azure.net'],
        ['https://vault.azure.net/', 'https://a.blob.core.windows.net/c', 'https://storage.azure.com/'],
      ];
      for (const [aud, uri, want] of bad) {
        const v = judge(aud, uri);
        assert.strictEqual(v?.rule, 'LAC020', `${aud} on ${uri}: ${JSON.stringify(v)}`);
        assert.strictEqual(v.severity, 'error');
        assert.strictEqual(v.fix?.value, want);
      }
    });
    it('unverified sovereign data never gives an error', () => {
      // The public Service Bus audience may well be right in US Government: silent.
      assert.strictEqual(judge('https://servicebus.azure.net', 'https://ns.servicebus.usgovcloudapi.net/q'), undefined);
      // A mismatch between services is certain, but the value to write is not: non-preferred fix.
      const v = judge('https://vault.azure.net', 'https://ns.servicebus.chinacloudapi.cn/q');
      assert.strictEqual(v?.rule, 'LAC020');
      assert.strictEqual(v.fix?.preferred, false);
      assert.match(v.fix!.title, /unverified/);
    });
    it('format problems are LAC021', () => {
      const bad: [string, string, 'error' | 'warning'][] = [
        ['https://vault.azure.net/', 'https://vault.azure.net', 'error'],
        ['vault.azure.net', 'https://vault.azure.net', 'error'],
        ['http://vault.azure.net', 'https://vault.azure.net', 'error'],
        [' https://vault.azure.net', 'https://vault.azure.net', 'error'],
        ['https://vault.azure.net/.default', 'https://vault.azure.net', 'error'],
        ['https://storage.azure.com/.default', 'https://storage.azure.com/', 'error'],
        ['https://graph.microsoft.com/v1.0', 'https://graph.microsoft.com', 'error'],
        ['https://vault.azure.net?x=1', 'https://vault.azure.net', 'error'],
        ['https://storage.azure.com', 'https://storage.azure.com/', 'warning'],
        ['https://a.blob.core.windows.net/', 'https://a.blob.core.windows.net', 'warning'],
        ['https://myvault.vault.azure.net', 'https://vault.azure.net', 'warning'],
        ['https://vault.azure.com', 'https://vault.azure.net', 'warning'],
        ["parameters('graph_uri')", "@parameters('graph_uri')", 'error'],
      ];
      for (const [aud, want, severity] of bad) {
        const v = judge(aud);
        assert.strictEqual(v?.rule, 'LAC021', `${aud}: ${JSON.stringify(v)}`);
        assert.strictEqual(v.severity, severity, aud);
        assert.strictEqual(v.fix?.value, want, aud);
      }
    });
    it('dynamic values are not judged', () => {
      for (const aud of ["@parameters('aud')", "@{appsetting('aud')}", '#{aud}#', '${AUD}', '__AUD__', '$(aud)', "[parameters('aud')]"]) {
        assert.strictEqual(judge(aud, 'https://v.vault.azure.net/secrets/x'), undefined, aud);
      }
    });
    it('the cloud setting is used when no host tells (warnings only)', () => {
      const v = judge('https://vault.azure.net', undefined, 'AzureUSGovernment');
      assert.strictEqual(v?.rule, 'LAC020');
      assert.strictEqual(v.severity, 'warning');
      assert.strictEqual(v.fix?.value, 'https://vault.usgovcloudapi.net');
      // The host wins over the setting.
      assert.strictEqual(judge('https://vault.azure.net', 'https://v.vault.azure.net/x', 'AzureChinaCloud'), undefined);
    });
  });

  describe('rule documentation examples', () => {
    for (const rule of [lac020, lac021, lac022]) {
      it(`${rule.meta.id}: bad triggers, good does not`, () => {
        const { bad, good } = rule.meta.docs;
        assert.ok(lintFiles({ [bad.file]: bad.code }, rule).length > 0, 'bad example gives a finding');
        assert.deepStrictEqual(lintFiles({ [good.file]: good.code }, rule), [], 'good example gives nothing');
        assert.ok(rule.meta.description.length > 20 && !rule.meta.description.includes('\n'));
        assert.ok(rule.meta.docs.details.length > 100);
      });
    }
  });
});
