import * as assert from 'assert';
import rule from '../../src/core/rules/lac061-connection-unhealthy';
import { connId, entry, found, resource } from './helpers/azure';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

const files = (entries: Record<string, unknown>) => ({ 'host.json': '{}', 'connections.json': j({ managedApiConnections: entries }) });
const AADSTS700082 = 'Failed to refresh access token for service: office365. Correlation Id=0a1b, Error: AADSTS700082: The refresh token has expired due to inactivity.';
const expired = resource('a', {
  overallStatus: 'Error',
  authenticatedUser: { name: 'former.employee@contoso.com' },
  statuses: [{ status: 'Error', target: 'token', error: { code: 'Unauthenticated', message: AADSTS700082 } }],
});

ruleTester(rule, {
  valid: [
    { name: 'Connected', files: files({ a: entry('a') }), azure: { connections: { [connId('a')]: found(resource('a')) } } },
    { name: 'Ready', files: files({ a: entry('a') }), azure: { connections: { [connId('a')]: found(resource('a', { overallStatus: 'Ready', statuses: [{ status: 'Ready' }] })) } } },
    { name: 'no status at all (Unknown): cannot tell', files: files({ a: entry('a') }), azure: { connections: { [connId('a')]: found(resource('a', { overallStatus: undefined, statuses: [] })) } } },
    { name: 'not fetched', files: files({ a: entry('a') }), azure: { connections: {} } },
  ],
  invalid: [
    {
      name: 'expired refresh token: status, who authorized it, Azure\'s message and the AADSTS explanation',
      files: files({ a: entry('a') }),
      azure: { connections: { [connId('a')]: found(expired) } },
      errors: [
        {
          file: 'connections.json',
          pointer: '/managedApiConnections/a/connection/id',
          severity: 'error',
          message: /reports it as Error \(Unauthenticated\)\. It was authorized by former\.employee@contoso\.com\. Azure says: "Failed to refresh.*AADSTS700082: The refresh token expired after inactivity \(typically 90 days\)\. Fix: Re-authorize the connection\..*re-authorizes it/,
        },
      ],
    },
    {
      name: 'never authorized',
      files: files({ a: entry('a') }),
      azure: { connections: { [connId('a')]: found(resource('a', { overallStatus: 'Error', statuses: [{ status: 'Error', error: { code: 'Unauthenticated', message: 'This connection is not authenticated.' } }] })) } },
      errors: [{ pointer: '/managedApiConnections/a/connection/id', message: /It has not been authorized\./ }],
    },
    {
      name: 'Connected overall but a status carries an error',
      files: files({ a: entry('a') }),
      azure: { connections: { [connId('a')]: found(resource('a', { statuses: [{ status: 'Connected' }, { status: 'Error', error: { code: 'Forbidden', message: 'No access.' } }] })) } },
      errors: [{ pointer: '/managedApiConnections/a/connection/id', message: /Connected \(Forbidden\).*test the connection/ },],
    },
  ],
});

describe('LAC061 connection-unhealthy: actions', () => {
  it('offers Authorize and Test as actions (not edits), with the connection id', () => {
    const [f] = lintFiles(files({ a: entry('a') }), rule, undefined, { connections: { [connId('a')]: found(expired) } });
    assert.ok(f);
    assert.strictEqual(f.fixable, false);
    assert.deepStrictEqual(
      f.actions?.map((a) => [a.kind, a.connectionId]),
      [
        ['authorize-connection', connId('a')],
        ['test-connection', connId('a')],
      ],
    );
  });

  it('redacts secrets in Azure\'s message and keeps it short', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const long = `Token ${jwt} rejected. ${'x'.repeat(1000)}`;
    const [f] = lintFiles(files({ a: entry('a') }), rule, undefined, {
      connections: { [connId('a')]: found(resource('a', { overallStatus: 'Error', statuses: [{ status: 'Error', error: { code: 'Unauthorized', message: long } }] })) },
    });
    assert.ok(f && !f.message.includes(jwt), f?.message);
    assert.ok(f.message.length < 800, `${f.message.length}`);
  });
});
