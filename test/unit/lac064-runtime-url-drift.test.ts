import rule from '../../src/core/rules/lac064-runtime-url-drift';
import { connId, entry, found, resource, runtimeUrl } from './helpers/azure';
import { j, ruleTester } from './helpers/ruleTester';

const files = (entries: Record<string, unknown>, extra: Record<string, string> = {}) => ({ 'host.json': '{}', 'connections.json': j({ managedApiConnections: entries }), ...extra });
const NOW = runtimeUrl('office365', '1');
const OLD = runtimeUrl('office365', '2');
const azure = { connections: { [connId('a')]: found(resource('a', { connectionRuntimeUrl: NOW })) } };

ruleTester(rule, {
  valid: [
    { name: 'the same URL', files: files({ a: entry('a', { connectionRuntimeUrl: NOW }) }), azure },
    { name: 'another case, no trailing slash', files: files({ a: entry('a', { connectionRuntimeUrl: NOW.toUpperCase().replace(/\/$/, '') }) }), azure },
    { name: 'an app setting that is not defined', files: files({ a: entry('a', { connectionRuntimeUrl: "@appsetting('a-url')" }) }), azure },
    { name: 'a placeholder', files: files({ a: entry('a', { connectionRuntimeUrl: '#{a-url}#' }) }), azure },
    { name: 'not a URL (LAC011)', files: files({ a: entry('a', { connectionRuntimeUrl: 'nope' }) }), azure },
    { name: 'no URL (LAC010)', files: files({ a: { ...entry('a'), connectionRuntimeUrl: undefined } }), azure },
    { name: 'Azure knows no URL (V1)', files: files({ a: entry('a', { connectionRuntimeUrl: OLD }) }), azure: { connections: { [connId('a')]: found(resource('a', { connectionRuntimeUrl: undefined }, 'V1')) } } },
    { name: 'Azure\'s URL is not https: not offered', files: files({ a: entry('a', { connectionRuntimeUrl: OLD }) }), azure: { connections: { [connId('a')]: found(resource('a', { connectionRuntimeUrl: 'http://x.example/' })) } } },
  ],
  invalid: [
    {
      name: 'a literal URL that differs: fixed in place',
      files: files({ a: entry('a', { connectionRuntimeUrl: OLD }) }),
      azure,
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/a/connectionRuntimeUrl', severity: 'error', message: `Azure says ${NOW}` }],
      output: { 'connections.json': j({ managedApiConnections: { a: entry('a', { connectionRuntimeUrl: NOW }) } }) },
    },
    {
      name: 'through @appsetting(): reported and fixed in local.settings.json',
      files: files({ a: entry('a', { connectionRuntimeUrl: "@appsetting('a-connectionRuntimeUrl')" }) }, { 'local.settings.json': j({ IsEncrypted: false, Values: { 'a-connectionRuntimeUrl': OLD } }) }),
      azure,
      errors: [{ file: 'local.settings.json', pointer: '/Values/a-connectionRuntimeUrl' }],
      output: { 'local.settings.json': j({ IsEncrypted: false, Values: { 'a-connectionRuntimeUrl': NOW } }) },
    },
    {
      name: 'through @parameters() then @appsetting()',
      files: files(
        { a: entry('a', { connectionRuntimeUrl: "@parameters('a-ConnectionRuntimeUrl')" }) },
        {
          'parameters.json': j({ 'a-ConnectionRuntimeUrl': { type: 'String', value: "@appsetting('a-url')" } }),
          'local.settings.json': j({ IsEncrypted: false, Values: { 'a-url': OLD } }),
        },
      ),
      azure,
      errors: [{ file: 'local.settings.json', pointer: '/Values/a-url' }],
      output: { 'local.settings.json': j({ IsEncrypted: false, Values: { 'a-url': NOW } }) },
    },
    {
      name: 'through @parameters() with a literal',
      files: files({ a: entry('a', { connectionRuntimeUrl: "@parameters('a-url')" }) }, { 'parameters.json': j({ 'a-url': { type: 'String', value: OLD } }) }),
      azure,
      errors: [{ file: 'parameters.json', pointer: '/a-url/value' }],
      output: { 'parameters.json': j({ 'a-url': { type: 'String', value: NOW } }) },
    },
  ],
});
