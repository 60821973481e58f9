import { parse, type Options as CsvOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { Readable } from 'node:stream';

export interface CsvReadOptions {
  delimiter?: string;
  quote?: string;
  escape?: string;
  comment?: string;
  /** A row that may have swallowed the rows after it (a quote left open): its line and what was seen. */
  onSuspect?: (line: number, message: string) => void;
}

export type CsvItem =
  | { kind: 'header'; columns: string[]; line: number; delimiter: string }
  | { kind: 'row'; fields: string[]; line: number }
  | { kind: 'error'; line: number; error: string };

const CANDIDATES = [',', ';', '\t', '|'] as const;

/**
 * Pick the delimiter from the first lines: the candidate that appears outside
 * quotes the same non-zero number of times on each line, preferring the most
 * frequent. Falls back to comma.
 */
export function sniffDelimiter(text: string): string {
  const lines = firstLogicalLines(text, 6);
  if (lines.length === 0) return ',';
  let best = ',';
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0]!;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length;
    const score = consistent * 1000 + first;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/** Split off up to n lines, keeping quoted newlines inside their line. */
function firstLogicalLines(text: string, n: number): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuotes = false;
  for (let i = 0; i < text.length && out.length < n; i++) {
    const c = text[i]!;
    if (c === '"') inQuotes = !inQuotes;
    if (!inQuotes && (c === '\n' || c === '\r')) {
      if (cur.trim() !== '') out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  // An unfinished last line is only used when it is the only one.
  if (out.length === 0 && cur.trim() !== '') out.push(cur);
  return out;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let inQuotes = false;
  for (const c of line) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === d) n++;
  }
  return n;
}

// csv-parse's own line counter counts the two characters of a CRLF inside a
// quoted field as two lines, so lines are counted here: one per line break.
const LINE_BREAKS = /\r\n|\r|\n/g;
function breaksIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) if (f.includes('\n') || f.includes('\r')) n += f.match(LINE_BREAKS)?.length ?? 0;
  return n;
}

/** An id's shape: its letters and signs as they are, each run of digits as one '#'; with its digit count. */
function idShape(s: string): { skeleton: string; digits: number } | null {
  const t = s.trim();
  if (!t || t.length > 40 || /\s/.test(t) || !/\d/.test(t)) return null;
  let digits = 0;
  const skeleton = t.replace(/\d+/g, (m) => {
    digits += m.length;
    return '#';
  });
  return { skeleton, digits };
}

/**
 * A quote left open makes one field run on over the next rows ("1,\"hello" … "2,parcel late" …)
 * until the next quote, and those rows vanish into it. A line inside a multi-line field is taken
 * for a swallowed row when its first field has the shape of the row's own first field (an id:
 * "1234" and "1235", "TCK-0041" and "TCK-0042") and it splits into the header's number of fields
 * (or one fewer: the quote may have cut the last). Returns the first such line's offset and text.
 */
export function swallowedRow(fields: readonly string[], columns: number, delimiter: string, quote = '"'): { offset: number; text: string } | null {
  const own = idShape(fields[0] ?? '');
  if (!own || columns < 2) return null;
  for (let f = 1; f < fields.length; f++) {
    const v = fields[f]!;
    if (!v.includes('\n') && !v.includes('\r')) continue;
    const lines = v.split(/\r\n|\r|\n/);
    for (let i = 1; i < lines.length; i++) {
      const l = lines[i]!;
      const cut = l.indexOf(delimiter);
      if (cut <= 0) continue;
      const shape = idShape(l.slice(0, cut));
      if (!shape || shape.skeleton !== own.skeleton || Math.abs(shape.digits - own.digits) > 1) continue;
      let parts: string[] = [];
      try {
        parts = (parseSync(l, { delimiter, quote, relax_quotes: true, relax_column_count: true }) as string[][])[0] ?? [];
      } catch {
        continue;
      }
      if (parts.length >= Math.max(2, columns - 1) && parts.length <= columns) {
        const before = breaksIn(fields.slice(0, f));
        return { offset: before + i, text: l.length > 60 ? `${l.slice(0, 60)}…` : l };
      }
    }
  }
  return null;
}

/**
 * Parse CSV text with csv-parse: header first, then rows with their starting
 * line. Ragged rows (field count differs from the header) and rows csv-parse
 * rejects become error items; reading goes on.
 */
export async function* csvItems(chunks: AsyncIterable<string>, opts: CsvReadOptions = {}): AsyncGenerator<CsvItem> {
  const it = chunks[Symbol.asyncIterator]();
  const firstChunks: string[] = [];
  let head = '';
  while (head.length < 64 * 1024) {
    const { value, done } = await it.next();
    if (done) break;
    firstChunks.push(value);
    head += value;
  }
  const delimiter = opts.delimiter ?? sniffDelimiter(head);
  const skipped: Array<{ line: number; error: string }> = [];
  const csvOpts: CsvOptions = {
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (err) => {
      if (err) skipped.push({ line: (err as unknown as { lines?: number }).lines ?? 0, error: err.message });
      return undefined;
    },
  };
  if (opts.quote !== undefined) csvOpts.quote = opts.quote;
  // A custom quote is escaped by doubling it, unless an escape character is given.
  const escape = opts.escape ?? opts.quote;
  if (escape !== undefined) csvOpts.escape = escape;
  if (opts.comment !== undefined) csvOpts.comment = opts.comment;

  async function* all(): AsyncGenerator<string> {
    yield* firstChunks;
    for (;;) {
      const { value, done } = await it.next();
      if (done) return;
      yield value;
    }
  }
  const parser = Readable.from(all(), { objectMode: true }).pipe(parse(csvOpts));
  let header: string[] | null = null;
  let nextStart = 1;
  let seenEmpty = 0;
  let seenComments = 0;
  type Info = { lines: number; empty_lines: number; comment_lines: number };
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    // The parser may run ahead of this loop: a row it rejected is reported among the rows around it
    // (both lines in csv-parse's own count), not before rows that come earlier in the file.
    while (skipped.length && skipped[0]!.line < rec.info.lines) {
      const s = skipped.shift()!;
      yield { kind: 'error', line: s.line, error: `unreadable CSV row: ${s.error}` };
    }
    const fields = rec.record;
    const line = nextStart + (rec.info.empty_lines - seenEmpty) + (rec.info.comment_lines - seenComments);
    seenEmpty = rec.info.empty_lines;
    seenComments = rec.info.comment_lines;
    nextStart = line + breaksIn(fields) + 1;
    if (!header) {
      header = fields.map((h) => h.replace(/^\ufeff/, '').trim());
      yield { kind: 'header', columns: header, line, delimiter };
      continue;
    }
    if (fields.length !== header.length) {
      // A trailing empty field or a fully blank row is harmless; anything else is ragged.
      if (fields.every((f) => f.trim() === '')) continue;
      yield {
        kind: 'error',
        line,
        error: `row has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header has ${header.length}`,
      };
      continue;
    }
    if (opts.onSuspect) {
      const sw = swallowedRow(fields, header.length, delimiter, opts.quote);
      if (sw) opts.onSuspect(line, `line ${line + sw.offset} ("${sw.text}") reads like a row of its own inside a field of the row at line ${line}: a quote left open? The rows after it up to the next quote are read as part of that field`);
    }
    yield { kind: 'row', fields, line };
  }
  for (const s of skipped) {
    // At the end of the file: everything from the open quote on is one unreadable record; say which lines.
    const unclosed = /Quote Not Closed/i.test(s.error) && s.line > nextStart;
    yield unclosed
      ? { kind: 'error', line: nextStart, error: `unreadable CSV rows: a quote opened on line ${nextStart} is never closed, so lines ${nextStart}–${s.line} cannot be read` }
      : { kind: 'error', line: s.line, error: `unreadable CSV row: ${s.error}` };
  }
}
