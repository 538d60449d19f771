/**
 * Azure regions of the three clouds: the name ARM ids use (`westeurope`) and the display name
 * (`West Europe`). A managed API id's `locations/<location>` segment must be the name: a display
 * name (`locations/Australia Southeast/managedApis/…`) is not found ("Swagger not found").
 *
 * Sources: `az account list-locations` (name, displayName) and the Azure region list
 * (https://learn.microsoft.com/azure/reliability/regions-list); Azure Government
 * (https://learn.microsoft.com/azure/azure-government/documentation-government-developer-guide)
 * and Azure operated by 21Vianet (https://learn.microsoft.com/azure/china/resources-developer-guide).
 * A region missing here is never reported: only a display name of a listed region is.
 */
import type { CloudName } from './types';

const PUBLIC: readonly [string, string][] = [
  ['eastus', 'East US'], ['eastus2', 'East US 2'], ['westus', 'West US'], ['westus2', 'West US 2'], ['westus3', 'West US 3'],
  ['centralus', 'Central US'], ['northcentralus', 'North Central US'], ['southcentralus', 'South Central US'], ['westcentralus', 'West Central US'],
  ['centraluseuap', 'Central US EUAP'], ['eastus2euap', 'East US 2 EUAP'],
  ['canadacentral', 'Canada Central'], ['canadaeast', 'Canada East'],
  ['brazilsouth', 'Brazil South'], ['brazilsoutheast', 'Brazil Southeast'], ['mexicocentral', 'Mexico Central'], ['chilecentral', 'Chile Central'],
  ['northeurope', 'North Europe'], ['westeurope', 'West Europe'], ['uksouth', 'UK South'], ['ukwest', 'UK West'],
  ['francecentral', 'France Central'], ['francesouth', 'France South'], ['germanywestcentral', 'Germany West Central'], ['germanynorth', 'Germany North'],
  ['switzerlandnorth', 'Switzerland North'], ['switzerlandwest', 'Switzerland West'], ['norwayeast', 'Norway East'], ['norwaywest', 'Norway West'],
  ['swedencentral', 'Sweden Central'], ['swedensouth', 'Sweden South'], ['polandcentral', 'Poland Central'], ['italynorth', 'Italy North'], ['spaincentral', 'Spain Central'],
  ['austriaeast', 'Austria East'], ['belgiumcentral', 'Belgium Central'], ['denmarkeast', 'Denmark East'],
  ['uaenorth', 'UAE North'], ['uaecentral', 'UAE Central'], ['qatarcentral', 'Qatar Central'], ['israelcentral', 'Israel Central'],
  ['southafricanorth', 'South Africa North'], ['southafricawest', 'South Africa West'],
  ['centralindia', 'Central India'], ['southindia', 'South India'], ['westindia', 'West India'], ['jioindiacentral', 'Jio India Central'], ['jioindiawest', 'Jio India West'],
  ['eastasia', 'East Asia'], ['southeastasia', 'Southeast Asia'], ['japaneast', 'Japan East'], ['japanwest', 'Japan West'],
  ['koreacentral', 'Korea Central'], ['koreasouth', 'Korea South'],
  ['australiaeast', 'Australia East'], ['australiasoutheast', 'Australia Southeast'], ['australiacentral', 'Australia Central'], ['australiacentral2', 'Australia Central 2'],
  ['newzealandnorth', 'New Zealand North'], ['indonesiacentral', 'Indonesia Central'], ['malaysiawest', 'Malaysia West'], ['taiwannorth', 'Taiwan North'],
];

const US_GOVERNMENT: readonly [string, string][] = [
  ['usgovvirginia', 'USGov Virginia'], ['usgovarizona', 'USGov Arizona'], ['usgovtexas', 'USGov Texas'], ['usgoviowa', 'USGov Iowa'],
  ['usdodeast', 'USDoD East'], ['usdodcentral', 'USDoD Central'],
];

const CHINA: readonly [string, string][] = [
  ['chinaeast', 'China East'], ['chinaeast2', 'China East 2'], ['chinaeast3', 'China East 3'],
  ['chinanorth', 'China North'], ['chinanorth2', 'China North 2'], ['chinanorth3', 'China North 3'],
];

export const REGIONS: Readonly<Record<CloudName, readonly [string, string][]>> = {
  AzureCloud: PUBLIC,
  AzureUSGovernment: US_GOVERNMENT,
  AzureChinaCloud: CHINA,
};

/** A region's name from a form with spaces, hyphens or other case (`Australia Southeast`, `US Gov Virginia`). */
const squash = (s: string): string => s.toLowerCase().replace(/[\s_-]+/g, '');

const BY_SQUASHED = new Map<string, { name: string; displayName: string; cloud: CloudName }>();
for (const [cloud, list] of Object.entries(REGIONS) as [CloudName, readonly [string, string][]][]) {
  for (const [name, displayName] of list) {
    BY_SQUASHED.set(squash(name), { name, displayName, cloud });
    BY_SQUASHED.set(squash(displayName), { name, displayName, cloud });
  }
}

/**
 * The region name a location segment stands for, when the segment is written as a display name
 * (with spaces, or `%20`): `Australia Southeast` → `australiasoutheast`. Undefined for a proper
 * name, an unknown region or anything dynamic.
 */
export function regionForDisplayName(segment: string): { name: string; displayName: string; cloud: CloudName } | undefined {
  let s = segment;
  if (s.includes('%')) {
    try {
      s = decodeURIComponent(s);
    } catch {
      return undefined;
    }
  }
  if (!/\s/.test(s.trim()) && s === segment) return undefined;
  return BY_SQUASHED.get(squash(s));
}
