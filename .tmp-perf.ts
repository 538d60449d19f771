import { lintFiles } from './test/unit/helpers/ruleTester';
import { virtualProjects } from './test/unit/helpers/virtualProject';
import { lintProject } from './src/core/engine';
const actions: Record<string, unknown> = {};
for (let i = 0; i < 4000; i++) {
  actions[`Compose_${i}`] = { type: 'Compose', inputs: { id: `item-${i}`, note: 'some text = value; more text', when: "@{utcNow()} @{body('x')?['y']}", p: `@{parameters('p${i % 10}')}`, s: `@appsetting('s${i % 7}')`, url: `https://x/api?page=${i}&size=50` } };
}
const text = JSON.stringify({ definition: { actions, triggers: {} }, kind: 'Stateful' }, null, 2);
console.log('size', text.length);
const files = { 'host.json': '{}', 'wf/workflow.json': text, 'parameters.json': JSON.stringify(Object.fromEntries([...Array(10).keys()].map(i => [`p${i}`, { type: 'String', value: 'x' }]))), 'local.settings.json': JSON.stringify({ Values: Object.fromEntries([...Array(7).keys()].map(i => [`s${i}`, 'x'])) }) };
const [p] = virtualProjects(files);
for (const id of ['LAC030', 'LAC031', 'LAC032', 'LAC033']) {
  for (let k = 0; k < 5; k++) lintProject(p, {}, { only: [id] });
  const t0 = performance.now();
  const n = 10;
  let r = 0;
  for (let k = 0; k < n; k++) r = lintProject(p, {}, { only: [id] }).length;
  console.log(id, ((performance.now() - t0) / n).toFixed(2), 'ms', r);
}
import { projectRefs, scanTemplate } from './src/core/expressionSyntax';
import { forEachString } from './src/core/json/walk';
let t0 = performance.now();
let c = 0;
forEachString(p.workflows[0].value, [], () => c++);
console.log('walk', (performance.now() - t0).toFixed(1), c);
t0 = performance.now();
forEachString(p.workflows[0].value, [], (s) => { scanTemplate(s); });
console.log('scan', (performance.now() - t0).toFixed(1));
t0 = performance.now();
const refs = projectRefs(p);
console.log('refs', (performance.now() - t0).toFixed(1), refs.length);
