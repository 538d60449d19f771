/** The five sections of a Standard project's connections.json, and what each holds. */

/** The connections.json sections a workflow can reference. */
export type ConnectionSection =
  | 'managedApiConnections'
  | 'serviceProviderConnections'
  | 'functionConnections'
  | 'apiManagementConnections'
  | 'agentConnections';

export const CONNECTION_SECTIONS: readonly ConnectionSection[] = [
  'managedApiConnections',
  'serviceProviderConnections',
  'functionConnections',
  'apiManagementConnections',
  'agentConnections',
];

export function isConnectionSection(s: string): s is ConnectionSection {
  return (CONNECTION_SECTIONS as readonly string[]).includes(s);
}

/** How each section is named in messages, which action uses it and the member naming the connection. */
export const SECTION_INFO: Record<ConnectionSection, { what: string; action: string; key: string }> = {
  managedApiConnections: { what: 'managed API connection', action: 'An ApiConnection action', key: 'referenceName' },
  serviceProviderConnections: { what: 'built-in (service provider) connection', action: 'A ServiceProvider action', key: 'connectionName' },
  functionConnections: { what: 'Azure Functions connection', action: 'A Function action', key: 'connectionName' },
  apiManagementConnections: { what: 'API Management connection', action: 'An ApiManagement action', key: 'connection' },
  agentConnections: { what: 'agent model connection', action: 'An Agent action', key: 'referenceName' },
};

/** "a" or "an" before a word. */
export const article = (what: string): string => (/^[aeiou]/i.test(what) ? `an ${what}` : `a ${what}`);
