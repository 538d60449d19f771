import type { IndexNode } from '../json/index';
import { removeMemberAt } from '../json/edits';
import type { JsonFile } from '../json/jsonFile';
import type { TextLocator } from '../json/locator';
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
      if (!file.mayHaveDuplicateKeys()) continue;
      // Iterative walk of every object (duplicates are only visible in the text): through the
      // shared locator for a file that parsed, the positioned index for one with syntax errors.
      // Each container keeps a link to its parent instead of a copy of its path: a path is built
      // only for what is reported, so a deep file costs its size, not its size times its depth.
      const locator = file.locator;
      const root = locator ? containerAt(locator, locator.rootOffset) : file.index ? fromIndex(file.index) : undefined;
      if (!root) continue;
      const stack: Visit[] = [{ node: root, parent: undefined, key: undefined }];
      while (stack.length) {
        const visit = stack.pop()!;
        const members = visit.node.members(locator);
        if (members.kind === 'object') {
          const props = members.list;
          if (props.length > 1) {
            const last = new Map<string, number>();
            props.forEach((p, i) => last.set(p.key, i));
            props.forEach((p, i) => {
              const winner = last.get(p.key)!;
              if (winner !== i) reportDuplicate(ctx, file, props, i, winner, [...pathOf(visit), p.key]);
            });
            for (const [key, i] of last) {
              const v = props[i]!.value;
              if (v) stack.push({ node: v, parent: visit, key });
            }
          } else if (props.length === 1 && props[0]!.value) {
            stack.push({ node: props[0]!.value, parent: visit, key: props[0]!.key });
          }
        } else {
          members.list.forEach((it, i) => stack.push({ node: it, parent: visit, key: i }));
        }
      }
    }
  },
});

/** A member as LAC003 sees it, from the locator or the index: where its key and value are written. */
interface Member {
  key: string;
  keyOffset: number;
  keyLength: number;
  valueOffset: number;
  valueEnd: number;
  /** Its value when it is a container (to walk into). */
  value: Container | undefined;
}

/** A container to walk: its members (object) or items (array), read when visited. */
interface Container {
  members(locator: TextLocator | undefined): { kind: 'object'; list: Member[] } | { kind: 'array'; list: Container[] };
}

function containerAt(locator: TextLocator, offset: number): Container | undefined {
  const c = locator.text.charCodeAt(offset);
  if (c !== 123 && c !== 91) return undefined;
  return {
    members: () => {
      if (c === 91) {
        const list: Container[] = [];
        for (const it of locator.arrayItems(offset).items) {
          const v = containerAt(locator, it.offset);
          if (v) list.push(v);
        }
        return { kind: 'array', list };
      }
      return {
        kind: 'object',
        list: locator.objectMembers(offset).members.map((m) => ({ key: m.key, keyOffset: m.keyOffset, keyLength: m.keyLength, valueOffset: m.valueOffset, valueEnd: m.valueEnd, value: containerAt(locator, m.valueOffset) })),
      };
    },
  };
}

function fromIndex(node: IndexNode): Container | undefined {
  if (node.type !== 'object' && node.type !== 'array') return undefined;
  return {
    members: () => {
      if (node.type === 'array') return { kind: 'array', list: node.items!.map(fromIndex).filter((x): x is Container => !!x) };
      return {
        kind: 'object',
        list: node.props!.map((p) => ({
          key: p.key,
          keyOffset: p.keyOffset,
          keyLength: p.keyLength,
          valueOffset: p.value ? p.value.offset : p.keyOffset + p.keyLength,
          valueEnd: p.value ? p.value.offset + p.value.length : p.keyOffset + p.keyLength,
          value: p.value ? fromIndex(p.value) : undefined,
        })),
      };
    },
  };
}

interface Visit {
  node: Container;
  parent: Visit | undefined;
  key: string | number | undefined;
}

function pathOf(v: Visit): JsonPath {
  const out: JsonPath = [];
  for (let at: Visit | undefined = v; at && at.key !== undefined; at = at.parent) out.push(at.key);
  return out.reverse();
}

/** How many members before `i` have the same key. */
function occurrence(props: Member[], i: number): number {
  let n = 0;
  for (let j = 0; j < i; j++) if (props[j]!.key === props[i]!.key) n++;
  return n;
}

function reportDuplicate(ctx: RuleContext, file: JsonFile, props: Member[], i: number, winner: number, path: JsonPath): void {
  const p = props[i]!;
  const w = props[winner]!;
  const at = file.positionAt(w.keyOffset);
  // The same value twice changes nothing at run time: a leftover to clean up, not a bug.
  const length = p.valueEnd - p.valueOffset;
  const same = length > 0 && length === w.valueEnd - w.valueOffset && file.text.slice(p.valueOffset, p.valueEnd) === file.text.slice(w.valueOffset, w.valueEnd);
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
