/**
 * The conversation's main language, from the `eld` language identifier
 * (extrasmall database, restricted to the languages the tool supports) run on
 * the customer's own words. Russian typed in Latin letters is recognised by
 * asking eld again about a Cyrillic transliteration of the text. Short or
 * mixed texts fall back to `und` rather than a guess.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NormConversation } from '../core/normalize.js';
import type { FieldReason } from './record.js';

export const SUPPORTED_LANGUAGES = ['en', 'ro', 'ru', 'fa', 'is'] as const;
export type Lang = (typeof SUPPORTED_LANGUAGES)[number] | 'und';

export interface Detector {
  detect(text: string): { language: string; getScores(): Record<string, number>; isReliable(): boolean };
}

export interface LanguageResult {
  language: Lang;
  confidence: number;
  reasons: FieldReason[];
}

/** eld reads this much of the customer's words: enough for a language, and eld's cost grows with length. */
const MAX_CHARS = 250;
const MIN_LETTERS = 8;
/** Fewer Latin letters than this are never taken for Russian in translit. */
const TRANSLIT_MIN_LETTERS = 25;

let shared: Detector | undefined;

/** eld's n-gram data: a map of language ids to codes and of n-grams to per-language scores. */
interface EldData {
  type: string;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

/**
 * eld's extrasmall database cut down to the supported languages (1.1 MB of
 * n-grams for 60 languages → 0.17 MB for five), written at build time to
 * dist/eld-subset.json. eld adds each language's n-gram scores independently,
 * so the scores of the kept languages, and so every answer restricted to them,
 * are unchanged; loading it costs a sixth of the time and memory.
 */
export async function buildEldSubset(): Promise<EldData> {
  const { ngramsData } = (await import(eldFile('ngrams/extrasmall.js'))) as { ngramsData: EldData };
  const keep = Object.keys(ngramsData.languages).filter((id) => (SUPPORTED_LANGUAGES as readonly string[]).includes(ngramsData.languages[id]!));
  const ngrams: EldData['ngrams'] = {};
  for (const [gram, scores] of Object.entries(ngramsData.ngrams)) {
    let kept: Record<string, number> | undefined;
    for (const id of keep) if (scores[id] !== undefined) (kept ??= {})[id] = scores[id];
    if (kept) ngrams[gram] = kept;
  }
  return { type: ngramsData.type, languages: ngramsData.languages, ngrams };
}

/** A file inside eld's src/ folder (its package exports only the entry points). */
const eldFile = (rel: string): string => new URL(`../${rel}`, import.meta.resolve('eld')).href;

export const eldSubsetPath = (root: string): string => join(root, 'dist', 'eld-subset.json');

/**
 * Load eld once: the build's subset database when present (≈30 ms, ≈10 MB),
 * else eld's own extrasmall database (≈170 ms, ≈60 MB). Only commands that
 * need languages call this.
 */
export async function loadDetector(subsetFile?: string): Promise<Detector> {
  shared ??= await createDetector(subsetFile);
  return shared;
}

/** A new eld instance (the subset database when the file is given and readable). */
export async function createDetector(subsetFile?: string): Promise<Detector> {
  let data: EldData | undefined;
  try {
    if (subsetFile) data = JSON.parse(readFileSync(subsetFile, 'utf8')) as EldData;
  } catch {
    data = undefined; // not built yet (running from sources): the full database below
  }
  if (data) {
    const { createEld } = (await import(eldFile('languageDetector.js'))) as {
      createEld(): { instance: Detector & { setLanguageSubset(l: string[]): unknown }; loadData(d: EldData): unknown };
    };
    const { instance, loadData } = createEld();
    loadData(data);
    instance.setLanguageSubset([...SUPPORTED_LANGUAGES]);
    return instance;
  }
  const { eld } = await import('eld/extrasmall');
  const full = eld.newInstance();
  full.setLanguageSubset([...SUPPORTED_LANGUAGES]);
  return full;
}

// Latin → Cyrillic for Russian translit ("ne mogu voiti" → "не могу воити"); longest first.
const TRANSLIT: Array<[string, string]> = [
  ['shch', 'щ'], ['sch', 'щ'], ['zh', 'ж'], ['kh', 'х'], ['ts', 'ц'], ['ch', 'ч'], ['sh', 'ш'], ['yu', 'ю'], ['ya', 'я'],
  ['yo', 'ё'], ['ye', 'е'], ['iy', 'ий'], ['yi', 'ый'], ['a', 'а'], ['b', 'б'], ['v', 'в'], ['g', 'г'], ['d', 'д'],
  ['e', 'е'], ['z', 'з'], ['i', 'и'], ['j', 'й'], ['k', 'к'], ['l', 'л'], ['m', 'м'], ['n', 'н'], ['o', 'о'], ['p', 'п'],
  ['r', 'р'], ['s', 'с'], ['t', 'т'], ['u', 'у'], ['f', 'ф'], ['h', 'х'], ['c', 'ц'], ['y', 'ы'], ['w', 'в'], ['x', 'кс'],
  ["'", 'ь'],
];
const TRANSLIT_RE = new RegExp(TRANSLIT.map(([l]) => l).join('|'), 'g');
const TRANSLIT_MAP = new Map(TRANSLIT);

export function toCyrillic(latin: string): string {
  return latin.toLowerCase().replace(TRANSLIT_RE, (m) => TRANSLIT_MAP.get(m) ?? m);
}

/** Customer-side text (own words), else everything visible. */
export function customerText(nc: NormConversation): string {
  const own = nc.messages.filter((m) => m.role === 'customer' && m.weight > 0).map((m) => m.text);
  const text = own.join('\n').trim() || nc.messages.filter((m) => m.weight > 0).map((m) => m.text).join('\n');
  return `${nc.subject}\n${text}`.slice(0, MAX_CHARS);
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Letters by script, counted without allocating. */
function scripts(text: string): { letters: number; latin: number; cyrillic: number; arabic: number } {
  let letters = 0;
  let latin = 0;
  let cyrillic = 0;
  let arabic = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7)) {
      latin++;
      letters++;
    } else if (c >= 0x400 && c <= 0x4ff) {
      cyrillic++;
      letters++;
    } else if ((c >= 0x620 && c <= 0x64a) || (c >= 0x671 && c <= 0x6d3) || c === 0x6cc || c === 0x6a9 || c === 0x6af || c === 0x686 || c === 0x698 || c === 0x67e) {
      arabic++;
      letters++;
    } else if (c > 0x7f && /\p{L}/u.test(text[i]!)) letters++;
  }
  return { letters, latin, cyrillic, arabic };
}

/** Detect the main language of a normalised conversation. */
export function detectLanguage(nc: NormConversation, detector: Detector): LanguageResult {
  const text = customerText(nc);
  const sc = scripts(text);
  const letters = sc.letters;
  if (letters < MIN_LETTERS) {
    return { language: 'und', confidence: 0, reasons: [{ id: 'language.too-short', description: `only ${letters} letters of customer text` }] };
  }
  // Of the supported languages only Russian is written in Cyrillic and only Persian in Arabic
  // script: eld restricted to them answers the same, and this costs nothing.
  if (sc.cyrillic / letters >= 0.8) {
    return { language: 'ru', confidence: 0.95, reasons: [{ id: 'language.script', description: 'Cyrillic script (Russian is the supported Cyrillic language)' }] };
  }
  if (sc.arabic / letters >= 0.8) {
    return { language: 'fa', confidence: 0.95, reasons: [{ id: 'language.script', description: 'Arabic script (Persian is the supported Arabic-script language)' }] };
  }
  const r = detector.detect(text);
  const scores = r.getScores();
  const top = (scores[r.language] ?? 0) as number;
  const lang = (SUPPORTED_LANGUAGES as readonly string[]).includes(r.language) ? (r.language as Lang) : 'und';
  // A Latin-script text that no Latin language claims firmly may be Russian in translit — when it is
  // long enough to tell: any short Latin string ("refund pls", "null") reads as some Russian.
  if (sc.latin / letters > 0.8 && letters >= TRANSLIT_MIN_LETTERS && (!r.isReliable() || top < 0.6)) {
    const cyr = detector.detect(toCyrillic(text));
    const cyrScore = (cyr.getScores().ru ?? 0) as number;
    if (cyr.language === 'ru' && cyr.isReliable() && cyrScore > top) {
      return {
        language: 'ru',
        confidence: round(Math.min(cyrScore, 0.9)),
        reasons: [{ id: 'language.translit', description: 'Russian written in Latin letters (eld on a Cyrillic transliteration)', weight: round(cyrScore) }],
      };
    }
  }
  if (lang === 'und' || !r.isReliable()) {
    return { language: 'und', confidence: round(top), reasons: [{ id: 'language.unreliable', description: `eld is not sure (${r.language || 'nothing'} at ${round(top)})` }] };
  }
  return { language: lang, confidence: round(top), reasons: [{ id: 'language.eld', description: `eld on the customer's words`, weight: round(top) }] };
}
