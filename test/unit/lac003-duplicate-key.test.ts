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
      errors: [{ file: 'connections.json', pointer: '/managedApiConnections/a', message: 'line 6', severity: 'error' }],
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
    {
      name: 'the same value twice: a warning (nothing changes at run time), the copy removed',
      files: { 'host.json': '{}', 'workflow.json': '{\n  "definition": {\n    "contentVersion": "1.0.0.0",\n    "actions": {},\n    "contentVersion": "1.0.0.0"\n  }\n}' },
      errors: [{ file: 'workflow.json', pointer: '/definition/contentVersion', message: 'repeated with the same value on line 5', severity: 'warning' }],
      output: { 'workflow.json': '{\n  "definition": {\n    "actions": {},\n    "contentVersion": "1.0.0.0"\n  }\n}' },
    },
  ],
});
