/** Build step: validate the built-in rules into dist/rules.json and cut eld's database to our languages (see load.ts, language.ts). */
import { writeFileSync } from 'node:fs';
import { buildEldSubset, eldSubsetPath } from './language.js';
import { compileBuiltinRules, compiledRulesPath, packageRoot } from './load.js';

writeFileSync(compiledRulesPath(), JSON.stringify(compileBuiltinRules()));
writeFileSync(eldSubsetPath(packageRoot()), JSON.stringify(await buildEldSubset()));
