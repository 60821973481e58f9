import type { Readable, Writable } from 'node:stream';

/** Everything a command may touch of the process, passed in so tests can run commands in-process. */
export interface CliIO {
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** Write a line to stderr (notices, warnings, errors). */
export function warn(io: CliIO, message: string): void {
  io.stderr.write(`triage: ${message}\n`);
}

/** True when stdout is an interactive terminal and not CI. */
export function interactive(io: CliIO): boolean {
  return Boolean(io.stdout.isTTY) && !io.env.CI && io.env.TERM !== 'dumb';
}
