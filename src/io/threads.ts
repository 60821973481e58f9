/**
 * Rebuild conversations from reply links when a per-message file has no
 * conversation id (Twitter customer-care data: `in_response_to_tweet_id`,
 * `response_tweet_id` holding one or several ids). Rows are joined with a
 * union-find over the ids present in the file; a thread's id is its root (the
 * message without an in-file parent; the earliest one if several). Threads come
 * out in order of their first row. Memory is linear in the file's messages.
 */
import type { Message, SourceRef } from '../core/types.js';
import { makeConversation, sortByTime, timeOf } from './layouts/common.js';
import type { Grouped } from './group.js';

export interface ThreadRow {
  id: string;
  parent?: string;
  replies: string[];
  message: Message;
  source: SourceRef;
  subject?: string;
}

export class ThreadBuilder {
  private readonly rows: ThreadRow[] = [];
  private readonly index = new Map<string, number>();
  private readonly parentOf: number[] = [];

  constructor(private readonly layout: string) {}

  add(row: ThreadRow): void {
    if (this.index.has(row.id)) {
      // A repeated message id: keep both rows, as separate messages of whichever thread they join.
      row = { ...row, id: `${row.id}\u0000${this.rows.length}` };
    }
    this.index.set(row.id, this.rows.length);
    this.parentOf.push(this.rows.length);
    this.rows.push(row);
  }

  private find(i: number): number {
    let r = i;
    while (this.parentOf[r] !== r) r = this.parentOf[r]!;
    // Path compression keeps later finds near O(1).
    let c = i;
    while (this.parentOf[c] !== r) {
      const next = this.parentOf[c]!;
      this.parentOf[c] = r;
      c = next;
    }
    return r;
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // The earlier row becomes the representative, so components keep first-appearance order.
    if (ra < rb) this.parentOf[rb] = ra;
    else this.parentOf[ra] = rb;
  }

  /** All threads, in order of their first row. */
  finish(): Grouped[] {
    const n = this.rows.length;
    for (let i = 0; i < n; i++) {
      const r = this.rows[i]!;
      if (r.parent !== undefined) {
        const p = this.index.get(r.parent);
        if (p !== undefined) this.union(i, p);
      }
      for (const reply of r.replies) {
        const c = this.index.get(reply);
        if (c !== undefined) this.union(i, c);
      }
    }
    const members = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const root = this.find(i);
      let list = members.get(root);
      if (!list) members.set(root, (list = []));
      list.push(i);
    }
    const out: Grouped[] = [];
    for (const [, list] of [...members.entries()].sort((a, b) => a[0] - b[0])) {
      const rows = list.map((i) => this.rows[i]!);
      const roots = rows.filter((r) => r.parent === undefined || !this.index.has(r.parent));
      const candidates = roots.length ? roots : rows;
      const root = candidates.reduce((best, r) => (timeOf(r.message.at) < timeOf(best.message.at) ? r : best), candidates[0]!);
      const first = rows[0]!;
      const messages = sortByTime(rows.map((r) => r.message));
      const extra: Parameters<typeof makeConversation>[4] = {};
      if (messages[0]?.at) extra.created_at = messages[0].at;
      const subject = rows.find((r) => r.subject)?.subject;
      if (subject) extra.subject = subject;
      const id = root.id.split('\u0000')[0]!;
      out.push({ conversation: makeConversation(id, messages, this.layout, first.source, extra) });
    }
    return out;
  }
}
