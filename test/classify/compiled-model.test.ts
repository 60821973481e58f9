import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel, LexicalModel, loadCompiledModel, type ModelJson } from '../../src/classify/lexical.js';
import { defaultModelPath } from '../../src/classify/load.js';
import { featurize } from '../../src/classify/features.js';
import { normalizeConversation } from '../../src/core/normalize.js';
import { corpusAvailable, loadCorpus } from '../../scripts/lib/datasets.js';

const text = readFileSync(defaultModelPath(), 'utf8');
const json = JSON.parse(text) as ModelJson;
const size = Buffer.byteLength(text);

describe('the compiled shipped model (dist/default-model.bin)', () => {
  const fromJson = new LexicalModel(json);
  const compiled = loadCompiledModel(compileModel(json, size), size)!;

  it('loads back with the same classes, biases, ensemble and heads', () => {
    expect(compiled).not.toBeNull();
    expect(compiled.label.classes).toEqual(fromJson.label.classes);
    expect(compiled.label.bias).toEqual(fromJson.label.bias);
    expect(compiled.ensemble).toEqual(fromJson.ensemble);
    expect(Object.keys(compiled.heads)).toEqual(Object.keys(fromJson.heads));
  });

  it.skipIf(!corpusAvailable())('scores every dev conversation exactly as the JSON model does (logits, heads and top terms)', () => {
    for (const item of loadCorpus('dev')) {
      const f = featurize(normalizeConversation(item.conversation), item.expected.language as 'en');
      expect(compiled.logits(f)).toEqual(fromJson.logits(f));
      expect(compiled.topTerms(f, 'support', 5)).toEqual(fromJson.topTerms(f, 'support', 5));
      for (const h of ['priority', 'sentiment', 'churn'] as const) expect(compiled.heads[h]!.logits(f)).toEqual(fromJson.heads[h]!.logits(f));
    }
  });

  it('is refused when built from a model file of another size, or when the bytes are not a compiled model', () => {
    expect(loadCompiledModel(compileModel(json, size), size + 1)).toBeNull();
    expect(loadCompiledModel(Buffer.from('{"format":"convo-triage/model@2"}'), size)).toBeNull();
  });
});
