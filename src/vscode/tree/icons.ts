import * as vscode from 'vscode';
import type { StatusKind } from '../model/azureModel';
import type { GroupSection, WorkspaceStatusKind } from '../model/workspaceModel';

/** The icon of a connection's Azure status. */
export function statusIcon(kind: StatusKind | WorkspaceStatusKind): vscode.ThemeIcon {
  switch (kind) {
    case 'connected':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'unauthenticated':
      return new vscode.ThemeIcon('key', new vscode.ThemeColor('list.warningForeground'));
    case 'not-found':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconFailed'));
    default:
      return new vscode.ThemeIcon('circle-outline');
  }
}

/** The icon of the worst problem of a node. */
export function problemIcon(severity: 'error' | 'warning' | 'info'): vscode.ThemeIcon {
  if (severity === 'error') return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (severity === 'warning') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
}

const SECTION_ICONS: Record<GroupSection, string> = {
  managedApiConnections: 'cloud',
  serviceProviderConnections: 'server-process',
  functionConnections: 'symbol-function',
  apiManagementConnections: 'globe',
  agentConnections: 'hubot',
  $connections: 'cloud',
};

export function sectionIcon(section: GroupSection): vscode.ThemeIcon {
  return new vscode.ThemeIcon(SECTION_ICONS[section]);
}

export function plainIcon(id: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id);
}
