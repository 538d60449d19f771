/** Shared types of the core. No editor or CLI specifics live here. */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** Which role a file plays in a Logic Apps project. */
export type FileKind =
  | 'connections'
  | 'workflow'
  | 'parameters'
  | 'localSettings'
  | 'host'
  | 'armTemplate'
  /** A custom connector definition (paconn layout): `apiProperties.json` and its OpenAPI file. */
  | 'apiProperties'
  | 'apiDefinition'
  /** A Logic Apps template (the template gallery format): the workflow's `manifest.json`. */
  | 'templateManifest';

/** A path into a JSON value: property names and array indexes. */
export type JsonPath = (string | number)[];

/** 0-based, UTF-16 code units: the LSP / VS Code convention. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A plain text edit on a file's text (offsets in the text without BOM). */
export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

export interface FileEdit {
  /** Absolute path of the file to edit. */
  file: string;
  edits: TextEdit[];
  /** The file does not exist yet: create it with the edits applied to an empty text. */
  create?: boolean;
}

export interface Fix {
  title: string;
  edits: FileEdit[];
  /** The one fix an editor may apply on its own (fix-all, `lac lint --fix`). */
  preferred?: boolean;
}

export type FindingTag = 'unnecessary' | 'deprecated';

/**
 * Something to do about a finding that is not a text edit (Azure-aware rules): an editor shows it
 * as a code action that runs a command; the CLI may print it. Never applied by fix-all.
 */
export interface FindingAction {
  title: string;
  /**
   * `authorize-connection`: re-authorize (consent) in the portal; `test-connection`: test it now;
   * `add-access-policy`: give an identity an access policy on the connection.
   */
  kind: 'authorize-connection' | 'test-connection' | 'add-access-policy';
  /** ARM id of the connection the action is about. */
  connectionId: string;
}

export interface Finding {
  ruleId: string;
  name: string;
  severity: Severity;
  /** Absolute path of the file the finding is in. */
  file: string;
  /** RFC 6901 JSON Pointer of the value (or property) reported. */
  pointer: string;
  range: Range;
  /** Offsets in the file's text, for editors that prefer them. */
  offset: number;
  length: number;
  message: string;
  /** Fixes are computed on demand: building them costs more than finding the problem. */
  fixes: () => Fix[];
  /** Whether `fixes()` may return something (the rule knows how to fix this finding). */
  fixable: boolean;
  tags?: FindingTag[];
  docsUrl: string;
  /** Actions that are not edits (see `FindingAction`); absent for most findings. */
  actions?: FindingAction[];
}

export type CloudName = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud';

export interface LintSettings {
  /** Per-rule severity overrides by id (`LAC041`) or name (`unused-connection`). */
  rules?: Record<string, SeveritySetting>;
  /** The cloud assumed where a file does not tell (audience fixes, for instance). */
  cloud?: CloudName;
}
