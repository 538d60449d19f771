import { formatSize, MAX_FILE_CHARS, MAX_FINDINGS_PER_FILE } from '../limits';
import { projectFiles } from '../project';
import { defineRule } from './rule';

/**
 * Reports the files it could not read in full. The engine reports the other half of this rule:
 * a file with more than MAX_FINDINGS_PER_FILE problems gets one finding counting the rest.
 */
export default defineRule({
  meta: {
    id: 'LAC004',
    name: 'lint-limits',
    defaultSeverity: 'info',
    description: `A file above ${formatSize(MAX_FILE_CHARS)} is not linted; a file reports at most ${MAX_FINDINGS_PER_FILE.toLocaleString('en-US')} problems and counts the rest.`,
    docs: {
      details:
        `Linting is bounded whatever the input: a file larger than ${formatSize(MAX_FILE_CHARS)} (far above what Logic Apps accepts for a workflow definition) gets this one finding instead of being read, and a file with more than ${MAX_FINDINGS_PER_FILE.toLocaleString('en-US')} problems shows the first ${MAX_FINDINGS_PER_FILE.toLocaleString('en-US')} and one finding that says how many more there are (a warning: fix what is shown, for example with \`lac lint --fix\`, or turn a noisy rule off, and the rest appears). Generated or damaged files are the usual cause.`,
      illustrative: 'a file above the ceiling, or with thousands of problems, is too large for an example; test/unit/limits.test.ts lints both.',
      bad: { file: 'workflow.json', code: '(a 60 MB workflow.json)' },
      good: { file: 'workflow.json', code: '{\n  "definition": { "actions": {} },\n  "kind": "Stateful"\n}' },
    },
    fixable: false,
  },
  check(ctx) {
    for (const file of projectFiles(ctx.project)) {
      for (const issue of file.issues) {
        if (issue.kind === 'too-large') ctx.report({ file, path: [], span: { offset: 0, length: 0 }, message: issue.message });
      }
    }
  },
});
