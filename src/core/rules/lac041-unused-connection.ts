import { defineRule } from './rule';

// PLACEHOLDER: to be implemented.
export default defineRule({
  meta: {
    id: 'LAC041',
    name: 'unused-connection',
    defaultSeverity: 'error',
    description: 'TODO',
    docs: { details: 'TODO', bad: { file: 'connections.json', code: '{}' }, good: { file: 'connections.json', code: '{}' } },
    fixable: false,
  },
  check() {
    // not implemented yet
  },
});
