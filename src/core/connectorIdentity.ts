/**
 * Which managed connectors can authenticate with a logic app's managed identity (a connection
 * made with `parameterValueType: "Alternative"` and `connectionProperties.authentication` of type
 * `ManagedServiceIdentity`).
 *
 * Only connector operations that support OAuth with Microsoft Entra ID can use a managed
 * identity, and Microsoft documents the managed connectors that do (a list of examples, not a
 * complete one): https://learn.microsoft.com/azure/logic-apps/authenticate-with-managed-identity
 * ("Where you can use a managed identity", Consumption and Standard), and the first list of
 * them: https://techcommunity.microsoft.com/t5/azure-integration-services-blog/azure-logic-apps-authenticate-with-managed-identity-for-azure-ad/ba-p/2066254.
 *
 * Because that list is not complete, a connector missing from it is not reported. Reported are
 * only connectors that cannot take an Azure managed identity token at all: services outside
 * Microsoft Entra ID (Salesforce, Gmail, SFTP, SMTP…), which sign in with their own accounts or
 * keys, and Microsoft 365 connectors that act as a signed-in user (Office 365 Outlook, Teams,
 * SharePoint…: each connector's reference, https://learn.microsoft.com/connectors/<name>/,
 * lists user sign-in only).
 */

/** Managed API names documented to support managed identity authentication. */
export const MANAGED_IDENTITY_CONNECTORS: ReadonlySet<string> = new Set([
  'aci', // Azure Container Instance
  'arm', // Azure Resource Manager
  'azureappservice', // Azure App Service
  'azureautomation',
  'azureblob',
  'documentdb', // Azure Cosmos DB
  'kusto', // Azure Data Explorer
  'azuredatafactory',
  'azuredatalake',
  'azuredigitaltwins',
  'azureeventgrid',
  'eventhubs',
  'azureiotcentral',
  'keyvault',
  'azureloganalytics',
  'azuremonitorlogs',
  'azurequeues',
  'servicebus',
  'azuresentinel',
  'azuretables',
  'azurevm',
  'webcontents', // HTTP with Microsoft Entra ID
  'sql', // SQL Server
  'azureadip', // Azure AD Identity Protection
]);

/** Managed API names that cannot use a managed identity, and why. */
export const NO_MANAGED_IDENTITY_CONNECTORS: ReadonlyMap<string, string> = new Map([
  // Microsoft 365: the connection acts as the user who signed in.
  ['office365', 'Office 365 Outlook acts as a signed-in user'],
  ['office365users', 'Office 365 Users acts as a signed-in user'],
  ['office365groups', 'Office 365 Groups acts as a signed-in user'],
  ['outlook', 'Outlook.com acts as a signed-in user'],
  ['teams', 'Microsoft Teams acts as a signed-in user'],
  ['sharepointonline', 'SharePoint acts as a signed-in user'],
  ['onedriveforbusiness', 'OneDrive for Business acts as a signed-in user'],
  ['onedrive', 'OneDrive acts as a signed-in user'],
  ['excelonlinebusiness', 'Excel Online (Business) acts as a signed-in user'],
  ['planner', 'Planner acts as a signed-in user'],
  ['todo', 'Microsoft To Do acts as a signed-in user'],
  ['yammer', 'Viva Engage (Yammer) acts as a signed-in user'],
  // Services outside Microsoft Entra ID: their own accounts, passwords or keys.
  ['gmail', 'Gmail signs in with a Google account'],
  ['googledrive', 'Google Drive signs in with a Google account'],
  ['googlecalendar', 'Google Calendar signs in with a Google account'],
  ['googlesheet', 'Google Sheets signs in with a Google account'],
  ['dropbox', 'Dropbox signs in with a Dropbox account'],
  ['box', 'Box signs in with a Box account'],
  ['salesforce', 'Salesforce signs in with a Salesforce account'],
  ['servicenow', 'ServiceNow signs in with a ServiceNow account'],
  ['slack', 'Slack signs in with a Slack account'],
  ['twitter', 'X (Twitter) signs in with an X account'],
  ['sendgrid', 'SendGrid authenticates with an API key'],
  ['twilio', 'Twilio authenticates with an account SID and token'],
  ['smtp', 'SMTP authenticates with a user name and password'],
  ['ftp', 'FTP authenticates with a user name and password'],
  ['sftp', 'SFTP authenticates with a user name and password or key'],
  ['sftpwithssh', 'SFTP-SSH authenticates with a user name and password or key'],
  ['github', 'GitHub signs in with a GitHub account'],
  ['jira', 'Jira authenticates with a Jira account'],
  ['trello', 'Trello signs in with a Trello account'],
  ['mailchimp', 'Mailchimp signs in with a Mailchimp account'],
]);

/** Why a managed API cannot use a managed identity, or undefined when it can or nobody knows. */
export function noManagedIdentityReason(api: string): string | undefined {
  const name = api.trim().toLowerCase();
  if (MANAGED_IDENTITY_CONNECTORS.has(name)) return undefined;
  return NO_MANAGED_IDENTITY_CONNECTORS.get(name);
}
