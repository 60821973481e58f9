/**
 * Render the dashboard with ink-testing-library at a fixed terminal size and
 * press keys. The size is set on the fake stdout and announced with a resize
 * event, the way a terminal does it.
 */
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { Dashboard } from '../../src/ui/Dashboard.js';
import type { DashboardData } from '../../src/ui/model.js';
import type { UiState } from '../../src/ui/state.js';
import { MONO_THEME, type Theme, ThemeContext } from '../../src/ui/theme.js';

export const KEY = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  tab: '\t',
  shiftTab: '\u001b[Z',
  enter: '\r',
  escape: '\u001b',
  backspace: '\u007f',
} as const;

/** Let Ink read input, React commit, and effects (layout measurement) settle. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 5));
}

export interface Screen {
  frame(): string;
  lines(): string[];
  press(...keys: string[]): Promise<string>;
  resize(columns: number, rows: number): Promise<string>;
  unmount(): void;
}

export async function renderSized(tree: ReactElement, columns: number, rows: number): Promise<Screen> {
  const r = render(tree);
  const resize = async (c: number, h: number): Promise<string> => {
    Object.defineProperty(r.stdout, 'columns', { value: c, configurable: true });
    Object.defineProperty(r.stdout, 'rows', { value: h, configurable: true });
    r.stdout.emit('resize');
    await settle();
    return r.lastFrame() ?? '';
  };
  await resize(columns, rows);
  const frame = (): string => r.lastFrame() ?? '';
  return {
    frame,
    lines: () => frame().split('\n'),
    async press(...keys: string[]) {
      for (const k of keys) {
        r.stdin.write(k);
        await settle();
      }
      return frame();
    },
    resize,
    unmount: () => r.unmount(),
  };
}

export function renderDashboard(
  data: DashboardData,
  opts: { columns?: number; rows?: number; initial?: Partial<UiState>; theme?: Theme } = {},
): Promise<Screen> {
  return renderSized(
    <ThemeContext.Provider value={opts.theme ?? MONO_THEME}>
      <Dashboard data={data} {...(opts.initial ? { initial: opts.initial } : {})} />
    </ThemeContext.Provider>,
    opts.columns ?? 100,
    opts.rows ?? 30,
  );
}

/** The width of a line as a terminal shows it (code points; the fixtures use no wide characters). */
export const cells = (line: string): number => [...line].length;
