/**
 * The dashboard's data: the run's summary plus the classified conversations in
 * triage order, and the pure filters and search over them. Everything here is
 * finished data for the components; nothing reads the clock or the terminal.
 */
import type { ClassifiedRecord, OutputRecord } from '../classify/record.js';
import { isErrorRecord } from '../classify/record.js';
import { fold } from '../core/fold.js';
import type { Conversation, Label, Priority } from '../core/types.js';
import { type GroupBy, type QueueEntry, queueEntry, queueOrder, type Summary, SummaryBuilder } from '../report/summary.js';

/** One conversation of the queue: its row, its record and the conversation itself. */
export interface DashboardItem {
  readonly entry: QueueEntry;
  readonly record: ClassifiedRecord;
  readonly conversation: Conversation;
}

export interface DashboardData {
  readonly summary: Summary;
  /** Classified conversations in triage order (at most `cap`). */
  readonly items: readonly DashboardItem[];
  /** Classified conversations left out of `items` by the memory cap (the summary still counts them). */
  readonly dropped: number;
  readonly cap: number;
  /** The input files, as given. */
  readonly sources: readonly string[];
  /** Reader notices and fatal input errors of the run, shown on the overview. */
  readonly notices: readonly string[];
}

/** Conversations kept in memory for the queue and conversation screens. */
export const DEFAULT_CAP = 100_000;

export interface CollectorOptions {
  top?: number;
  groupBy?: GroupBy;
  cap?: number;
}

/**
 * Builds the summary of every record and keeps the `cap` most urgent
 * conversations. Past the cap the kept list is trimmed in batches (sorted, then
 * cut), so memory stays near the cap and the kept ones are exactly the top of
 * the triage order.
 */
export class DashboardCollector {
  private readonly builder: SummaryBuilder;
  private readonly cap: number;
  private items: DashboardItem[] = [];
  private dropped = 0;
  private count = 0;

  constructor(opts: CollectorOptions = {}) {
    this.builder = new SummaryBuilder({ ...(opts.top !== undefined ? { top: opts.top } : {}), ...(opts.groupBy ? { groupBy: opts.groupBy } : {}) });
    this.cap = Math.max(0, opts.cap ?? DEFAULT_CAP);
  }

  /** Records read so far (classified and error records). */
  get seen(): number {
    return this.count;
  }

  add(record: OutputRecord, conversation?: Conversation): void {
    this.count++;
    this.builder.add(record);
    if (isErrorRecord(record)) return;
    if (!conversation) {
      this.dropped++;
      return;
    }
    this.items.push({ entry: queueEntry(record), record, conversation });
    if (this.items.length > this.cap + Math.max(1000, this.cap >> 2)) this.trim();
  }

  private trim(): void {
    this.items.sort((a, b) => queueOrder(a.entry, b.entry));
    if (this.items.length > this.cap) {
      this.dropped += this.items.length - this.cap;
      this.items.length = this.cap;
    }
  }

  result(sources: readonly string[], notices: readonly string[] = []): DashboardData {
    this.trim();
    return { summary: this.builder.result(), items: [...this.items], dropped: this.dropped, cap: this.cap, sources: [...sources], notices: [...notices] };
  }
}

/** What the queue is narrowed to; null / false mean "any". */
export interface Filters {
  readonly label: Label | null;
  readonly priority: Priority | null;
  readonly language: string | null;
  readonly review: boolean;
  readonly churn: boolean;
  /** Search text over subject and message text ('' = none). */
  readonly query: string;
}

export const NO_FILTERS: Filters = { label: null, priority: null, language: null, review: false, churn: false, query: '' };

export const filtersActive = (f: Filters): boolean =>
  f.label !== null || f.priority !== null || f.language !== null || f.review || f.churn || f.query !== '';

// Folding a whole conversation for every search is the slow part; do it once per item.
const searchable = new WeakMap<DashboardItem, string>();

function searchTextOf(item: DashboardItem): string {
  let s = searchable.get(item);
  if (s === undefined) {
    const c = item.conversation;
    s = fold([c.subject ?? '', item.entry.id, ...c.messages.map((m) => m.body)].join('\n'));
    searchable.set(item, s);
  }
  return s;
}

/** Search ignores case and diacritics the way rules do (ș = s, ё = е). */
export function matchesQuery(item: DashboardItem, query: string): boolean {
  const q = fold(query.trim());
  return q === '' || searchTextOf(item).includes(q);
}

/** Indexes into `items` (which stay in triage order) of the conversations that pass the filters. */
export function filterItems(items: readonly DashboardItem[], f: Filters): number[] {
  const out: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const e = items[i]!.entry;
    if (f.label !== null && e.label !== f.label) continue;
    if (f.priority !== null && e.priority !== f.priority) continue;
    if (f.language !== null && e.language !== f.language) continue;
    if (f.review && !e.needs_review) continue;
    if (f.churn && !e.churn_risk) continue;
    if (f.query !== '' && !matchesQuery(items[i]!, f.query)) continue;
    out.push(i);
  }
  return out;
}

/** Languages of the kept conversations, most frequent first (the order the language filter cycles through). */
export function languagesOf(items: readonly DashboardItem[]): string[] {
  const n = new Map<string, number>();
  for (const it of items) n.set(it.entry.language, (n.get(it.entry.language) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
}

/** The next value in a cycle that starts and ends at "any" (null). */
export function cycle<T>(values: readonly T[], current: T | null): T | null {
  if (current === null) return values[0] ?? null;
  const i = values.indexOf(current);
  return i < 0 || i + 1 >= values.length ? null : values[i + 1]!;
}

/** A message split into plain and matched stretches, for highlighting. */
export interface Segment {
  readonly text: string;
  readonly hit: boolean;
}

/**
 * Split text at every occurrence of the matched phrases (longest first, case
 * ignored: the phrases are the customer's own words from this text).
 */
export function segments(text: string, phrases: readonly string[]): Segment[] {
  const ps = [...new Set(phrases.filter((p) => p.trim().length > 0))].sort((a, b) => b.length - a.length);
  if (!ps.length || !text) return text ? [{ text, hit: false }] : [];
  const re = new RegExp(ps.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index;
    if (at > last) out.push({ text: text.slice(last, at), hit: false });
    out.push({ text: m[0], hit: true });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false });
  return out;
}
