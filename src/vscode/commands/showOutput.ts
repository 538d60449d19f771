import { COMMANDS } from '../model/ids';
import type { Command } from './types';

/** "Show Output": the extension's log. */
export const showOutput: Command = {
  id: COMMANDS.showOutput,
  run(ctx) {
    ctx.log.show(true);
  },
};
