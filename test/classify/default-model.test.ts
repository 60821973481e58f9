import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultModelPath } from '../../src/classify/load.js';
import { buildDefaultModel } from '../../scripts/train-default.js';
import { corpusAvailable, publicAvailable } from '../../scripts/lib/datasets.js';
import { skipNote } from '../support/shared.js';

const can = corpusAvailable() && publicAvailable();

describe.skipIf(!can)(can ? 'the shipped model' : skipNote('the shipped model (needs ../shared/data/public)'), () => {
  it('is exactly what `npm run train:default` makes from the current data and rules', async () => {
    const fresh = await buildDefaultModel();
    const committed = readFileSync(defaultModelPath(), 'utf8');
    // On failure: the rules or the training data changed; run `npm run train:default` and commit the model.
    expect(fresh === committed).toBe(true);
  }, 120_000);
});
