/** Build the classifier from the built-in rules (plus `--rules` files). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../core/errors.js';
import { Classifier, type ClassifierOptions } from './classifier.js';
import { compilePhrase } from './matcher.js';
import { eldSubsetPath, type Lang, loadDetector, SUPPORTED_LANGUAGES } from './language.js';
import { LexicalModel, loadCompiledModel } from './lexical.js';
import { RuleEngine } from './rule-engine.js';
import { loadRuleFiles, ruleFilesIn, type RuleSet } from './rules.js';

/** The package root, found from this file in src/ or dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the convo-triage package root (rules/ is missing)');
}

export const builtinRulesDir = (): string => join(packageRoot(), 'rules');

/**
 * The built-in rules, validated at build time into dist/rules.json (parsing the
 * YAML costs ~250 ms at every start). The file records each source's size and
 * mtime; when a rule file changed since, the YAML is read instead.
 */
export const compiledRulesPath = (): string => join(packageRoot(), 'dist', 'rules.json');

interface CompiledRules {
  sources: Array<{ file: string; size: number; mtimeMs: number }>;
  set: RuleSet;
}

const fingerprint = (file: string): { file: string; size: number; mtimeMs: number } => {
  const st = statSync(file);
  return { file, size: st.size, mtimeMs: st.mtimeMs };
};

/** Write dist/rules.json from the built-in rule files (run by `npm run build`). */
export function compileBuiltinRules(): CompiledRules {
  const files = ruleFilesIn(builtinRulesDir());
  const set = loadRuleFiles(files);
  for (const r of set.rules) for (const p of r.patterns) if (typeof p.pattern === 'string') p.slots = compilePhrase(p.pattern, 0, r.id, r.file).slots;
  return { sources: files.map(fingerprint), set };
}

function builtinRules(): RuleSet {
  const files = ruleFilesIn(builtinRulesDir());
  try {
    const compiled = JSON.parse(readFileSync(compiledRulesPath(), 'utf8')) as CompiledRules;
    const fresh =
      compiled.sources.length === files.length &&
      files.every((f, i) => {
        const a = compiled.sources[i]!;
        const b = fingerprint(f);
        return a.file === b.file && a.size === b.size && a.mtimeMs === b.mtimeMs;
      });
    if (fresh) return compiled.set;
  } catch {
    // No compiled rules (running from sources): read the YAML.
  }
  return loadRuleFiles(files);
}

/** Built-in rule files plus the user's. Duplicate ids across them are a usage error. */
export function loadRules(extra: readonly string[] = [], withBuiltin = true): RuleSet {
  if (!extra.length && withBuiltin) return builtinRules();
  const user = extra.flatMap((f) => ruleFilesIn(f));
  const files = [...(withBuiltin ? ruleFilesIn(builtinRulesDir()) : []), ...user];
  return loadRuleFiles(files, { checkRegexIn: new Set(user) });
}

export const defaultModelPath = (): string => join(packageRoot(), 'models', 'default.json');
/** The shipped model compiled by the build (compile-rules.ts): loads in milliseconds. */
export const compiledModelPath = (): string => join(packageRoot(), 'dist', 'default-model.bin');

/**
 * The shipped model: its compiled form when the build made it from this JSON, else the JSON;
 * undefined when there is no shipped model (rules alone).
 */
function loadDefaultModel(path: string): LexicalModel | undefined {
  let json: ReturnType<typeof statSync>;
  try {
    json = statSync(path);
  } catch {
    return undefined;
  }
  try {
    const bin = compiledModelPath();
    if (statSync(bin).mtimeMs >= json.mtimeMs) {
      const m = loadCompiledModel(readFileSync(bin), json.size);
      if (m) return m;
    }
  } catch {
    // no build output (running from sources): the JSON below
  }
  return loadModel(path);
}

/** Read a model file; a missing or malformed one is a usage error. */
export function loadModel(path: string): LexicalModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read model: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { file: path }, 'BAD_MODEL');
  }
  try {
    return LexicalModel.parse(text, path);
  } catch (err) {
    throw new UsageError((err as Error).message, {}, 'BAD_MODEL');
  }
}

export interface LoadOptions extends Omit<ClassifierOptions, 'model' | 'detector' | 'lang'> {
  rules?: readonly string[];
  /** A model file (`--model`); default: the shipped model; `false`: rules only. */
  model?: string | false;
  /** `--lang`: force the language. */
  lang?: string;
}

export function parseLang(v: string | undefined): Lang | undefined {
  if (v === undefined) return undefined;
  if (v === 'und' || (SUPPORTED_LANGUAGES as readonly string[]).includes(v)) return v as Lang;
  throw new UsageError(`--lang must be one of ${SUPPORTED_LANGUAGES.join(', ')}, und`);
}

/** The classifier a command uses: rules, the lexical model, the language identifier. */
export async function loadClassifier(opts: LoadOptions = {}): Promise<Classifier> {
  const set = loadRules(opts.rules ?? []);
  const lang = parseLang(opts.lang);
  const model = opts.model === false ? undefined : opts.model === undefined ? loadDefaultModel(defaultModelPath()) : loadModel(opts.model);
  const copts: ClassifierOptions = {};
  if (opts.review) copts.review = opts.review;
  if (model) copts.model = model;
  if (lang) copts.lang = lang;
  else copts.detector = await loadDetector(eldSubsetPath(packageRoot()));
  return new Classifier(new RuleEngine(set), copts);
}
