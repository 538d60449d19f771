// Pure (no `vscode` import): ids shared by the wiring, package.json checks and tests.

/** Command ids; each has one file in `commands/` and an entry in package.json `contributes.commands`. */
export const COMMANDS = {
  lintWorkspace: 'lac.lintWorkspace',
  showOutput: 'lac.showOutput',
  showRuleDocumentation: 'lac.showRuleDocumentation',
  fixAll: 'lac.fixAll',
  signIn: 'lac.signIn',
  signOut: 'lac.signOut',
  authorizeConnection: 'lac.authorizeConnection',
  testConnection: 'lac.testConnection',
} as const;

/** Configuration section: `lac.rules`, `lac.cloud`, `lac.exclude`, `lac.azure.armEndpoint`. */
export const CONFIG_SECTION = 'lac';

/** `lac.azure.armEndpoint` (machine scope: user settings only). */
export const ARM_ENDPOINT_SETTING = 'azure.armEndpoint';

/** The code action kind of "fix all" (`editor.codeActionsOnSave`: `"source.fixAll.lac": "explicit"`). */
export const FIX_ALL_KIND_SUFFIX = 'lac';

export const OUTPUT_CHANNEL_NAME = 'Logic Apps Connections';
export const DIAGNOSTIC_COLLECTION_NAME = 'lac';
