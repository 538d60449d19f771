import rule from '../../src/core/rules/lac001-invalid-json';
import { j, ruleTester } from './helpers/ruleTester';

/** Bytes as a UTF-8 reader (Node's, VS Code's) hands them over: what the rule sees of a file. */
const read = (bytes: number[] | Buffer) => Buffer.from(bytes).toString('utf8');
/** The head of an ELF executable. */
const BINARY = read([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0, 0x3e, 0, 0x01, 0, 0, 0, 0x40, 0x10, 0, 0, 0xff, 0xfe, 0x7b]);
/** Nothing of the file's bytes in the message: only plain printable text. */
const PLAIN = /^[\x20-\x7e]+$/;

ruleTester(rule, {
  valid: [
    { name: 'plain JSON', files: { 'host.json': '{}', 'connections.json': j({ managedApiConnections: {} }) } },
    { name: 'BOM and CRLF', files: { 'host.json': '\ufeff{\r\n  "version": "2.0"\r\n}\r\n' } },
    { name: 'escaped NUL and replacement characters are text', files: { 'host.json': '{"a": "\\u0000 \\ufffd"}' } },
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
      name: 'a binary file named workflow.json: one error, without its bytes',
      files: { 'host.json': '{}', 'wf/workflow.json': BINARY },
      errors: [{ file: 'wf/workflow.json', pointer: '', severity: 'error', message: PLAIN }],
    },
    {
      name: 'UTF-16 (with its byte order mark): one error that says so',
      files: { 'host.json': '{}', 'wf/workflow.json': read(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"definition": {}}', 'utf16le')])) },
      errors: [{ file: 'wf/workflow.json', pointer: '', severity: 'error', message: /UTF-16/ }],
    },
    {
      name: 'Windows-1252 text that does not parse: one error, not one per broken token',
      files: { 'host.json': '{}', 'wf/workflow.json': read([...Buffer.from('{"definition": {"description": "caf'), 0xe9, 0x96, 0x20, 0x93, 0x94, ...Buffer.from('"')]) },
      errors: [{ file: 'wf/workflow.json', pointer: '', severity: 'error', message: /not UTF-8/ }],
    },
    {
      name: 'Windows-1252 text that parses: one warning (the text of those bytes is lost)',
      files: { 'host.json': '{}', 'wf/workflow.json': read([...Buffer.from('{"definition": {"description": "caf'), 0xe9, ...Buffer.from('"}}')]) },
      errors: [{ file: 'wf/workflow.json', pointer: '', severity: 'warning', message: /U\+FFFD/ }],
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
