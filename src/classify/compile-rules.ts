/**
 * Build step: validate the built-in rules into dist/rules.json, cut eld's database to our
 * languages, and compile the shipped model into dist/default-model.bin (see load.ts, language.ts,
 * lexical.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildEldSubset, eldSubsetPath } from './language.js';
import { compileModel, parseModelJson } from './lexical.js';
import { compileBuiltinRules, compiledModelPath, compiledRulesPath, defaultModelPath, packageRoot } from './load.js';

writeFileSync(compiledRulesPath(), JSON.stringify(compileBuiltinRules()));
writeFileSync(eldSubsetPath(packageRoot()), JSON.stringify(await buildEldSubset()));
const modelText = readFileSync(defaultModelPath(), 'utf8');
writeFileSync(compiledModelPath(), compileModel(parseModelJson(modelText, defaultModelPath()), Buffer.byteLength(modelText)));
