// The schemas the editor gets through package.json `jsonValidation` (written to dist/schemas/ by
// scripts/gen-validators.mjs during the build; CommonJS so that unit tests load the same code).
'use strict';

/**
 * The schemas the editor gets through `jsonValidation` (package.json), generated into dist/schemas/:
 * VS Code's JSON support reports no problem that our rules report (one report, with our rule id and
 * severity, the same as `lac lint`):
 * - `connections.schema.json`: the validation schema without what validates (LAC002 reports that),
 *   keeping what serves hover and completion (descriptions, properties, snippets; `enum` values as
 *   `examples`);
 * - every file we lint allows comments and trailing commas there (LAC001 reports them):
 *   `allowComments` / `allowTrailingCommas`, and `syntax.schema.json` with only those for the
 *   other project files.
 */
const VALIDATION_KEYWORDS = new Set([
  'type', 'required', 'pattern', 'patternErrorMessage', 'errorMessage', 'enum', 'const', 'format',
  'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'propertyNames',
  'dependencies', 'dependentRequired', 'dependentSchemas', 'not', 'if', 'then', 'else', 'contains',
  'oneOf', 'anyOf',
]);
const LENIENT = { allowComments: true, allowTrailingCommas: true };

/** A copy of a schema that validates nothing (iterative); `enum` values become `examples`. */
function editorSchema(schema) {
  const out = JSON.parse(JSON.stringify(schema));
  const stack = [{ node: out, inProperties: false }];
  while (stack.length) {
    const { node, inProperties } = stack.pop();
    if (Array.isArray(node)) {
      for (const c of node) if (c && typeof c === 'object') stack.push({ node: c, inProperties: false });
      continue;
    }
    for (const k of Object.keys(node)) {
      const c = node[k];
      if (!inProperties) {
        if (k === 'enum' && Array.isArray(c)) node.examples = [...new Set([...(node.examples ?? []), ...c])];
        if (VALIDATION_KEYWORDS.has(k) || (k === 'additionalProperties' && typeof c === 'boolean')) {
          delete node[k];
          continue;
        }
      }
      if (c && typeof c === 'object') stack.push({ node: c, inProperties: !inProperties && (k === 'properties' || k === 'definitions' || k === 'patternProperties') });
    }
  }
  // Identified by its URL (package.json), never mistaken for the validation schema.
  delete out.$id;
  return { ...out, ...LENIENT };
}

module.exports = { editorSchema, LENIENT, VALIDATION_KEYWORDS };
