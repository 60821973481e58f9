/** Read the overview's numbers back from screen text (ink-testing-library frames and tmux panes alike). */
import type { Summary } from '../../src/report/summary.js';

const LABEL_NAMES = ['support', 'service', 'success'] as const;
const int = (s: string): number => Number(s.replace(/,/g, ''));

export interface OverviewNumbers {
  total?: number;
  classified?: number;
  errors?: number;
  needsReview?: number;
  churn?: number;
  labels: Record<string, number>;
  matrix: Record<string, number[]>;
  languages: Record<string, number>;
}

export function parseOverview(text: string): OverviewNumbers {
  const out: OverviewNumbers = { labels: {}, matrix: {}, languages: {} };
  const grab = (re: RegExp): number | undefined => {
    const m = re.exec(text);
    return m ? int(m[1]!) : undefined;
  };
  out.total = grab(/Conversations ([\d,]+)/);
  out.classified = grab(/classified ([\d,]+)/);
  out.errors = grab(/errors ([\d,]+)/);
  out.needsReview = grab(/needs review ([\d,]+)/);
  out.churn = grab(/churn risk ([\d,]+)/);
  for (const line of text.split('\n')) {
    const bar = /^(support|service|success)\s+[█·]+\s+([\d,]+)\s+[\d.]+%/.exec(line);
    if (bar) out.labels[bar[1]!] = int(bar[2]!);
    const row = /(support|service|success|total)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s*$/.exec(line);
    if (row) out.matrix[row[1]!] = row.slice(2, 7).map(int);
    const langs = /^Languages\s+(.*)$/.exec(line);
    if (langs) {
      for (const part of langs[1]!.split(' · ')) {
        const m = /^(\S+) ([\d,]+)$/.exec(part.trim());
        if (m) out.languages[m[1]!] = int(m[2]!);
      }
    }
  }
  return out;
}

/** What the overview must show for this summary, in the shape parseOverview reads. */
export function expectedOverview(s: Summary): OverviewNumbers {
  const matrix: Record<string, number[]> = {};
  for (const l of LABEL_NAMES) matrix[l] = [s.label_priority[l].urgent, s.label_priority[l].high, s.label_priority[l].normal, s.label_priority[l].low, s.labels[l]];
  matrix.total = [s.priority.urgent, s.priority.high, s.priority.normal, s.priority.low, s.classified];
  return {
    total: s.total,
    classified: s.classified,
    errors: s.errors,
    needsReview: s.needs_review,
    churn: s.churn_risk,
    labels: { ...s.labels },
    matrix,
    languages: Object.fromEntries(Object.entries(s.languages).filter(([, n]) => n > 0)),
  };
}
