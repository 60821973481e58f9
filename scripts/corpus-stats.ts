/**
 * `npm run corpus:stats`: counts per language × label × split, the share of hard
 * cases, triage-field frequencies, and which TAXONOMY bullets and tie-break
 * rules each fixture covers. `--markdown` prints the coverage table for
 * fixtures/README.md.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SPLITS } from './lib/datasets.js';
import { type CorpusRecord, readTree } from './split-corpus.js';

interface Meta {
  covers?: string[];
  hard?: string[];
  industry?: string;
}

type Rec = CorpusRecord & { split: string; meta?: Meta; priority?: string; sentiment?: string; churn_risk?: boolean; messages?: unknown[] };

export const COVERAGE: Record<string, string> = {
  'support.errors': 'support — errors, bugs, crashes, outages, slowness, data that looks wrong',
  'support.login': 'support — cannot log in, locked out, 2FA or password reset that fails',
  'support.integration': 'support — integrations, imports, exports, API calls that fail',
  'support.howto-stuck': 'support — "how do I do X" when stuck on a concrete task',
  'service.orders': 'service — orders, delivery and shipping, returns, exchanges',
  'service.billing': 'service — billing, invoices, payments, refunds, credits, receipts, VAT',
  'service.plan': 'service — plan or seat changes, cancellation requested as a transaction',
  'service.account-admin': 'service — account administration (owner, email, address, company details)',
  'service.presales': 'service — pricing and pre-sales, policies, opening hours, contracts, GDPR',
  'service.complaint': 'service — complaints about the experience or the staff',
  'success.onboarding': 'success — onboarding, kickoff, training, adoption of features',
  'success.checkin': 'success — check-ins, health and usage reviews, QBR, goals, ROI',
  'success.advice': 'success — best practices and advice on getting more value',
  'success.renewal': 'success — renewals, expansion, upsell and cross-sell',
  'success.churn-outreach': 'success — churn-risk outreach, NPS follow-up',
  'success.advocacy': 'success — references, case studies, advocacy',
  'tie.1': 'tie-break 1 — an ongoing blocking problem is support even with a refund or renewal',
  'tie.2': 'tie-break 2 — a remedy for a problem that is over is service',
  'tie.3': 'tie-break 3 — cancel is service; worth keeping / value / competitor is success',
  'tie.4': 'tie-break 4 — concrete how-to is support; strategy / team set-up is success',
  'tie.5': 'tie-break 5 — the company writing first leans success (order notices lean service)',
  'tie.6': 'tie-break 6 — auto-replies, signatures, footers, quotes carry no weight',
};

export function loadAll(): Rec[] {
  const out: Rec[] = [];
  for (const split of SPLITS) {
    const dir = join(ROOT, 'fixtures', 'corpus', split);
    if (existsSync(dir)) for (const r of readTree(dir)) out.push({ ...(r as Rec), split });
  }
  return out;
}

function table(rows: Rec[]): string {
  const langs = [...new Set(rows.map((r) => r.language))].sort();
  const labels = ['support', 'service', 'success'];
  const lines = [`${'lang'.padEnd(6)}${['split', ...labels, 'total', 'hard'].map((h) => h.padStart(9)).join('')}`];
  for (const lang of [...langs, 'all']) {
    for (const split of [...SPLITS, 'all']) {
      const sel = rows.filter((r) => (lang === 'all' || r.language === lang) && (split === 'all' || r.split === split));
      const hard = sel.filter((r) => (r.meta?.hard ?? []).length > 0).length;
      lines.push(`${lang.padEnd(6)}${[split, ...labels.map((l) => String(sel.filter((r) => r.label === l).length)), String(sel.length), `${Math.round((100 * hard) / Math.max(sel.length, 1))}%`].map((c) => c.padStart(9)).join('')}`);
    }
  }
  return lines.join('\n');
}

const dist = (rows: Rec[], key: 'priority' | 'sentiment'): string => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(String(r[key]), (m.get(String(r[key])) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n} (${Math.round((100 * n) / rows.length)}%)`).join(', ');
};

export function coverageMarkdown(rows: Rec[]): string {
  const lines = ['| TAXONOMY | fixtures | examples (train split) |', '|---|---:|---|'];
  for (const [id, text] of Object.entries(COVERAGE)) {
    const sel = rows.filter((r) => (r.meta?.covers ?? []).includes(id));
    const examples = sel.filter((r) => r.split === 'train').slice(0, 6).map((r) => r.id);
    lines.push(`| ${text} | ${sel.length} | ${examples.join(', ')} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = loadAll();
  if (process.argv.includes('--markdown')) {
    process.stdout.write(coverageMarkdown(rows) + '\n');
  } else {
    const hardTags = new Map<string, number>();
    for (const r of rows) for (const h of r.meta?.hard ?? []) hardTags.set(h, (hardTags.get(h) ?? 0) + 1);
    const msgs = rows.map((r) => (r.messages ?? []).length);
    process.stdout.write(
      [
        `Corpus: ${rows.length} conversations`,
        '',
        table(rows),
        '',
        `priority:   ${dist(rows, 'priority')}`,
        `sentiment:  ${dist(rows, 'sentiment')}`,
        `churn risk: ${rows.filter((r) => r.churn_risk).length} (${Math.round((100 * rows.filter((r) => r.churn_risk).length) / rows.length)}%)`,
        `messages per conversation: min ${Math.min(...msgs)}, median ${[...msgs].sort((a, b) => a - b)[Math.floor(msgs.length / 2)]}, max ${Math.max(...msgs)}`,
        `hard-case tags: ${[...hardTags.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`,
        '',
        'TAXONOMY coverage (fixtures per bullet):',
        ...Object.keys(COVERAGE).map((id) => `  ${id.padEnd(24)} ${rows.filter((r) => (r.meta?.covers ?? []).includes(id)).length}`),
      ].join('\n') + '\n',
    );
  }
}
