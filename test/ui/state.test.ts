import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { NO_FILTERS } from '../../src/ui/model.js';
import { actionFor, applyKey, follow, initialState, type KeyContext, reduce, type UiState } from '../../src/ui/state.js';

const NONE: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
const key = (k: Partial<Key> = {}): Key => ({ ...NONE, ...k });
const CTX: KeyContext = { filtered: Array.from({ length: 50 }, (_, i) => 100 + i), rows: 10, page: 20, scrollMax: 30, languages: ['en', 'ro'] };
const ctxOf = () => CTX;

describe('reduce', () => {
  it('q / Esc go back: conversation → queue → overview → quit', () => {
    let s: UiState = { ...initialState, screen: 'conversation', open: 3 };
    s = reduce(s, { type: 'back' });
    expect(s.screen).toBe('queue');
    s = reduce(s, { type: 'back' });
    expect(s.screen).toBe('overview');
    expect(s.quit).toBe(false);
    expect(reduce(s, { type: 'back' }).quit).toBe(true);
  });

  it('Tab cycles the screens; the conversation tab exists once one is open', () => {
    expect(reduce(initialState, { type: 'tab', dir: 1 }).screen).toBe('queue');
    expect(reduce({ ...initialState, screen: 'queue' }, { type: 'tab', dir: 1 }).screen).toBe('overview');
    const open: UiState = { ...initialState, screen: 'queue', open: 1 };
    expect(reduce(open, { type: 'tab', dir: 1 }).screen).toBe('conversation');
    expect(reduce(initialState, { type: 'tab', dir: -1 }).screen).toBe('queue');
    expect(reduce({ ...open, screen: 'overview' }, { type: 'tab', dir: -1 }).screen).toBe('conversation');
  });

  it('the cursor stays within the queue and the window follows it', () => {
    let s = reduce(initialState, { type: 'move', delta: 15, count: 50, rows: 10 });
    expect(s.cursor).toBe(15);
    expect(s.top).toBe(6);
    s = reduce(s, { type: 'move', delta: -3, count: 50, rows: 10 });
    expect([s.cursor, s.top]).toEqual([12, 6]);
    s = reduce(s, { type: 'moveTo', index: 99, count: 50, rows: 10 });
    expect([s.cursor, s.top]).toEqual([49, 40]);
    s = reduce(s, { type: 'move', delta: -100, count: 50, rows: 10 });
    expect([s.cursor, s.top]).toEqual([0, 0]);
    expect(reduce(s, { type: 'move', delta: 1, count: 0, rows: 10 }).cursor).toBe(0);
  });

  it('follow keeps the cursor visible with the least movement', () => {
    expect(follow(0, 5, 10, 50)).toBe(0);
    expect(follow(0, 10, 10, 50)).toBe(1);
    expect(follow(20, 5, 10, 50)).toBe(5);
    expect(follow(45, 49, 10, 50)).toBe(40);
  });

  it('a filter change shows the queue from its top', () => {
    const s = reduce({ ...initialState, screen: 'overview', cursor: 7, top: 3 }, { type: 'filter', patch: { label: 'support' } });
    expect(s).toMatchObject({ screen: 'queue', cursor: 0, top: 0, filters: { ...NO_FILTERS, label: 'support' } });
    expect(reduce(s, { type: 'clearFilters' }).filters).toEqual(NO_FILTERS);
  });

  it('search: typing, erasing, committing, cancelling', () => {
    let s = reduce(initialState, { type: 'searchStart' });
    s = reduce(s, { type: 'searchType', text: 'ș' });
    s = reduce(s, { type: 'searchType', text: 'ab' });
    s = reduce(s, { type: 'searchErase' });
    expect(s.draft).toBe('șa');
    const committed = reduce(s, { type: 'searchCommit' });
    expect(committed).toMatchObject({ searching: false, screen: 'queue', filters: { query: 'șa' } });
    const cancelled = reduce(reduce(committed, { type: 'searchStart' }), { type: 'searchCancel' });
    expect(cancelled.filters.query).toBe('șa');
    expect(cancelled.searching).toBe(false);
  });
});

describe('key map', () => {
  it('maps keys by screen', () => {
    const q: UiState = { ...initialState, screen: 'queue', cursor: 2 };
    expect(actionFor(q, '', key({ downArrow: true }), CTX)).toEqual({ type: 'move', delta: 1, count: 50, rows: 10 });
    expect(actionFor(q, 'k', key(), CTX)).toEqual({ type: 'move', delta: -1, count: 50, rows: 10 });
    expect(actionFor(q, '', key({ pageDown: true }), CTX)).toEqual({ type: 'move', delta: 10, count: 50, rows: 10 });
    expect(actionFor(q, 'G', key({ shift: true }), CTX)).toEqual({ type: 'moveTo', index: 49, count: 50, rows: 10 });
    expect(actionFor(q, '', key({ return: true }), CTX)).toEqual({ type: 'open', item: 102, cursor: 2 });
    const o: UiState = initialState;
    expect(actionFor(o, 'j', key(), CTX)).toEqual({ type: 'scroll', delta: 1, max: 30 });
    expect(actionFor(o, '', key({ pageDown: true }), CTX)).toEqual({ type: 'scroll', delta: 19, max: 30 });
    expect(actionFor(o, 'G', key({ shift: true }), CTX)).toEqual({ type: 'scrollTo', to: 30, max: 30 });
    expect(actionFor(o, '', key({ return: true }), CTX)).toEqual({ type: 'tab', dir: 1 });
    const c: UiState = { ...initialState, screen: 'conversation', open: 104, cursor: 4 };
    expect(actionFor(c, '', key({ rightArrow: true }), CTX)).toEqual({ type: 'open', item: 105, cursor: 5 });
    expect(actionFor(c, '[', key(), CTX)).toEqual({ type: 'open', item: 103, cursor: 3 });
    expect(actionFor({ ...c, open: 100, cursor: 0 }, '', key({ leftArrow: true }), CTX)).toBeNull();
  });

  it('filter keys cycle through values back to "any"', () => {
    let s: UiState = initialState;
    const labels: Array<string | null> = [];
    for (let i = 0; i < 4; i++) {
      s = applyKey(s, 'l', key(), ctxOf);
      labels.push(s.filters.label);
    }
    expect(labels).toEqual(['support', 'service', 'success', null]);
    s = applyKey(applyKey(s, 'n', key(), ctxOf), 'n', key(), ctxOf);
    expect(s.filters.language).toBe('ro');
    s = applyKey(applyKey(s, 'r', key(), ctxOf), 'c', key(), ctxOf);
    expect(s.filters).toMatchObject({ review: true, churn: true });
    expect(applyKey(s, 'x', key(), ctxOf).filters).toEqual(NO_FILTERS);
  });

  it('while searching, letters are text, not commands', () => {
    let s = applyKey(initialState, '/', key(), ctxOf);
    s = applyKey(s, 'q', key(), ctxOf);
    s = applyKey(s, 'l', key(), ctxOf);
    expect(s).toMatchObject({ searching: true, draft: 'ql', quit: false, filters: NO_FILTERS });
    expect(applyKey(s, '', key({ escape: true, meta: true }), ctxOf).searching).toBe(false);
  });

  it('the help overlay swallows keys until closed', () => {
    const h = applyKey(initialState, '?', key(), ctxOf);
    expect(h.help).toBe(true);
    expect(applyKey(h, 'l', key(), ctxOf)).toBe(h);
    expect(applyKey(h, 'q', key(), ctxOf)).toMatchObject({ help: false, quit: false });
  });

  it('a burst of keys in one read is applied key by key', () => {
    const s = applyKey({ ...initialState, screen: 'conversation', open: 1 }, 'qqq', key(), ctxOf);
    expect(s.quit).toBe(true);
    const moved = applyKey({ ...initialState, screen: 'queue' }, 'jjjk', key(), ctxOf);
    expect(moved.cursor).toBe(2);
    // Enter, Tab and Backspace inside a burst are keys, not text.
    const searched = applyKey({ ...initialState, screen: 'queue' }, '/pwnx\u007fed\r', key(), ctxOf);
    expect(searched).toMatchObject({ searching: false, filters: { ...NO_FILTERS, query: 'pwned' } });
    expect(applyKey(initialState, '\tj\r', key(), ctxOf)).toMatchObject({ screen: 'conversation', open: 101 });
  });
});
