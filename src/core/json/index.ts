import { createScanner, SyntaxKind } from 'jsonc-parser';

/**
 * A positioned tree of a JSON(C) text, built iteratively with jsonc-parser's scanner so that
 * any nesting depth works (jsonc-parser's own `parseTree` recurses and overflows the stack on
 * deep files). It is built only when a finding needs a position.
 */
export interface IndexNode {
  type: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
  offset: number;
  length: number;
  /** Object members in text order, duplicates included. */
  props?: IndexProp[];
  items?: IndexNode[];
}

export interface IndexProp {
  key: string;
  keyOffset: number;
  keyLength: number;
  /** Offset of the member's first token (the key) to the end of its value. */
  value: IndexNode | undefined;
}

interface Frame {
  node: IndexNode;
  pendingProp?: IndexProp;
}

/**
 * Index past the string starting at `start` (its opening quote) as jsonc-parser's scanner reads
 * it: to the closing quote, else up to a line break or the end of the text; a backslash takes the
 * next character with it. For scans that need where a string is but not its value: the scanner
 * builds every value piece by piece, which for a string of megabytes full of escapes is seconds
 * of garbage collection.
 */
export function scannedStringEnd(text: string, start: number): number {
  const n = text.length;
  for (let i = start + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) return i + 1;
    if (c === 92 /* \ */) i++;
    else if (c === 10 || c === 13) return i;
  }
  return n;
}

export function buildIndex(text: string): IndexNode | undefined {
  const scanner = createScanner(text, false);
  const stack: Frame[] = [];
  let root: IndexNode | undefined;

  const attach = (node: IndexNode): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root ??= node;
      return;
    }
    if (top.node.type === 'array') {
      top.node.items!.push(node);
    } else if (top.pendingProp) {
      top.pendingProp.value = node;
      top.pendingProp = undefined;
    }
  };

  let expectKey = false;
  for (;;) {
    // A string that is no key is passed over without making its value (see scannedStringEnd).
    const at = scanner.getPosition();
    if (text.charCodeAt(at) === 34 && !(expectKey && stack[stack.length - 1]?.node.type === 'object')) {
      const end = scannedStringEnd(text, at);
      attach({ type: 'string', offset: at, length: end - at });
      scanner.setPosition(end);
      continue;
    }
    const kind = scanner.scan();
    if (kind === SyntaxKind.EOF) break;
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    switch (kind) {
      case SyntaxKind.OpenBraceToken: {
        const node: IndexNode = { type: 'object', offset, length: 0, props: [] };
        attach(node);
        stack.push({ node });
        expectKey = true;
        break;
      }
      case SyntaxKind.OpenBracketToken: {
        const node: IndexNode = { type: 'array', offset, length: 0, items: [] };
        attach(node);
        stack.push({ node });
        expectKey = false;
        break;
      }
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken: {
        const frame = stack.pop();
        if (frame) frame.node.length = offset + length - frame.node.offset;
        expectKey = false;
        break;
      }
      case SyntaxKind.CommaToken: {
        const top = stack[stack.length - 1];
        expectKey = !!top && top.node.type === 'object';
        break;
      }
      case SyntaxKind.ColonToken:
        expectKey = false;
        break;
      case SyntaxKind.StringLiteral: {
        const top = stack[stack.length - 1];
        if (expectKey && top && top.node.type === 'object') {
          const prop: IndexProp = { key: scanner.getTokenValue(), keyOffset: offset, keyLength: length, value: undefined };
          top.node.props!.push(prop);
          top.pendingProp = prop;
          expectKey = false;
        } else {
          attach({ type: 'string', offset, length });
        }
        break;
      }
      case SyntaxKind.NumericLiteral:
        attach({ type: 'number', offset, length });
        break;
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
        attach({ type: 'boolean', offset, length });
        break;
      case SyntaxKind.NullKeyword:
        attach({ type: 'null', offset, length });
        break;
      default:
        // comments, trivia, line breaks and unknown tokens carry no structure
        break;
    }
  }
  // Unclosed containers end at the end of the text.
  for (const frame of stack) frame.node.length = text.length - frame.node.offset;
  return root;
}

export interface Located {
  /** The value at the path (undefined when only the parent was found). */
  node: IndexNode | undefined;
  /** The property holding the value, when the last segment is an object key. */
  prop?: IndexProp;
  /** How many segments of the path were found. */
  depth: number;
}

/** Follow a path through the index; for duplicate keys the last one wins, as in JSON.parse. */
export function locate(root: IndexNode | undefined, path: readonly (string | number)[]): Located {
  let node = root;
  let prop: IndexProp | undefined;
  let depth = 0;
  for (const seg of path) {
    if (!node) break;
    if (node.type === 'object') {
      let found: IndexProp | undefined;
      const props = node.props!;
      for (let i = props.length - 1; i >= 0; i--) {
        if (props[i].key === String(seg)) {
          found = props[i];
          break;
        }
      }
      if (!found) break;
      prop = found;
      node = found.value;
    } else if (node.type === 'array') {
      const i = typeof seg === 'number' ? seg : Number(seg);
      const item = Number.isInteger(i) ? node.items![i] : undefined;
      if (!item) break;
      prop = undefined;
      node = item;
    } else {
      break;
    }
    depth++;
  }
  // When the path is not complete, node is the deepest value found, so a finding always has a place.
  return { node, prop, depth };
}
