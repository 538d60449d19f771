import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/** "Clear Filter" (the Azure view's title bar while filtered): every connection again. */
export const clearConnectionFilter: Command = {
  id: COMMANDS.clearConnectionFilter,
  run(ctx) {
    ctx.trees?.azure.setFilter(undefined);
  },
};
