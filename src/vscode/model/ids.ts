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
  diagnoseConnection: 'lac.diagnoseConnection',
  openInPortal: 'lac.openInPortal',
  refresh: 'lac.refresh',
  selectSubscriptions: 'lac.selectSubscriptions',
  refreshConnectionKey: 'lac.refreshConnectionKey',
  copyResourceId: 'lac.copyResourceId',
  showConnectionJson: 'lac.showConnectionJson',
  revealInConnectionsJson: 'lac.revealInConnectionsJson',
  deleteConnection: 'lac.deleteConnection',
  filterConnections: 'lac.filterConnections',
  clearConnectionFilter: 'lac.clearConnectionFilter',
  showConnectorDefinition: 'lac.showConnectorDefinition',
  addAccessPolicy: 'lac.addAccessPolicy',
  useManagedIdentityLocally: 'lac.useManagedIdentityLocally',
  useConnectionKeysLocally: 'lac.useConnectionKeysLocally',
  diagnoseIdentity: 'lac.diagnoseIdentity',
  grantAccess: 'lac.grantAccess',
  testAllConnections: 'lac.testAllConnections',
  authorizeUnauthenticated: 'lac.authorizeUnauthenticated',
  pasteSignInAddress: 'lac.pasteSignInAddress',
} as const;

/** The activity bar container and its views (package.json `viewsContainers` / `views`). */
export const VIEW_CONTAINER = 'logicAppsConnections';
export const VIEWS = {
  workspace: 'lac.workspace',
  azure: 'lac.azure',
} as const;

/**
 * Context keys (`when` clauses in package.json):
 *   lac.azureState      'untrusted' | 'invalid' | 'signed-out' | 'signed-in'
 *   lac.workspaceState  'loading' | 'none' | 'projects'  (Logic Apps projects found in the workspace)
 *   lac.azureFiltered   true while the Azure view has a name/status filter
 */
export const CONTEXT = {
  azureState: 'lac.azureState',
  workspaceState: 'lac.workspaceState',
  azureFiltered: 'lac.azureFiltered',
  /** A consent sign-in waits for the browser to come back (Authorize Connection). */
  signInWaiting: 'lac.signInWaiting',
} as const;

/** The read-only documents of Show JSON and Diagnose (`lac-azure:/…`). */
export const AZURE_DOC_SCHEME = 'lac-azure';

/** Configuration section: `lac.rules`, `lac.cloud`, `lac.exclude`, `lac.azure.armEndpoint`. */
export const CONFIG_SECTION = 'lac';

/** `lac.azure.armEndpoint` (machine scope: user settings only). */
export const ARM_ENDPOINT_SETTING = 'azure.armEndpoint';

/** `lac.azure.logicApp` (resource scope): the Logic App that runs a folder's project (identity checks). */
export const LOGIC_APP_SETTING = 'azure.logicApp';

/** The code action kind of "fix all" (`editor.codeActionsOnSave`: `"source.fixAll.lac": "explicit"`). */
export const FIX_ALL_KIND_SUFFIX = 'lac';

export const OUTPUT_CHANNEL_NAME = 'Logic Apps Connections';
export const DIAGNOSTIC_COLLECTION_NAME = 'lac';
