import type { Command } from 'commander';
import type { ExitCode } from '../../core/errors.js';
import type { CliIO } from '../io.js';

/** What a command's registration needs: the process I/O and a way to report its exit code. */
export interface CommandContext {
  io: CliIO;
  /** Run the command's implementation (imported lazily) and record its exit code. */
  run(impl: () => Promise<ExitCode>): Promise<void>;
}

/** Each command module defines its flags here and imports its implementation only when it runs. */
export type RegisterCommand = (program: Command, ctx: CommandContext) => void;
