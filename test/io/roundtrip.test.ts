import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_LAYOUTS, type CanonConversation, render } from '../../scripts/lib/render-layouts.js';
import { conversations, errors, fatals, readText } from '../support/read.js';
import { ROOT } from '../support/run.js';

/** Up to 300 corpus conversations in five languages (the labelled fixtures), else a small built-in set. */
function sampleConversations(): CanonConversation[] {
  const dir = join(ROOT, 'fixtures', 'corpus', 'train');
  if (existsSync(dir)) {
    const all = readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CanonConversation));
    // Spread over languages: every k-th record.
    const step = Math.max(1, Math.floor(all.length / 300));
    return all.filter((_, i) => i % step === 0).slice(0, 300);
  }
  const at = (m: number) => `2026-03-0${1 + (m % 5)}T09:${String(10 + m).padStart(2, '0')}:00Z`;
  const mk = (id: string, subject: string, bodies: Array<[CanonConversation['messages'][number]['role'], string]>): CanonConversation => ({
    id, subject, created_at: at(0), channel: 'email', tags: ['t'],
    messages: bodies.map(([role, body], i) => ({ role, body, at: at(i), author: role === 'customer' ? 'Ana' : 'Mihai' })),
  });
  return [
    mk('en-1', 'Cannot log in', [['customer', 'I cannot log in since this morning.'], ['agent', 'Please reset your password.'], ['customer', 'Done, thanks!']]),
    mk('ro-1', 'Factura', [['customer', 'Bună ziua, vă rog să-mi trimiteți factura pe martie, cu CUI-ul firmei.'], ['agent', 'Am atașat factura.']]),
    mk('ru-1', 'Возврат', [['customer', 'Здравствуйте! Хочу вернуть товар, заказ №5521.\n\nС уважением,\nАнна']]),
    mk('fa-1', 'تمدید قرارداد', [['agent', 'سلام، قرارداد شما ماه آینده تمدید می‌شود؛ جلسه‌ای برای بررسی اهداف بگذاریم؟'], ['customer', 'بله، هفته بعد خوب است.']]),
    mk('is-1', 'Reikningur', [['customer', 'Góðan dag, ég var rukkaður tvisvar fyrir áskriftina.'], ['agent', 'Við endurgreiðum þér strax.']]),
  ];
}

const convs = sampleConversations();

describe(`every vendor layout reads back (${convs.length} conversations)`, () => {
  it.each(ALL_LAYOUTS.map((l) => [l]))('%s', async (layout) => {
    const r = render(layout, convs, 7);
    const { items } = await readText(`export.${r.ext}`, r.content);
    expect(fatals(items)).toEqual([]);
    expect(errors(items)).toEqual([]);
    const read = conversations(items);
    expect(read.map((c) => c.id)).toEqual(r.ids);
    if (r.text === true) expect(read.every((c) => c.text === 'full')).toBe(true);
    if (r.text === false) expect(read.every((c) => c.text !== 'full')).toBe(true);
    if (r.text === 'snippet') expect(read.every((c) => c.text === 'snippet')).toBe(true);
  });

  it('UTF-16LE with BOM and UTF-8 with BOM read the same as UTF-8', async () => {
    const r = render('generic-csv', convs);
    const text = String(r.content);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const bom8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const plain = conversations((await readText('a.csv', text)).items);
    for (const buf of [utf16, bom8]) {
      const read = conversations((await readText('b.csv', buf)).items);
      expect(read.map((c) => [c.id, c.subject, c.messages.map((m) => m.body)])).toEqual(plain.map((c) => [c.id, c.subject, c.messages.map((m) => m.body)]));
    }
  });
});
