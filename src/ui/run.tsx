/**
 * Runs the dashboard in a terminal: the progress view while the pipeline reads
 * and classifies, then the dashboard until the user quits. Owns the terminal for
 * that time (alternate screen, keyboard in raw mode) and gives it back as it
 * was; whatever would have gone to stderr meanwhile is held and written after.
 */
import { render } from 'ink';
import { openSync } from 'node:fs';
import { Writable } from 'node:stream';
import { ReadStream } from 'node:tty';
import type { CliIO } from '../cli/io.js';
import type { PipelineItem } from '../cli/pipeline.js';
import { describeError } from '../core/errors.js';
import type { GroupBy, Summary } from '../report/summary.js';
import { App } from './App.js';
import { DashboardCollector, type DashboardData } from './model.js';
import { themeFor } from './theme.js';

/** Where key presses come from, and how to let go of it. */
export interface Keyboard {
  readonly stream: NodeJS.ReadStream;
  close(): void;
}

/**
 * The keyboard: stdin when it is the terminal and not the data, else the
 * controlling terminal (`cat export.jsonl | triage summary` still gets keys).
 * Null when there is none: then the caller prints the static summary.
 */
export function openKeyboard(io: CliIO, paths: readonly string[]): Keyboard | null {
  if (io.stdin.isTTY && !paths.includes('-')) return { stream: io.stdin as NodeJS.ReadStream, close: () => undefined };
  try {
    const tty = new ReadStream(openSync('/dev/tty', 'r'));
    return { stream: tty as NodeJS.ReadStream, close: () => tty.destroy() };
  } catch {
    return null;
  }
}

export interface DashboardRequest {
  /** The real process I/O: the dashboard draws on io.stdout; held stderr goes to io.stderr afterwards. */
  readonly io: CliIO;
  readonly keyboard: Keyboard;
  readonly sources: readonly string[];
  /**
   * The read → classify stream (with conversations kept), made from an I/O whose
   * stderr is held: reader notices must not scribble over the dashboard.
   */
  readonly pipeline: (held: CliIO) => AsyncIterable<PipelineItem>;
  readonly top: number;
  readonly groupBy?: GroupBy;
  /** Conversations kept for the queue (default 100,000). */
  readonly cap?: number;
  /** Milliseconds, for the progress view's rate and elapsed time. */
  readonly clock?: () => number;
}

export interface DashboardOutcome {
  /** The summary of what was read (everything, unless the user quit while loading). */
  readonly summary: Summary;
  /** A whole input could not be read. */
  readonly fatal: boolean;
  /** False when there was nothing to show (no conversation, only fatal errors): the caller prints the static summary. */
  readonly shown: boolean;
  /** The user quit before the input was read to the end. */
  readonly stopped: boolean;
}

const ALT_SCREEN_ON = '\x1b[?1049h';
const ALT_SCREEN_OFF = '\x1b[?1049l';
/** How often the progress view is redrawn, and how often the event loop gets a turn to read keys. */
const PAINT_MS = 100;
const YIELD_MS = 30;

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

export async function runDashboard(req: DashboardRequest): Promise<DashboardOutcome> {
  const { io } = req;
  const clock = req.clock ?? (() => performance.now());
  const held: string[] = [];
  const heldIO: CliIO = {
    ...io,
    stderr: new Writable({
      write(chunk: Buffer | string, _enc, done) {
        held.push(String(chunk));
        done();
      },
    }),
  };
  let items: AsyncIterable<PipelineItem>;
  try {
    items = req.pipeline(heldIO);
  } catch (err) {
    req.keyboard.close();
    throw err;
  }
  const theme = themeFor(io.env);
  const collector = new DashboardCollector({ top: req.top, cap: req.cap, ...(req.groupBy ? { groupBy: req.groupBy } : {}) });
  const start = clock();
  const progress = () => ({ count: collector.seen, elapsedMs: clock() - start, sources: req.sources });

  let fatal = false;
  let stopped = false;
  let shown = false;
  io.stdout.write(ALT_SCREEN_ON);
  const ink = render(<App theme={theme} progress={progress()} data={null} />, {
    stdout: io.stdout as NodeJS.WriteStream,
    stdin: req.keyboard.stream,
    stderr: heldIO.stderr as NodeJS.WriteStream,
    exitOnCtrlC: true,
    patchConsole: false,
  });
  const exited = ink.waitUntilExit().finally(() => {
    stopped = true;
  });
  try {
    let lastPaint = start;
    let lastTurn = start;
    for await (const it of items) {
      if (stopped) break;
      if (it.kind === 'fatal') {
        fatal = true;
        held.push(`triage: ${describeError(it.error)}\n`);
        continue;
      }
      collector.add(it.record, it.conversation);
      const now = clock();
      if (now - lastPaint >= PAINT_MS) {
        ink.rerender(<App theme={theme} progress={progress()} data={null} />);
        lastPaint = now;
      }
      // Classifying is synchronous: give timers and key presses a turn now and then.
      if (now - lastTurn >= YIELD_MS) {
        await nextTurn();
        lastTurn = clock();
      }
    }
    const notices = held.map((l) => l.replace(/^triage: /, '').trim()).filter(Boolean);
    const data: DashboardData = collector.result(req.sources, notices);
    if (!stopped && (data.summary.total > 0 || !fatal)) {
      shown = true;
      ink.rerender(<App theme={theme} progress={progress()} data={data} />);
      await exited;
    }
    return { summary: data.summary, fatal, shown, stopped: !shown && stopped };
  } finally {
    ink.unmount();
    await exited.catch(() => undefined);
    ink.cleanup();
    io.stdout.write(ALT_SCREEN_OFF);
    req.keyboard.close();
    for (const line of held) io.stderr.write(line);
  }
}
