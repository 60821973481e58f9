/** One table of exit codes (ESLint's convention). A later 0 or 1 never hides a 2. */
export const EXIT = {
  OK: 0,
  /** `check` failed a threshold, or some records were error records. */
  FINDINGS: 1,
  /** Usage error, unreadable input, or internal error. */
  FATAL: 2,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Combine exit codes: the most severe wins. */
export const worstExit = (a: ExitCode, b: ExitCode): ExitCode => (a > b ? a : b);

export interface ErrorContext {
  file?: string;
  line?: number;
  id?: string;
  ruleId?: string;
}

/** An error with a stable code and context; the CLI prints its message without a stack trace. */
export class TriageError extends Error {
  readonly code: string;
  readonly context: ErrorContext;
  readonly exitCode: ExitCode;
  constructor(code: string, message: string, context: ErrorContext = {}, exitCode: ExitCode = EXIT.FATAL) {
    super(message);
    this.name = 'TriageError';
    this.code = code;
    this.context = context;
    this.exitCode = exitCode;
  }
}

/** Bad flags or arguments, or an invalid rule or config file: exit 2. */
export class UsageError extends TriageError {
  constructor(message: string, context: ErrorContext = {}, code = 'USAGE') {
    super(code, message, context, EXIT.FATAL);
    this.name = 'UsageError';
  }
}

/** An input that cannot be read at all (missing file, unknown layout): exit 2. */
export class InputError extends TriageError {
  constructor(code: string, message: string, context: ErrorContext = {}) {
    super(code, message, context, EXIT.FATAL);
    this.name = 'InputError';
  }
}

/** Render an error for a person: `file:line: message` without a stack. */
export function describeError(err: unknown): string {
  if (err instanceof TriageError) {
    const { file, line } = err.context;
    const where = file ? `${file}${line ? `:${line}` : ''}: ` : '';
    return `${where}${err.message}`;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}
