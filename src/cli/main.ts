import * as v8 from 'v8';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { accessCommand } from './access';
import { wantsHelp } from './args';
import type { Command } from './command';
import { connectionsCommand } from './connections';
import { diagnoseCommand } from './diagnose';
import { EXIT_OK, EXIT_USAGE, firstLine, UsageError, type CliIO } from './io';
import { lintCommand } from './lint';
import { projectCommand } from './project';
import { rulesCommand } from './rules';
import { VERSION } from './version';

/**
 * Subcommands, in the order `lac --help` lists them. The Azure commands (connections, diagnose)
 * load the Azure client only when they run.
 */
export const COMMANDS: readonly Command[] = [lintCommand, rulesCommand, connectionsCommand, diagnoseCommand, projectCommand, accessCommand];
const NAME_WIDTH = Math.max(8, ...COMMANDS.map((c) => c.name.length));

export const MAIN_HELP = `Usage: lac <command> [options]

Find and fix Azure Logic Apps (Standard) connection mistakes: connections.json, workflows,
parameters, app settings and exported ARM templates.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(NAME_WIDTH)}  ${c.summary}`).join('\n')}

Options:
  -h, --help     show this help (lac <command> --help: the command's)
  -v, --version  print the version

Examples:
  lac lint                          lint the projects under the current folder
  lac lint src/ --format sarif > lac.sarif
  lac lint --fix --rule LAC041=off
  lac connections list              the API connections in your Azure subscriptions
  lac connections test office365    test one and explain the result
  lac diagnose .                    diagnose the connections of the project here
  lac diagnose . --app <id>         ... and the identities and credentials of its Logic App
  lac project auth-mode . msi       use managed identity for local runs (preview; --yes applies)

Azure: sign in with $LAC_ACCESS_TOKEN (an ARM token) or DefaultAzureCredential (az login...);
lac connections --help tells more. Linting never calls Azure.
`;

/**
 * Run `lac` with the arguments after the program name and return the exit code: 0 fine,
 * 1 problems found, 2 usage or I/O error. Never throws: every failure is one line on stderr.
 */
export async function main(argv: readonly string[], io: Partial<CliIO> = {}): Promise<number> {
  const env = io.env ?? process.env;
  const full: CliIO = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    cwd: io.cwd ?? process.cwd(),
    env,
    ...(io.ask ? { ask: io.ask } : io.stdout === undefined && process.stdin.isTTY ? { ask: askOnTerminal } : {}),
  };
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      full.stderr.write(MAIN_HELP);
      return EXIT_USAGE;
    }
    if (first === '--help' || first === '-h') {
      full.stdout.write(MAIN_HELP);
      return EXIT_OK;
    }
    if (first === '--version' || first === '-v' || first === '-V') {
      full.stdout.write(`${VERSION}\n`);
      return EXIT_OK;
    }
    if (first === 'help') {
      const cmd = rest[0] === undefined ? undefined : commandNamed(rest[0]);
      full.stdout.write(cmd ? (cmd.helpFor?.(rest.slice(1)) ?? cmd.help) : MAIN_HELP);
      return EXIT_OK;
    }
    if (first.startsWith('-')) throw new UsageError(`unknown option "${first}" (see lac --help)`);
    const cmd = commandNamed(first);
    if (wantsHelp(rest)) {
      full.stdout.write(cmd.helpFor?.(rest) ?? cmd.help);
      return EXIT_OK;
    }
    return await cmd.run(rest, full);
  } catch (e) {
    if (e instanceof UsageError) {
      full.stderr.write(`lac: ${e.message}\n`);
      return EXIT_USAGE;
    }
    // A bug: one line, never a stack trace, unless asked for.
    if (env.LAC_DEBUG && e instanceof Error && e.stack) full.stderr.write(`${e.stack}\n`);
    full.stderr.write(`lac: internal error: ${firstLine(e)}${env.LAC_DEBUG ? '' : ' (set LAC_DEBUG=1 for details)'}\n`);
    return EXIT_USAGE;
  }
}

/** A question on the terminal (stdin and stderr), one line of answer. */
function askOnTerminal(question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const readline = require('readline') as typeof import('readline');
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
    rl.on('close', () => resolve(undefined));
  });
}

function commandNamed(name: string): Command {
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) throw new UsageError(`unknown command "${name}" (${COMMANDS.map((c) => c.name).join(', ')}; see lac --help)`);
  return cmd;
}

/** Data handed to the worker that runs `lac lint` (see runProcess). */
interface WorkerData {
  lacWorker: true;
  stdoutTTY: boolean;
  stderrTTY: boolean;
}

/**
 * `lac lint` runs in a worker thread whose heap is capped just under the process's own limit:
 * whatever the input, running out of memory ends that worker (the main thread is told), never
 * the process with a V8 stack dump. The user gets one line and exit code 2.
 */
function runLintWorker(argv: readonly string[]): void {
  const limitMb = Math.floor(v8.getHeapStatistics().heap_size_limit / 1024 / 1024);
  const data: WorkerData = { lacWorker: true, stdoutTTY: !!process.stdout.isTTY, stderrTTY: !!process.stderr.isTTY };
  const worker = new Worker(__filename, { argv: [...argv], workerData: data, resourceLimits: { maxOldGenerationSizeMb: Math.max(64, limitMb - 32) } });
  let code: number | undefined;
  worker.on('message', (m: unknown) => {
    if (typeof m === 'number') code = m;
  });
  worker.on('error', (e: Error & { code?: string }) => {
    process.stderr.write(
      e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `lac: out of memory: linting needed more than ${limitMb} MB; lint fewer folders at a time, or give Node more (NODE_OPTIONS=--max-old-space-size=<MB>)\n`
        : `lac: internal error: ${firstLine(e)}\n`,
    );
    code = EXIT_USAGE;
  });
  worker.on('exit', () => {
    process.exitCode = code ?? EXIT_USAGE;
  });
}

/** The process entry point of dist/cli.js (and of the lint worker it starts). */
function runProcess(): void {
  // `lac lint | head`: a closed pipe ends the run quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
      process.exit(EXIT_USAGE);
    });
  }
  const argv = process.argv.slice(2);
  const inWorker = !isMainThread && (workerData as WorkerData | undefined)?.lacWorker === true;
  if (inWorker) {
    const d = workerData as WorkerData;
    const tty = (stream: NodeJS.WriteStream, isTTY: boolean) => ({ write: (t: string) => stream.write(t), isTTY });
    main(argv, { stdout: tty(process.stdout, d.stdoutTTY), stderr: tty(process.stderr, d.stderrTTY) }).then(
      (c) => parentPort!.postMessage(c),
      () => parentPort!.postMessage(EXIT_USAGE),
    );
    return;
  }
  if (isMainThread && argv[0] === 'lint' && !wantsHelp(argv.slice(1))) {
    runLintWorker(argv);
    return;
  }
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT_USAGE;
    },
  );
}

const isWorkerEntry = !isMainThread && (workerData as WorkerData | undefined)?.lacWorker === true;
if (isWorkerEntry || (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module)) runProcess();
