import { afterEach, describe, expect, it } from 'vitest';
import { LABELS } from '../../src/core/types.js';
import { DashboardCollector } from '../../src/ui/model.js';
import { dashboardData } from './fixtures.js';
import { expectedOverview, parseOverview } from './parse.js';
import { cells, KEY, renderDashboard, type Screen } from './render.js';

let screen: Screen | undefined;
afterEach(() => screen?.unmount());

describe('overview screen', () => {
  it('at 120×40 shows the summary counts side by side, all on one screen', async () => {
    const d = dashboardData({ fill: 30, error: true });
    screen = await renderDashboard(d, { columns: 120, rows: 40 });
    const f = screen.frame();
    expect(parseOverview(f)).toEqual(expectedOverview(d.summary));
    expect(f).toMatch(/^triage \[Overview\] Queue 38 /);
    expect(f).toMatch(/Labels\s+Label × priority/); // bars and matrix on the same lines
    expect(f).toContain('Sentiment  negative 1 · neutral 36 · positive 1');
    expect(f).toContain('Channels   email 38');
    expect(f).toContain('Trend by day (2026-02-02 … 2026-02-27)');
    for (const l of LABELS) expect(f).toMatch(new RegExp(`^${l}\\s+[▁▂▃▄▅▆▇█]+ max \\d+$`, 'm'));
    expect(f).toMatch(/^support\s+term w:example 13 · support\.blocked 1 · support\.error-message 1 · support\.login-failure 1/m);
    expect(f).toContain('First errors (1)');
    expect(f).toContain('export.jsonl:99  (no id)  invalid JSON: Unexpected token');
    const lines = screen.lines();
    expect(lines).toHaveLength(39); // rows - 1: a full frame never scrolls the terminal
    for (const line of lines) expect(cells(line)).toBeLessThanOrEqual(120);
    expect(lines[38]).toMatch(/^Tab queue · ↑↓ scroll/);
  });

  it('at 80×24 stacks the sections and scrolls with j/k, PgDn/PgUp, G/g', async () => {
    const d = dashboardData({ fill: 30, error: true });
    screen = await renderDashboard(d, { columns: 80, rows: 24 });
    let f = screen.frame();
    const first = parseOverview(f);
    expect(first.total).toBe(39);
    expect(first.matrix).toEqual(expectedOverview(d.summary).matrix);
    expect(f).toMatch(/^Label × priority$/m); // below the bars, not beside them
    for (const line of screen.lines()) expect(cells(line)).toBeLessThanOrEqual(80);
    expect(screen.lines()).toHaveLength(23);
    expect(f).toMatch(/1–21\/(\d+)$/);
    const total = Number(/1–21\/(\d+)$/.exec(f)![1]);
    expect(total).toBeGreaterThan(21);

    f = await screen.press('j', KEY.down);
    expect(f).toMatch(new RegExp(`3–23/${total}$`));
    expect(f).not.toContain('Conversations 39');
    f = await screen.press('k');
    expect(f).toMatch(new RegExp(`2–22/${total}$`));
    f = await screen.press('G');
    expect(f).toMatch(new RegExp(`${total - 20}–${total}/${total}$`));
    expect(f).toContain('First errors (1)');
    f = await screen.press('g');
    expect(f).toMatch(new RegExp(`1–21/${total}$`));
    f = await screen.press(KEY.pageDown);
    expect(f).toMatch(new RegExp(`${Math.min(21, total - 20)}–`));
    f = await screen.press(KEY.pageUp);
    expect(f).toMatch(new RegExp(`1–21/${total}$`));
  });

  it('says when the memory cap left conversations out of the queue, and shows reader notices', async () => {
    const d = dashboardData({ fill: 30, cap: 10, notices: ['b.csv: no message text; classified on subject and tags'] });
    screen = await renderDashboard(d, { columns: 120, rows: 40 });
    const f = screen.frame();
    expect(f).toContain('! The queue holds the 10 most urgent conversations; 28 more were left out to bound memory.');
    expect(f).toContain('! b.csv: no message text; classified on subject and tags');
    expect(parseOverview(f).total).toBe(38); // the counts still cover everything
    expect(f).toMatch(/^triage \[Overview\] Queue 10 /);
  });

  it('an empty run shows zeros, no trend, and an empty queue', async () => {
    screen = await renderDashboard(new DashboardCollector().result(['empty.jsonl']), { columns: 80, rows: 24 });
    const f = screen.frame();
    expect(parseOverview(f)).toMatchObject({ total: 0, classified: 0, errors: 0, labels: { support: 0, service: 0, success: 0 } });
    expect(f).toContain('Trend: no dates in the input');
    expect(await screen.press(KEY.tab)).toContain('No classified conversations in the input.');
  });
});
