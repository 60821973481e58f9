import chalk from 'chalk';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { Progress } from '../../src/ui/Progress.js';
import { COLOUR_THEME, MONO_THEME, themeFor } from '../../src/ui/theme.js';
import { dashboardData } from './fixtures.js';
import { cells, KEY, renderDashboard, renderSized, type Screen } from './render.js';

let screen: Screen | undefined;
afterEach(() => screen?.unmount());

const ANSI = /\u001b\[[0-9;]*m/g;

describe('help overlay', () => {
  it('? shows every key; ?, q and Esc close it without quitting or going back', async () => {
    screen = await renderDashboard(dashboardData({ fill: 10 }), { columns: 80, rows: 24, initial: { screen: 'queue' } });
    let f = await screen.press('?');
    expect(f).toMatch(/\[Help\]/);
    for (const k of ['Tab / Shift+Tab', 'q / Esc', '↑ ↓ / k j', 'PgUp PgDn', 'g G / Home End', 'Enter', 'l p n', 'r c', 'x', '/', '← → / [ ]', '«words»']) expect(f).toContain(k);
    for (const line of f.split('\n')) expect(cells(line)).toBeLessThanOrEqual(80);
    f = await screen.press('j'); // swallowed
    expect(f).toMatch(/\[Help\]/);
    f = await screen.press('?');
    expect(f).toMatch(/\[Queue 18\]/);
    f = await screen.press('?', 'q');
    expect(f).toMatch(/\[Queue 18\]/);
    f = await screen.press('?', KEY.escape);
    expect(f).toMatch(/\[Queue 18\]/);
  });

  it('the whole help fits at 80×24 and is spaced out at 120×40', async () => {
    screen = await renderDashboard(dashboardData(), { columns: 80, rows: 24 });
    let f = await screen.press('?');
    expect(f).toContain('«words»');
    expect(f).toMatch(/Ctrl\+C.*\n Queue/);
    f = await screen.resize(120, 40);
    expect(f).toMatch(/Ctrl\+C.*\n\n Queue/);
  });
});

describe('terminal size', () => {
  it('follows resizes: the layout changes and no line is wider than the terminal', async () => {
    screen = await renderDashboard(dashboardData({ fill: 40 }), { columns: 120, rows: 40, initial: { screen: 'queue' } });
    expect(screen.lines()).toHaveLength(39);
    const wide = screen.frame();
    let f = await screen.resize(80, 24);
    expect(f.split('\n')).toHaveLength(23);
    for (const line of f.split('\n')) expect(cells(line)).toBeLessThanOrEqual(80);
    expect(f).not.toBe(wide);
    f = await screen.resize(200, 60);
    expect(f.split('\n')).toHaveLength(59);
    expect(f.split('\n').filter((l) => /^[› ]\s*\d+ (urgent|high|normal|low) /.test(l))).toHaveLength(48);
  });

  it('too small a terminal gets a plain message until it grows', async () => {
    screen = await renderDashboard(dashboardData(), { columns: 40, rows: 10 });
    expect(screen.frame().replace(/\s+/g, ' ')).toContain('The terminal is 40×10; the dashboard needs at least 50×12. Enlarge it, or press q to quit');
    const f = await screen.resize(80, 24);
    expect(f).toMatch(/^triage \[Overview\]/);
  });
});

describe('colour', () => {
  const level = chalk.level;
  afterEach(() => {
    chalk.level = level;
  });

  it('NO_COLOR turns colour and text attributes off (chalk level 0); otherwise the colour theme', () => {
    chalk.level = 1;
    expect(themeFor({})).toBe(COLOUR_THEME);
    expect(themeFor({ NO_COLOR: '' })).toBe(COLOUR_THEME); // the spec: set and not empty
    expect(themeFor({ NO_COLOR: '1' })).toBe(MONO_THEME);
    expect(chalk.level).toBe(0);
  });

  it('colour never carries meaning alone: the colour screens, stripped of colour, read the same as monochrome', async () => {
    const data = dashboardData({ fill: 10 });
    const frames = async (theme: typeof MONO_THEME) => {
      const s = await renderDashboard(data, { columns: 100, rows: 60, theme });
      const out = [s.frame(), await s.press(KEY.tab), await s.press(KEY.enter), await s.press('q', 'c'), await s.press('?')];
      s.unmount();
      return out;
    };
    const mono = await frames(MONO_THEME);
    chalk.level = 1;
    const colour = await frames(COLOUR_THEME);
    expect(colour.join('')).toMatch(ANSI);
    expect(mono.join('')).not.toMatch(ANSI);
    expect(colour.map((f) => f.replace(ANSI, ''))).toEqual(mono);
    expect(mono[2]).toContain('«cannot log in»');
    expect(mono[2]).toContain('priority urgent');
  });
});

describe('progress view and App', () => {
  it('shows count, rate and elapsed time while loading', async () => {
    screen = await renderSized(<Progress count={12345} elapsedMs={5000} sources={['a.jsonl', 'b.csv']} />, 80, 24);
    const f = screen.frame();
    expect(f).toContain('convo-triage · reading and classifying');
    expect(f).toContain('a.jsonl, b.csv');
    expect(f).toContain('12,345 conversations · 2,469/s · 5.0 s');
    screen.unmount();
    screen = await renderSized(<Progress count={7} elapsedMs={125_000} sources={['-', 'a', 'b', 'c']} />, 80, 24);
    expect(screen.frame()).toContain('stdin, a, b and 1 more');
    expect(screen.frame()).toContain('7 conversations · 0/s · 2:05 min');
  });

  it('App shows the progress view until the data is ready, then the dashboard', async () => {
    const progress = { count: 3, elapsedMs: 1000, sources: ['export.jsonl'] };
    const { render } = await import('ink-testing-library');
    const r = render(<App theme={MONO_THEME} progress={progress} data={null} />);
    expect(r.lastFrame()).toContain('3 conversations · 3/s · 1.0 s');
    r.rerender(<App theme={MONO_THEME} progress={{ ...progress, count: 18 }} data={dashboardData({ fill: 10 })} />);
    await new Promise((res) => setTimeout(res, 20));
    expect(r.lastFrame()).toMatch(/^triage \[Overview\] Queue 18/);
    r.unmount();
  });
});
