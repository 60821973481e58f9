/**
 * Aggregation of classified records into a summary: pure data. Memory does not
 * grow with the number of conversations — counts, bounded top-N lists, day
 * counts for the trend, and capped reason counters. Summaries of shards merge
 * into the summary of the whole (`triage summary --merge`).
 */
import type { ClassifiedRecord, OutputRecord } from '../classify/record.js';
import { isErrorRecord } from '../classify/record.js';
import { LABELS, type Label, PRIORITIES, type Priority, SENTIMENTS } from '../core/types.js';

export const SUMMARY_SCHEMA = 'convo-triage/summary@1';
export type GroupBy = 'label' | 'language' | 'channel' | 'priority';

export interface QueueEntry {
  id: string;
  subject: string;
  label: Label;
  confidence: number;
  priority: Priority;
  sentiment: string | null;
  churn_risk: boolean;
  language: string;
  needs_review: boolean;
  created_at: string | null;
  why: string;
  source: { file: string; line: number };
}

export interface Summary {
  schema: typeof SUMMARY_SCHEMA;
  total: number;
  classified: number;
  errors: number;
  labels: Record<Label, number>;
  priority: Record<Priority, number>;
  label_priority: Record<Label, Record<Priority, number>>;
  sentiment: Record<string, number>;
  churn_risk: number;
  needs_review: number;
  languages: Record<string, number>;
  channels: Record<string, number>;
  text_coverage: Record<string, number>;
  first_errors: Array<{ id: string | null; error: string; file: string; line: number }>;
  /** The conversations to handle first: urgent and high, then churn risk, then negative, then oldest. */
  queue: QueueEntry[];
  churn: QueueEntry[];
  /** Rules and terms that decided each label most often (up to 100 per label, most frequent first). */
  top_reasons: Record<Label, Array<{ reason: string; count: number }>>;
  /**
   * Every reason counted per label (rules, tie-breaks, lexical terms), most frequent first: what
   * merging shards adds up. Terms are open-ended: past 2,000 per label the rarest half is dropped.
   */
  reason_counts: Record<Label, Array<{ reason: string; count: number }>>;
  trend: { granularity: 'day' | 'week'; periods: Array<{ period: string } & Record<Label, number>>; days: Record<string, Record<Label, number>> };
  group_by?: { field: GroupBy; groups: Record<string, Record<Label, number> & { total: number }> };
  top: number;
}

const FIRST_ERRORS = 10;
const MAX_KEYS = 200; // channels, languages, groups: beyond this, "other"
const REASON_CAP = 2000;
/** Reasons shown per label. */
const TOP_REASONS = 10;

const zeroLabels = (): Record<Label, number> => ({ support: 0, service: 0, success: 0 });
const zeroPriorities = (): Record<Priority, number> => ({ urgent: 0, high: 0, normal: 0, low: 0 });

const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };
const SENTIMENT_RANK: Record<string, number> = { negative: 0, neutral: 1, positive: 2 };

/**
 * Triage order: priority, then churn risk, then negative sentiment, then oldest,
 * then id — a total order that does not depend on which file a record came from,
 * so shards merge into exactly the single run's queue.
 */
export function queueOrder(a: QueueEntry, b: QueueEntry): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    Number(b.churn_risk) - Number(a.churn_risk) ||
    (SENTIMENT_RANK[a.sentiment ?? 'neutral'] ?? 1) - (SENTIMENT_RANK[b.sentiment ?? 'neutral'] ?? 1) ||
    (a.created_at ?? '9999').localeCompare(b.created_at ?? '9999') ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
    a.source.file.localeCompare(b.source.file) ||
    a.source.line - b.source.line
  );
}

/** Keep the n smallest entries in order (insertion into a short sorted list). */
function pushBounded(list: QueueEntry[], e: QueueEntry, n: number): void {
  if (n <= 0) return;
  if (list.length >= n && queueOrder(e, list[list.length - 1]!) >= 0) return;
  let i = list.length;
  while (i > 0 && queueOrder(e, list[i - 1]!) < 0) i--;
  list.splice(i, 0, e);
  if (list.length > n) list.pop();
}

/** Counters keyed by customer-supplied strings live in Maps: a channel named "__proto__" is just a channel. */
function bumpKey(map: Map<string, number>, key: string, by = 1): void {
  if (!map.has(key) && map.size >= MAX_KEYS) key = 'other';
  map.set(key, (map.get(key) ?? 0) + by);
}

/** The reason a person reads in the queue: the strongest rule, else the strongest term. */
function why(r: ClassifiedRecord): string {
  const urgentWhy = r.field_reasons?.priority?.find((x) => x.text);
  const rule = r.reasons.find((x) => x.source === 'rule' && x.label === r.label);
  const parts: string[] = [];
  if ((r.priority === 'urgent' || r.priority === 'high') && urgentWhy) parts.push(`${r.priority}: "${urgentWhy.text}"`);
  if (rule && rule.source === 'rule') parts.push(`${rule.id}: "${rule.text}"`);
  else {
    const term = r.reasons.find((x) => x.source === 'lexical');
    if (term && term.source === 'lexical') parts.push(`term ${term.term}`);
  }
  if (r.churn_risk) parts.push('churn risk');
  return parts.join('; ') || 'no strong evidence';
}

/** The queue row of a record (also the dashboard's row, sorted with `queueOrder`). */
export function queueEntry(r: ClassifiedRecord): QueueEntry {
  return {
    id: r.id,
    subject: r.subject ?? '',
    label: r.label,
    confidence: r.confidence,
    priority: r.priority ?? 'normal',
    sentiment: r.sentiment,
    churn_risk: r.churn_risk === true,
    language: r.language ?? 'und',
    needs_review: r.needs_review,
    created_at: r.created_at ?? null,
    why: why(r),
    source: r.source,
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** ISO week of a day (YYYY-Www). */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - dow + 3); // the Thursday of this week decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86400000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${pad2(week)}`;
}

/** Day buckets become the presented trend: days for ranges up to 31 days, else ISO weeks. */
export function trendOf(days: Record<string, Record<Label, number>>): Summary['trend'] {
  const keys = Object.keys(days).sort();
  if (!keys.length) return { granularity: 'day', periods: [], days };
  const span = (Date.parse(`${keys[keys.length - 1]}T00:00:00Z`) - Date.parse(`${keys[0]}T00:00:00Z`)) / 86400000;
  if (span <= 31) return { granularity: 'day', periods: keys.map((k) => ({ period: k, ...days[k]! })), days };
  const weeks = new Map<string, Record<Label, number>>();
  for (const k of keys) {
    const w = isoWeek(k);
    const acc = weeks.get(w) ?? zeroLabels();
    for (const l of LABELS) acc[l] += days[k]![l];
    weeks.set(w, acc);
  }
  return { granularity: 'week', periods: [...weeks.keys()].sort().map((w) => ({ period: w, ...weeks.get(w)! })), days };
}

export interface SummaryOptions {
  top?: number;
  groupBy?: GroupBy;
}

export class SummaryBuilder {
  private readonly top: number;
  private readonly groupBy: GroupBy | undefined;
  private total = 0;
  private classified = 0;
  private errors = 0;
  private readonly labels = zeroLabels();
  private readonly priority = zeroPriorities();
  private readonly labelPriority = Object.fromEntries(LABELS.map((l) => [l, zeroPriorities()])) as Record<Label, Record<Priority, number>>;
  private readonly sentiment = new Map<string, number>([['negative', 0], ['neutral', 0], ['positive', 0], ['unknown', 0]]);
  private churnCount = 0;
  private needsReview = 0;
  private readonly languages = new Map<string, number>();
  private readonly channels = new Map<string, number>();
  private readonly coverage = new Map<string, number>();
  private readonly firstErrors: Summary['first_errors'] = [];
  private readonly queue: QueueEntry[] = [];
  private readonly churn: QueueEntry[] = [];
  private readonly reasons = Object.fromEntries(LABELS.map((l) => [l, new Map<string, number>()])) as Record<Label, Map<string, number>>;
  private readonly days: Record<string, Record<Label, number>> = {};
  private readonly groups = new Map<string, Record<Label, number> & { total: number }>();

  constructor(opts: SummaryOptions = {}) {
    this.top = opts.top ?? 20;
    this.groupBy = opts.groupBy;
  }

  add(r: OutputRecord): void {
    this.total++;
    if (isErrorRecord(r)) {
      this.errors++;
      if (this.firstErrors.length < FIRST_ERRORS) this.firstErrors.push({ id: r.id, error: r.error, file: r.source.file, line: r.source.line });
      return;
    }
    this.classified++;
    this.labels[r.label]++;
    const p = r.priority ?? 'normal';
    this.priority[p]++;
    this.labelPriority[r.label][p]++;
    bumpKey(this.sentiment, r.sentiment ?? 'unknown');
    if (r.churn_risk) this.churnCount++;
    if (r.needs_review) this.needsReview++;
    bumpKey(this.languages, r.language ?? 'und');
    bumpKey(this.channels, r.channel?.toLowerCase() || 'unknown');
    bumpKey(this.coverage, r.text);
    const e = queueEntry(r);
    pushBounded(this.queue, e, this.top);
    if (e.churn_risk) pushBounded(this.churn, e, this.top);
    this.countReasons(r);
    const day = r.created_at?.slice(0, 10);
    if (day && /^\d{4}-\d{2}-\d{2}$/.test(day)) (this.days[day] ??= zeroLabels())[r.label]++;
    if (this.groupBy) {
      const key = this.groupBy === 'label' ? r.label : this.groupBy === 'priority' ? p : this.groupBy === 'language' ? (r.language ?? 'und') : r.channel?.toLowerCase() || 'unknown';
      const known = this.groups.has(key) || this.groups.size < MAX_KEYS ? key : 'other';
      let g = this.groups.get(known);
      if (!g) this.groups.set(known, (g = { ...zeroLabels(), total: 0 }));
      g[r.label]++;
      g.total++;
    }
  }

  private countReasons(r: ClassifiedRecord): void {
    const m = this.reasons[r.label];
    const seen = new Set<string>();
    for (const x of r.reasons) {
      let key: string | undefined;
      if (x.source === 'rule' && x.label === r.label) key = x.id;
      else if (x.source === 'tiebreak' && x.label === r.label) key = x.id;
      else if (x.source === 'lexical') key = `term ${x.term}`;
      if (!key || seen.has(key)) continue;
      seen.add(key);
      m.set(key, (m.get(key) ?? 0) + 1);
    }
    // Bounded: when the counter grows past the cap, drop the rarest half (terms are open-ended).
    capReasons(m);
  }

  result(): Summary {
    const reasonCounts = Object.fromEntries(LABELS.map((l) => [l, rankReasons(this.reasons[l])])) as Summary['reason_counts'];
    const s: Summary = {
      schema: SUMMARY_SCHEMA,
      total: this.total,
      classified: this.classified,
      errors: this.errors,
      labels: { ...this.labels },
      priority: { ...this.priority },
      label_priority: structuredClone(this.labelPriority),
      sentiment: Object.fromEntries(this.sentiment),
      churn_risk: this.churnCount,
      needs_review: this.needsReview,
      languages: sortedCounts(this.languages),
      channels: sortedCounts(this.channels),
      text_coverage: sortedCounts(this.coverage),
      first_errors: [...this.firstErrors],
      queue: [...this.queue],
      churn: [...this.churn],
      top_reasons: topOf(reasonCounts),
      reason_counts: reasonCounts,
      trend: trendOf(structuredClone(this.days)),
      top: this.top,
    };
    if (this.groupBy) s.group_by = { field: this.groupBy, groups: Object.fromEntries([...this.groups].map(([k, g]) => [k, { ...g }])) };
    return s;
  }
}

/** Bounded: when a counter grows past the cap, drop the rarest half (terms are open-ended). */
function capReasons(m: Map<string, number>): void {
  if (m.size <= REASON_CAP) return;
  const kept = [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, REASON_CAP / 2);
  m.clear();
  for (const [k, v] of kept) m.set(k, v);
}

const rankReasons = (m: Map<string, number>): Array<{ reason: string; count: number }> =>
  [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([reason, count]) => ({ reason, count }));

const topOf = (counts: Summary['reason_counts']): Summary['top_reasons'] =>
  Object.fromEntries(LABELS.map((l) => [l, counts[l].slice(0, TOP_REASONS)])) as Summary['top_reasons'];

function sortedCounts(m: Map<string, number> | Record<string, number>): Record<string, number> {
  const entries = m instanceof Map ? [...m] : Object.entries(m);
  return Object.fromEntries(entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

/** Add counts keyed by arbitrary strings (Object.fromEntries defines "__proto__" as a plain key). */
const addCounts = (into: Record<string, number>, from: Record<string, number>): Record<string, number> => {
  const m = new Map(Object.entries(into));
  for (const [k, v] of Object.entries(from)) m.set(k, (m.get(k) ?? 0) + v);
  return Object.fromEntries(m);
};

/** Merge shard summaries into the summary of the whole run. */
export function mergeSummaries(parts: readonly Summary[]): Summary {
  if (!parts.length) return new SummaryBuilder().result();
  const top = Math.max(...parts.map((p) => p.top));
  const out = new SummaryBuilder({ top }).result();
  for (const p of parts) {
    if (p.schema !== SUMMARY_SCHEMA) throw new Error(`not a ${SUMMARY_SCHEMA} summary`);
    out.total += p.total;
    out.classified += p.classified;
    out.errors += p.errors;
    out.churn_risk += p.churn_risk;
    out.needs_review += p.needs_review;
    out.labels = addCounts(out.labels, p.labels) as Record<Label, number>;
    out.priority = addCounts(out.priority, p.priority) as Record<Priority, number>;
    for (const l of LABELS) out.label_priority[l] = addCounts(out.label_priority[l], p.label_priority[l]) as Record<Priority, number>;
    out.sentiment = addCounts(out.sentiment, p.sentiment);
    out.languages = addCounts(out.languages, p.languages);
    out.channels = addCounts(out.channels, p.channels);
    out.text_coverage = addCounts(out.text_coverage, p.text_coverage);
    for (const e of p.first_errors) if (out.first_errors.length < FIRST_ERRORS) out.first_errors.push(e);
    for (const e of p.queue) pushBounded(out.queue, e, top);
    for (const e of p.churn) pushBounded(out.churn, e, top);
    for (const [day, counts] of Object.entries(p.trend.days)) out.trend.days[day] = addCounts(out.trend.days[day] ?? zeroLabels(), counts) as Record<Label, number>;
    for (const l of LABELS) {
      const m = new Map(out.reason_counts[l].map((x) => [x.reason, x.count]));
      for (const x of p.reason_counts[l]) m.set(x.reason, (m.get(x.reason) ?? 0) + x.count);
      capReasons(m);
      out.reason_counts[l] = rankReasons(m);
    }
    if (p.group_by) {
      const groups = new Map(Object.entries(out.group_by?.groups ?? {}));
      for (const [k, g] of Object.entries(p.group_by.groups)) {
        groups.set(k, addCounts(groups.get(k) ?? { ...zeroLabels(), total: 0 }, g) as Record<Label, number> & { total: number });
      }
      out.group_by = { field: p.group_by.field, groups: Object.fromEntries(groups) };
    }
  }
  out.languages = sortedCounts(out.languages);
  out.channels = sortedCounts(out.channels);
  out.text_coverage = sortedCounts(out.text_coverage);
  out.trend = trendOf(out.trend.days);
  out.top_reasons = topOf(out.reason_counts);
  return out;
}

export { PRIORITIES, SENTIMENTS };
