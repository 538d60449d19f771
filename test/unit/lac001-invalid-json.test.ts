import rule from '../../src/core/rules/lac001-invalid-json';
import { j, ruleTester } from './helpers/ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'plain JSON', files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: {} }) } },
    { name: 'BOM and CRLF', files: { 'host.json': '\ufeff{\r\n  "version": "2.0"\r\n}\r\n' } },
  ],
  invalid: [
    {
      name: 'syntax error is an error',
      files: { 'host.json': '{}', 'connections.json': '{ "managedApiConnections": { ' },
      errors: [{ file: 'connections.json', pointer: '', severity: 'error', message: /expected/ }],
    },
    {
      name: 'empty file',
      files: { 'host.json': '{}', 'parameters.json': '' },
      errors: [{ file: 'parameters.json', pointer: '', severity: 'error', message: 'empty' }],
    },
    {
      name: 'comment is a warning',
      files: { 'host.json': '{}', 'connections.json': '{\n  // the connections\n  "managedApiConnections": {}\n}' },
      errors: [{ file: 'connections.json', pointer: '', severity: 'warning', message: 'Comments' }],
    },
    {
      name: 'trailing comma is a warning with a fix that keeps the comment',
      files: { 'host.json': '{}', 'wf/workflow.json': '{\n  /* keep */\n  "definition": {\n    "actions": {},\n  }\n}' },
      errors: [
        { file: 'wf/workflow.json', pointer: '', severity: 'warning', message: 'Trailing comma' },
        { file: 'wf/workflow.json', pointer: '', severity: 'warning', message: 'Comments' },
      ],
      output: { 'wf/workflow.json': '{\n  /* keep */\n  "definition": {\n    "actions": {}\n  }\n}' },
    },
  ],
});
