/**
 * An explanation of one conversation's record, as data (for `--json`, the TUI)
 * and as text: the thread with roles and what was read or ignored, the matched
 * words marked, every reason, the scores and the runner-up, and the triage
 * fields with their reasons.
 */
import type { ClassifiedRecord, FieldReason } from '../classify/record.js';
import type { NormConversation, NormMessage } from '../core/normalize.js';
import { visible } from '../core/safe-text.js';
import { LABELS } from '../core/types.js';

export interface Explanation {
  record: ClassifiedRecord;
  thread: Array<{
    index: number;
    role: string;
    author?: string;
    at?: string;
    internal: boolean;
    auto_reply: boolean;
    read: boolean;
    parts: Array<{ kind: string; text: string }>;
    /** Words in this message that rules matched. */
    matches: string[];
  }>;
}

export function explanationOf(record: ClassifiedRecord, nc: NormConversation): Explanation {
  const matchesFor = (i: number): string[] => {
    const out = new Set<string>();
    for (const r of record.reasons) if (r.source === 'rule' && r.message === i) out.add(r.text);
    for (const list of Object.values(record.field_reasons ?? {})) for (const f of list ?? []) if (f.message === i && f.text) out.add(f.text);
    return [...out];
  };
  return {
    record,
    thread: nc.messages.map((m: NormMessage) => {
      const e: Explanation['thread'][number] = {
        index: m.index,
        role: m.role,
        internal: m.internal,
        auto_reply: m.autoReply,
        read: m.weight > 0,
        parts: m.parts.map((p) => ({ kind: p.kind, text: p.text })),
        matches: matchesFor(m.index),
      };
      if (m.author) e.author = m.author;
      if (m.at) e.at = m.at;
      return e;
    }),
  };
}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  mark(s: string): string;
  label(s: string): string;
}

/** Plain style: marks matched words «like this» so they show without colour. */
export const PLAIN: Style = { bold: (s) => s, dim: (s) => s, mark: (s) => `«${s}»`, label: (s) => s };

/** Mark every occurrence of the matched phrases in a (safe) text. */
function highlight(text: string, phrases: readonly string[], style: Style): string {
  const ps = phrases.map((p) => visible(p, true)).filter((p) => p.length > 0).sort((a, b) => b.length - a.length);
  if (!ps.length) return text;
  const re = new RegExp(ps.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return text.replace(re, (m) => style.mark(m));
}

const indent = (s: string, n: number): string => s.split('\n').map((l) => ' '.repeat(n) + l).join('\n');
const fieldReasons = (rs: readonly FieldReason[] | undefined): string =>
  (rs ?? [])
    .map((r) => `${r.id}${r.text ? ` "${visible(r.text, true)}"` : ''}${r.message !== undefined ? ` (${typeof r.message === 'number' ? `message ${r.message}` : r.message})` : ''}${r.description ? ` — ${visible(r.description, true)}` : ''}`)
    .join('; ');

const bar = (x: number, width = 20): string => '█'.repeat(Math.round(x * width)).padEnd(width, '·');

export function renderExplanation(e: Explanation, style: Style = PLAIN): string {
  const r = e.record;
  const out: string[] = [];
  out.push(style.bold(`Conversation ${visible(r.id, true)}`) + `  (${visible(r.source.file, true)}:${r.source.line}, ${r.layout}, started by the ${r.initiator === 'company' ? 'company' : r.initiator})`);
  if (r.subject) out.push(`Subject: ${visible(r.subject, true)}`);
  if (r.text !== 'full') out.push(style.dim(`Text: ${r.text} — only part of the conversation was in the input`));
  out.push('');
  out.push(`Label: ${style.label(style.bold(r.label))}  confidence ${r.confidence.toFixed(2)}${r.needs_review ? '  — needs review' : ''}`);
  for (const l of LABELS) out.push(`  ${l.padEnd(8)} ${bar(r.scores[l])} ${r.scores[l].toFixed(3)}`);
  out.push(`Runner-up: ${r.runner_up.label} (${r.runner_up.score.toFixed(3)}): ${visible(r.runner_up.why, true)}`);
  if (r.review_reasons?.length) out.push(`Review: ${r.review_reasons.map((x) => visible(x, true)).join('; ')}`);
  out.push('');
  out.push(style.bold('Evidence'));
  const rules = r.reasons.filter((x) => x.source === 'rule');
  if (!rules.length) out.push('  no rule matched');
  for (const x of r.reasons) {
    if (x.source === 'rule') out.push(`  rule ${x.id} → ${x.label} +${x.weight}: ${style.mark(visible(x.text, true))} in ${typeof x.message === 'number' ? `message ${x.message}` : x.message}`);
    else if (x.source === 'tiebreak') out.push(`  tie-break ${x.id} → ${x.label} +${x.boost}: ${visible(x.description, true)}`);
    else if (x.source === 'coverage') out.push(`  ${visible(x.description, true)}`);
  }
  const terms = r.reasons.filter((x) => x.source === 'lexical');
  if (terms.length) out.push(`  lexical model → ${r.label}: ${terms.map((t) => (t.source === 'lexical' ? `${visible(t.term, true)} +${t.weight}` : '')).join(', ')}`);
  out.push('');
  out.push(style.bold('Triage'));
  out.push(`  priority   ${r.priority ?? '—'}: ${fieldReasons(r.field_reasons?.priority)}`);
  out.push(`  sentiment  ${r.sentiment ?? 'not judged'}: ${fieldReasons(r.field_reasons?.sentiment)}`);
  out.push(`  churn risk ${r.churn_risk ? 'yes' : 'no'}: ${fieldReasons(r.field_reasons?.churn_risk)}`);
  out.push(`  language   ${r.language ?? '—'}: ${fieldReasons(r.field_reasons?.language)}`);
  out.push('');
  out.push(style.bold('Thread'));
  for (const m of e.thread) {
    const flags = [m.internal ? 'internal note' : '', m.auto_reply ? 'auto-reply' : '', !m.read && !m.internal && !m.auto_reply ? 'not read' : ''].filter(Boolean).join(', ');
    out.push(`  [${m.index}] ${m.role}${m.author ? ` ${visible(m.author, true)}` : ''}${m.at ? `  ${m.at}` : ''}${flags ? `  (${flags} — not classified)` : ''}`);
    for (const p of m.parts) {
      const safe = visible(p.text);
      if (p.kind === 'text' && m.read) out.push(indent(highlight(safe, m.matches, style), 6));
      else out.push(style.dim(indent(`${p.kind === 'text' ? '' : `[${p.kind}, ignored] `}${safe}`, 6)));
    }
    if (!m.parts.length) out.push(style.dim('      (empty)'));
  }
  return out.join('\n') + '\n';
}
