import { defineRule } from './rule';

// PLACEHOLDER: to be implemented.
export default defineRule({
  meta: {
    id: 'LAC022',
    name: 'msi-audience-missing',
    defaultSeverity: 'error',
    description: 'TODO',
    docs: { details: 'TODO', bad: { file: 'connections.json', code: '{}' }, good: { file: 'connections.json', code: '{}' } },
    fixable: false,
  },
  check() {
    // not implemented yet
  },
});
