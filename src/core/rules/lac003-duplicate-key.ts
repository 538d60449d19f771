import type { IndexNode, IndexProp } from '../json/index';
import type { JsonFile } from '../json/jsonFile';
import { projectFiles } from '../project';
import type { JsonPath } from '../types';
import { defineRule, fix } from './rule';

export default defineRule({
  meta: {
    id: 'LAC003',
    name: 'duplicate-key',
    defaultSeverity: 'error',
    description: 'The same property twice in one object: the last one silently wins (error; warning when both values are the same).',
    docs: {
      details:
        'JSON parsers keep only the last of two members with the same name, so the first one is dead text that looks live: a second `connectionRuntimeUrl` or a connection entry pasted twice silently replaces the first. The quick fix removes the earlier, overridden member.',
      bad: { file: 'connections.json', code: '{\n  "managedApiConnections": {\n    "office365": { "connectionRuntimeUrl": "https://a.azure-apim.net/apim/office365/1" },\n    "office365": { "connectionRuntimeUrl": "https://b.azure-apim.net/apim/office365/2" }\n  }\n}' },
      good: { file: 'connections.json', code: '{\n  "managedApiConnections": {\n    "office365": { "connectionRuntimeUrl": "https://b.azure-apim.net/apim/office365/2" }\n  }\n}' },
    },
    fixable: true,
  },
  check(ctx) {
    for (const file of projectFiles(ctx.project)) {
      if (!file.mayHaveDuplicateKeys() || !file.index) continue;
      // Iterative walk of the positioned index: duplicates are only visible there.
      const stack: { node: IndexNode; path: JsonPath }[] = [{ node: file.index, path: [] }];
      while (stack.length) {
        const { node, path } = stack.pop()!;
        if (node.type === 'object') {
          const props = node.props!;
          const last = new Map<string, number>();
          props.forEach((p, i) => last.set(p.key, i));
          props.forEach((p, i) => {
            const winner = last.get(p.key)!;
            if (winner !== i) {
              const w = props[winner];
              const at = file.positionAt(w.keyOffset);
              // The same value twice changes nothing at run time: a leftover to clean up, not a bug.
              const same = !!p.value && !!w.value && file.text.slice(p.value.offset, p.value.offset + p.value.length) === file.text.slice(w.value.offset, w.value.offset + w.value.length);
              ctx.report({
                file,
                path: [...path, p.key],
                span: { offset: p.keyOffset, length: p.keyLength },
                message: same
                  ? `"${p.key}" is repeated with the same value on line ${at.line + 1}; remove this copy.`
                  : `"${p.key}" is defined again on line ${at.line + 1}; this earlier value is ignored.`,
                ...(same ? { severity: 'warning' as const } : {}),
                fixes: () => [fix(`Remove this overridden "${p.key}"`, [removeMember(file, props, i)], true)],
              });
            }
            if (p.value && i === winner) stack.push({ node: p.value, path: [...path, p.key] });
          });
        } else if (node.type === 'array') {
          node.items!.forEach((it, i) => stack.push({ node: it, path: [...path, i] }));
        }
      }
    }
  },
});

/** Remove one member of an object with the comma that separates it, keeping the rest (comments too) as written. */
function removeMember(file: JsonFile, props: IndexProp[], i: number) {
  const p = props[i];
  const text = file.text;
  const valueEnd = p.value ? p.value.offset + p.value.length : p.keyOffset + p.keyLength;
  let start = p.keyOffset;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const ownLine = text.slice(lineStart, start).trim() === '';
  if (ownLine) start = lineStart;
  if (i < props.length - 1) {
    // Take the comma after the value and, when the member had its own line, the rest of that line.
    let end = valueEnd;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    if (text[end] === ',') end++;
    if (ownLine) {
      let e = end;
      while (e < text.length && (text[e] === ' ' || text[e] === '\t' || text[e] === '\r')) e++;
      if (text[e] === '\n') end = e + 1;
    }
    return { file: file.path, edits: [{ offset: start, length: end - start, content: '' }] };
  }
  // Last member: drop the comma that precedes it and the member itself.
  const prev = props[i - 1];
  const prevEnd = prev.value ? prev.value.offset + prev.value.length : prev.keyOffset + prev.keyLength;
  const comma = text.indexOf(',', prevEnd);
  const edits = [];
  if (comma !== -1 && comma < p.keyOffset) edits.push({ offset: comma, length: 1, content: '' });
  const from = ownLine ? Math.max(lineStart - (text[lineStart - 2] === '\r' ? 2 : 1), comma + 1) : start;
  edits.push({ offset: from, length: valueEnd - from, content: '' });
  return { file: file.path, edits };
}
