import rule from '../../src/core/rules/lac062-connection-kind';
import { connId, entry, found, resource } from './helpers/azure';
import { j, ruleTester } from './helpers/ruleTester';

const files = (entries: Record<string, unknown>) => ({ 'host.json': '{}', 'connections.json': j({ managedApiConnections: entries }) });

ruleTester(rule, {
  valid: [
    { name: 'V2', files: files({ a: entry('a') }), azure: { connections: { [connId('a')]: found(resource('a', {}, 'V2')) } } },
    { name: 'kind not given', files: files({ a: entry('a') }), azure: { connections: { [connId('a')]: found({ id: connId('a'), name: 'a', properties: {} }) } } },
    { name: 'an unknown kind', files: files({ a: entry('a') }), azure: { connections: { [connId('a')]: found(resource('a', {}, 'V3')) } } },
  ],
  invalid: [
    {
      name: 'V1 in a Standard project',
      files: files({ a: entry('a'), b: entry('b') }),
      azure: { connections: { [connId('a')]: found(resource('a', {}, 'V1')), [connId('b')]: found(resource('b', {}, 'v2')) } },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/a/connection/id', severity: 'error', message: /V1 \(Consumption\).*only use V2/ }],
    },
  ],
});
