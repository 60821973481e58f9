/** Small text formatters shared by the dashboard's screens. Pure. */
import { truncate, visible } from '../core/safe-text.js';
import { BAR_EMPTY, BAR_FULL } from './theme.js';

/** A whole number with thousands separators, the same on every machine. */
export const num = (n: number): string => n.toLocaleString('en-US');

export const pct = (n: number, d: number): string => (d ? `${((100 * n) / d).toFixed(1)}%` : '0.0%');

/** A share (0…1) as a bar of `width` cells. */
export function bar(share: number, width: number): string {
  const w = Math.max(0, width);
  const full = Math.max(0, Math.min(w, Math.round(share * w)));
  return BAR_FULL.repeat(full) + BAR_EMPTY.repeat(w - full);
}

/** Untrusted text on one line, at most `max` characters. */
export const oneLine = (text: string, max = Infinity): string => {
  const s = visible(text, true);
  return Number.isFinite(max) ? truncate(s, Math.max(1, max)) : s;
};

/** Untrusted text with its lines kept; tabs become spaces so columns stay put. */
export const block = (text: string): string => visible(text).replace(/\t/g, '    ');

/** An ISO timestamp as "YYYY-MM-DD HH:MM" (UTC as written); anything else as given, made safe. */
export function shortTime(at: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(at);
  return m ? `${m[1]} ${m[2]}` : oneLine(at, 30);
}

/** Seconds with one decimal under a minute, else m:ss. */
export function duration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')} min`;
}

const SENTIMENT_SHORT: Record<string, string> = { negative: 'neg', neutral: 'neu', positive: 'pos' };
export const sentimentShort = (s: string | null): string => (s === null ? '—' : (SENTIMENT_SHORT[s] ?? s.slice(0, 3)));
