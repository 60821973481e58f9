/**
 * `npm run train:default`: train the shipped model (models/default.json) from the
 * corpus train split and the training part of the public sets. Deterministic:
 * the same data, rules and seed give the same bytes (a test checks it).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { defaultModelPath, loadClassifier } from '../src/classify/load.js';
import { modelToJson } from '../src/classify/lexical.js';
import { trainModel } from '../src/classify/training.js';
import { writeFileAtomic } from '../src/io/write.js';
import { defaultTrainingData } from './lib/datasets.js';

/** Build the default model's JSON text. */
export async function buildDefaultModel(): Promise<string> {
  const { items, sources } = defaultTrainingData();
  const base = await loadClassifier({ model: false });
  return modelToJson(trainModel(items, base, sources));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = performance.now();
  const text = await buildDefaultModel();
  const out = defaultModelPath();
  mkdirSync(dirname(out), { recursive: true });
  await writeFileAtomic(out, text);
  const m = JSON.parse(text) as { training: { examples: number; features: number; per_label: unknown } };
  process.stderr.write(
    `wrote ${out}: ${m.training.examples} examples ${JSON.stringify(m.training.per_label)}, ${m.training.features} features, ${(text.length / 1e6).toFixed(2)} MB, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}
