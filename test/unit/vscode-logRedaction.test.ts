import * as assert from 'assert';
import { clearRegisteredSecrets, redact, registerSecret } from '../../src/core/azure/redact';
import { redactingLog } from '../../src/vscode/model/logRedaction';

/** The writing side of a LogOutputChannel, recording what reaches it. */
class FakeChannel {
  readonly lines: string[] = [];
  readonly name = 'Logic Apps Connections';
  logLevel = 2;
  disposed = false;
  private write(level: string, args: unknown[]) {
    this.lines.push(`${level} ${args.map((a) => (typeof a === 'string' ? a : `<${typeof a}>`)).join(' ')}`);
  }
  trace(...a: unknown[]) { this.write('trace', a); }
  debug(...a: unknown[]) { this.write('debug', a); }
  info(...a: unknown[]) { this.write('info', a); }
  warn(...a: unknown[]) { this.write('warn', a); }
  error(...a: unknown[]) { this.write('error', a); }
  append(v: string) { this.write('append', [v]); }
  appendLine(v: string) { this.write('appendLine', [v]); }
  replace(v: string) { this.write('replace', [v]); }
  dispose() { this.disposed = true; }
}

describe('vscode: every line of the output channel is redacted', () => {
  afterEach(() => clearRegisteredSecrets());

  it('messages, extra arguments and errors (message and stack), at every level; a short token too', () => {
    registerSecret('tk7');
    const jwt = 'eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const channel = new FakeChannel();
    const log = redactingLog(channel, redact);
    const raw = new Error(`request failed: Authorization: Bearer ${jwt}`);
    log.trace('trace tk7');
    log.debug('debug', { token: 'tk7', note: 'x' });
    log.info(`Azure: token tk7 refused`);
    log.warn('could not read the sign-in:', raw);
    log.error(raw);
    log.append('Bearer tk7');
    log.appendLine(`key=${jwt}`);
    log.replace('?sig=abcdef123456');
    const all = channel.lines.join('\n');
    assert.ok(!/\btk7\b/.test(all), all);
    assert.ok(!all.includes(jwt.split('.')[1]!), all);
    assert.ok(!all.includes('abcdef123456'), all);
    assert.strictEqual(channel.lines.length, 8);
    assert.ok(channel.lines.every((l) => !l.includes('<object>')), 'arguments reach the channel as text');
    assert.match(channel.lines[4]!, /^error Error: request failed: Authorization: \[redacted\]\n\s+at /, 'the stack is kept, redacted');
  });

  it('everything else of the channel is the channel itself', () => {
    const channel = new FakeChannel();
    const log = redactingLog(channel, redact);
    assert.strictEqual(log.name, 'Logic Apps Connections');
    assert.strictEqual(log.logLevel, 2);
    log.dispose();
    assert.ok(channel.disposed);
  });
});
