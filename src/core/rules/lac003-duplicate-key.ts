import type { IndexNode, IndexProp } from '../json/index';
import { removeMemberAt } from '../json/edits';
import type { JsonFile } from '../json/jsonFile';
import { projectFiles } from '../project';
import type { JsonPath } from '../types';
import { defineRule, fix, type RuleContext } from './rule';

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
      // Iterative walk of the positioned index (duplicates are only visible there). Each container
      // keeps a link to its parent instead of a copy of its path: a path is built only for what
      // is reported, so a deep file costs its size, not its size times its depth.
      const stack: Visit[] = [{ node: file.index, parent: undefined, key: undefined }];
      while (stack.length) {
        const visit = stack.pop()!;
        const node = visit.node;
        if (node.type === 'object') {
          const props = node.props!;
          if (props.length > 1) {
            const last = new Map<string, number>();
            props.forEach((p, i) => last.set(p.key, i));
            props.forEach((p, i) => {
              const winner = last.get(p.key)!;
              if (winner !== i) reportDuplicate(ctx, file, props, i, winner, [...pathOf(visit), p.key]);
            });
            for (const [key, i] of last) {
              const v = props[i]!.value;
              if (v && (v.type === 'object' || v.type === 'array')) stack.push({ node: v, parent: visit, key });
            }
          } else if (props.length === 1) {
            const v = props[0]!.value;
            if (v && (v.type === 'object' || v.type === 'array')) stack.push({ node: v, parent: visit, key: props[0]!.key });
          }
        } else if (node.type === 'array') {
          node.items!.forEach((it, i) => {
            if (it.type === 'object' || it.type === 'array') stack.push({ node: it, parent: visit, key: i });
          });
        }
      }
    }
  },
});

interface Visit {
  node: IndexNode;
  parent: Visit | undefined;
  key: string | number | undefined;
}

function pathOf(v: Visit): JsonPath {
  const out: JsonPath = [];
  for (let at: Visit | undefined = v; at && at.key !== undefined; at = at.parent) out.push(at.key);
  return out.reverse();
}

/** How many members before `i` have the same key. */
function occurrence(props: IndexProp[], i: number): number {
  let n = 0;
  for (let j = 0; j < i; j++) if (props[j]!.key === props[i]!.key) n++;
  return n;
}

function reportDuplicate(ctx: RuleContext, file: JsonFile, props: IndexProp[], i: number, winner: number, path: JsonPath): void {
  const p = props[i]!;
  const w = props[winner]!;
  const at = file.positionAt(w.keyOffset);
  // The same value twice changes nothing at run time: a leftover to clean up, not a bug.
  const same = !!p.value && !!w.value && p.value.length === w.value.length && file.text.slice(p.value.offset, p.value.offset + p.value.length) === file.text.slice(w.value.offset, w.value.offset + w.value.length);
  ctx.report({
    file,
    path,
    span: { offset: p.keyOffset, length: p.keyLength },
    message: same
      ? `"${p.key}" is repeated with the same value on line ${at.line + 1}; remove this copy.`
      : `"${p.key}" is defined again on line ${at.line + 1}; this earlier value is ignored.`,
    ...(same ? { severity: 'warning' as const } : {}),
    // A file with syntax errors is not edited: where its members end is a guess.
    fixes: file.parsed ? () => [fix(`Remove this overridden "${p.key}"`, [removeMemberAt(file, path.slice(0, -1), p.key, occurrence(props, i))], true)] : undefined,
  });
}
