/**
 * `npm run bench [-- --size 200 --quick]`: speed and memory, measured side by side in
 * one run on the same files.
 *
 * 1. Generates deterministic synthetic exports from the corpus (train + dev
 *    splits, five languages, seeded): one row per ticket (generic ticket CSV)
 *    and one row per message (per-message CSV), each of about --size MB
 *    (default 200) under .bench/.
 * 2. On each file, each as its own process: raw read, csv-parse alone (parse
 *    only, the reader's options), `triage classify --workers 1`, `triage
 *    classify --workers 2`, and natural's BayesClassifier classifying a sample
 *    of the same rows (scaled); with peak RSS (GNU time) where available.
 * 3. Prints rows/s, MB/s and the ratio to csv-parse alone.
 * 4. Times `triage --help` and `triage classify` on one conversation (median of 5).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { prng } from '../src/classify/softmax.js';
import { loadCorpus, ROOT } from './lib/datasets.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SIZE_MB = Number(arg('size') ?? 200);
const OUT = join(ROOT, '.bench');
const BIN = join(ROOT, 'bin', 'triage.js');
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Row {
  rows: number;
  bytes: number;
}

/** Write rows until the file reaches the size; deterministic from the seed. */
async function generate(kind: 'tickets' | 'messages'): Promise<{ path: string } & Row> {
  const path = join(OUT, `export-${kind}-${SIZE_MB}mb.csv`);
  const corpus = [...loadCorpus('train'), ...loadCorpus('dev')].map((c) => c.conversation);
  const rand = prng(20261123 + (kind === 'tickets' ? 1 : 2));
  const target = SIZE_MB * 1024 * 1024;
  const out = createWriteStream(path);
  const write = (s: string): Promise<void> => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', () => r())));
  let bytes = 0;
  let rows = 0;
  const header = kind === 'tickets' ? ['ticket_id', 'subject', 'description', 'created_at', 'channel', 'tags'] : ['conversation_id', 'message_id', 'role', 'author', 'created_at', 'text'];
  let chunk = stringify([header]);
  for (let n = 0; bytes < target; n++) {
    const c = corpus[Math.floor(rand() * corpus.length)]!;
    const id = `b${n}`;
    if (kind === 'tickets') {
      const first = c.messages.find((m) => m.role === 'customer') ?? c.messages[0]!;
      chunk += stringify([[id, c.subject ?? '', first.body, c.created_at ?? '', c.channel ?? '', (c.tags ?? []).join(',')]]);
      rows++;
    } else {
      chunk += stringify(c.messages.map((m, i) => [id, `${id}.${i}`, m.role, m.author ?? '', m.at ?? '', m.body]));
      rows += c.messages.length;
    }
    if (chunk.length > 1 << 20) {
      bytes += Buffer.byteLength(chunk);
      await write(chunk);
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  await write(chunk);
  await new Promise<void>((r) => out.end(() => r()));
  return { path, rows, bytes: statSync(path).size };
}

interface Measure {
  seconds: number;
  rssMb: number | null;
}

/** Run a command once; wall time and peak RSS (GNU time's %M). */
function measure(cmd: string, args: string[]): Measure {
  const t0 = process.hrtime.bigint();
  const r = GNU_TIME
    ? spawnSync(GNU_TIME, ['-f', '%M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 })
    : spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const kb = GNU_TIME ? Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1]) : NaN;
  return { seconds, rssMb: Number.isFinite(kb) ? Math.round(kb / 1024) : null };
}

const node = process.execPath;
const helper = (name: string, body: string): string => {
  const p = join(OUT, name);
  writeFileSync(p, body);
  return p;
};

function scripts(): { rawRead: string; csvParse: string; bayes: string } {
  const rawRead = helper('raw-read.mjs', `import { createReadStream } from 'node:fs';
let n = 0; for await (const b of createReadStream(process.argv[2], { highWaterMark: 256 * 1024 })) n += b.length;
if (n < 0) console.log(n);\n`);
  // The reader's csv-parse options, records counted: parsing and nothing else.
  const csvParse = helper('csv-parse.mjs', `import { createReadStream } from 'node:fs';
import { parse } from '${join(ROOT, 'node_modules', 'csv-parse', 'lib', 'index.js')}';
let n = 0;
const p = createReadStream(process.argv[2], { highWaterMark: 256 * 1024 }).pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_error: true, info: true }));
for await (const r of p) n++;
if (n < 0) console.log(n);\n`);
  // natural's BayesClassifier, trained on the corpus train split, classifying the first N rows' text.
  const bayes = helper('bayes.mjs', `import { createRequire } from 'node:module';
import { readFileSync, createReadStream } from 'node:fs';
import { parse } from '${join(ROOT, 'node_modules', 'csv-parse', 'lib', 'index.js')}';
const require = createRequire(import.meta.url);
const { BayesClassifier } = require('${join(ROOT, 'node_modules', 'natural', 'lib', 'natural', 'classifiers', 'index.js')}');
const b = new BayesClassifier();
for (const lang of ['en', 'ro', 'ru', 'fa', 'is'])
  for (const line of readFileSync('${join(ROOT, 'fixtures', 'corpus', 'train')}/' + lang + '.jsonl', 'utf8').split('\\n').filter(Boolean)) {
    const r = JSON.parse(line); b.addDocument([r.subject ?? '', ...r.messages.map((m) => m.body)].join('\\n'), r.label);
  }
b.train();
const N = Number(process.argv[3]); const texts = [];
for await (const r of createReadStream(process.argv[2]).pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, from_line: 2, to_line: N + 1 }))) texts.push(r.slice(1).join(' '));
const t = process.hrtime.bigint();
for (const x of texts) b.classify(x);
process.stdout.write(JSON.stringify({ rows: texts.length, seconds: Number(process.hrtime.bigint() - t) / 1e9 }));\n`);
  return { rawRead, csvParse, bayes };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const s = scripts();
  const cpus = (await import('node:os')).cpus();
  process.stdout.write(`machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, Node ${process.version}${GNU_TIME ? '' : ' (peak RSS not measured: no /usr/bin/time)'}\n`);
  for (const kind of ['tickets', 'messages'] as const) {
    process.stderr.write(`generating a ${SIZE_MB} MB ${kind} export…\n`);
    const f = await generate(kind);
    const mb = f.bytes / 1e6;
    const rows: Array<[string, Measure, number]> = [];
    const run = (name: string, cmd: string, args: string[]): void => {
      process.stderr.write(`  ${name}…\n`);
      rows.push([name, measure(cmd, args), f.rows]);
    };
    run('raw read', node, [s.rawRead, f.path]);
    run('csv-parse alone', node, [s.csvParse, f.path]);
    run('triage classify --workers 1', node, [BIN, 'classify', '--workers', '1', '-o', '/dev/null', f.path]);
    run('triage classify --workers 2', node, [BIN, 'classify', '--workers', '2', '-o', '/dev/null', f.path]);
    const sample = Math.min(2000, f.rows);
    const bay = JSON.parse(execFileSync(node, [s.bayes, f.path, String(sample)], { encoding: 'utf8', maxBuffer: 64 << 20 })) as { rows: number; seconds: number };
    const csvSeconds = rows[1]![1].seconds;
    process.stdout.write(`\n${kind === 'tickets' ? 'One row per ticket' : 'One row per message'}: ${f.rows.toLocaleString('en')} rows, ${mb.toFixed(0)} MB (${f.path.replace(ROOT + '/', '')})\n`);
    process.stdout.write(`${'step'.padEnd(32)}${'seconds'.padStart(9)}${'rows/s'.padStart(11)}${'MB/s'.padStart(8)}${'× csv-parse'.padStart(13)}${'peak RSS'.padStart(10)}\n`);
    for (const [name, m, n] of rows) {
      process.stdout.write(`${name.padEnd(32)}${m.seconds.toFixed(2).padStart(9)}${Math.round(n / m.seconds).toLocaleString('en').padStart(11)}${(mb / m.seconds).toFixed(1).padStart(8)}${(csvSeconds / m.seconds).toFixed(2).padStart(13)}${(m.rssMb === null ? '—' : `${m.rssMb} MB`).padStart(10)}\n`);
    }
    const bayesRate = bay.rows / bay.seconds;
    const ours = rows[2]![2] / rows[2]![1].seconds;
    process.stdout.write(`${`natural Bayes (${bay.rows} rows, scaled)`.padEnd(32)}${(f.rows / bayesRate).toFixed(2).padStart(9)}${Math.round(bayesRate).toLocaleString('en').padStart(11)}${(mb / (f.rows / bayesRate)).toFixed(1).padStart(8)}${(csvSeconds / (f.rows / bayesRate)).toFixed(2).padStart(13)}${'—'.padStart(10)}\n`);
    process.stdout.write(`triage classify --workers 1 vs natural Bayes: ${(ours / bayesRate).toFixed(1)}× (Bayes times classification only; ours includes reading and writing)\n`);
  }
  const help: number[] = [];
  const one: number[] = [];
  const oneFile = join(OUT, 'one.jsonl');
  writeFileSync(oneFile, JSON.stringify({ id: '1', messages: [{ role: 'customer', body: 'I cannot log in since this morning' }] }) + '\n');
  for (let i = 0; i < 5; i++) {
    help.push(measure(node, [BIN, '--help']).seconds);
    one.push(measure(node, [BIN, 'classify', oneFile]).seconds);
  }
  process.stdout.write(`\ntriage --help: ${(median(help) * 1000).toFixed(0)} ms; triage classify on one conversation: ${(median(one) * 1000).toFixed(0)} ms (medians of 5, whole process)\n`);
}

await main();
