import rule from '../../src/core/rules/lac003-duplicate-key';
import { ruleTester } from './helpers/ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'distinct keys', files: { 'host.json': '{}', 'connections.json': '{"managedApiConnections": {"a": {}, "b": {}}}' } },
    { name: 'same key in different objects', files: { 'host.json': '{}', 'connections.json': '{"a": {"x": 1}, "b": {"x": 2}}' } },
    { name: 'key-like text inside strings', files: { 'host.json': '{}', 'parameters.json': '{"a": {"type": "String", "value": "\\"a\\": 1, \\"a\\": 2"}}' } },
  ],
  invalid: [
    {
      name: 'duplicate in the middle, removed with its line',
      files: { 'host.json': '{}', 'connections.json': '{\n  "managedApiConnections": {\n    "a": { "x": 1 },\n    // note\n    "b": 1,\n    "a": { "x": 2 }\n  }\n}' },
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/a', message: 'line 6' }],
      output: { 'connections.json': '{\n  "managedApiConnections": {\n    // note\n    "b": 1,\n    "a": { "x": 2 }\n  }\n}' },
    },
    {
      name: 'duplicate as the last member',
      files: { 'host.json': '{}', 'connections.json': '{"a": 1, "b": 2, "b": 3, "b": 4}' },
      errors: [
        { file: 'connections.json', pointer: '/b', message: 'line 1' },
        { file: 'connections.json', pointer: '/b', message: 'line 1' },
      ],
    },
  ],
});
