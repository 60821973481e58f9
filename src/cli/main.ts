/**
 * The command-line program. `main` returns an exit code and never calls
 * process.exit; only bin/ sets process.exitCode. Each command is defined in
 * src/cli/commands/ and imports its implementation only when it runs, so
 * `--help` and light commands start fast.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describeError, EXIT, type ExitCode, TriageError } from '../core/errors.js';
import { registerCheck } from './commands/check.js';
import { registerClassify } from './commands/classify.js';
import type { CommandContext, RegisterCommand } from './commands/context.js';
import { registerExplain } from './commands/explain.js';
import { registerInspect } from './commands/inspect.js';
import { registerRules } from './commands/rules.js';
import { registerSummary } from './commands/summary.js';
import { registerTrain } from './commands/train.js';
import { type CliIO, processIO } from './io.js';

const VERSION = '0.1.0';
const require = createRequire(import.meta.url);

/** The commands, in the order --help lists them. */
const COMMANDS: RegisterCommand[] = [registerSummary, registerClassify, registerExplain, registerTrain, registerInspect, registerCheck, registerRules];

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

  const ctx: CommandContext = {
    io,
    run: async (impl) => {
      exit = await impl();
    },
  };
  for (const register of COMMANDS) register(program, ctx);

  program.addHelpText(
    'after',
    '\nExit codes: 0 ok; 1 a check failed or some records are error records; 2 usage, unreadable input or internal error.',
  );

  // `summary` is the default command, so a mistyped command would be read as a file name.
  const typo = mistypedCommand(argv, program.commands.map((c) => c.name()), io.cwd);
  if (typo) {
    io.stderr.write(`triage: unknown command "${typo.given}" (did you mean "${typo.command}"?)\n(run with --help for usage)\n`);
    return EXIT.FATAL;
  }

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

/** The first argument, when it is no command and no file but one or two letters away from a command. */
export function mistypedCommand(argv: readonly string[], commands: readonly string[], cwd: string): { given: string; command: string } | undefined {
  const first = argv[0];
  if (!first || first.startsWith('-') || commands.includes(first) || first === 'help' || /[./\\]/.test(first)) return undefined;
  if (existsSync(resolve(cwd, first))) return undefined;
  // natural's edit distance, restricted (an adjacent transposition is one edit; its unrestricted
  // variant scores "clasify" → "classify" as 0). Loaded only here, so start-up does not pay for it.
  const { DamerauLevenshteinDistance: distance } = require('natural/lib/natural/distance/levenshtein_distance.js') as {
    DamerauLevenshteinDistance(a: string, b: string, o: { restricted: boolean }): number;
  };
  let best: { command: string; d: number } | undefined;
  for (const c of commands) {
    const d = distance(first.toLowerCase(), c, { restricted: true });
    if (d <= 2 && (!best || d < best.d)) best = { command: c, d };
  }
  return best && { given: first, command: best.command };
}
