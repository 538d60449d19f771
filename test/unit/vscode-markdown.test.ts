import * as assert from 'assert';
import { markdownCode } from '../../src/vscode/model/azureModel';

/** Where a CommonMark code span that opens at 0 closes: the next run of exactly as many backticks. */
function codeSpan(md: string): { content: string; rest: string } {
  const open = /^`+/.exec(md)![0].length;
  const re = /`+/g;
  re.lastIndex = open;
  for (let m = re.exec(md); m; m = re.exec(md)) {
    if (m[0].length === open) {
      let content = md.slice(open, m.index);
      if (content.startsWith(' ') && content.endsWith(' ') && content.trim()) content = content.slice(1, -1);
      return { content, rest: md.slice(m.index + open) };
    }
  }
  throw new Error(`unclosed code span: ${md}`);
}

describe('vscode: ids as inline code in tooltips', () => {
  const hostile = [
    '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Web/connections/office365',
    "/subscriptions/@{appsetting('SUB')}/resourceGroups/rg/providers/Microsoft.Web/connections/x",
    '/subscriptions/x`](command:lac.deleteConnection?%5B%22x%22%5D)`/connections/y',
    '``` ```` `a` ``',
    '`starts and ends`',
    '<img src=x onerror=alert(1)> **bold** [link](https://example.com)',
    'two\nlines\r\n\r\nand a paragraph',
  ];
  for (const id of hostile) {
    it(`one code span holding exactly the text: ${JSON.stringify(id).slice(0, 50)}`, () => {
      const md = markdownCode(id);
      assert.ok(!/[\r\n]/.test(md), 'one line');
      const { content, rest } = codeSpan(md);
      assert.strictEqual(rest, '', 'nothing after the span: no link, no markup');
      assert.strictEqual(content, id.replace(/[\r\n]+/g, ' '));
    });
  }
});
