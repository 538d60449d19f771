/** Product facts shared by the extension, the CLI and the docs. */
export const PRODUCT_NAME = 'Logic Apps Connections';
export const DIAGNOSTIC_SOURCE = 'Logic Apps Connections';
export const REPOSITORY_URL = 'https://github.com/logic-apps-connections/logic-apps-connections';
export const RULES_DOCS_URL = `${REPOSITORY_URL}/blob/main/docs/rules.md`;

export function ruleDocsUrl(id: string): string {
  return `${RULES_DOCS_URL}#${id.toLowerCase()}`;
}
