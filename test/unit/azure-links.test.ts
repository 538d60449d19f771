import * as assert from 'assert';
import { getCloud } from '../../src/core/azure/clouds';
import {
  checkExternalUrl,
  consentLinksRequestBody,
  isAllowedExternalUrl,
  isValidTenant,
  parseConsentLinks,
  parseConsentRedirect,
  portalConnectionLink,
} from '../../src/core/azure/links';

const CONN = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-1/providers/Microsoft.Web/connections/office365';
const TENANT = '11111111-2222-3333-4444-555555555555';

describe('azure links', () => {
  describe('isAllowedExternalUrl (the one allowlist)', () => {
    const allowed: [string, Parameters<typeof isAllowedExternalUrl>[1]][] = [
      ['https://portal.azure.com/#@contoso.onmicrosoft.com/resource/x/edit', 'AzureCloud'],
      ['https://PORTAL.AZURE.COM/', 'AzureCloud'],
      ['https://login.microsoftonline.com/common/oauth2/authorize?x=1', 'AzureCloud'],
      ['https://logic-apis-westeurope.consent.azure-apim.net/login?data=abc', 'AzureCloud'],
      ['https://global.consent.azure-apim.net/redirect', 'AzureCloud'],
      ['https://portal.azure.us/#home', 'AzureUSGovernment'],
      ['https://login.microsoftonline.us/x', 'AzureUSGovernment'],
      ['https://global.consent.azure-apim.us/login', 'AzureUSGovernment'],
      ['https://portal.azure.cn/', 'AzureChinaCloud'],
      ['https://login.chinacloudapi.cn/x', 'AzureChinaCloud'],
      ['https://portal.azure.com:443/', 'AzureCloud'],
    ];
    for (const [url, cloud] of allowed) {
      it(`allows ${url} in ${cloud}`, () => {
        const r = checkExternalUrl(url, cloud);
        assert.ok(r.ok, r.ok ? '' : r.reason);
      });
    }

    const refused: [string, Parameters<typeof isAllowedExternalUrl>[1]][] = [
      ['javascript:alert(1)', 'AzureCloud'],
      ['JAVASCRIPT:alert(document.cookie)//https://portal.azure.com', 'AzureCloud'],
      ['data:text/html;base64,PHNjcmlwdD4=', 'AzureCloud'],
      ['vbscript:msgbox', 'AzureCloud'],
      ['file:///C:/Windows/system32/calc.exe', 'AzureCloud'],
      ['command:workbench.action.terminal.new', 'AzureCloud'],
      ['vscode://file/etc/passwd', 'AzureCloud'],
      ['http://portal.azure.com/', 'AzureCloud'],
      ['http://login.microsoftonline.com/', 'AzureCloud'],
      ['https://portal.azure.com.evil.com/', 'AzureCloud'],
      ['https://evilportal.azure.com/', 'AzureCloud'],
      ['https://portal-azure.com/', 'AzureCloud'],
      ['https://portal.azure.co/', 'AzureCloud'],
      ['https://portal.azure.com./', 'AzureCloud'],
      ['https://portal.azure.com@evil.com/', 'AzureCloud'],
      ['https://evil.com@portal.azure.com/', 'AzureCloud'],
      ['https://user:pw@portal.azure.com/', 'AzureCloud'],
      ['https://portal.azure.com:8443/', 'AzureCloud'],
      ['https://evil.com/#https://portal.azure.com', 'AzureCloud'],
      ['https://evil.com\\@portal.azure.com', 'AzureCloud'],
      ['https://pоrtal.azure.com/', 'AzureCloud'], // Cyrillic о (IDN homograph)
      ['https://xn--prtal-2ve.azure.com/', 'AzureCloud'],
      ['https://consent.azure-apim.net.evil.com/', 'AzureCloud'],
      ['https://consent.azure-apim.net/', 'AzureCloud'],
      ['https://a.b.consent.azure-apim.net/', 'AzureCloud'],
      ['https://evil-consent.azure-apim.net/', 'AzureCloud'],
      ['https://x.consent.azure-apim.net.evil/', 'AzureCloud'],
      ['https://logic-apis-westeurope.consent.azure-apim.us/login', 'AzureCloud'],
      ['https://portal.azure.us/', 'AzureCloud'],
      ['https://portal.azure.com/', 'AzureUSGovernment'],
      ['https://login.microsoftonline.com/', 'AzureUSGovernment'],
      ['https://login.microsoftonline.com/', 'AzureChinaCloud'],
      ['https://x.consent.azure-apihub.cn/', 'AzureChinaCloud'], // unverified host: not opened
      [' https://portal.azure.com/', 'AzureCloud'],
      ['https://portal.azure.com/\nSet-Cookie: x', 'AzureCloud'],
      ['https://portal.azure.com/\u0000', 'AzureCloud'],
      ['//portal.azure.com/', 'AzureCloud'],
      ['portal.azure.com', 'AzureCloud'],
      ['', 'AzureCloud'],
      ['https://127.0.0.1/', 'AzureCloud'],
      ['https://[::1]/', 'AzureCloud'],
    ];
    for (const [url, cloud] of refused) {
      it(`refuses ${JSON.stringify(url)} in ${cloud}`, () => {
        assert.strictEqual(isAllowedExternalUrl(url, cloud), false);
        const r = checkExternalUrl(url, cloud);
        assert.ok(!r.ok && r.reason.length > 5);
      });
    }

    it('follows a custom-endpoint cloud\'s base hosts', () => {
      const c = getCloud('AzureCloud', { armEndpoint: 'http://127.0.0.1:9999' });
      assert.ok(isAllowedExternalUrl('https://portal.azure.com/', c));
      // A local emulator's own pages (its consent page): that exact loopback origin only.
      assert.ok(isAllowedExternalUrl('http://127.0.0.1:9999/_emulator/consent?data=x', c));
      assert.ok(!isAllowedExternalUrl('http://127.0.0.1:9998/', c));
      assert.ok(!isAllowedExternalUrl('http://localhost:9999/', c));
      assert.ok(!isAllowedExternalUrl('http://user@127.0.0.1:9999/', c));
      assert.ok(!isAllowedExternalUrl('http://127.0.0.1:9999/', 'AzureCloud'));
      // A custom endpoint that is not loopback (Azure Stack…) gets nothing of the kind.
      const stack = getCloud('AzureCloud', { armEndpoint: 'https://management.local.azurestack.external' });
      assert.ok(!isAllowedExternalUrl('https://management.local.azurestack.external/consent', stack));
    });
  });

  describe('portal deep link', () => {
    it('builds https://portal.azure.com/#@{tenant}/resource{id}/edit with the cloud\'s portal', () => {
      assert.strictEqual(portalConnectionLink('AzureCloud', CONN, TENANT), `https://portal.azure.com/#@${TENANT}/resource${CONN}/edit`);
      assert.strictEqual(portalConnectionLink('AzureUSGovernment', CONN, 'contoso.onmicrosoft.us'), `https://portal.azure.us/#@contoso.onmicrosoft.us/resource${CONN}/edit`);
      assert.strictEqual(portalConnectionLink('AzureChinaCloud', CONN), `https://portal.azure.cn/#/resource${CONN}/edit`);
    });

    it('refuses anything that is not a connection id or a tenant', () => {
      assert.strictEqual(portalConnectionLink('AzureCloud', '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/sites/app'), undefined);
      assert.strictEqual(portalConnectionLink('AzureCloud', `${CONN}/../../evil`), undefined);
      assert.strictEqual(portalConnectionLink('AzureCloud', 'https://evil.com/subscriptions/x'), undefined);
      assert.strictEqual(portalConnectionLink('AzureCloud', CONN, 'evil.com/#x'), undefined);
      assert.strictEqual(portalConnectionLink('AzureCloud', CONN, '@evil.com'), undefined);
      assert.ok(isValidTenant(TENANT));
      assert.ok(isValidTenant('contoso.onmicrosoft.com'));
      assert.ok(!isValidTenant('contoso'));
      assert.ok(!isValidTenant('a b.com'));
    });
  });

  describe('consent flow helpers', () => {
    it('builds the listConsentLinks body', () => {
      assert.deepStrictEqual(consentLinksRequestBody({ redirectUrl: 'https://r', objectId: 'o', tenantId: 't' }), {
        parameters: [{ parameterName: 'token', redirectUrl: 'https://r', objectId: 'o', tenantId: 't' }],
      });
    });

    it('passes every consent link through the allowlist', () => {
      const links = parseConsentLinks(
        {
          value: [
            { link: 'https://logic-apis-westeurope.consent.azure-apim.net/login?data=x', displayName: 'Office 365', status: 'Unauthenticated', firstPartyLoginUri: 'https://logic-apis-westeurope.consent.azure-apim.net/firstPartyLogin?x' },
            { link: 'javascript:alert(1)' },
            { link: 'https://evil.com/login', firstPartyLoginUri: 'https://evil.com/' },
            {},
            'junk',
          ],
        },
        'AzureCloud',
      );
      assert.strictEqual(links.length, 4);
      assert.ok(links[0]!.allowed && links[0]!.link && links[0]!.firstPartyLoginUri);
      assert.strictEqual(links[0]!.displayName, 'Office 365');
      assert.ok(!links[1]!.allowed && links[1]!.link === undefined && links[1]!.refusedReason);
      assert.ok(!links[2]!.allowed && links[2]!.firstPartyLoginUri === undefined);
      assert.ok(!links[3]!.allowed);
      assert.deepStrictEqual(parseConsentLinks({}, 'AzureCloud'), []);
      assert.deepStrictEqual(parseConsentLinks(null, 'AzureCloud'), []);
    });

    it('reads the code from the registered redirect only', () => {
      const redirect = 'http://127.0.0.1:53123/consent';
      assert.deepStrictEqual(parseConsentRedirect(`${redirect}?code=abc123&state=s`, redirect), { ok: true, code: 'abc123' });
      assert.deepStrictEqual(parseConsentRedirect(`${redirect}#code=frag`, redirect), { ok: true, code: 'frag' });
      assert.ok(!parseConsentRedirect('http://127.0.0.1:53124/consent?code=x', redirect).ok);
      assert.ok(!parseConsentRedirect('http://127.0.0.1:53123/other?code=x', redirect).ok);
      assert.ok(!parseConsentRedirect('http://evil@127.0.0.1:53123/consent?code=x', redirect).ok);
      assert.ok(!parseConsentRedirect(`${redirect}?state=s`, redirect).ok);
      const err = parseConsentRedirect(`${redirect}?error=access_denied`, redirect);
      assert.ok(!err.ok && err.error === 'access_denied');
      assert.ok(!parseConsentRedirect('nonsense', redirect).ok);
    });
  });
});
