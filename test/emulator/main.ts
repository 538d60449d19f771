/**
 * `npm run emulator [-- --port N] [--token T] [--latency MS] [--large] [--verbose]`:
 * starts the local ARM emulator until Ctrl+C.
 */
import { DEFAULT_TOKEN, defaultData, largeTenant, startEmulator } from './index';

function usage(message?: string): never {
  if (message) process.stderr.write(`emulator: ${message}\n`);
  process.stderr.write('usage: npm run emulator -- [--port N] [--token T] [--latency MS] [--large] [--verbose]\n');
  process.exit(2);
}

function parseArgs(argv: string[]) {
  const out = { port: 0, token: DEFAULT_TOKEN, latencyMs: 0, large: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    const int = (v: string) => (/^\d+$/.test(v) ? Number(v) : usage(`${flag} needs a number, got "${v}"`));
    if (flag === '--port' || flag === '-p') out.port = int(value());
    else if (flag === '--token') out.token = value();
    else if (flag === '--latency') out.latencyMs = int(value());
    else if (flag === '--large') out.large = true;
    else if (flag === '--verbose' || flag === '-v') out.verbose = true;
    else if (flag === '--help' || flag === '-h') usage();
    else usage(`unknown option "${a}"`);
  }
  if (out.port > 65535) usage('--port must be 0..65535');
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const data = args.large ? largeTenant() : defaultData();
  // Authorize completes here: consent links lead to the emulator's own consent page (consentPage.ts).
  data.localConsentPage = true;
  const emu = await startEmulator({ port: args.port, token: args.token, latencyMs: args.latencyMs, data });
  const lines = [
    '',
    '  Logic Apps Connections: LOCAL ARM EMULATOR (fake Azure Resource Manager, not Azure)',
    '',
    `  url:    ${emu.url}`,
    `  token:  ${args.token}`,
    `  data:   ${args.large ? 'largeTenant()' : 'defaultData()'}: ${data.subscriptions.length} subscriptions, ${data.connections.length} connections`,
    `  consent: the emulator's own page (${emu.url}/_emulator/consent): Allow sends the code back`,
    '',
    '  Point the product at it:',
    `    export LAC_ARM_ENDPOINT=${emu.url}`,
    `    export LAC_ACCESS_TOKEN=${args.token}`,
    '',
    '  Press Ctrl+C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  if (args.verbose) {
    let seen = 0;
    setInterval(() => {
      for (; seen < emu.requests.length; seen++) {
        const r = emu.requests[seen]!;
        if (r.status === undefined && Date.now() - r.at < 5000) break;
        process.stdout.write(`  ${r.status ?? '---'} ${r.method} ${r.path}${r.fault ? ` [fault: ${r.fault}]` : ''}${r.tokenOk ? '' : ' [no/bad token]'}\n`);
      }
    }, 200).unref();
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\n  emulator stopped\n');
    void emu.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
