/**
 * The dashboard's one source of colours. Colour only ever repeats what the text
 * already says (priority is written out, matched words carry «», the selected
 * row has a › marker), so a monochrome terminal or NO_COLOR loses nothing.
 */
import chalk from 'chalk';
import { createContext, useContext } from 'react';
import type { Label, Priority } from '../core/types.js';

/** An Ink colour name, or undefined for the terminal's own colour. */
type Colour = string | undefined;

export interface Theme {
  /** False: no colour and no text attributes reach the terminal (chalk level 0). */
  readonly colour: boolean;
  readonly label: Readonly<Record<Label, Colour>>;
  readonly priority: Readonly<Record<Priority, Colour>>;
  readonly accent: Colour;
  readonly warning: Colour;
  readonly danger: Colour;
  readonly good: Colour;
  readonly muted: Colour;
}

export const MONO_THEME: Theme = {
  colour: false,
  label: { support: undefined, service: undefined, success: undefined },
  priority: { urgent: undefined, high: undefined, normal: undefined, low: undefined },
  accent: undefined,
  warning: undefined,
  danger: undefined,
  good: undefined,
  muted: undefined,
};

export const COLOUR_THEME: Theme = {
  colour: true,
  label: { support: 'magenta', service: 'cyan', success: 'green' },
  priority: { urgent: 'red', high: 'yellow', normal: undefined, low: 'gray' },
  accent: 'cyan',
  warning: 'yellow',
  danger: 'red',
  good: 'green',
  muted: 'gray',
};

/**
 * Decide colour once, at the boundary. chalk (which Ink renders through) does not
 * read NO_COLOR itself, so a set NO_COLOR lowers its level to 0 here: then not even
 * bold, dim or inverse are written.
 */
export function themeFor(env: Readonly<Record<string, string | undefined>>): Theme {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') chalk.level = 0;
  return chalk.level > 0 ? COLOUR_THEME : MONO_THEME;
}

export const ThemeContext = createContext<Theme>(MONO_THEME);

/** The theme of the surrounding dashboard. */
export const useTheme = (): Theme => useContext(ThemeContext);

/** Bars for shares and scores: the filled part and the rest stay distinct without colour. */
export const BAR_FULL = '█';
export const BAR_EMPTY = '·';

/** Marks around matched words, visible in any terminal. */
export const MARK_OPEN = '«';
export const MARK_CLOSE = '»';
