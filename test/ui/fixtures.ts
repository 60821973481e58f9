/**
 * Dashboard data for the screen tests: hand-made records (so the tests do not
 * move when the shipped rules change) around real conversations, collected the
 * way the CLI collects them.
 */
import type { ClassifiedRecord, ErrorRecord, Reason } from '../../src/classify/record.js';
import type { Conversation, Label, Priority, Sentiment } from '../../src/core/types.js';
import { DashboardCollector, type DashboardData } from '../../src/ui/model.js';

interface Spec {
  id: string;
  subject: string;
  label: Label;
  priority: Priority;
  language: string;
  sentiment?: Sentiment | null;
  churn?: boolean;
  review?: boolean;
  at: string;
  channel?: string;
  messages: Conversation['messages'];
  /** Rule hits: [rule id, label, matched text, message index]. */
  hits?: Array<[string, Label, string, number | 'subject']>;
  confidence?: number;
}

export function build(s: Spec): { record: ClassifiedRecord; conversation: Conversation } {
  const conf = s.confidence ?? 0.8;
  const others = (['support', 'service', 'success'] as const).filter((l) => l !== s.label);
  const scores = { support: 0, service: 0, success: 0, [s.label]: conf, [others[0]!]: (1 - conf) * 0.75, [others[1]!]: (1 - conf) * 0.25 } as Record<Label, number>;
  const reasons: Reason[] = (s.hits ?? []).map(([id, label, text, message]) => ({ source: 'rule', id, label, text, message, weight: 2 }));
  reasons.push({ source: 'lexical', term: 'w:example', label: s.label, weight: 0.4 });
  const record: ClassifiedRecord = {
    id: s.id,
    label: s.label,
    confidence: conf,
    scores,
    priority: s.priority,
    sentiment: s.sentiment === undefined ? 'neutral' : s.sentiment,
    churn_risk: s.churn ?? false,
    language: s.language,
    needs_review: s.review ?? false,
    reasons,
    source: { file: 'export.jsonl', line: Number(s.id.replace(/\D/g, '')) || 1 },
    runner_up: { label: others[0]!, score: (1 - conf) * 0.75, why: `fewer ${others[0]} signals` },
    field_reasons: {
      priority: [{ id: `priority.${s.priority}`, description: `priority is ${s.priority}` }],
      sentiment: [{ id: 'sentiment.balanced', description: 'no clear polarity' }],
      churn_risk: [{ id: s.churn ? 'churn.cancel' : 'churn.none', description: s.churn ? 'mentions cancelling' : 'no churn signal' }],
      language: [{ id: 'language.eld', description: 'eld on the customer words' }],
    },
    ...(s.review ? { review_reasons: ['low margin between the top two labels'] } : {}),
    text: 'full',
    layout: 'canonical',
    initiator: 'customer',
    created_at: s.at,
    subject: s.subject,
    channel: s.channel ?? 'email',
  };
  const conversation: Conversation = {
    id: s.id,
    subject: s.subject,
    created_at: s.at,
    channel: s.channel ?? 'email',
    messages: s.messages,
    text: 'full',
    source: record.source,
    layout: 'canonical',
  };
  return { record, conversation };
}

export const SPECS: Spec[] = [
  {
    id: 'c1',
    subject: 'Cannot log in',
    label: 'support',
    priority: 'urgent',
    language: 'en',
    sentiment: 'negative',
    churn: true,
    at: '2026-02-02T09:14:00Z',
    messages: [
      {
        role: 'customer',
        author: 'Ana Pop',
        at: '2026-02-02T09:14:00Z',
        body: 'I cannot log in since Monday and the whole team is blocked.\nWe will cancel if this goes on.\n\n--\nAna Pop\nAcme Ltd',
      },
      { role: 'agent', author: 'Dan', at: '2026-02-02T10:00:00Z', body: 'We are on it.\n\nOn Mon, 2 Feb 2026 at 09:14, Ana Pop <ana@acme.test> wrote:\n> I cannot log in since Monday' },
      { role: 'agent', author: 'Dan', body: 'Checked the SSO logs, looks like their IdP.', internal: true },
    ],
    hits: [
      ['support.login-failure', 'support', 'cannot log in', 0],
      ['support.blocked', 'support', 'whole team is blocked', 0],
      ['service.cancel-request', 'service', 'cancel', 0],
    ],
  },
  {
    id: 'c2',
    subject: 'Factura pentru martie',
    label: 'service',
    priority: 'high',
    language: 'ro',
    at: '2026-02-03T08:00:00Z',
    messages: [{ role: 'customer', author: 'Ioana', at: '2026-02-03T08:00:00Z', body: 'Vă rog să-mi trimiteți factura pentru martie.' }],
    hits: [
      ['service.billing', 'service', 'factura', 0],
      ['service.billing', 'service', 'Factura', 'subject'],
    ],
  },
  {
    id: 'c3',
    subject: 'Обучение для команды',
    label: 'success',
    priority: 'normal',
    language: 'ru',
    sentiment: 'positive',
    at: '2026-02-04T08:00:00Z',
    messages: [{ role: 'customer', body: 'Хотели бы провести обучение для новых сотрудников.' }],
    hits: [['success.onboarding', 'success', 'обучение', 0]],
  },
  {
    id: 'c4',
    subject: 'خطا در بارگذاری',
    label: 'support',
    priority: 'normal',
    language: 'fa',
    at: '2026-02-05T08:00:00Z',
    messages: [{ role: 'customer', body: 'هنگام بارگذاری فایل خطا می‌گیریم.' }],
    hits: [['support.error-message', 'support', 'خطا', 0]],
  },
  {
    id: 'c5',
    subject: 'Reikningur fyrir mars',
    label: 'service',
    priority: 'low',
    language: 'is',
    at: '2026-02-06T08:00:00Z',
    messages: [{ role: 'customer', body: 'Vinsamlegast sendið mér reikninginn fyrir mars.' }],
    hits: [['service.billing', 'service', 'reikninginn', 0]],
  },
  {
    id: 'c6',
    subject: 'Export looks odd',
    label: 'support',
    priority: 'normal',
    language: 'en',
    review: true,
    confidence: 0.52,
    at: '2026-02-07T08:00:00Z',
    messages: [{ role: 'customer', body: 'The export shows numbers twice, maybe a renewal thing?' }],
    hits: [['support.wrong-data', 'support', 'numbers twice', 0]],
  },
  {
    id: 'c7',
    subject: 'Invoice \u001b]0;pwned\u0007 question',
    label: 'service',
    priority: 'normal',
    language: 'en',
    at: '2026-02-08T08:00:00Z',
    messages: [{ role: 'customer', author: 'Mallory\u001b[31m', body: 'Send the invoice \u001b]0;pwned\u0007 for March \u001b[2J now.' }],
    hits: [['service.billing', 'service', 'invoice', 0]],
  },
  {
    id: 'c8',
    subject: 'Renewal and goals',
    label: 'success',
    priority: 'high',
    language: 'en',
    churn: true,
    at: '2026-02-09T08:00:00Z',
    messages: [{ role: 'customer', body: 'Before the renewal we want to review our goals; a competitor offered a lower price.' }],
    hits: [['success.renewal-expansion', 'success', 'renewal', 0]],
  },
];

/** Normal-priority filler conversations, enough to page through the queue. */
export function fillers(n: number): Spec[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `f${String(i + 1).padStart(3, '0')}`,
    subject: `Question number ${i + 1}`,
    label: (['support', 'service', 'success'] as const)[i % 3]!,
    priority: 'normal' as const,
    language: ['en', 'ro', 'ru', 'fa', 'is'][i % 5]!,
    at: `2026-02-${String(10 + (i % 18)).padStart(2, '0')}T08:00:00Z`,
    messages: [{ role: 'customer' as const, body: `A question about item ${i + 1}.` }],
  }));
}

export const ERROR_RECORD: ErrorRecord = { id: null, error: 'invalid JSON: Unexpected token', code: 'BAD_JSON', source: { file: 'export.jsonl', line: 99 } };

/** The dashboard data of SPECS plus `fill` fillers (and one error record when asked). */
export function dashboardData(opts: { fill?: number; error?: boolean; cap?: number; notices?: string[] } = {}): DashboardData {
  const c = new DashboardCollector({ top: 20, ...(opts.cap !== undefined ? { cap: opts.cap } : {}) });
  for (const s of [...SPECS, ...fillers(opts.fill ?? 0)]) {
    const { record, conversation } = build(s);
    c.add(record, conversation);
  }
  if (opts.error) c.add(ERROR_RECORD);
  return c.result(['export.jsonl'], opts.notices ?? []);
}
