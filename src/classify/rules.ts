/**
 * Rules are data: YAML or JSON files under rules/ (one per language or area),
 * validated when loaded. A rule has a stable id, a label (or a triage signal:
 * urgent / high / low priority, negative / positive sentiment, churn), a description,
 * patterns, a weight, languages, tags (which tie-breaks read) and examples that
 * must / must not match. Tie-breaks combine tags into a boost for one label.
 *
 * A rule may carry `patterns` itself (a list, or a map from language code to a
 * list). Language files (rules/lang/xx.yaml) add patterns and examples to rules
 * defined elsewhere: `language: ro`, `patterns: {rule.id: […]}`, `examples:
 * {rule.id: {match: […], no_match: […]}}`. One rule is one phenomenon, in every
 * language it is written for; each language can be written and reviewed alone.
 *
 * Pattern syntax (matched on folded text, so case and diacritics do not matter):
 *   "can't log in"        words in sequence
 *   "cannot|can't log in" alternatives for one word
 *   "autentific*"         a word prefix (stems: autentificare, autentifica, …)
 *   "charged? twice"      an optional word
 *   "refund ... outage"   up to 3 words in between
 *   {regex: "…"}          a regular expression, for what words cannot say
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Slot } from './matcher.js';
import { TriageError, UsageError } from '../core/errors.js';
import { assertSafeRegexes } from './redos.js';
import { LABELS, type Label, ROLES, type Role } from '../core/types.js';

export type RuleField = 'text' | 'subject' | 'tags';

/** Triage signals a rule can raise instead of a label. */
export const SIGNALS = ['urgent', 'high', 'low', 'negative', 'positive', 'churn'] as const;
export type Signal = (typeof SIGNALS)[number];

export interface RuleSpec {
  id: string;
  /** The label this rule is evidence for; null for signal rules. */
  label: Label | null;
  /** The triage signal this rule raises; null for label rules. */
  signal: Signal | null;
  description: string;
  weight: number;
  languages: string[];
  tags: string[];
  /** Roles whose messages this rule reads (default: customer and agent). */
  roles: Role[];
  /** Where to look: message text, subject, helpdesk tags (default: text and subject). */
  fields: RuleField[];
  /** Skip a match right after a negation ("no errors", "nu mai e nicio eroare"). */
  negatable: boolean;
  patterns: RulePattern[];
  examples: { match: string[]; no_match: string[] };
  file: string;
}

export interface RulePattern {
  /** The language this pattern is written in; null when the rule's list is language-neutral. */
  lang: string | null;
  pattern: string | { regex: string };
  /** A phrase's slots, compiled at build time (dist/rules.json) so start-up skips compiling. */
  slots?: Slot[];
}

export interface TiebreakSpec {
  id: string;
  description: string;
  /** Every tag must be present among the matched rules' tags. */
  all: string[];
  /** At least one of these tags must be present (when given). */
  any: string[];
  /** None of these tags may be present. */
  none: string[];
  /** Who started the conversation (TAXONOMY rule 5). */
  initiator?: 'customer' | 'company';
  label: Label;
  /** Added to the label's rule score. */
  boost: number;
  file: string;
}

export interface RuleSet {
  rules: RuleSpec[];
  tiebreaks: TiebreakSpec[];
  files: string[];
}

/** Patterns and examples a language file adds to a rule defined elsewhere. */
export interface RuleExtension {
  ruleId: string;
  lang: string;
  patterns: RulePattern[];
  examples: { match: string[]; no_match: string[] };
  file: string;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const strList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);

function fail(file: string, id: string | undefined, msg: string): never {
  throw new UsageError(`invalid rule${id ? ` "${id}"` : ''}: ${msg}`, id ? { file, ruleId: id } : { file }, 'BAD_RULE');
}

const RULE_KEYS = new Set([
  'id', 'label', 'signal', 'description', 'weight', 'languages', 'tags', 'roles', 'fields', 'negatable', 'patterns', 'examples',
]);
const TIE_KEYS = new Set(['id', 'description', 'all', 'any', 'none', 'initiator', 'label', 'boost']);
const DOC_KEYS = new Set(['language', 'languages', 'rules', 'tiebreaks', 'patterns', 'examples']);

function parsePatternList(list: unknown, lang: string | null, file: string, id: string): RulePattern[] {
  if (!Array.isArray(list)) fail(file, id, `"patterns${lang ? '.' + lang : ''}" must be a list`);
  const out: RulePattern[] = [];
  for (const p of list) {
    if (isStr(p) && p.trim()) out.push({ lang, pattern: p });
    else if (typeof p === 'object' && p !== null && isStr((p as { regex?: unknown }).regex) && Object.keys(p).length === 1) {
      out.push({ lang, pattern: { regex: (p as { regex: string }).regex } });
    } else fail(file, id, `bad pattern ${JSON.stringify(p)}: a phrase string or {regex: "…"}`);
  }
  return out;
}

function parseExamples(ex: unknown, file: string, id: string): { match: string[]; no_match: string[] } {
  if (ex === undefined) return { match: [], no_match: [] };
  if (typeof ex !== 'object' || ex === null || Array.isArray(ex)) fail(file, id, '"examples" must be an object with match / no_match');
  const o = ex as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== 'match' && k !== 'no_match') fail(file, id, `unknown key "examples.${k}"`);
  const match = o.match ?? [];
  const noMatch = o.no_match ?? [];
  if (!strList(match) || !strList(noMatch)) fail(file, id, '"examples.match" and "examples.no_match" must be lists of strings');
  return { match, no_match: noMatch };
}

/** Read and parse one rule file (YAML or JSON); unreadable or malformed files are usage errors. */
export function parseFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read rule file: ${(err as Error).message}`, { file }, 'BAD_RULE_FILE');
  }
  try {
    // YAML's core schema only: no custom tags, nothing that could run code.
    if (extname(file) === '.json') return JSON.parse(text);
    // Loaded on demand: most runs use the compiled built-in rules and never parse YAML.
    const yaml = createRequire(import.meta.url)('yaml') as typeof Yaml;
    return yaml.parse(text, { schema: 'core', uniqueKeys: true });
  } catch (err) {
    throw new UsageError(`rule file is not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`, { file }, 'BAD_RULE_FILE');
  }
}

/** Validate one rule file's content; throws UsageError naming the file and rule id. */
export function validateRuleDoc(
  doc: unknown,
  file: string,
  /** When given (`rules lint`), a bad rule, tie-break or language entry lands here and the others are still read. */
  problems?: TriageError[],
): { rules: RuleSpec[]; tiebreaks: TiebreakSpec[]; extensions: RuleExtension[] } {
  const each = (body: () => void): void => {
    if (!problems) return body();
    try {
      body();
    } catch (err) {
      if (!(err instanceof TriageError)) throw err;
      problems.push(err);
    }
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail(file, undefined, 'the file must hold an object with "rules", "tiebreaks" or language "patterns"');
  const d = doc as Record<string, unknown>;
  for (const k of Object.keys(d)) if (!DOC_KEYS.has(k)) fail(file, undefined, `unknown top-level key "${k}"`);
  const fileLangs = d.languages ?? (isStr(d.language) ? [d.language] : []);
  if (!strList(fileLangs)) fail(file, undefined, '"languages" must be a list of language codes');
  const rules: RuleSpec[] = [];
  const rawRules = d.rules ?? [];
  if (!Array.isArray(rawRules)) fail(file, undefined, '"rules" must be a list');
  for (const [i, r] of rawRules.entries()) {
    each(() => {
      if (typeof r !== 'object' || r === null) fail(file, undefined, `rule #${i + 1} is not an object`);
      const o = r as Record<string, unknown>;
      const id = o.id;
      if (!isStr(id) || !/^[a-z0-9][a-z0-9._-]*$/.test(id)) fail(file, isStr(id) ? id : `#${i + 1}`, '"id" must be lower-case letters, digits, dots, dashes');
      for (const k of Object.keys(o)) if (!RULE_KEYS.has(k)) fail(file, id, `unknown key "${k}"`);
      const hasLabel = o.label !== undefined;
      const hasSignal = o.signal !== undefined;
      if (hasLabel === hasSignal) fail(file, id, `a rule has either "label" (${LABELS.join(', ')}) or "signal" (${SIGNALS.join(', ')})`);
      if (hasLabel && !(LABELS as readonly string[]).includes(o.label as string)) fail(file, id, `"label" must be one of ${LABELS.join(', ')}`);
      if (hasSignal && !(SIGNALS as readonly string[]).includes(o.signal as string)) fail(file, id, `"signal" must be one of ${SIGNALS.join(', ')}`);
      if (!isStr(o.description) || !o.description.trim()) fail(file, id, '"description" is required');
      const weight = o.weight ?? 1;
      if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0 || weight > 10) fail(file, id, '"weight" must be a number in (0, 10]');
      const declared = o.languages ?? fileLangs;
      if (!strList(declared)) fail(file, id, '"languages" must be a list');
      let languages: string[] = declared;
      const tags = o.tags ?? [];
      if (!strList(tags)) fail(file, id, '"tags" must be a list of strings');
      const roles = o.roles ?? ['customer', 'agent'];
      if (!strList(roles) || !roles.every((x) => (ROLES as readonly string[]).includes(x))) fail(file, id, `"roles" must be a list of ${ROLES.join(', ')}`);
      const fields = o.fields ?? ['text', 'subject'];
      if (!strList(fields) || !fields.every((x) => ['text', 'subject', 'tags'].includes(x))) fail(file, id, '"fields" must be a list of text, subject, tags');
      const negatable = o.negatable ?? false;
      if (typeof negatable !== 'boolean') fail(file, id, '"negatable" must be true or false');
      const groups: Array<[string | null, unknown]> = o.patterns === undefined
        ? []
        : Array.isArray(o.patterns)
          ? [[null, o.patterns]]
          : typeof o.patterns === 'object' && o.patterns !== null
            ? Object.entries(o.patterns)
            : [[null, o.patterns]];
      const patterns: RulePattern[] = [];
      for (const [lang, list] of groups) {
        if (lang !== null && !/^[a-z]{2,3}$/.test(lang)) fail(file, id, `"patterns" key "${lang}" is not a language code`);
        patterns.push(...parsePatternList(list, lang, file, id));
      }
      if (!o.languages && groups.some(([l]) => l !== null)) languages = [...new Set(groups.map(([l]) => l).filter((l): l is string => l !== null))];
      const examples = parseExamples(o.examples, file, id);
      rules.push({
        id,
        label: hasLabel ? (o.label as Label) : null,
        signal: hasSignal ? (o.signal as Signal) : null,
        description: o.description,
        weight,
        languages,
        tags,
        roles: roles as Role[],
        fields: fields as RuleField[],
        negatable,
        patterns,
        examples,
        file,
      });
    });
  }
  const tiebreaks: TiebreakSpec[] = [];
  const rawTies = d.tiebreaks ?? [];
  if (!Array.isArray(rawTies)) fail(file, undefined, '"tiebreaks" must be a list');
  for (const [i, t] of rawTies.entries()) {
    each(() => {
      if (typeof t !== 'object' || t === null) fail(file, undefined, `tiebreak #${i + 1} is not an object`);
      const o = t as Record<string, unknown>;
      const id = o.id;
      if (!isStr(id) || !/^[a-z0-9][a-z0-9._-]*$/.test(id)) fail(file, `#${i + 1}`, 'tiebreak "id" must be lower-case letters, digits, dots, dashes');
      for (const k of Object.keys(o)) if (!TIE_KEYS.has(k)) fail(file, id, `unknown key "${k}"`);
      if (!isStr(o.description)) fail(file, id, '"description" is required');
      const all = o.all ?? [];
      const any = o.any ?? [];
      const none = o.none ?? [];
      if (!strList(all) || !strList(any) || !strList(none)) fail(file, id, '"all", "any" and "none" must be lists of tags');
      if (o.initiator !== undefined && o.initiator !== 'customer' && o.initiator !== 'company') fail(file, id, '"initiator" must be customer or company');
      if (!all.length && !any.length && o.initiator === undefined) fail(file, id, 'a tiebreak needs "all", "any" or "initiator"');
      if (!(LABELS as readonly string[]).includes(o.label as string)) fail(file, id, `"label" must be one of ${LABELS.join(', ')}`);
      if (typeof o.boost !== 'number' || !Number.isFinite(o.boost) || Math.abs(o.boost) > 10) fail(file, id, '"boost" must be a number in [-10, 10]');
      const tie: TiebreakSpec = { id, description: o.description, all, any, none, label: o.label as Label, boost: o.boost, file };
      if (o.initiator !== undefined) tie.initiator = o.initiator as 'customer' | 'company';
      tiebreaks.push(tie);
    });
  }
  const extensions: RuleExtension[] = [];
  if (d.patterns !== undefined || d.examples !== undefined) {
    const lang = d.language;
    if (!isStr(lang) || !/^[a-z]{2,3}$/.test(lang)) fail(file, undefined, 'a language file needs "language: xx" (a language code)');
    const pats = d.patterns ?? {};
    const exs = d.examples ?? {};
    if (typeof pats !== 'object' || pats === null || Array.isArray(pats)) fail(file, undefined, '"patterns" must map rule ids to lists');
    if (typeof exs !== 'object' || exs === null || Array.isArray(exs)) fail(file, undefined, '"examples" must map rule ids to {match, no_match}');
    const ids = new Set([...Object.keys(pats), ...Object.keys(exs)]);
    for (const id of ids) {
      each(() => {
        extensions.push({
          ruleId: id,
          lang,
          patterns: parsePatternList((pats as Record<string, unknown>)[id] ?? [], lang, file, id),
          examples: parseExamples((exs as Record<string, unknown>)[id], file, id),
          file,
        });
      });
    }
  }
  return { rules, tiebreaks, extensions };
}

/** Rule files of a directory and its subdirectories (sorted), or the file itself. */
export function ruleFilesIn(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new UsageError(`rule file not found`, { file: path }, 'BAD_RULE_FILE');
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? ruleFilesIn(join(path, e.name)) : /\.(ya?ml|json)$/.test(e.name) ? [join(path, e.name)] : []));
}

/**
 * Load and validate rule files; duplicate ids across files are an error. The
 * `{regex: …}` patterns of the files in `checkRegexIn` (the user's) must also
 * pass the catastrophic-backtracking check (redos.ts).
 */
export function loadRuleFiles(files: readonly string[], opts: { checkRegexIn?: ReadonlySet<string> } = {}): RuleSet {
  const set: RuleSet = { rules: [], tiebreaks: [], files: [...files] };
  const seen = new Map<string, string>();
  const extensions: RuleExtension[] = [];
  for (const file of files) {
    const doc = validateRuleDoc(parseFile(file), file);
    if (opts.checkRegexIn?.has(file)) assertSafeRegexes([...doc.rules, ...doc.extensions.map((e) => ({ id: e.ruleId, patterns: e.patterns }))], file);
    for (const r of [...doc.rules, ...doc.tiebreaks]) {
      const prev = seen.get(r.id);
      if (prev !== undefined) fail(file, r.id, `duplicate id (also in ${prev})`);
      seen.set(r.id, file);
    }
    set.rules.push(...doc.rules);
    set.tiebreaks.push(...doc.tiebreaks);
    extensions.push(...doc.extensions);
  }
  const byId = new Map(set.rules.map((r) => [r.id, r]));
  for (const ext of extensions) {
    const r = byId.get(ext.ruleId);
    if (!r) fail(ext.file, ext.ruleId, 'patterns for a rule id that no rule file defines');
    r.patterns.push(...ext.patterns);
    r.examples.match.push(...ext.examples.match);
    r.examples.no_match.push(...ext.examples.no_match);
    if (ext.patterns.length && !r.languages.includes(ext.lang)) r.languages.push(ext.lang);
  }
  for (const r of set.rules) if (r.patterns.length === 0) fail(r.file, r.id, 'no patterns (neither in the rule nor in a language file)');
  return set;
}
