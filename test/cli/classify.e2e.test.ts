import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempFile } from '../support/read.js';
import { BIN, jsonLines, runBin } from '../support/run.js';

const conv = (id: string, body: string) => JSON.stringify({ id, messages: [{ role: 'customer', body }] });
const JSONL = [
  conv('a1', 'I cannot log in since this morning, the reset link never arrives'),
  conv('a2', 'Please send me the invoice for March with our VAT number'),
  conv('a3', 'Hi! Just checking in ahead of your renewal: shall we review your goals for next year?'),
].join('\n') + '\n';

describe('triage classify (real bin)', () => {
  it('one record per conversation, in input order, with the FORMATS.md fields', async () => {
    const r = await runBin(['classify'], { stdin: JSONL });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const recs = jsonLines(r.stdout);
    expect(recs.map((x) => x.id)).toEqual(['a1', 'a2', 'a3']);
    for (const rec of recs) {
      for (const k of ['id', 'label', 'confidence', 'scores', 'priority', 'sentiment', 'churn_risk', 'language', 'needs_review', 'reasons', 'source']) {
        expect(rec).toHaveProperty(k);
      }
      expect(['support', 'service', 'success']).toContain(rec.label);
      const s = rec.scores as Record<string, number>;
      expect(s.support! + s.service! + s.success!).toBeCloseTo(1, 2);
      expect(rec.confidence).toBe(s[rec.label as string]);
    }
    expect(recs.map((x) => x.label)).toEqual(['support', 'service', 'success']);
    expect(recs[0]!.reasons).toContainEqual(expect.objectContaining({ source: 'rule', id: 'support.login-failure', text: 'cannot log in', message: 0 }));
    expect(recs[1]!.source).toEqual({ file: '-', line: 2 });
  });

  it('a malformed line is one error record and exit 1; the rest are classified', async () => {
    const input = JSONL.replace('"id":"a2"', '"id":"a2",,');
    const r = await runBin(['classify', '-'], { stdin: input });
    expect(r.code).toBe(1);
    const recs = jsonLines(r.stdout);
    expect(recs).toHaveLength(3);
    expect(recs[1]).toMatchObject({ id: null, code: 'BAD_JSON', source: { file: '-', line: 2 } });
    expect(recs[1]!.error).toMatch(/invalid JSON/);
    expect([recs[0]!.id, recs[2]!.id]).toEqual(['a1', 'a3']);
  });

  it('a missing file is exit 2 with a clear message and no stack trace', async () => {
    const r = await runBin(['classify', 'no-such-file.csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('triage: no-such-file.csv: no such file\n');
  });

  it('unknown option is a usage error (exit 2)', async () => {
    const r = await runBin(['classify', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
  });

  it('--help exits 0 and lists the commands', async () => {
    const r = await runBin(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/classify/);
    expect(r.stdout).toMatch(/summary/);
  });

  it('--format csv and --format json are valid documents with the same records', async () => {
    const csv = await runBin(['classify', '--format', 'csv'], { stdin: JSONL });
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^id,label,confidence/);
    expect(lines).toHaveLength(4);
    const json = await runBin(['classify', '--format', 'json'], { stdin: JSONL });
    const arr = JSON.parse(json.stdout) as Array<{ id: string }>;
    expect(arr.map((x) => x.id)).toEqual(['a1', 'a2', 'a3']);
  });

  it('--output writes the file; the input file is never overwritten', async () => {
    const input = tempFile('in.jsonl', JSONL);
    const out = input.replace(/in\.jsonl$/, 'out.jsonl');
    const r = await runBin(['classify', input, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(jsonLines(readFileSync(out, 'utf8'))).toHaveLength(3);
    const same = await runBin(['classify', input, '-o', input]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/never overwrites its input/);
    expect(readFileSync(input, 'utf8')).toBe(JSONL);
  });

  it('an invalid --rules file is a usage error naming the file and rule', async () => {
    const bad = tempFile('mine.yaml', 'rules:\n  - id: my.rule\n    label: billing\n    description: x\n    patterns: [x]\n');
    const r = await runBin(['classify', '--rules', bad], { stdin: JSONL });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mine\.yaml: invalid rule "my\.rule": "label" must be one of/);
  });

  it('a user rule file adds evidence', async () => {
    const mine = tempFile('mine.yaml', 'rules:\n  - id: acme.warehouse\n    label: service\n    description: Our warehouse system\n    weight: 3\n    patterns: [warehouse portal]\n');
    const r = await runBin(['classify', '--rules', mine], { stdin: conv('w', 'The warehouse portal shows my pallet') + '\n' });
    expect(jsonLines(r.stdout)[0]!.reasons).toContainEqual(expect.objectContaining({ id: 'acme.warehouse', text: 'warehouse portal' }));
  });

  it('stops quietly when stdout is closed early (| head -1)', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => conv(`c${i}`, 'My parcel has not arrived yet')).join('\n');
    const file = tempFile('many.jsonl', many);
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((res) => {
      const child = spawn(process.execPath, [BIN, 'classify', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (c) => res({ code: c, stderr: err }));
    });
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect([0, 1]).toContain(code);
  });

  it('reads several files in one run, with --verbose naming each layout', async () => {
    const a = tempFile('a.jsonl', JSONL);
    const b = tempFile('b.csv', 'id,subject,body\nb1,Parcel,Where is my parcel?\n');
    const r = await runBin(['classify', a, b, '--verbose']);
    expect(jsonLines(r.stdout).map((x) => x.id)).toEqual(['a1', 'a2', 'a3', 'b1']);
    expect(r.stderr).toMatch(/a\.jsonl: jsonl \(utf-8\), layout canonical/);
    expect(r.stderr).toMatch(/b\.csv: csv \(utf-8, delimiter ","\), layout generic-csv/);
  });
});

describe('triage summary (static, not a terminal)', () => {
  it('--json counts reconcile with classify', async () => {
    const input = JSONL.replace('"id":"a2"', '"id":"a2",,');
    const r = await runBin(['summary', '--json'], { stdin: input });
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as { total: number; classified: number; errors: number; labels: Record<string, number> };
    expect(s.total).toBe(3);
    expect(s.errors).toBe(1);
    expect(s.classified).toBe(2);
    expect(Object.values(s.labels).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('is the default command', async () => {
    const r = await runBin([], { stdin: JSONL });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Conversations: 3/);
    expect(existsSync(BIN)).toBe(true);
  });
});

describe('triage explain', () => {
  it('shows the matched words, scores, the runner-up, triage reasons and the thread', async () => {
    const input = JSON.stringify({
      id: 'x1',
      subject: 'Login',
      messages: [
        { role: 'customer', body: 'I cannot log in since this morning!!\n\nSent from my iPhone' },
        { role: 'agent', body: 'Checked logs', internal: true },
      ],
    });
    const r = await runBin(['explain', '--id', 'x1'], { stdin: input + '\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Label: support/);
    expect(r.stdout).toMatch(/rule support\.login-failure → support \+[\d.]+: «cannot log in» in message 0/);
    expect(r.stdout).toMatch(/Runner-up: (service|success)/);
    expect(r.stdout).toMatch(/I «cannot log in» «since this morning»!!/);
    expect(r.stdout).toMatch(/\[signature, ignored\] Sent from my iPhone/);
    expect(r.stdout).toMatch(/\[1\] agent {2}\(internal note — not classified\)/);
    const j = await runBin(['explain', '--id', 'x1', '--json'], { stdin: input + '\n' });
    const e = JSON.parse(j.stdout) as { record: { id: string }; thread: Array<{ read: boolean; matches: string[] }> };
    expect(e.record.id).toBe('x1');
    expect(e.thread.map((m) => m.read)).toEqual([true, false]);
    expect(e.thread[0]!.matches).toContain('cannot log in');
  });

  it('an unknown id is exit 2 with a clear message', async () => {
    const r = await runBin(['explain', '--id', 'nope'], { stdin: JSONL });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no conversation with id "nope"/);
  });
});

describe('triage train and --model', () => {
  it('round-trips on a user\'s CSV: train, report dev metrics, classify with the new model', async () => {
    const rows = [
      ['id', 'subject', 'body', 'label'],
      ...Array.from({ length: 30 }, (_, i) => [`s${i}`, 'Login', `The app crashes and I cannot log in, error ${i}`, 'support']),
      ...Array.from({ length: 30 }, (_, i) => [`v${i}`, 'Invoice', `Please send invoice ${i} and refund the double charge`, 'service']),
      ...Array.from({ length: 30 }, (_, i) => [`c${i}`, 'Review', `Let us plan the quarterly review of your goals ${i}`, 'success']),
    ];
    const csv = rows.map((r) => r.map((c) => `"${c}"`).join(',')).join('\n') + '\n';
    const train = tempFile('train.csv', csv);
    const dev = tempFile('dev.csv', 'id,body,label\nd1,my login fails with an error,support\nd2,refund my invoice please,service\nd3,book our quarterly goals review,success\n');
    const model = train.replace(/train\.csv$/, 'model.json');
    const r = await runBin(['train', train, '-o', model, '--dev', dev, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { examples: number; dev: { accuracy: number; n: number } };
    expect(report.examples).toBe(90);
    expect(report.dev.n).toBe(3);
    expect(report.dev.accuracy).toBe(1);
    const again = await runBin(['train', train, '-o', model.replace('model.json', 'model2.json')]);
    expect(again.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(model.replace('model.json', 'model2.json'), 'utf8')).toBe(readFileSync(model, 'utf8')); // same data → same bytes
    const c = await runBin(['classify', '--model', model, dev]);
    expect(jsonLines(c.stdout).map((x) => x.label)).toEqual(['support', 'service', 'success']);
    const bad = await runBin(['classify', '--model', dev], { stdin: JSONL });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a model file|not a convo-triage model/);
    // A model path in a folder that does not exist: a plain message, not an internal error.
    const nowhere = await runBin(['train', train, '-o', '/nonexistent-folder/model.json']);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toBe('triage: /nonexistent-folder/model.json: cannot write the file: its folder does not exist\n');
    // Records go through the same sink and say the same, naming the user's file, not the temp file.
    const records = await runBin(['classify', dev, '-o', '/nonexistent-folder/records.jsonl']);
    expect(records.code).toBe(2);
    expect(records.stderr).toBe('triage: /nonexistent-folder/records.jsonl: cannot write the file: its folder does not exist\n');
  });
});

describe('the same ids in two input files', () => {
  it('are kept and reported once per file, as duplicates within one file are', async () => {
    const f = tempFile('twice.jsonl', JSONL);
    const r = await runBin(['classify', f, f]);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout)).toHaveLength(6);
    expect(r.stderr.split('\n').filter((l) => l.includes('earlier file'))).toEqual(
      ['a1', 'a2', 'a3'].map((id) => `triage: ${f}: id also read from an earlier file: "${id}": both records kept, not merged`),
    );
  });
});

describe('a mistyped command', () => {
  it('is a usage error naming the command meant, not a missing file followed by a summary', async () => {
    const r = await runBin(['clasify', 'fixtures/samples/conversations.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('triage: unknown command "clasify" (did you mean "classify"?)\n(run with --help for usage)\n');
    // A path is read as a file (summary is the default command), whatever its name.
    const f = tempFile('clasify', JSONL);
    const ok = await runBin([f]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Conversations: 3 /);
  });
});

describe('honest confidence on threads with nothing to go on', () => {
  it('junk, "ok" or a bare greeting need review with a low confidence; a real request does not', async () => {
    const lines = ['asdf qwer zxcv', 'ok', 'Hey', 'My invoice shows the wrong VAT number, please correct it and send a new one'].map((text, i) => JSON.stringify({ id: `e${i}`, text }));
    const r = await runBin(['classify'], { stdin: lines.join('\n') + '\n' });
    expect(r.code).toBe(0);
    const recs = jsonLines(r.stdout) as Array<{ confidence: number; needs_review: boolean; review_reasons?: string[] }>;
    for (const rec of recs.slice(0, 3)) {
      expect(rec.needs_review).toBe(true);
      expect(rec.confidence).toBeLessThan(0.7);
      expect(rec.review_reasons?.[0]).toMatch(/^little evidence: no rule matched and the model knows (none|only \d) of its words$/);
    }
    expect(recs[3]!.review_reasons ?? []).not.toContainEqual(expect.stringMatching(/little evidence/));
  });
});

describe('scale past one machine: shards, records and merged summaries', () => {
  it('summaries of shards merge into the single-run summary; --records summarises classify output', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const lines = readFileSync(new URL('../../fixtures/samples/mixed-300.jsonl', import.meta.url), 'utf8').trim().split('\n');
    const whole = tempFile('all.jsonl', lines.join('\n') + '\n');
    const shards = [0, 1, 2].map((k) => tempFile(`shard${k}.jsonl`, lines.filter((_, i) => i % 3 === k).join('\n') + '\n'));
    const single = JSON.parse((await runBin(['summary', '--json', whole])).stdout) as Record<string, unknown>;
    const parts: string[] = [];
    for (const sh of shards) {
      const out = sh.replace(/\.jsonl$/, '.summary.json');
      writeFileSync(out, (await runBin(['summary', '--json', sh])).stdout);
      parts.push(out);
    }
    const merged = JSON.parse((await runBin(['summary', '--merge', '--json', ...parts])).stdout) as Record<string, unknown>;
    // Identical but for where queue entries came from (shard files, not the single file).
    const strip = (s: Record<string, unknown>) => JSON.parse(JSON.stringify(s, (k, v: unknown) => (k === 'source' ? undefined : v)));
    expect(strip(merged)).toEqual(strip(single));
    const records = tempFile('records.jsonl', (await runBin(['classify', whole])).stdout);
    const fromRecords = JSON.parse((await runBin(['summary', '--records', '--json', records])).stdout) as Record<string, unknown>;
    expect(fromRecords).toEqual(single);
  }, 120_000);
});
