import { defineRule } from './rule';

// PLACEHOLDER: to be implemented.
export default defineRule({
  meta: {
    id: 'LAC030',
    name: 'literal-secret',
    defaultSeverity: 'error',
    description: 'TODO',
    docs: { details: 'TODO', bad: { file: 'connections.json', code: '{}' }, good: { file: 'connections.json', code: '{}' } },
    fixable: false,
  },
  check() {
    // not implemented yet
  },
});
