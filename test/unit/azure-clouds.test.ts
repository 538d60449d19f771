import * as assert from 'assert';
import {
  assertTokenTarget,
  checkTokenTarget,
  CLOUD_NAMES,
  getCloud,
  InsecureTargetError,
  isLoopbackHostname,
  normaliseArmEndpoint,
} from '../../src/core/azure/clouds';

const ARM = 'https://management.azure.com';

describe('azure clouds', () => {
  it('knows the three clouds with their ARM endpoint, scope, portal and login host', () => {
    const pub = getCloud('AzureCloud');
    assert.strictEqual(pub.armEndpoint, 'https://management.azure.com');
    assert.strictEqual(pub.armScope, 'https://management.azure.com/.default');
    assert.strictEqual(pub.portalUrl, 'https://portal.azure.com');
    assert.strictEqual(pub.loginHost, 'login.microsoftonline.com');
    const gov = getCloud('AzureUSGovernment');
    assert.strictEqual(gov.armEndpoint, 'https://management.usgovcloudapi.net');
    assert.strictEqual(gov.portalUrl, 'https://portal.azure.us');
    assert.strictEqual(gov.loginHost, 'login.microsoftonline.us');
    const cn = getCloud('AzureChinaCloud');
    assert.strictEqual(cn.armEndpoint, 'https://management.chinacloudapi.cn');
    assert.strictEqual(cn.portalUrl, 'https://portal.azure.cn');
    assert.strictEqual(cn.loginHost, 'login.chinacloudapi.cn');
    for (const name of CLOUD_NAMES) {
      const c = getCloud(name);
      assert.strictEqual(c.armScope, `${c.armEndpoint}/.default`);
      assert.ok(c.consentHostSuffixes.length > 0);
      assert.strictEqual(c.customArmEndpoint, false);
    }
  });

  it('accepts a custom ARM endpoint (https, or http on loopback) and reduces it to its origin', () => {
    const c = getCloud('AzureCloud', { armEndpoint: 'http://127.0.0.1:8123/' });
    assert.strictEqual(c.armEndpoint, 'http://127.0.0.1:8123');
    assert.strictEqual(c.armScope, 'http://127.0.0.1:8123/.default');
    assert.strictEqual(c.customArmEndpoint, true);
    assert.strictEqual(c.portalUrl, 'https://portal.azure.com');
    assert.strictEqual(getCloud('AzureCloud', { armEndpoint: 'https://MANAGEMENT.azure.com:443' }).customArmEndpoint, false);
    assert.strictEqual(normaliseArmEndpoint('https://arm.contoso.local:8443'), 'https://arm.contoso.local:8443');
    assert.strictEqual(normaliseArmEndpoint('http://[::1]:9000'), 'http://[::1]:9000');
    assert.strictEqual(getCloud('AzureCloud', { armEndpoint: 'https://x.example', armScope: 'api://x/.default' }).armScope, 'api://x/.default');
  });

  it('refuses custom ARM endpoints that are insecure or not an origin', () => {
    for (const bad of [
      'http://management.azure.com',
      'http://10.0.0.5:8080',
      'http://localhost.evil.com',
      'ftp://127.0.0.1',
      'javascript:alert(1)',
      'https://user:pass@management.azure.com',
      'https://management.azure.com/some/path',
      'https://management.azure.com/?x=1',
      'not a url',
      '/relative',
    ]) {
      assert.throws(() => getCloud('AzureCloud', { armEndpoint: bad }), InsecureTargetError, bad);
    }
  });

  describe('loopback', () => {
    it('recognises localhost, 127.0.0.0/8 and ::1 only', () => {
      for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.255.255.254', '127.1.2.3', '[::1]', '::1']) assert.ok(isLoopbackHostname(h), h);
      for (const h of ['localhost.evil.com', 'evil.localhost', '128.0.0.1', '10.0.0.1', '[::2]', '127.0.0.1.nip.io', '0.0.0.0', '[::ffff:7f00:1]', '127.0.0.256']) {
        assert.ok(!isLoopbackHostname(h), h);
      }
    });
  });

  describe('checkTokenTarget / assertTokenTarget (hostile inputs)', () => {
    const allowed: [string, string][] = [
      ['https://management.azure.com/subscriptions?api-version=1', ARM],
      ['https://management.azure.com:443/subscriptions/x/providers/Microsoft.Web/connections/c/extensions/proxy/testconnection?api-version=2016-06-01', ARM],
      ['https://MANAGEMENT.AZURE.COM/subscriptions', ARM],
      ['https://Management.Azure.Com:443/', ARM],
      ['http://127.0.0.1:8080/subscriptions', 'http://127.0.0.1:8080'],
      ['http://localhost:8080/x', 'http://localhost:8080'],
      ['http://[::1]:8080/x', 'http://[::1]:8080'],
      ['http://127.0.0.1:80/x', 'http://127.0.0.1'],
      ['https://management.azure.com/a/../subscriptions', ARM],
    ];
    for (const [url, arm] of allowed) {
      it(`allows ${url}`, () => {
        const r = checkTokenTarget(url, arm);
        assert.ok(r.ok, r.ok ? '' : r.message);
        assert.strictEqual(assertTokenTarget(url, arm).origin, new URL(arm).origin);
      });
    }

    const refused: [string, string, string][] = [
      ['https://management.azure.com@evil.com/subscriptions', ARM, 'userinfo'],
      ['https://management.azure.com:443@evil.com/', ARM, 'userinfo'],
      ['https://user:pw@management.azure.com/', ARM, 'userinfo'],
      ['https://evil.com#@management.azure.com/', ARM, 'origin-mismatch'],
      ['https://evil.com\\@management.azure.com/', ARM, 'origin-mismatch'],
      ['https://evil.com?@management.azure.com/', ARM, 'origin-mismatch'],
      ['https://management.azure.com.evil.com/', ARM, 'origin-mismatch'],
      ['https://evilmanagement.azure.com/', ARM, 'origin-mismatch'],
      ['https://management.azure.com:8443/', ARM, 'origin-mismatch'],
      ['https://management.azure.com:80/', ARM, 'origin-mismatch'],
      ['https://management.azure.com./subscriptions', ARM, 'origin-mismatch'],
      ['http://management.azure.com/subscriptions', ARM, 'insecure-http'],
      ['http://management.azure.com:443/subscriptions', ARM, 'insecure-http'],
      ['https://management.usgovcloudapi.net/', ARM, 'origin-mismatch'],
      ['https://logic-apis-westeurope.azure-apim.net/apim/x', ARM, 'origin-mismatch'],
      ['http://127.0.0.1:8081/x', 'http://127.0.0.1:8080', 'origin-mismatch'],
      ['http://localhost:8080/x', 'http://127.0.0.1:8080', 'origin-mismatch'],
      ['http://[::1]:8080/x', 'http://127.0.0.1:8080', 'origin-mismatch'],
      ['https://127.0.0.1:8080/x', 'http://127.0.0.1:8080', 'origin-mismatch'],
      ['http://10.1.2.3:8080/x', 'http://10.1.2.3:8080', 'insecure-http'],
      ['http://localhost.evil.com:8080/x', 'http://localhost:8080', 'insecure-http'],
      ['javascript:alert(1)', ARM, 'scheme'],
      ['data:text/html,hi', ARM, 'scheme'],
      ['file:///etc/passwd', ARM, 'scheme'],
      ['ftp://management.azure.com/', ARM, 'scheme'],
      ['//management.azure.com/subscriptions', ARM, 'invalid-url'],
      ['/subscriptions', ARM, 'invalid-url'],
      ['', ARM, 'invalid-url'],
      ['https://xn--mnagement-azure-com.evil/', ARM, 'origin-mismatch'],
      ['https://managemеnt.azure.com/', ARM, 'origin-mismatch'],
    ];
    for (const [url, arm, reason] of refused) {
      it(`refuses ${JSON.stringify(url)} (${reason})`, () => {
        const r = checkTokenTarget(url, arm);
        assert.ok(!r.ok, `expected refusal of ${url}`);
        assert.strictEqual(r.reason, reason);
        assert.ok(r.message.length > 10);
        assert.throws(() => assertTokenTarget(url, arm), (e: unknown) => e instanceof InsecureTargetError && e.kind === 'insecure-target');
      });
    }

    it('refuses everything when the ARM endpoint itself is insecure', () => {
      const r = checkTokenTarget('http://evil.com/x', 'http://evil.com');
      assert.ok(!r.ok);
    });

    it('never puts the query (which may hold secrets) in its message', () => {
      const r = checkTokenTarget('https://evil.com/x?sig=SECRETSIG&code=SECRETCODE', ARM);
      assert.ok(!r.ok);
      assert.ok(!r.message.includes('SECRET'), r.message);
      assert.ok(r.message.includes('https://evil.com'));
    });
  });
});
