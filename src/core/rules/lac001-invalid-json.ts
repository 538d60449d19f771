import { projectFiles } from '../project';
import { defineRule, fix } from './rule';
import { replaceSpan } from '../json/edits';

export default defineRule({
  meta: {
    id: 'LAC001',
    name: 'invalid-json',
    defaultSeverity: 'error',
    description: 'Syntax errors (error); comments or trailing commas (warning: strict JSON tools reject them).',
    docs: {
      details:
        'The Logic Apps runtime reads these files with a lenient parser, but deployment scripts, ARM/Bicep `loadJsonContent`, the portal and most pipelines use strict JSON. A syntax error stops everything; a comment or a trailing comma works locally and fails at deployment. Syntax errors are errors; comments and trailing commas are warnings (the quick fix removes a trailing comma). A file that is not UTF-8 text (binary, UTF-16) gets one error saying so; UTF-8 text with bytes of another encoding (read as U+FFFD) a warning. A file with more than 1,000 syntax errors (a lost quote can turn megabytes into stray tokens) lists the first 1,000 and counts the rest in one more error where they start: one early mistake usually causes all that follow.',
      bad: { file: 'workflow.json', code: '{\n  "definition": {\n    "actions": {},\n  },\n  "kind": "Stateful"\n}' },
      good: { file: 'workflow.json', code: '{\n  "definition": {\n    "actions": {}\n  },\n  "kind": "Stateful"\n}' },
    },
    fixable: true,
  },
  check(ctx) {
    for (const file of projectFiles(ctx.project)) {
      for (const issue of file.issues) {
        const span = within(file.text.length, issue.offset, issue.length);
        if (issue.kind === 'syntax' || issue.kind === 'too-deep' || issue.kind === 'encoding') {
          ctx.report({ file, path: [], span, message: issue.message, severity: 'error' });
        } else if (issue.kind === 'not-utf8') {
          ctx.report({ file, path: [], span, message: issue.message, severity: 'warning' });
        } else if (issue.kind === 'trailing-comma') {
          ctx.report({
            file,
            path: [],
            span,
            message: issue.message,
            severity: 'warning',
            fixes: () => [fix('Remove the trailing comma', [replaceSpan(file, issue.offset, 1, '')], true)],
          });
        }
      }
      // Comments: one finding per file (on the first), not one per comment.
      const comments = file.issues.filter((i) => i.kind === 'comment');
      if (comments.length) {
        const first = comments[0];
        const more = comments.length > 1 ? ` (${comments.length} comments in this file)` : '';
        ctx.report({ file, path: [], span: within(file.text.length, first.offset, first.length), message: first.message + more, severity: 'warning' });
      }
    }
  },
});

/** A span of at least one character where the text has one; at the end of the text (an unexpected end), an empty one there. */
function within(textLength: number, offset: number, length: number): { offset: number; length: number } {
  const at = Math.min(Math.max(offset, 0), textLength);
  return { offset: at, length: Math.min(Math.max(length, 1), textLength - at) };
}
