import * as assert from 'assert';
import { scanTemplate, stringRefs } from '../../src/core/expressionSyntax';
import rule from '../../src/core/rules/lac033-expression-syntax';
import { j, lintFiles, ruleTester } from './helpers/ruleTester';

const SUB = "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}";
const conn = (values: Record<string, unknown>) => j({ managedApiConnections: { office365: values } });
const project = (connections: string, extra: Record<string, string> = {}) => ({ 'host.json': '{}', 'connections.json': connections, ...extra });

ruleTester(rule, {
  valid: [
    { name: 'whole-value references', files: project(conn({ connectionRuntimeUrl: "@appsetting('office365-ConnectionRuntimeUrl')", authentication: "@parameters('office365-Authentication')" })) },
    { name: 'interpolated references mid-string', files: project(conn({ api: { id: `${SUB}/providers/Microsoft.Web/locations/@{appsetting('WORKFLOWS_LOCATION_NAME')}/managedApis/office365` } })) },
    { name: 'a whole value written as @{...}', files: project(conn({ connectionRuntimeUrl: "@{appsetting('SERVICEBUS_CONNECTION_RUNTIME_URL')}" })) },
    { name: 'member access on an object parameter', files: project(conn({ authentication: "@parameters('auth')['type']", x: "@parameters('auth')?.scheme" })) },
    { name: 'names with quotes and spaces inside', files: project(conn({ a: "@appsetting('it''s')", b: "@{ appsetting( 'x' ) }" })) },
    { name: 'literal text, e-mail addresses and the @@ escape', files: project(conn({ displayName: 'me@company.com', b: '@@appsetting(no)', c: 'a @ b', d: '[not ARM' })) },
    { name: 'a function-call-looking text that is not appsetting/parameters stays literal', files: project(conn({ displayName: 'See docs@concat(x)' })) },
    { name: 'only connections.json is checked', files: { 'host.json': '{}', 'parameters.json': j({ p: { type: 'String', value: "@concat('a')" } }), 'wf/workflow.json': j({ definition: { actions: { a: { inputs: "parameters('graph_uri')/v1.0/x" } } } }) } },
    { name: 'no connections.json', files: { 'host.json': '{}' } },
    { name: 'unparsable connections.json is LAC001', files: project('{ "a": "@concat(" ') },
  ],
  invalid: [
    {
      name: 'bare @appsetting mid-string: warning, wrapped in @{}',
      files: project(conn({ api: { id: "/subscriptions/@appsetting('WORKFLOWS_SUBSCRIPTION_ID')/providers/x/@appsetting('LOC')/managedApis/office365" } })),
      errors: [
        { pointer: '/managedApiConnections/office365/api/id', severity: 'warning', message: "\"@appsetting('WORKFLOWS_SUBSCRIPTION_ID')\" is inside a longer string" },
        { pointer: '/managedApiConnections/office365/api/id', severity: 'warning', message: "\"@appsetting('LOC')\"" },
      ],
      output: { 'connections.json': conn({ api: { id: "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/providers/x/@{appsetting('LOC')}/managedApis/office365" } }) },
    },
    {
      name: 'bare @parameters mid-string (phuuskon), text with escapes: the whole value is rewritten',
      files: project(conn({ connection: { id: "/subscriptions/@parameters('SubscriptionId')/resourceGroups/\"rg\"" } })),
      errors: [{ pointer: '/managedApiConnections/office365/connection/id', severity: 'warning', message: 'Write "@{parameters(\'SubscriptionId\')}"' }],
      output: { 'connections.json': conn({ connection: { id: "/subscriptions/@{parameters('SubscriptionId')}/resourceGroups/\"rg\"" } }) },
    },
    {
      name: 'a leading reference followed by text reads as bare',
      files: project(conn({ connectionRuntimeUrl: "@appsetting('BASE')/apim/office365" })),
      errors: [{ pointer: '/managedApiConnections/office365/connectionRuntimeUrl', severity: 'warning' }],
      output: { 'connections.json': conn({ connectionRuntimeUrl: "@{appsetting('BASE')}/apim/office365" }) },
    },
    {
      name: 'ARM template syntax',
      files: project(conn({ connectionRuntimeUrl: "[parameters('runtimeUrl')]", b: "[concat('a', 'b')]" })),
      errors: [
        { pointer: '/managedApiConnections/office365/connectionRuntimeUrl', severity: 'error', message: 'ARM template syntax' },
        { pointer: '/managedApiConnections/office365/b', severity: 'error', message: 'ARM template syntax' },
      ],
    },
    {
      name: 'other functions, whole and interpolated',
      files: project(conn({ a: "@concat(appsetting('x'), '/y')", b: `${SUB}/x/@{toLower(appsetting('RG'))}`, c: '@{utcNow()}' })),
      errors: [
        { pointer: '/managedApiConnections/office365/a', message: 'the function concat() is not available' },
        { pointer: '/managedApiConnections/office365/b', message: 'the function toLower() is not available' },
        { pointer: '/managedApiConnections/office365/c', message: 'utcNow()' },
      ],
    },
    {
      name: 'wrong arity and non-name arguments',
      files: project(conn({ a: "@appsetting('x', 'y')", b: '@parameters()', c: '@appsetting(12)', d: "@appsetting('')", e: '@parameters(true)' })),
      errors: [
        { pointer: '/managedApiConnections/office365/a', message: 'exactly one argument' },
        { pointer: '/managedApiConnections/office365/b', message: 'it has 0' },
        { pointer: '/managedApiConnections/office365/c', message: 'not a number' },
        { pointer: '/managedApiConnections/office365/d', message: 'empty name' },
        { pointer: '/managedApiConnections/office365/e', message: 'not a keyword' },
      ],
    },
    {
      name: 'double quotes, with a fix to single quotes',
      files: project(conn({ connectionRuntimeUrl: '@appsetting("office365-ConnectionRuntimeUrl")' })),
      errors: [{ pointer: '/managedApiConnections/office365/connectionRuntimeUrl', severity: 'error', message: 'single quotes' }],
      output: { 'connections.json': conn({ connectionRuntimeUrl: "@appsetting('office365-ConnectionRuntimeUrl')" }) },
    },
    {
      name: 'unclosed @{, parenthesis and quote',
      files: project(conn({ a: `${SUB.slice(0, -1)}/x`, b: "@appsetting('x'", c: "@appsetting('x)", d: "/s/@appsetting('x'/y" })),
      errors: [
        { pointer: '/managedApiConnections/office365/a', message: 'The "@{" is not closed: "}" is expected before "/x"' },
        { pointer: '/managedApiConnections/office365/b', message: 'is not closed: a ")" is missing' },
        { pointer: '/managedApiConnections/office365/c', message: 'closing single quote is missing' },
        { pointer: '/managedApiConnections/office365/d', message: 'is not closed' },
      ],
    },
    {
      name: 'not a call, empty and incomplete expressions',
      files: project(conn({ a: '@home', b: 'x/@{}/y', c: '@', d: '@home page', e: "@parameters('p')." })),
      errors: [
        { pointer: '/managedApiConnections/office365/a', message: "must be a call to appsetting('X') or parameters('X')" },
        { pointer: '/managedApiConnections/office365/b', message: 'empty or incomplete' },
        { pointer: '/managedApiConnections/office365/c', message: 'incomplete' },
        { pointer: '/managedApiConnections/office365/d', message: 'Unexpected text after the expression' },
        { pointer: '/managedApiConnections/office365/e', message: 'A property name is expected' },
      ],
    },
  ],
});

describe('LAC033 expression scanner and spans', () => {
  it('points at the bare call inside the string', () => {
    const text = conn({ id: "/s/@appsetting('X')/y" });
    const [f] = lintFiles(project(text), rule);
    assert.strictEqual(text.slice(f.offset, f.offset + f.length), "@appsetting('X')");
  });

  it('points at the unsupported call', () => {
    const text = conn({ id: "@concat('a')" });
    const [f] = lintFiles(project(text), rule);
    assert.strictEqual(text.slice(f.offset, f.offset + f.length), "concat('a')");
  });

  it('reads nested calls, member access and string escapes', () => {
    const [e] = scanTemplate("@{toLower(parameters('a''b')['c']?.d)}");
    assert.strictEqual(e.kind, 'interpolation');
    assert.strictEqual(e.error, undefined);
    assert.deepStrictEqual(e.calls.map((c) => [c.name, c.args.map((a) => a.kind)]), [['toLower', ['expression']], ['parameters', ['string']]]);
    assert.deepStrictEqual(stringRefs("@{toLower(parameters('a''b'))}", { bare: false }).map((r) => r.name), ["a'b"]);
  });

  it('does not count bare calls as workflow references, nor text or string literals', () => {
    assert.deepStrictEqual(stringRefs("/x/@appsetting('A')/y", { bare: false }), []);
    assert.deepStrictEqual(stringRefs("/x/@appsetting('A')/y", { bare: true }).map((r) => r.name), ['A']);
    assert.deepStrictEqual(stringRefs("parameters('A') and @{concat('parameters(''B'')')}", { bare: true }), []);
  });

  it('stays linear and iterative on deep nesting and long strings', () => {
    const deep = '@' + 'concat('.repeat(20000) + "'x'" + ')'.repeat(20000);
    const [e] = scanTemplate(deep);
    assert.strictEqual(e.error, undefined);
    assert.strictEqual(e.calls.length, 20000);
    const long = "x/@{appsetting('A')}/".repeat(50000);
    const t0 = performance.now();
    assert.strictEqual(scanTemplate(long).length, 50000);
    assert.ok(performance.now() - t0 < 2000);
  });

  it('docs examples: the bad one warns and errs, the good one is clean', () => {
    const { bad, good } = rule.meta.docs;
    const findings = lintFiles(project(bad.code), rule);
    assert.deepStrictEqual(findings.map((f) => f.severity).sort(), ['error', 'warning']);
    assert.deepStrictEqual(lintFiles(project(good.code), rule), []);
  });
});
