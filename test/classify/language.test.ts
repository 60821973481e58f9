import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildEldSubset, createDetector, detectLanguage, eldSubsetPath, SUPPORTED_LANGUAGES } from '../../src/classify/language.js';
import { packageRoot } from '../../src/classify/load.js';
import { normalizeConversation } from '../../src/core/normalize.js';
import { loadCorpus } from '../../scripts/lib/datasets.js';

const corpus = [...loadCorpus('train'), ...loadCorpus('dev'), ...loadCorpus('test')];

describe('eld subset database (dist/eld-subset.json)', () => {
  it('keeps only n-grams of the supported languages, and every such n-gram', async () => {
    const subset = await buildEldSubset();
    const ids = Object.keys(subset.languages).filter((id) => (SUPPORTED_LANGUAGES as readonly string[]).includes(subset.languages[id]!));
    expect(ids.map((id) => subset.languages[id]).sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
    for (const scores of Object.values(subset.ngrams)) for (const id of Object.keys(scores)) expect(ids).toContain(id);
    expect(Object.keys(subset.ngrams).length).toBeGreaterThan(5000);
  });

  it('gives the same language and confidence as the full database on every corpus conversation', async () => {
    const file = eldSubsetPath(packageRoot());
    expect(existsSync(file), `${file} is written by npm run build`).toBe(true);
    const small = await createDetector(file);
    const full = await createDetector();
    expect(small).not.toBe(full);
    let compared = 0;
    for (const item of corpus) {
      const nc = normalizeConversation(item.conversation);
      const a = detectLanguage(nc, small);
      const b = detectLanguage(nc, full);
      expect({ id: item.conversation.id, language: a.language, confidence: a.confidence }).toEqual({ id: item.conversation.id, language: b.language, confidence: b.confidence });
      compared++;
    }
    expect(compared).toBe(corpus.length);
    for (const text of ['hello, my invoice is wrong', 'Bună ziua, factura', 'не могу войти', 'نمی‌توانم وارد شوم', 'Ég get ekki skráð mig inn', 'ok', '']) {
      expect(small.detect(text).getScores()).toEqual(full.detect(text).getScores());
    }
  });
});

describe('Russian in Latin letters', () => {
  const conv = (body: string) =>
    normalizeConversation({ id: 'x', messages: [{ role: 'customer', body }], text: 'full', source: { file: '-', line: 1 }, layout: 'canonical' });
  it('is recognised in a sentence, and never claimed for a few short Latin words', async () => {
    const eld = await createDetector(eldSubsetPath(packageRoot()));
    expect(detectLanguage(conv('ne mogu voiti v lichnyi kabinet, pishet oshibka'), eld).language).toBe('ru');
    for (const short of ['login broken', 'refund pls', 'null', 'nyanyanyanya', 'asdf qwer zxcv']) {
      const r = detectLanguage(conv(short), eld);
      expect(r.language, short).toBe('und');
      expect(r.reasons.map((x) => x.id), short).not.toContain('language.translit');
    }
  });
});
