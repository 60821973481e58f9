/**
 * `triage summary` in-process on a fake terminal: when the dashboard opens and
 * when the static summary is printed instead, how the terminal is handed back,
 * what happens to stderr meanwhile, and the exit codes.
 */
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import type { PipelineItem } from '../../src/cli/pipeline.js';

// Ink decides at import whether it runs in CI (then it draws only the last frame); this test needs a terminal.
vi.hoisted(() => {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
});

const { runSummary } = await import('../../src/cli/summary.js');
const { runDashboard } = await import('../../src/ui/run.js');
const { tempFile } = await import('../support/read.js');
const { build, SPECS } = await import('./fixtures.js');

class FakeOut extends Writable {
  chunks: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns = 100,
    readonly rows = 30,
  ) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(String(chunk));
    done();
  }
  text(): string {
    return this.chunks.join('');
  }
}

/** A keyboard the way Ink reads one (as ink-testing-library fakes it). */
class FakeKeys extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(s: string): void {
    this.data = s;
    this.emit('readable');
    this.emit('data', s);
  }
  read(): string | null {
    const d = this.data;
    this.data = null;
    return d;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

function terminal(env: Record<string, string | undefined> = { TERM: 'xterm-256color' }, tty = true) {
  const stdout = new FakeOut(tty);
  const stderr = new FakeOut(false);
  const keys = new FakeKeys();
  const io = { stdout, stderr, stdin: keys as unknown as CliIO['stdin'], env, cwd: process.cwd() } as CliIO;
  return { io, stdout, stderr, keys };
}

async function until(what: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting for the screen');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const line = (id: string, body: string) => JSON.stringify({ id, subject: `About ${id}`, messages: [{ role: 'customer', body }] });
const FILE = tempFile(
  'export.jsonl',
  [line('a1', 'I cannot log in since this morning, the reset link never arrives'), line('a2', 'Please send me the invoice for March with our VAT number'), line('a3', 'Shall we review your goals before the renewal?')].join('\n') + '\n',
);
/** Rules only: these tests are about the terminal, not the lexical model. */
const NO_MODEL = { model: false as const };
const ALT_ON = '\u001b[?1049h';
const ALT_OFF = '\u001b[?1049l';

describe('triage summary in a terminal', () => {
  it('opens the dashboard on the alternate screen; q on the overview exits 0 and gives the terminal back', async () => {
    const t = terminal();
    const done = runSummary([FILE], NO_MODEL, t.io);
    await until(() => t.stdout.text().includes('[Overview]'));
    expect(t.stdout.text()).toContain('Conversations 3');
    t.keys.write('q');
    expect(await done).toBe(0);
    const out = t.stdout.text();
    expect(out.startsWith(ALT_ON)).toBe(true);
    expect(out.endsWith(ALT_OFF)).toBe(true);
    expect(t.stderr.text()).toBe('');
  });

  it('holds stderr while the dashboard is up: an unreadable input shows on the overview, then on stderr, exit 2', async () => {
    const t = terminal();
    const done = runSummary([FILE, 'no-such-file.jsonl'], NO_MODEL, t.io);
    await until(() => t.stdout.text().includes('[Overview]'));
    expect(t.stdout.text()).toContain('! no-such-file.jsonl: no such file');
    expect(t.stderr.text()).toBe('');
    t.keys.write('q');
    expect(await done).toBe(2);
    expect(t.stderr.text()).toBe('triage: no-such-file.jsonl: no such file\n');
  });

  it('nothing readable: no dashboard, the static summary and exit 2', async () => {
    const t = terminal();
    expect(await runSummary(['no-such-file.jsonl'], NO_MODEL, t.io)).toBe(2);
    // The progress view came and went on the alternate screen; the summary is printed on the normal one.
    const after = t.stdout.text().split(ALT_OFF);
    expect(after).toHaveLength(2);
    expect(after[1]).not.toContain('\u001b');
    expect(after[1]).toMatch(/^Conversations: 0 \(classified 0, errors 0\)/);
    expect(t.stderr.text()).toBe('triage: no-such-file.jsonl: no such file\n');
  });

  it('a bad --rules file is a usage error before the screen changes', async () => {
    const t = terminal();
    await expect(runSummary([FILE], { ...NO_MODEL, rules: ['no-such-rules.yaml'] }, t.io)).rejects.toMatchObject({ exitCode: 2 });
    expect(t.stdout.text()).toBe('');
  });

  it('--no-tui, CI, TERM=dumb, --json and a pipe all get the static output, with no escape sequences', async () => {
    const pipe = terminal({}, false);
    expect(await runSummary([FILE], NO_MODEL, pipe.io)).toBe(0);
    const expected = pipe.stdout.text();
    expect(expected).toMatch(/^Conversations: 3 \(classified 3, errors 0\)/);
    for (const [env, opts] of [
      [{ TERM: 'xterm' }, { ...NO_MODEL, tui: false }],
      [{ TERM: 'xterm', CI: 'true' }, NO_MODEL],
      [{ TERM: 'dumb' }, NO_MODEL],
    ] as const) {
      const t = terminal(env);
      expect(await runSummary([FILE], opts, t.io)).toBe(0);
      expect(t.stdout.text()).toBe(expected);
    }
    const json = terminal();
    expect(await runSummary([FILE], { ...NO_MODEL, json: true }, json.io)).toBe(0);
    expect(JSON.parse(json.stdout.text())).toMatchObject({ total: 3, classified: 3 });
  });
});

describe('runDashboard', () => {
  /** Records that arrive slowly, as from a large export. */
  async function* slow(n: number): AsyncGenerator<PipelineItem> {
    for (let i = 0; i < n; i++) {
      const { record, conversation } = build(SPECS[i % SPECS.length]!);
      yield { kind: 'record', record, conversation };
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  it('shows progress (count, rate, elapsed) while reading; q stops reading and leaves', async () => {
    const t = terminal();
    let now = 0;
    let closed = false;
    const done = runDashboard({
      io: t.io,
      keyboard: { stream: t.keys as unknown as NodeJS.ReadStream, close: () => (closed = true) },
      sources: ['big.jsonl'],
      top: 20,
      pipeline: () => slow(100_000),
      clock: () => (now += 10), // 10 ms per call
    });
    await until(() => /[\d,]+ conversations · [\d,]+\/s · [\d.]+ s/.test(t.stdout.text()));
    expect(t.stdout.text()).toContain('convo-triage · reading and classifying');
    expect(t.stdout.text()).toContain('big.jsonl');
    t.keys.write('q');
    const out = await done;
    expect(out.stopped).toBe(true);
    expect(out.shown).toBe(false);
    expect(out.summary.total).toBeGreaterThan(0);
    expect(out.summary.total).toBeLessThan(100_000);
    expect(closed).toBe(true);
    expect(t.stdout.text().endsWith(ALT_OFF)).toBe(true);
  });

  it('a pipeline that cannot start (bad options) lets go of the keyboard and changes nothing on screen', async () => {
    const t = terminal();
    let closed = false;
    await expect(
      runDashboard({
        io: t.io,
        keyboard: { stream: t.keys as unknown as NodeJS.ReadStream, close: () => (closed = true) },
        sources: ['x'],
        top: 20,
        pipeline: () => {
          throw new Error('--delimiter must be one character');
        },
      }),
    ).rejects.toThrow('--delimiter');
    expect(closed).toBe(true);
    expect(t.stdout.text()).toBe('');
  });
});
