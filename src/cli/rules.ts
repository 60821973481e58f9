/** `triage rules list|test|lint`: the rule set as data, its own examples as tests, and a linter. */
import { isAbsolute, relative, resolve } from 'node:path';
import { builtinRulesDir, loadRules, packageRoot } from '../classify/load.js';
import { detectLanguage, eldSubsetPath, loadDetector } from '../classify/language.js';
import { type CorpusItem, type CorpusStats, corpusStats, type LintResult, lintRuleFiles } from '../classify/rule-lint.js';
import { RuleEngine } from '../classify/rule-engine.js';
import { ruleFilesIn, type RuleSet } from '../classify/rules.js';
import { describeError, EXIT, type ExitCode, UsageError } from '../core/errors.js';
import { normalizeConversation } from '../core/normalize.js';
import { visible } from '../core/safe-text.js';
import { readInputs } from '../io/read.js';
import { type RawInputOptions, readOptions } from './input-options.js';
import { type CliIO, warn } from './io.js';

export interface RulesOptions extends RawInputOptions {
  rules?: string[];
  /** commander's --no-builtin */
  builtin?: boolean;
  json?: boolean;
  corpus?: string[];
}

const one = (s: string): string => visible(s, true);

/** A rule file's name as a person finds it: relative to the working directory, or `builtin:` for the shipped rules. */
function shownFile(file: string, io: CliIO): string {
  const inside = (base: string): string | undefined => {
    const rel = relative(base, resolve(io.cwd, file));
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : undefined;
  };
  return inside(io.cwd) ?? (inside(builtinRulesDir()) !== undefined ? `builtin:${inside(builtinRulesDir())}` : file);
}

function loadSet(opts: RulesOptions): RuleSet {
  const withBuiltin = opts.builtin !== false;
  if (!withBuiltin && !opts.rules?.length) throw new UsageError('--no-builtin needs --rules FILE: there are no rules to read');
  return loadRules(opts.rules ?? [], withBuiltin);
}

function ruleFiles(opts: RulesOptions): string[] {
  const withBuiltin = opts.builtin !== false;
  if (!withBuiltin && !opts.rules?.length) throw new UsageError('--no-builtin needs --rules FILE: there are no rules to read');
  return [...(withBuiltin ? ruleFilesIn(builtinRulesDir()) : []), ...(opts.rules ?? []).flatMap((f) => ruleFilesIn(f))];
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

/** `rules list`: every rule with id, label or signal, languages, description. */
export async function runRulesList(opts: RulesOptions, io: CliIO): Promise<ExitCode> {
  const set = loadSet(opts);
  if (opts.json) {
    const doc = {
      schema: 'convo-triage/rules@1',
      rules: set.rules.map((r) => ({
        id: r.id,
        label: r.label,
        signal: r.signal,
        languages: r.languages,
        description: r.description,
        weight: r.weight,
        tags: r.tags,
        patterns: r.patterns.length,
        examples: { match: r.examples.match.length, no_match: r.examples.no_match.length },
        file: shownFile(r.file, io),
      })),
      tiebreaks: set.tiebreaks.map((t) => ({ id: t.id, label: t.label, boost: t.boost, description: t.description, file: shownFile(t.file, io) })),
    };
    io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    return EXIT.OK;
  }
  const rows = [['id', 'label', 'languages', 'description'], ...set.rules.map((r) => [one(r.id), r.label ?? `signal:${r.signal}`, r.languages.join(',') || '-', one(r.description)])];
  const out = [...table(rows), '', `${set.rules.length} rules, ${set.tiebreaks.length} tie-breaks`];
  if (set.tiebreaks.length) {
    out.push('', ...table([['tie-break', 'label', 'boost', 'description'], ...set.tiebreaks.map((t) => [one(t.id), t.label, String(t.boost), one(t.description)])]));
  }
  io.stdout.write(out.join('\n') + '\n');
  return EXIT.OK;
}

interface ExampleFailure {
  rule: string;
  file: string;
  kind: 'match' | 'no_match';
  text: string;
  /** What the rule matched in a must-not-match example. */
  matched?: string;
}

/** `rules test`: each rule's must-match / must-not-match examples, as the test suite runs them. */
export async function runRulesTest(opts: RulesOptions, io: CliIO): Promise<ExitCode> {
  const set = loadSet(opts);
  const engine = new RuleEngine(set);
  const failures: ExampleFailure[] = [];
  let examples = 0;
  for (const rule of set.rules) {
    for (const text of rule.examples.match) {
      examples++;
      if (!engine.matchText(text).some((h) => h.rule.id === rule.id)) failures.push({ rule: rule.id, file: shownFile(rule.file, io), kind: 'match', text });
    }
    for (const text of rule.examples.no_match) {
      examples++;
      const hit = engine.matchText(text).find((h) => h.rule.id === rule.id);
      if (hit) failures.push({ rule: rule.id, file: shownFile(rule.file, io), kind: 'no_match', text, matched: hit.text });
    }
  }
  const failing = [...new Set(failures.map((f) => f.rule))];
  const untested = set.rules.filter((r) => !r.examples.match.length).map((r) => r.id);
  if (opts.json) {
    io.stdout.write(JSON.stringify({ schema: 'convo-triage/rules-test@1', rules: set.rules.length, examples, failing_rules: failing, failures, without_examples: untested }, null, 2) + '\n');
  } else {
    const out: string[] = [];
    for (const f of failures) {
      out.push(
        f.kind === 'match'
          ? `FAIL ${one(f.rule)} (${one(f.file)}): should match ${JSON.stringify(one(f.text))}`
          : `FAIL ${one(f.rule)} (${one(f.file)}): should not match ${JSON.stringify(one(f.text))} (matched ${JSON.stringify(one(f.matched ?? ''))})`,
      );
    }
    if (untested.length) out.push(`note: ${untested.length} rule${untested.length === 1 ? ' has' : 's have'} no must-match example: ${untested.map(one).join(', ')}`);
    out.push(
      failures.length
        ? `FAIL: ${failures.length} of ${examples} examples failed, in ${failing.length} rule${failing.length === 1 ? '' : 's'}: ${failing.map(one).join(', ')}`
        : `PASS: ${examples} examples of ${set.rules.length} rules`,
    );
    io.stdout.write(out.join('\n') + '\n');
  }
  return failures.length ? EXIT.FINDINGS : EXIT.OK;
}

async function readCorpus(paths: string[], opts: RulesOptions, io: CliIO): Promise<{ items: CorpusItem[]; fatal: boolean; errors: number }> {
  const detector = await loadDetector(eldSubsetPath(packageRoot()));
  const items: CorpusItem[] = [];
  let fatal = false;
  let errors = 0;
  for await (const it of readInputs(paths, readOptions(opts, io))) {
    if (it.kind === 'fatal') {
      warn(io, describeError(it.error));
      fatal = true;
    } else if (it.kind === 'error') {
      if (errors++ < 10) warn(io, `${it.error.source.file}:${it.error.source.line}: ${it.error.error}`);
    } else {
      const nc = normalizeConversation(it.conversation);
      const item: CorpusItem = { nc, lang: detectLanguage(nc, detector).language };
      if (it.expected) item.expected = it.expected;
      items.push(item);
    }
  }
  return { items, fatal, errors };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function lintText(lint: LintResult, stats: CorpusStats | undefined, io: CliIO): string {
  const out: string[] = [];
  const errors = lint.problems.filter((p) => p.severity === 'error');
  const warnings = lint.problems.filter((p) => p.severity === 'warning');
  out.push(`rules lint: ${lint.files.length} file${lint.files.length === 1 ? '' : 's'}, ${lint.rules} rules, ${lint.tiebreaks} tie-breaks`);
  for (const p of [...errors, ...warnings]) out.push(`${p.severity === 'error' ? 'error  ' : 'warning'}  ${one(shownFile(p.file, io))}${p.rule ? `  ${one(p.rule)}` : ''}: ${one(p.message)}`);
  out.push(`${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`);
  if (stats) {
    out.push('', `corpus: ${stats.conversations} conversations, ${stats.labelled} labelled (coverage, overlaps, conflicts: shares of the corpus; accuracy: of firings with a gold answer)`);
    const rows = [['rule', 'says', 'fired', 'coverage', 'overlaps', 'conflicts', 'accuracy', 'shadowed by']];
    for (const s of stats.rules) {
      rows.push([
        one(s.id),
        s.label ?? `signal:${s.signal}`,
        String(s.fired),
        pct(s.coverage),
        pct(s.overlaps),
        pct(s.conflicts),
        s.accuracy === null ? '-' : s.accuracy.toFixed(3),
        s.shadowed ? (s.shadowed_by.length ? s.shadowed_by.slice(0, 3).map(one).join(', ') + (s.shadowed_by.length > 3 ? ', …' : '') : 'several') : '',
      ]);
    }
    out.push(...table(rows));
    out.push('', `never fire (${stats.never_fire.length}): ${stats.never_fire.map(one).join(', ') || '-'}`);
    out.push(`shadowed (${stats.shadowed.length}): ${stats.shadowed.map(one).join(', ') || '-'}`);
  }
  return out.join('\n') + '\n';
}

/** `rules lint [--corpus FILES]`: exit 1 on errors; corpus statistics are informational. */
export async function runRulesLint(opts: RulesOptions, io: CliIO): Promise<ExitCode> {
  const lint = lintRuleFiles(ruleFiles(opts));
  let stats: CorpusStats | undefined;
  let exit: ExitCode = lint.problems.some((p) => p.severity === 'error') ? EXIT.FINDINGS : EXIT.OK;
  if (opts.corpus?.length) {
    const { items, fatal, errors } = await readCorpus(opts.corpus, opts, io);
    if (errors > 10) warn(io, `${errors - 10} more unreadable records in the corpus`);
    if (fatal) exit = EXIT.FATAL;
    stats = corpusStats(new RuleEngine(lint.usable), items);
  }
  if (opts.json) {
    const doc: Record<string, unknown> = {
      schema: 'convo-triage/rules-lint@1',
      files: lint.files.map((f) => shownFile(f, io)),
      rules: lint.rules,
      tiebreaks: lint.tiebreaks,
      errors: lint.problems.filter((p) => p.severity === 'error').length,
      warnings: lint.problems.filter((p) => p.severity === 'warning').length,
      problems: lint.problems.map((p) => ({ ...p, file: shownFile(p.file, io) })),
    };
    if (stats) doc.corpus = { ...stats, rules: stats.rules.map((s) => ({ ...s, file: shownFile(s.file, io) })) };
    io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  } else io.stdout.write(lintText(lint, stats, io));
  return exit;
}
