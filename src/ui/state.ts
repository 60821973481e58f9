/**
 * The dashboard's UI state as a reducer, and the key map that turns key presses
 * into actions. Both are pure: what the screen shows follows from the data, this
 * state and the terminal size.
 */
import type { Key } from 'ink';
import { LABELS, PRIORITIES } from '../core/types.js';
import { cycle, type Filters, NO_FILTERS } from './model.js';

export type Screen = 'overview' | 'queue' | 'conversation';
export const SCREENS: readonly Screen[] = ['overview', 'queue', 'conversation'];

export interface UiState {
  readonly screen: Screen;
  readonly help: boolean;
  /** The search prompt is open; `draft` is what has been typed. */
  readonly searching: boolean;
  readonly draft: string;
  readonly filters: Filters;
  /** Selected row: a position in the filtered queue. */
  readonly cursor: number;
  /** First visible row of the queue. */
  readonly top: number;
  /** The conversation on the conversation screen: an index into the data's items. */
  readonly open: number | null;
  readonly overviewScroll: number;
  readonly conversationScroll: number;
  readonly quit: boolean;
}

export const initialState: UiState = {
  screen: 'overview',
  help: false,
  searching: false,
  draft: '',
  filters: NO_FILTERS,
  cursor: 0,
  top: 0,
  open: null,
  overviewScroll: 0,
  conversationScroll: 0,
  quit: false,
};

export type Action =
  | { type: 'tab'; dir: 1 | -1 }
  | { type: 'back' }
  | { type: 'quit' }
  | { type: 'help' }
  /** Move the queue cursor; `count` rows in the filtered queue, `rows` visible. */
  | { type: 'move'; delta: number; count: number; rows: number }
  | { type: 'moveTo'; index: number; count: number; rows: number }
  /** Scroll the overview or the conversation (whichever is shown) within [0, max]. */
  | { type: 'scroll'; delta: number; max: number }
  | { type: 'scrollTo'; to: number; max: number }
  /** Open an item (index into items) found at `cursor` of the filtered queue. */
  | { type: 'open'; item: number; cursor: number }
  | { type: 'filter'; patch: Partial<Omit<Filters, 'query'>> }
  | { type: 'clearFilters' }
  | { type: 'searchStart' }
  | { type: 'searchType'; text: string }
  | { type: 'searchErase' }
  | { type: 'searchCommit' }
  | { type: 'searchCancel' };

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

/** Keep the cursor's row visible, moving the window as little as possible. */
export function follow(top: number, cursor: number, rows: number, count: number): number {
  const r = Math.max(1, rows);
  return clamp(clamp(top, cursor - r + 1, cursor), 0, Math.max(0, count - r));
}

function moveTo(s: UiState, index: number, count: number, rows: number): UiState {
  const cursor = count > 0 ? clamp(index, 0, count - 1) : 0;
  return { ...s, cursor, top: follow(s.top, cursor, rows, count) };
}

const withScroll = (s: UiState, to: number, max: number): UiState => {
  const v = clamp(to, 0, Math.max(0, max));
  return s.screen === 'conversation' ? { ...s, conversationScroll: v } : { ...s, overviewScroll: v };
};

/** The queue after its filters changed: back to its top, and shown. */
const refiltered = (s: UiState, filters: Filters): UiState => ({ ...s, filters, cursor: 0, top: 0, screen: 'queue' });

export function reduce(s: UiState, a: Action): UiState {
  switch (a.type) {
    case 'tab': {
      const screens = s.open === null ? SCREENS.filter((x) => x !== 'conversation') : SCREENS;
      const i = screens.indexOf(s.screen);
      return { ...s, screen: screens[(i + a.dir + screens.length) % screens.length]! };
    }
    case 'back':
      if (s.screen === 'conversation') return { ...s, screen: 'queue' };
      if (s.screen === 'queue') return { ...s, screen: 'overview' };
      return { ...s, quit: true };
    case 'quit':
      return { ...s, quit: true };
    case 'help':
      return { ...s, help: !s.help };
    case 'move':
      return moveTo(s, s.cursor + a.delta, a.count, a.rows);
    case 'moveTo':
      return moveTo(s, a.index, a.count, a.rows);
    case 'scroll':
      return withScroll(s, (s.screen === 'conversation' ? s.conversationScroll : s.overviewScroll) + a.delta, a.max);
    case 'scrollTo':
      return withScroll(s, a.to, a.max);
    case 'open':
      return { ...s, open: a.item, cursor: a.cursor, screen: 'conversation', conversationScroll: 0 };
    case 'filter':
      return refiltered(s, { ...s.filters, ...a.patch });
    case 'clearFilters':
      return refiltered(s, NO_FILTERS);
    case 'searchStart':
      return { ...s, searching: true, draft: s.filters.query };
    case 'searchType':
      return { ...s, draft: s.draft + a.text };
    case 'searchErase':
      return { ...s, draft: [...s.draft].slice(0, -1).join('') };
    case 'searchCommit':
      return { ...refiltered(s, { ...s.filters, query: s.draft.trim() }), searching: false };
    case 'searchCancel':
      return { ...s, searching: false, draft: '' };
  }
}

/** What the key map needs to know about the screen as shown. */
export interface KeyContext {
  /** Item indexes of the filtered queue, in triage order. */
  readonly filtered: readonly number[];
  /** Rows of the queue that fit on screen. */
  readonly rows: number;
  /** Lines that fit in the overview / conversation viewport, and how far each may scroll. */
  readonly page: number;
  readonly scrollMax: number;
  /** Languages the language filter cycles through. */
  readonly languages: readonly string[];
}

/** Printable text typed into the search prompt (no control keys, no escape sequences). */
const printable = (input: string, key: Key): boolean =>
  input.length > 0 && !key.ctrl && !key.meta && !key.escape && !key.return && !key.tab && !/[\u0000-\u001f\u007f]/.test(input);

/** The action a key press means in this state, or null when it means nothing here. */
export function actionFor(s: UiState, input: string, key: Key, ctx: KeyContext): Action | null {
  if (s.searching) {
    if (key.escape) return { type: 'searchCancel' };
    if (key.return) return { type: 'searchCommit' };
    if (key.backspace || key.delete) return { type: 'searchErase' };
    return printable(input, key) ? { type: 'searchType', text: input } : null;
  }
  if (s.help) return input === '?' || input === 'q' || key.escape ? { type: 'help' } : null;
  if (input === '?') return { type: 'help' };
  if (key.tab) return { type: 'tab', dir: key.shift ? -1 : 1 };
  if (input === 'q' || key.escape) return { type: 'back' };
  if (input === '/') return { type: 'searchStart' };
  const f = s.filters;
  if (input === 'l') return { type: 'filter', patch: { label: cycle(LABELS, f.label) } };
  if (input === 'p') return { type: 'filter', patch: { priority: cycle(PRIORITIES, f.priority) } };
  if (input === 'n') return { type: 'filter', patch: { language: cycle(ctx.languages, f.language) } };
  if (input === 'r') return { type: 'filter', patch: { review: !f.review } };
  if (input === 'c') return { type: 'filter', patch: { churn: !f.churn } };
  if (input === 'x') return { type: 'clearFilters' };

  const up = key.upArrow || input === 'k';
  const down = key.downArrow || input === 'j';
  const first = input === 'g' || key.home;
  const last = input === 'G' || key.end;
  if (s.screen === 'queue') {
    const count = ctx.filtered.length;
    const rows = ctx.rows;
    if (up) return { type: 'move', delta: -1, count, rows };
    if (down) return { type: 'move', delta: 1, count, rows };
    if (key.pageUp) return { type: 'move', delta: -rows, count, rows };
    if (key.pageDown || input === ' ') return { type: 'move', delta: rows, count, rows };
    if (first) return { type: 'moveTo', index: 0, count, rows };
    if (last) return { type: 'moveTo', index: count - 1, count, rows };
    if (key.return) {
      const cursor = clamp(s.cursor, 0, count - 1);
      const item = ctx.filtered[cursor];
      return item === undefined ? null : { type: 'open', item, cursor };
    }
    return null;
  }
  if (s.screen === 'conversation') {
    const step = key.leftArrow || input === '[' ? -1 : key.rightArrow || input === ']' ? 1 : 0;
    if (step !== 0) {
      // Previous / next conversation of the filtered queue.
      const at = s.open === null ? -1 : ctx.filtered.indexOf(s.open);
      const cursor = at < 0 ? clamp(s.cursor, 0, ctx.filtered.length - 1) : at + step;
      const item = ctx.filtered[cursor];
      return item === undefined ? null : { type: 'open', item, cursor };
    }
  }
  if (s.screen === 'overview' && key.return) return { type: 'tab', dir: 1 };
  const page = Math.max(1, ctx.page - 1);
  if (up) return { type: 'scroll', delta: -1, max: ctx.scrollMax };
  if (down) return { type: 'scroll', delta: 1, max: ctx.scrollMax };
  if (key.pageUp) return { type: 'scroll', delta: -page, max: ctx.scrollMax };
  if (key.pageDown || input === ' ') return { type: 'scroll', delta: page, max: ctx.scrollMax };
  if (first) return { type: 'scrollTo', to: 0, max: ctx.scrollMax };
  if (last) return { type: 'scrollTo', to: ctx.scrollMax, max: ctx.scrollMax };
  return null;
}

/** One key of a burst: control characters mean their keys (Enter, Tab, Backspace), the rest is text. */
function splitBurst(input: string, key: Key): Array<[string, Key]> {
  const keys: Array<[string, Key]> = [];
  for (const c of input) {
    if (c === '\r' || c === '\n') keys.push(['', { ...key, return: true }]);
    else if (c === '\t') keys.push(['', { ...key, tab: true }]);
    else if (c === '\u007f' || c === '\b') keys.push(['', { ...key, backspace: true }]);
    else if (!/[\u0000-\u001f]/.test(c)) keys.push([c, { ...key, shift: /[A-Z]/.test(c) }]);
  }
  return keys;
}

/**
 * A key press applied to the state it arrives in. Keys that come in one burst
 * (typed ahead, pasted, `tmux send-keys / pwned Enter`) arrive as one string:
 * each key is applied in turn, each seeing the state the previous one left and
 * the layout of that state — never a stale copy.
 */
export function applyKey(s: UiState, input: string, key: Key, ctxOf: (s: UiState) => KeyContext): UiState {
  if ([...input].length > 1 && !key.ctrl && !key.meta && !key.escape) {
    return splitBurst(input, key).reduce((st, [c, k]) => applyOne(st, c, k, ctxOf), s);
  }
  return applyOne(s, input, key, ctxOf);
}

function applyOne(s: UiState, input: string, key: Key, ctxOf: (s: UiState) => KeyContext): UiState {
  const a = actionFor(s, input, key, ctxOf(s));
  return a ? reduce(s, a) : s;
}
