import { describe, expect, it } from 'vitest';
import { featurize } from '../../src/classify/features.js';
import { normalizeConversation } from '../../src/core/normalize.js';
import type { Conversation } from '../../src/core/types.js';

const conv = (messages: Conversation['messages']): Conversation => ({ id: 'x', messages, text: 'full', source: { file: 't', line: 1 }, layout: 'canonical' });

describe('lexical features', () => {
  it("leave out the participants' names, not the words around them", () => {
    const f = featurize(
      normalizeConversation(
        conv([
          { role: 'customer', author: 'Gabriela Toth', body: 'Hi Priya, the invoice total is wrong again. Gabriela' },
          { role: 'agent', author: 'Priya (Support)', body: 'Thanks Gabriela, I will correct the invoice.' },
        ]),
      ),
      'en',
    );
    const keys = [...f.keys()];
    expect(keys.some((k) => /gabriel|priya|toth/.test(k))).toBe(false);
    expect(keys).toContain('w:invoic');
    // "Support" in the agent's display name is a team, not a name: the word still counts where it is written.
    const g = featurize(normalizeConversation(conv([{ role: 'customer', author: 'Dan', body: 'Your support team never answered' }, { role: 'agent', author: 'Priya (Support)', body: 'Sorry Dan' }])), 'en');
    expect([...g.keys()]).toContain('w:support');
    expect([...g.keys()].some((k) => k.includes('dan'))).toBe(false);
  });
});
