import { switchAuthMode } from '../connections/switchAuthMode';
import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/** *Use Managed Identity for Local Runs…*: a project's local runs switch to managed identity (see connections/switchAuthMode.ts). */
export const useManagedIdentityLocally: Command = {
  id: COMMANDS.useManagedIdentityLocally,
  run: (ctx, arg) => switchAuthMode(ctx, arg, 'msi'),
};
