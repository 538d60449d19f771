import { switchAuthMode } from '../connections/switchAuthMode';
import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/** *Use Connection Keys for Local Runs…*: a project's local runs switch to connection keys, fetched again (see connections/switchAuthMode.ts). */
export const useConnectionKeysLocally: Command = {
  id: COMMANDS.useConnectionKeysLocally,
  run: (ctx, arg) => switchAuthMode(ctx, arg, 'keys'),
};
