import * as vscode from 'vscode';

/** Scheme of the tree nodes' `resourceUri`s (never opened: only decorated). */
export const TREE_DECORATION_SCHEME = 'lac-tree';

export interface NodeProblems {
  count: number;
  severity: 'error' | 'warning' | 'info';
}

/**
 * Problem counts as decorations of tree nodes (a badge and the label's colour, like files with
 * problems in the Explorer). Nodes with problems get `resourceUri = uriFor(id)`.
 */
export class ProblemDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.emitter.event;
  private current = new Map<string, NodeProblems>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.window.registerFileDecorationProvider(this);
  }

  uriFor(id: string): vscode.Uri {
    return vscode.Uri.from({ scheme: TREE_DECORATION_SCHEME, path: '/' + encodeURIComponent(id) });
  }

  /** Replace every node's problems (ids of nodes with problems). */
  replace(next: Map<string, NodeProblems>, prefix: string): void {
    const changed: vscode.Uri[] = [];
    for (const [id, p] of this.current) {
      if (!id.startsWith(prefix)) continue;
      const n = next.get(id);
      if (!n || n.count !== p.count || n.severity !== p.severity) changed.push(this.uriFor(id));
    }
    for (const [id, n] of next) {
      const p = this.current.get(id);
      if (!p) changed.push(this.uriFor(id));
      else if (p.count !== n.count || p.severity !== n.severity) changed.push(this.uriFor(id));
    }
    const merged = new Map([...this.current].filter(([id]) => !id.startsWith(prefix)));
    for (const [id, n] of next) merged.set(id, n);
    this.current = merged;
    if (changed.length) this.emitter.fire(changed);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== TREE_DECORATION_SCHEME) return undefined;
    const p = this.current.get(decodeURIComponent(uri.path.slice(1)));
    if (!p || p.count === 0) return undefined;
    const badge = p.count > 99 ? '99' : String(p.count);
    const color = p.severity === 'error' ? 'list.errorForeground' : p.severity === 'warning' ? 'list.warningForeground' : undefined;
    const what = p.count === 1 ? vscode.l10n.t('1 problem') : vscode.l10n.t('{0} problems', p.count);
    return new vscode.FileDecoration(badge, what, color ? new vscode.ThemeColor(color) : undefined);
  }

  dispose(): void {
    this.registration.dispose();
    this.emitter.dispose();
  }
}
