/**
 * Streaming JSON readers. JSONL is read line by line. A JSON array is split into
 * its elements without holding the whole file: a small scanner tracks strings
 * and nesting depth and hands each element's text to JSON.parse. Concatenated
 * top-level values (JSONL without the extension) are split the same way. Only a
 * single top-level object (an API page) is held whole, up to a limit.
 */

export interface JsonItem {
  /** 1-based line where the value starts. */
  line: number;
  value?: unknown;
  error?: string;
}

/** Largest single top-level JSON value held in memory. */
export const MAX_VALUE_CHARS = 512 * 1024 * 1024;

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  let i = s.indexOf('\n', from);
  while (i >= 0 && i < to) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  return n;
}

function parse(text: string, line: number): JsonItem {
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { line, error: `invalid JSON: ${(err as Error).message}` };
  }
}

/** JSONL: one value per non-blank line; a broken line is an error item, the rest goes on. */
export async function* jsonlItems(chunks: AsyncIterable<string>): AsyncGenerator<JsonItem> {
  let pending = '';
  let line = 0;
  for await (const chunk of chunks) {
    pending += chunk;
    let nl = pending.indexOf('\n');
    let from = 0;
    while (nl >= 0) {
      line++;
      const text = pending.slice(from, nl);
      if (text.trim() !== '') yield parse(text, line);
      from = nl + 1;
      nl = pending.indexOf('\n', from);
    }
    pending = pending.slice(from);
  }
  if (pending.trim() !== '') yield parse(pending, line + 1);
}

const QUOTE_OR_BACKSLASH = /["\\]/g;

/**
 * A JSON document: the elements of a top-level array, or each top-level value in
 * turn. Element boundaries come from the scanner, so one malformed element is an
 * error item and the following ones are still read.
 */
export async function* jsonItems(chunks: AsyncIterable<string>): AsyncGenerator<JsonItem> {
  let buf = '';
  let pos = 0; // scan position in buf
  let line = 1; // line number at buf[pos]
  let mode: 'start' | 'array' | 'values' | 'done' = 'start';
  let depth = 0;
  let inString = false;
  let start = -1; // start of the current element in buf
  let startLine = 1;
  let trailing = false;

  const flush = function* (end: number): Generator<JsonItem> {
    const text = buf.slice(start, end);
    start = -1;
    if (text.trim() !== '') yield parse(text, startLine);
  };

  for await (const chunk of chunks) {
    buf += chunk;
    while (pos < buf.length) {
      if (inString) {
        QUOTE_OR_BACKSLASH.lastIndex = pos;
        const m = QUOTE_OR_BACKSLASH.exec(buf);
        if (!m) {
          line += countNewlines(buf, pos, buf.length);
          pos = buf.length;
          break;
        }
        line += countNewlines(buf, pos, m.index);
        if (m[0] === '\\') {
          if (m.index + 1 >= buf.length) {
            pos = m.index; // escape split across chunks: wait for more
            break;
          }
          pos = m.index + 2;
          continue;
        }
        inString = false;
        pos = m.index + 1;
        continue;
      }
      const c = buf.charCodeAt(pos);
      if (c === 0x0a) line++;
      if (mode === 'start') {
        if (c === 0x5b /* [ */) {
          mode = 'array';
          pos++;
          continue;
        }
        if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) {
          pos++;
          continue;
        }
        mode = 'values';
      }
      if (mode === 'done') {
        if (!(c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d)) trailing = true;
        pos++;
        continue;
      }
      if (start < 0) {
        // Between elements: skip whitespace and separators.
        if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2c /* , */) {
          pos++;
          continue;
        }
        if (mode === 'array' && c === 0x5d /* ] */) {
          mode = 'done';
          pos++;
          continue;
        }
        start = pos;
        startLine = line;
      }
      if (c === 0x22 /* " */) {
        inString = true;
      } else if (c === 0x7b || c === 0x5b) {
        depth++;
      } else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth < 0 && mode === 'array' && c === 0x5d) {
          // The closing bracket of the top-level array ends a scalar element.
          depth = 0;
          yield* flush(pos);
          mode = 'done';
          pos++;
          continue;
        }
        if (depth <= 0) {
          depth = 0;
          yield* flush(pos + 1);
          pos++;
          continue;
        }
      } else if (depth === 0 && c === 0x2c && mode === 'array') {
        yield* flush(pos);
        pos++;
        continue;
      }
      pos++;
    }
    // Drop what has been consumed; keep the element in progress.
    const keepFrom = start >= 0 ? start : pos;
    if (keepFrom > 0) {
      buf = buf.slice(keepFrom);
      pos -= keepFrom;
      if (start >= 0) start = 0;
    }
    if (buf.length > MAX_VALUE_CHARS) {
      yield {
        line: startLine,
        error: `a single JSON value is larger than ${MAX_VALUE_CHARS / 1024 / 1024} MB; write one conversation per line (JSONL) instead`,
      };
      return;
    }
  }
  if (start >= 0) {
    const text = buf.slice(start);
    if (text.trim() !== '') yield parse(text, startLine);
  } else if (mode === 'array') {
    yield { line, error: 'invalid JSON: the top-level array is not closed (file truncated?)' };
  }
  if (trailing) yield { line, error: 'invalid JSON: unexpected text after the top-level array' };
}
