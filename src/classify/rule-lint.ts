/**
 * `triage rules lint`: validate rule files without stopping at the first
 * problem (schema, duplicate ids, patterns that do not compile, regexes that
 * may backtrack catastrophically), then, on a labelled corpus, measure each
 * rule the way Snorkel's LFAnalysis measures a labelling function: coverage,
 * overlaps, conflicts, empirical accuracy, plus rules that never fire and
 * rules that other rules of the same label shadow.
 */
import type { NormConversation } from '../core/normalize.js';
import { TriageError } from '../core/errors.js';
import type { Expected, Label } from '../core/types.js';
import { compilePhrase, compileRegex } from './matcher.js';
import { isSafeRegex, unsafeRegexMessage } from './redos.js';
import type { RuleEngine } from './rule-engine.js';
import { parseFile, type RuleExtension, type RulePattern, type RuleSet, type RuleSpec, type Signal, type TiebreakSpec, validateRuleDoc } from './rules.js';

export interface LintProblem {
  severity: 'error' | 'warning';
  code: string;
  file: string;
  rule?: string;
  message: string;
}

export interface LintResult {
  files: string[];
  rules: number;
  tiebreaks: number;
  problems: LintProblem[];
  /** The rules as far as they are valid (first of duplicate ids, bad patterns left out): what corpus stats run on. */
  usable: RuleSet;
}

const stripPrefix = (msg: string): string => msg.replace(/^invalid rule "[^"]*": /, '');

/** Lint rule files; only an exception that is not a rule problem escapes. */
export function lintRuleFiles(files: readonly string[]): LintResult {
  const problems: LintProblem[] = [];
  const report = (severity: LintProblem['severity'], code: string, file: string, rule: string | undefined, message: string): void => {
    problems.push(rule === undefined ? { severity, code, file, message: stripPrefix(message) } : { severity, code, file, rule, message: stripPrefix(message) });
  };
  const rules: RuleSpec[] = [];
  const tiebreaks: TiebreakSpec[] = [];
  const extensions: RuleExtension[] = [];
  // Rules and tie-breaks share one id space, as when the classifier loads them.
  const seen = new Map<string, string>();
  let ruleCount = 0;
  let tieCount = 0;
  for (const file of files) {
    let doc: ReturnType<typeof validateRuleDoc>;
    // A bad rule is reported and skipped; the file's other rules are still linted.
    const bad: TriageError[] = [];
    try {
      doc = validateRuleDoc(parseFile(file), file, bad);
    } catch (err) {
      if (!(err instanceof TriageError)) throw err;
      report('error', err.code, file, err.context.ruleId, err.message);
      continue;
    } finally {
      for (const err of bad) report('error', err.code, file, err.context.ruleId, err.message);
    }
    ruleCount += doc.rules.length;
    tieCount += doc.tiebreaks.length;
    for (const r of [...doc.rules, ...doc.tiebreaks]) {
      const prev = seen.get(r.id);
      if (prev !== undefined) {
        report('error', 'DUPLICATE_ID', file, r.id, `duplicate id "${r.id}" (also in ${prev})`);
        continue;
      }
      seen.set(r.id, file);
      if ('patterns' in r) rules.push(r);
      else tiebreaks.push(r);
    }
    extensions.push(...doc.extensions);
  }

  // Where each pattern was written: a language file adds patterns to rules defined elsewhere.
  const origin = new Map<RulePattern, string>();
  for (const r of rules) for (const p of r.patterns) origin.set(p, r.file);
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const ext of extensions) {
    const r = byId.get(ext.ruleId);
    if (!r) {
      report('error', 'UNKNOWN_RULE', ext.file, ext.ruleId, 'patterns or examples for a rule id that no rule file defines');
      continue;
    }
    for (const p of ext.patterns) origin.set(p, ext.file);
    r.patterns.push(...ext.patterns);
    r.examples.match.push(...ext.examples.match);
    r.examples.no_match.push(...ext.examples.no_match);
    if (ext.patterns.length && !r.languages.includes(ext.lang)) r.languages.push(ext.lang);
  }

  const usable: RuleSpec[] = [];
  for (const r of rules) {
    if (!r.patterns.length) {
      report('error', 'NO_PATTERNS', r.file, r.id, 'no patterns (neither in the rule nor in a language file)');
      continue;
    }
    const good = r.patterns.filter((p) => {
      const file = origin.get(p) ?? r.file;
      try {
        if (typeof p.pattern === 'string') compilePhrase(p.pattern, 0, r.id, file);
        else {
          compileRegex(p.pattern.regex, r.id, file);
          if (!isSafeRegex(p.pattern.regex)) {
            report('error', 'UNSAFE_REGEX', file, r.id, unsafeRegexMessage(r.id, p.pattern.regex));
            return false;
          }
        }
        return true;
      } catch (err) {
        if (!(err instanceof TriageError)) throw err;
        report('error', 'BAD_PATTERN', file, r.id, err.message);
        return false;
      }
    });
    if (!r.examples.match.length) report('warning', 'NO_EXAMPLES', r.file, r.id, 'no must-match example (`rules test` cannot check it)');
    if (good.length) usable.push({ ...r, patterns: good });
  }

  // A tie-break whose tags no rule carries can never apply.
  const tags = new Set(rules.flatMap((r) => r.tags));
  const known = (t: string): boolean => tags.has(t) || t.startsWith('initiator:');
  for (const t of tiebreaks) {
    const missing = t.all.filter((x) => !known(x));
    if (t.any.length && !t.any.some(known)) missing.push(...t.any);
    if (missing.length) report('warning', 'DEAD_TIEBREAK', t.file, t.id, `needs tag${missing.length === 1 ? '' : 's'} ${missing.map((m) => `"${m}"`).join(', ')} that no rule carries: it can never apply`);
  }

  return { files: [...files], rules: ruleCount, tiebreaks: tieCount, problems, usable: { rules: usable, tiebreaks, files: [...files] } };
}

export interface RuleStats {
  id: string;
  label: Label | null;
  signal: Signal | null;
  file: string;
  /** Conversations it fires on. */
  fired: number;
  /** Share of the corpus it fires on. */
  coverage: number;
  /** Share of the corpus where it fires together with another rule of the same label (or signal). */
  overlaps: number;
  /** Share of the corpus where it fires together with a rule that says otherwise. */
  conflicts: number;
  /** Firings on conversations whose gold answer agrees / disagrees with the rule. */
  correct: number;
  incorrect: number;
  /** correct / (correct + incorrect); null when no firing had a gold answer to compare. */
  accuracy: number | null;
  /** Every firing comes with another rule of the same label firing too. */
  shadowed: boolean;
  /** Single rules of the same label that fire wherever this one fires. */
  shadowed_by: string[];
}

export interface CorpusStats {
  conversations: number;
  labelled: number;
  rules: RuleStats[];
  never_fire: string[];
  shadowed: string[];
}

export interface CorpusItem {
  nc: NormConversation;
  /** The language whose negation words apply (as the classifier would detect it). */
  lang?: string;
  expected?: Expected;
}

const FIELD_OF: Record<Signal, 'priority' | 'sentiment' | 'churn'> = {
  urgent: 'priority',
  high: 'priority',
  low: 'priority',
  negative: 'sentiment',
  positive: 'sentiment',
  churn: 'churn',
};

/** What a firing says: a label, or a signal of one triage field. */
type Vote = { kind: 'label'; value: Label } | { kind: 'signal'; field: 'priority' | 'sentiment' | 'churn'; value: Signal };

const sameSide = (a: Vote, b: Vote): boolean => a.kind === b.kind && a.value === b.value;
const against = (a: Vote, b: Vote): boolean =>
  a.kind === 'label' ? b.kind === 'label' && b.value !== a.value : b.kind === 'signal' && b.field === a.field && b.value !== a.value;

function goldAgrees(v: Vote, e: Expected | undefined): boolean | undefined {
  if (!e) return undefined;
  if (v.kind === 'label') return e.label === v.value;
  if (v.field === 'priority') return e.priority === undefined ? undefined : e.priority === v.value;
  if (v.field === 'sentiment') return e.sentiment === undefined ? undefined : e.sentiment === v.value;
  return e.churn_risk === undefined ? undefined : e.churn_risk;
}

const r4 = (x: number): number => Math.round(x * 10000) / 10000;

/** Snorkel-style statistics of every rule of the engine on a corpus. */
export function corpusStats(engine: RuleEngine, items: readonly CorpusItem[]): CorpusStats {
  const rules = engine.rules;
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const firedOn: number[][] = rules.map(() => []);
  const overlaps = new Array<number>(rules.length).fill(0);
  const conflicts = new Array<number>(rules.length).fill(0);
  const correct = new Array<number>(rules.length).fill(0);
  const incorrect = new Array<number>(rules.length).fill(0);
  const voteOf = (i: number): Vote => {
    const r = rules[i]!;
    return r.label ? { kind: 'label', value: r.label } : { kind: 'signal', field: FIELD_OF[r.signal!], value: r.signal! };
  };
  items.forEach((item, c) => {
    const res = engine.score(item.nc, item.lang);
    const votes = new Map<number, Vote>();
    for (const h of res.hits) {
      const i = index.get(h.rule);
      if (i !== undefined) votes.set(i, voteOf(i));
    }
    for (const g of Object.values(res.signals)) {
      for (const h of g.hits) {
        const i = index.get(h.rule);
        // A negated sentiment word counts for the other polarity ("not happy"): that is what it said here.
        if (i !== undefined && !votes.has(i)) votes.set(i, { kind: 'signal', field: FIELD_OF[h.signal], value: h.signal });
      }
    }
    const fired = [...votes.entries()];
    for (const [i, v] of fired) {
      firedOn[i]!.push(c);
      if (fired.some(([j, w]) => j !== i && sameSide(v, w))) overlaps[i]!++;
      if (fired.some(([j, w]) => j !== i && against(v, w))) conflicts[i]!++;
      const ok = goldAgrees(v, item.expected);
      if (ok === true) correct[i]!++;
      else if (ok === false) incorrect[i]!++;
    }
  });
  const n = items.length;
  const sets = firedOn.map((list) => new Set(list));
  const stats = rules.map((r, i): RuleStats => {
    const fired = firedOn[i]!.length;
    const v = voteOf(i);
    const shadowedBy = fired
      ? rules.flatMap((s, j) => (j !== i && sameSide(v, voteOf(j)) && firedOn[i]!.every((c) => sets[j]!.has(c)) ? [s.id] : [])).sort()
      : [];
    const judged = correct[i]! + incorrect[i]!;
    return {
      id: r.id,
      label: r.label,
      signal: r.signal,
      file: r.file,
      fired,
      coverage: n ? r4(fired / n) : 0,
      overlaps: n ? r4(overlaps[i]! / n) : 0,
      conflicts: n ? r4(conflicts[i]! / n) : 0,
      correct: correct[i]!,
      incorrect: incorrect[i]!,
      accuracy: judged ? r4(correct[i]! / judged) : null,
      shadowed: fired > 0 && overlaps[i] === fired,
      shadowed_by: shadowedBy,
    };
  });
  return {
    conversations: n,
    labelled: items.filter((i) => i.expected).length,
    rules: stats,
    never_fire: stats.filter((s) => s.fired === 0).map((s) => s.id),
    shadowed: stats.filter((s) => s.shadowed).map((s) => s.id),
  };
}
