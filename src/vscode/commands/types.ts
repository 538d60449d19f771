import type { AzureService } from '../azure';
import type { LacCodeActionProvider } from '../codeActions';
import type { Diagnostics } from '../diagnostics';
import type { LintController } from '../linting';
import type { Log } from '../output';

/** What commands may use. */
export interface CommandContext {
  log: Log;
  controller: LintController;
  diagnostics: Diagnostics;
  codeActions: LacCodeActionProvider;
  azure: AzureService;
}

export interface Command {
  id: string;
  run(ctx: CommandContext, ...args: unknown[]): unknown;
}
