/**
 * Real public Logic Apps projects (../shared/corpus, see its SOURCES.md): linting them must
 * not crash, and every error must be a real mistake that someone checked in the file. A false
 * error is worse than a missed warning, so any other error fails this test.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintProject } from '../../src/core/engine';
import { discoverOnDisk, readText } from '../../src/core/fs';
import { isArmTemplateValue, loadProject, projectFiles } from '../../src/core/project';
import type { Finding } from '../../src/core/types';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');

interface Confirmed {
  /** Folder of the corpus (first level under ../shared/corpus). */
  project: string;
  /** File inside that folder, forward slashes. */
  file: string;
  ruleId: string;
  pointer: string;
  /** Why this is a real mistake, checked against the file. */
  reason: string;
}

/** Errors that are real mistakes in the corpus, each verified against the file. */
const CONFIRMED: readonly Confirmed[] = [
  { project: 'Atharva20__Azure_Integration__LogicApp', file: 'practise-workflow/workflow.json', ruleId: 'LAC040', pointer: '/definition/actions/Send_event_details_for_all_Outbound_Shipments/actions/Try/actions/Condition/actions/Send_event_to_Outbound_Shipment/inputs/host/connection/referenceName', reason: "ApiConnection uses referenceName 'eventhubs', but managedApiConnections is {} (only a built-in eventHub exists; SOURCES: MISTAKE)" },
  { project: 'Atharva20__Azure_Integration__LogicApp', file: 'practise-workflow/workflow.json', ruleId: 'LAC040', pointer: '/definition/actions/Send_event_details_for_all_Outbound_Shipments/actions/Try/actions/Condition/else/actions/Complete_the_message_in_a_topic_subscription_copy/inputs/host/connection/referenceName', reason: "ApiConnection uses referenceName 'servicebus', but managedApiConnections is {} (only the built-in serviceBus exists; SOURCES: MISTAKE)" },
  { project: 'Atharva20__Azure_Integration__LogicApp', file: 'practise-workflow/workflow.json', ruleId: 'LAC040', pointer: '/definition/actions/Send_event_details_for_all_Outbound_Shipments/actions/Until/actions/Switch/cases/Abondon_the_the_message/actions/Dead-letter_the_message_in_a_topic_subscription/inputs/host/connection/referenceName', reason: "ApiConnection uses referenceName 'servicebus', but managedApiConnections is {} (only the built-in serviceBus exists; SOURCES: MISTAKE)" },
  { project: 'Atharva20__Azure_Integration__LogicApp', file: 'practise-workflow/workflow.json', ruleId: 'LAC040', pointer: '/definition/actions/Send_event_details_for_all_Outbound_Shipments/actions/Until/actions/Switch/cases/Complete_the_message/actions/Complete_the_message_in_a_topic_subscription/inputs/host/connection/referenceName', reason: "ApiConnection uses referenceName 'servicebus', but managedApiConnections is {} (only the built-in serviceBus exists; SOURCES: MISTAKE)" },
  { project: 'Atharva20__Azure_Integration__LogicApp', file: 'practise-workflow/workflow.json', ruleId: 'LAC040', pointer: '/definition/actions/Send_event_details_for_all_Outbound_Shipments/actions/Until/actions/Switch/cases/Renew_the_lock_on_the_message/actions/Renew_lock_on_the_message_in_a_topic_subscription/inputs/host/connection/referenceName', reason: "ApiConnection uses referenceName 'servicebus', but managedApiConnections is {} (only the built-in serviceBus exists; SOURCES: MISTAKE)" },
  { project: 'Atharva20__Azure_Integration__LogicApp', file: 'practise-workflow/workflow.json', ruleId: 'LAC040', pointer: '/definition/triggers/When_one_or_more_messages_arrive_in_a_topic_(peek-lock)/inputs/host/connection/referenceName', reason: "ApiConnection uses referenceName 'servicebus', but managedApiConnections is {} (only the built-in serviceBus exists; SOURCES: MISTAKE)" },
  { project: 'Atharva20__Azure_Integration__LogicApp', file: 'wf-outbound-shipment/workflow.json', ruleId: 'LAC040', pointer: '/definition/actions/Send_event_details_for_all_Outbound_Shipments/actions/Try/actions/Condition/actions/Send_event_to_Outbound_Shipment/inputs/host/connection/referenceName', reason: "ApiConnection uses referenceName 'eventhubs', but managedApiConnections is {} (only a built-in eventHub exists; SOURCES: MISTAKE)" },
  { project: 'Atharva20__Azure_Integration__LogicApp', file: 'wf-outbound-shipment/workflow.json', ruleId: 'LAC040', pointer: '/definition/actions/Send_event_details_for_all_Outbound_Shipments/actions/Try/actions/Condition/else/actions/Complete_the_message_in_a_topic_subscription_copy/inputs/host/connection/referenceName', reason: "ApiConnection uses referenceName 'servicebus', but managedApiConnections is {} (only the built-in serviceBus exists; SOURCES: MISTAKE)" },
  { project: 'Atharva20__Azure_Integration__LogicApp', file: 'wf-outbound-shipment/workflow.json', ruleId: 'LAC040', pointer: '/definition/actions/Send_event_details_for_all_Outbound_Shipments/actions/Until/actions/Switch/cases/Abondon_the_the_message/actions/Dead-letter_the_message_in_a_topic_subscription/inputs/host/connection/referenceName', reason: "ApiConnection uses referenceName 'servicebus', but managedApiConnections is {} (only the built-in serviceBus exists; SOURCES: MISTAKE)" },
  { project: 'Atharva20__Azure_Integration__LogicApp', file: 'wf-outbound-shipment/workflow.json', ruleId: 'LAC040', pointer: '/definition/actions/Send_event_details_for_all_Outbound_Shipments/actions/Until/actions/Switch/cases/Complete_the_message/actions/Complete_the_message_in_a_topic_subscription/inputs/host/connection/referenceName', reason: "ApiConnection uses referenceName 'servicebus', but managedApiConnections is {} (only the built-in serviceBus exists; SOURCES: MISTAKE)" },
  { project: 'Atharva20__Azure_Integration__LogicApp', file: 'wf-outbound-shipment/workflow.json', ruleId: 'LAC040', pointer: '/definition/actions/Send_event_details_for_all_Outbound_Shipments/actions/Until/actions/Switch/cases/Renew_the_lock_on_the_message/actions/Renew_lock_on_the_message_in_a_topic_subscription/inputs/host/connection/referenceName', reason: "ApiConnection uses referenceName 'servicebus', but managedApiConnections is {} (only the built-in serviceBus exists; SOURCES: MISTAKE)" },
  { project: 'Atharva20__Azure_Integration__LogicApp', file: 'wf-outbound-shipment/workflow.json', ruleId: 'LAC040', pointer: '/definition/triggers/When_one_or_more_messages_arrive_in_a_topic_(peek-lock)/inputs/host/connection/referenceName', reason: "ApiConnection uses referenceName 'servicebus', but managedApiConnections is {} (only the built-in serviceBus exists; SOURCES: MISTAKE)" },
  { project: 'Azure__logicapps__ai-rag-demo', file: 'connections.json', ruleId: 'LAC032', pointer: '/serviceProviderConnections/sql/parameterValues/connectionString', reason: 'uses @parameters() for a value that exists only as a local.settings app setting; parameters.json does not define it (SOURCES: MISTAKE)' },
  { project: 'Azure__logicapps__ai-rag-demo', file: 'connections.json', ruleId: 'LAC032', pointer: '/serviceProviderConnections/openai/parameterValues/openAIEndpoint', reason: 'uses @parameters() for a value that exists only as a local.settings app setting; parameters.json does not define it (SOURCES: MISTAKE)' },
  { project: 'Azure__logicapps__ai-rag-demo', file: 'connections.json', ruleId: 'LAC032', pointer: '/serviceProviderConnections/openai/parameterValues/openAIKey', reason: 'uses @parameters() for a value that exists only as a local.settings app setting; parameters.json does not define it (SOURCES: MISTAKE)' },
  { project: 'Azure__logicapps__ai-rag-demo', file: 'connections.json', ruleId: 'LAC032', pointer: '/serviceProviderConnections/azureaisearch/parameterValues/searchServiceEndpoint', reason: 'uses @parameters() for a value that exists only as a local.settings app setting; parameters.json does not define it (SOURCES: MISTAKE)' },
  { project: 'Azure__logicapps__ai-rag-demo', file: 'connections.json', ruleId: 'LAC032', pointer: '/serviceProviderConnections/azureaisearch/parameterValues/searchServiceAdminKey', reason: 'uses @parameters() for a value that exists only as a local.settings app setting; parameters.json does not define it (SOURCES: MISTAKE)' },
  { project: 'DEFRA__eutd-mmo-fes-logic-apps__processor-workflow', file: 'connections.json', ruleId: 'LAC010', pointer: '/managedApiConnections/refDataTable', reason: 'refDataTable has no connectionRuntimeUrl, a required property of a managed API connection (SOURCES: SUSPECT entry)' },
  { project: 'kyos-public__logicapp-template__consumption-EntraIDProvisioning', file: 'EntraIDProvisioning.json', ruleId: 'LAC021', pointer: '/resources/0/properties/definition/actions/For_each_Snow_User/actions/Until/actions/If_Is_New_User/actions/HTTP_Check_SAN/inputs/authentication/audience', reason: "HTTP MSI audience is the literal text \"parameters('graph_uri')\" (no '@'), not evaluated, so no token can be issued; the neighbouring uri uses @{parameters('graph_uri')}" },
  { project: 'kyos-public__logicapp-template__consumption-EntraIDProvisioning', file: 'EntraIDProvisioning.json', ruleId: 'LAC021', pointer: '/resources/0/properties/definition/actions/For_each_Snow_User/actions/Condition/actions/Send_SCIMBulkPayload_to_API_endpoint/inputs/authentication/audience', reason: "HTTP MSI audience is the literal text \"parameters('graph_uri')\" (no '@'), not evaluated, so no token can be issued; the neighbouring uri uses @{parameters('graph_uri')}" },
  { project: 'kyos-public__logicapp-template__consumption-EntraIDProvisioning', file: 'EntraIDProvisioning.json', ruleId: 'LAC021', pointer: '/resources/0/properties/definition/actions/For_each_Snow_User/actions/Until2/actions/If_Is_New_User_2/actions/HTTP_Check_EID/inputs/authentication/audience', reason: "HTTP MSI audience is the literal text \"parameters('graph_uri')\" (no '@'), not evaluated, so no token can be issued; the neighbouring uri uses @{parameters('graph_uri')}" },
  { project: 'kyos-public__logicapp-template__consumption-EntraIDProvisioning', file: 'EntraIDProvisioning.json', ruleId: 'LAC021', pointer: '/resources/0/properties/definition/actions/For_each_Snow_User/actions/Update_Correlation/else/actions/HTTP_Get_Corresponding_GUID_1-copy/inputs/authentication/audience', reason: "HTTP MSI audience is the literal text \"parameters('graph_uri')\" (no '@'), not evaluated, so no token can be issued; the neighbouring uri uses @{parameters('graph_uri')}" },
  { project: 'kyos-public__logicapp-template__consumption-EntraIDProvisioning', file: 'EntraIDProvisioning.json', ruleId: 'LAC021', pointer: '/resources/0/properties/definition/actions/For_each_Snow_User/actions/Manage_access_Packages/actions/Get_User_Commun/inputs/authentication/audience', reason: "HTTP MSI audience is the literal text \"parameters('graph_uri')\" (no '@'), not evaluated, so no token can be issued; the neighbouring uri uses @{parameters('graph_uri')}" },
  { project: 'kyos-public__logicapp-template__consumption-EntraIDProvisioning', file: 'EntraIDProvisioning.json', ruleId: 'LAC021', pointer: '/resources/0/properties/definition/actions/For_each_Snow_User/actions/Manage_access_Packages/actions/Get_Commun_AP/inputs/authentication/audience', reason: "HTTP MSI audience is the literal text \"parameters('graph_uri')\" (no '@'), not evaluated, so no token can be issued; the neighbouring uri uses @{parameters('graph_uri')}" },
  { project: 'kyos-public__logicapp-template__consumption-EntraIDProvisioning', file: 'EntraIDProvisioning.json', ruleId: 'LAC021', pointer: '/resources/0/properties/definition/actions/For_each_Snow_User/actions/Manage_access_Packages/actions/User_has_Commun/else/actions/Assign_Commun_to_User/inputs/authentication/audience', reason: "HTTP MSI audience is the literal text \"parameters('graph_uri')\" (no '@'), not evaluated, so no token can be issued; the neighbouring uri uses @{parameters('graph_uri')}" },
  { project: 'kyos-public__logicapp-template__workflow-joiner', file: 'connections.json', ruleId: 'LAC010', pointer: '/managedApiConnections/azureautomation', reason: 'managed connection without connectionRuntimeUrl (SOURCES: MISTAKE 2)' },
  { project: 'kyos-public__logicapp-template__workflow-joiner', file: 'connections.json', ruleId: 'LAC012', pointer: '/managedApiConnections/azureautomation/api/id', reason: 'api.id is .../providers/Microsoft.Web/connections/azureautomation, not locations/<loc>/managedApis/<api> (SOURCES: MISTAKE 1)' },
  { project: 'kyos-public__logicapp-template__workflow-joiner', file: 'connections.json', ruleId: 'LAC013', pointer: '/managedApiConnections/azureautomation/authentication/identity', reason: 'authentication.identity is an object {userAssignedIdentity: ...}, not a resource id string (SOURCES: MISTAKE 3)' },
  { project: 'kyos-public__logicapp-template__workflow-joiner', file: 'connections.json', ruleId: 'LAC010', pointer: '/managedApiConnections/keyvault', reason: 'managed connection without connectionRuntimeUrl (SOURCES: MISTAKE 2)' },
  { project: 'kyos-public__logicapp-template__workflow-joiner', file: 'connections.json', ruleId: 'LAC013', pointer: '/managedApiConnections/keyvault/authentication/identity', reason: 'authentication.identity is an object {userAssignedIdentity: ...}, not a resource id string (SOURCES: MISTAKE 3)' },
  { project: 'kyos-public__logicapp-template__workflow-joiner', file: 'connections.json', ruleId: 'LAC010', pointer: '/managedApiConnections/acsemail', reason: 'managed connection without connectionRuntimeUrl (SOURCES: MISTAKE 2)' },
  { project: 'kyos-public__logicapp-template__workflow-joiner', file: 'connections.json', ruleId: 'LAC013', pointer: '/managedApiConnections/acsemail/authentication/identity', reason: 'authentication.identity is an object {userAssignedIdentity: ...}, not a resource id string (SOURCES: MISTAKE 3)' },
  { project: 'kyos-public__logicapp-template__workflow-joiner', file: 'connections.json', ruleId: 'LAC010', pointer: '/managedApiConnections/azurecommunicationservicessms', reason: 'managed connection without connectionRuntimeUrl (SOURCES: MISTAKE 2)' },
  { project: 'kyos-public__logicapp-template__workflow-joiner', file: 'connections.json', ruleId: 'LAC013', pointer: '/managedApiConnections/azurecommunicationservicessms/authentication/identity', reason: 'authentication.identity is an object {userAssignedIdentity: ...}, not a resource id string (SOURCES: MISTAKE 3)' },
  { project: 'mschellig__LogicAppTesting__logic-testautomation', file: 'livedemo/workflow.json', ruleId: 'LAC040', pointer: '/definition/triggers/When_a_message_is_received_in_a_queue_(auto-complete)/inputs/host/connection/referenceName', reason: "livedemo trigger is an ApiConnection with referenceName 'servicebus', but managedApiConnections is {} (SOURCES: MISTAKE)" },
  { project: 'wittywhales__logicapps-cicd__workflows', file: 'connections.json', ruleId: 'LAC012', pointer: '/managedApiConnections/azuremonitorlogs/api/id', reason: "api.id is the whole-value expression @appsetting('AZUREMONITORLOGS_API_ID'), which the runtime does not parse in api.id / connection.id (Azure/logicapps#683: 'The managedApiConnections property in connection.json has a value that cannot be parsed'; @{appsetting()} works)" },
  { project: 'wittywhales__logicapps-cicd__workflows', file: 'connections.json', ruleId: 'LAC012', pointer: '/managedApiConnections/azuremonitorlogs/connection/id', reason: "connection.id is the whole-value expression @appsetting('AZUREMONITORLOGS_CONNECTION_ID'), which the runtime does not parse in api.id / connection.id (Azure/logicapps#683: 'The managedApiConnections property in connection.json has a value that cannot be parsed'; @{appsetting()} works)" },
  { project: 'wittywhales__logicapps-cicd__workflows', file: 'connections.json', ruleId: 'LAC012', pointer: '/managedApiConnections/office365/api/id', reason: "api.id is the whole-value expression @appsetting('OFFICE365_API_ID'), which the runtime does not parse in api.id / connection.id (Azure/logicapps#683: 'The managedApiConnections property in connection.json has a value that cannot be parsed'; @{appsetting()} works)" },
  { project: 'wittywhales__logicapps-cicd__workflows', file: 'connections.json', ruleId: 'LAC012', pointer: '/managedApiConnections/office365/connection/id', reason: "connection.id is the whole-value expression @appsetting('OFFICE365_CONNECTION_ID'), which the runtime does not parse in api.id / connection.id (Azure/logicapps#683: 'The managedApiConnections property in connection.json has a value that cannot be parsed'; @{appsetting()} works)" },
];

const keyOf = (c: { project: string; file: string; ruleId: string; pointer: string }): string => `${c.project} | ${c.file} | ${c.ruleId} | ${c.pointer}`;

interface Located {
  project: string;
  file: string;
  finding: Finding;
}

function lintFolder(folder: string): Located[] {
  const abs = path.join(CORPUS, folder);
  return discoverOnDisk([abs]).flatMap((layout) =>
    lintProject(loadProject(layout, readText)).map((finding) => ({
      project: folder,
      file: path.relative(abs, finding.file).split(path.sep).join('/'),
      finding,
    })),
  );
}

const show = (l: Located): string =>
  `${keyOf({ project: l.project, file: l.file, ruleId: l.finding.ruleId, pointer: l.finding.pointer })}\n      ${l.finding.message}`;

describe('corpus of real projects', function () {
  this.timeout(120_000);

  if (!fs.existsSync(CORPUS)) {
    it('is present', () => {
      assert.fail(`The corpus is missing: expected the real-project corpus at ${CORPUS} (../shared/corpus next to the repository; CI provides it there).`);
    });
    return;
  }

  const folders = fs
    .readdirSync(CORPUS)
    .filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory())
    .sort();
  // Each folder is linted once, by whichever test needs it first.
  const results = new Map<string, Located[]>();
  const linted = (folder: string): Located[] => {
    if (!results.has(folder)) results.set(folder, lintFolder(folder));
    return results.get(folder)!;
  };
  const errors = (): Located[] => folders.flatMap(linted).filter((l) => l.finding.severity === 'error');

  it('has projects', () => {
    assert.ok(folders.length > 0, `no project folders in ${CORPUS}`);
  });

  it('lists each confirmed mistake once, in an existing folder', () => {
    const keys = CONFIRMED.map(keyOf);
    assert.deepStrictEqual(keys.filter((k, i) => keys.indexOf(k) !== i), [], 'duplicate entries');
    for (const c of CONFIRMED) {
      assert.ok(folders.includes(c.project), `${keyOf(c)}: no such corpus folder`);
      assert.ok(fs.existsSync(path.join(CORPUS, c.project, c.file)), `${keyOf(c)}: no such file`);
      assert.ok(c.reason.trim().length > 0 && !c.reason.includes('\n'), `${keyOf(c)}: give a one-line reason`);
    }
  });

  describe('lints without crashing', () => {
    for (const folder of folders) {
      it(folder, () => {
        const found = linted(folder);
        // The engine turns a throwing rule into a warning instead of crashing: that is a crash here.
        const crashes = found.filter((l) => /^Rule LAC\d+ \(.*\) failed on this project/.test(l.finding.message));
        assert.deepStrictEqual(crashes.map(show), [], 'a rule threw');
      });
    }
  });

  it('lints each ARM deployment template it contains as an ARM template (whatever its name), and each Logic Apps template as one', () => {
    let armTemplates = 0;
    for (const folder of folders) {
      const abs = path.join(CORPUS, folder);
      const projects = discoverOnDisk([abs]).map((l) => loadProject(l, readText));
      const linted = new Map<string, string>();
      for (const p of projects) for (const f of projectFiles(p)) linted.set(f.path, `${p.kind}/${f.kind}`);
      const stack = [abs];
      while (stack.length) {
        const dir = stack.pop()!;
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, e.name);
          if (e.isDirectory()) {
            stack.push(full);
            if (fs.existsSync(path.join(full, 'manifest.json')) && fs.existsSync(path.join(full, 'workflow.json'))) {
              assert.strictEqual(linted.get(path.join(full, 'workflow.json'))?.split('/')[0], 'template', `${folder}: ${path.relative(abs, full)} is a Logic Apps template`);
            }
            continue;
          }
          if (!e.name.toLowerCase().endsWith('.json')) continue;
          let value: unknown;
          try {
            value = JSON.parse(fs.readFileSync(full, 'utf8').replace(/^\uFEFF/, ''));
          } catch {
            continue;
          }
          if (!isArmTemplateValue(value)) continue;
          armTemplates++;
          assert.strictEqual(linted.get(full)?.split('/')[1], 'armTemplate', `${folder}: ${path.relative(abs, full)} is an ARM template: it must be linted as one`);
        }
      }
    }
    assert.ok(armTemplates >= 7, `the corpus has the Consumption templates SOURCES.md lists (found ${armTemplates})`);
  });

  it('reports no error that is not a confirmed real mistake', () => {
    const confirmed = new Set(CONFIRMED.map(keyOf));
    const unexpected = errors().filter((l) => !confirmed.has(keyOf({ project: l.project, file: l.file, ruleId: l.finding.ruleId, pointer: l.finding.pointer })));
    assert.deepStrictEqual(
      unexpected.map(show),
      [],
      'false errors (fix the rule), or real mistakes to add to CONFIRMED after checking the file',
    );
  });

  it('still finds every confirmed mistake', () => {
    const found = new Set(errors().map((l) => keyOf({ project: l.project, file: l.file, ruleId: l.finding.ruleId, pointer: l.finding.pointer })));
    const lost = CONFIRMED.filter((c) => !found.has(keyOf(c)));
    assert.deepStrictEqual(lost.map((c) => `${keyOf(c)} (${c.reason})`), [], 'confirmed mistakes no longer reported as errors');
  });
});
