/**
 * The command-line program. `main` returns an exit code and never calls
 * process.exit; only bin/ sets process.exitCode. Command implementations are
 * imported when their command runs, so `--help` and light commands start fast.
 */
import { Command, CommanderError, Option } from 'commander';
import { describeError, EXIT, type ExitCode, TriageError } from '../core/errors.js';
import { addClassifierOptions, addWorkersOption } from './classifier-options.js';
import { addInputOptions } from './input-options.js';
import { type CliIO, processIO } from './io.js';

const VERSION = '0.1.0';

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<ExitCode> {
  let exit: ExitCode = EXIT.OK;
  const debug = argv.includes('--debug');
  const program = new Command('triage')
    .description(
      'Offline triage of helpdesk conversations: support / service / success, with reasons.\n' +
        'Reads Zendesk, Intercom, Freshdesk, Help Scout, Front, Gorgias exports and plain JSON/JSONL/CSV.',
    )
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces of internal errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  const withRules = addClassifierOptions;

  withRules(
    addWorkersOption(addInputOptions(
      program
        .command('summary', { isDefault: true })
        .description('summarise a run: labels × priority, languages, channels, trend, the triage queue, churn risks, top reasons (default command)')
        .argument('[files...]', 'input files; - or nothing for stdin')
        .option('--json', 'print the summary as JSON (schema convo-triage/summary@1)')
        .option('--top <n>', 'conversations in the triage queue and churn list', '20')
        .option('--group-by <field>', 'add counts per label, language, channel or priority')
        .option('--merge', 'the files are summaries (--json) of shards: merge them into one'),
    )),
  ).action(async (files: string[], opts) => {
    const { runSummary } = await import('./summary.js');
    exit = await runSummary(files, opts, io);
  });

  withRules(
    addWorkersOption(addInputOptions(
      program
        .command('classify')
        .description('classify every conversation: one record each, in input order')
        .argument('[files...]', 'input files; - or nothing for stdin')
        .addOption(new Option('-f, --format <format>', 'output format').choices(['jsonl', 'json', 'csv']).default('jsonl'))
        .option('-o, --output <file>', 'write records to a file (atomically) instead of stdout')
        .option('--csv-formulas', 'do not neutralise cells that spreadsheets read as formulas'),
    )),
  ).action(async (files: string[], opts) => {
    const { runClassify } = await import('./classify.js');
    exit = await runClassify(files, opts, io);
  });

  addClassifierOptions(
    addInputOptions(
      program
        .command('explain')
        .description('why one conversation got its label: matched words, scores, runner-up, triage reasons')
        .argument('[files...]', 'input files; - or nothing for stdin')
        .requiredOption('--id <id>', 'the conversation to explain')
        .option('--json', 'print the explanation as JSON'),
    ),
  ).action(async (files: string[], opts) => {
    const { runExplain } = await import('./explain.js');
    exit = await runExplain(files, opts, io);
  });

  addClassifierOptions(
    addInputOptions(
      program
        .command('train')
        .description('fit the lexical model on your labelled conversations (JSONL/JSON/CSV with a "label")')
        .argument('<files...>', 'labelled conversations (FORMATS.md fixtures)')
        .requiredOption('-o, --out <file>', 'where to write the model (JSON)')
        .option('--dev <file...>', 'labelled conversations to measure the new model on')
        .option('--epochs <n>', 'training passes over the data')
        .option('--seed <n>', 'seed of the training order (same data and seed → same bytes)')
        .option('--json', 'print the training report as JSON'),
    ),
  ).action(async (files: string[], opts) => {
    const { runTrain } = await import('./train.js');
    exit = await runTrain(files, opts, io);
  });

  program.addHelpText(
    'after',
    '\nExit codes: 0 ok; 1 a check failed or some records are error records; 2 usage, unreadable input or internal error.',
  );

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with code 0; parse errors are usage errors.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
      return EXIT.FATAL;
    }
    if (err instanceof TriageError) {
      io.stderr.write(`triage: ${describeError(err)}\n`);
      if (debug && err.stack) io.stderr.write(err.stack + '\n');
      return err.exitCode;
    }
    io.stderr.write(`triage: internal error: ${describeError(err)}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
    return EXIT.FATAL;
  }
  return exit;
}
