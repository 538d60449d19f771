// Pure (no `vscode` import): commands the tree nodes run on click. Internal: registered by the
// views (tree/index.ts), not contributed, never in the palette.
export const TREE_COMMANDS = {
  /** (file, jsonPath): open a JSON file with the selection on a member (an action, a `$connections` entry). */
  revealInFile: 'lac.tree.revealInFile',
  /** (groupKey): show the next page of a resource group's connections. */
  showMore: 'lac.tree.showMore',
  /** (connectionId): reveal a connection in the Azure view. */
  revealInAzure: 'lac.tree.revealInAzure',
} as const;
