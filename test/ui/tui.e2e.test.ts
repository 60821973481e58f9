/**
 * The dashboard in a real terminal: the built binary runs in tmux at 120×40 and
 * 80×24 on a 300-conversation export in five languages (plus one message that
 * tries to set the window title and clear the screen). Keys go in with
 * send-keys; what a person would see comes back with capture-pane.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/report/summary.js';
import { tempFile } from '../support/read.js';
import { BIN, jsonLines, ROOT, runBin } from '../support/run.js';
import { expectedOverview, parseOverview } from './parse.js';
import { EVIL, EVIL_ID, mixedExport } from './sample.js';

const HAS_TMUX = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
// A server of our own: the user's tmux sessions are never touched, and afterAll ends just this one.
const SOCKET = `triage-e2e-${process.pid}`;

const tmux = (...args: string[]): string => execFileSync('tmux', ['-u', '-L', SOCKET, ...args], { encoding: 'utf8', cwd: ROOT });
const capture = (session: string): string => tmux('capture-pane', '-p', '-t', session);
const keys = (session: string, ...k: string[]): void => void tmux('send-keys', '-t', session, ...k);
const type = (session: string, text: string): void => void tmux('send-keys', '-t', session, '-l', text);

/** Capture the pane until it shows what is expected (the binary draws asynchronously). */
async function waitFor(session: string, what: (pane: string) => boolean, label: string, ms = 45_000): Promise<string> {
  const end = Date.now() + ms;
  let pane = '';
  while (Date.now() < end) {
    pane = capture(session);
    if (what(pane)) return pane;
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new Error(`tmux ${session}: timed out waiting for ${label}; the pane shows:\n${pane}`);
}

const sample = mixedExport();
let file = '';
let summary: Summary;
let records: Array<Record<string, unknown>>;

beforeAll(async () => {
  if (!HAS_TMUX) return;
  file = tempFile('mixed-301.jsonl', sample.text + EVIL + '\n');
  const s = await runBin(['summary', file, '--json']);
  expect(s.code).toBe(0);
  summary = JSON.parse(s.stdout) as Summary;
  const c = await runBin(['classify', file]);
  records = jsonLines(c.stdout);
});

afterAll(() => {
  if (!HAS_TMUX) return;
  const socket = spawnSync('tmux', ['-L', SOCKET, 'display-message', '-p', '#{socket_path}'], { encoding: 'utf8' }).stdout.trim();
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  // tmux leaves its socket file behind.
  if (socket) rmSync(socket, { force: true });
});

/** Start `triage summary FILE` in a detached session of this size; the pane prints the exit code after. */
function start(session: string, columns: number, rows: number, env: string[]): void {
  const cmd = `env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR -u FORCE_COLOR -u COLUMNS -u LINES ${env.join(' ')} '${process.execPath}' '${BIN}' summary '${file}'; echo EXIT=$?; sleep 600`;
  tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), cmd);
}

const queueRows = (pane: string): string[][] =>
  pane
    .split('\n')
    .map((l) => /^([› ])\s*(\d+) (urgent|high|normal|low)\s+(support|service|success) /.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, m[2]!, m[3]!, m[4]!]);

describe.skipIf(!HAS_TMUX)(`the dashboard in tmux (${HAS_TMUX ? sample.origin : 'skipped: tmux is not installed'})`, () => {
  it.each([
    [120, 40, [] as string[]],
    [80, 24, ['NO_COLOR=1']],
  ])('%i×%i: counts equal summary --json; Tab/arrows/Enter reach a conversation with its matched text; a filter narrows; no escape leaks; q exits 0', async (columns, rows, env) => {
    expect(summary.total).toBe(301);
    expect(Object.keys(summary.languages).length).toBeGreaterThanOrEqual(5);
    const s = `tui-${columns}x${rows}`;
    start(s, columns, rows, env);

    // Overview: the same counts as `summary --json`, and the whole frame on screen (tabs first, keys last).
    let pane = await waitFor(s, (p) => p.includes('[Overview]') && p.includes('Languages'), 'the overview');
    expect(parseOverview(pane)).toEqual(expectedOverview(summary));
    const lines = pane.split('\n');
    expect(lines[0]).toMatch(/^triage \[Overview\] Queue 301 /);
    expect(lines.filter((l) => l.trim()).at(-1)).toMatch(/^Tab queue · ↑↓ scroll/);

    // Tab → queue in triage order; arrows move; Enter opens the third conversation.
    keys(s, 'Tab');
    pane = await waitFor(s, (p) => p.includes('[Queue 301]'), 'the queue');
    const first = queueRows(pane);
    expect(first.length).toBe(rows - 6);
    expect(first[0]![0]).toBe('›');
    const rank = first.map((r) => ['urgent', 'high', 'normal', 'low'].indexOf(r[2]!));
    expect(rank).toEqual([...rank].sort((a, b) => a - b)); // urgent first
    keys(s, 'Down', 'Down');
    pane = await waitFor(s, (p) => p.includes('3/301 · id '), 'the cursor on row 3');
    const id = /3\/301 · id (\S+) /.exec(pane)![1]!;
    keys(s, 'Enter');
    pane = await waitFor(s, (p) => p.includes('[Conversation]') && p.includes('Reasons'), 'the conversation');
    expect(pane).toContain(`Conversation ${id} · 3 of 301 in the queue`);
    const record = records.find((r) => r.id === id)!;
    const rules = (record.reasons as Array<{ source: string; text: string; message: unknown }>).filter((r) => r.source === 'rule');
    expect(rules.length).toBeGreaterThan(0);
    // The Reasons list starts at the top; at 80×24 a long list continues below the fold.
    expect(pane).toContain(`«${rules[0]!.text}»`);
    expect(pane).toMatch(new RegExp(`Label\\s+${String(record.label).toUpperCase()}\\s+confidence ${(record.confidence as number).toFixed(2)}`));
    // Page down to the thread: the words a rule matched in a message are marked there too.
    const inMessage = rules.find((r) => typeof r.message === 'number')!;
    expect(inMessage).toBeDefined();
    const marked = (p: string): string[] => {
      // Message text is indented four columns; wrapped lines continue it.
      const body = p.split('\n').filter((l) => /^ {4}/.test(l)).map((l) => l.trim()).join(' ');
      return [...body.matchAll(/«([^»]+)»/g)].map((m) => m[1]!.toLowerCase());
    };
    let seen: string[] = [];
    for (let i = 0; i < 12 && !seen.some((m) => m.includes(inMessage.text.toLowerCase())); i++) {
      keys(s, 'PageDown');
      await new Promise((r) => setTimeout(r, 150));
      seen = seen.concat(marked(capture(s)));
    }
    expect(seen.some((m) => m.includes(inMessage.text.toLowerCase()))).toBe(true);

    // Back to the queue; the label filter narrows it to one label.
    keys(s, 'q', 'l');
    pane = await waitFor(s, (p) => p.includes('label:support'), 'the label filter');
    expect(pane).toContain(`[Queue ${summary.labels.support}/301]`);
    const support = queueRows(pane);
    expect(support.length).toBeGreaterThan(0);
    expect(support.every((r) => r[3] === 'support')).toBe(true);
    keys(s, 'x');
    await waitFor(s, (p) => p.includes('[Queue 301]'), 'filters cleared');

    // Search finds the hostile message; its escape sequences show as placeholders.
    keys(s, '/');
    type(s, 'pwned');
    keys(s, 'Enter');
    pane = await waitFor(s, (p) => p.includes('search:"pwned"'), 'the search');
    expect(queueRows(pane)).toHaveLength(1);
    keys(s, 'Enter');
    pane = await waitFor(s, (p) => p.includes(`Conversation ${EVIL_ID}`), 'the hostile conversation');
    expect(pane).toContain('Subject: Invoice ␛]0;pwned␇ question');
    keys(s, 'G');
    pane = await waitFor(s, (p) => p.includes('[0] customer'), 'its message');
    expect(pane).toContain('␛]0;pwned␇ for March ␛[2J now');
    expect(pane).toContain('triage '); // the screen was not cleared from under the dashboard
    expect(tmux('display-message', '-p', '-t', s, '#{pane_title}').trim()).not.toBe('pwned');

    // q from the conversation: queue, overview, then quit with 0.
    keys(s, 'q', 'q', 'q');
    pane = await waitFor(s, (p) => /EXIT=\d+/.test(p), 'the exit code');
    expect(pane).toContain('EXIT=0');
    expect(pane).not.toContain('[Overview]'); // the alternate screen is gone: the terminal is as it was
  }, 240_000);
});
