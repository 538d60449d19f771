import { ruleDocsUrl } from '../core/meta';
import { ALL_RULES } from '../core/rules';
import { parseCommandArgs } from './args';
import type { Command } from './command';
import { EXIT_OK, style, UsageError, useColor, type CliIO } from './io';

export const RULES_HELP = `Usage: lac rules [--format text|json]

List the rules: id, name, default severity and what each one finds.

Options:
  -f, --format <format>  text (default) or json
  -h, --help             show this help
`;

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'list the rules',
  help: RULES_HELP,
  run(args: readonly string[], io: CliIO): number {
    const { values } = parseCommandArgs('lac rules', args, { format: { type: 'string', short: 'f' } }, false);
    const format = (values.format ?? 'text').toLowerCase();
    if (format === 'json') {
      const rules = ALL_RULES.map(({ meta: m }) => ({
        id: m.id,
        name: m.name,
        defaultSeverity: m.defaultSeverity,
        description: m.description,
        fixable: m.fixable,
        requiresAzure: !!m.requiresAzure,
        docsUrl: ruleDocsUrl(m.id),
      }));
      io.stdout.write(JSON.stringify({ version: 1, rules }, null, 2) + '\n');
      return EXIT_OK;
    }
    if (format !== 'text') throw new UsageError(`unknown format "${values.format}" (text, json)`);
    const s = style(useColor(io.stdout, io.env));
    const nameWidth = Math.max(...ALL_RULES.map((r) => r.meta.name.length));
    const lines = ALL_RULES.map(({ meta: m }) => {
      const notes = [m.fixable ? 'fixable' : '', m.requiresAzure ? 'needs Azure' : ''].filter(Boolean);
      const suffix = notes.length ? s.gray(` [${notes.join(', ')}]`) : '';
      return `${s.bold(m.id)}  ${m.name.padEnd(nameWidth)}  ${m.defaultSeverity.padEnd(7)}  ${m.description}${suffix}`;
    });
    io.stdout.write(lines.join('\n') + '\n');
    return EXIT_OK;
  },
};
