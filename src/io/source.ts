import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import { InputError } from '../core/errors.js';

export type InputFormat = 'json' | 'jsonl' | 'csv';

export interface SourceOptions {
  /** Force a format instead of sniffing. */
  inputFormat?: InputFormat | 'tsv' | 'auto';
  /** Force an encoding (WHATWG label: latin1, windows-1251, utf-16le, …); default: BOM or UTF-8. */
  encoding?: string;
  /** Stream to read for `-` (tests pass their own). */
  stdin?: NodeJS.ReadableStream;
}

export interface OpenedSource {
  /** Name used in messages and `source.file`. */
  name: string;
  format: InputFormat;
  /** CSV delimiter implied by the name (`.tsv`) or flag; undefined = sniff. */
  delimiterHint?: string;
  encoding: string;
  /** Decoded text, from the first character (BOM removed). */
  chunks: AsyncIterable<string>;
}

const SNIFF_BYTES = 64 * 1024;

/** Open a file (or `-` for stdin), decode it, and sniff its format. */
export async function openSource(path: string, opts: SourceOptions = {}): Promise<OpenedSource> {
  const name = path;
  let stream: NodeJS.ReadableStream;
  if (path === '-') {
    stream = opts.stdin ?? process.stdin;
  } else {
    let st;
    try {
      st = await stat(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new InputError('ENOENT', 'no such file', { file: name });
      if (code === 'EACCES') throw new InputError('EACCES', 'permission denied', { file: name });
      throw new InputError('UNREADABLE', `cannot read: ${(err as Error).message}`, { file: name });
    }
    if (st.isDirectory()) throw new InputError('EISDIR', 'is a directory, not a file (give the files inside it)', { file: name });
    stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  }

  const bytes = byteChunks(stream, name);
  let head = await readHead(bytes, SNIFF_BYTES);
  if (isGzip(head.buf)) {
    const gunzip = createGunzip();
    const restBytes = head.rest;
    const first = head.buf;
    void (async () => {
      try {
        gunzip.write(first);
        for await (const b of restBytes) if (!gunzip.write(b)) await new Promise((r) => gunzip.once('drain', r));
        gunzip.end();
      } catch (err) {
        gunzip.destroy(err as Error);
      }
    })();
    head = await readHead(byteChunks(gunzip, name), SNIFF_BYTES);
  }
  const buf = head.buf;
  const binary = binaryKind(buf);
  if (binary) throw new InputError('NOT_TEXT', `not a text file (${binary}); export conversations as CSV, JSON or JSONL`, { file: name });

  const { encoding, bomLength } = chooseEncoding(buf, opts.encoding, name);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
  } catch {
    throw new InputError('BAD_ENCODING', `unknown encoding "${opts.encoding}"`, { file: name });
  }
  const firstText = decoder.decode(buf.subarray(bomLength), { stream: true });
  const chunks = decodeRest(firstText, head.rest, decoder);

  const ext = path === '-' ? '' : extname(path.replace(/\.gz$/i, '')).toLowerCase();
  let format: InputFormat;
  let delimiterHint: string | undefined;
  const forced = opts.inputFormat && opts.inputFormat !== 'auto' ? opts.inputFormat : undefined;
  if (forced === 'tsv') {
    format = 'csv';
    delimiterHint = '\t';
  } else if (forced) {
    format = forced;
  } else {
    format = sniffFormat(firstText, ext);
    if (ext === '.tsv' || ext === '.tab') delimiterHint = '\t';
  }
  const opened: OpenedSource = { name, format, encoding, chunks };
  if (delimiterHint !== undefined) opened.delimiterHint = delimiterHint;
  return opened;
}

async function* byteChunks(stream: NodeJS.ReadableStream, name: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new InputError(e.code ?? 'READ_FAILED', `read failed: ${e.message}`, { file: name });
  } finally {
    (stream as Readable).destroy?.();
  }
}

async function readHead(
  it: AsyncGenerator<Buffer>,
  want: number,
): Promise<{ buf: Buffer; rest: AsyncGenerator<Buffer> }> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < want) {
    const { value, done } = await it.next();
    if (done) break;
    parts.push(value);
    size += value.length;
  }
  return { buf: Buffer.concat(parts), rest: it };
}

async function* decodeRest(first: string, rest: AsyncGenerator<Buffer>, decoder: TextDecoder): AsyncGenerator<string> {
  if (first) yield first;
  for await (const b of rest) {
    const s = decoder.decode(b, { stream: true });
    if (s) yield s;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

const isGzip = (b: Buffer): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Recognise common non-text files so the user gets a useful message. */
function binaryKind(b: Buffer): string | null {
  const starts = (sig: number[]): boolean => sig.every((v, i) => b[i] === v);
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive, perhaps an Excel .xlsx workbook';
  if (starts([0x25, 0x50, 0x44, 0x46])) return 'a PDF document';
  if (starts([0x89, 0x50, 0x4e, 0x47])) return 'a PNG image';
  if (starts([0xff, 0xd8, 0xff])) return 'a JPEG image';
  if (starts([0xd0, 0xcf, 0x11, 0xe0])) return 'an old Office document, perhaps an Excel .xls workbook';
  if (starts([0x7f, 0x45, 0x4c, 0x46])) return 'an executable';
  if (starts([0x53, 0x51, 0x4c, 0x69, 0x74, 0x65])) return 'an SQLite database';
  if (utf16Guess(b)) return null;
  const n = Math.min(b.length, 8192);
  if (n === 0) return null;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  return control / n > 0.1 ? 'binary data' : null;
}

/** UTF-16 without BOM: every other byte NUL in mostly-ASCII text. */
function utf16Guess(b: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 8) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul / pairs > 0.4 && evenNul / pairs < 0.05) return 'utf-16le';
  if (evenNul / pairs > 0.4 && oddNul / pairs < 0.05) return 'utf-16be';
  return null;
}

function chooseEncoding(b: Buffer, forced: string | undefined, name: string): { encoding: string; bomLength: number } {
  let bom: { encoding: string; bomLength: number } | null = null;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) bom = { encoding: 'utf-8', bomLength: 3 };
  else if (b[0] === 0xff && b[1] === 0xfe) bom = { encoding: 'utf-16le', bomLength: 2 };
  else if (b[0] === 0xfe && b[1] === 0xff) bom = { encoding: 'utf-16be', bomLength: 2 };
  if (forced && forced.toLowerCase() !== 'auto') {
    const label = forced.toLowerCase();
    try {
      const canonical = new TextDecoder(label).encoding;
      // A BOM of the same family is still removed.
      const bomLength = bom && bom.encoding === canonical ? bom.bomLength : 0;
      return { encoding: label, bomLength };
    } catch {
      throw new InputError('BAD_ENCODING', `unknown encoding "${forced}"`, { file: name });
    }
  }
  if (bom) return bom;
  const guess = utf16Guess(b);
  if (guess) return { encoding: guess, bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/** Decide JSON / JSONL / CSV from the extension and the first characters. */
export function sniffFormat(text: string, ext: string): InputFormat {
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv' || ext === '.tsv' || ext === '.tab') return 'csv';
  const trimmed = text.replace(/^[\s\ufeff]+/, '');
  if (trimmed.startsWith('[')) return 'json';
  if (trimmed.startsWith('{')) {
    const nl = trimmed.indexOf('\n');
    if (nl < 0) return 'json';
    const firstLine = trimmed.slice(0, nl).trim();
    const afterFirst = trimmed.slice(nl + 1).replace(/^\s+/, '');
    if (firstLine.endsWith('}') && (afterFirst === '' || afterFirst.startsWith('{'))) {
      try {
        JSON.parse(firstLine);
        return afterFirst === '' ? 'json' : 'jsonl';
      } catch {
        return 'json';
      }
    }
    return 'json';
  }
  if (ext === '.json') return 'json';
  return 'csv';
}
