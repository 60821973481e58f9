/** Build step: validate the built-in rules and write dist/rules.json (see load.ts). */
import { writeFileSync } from 'node:fs';
import { compileBuiltinRules, compiledRulesPath } from './load.js';

writeFileSync(compiledRulesPath(), JSON.stringify(compileBuiltinRules()));
