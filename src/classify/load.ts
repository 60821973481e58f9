/** Build the classifier from the built-in rules (plus `--rules` files). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Classifier, type ClassifierOptions } from './classifier.js';
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

/** Built-in rule files plus the user's. Duplicate ids across them are a usage error. */
export function loadRules(extra: readonly string[] = [], withBuiltin = true): RuleSet {
  const files = [...(withBuiltin ? ruleFilesIn(builtinRulesDir()) : []), ...extra.flatMap((f) => ruleFilesIn(f))];
  return loadRuleFiles(files);
}

export interface LoadOptions extends ClassifierOptions {
  rules?: readonly string[];
}

export function loadClassifier(opts: LoadOptions = {}): Classifier {
  const set = loadRules(opts.rules ?? []);
  return new Classifier(new RuleEngine(set), opts);
}
