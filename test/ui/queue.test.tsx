import { afterEach, describe, expect, it } from 'vitest';
import { dashboardData } from './fixtures.js';
import { cells, KEY, renderDashboard, type Screen } from './render.js';

let screen: Screen | undefined;
afterEach(() => screen?.unmount());

/** The queue rows on screen: [rank, priority, label, subject, language], and which one has the › marker. */
function rows(frame: string): { rows: string[][]; selected: number } {
  const out: string[][] = [];
  let selected = -1;
  for (const line of frame.split('\n')) {
    const m = /^([› ])\s*(\d+) (urgent|high|normal|low)\s+(support|service|success) (\d\.\d\d) (\S+)\s+(\S+)\s+(\S\S) (.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === '›') selected = out.length;
    out.push([m[2]!, m[3]!, m[4]!, m[9]!.trim(), m[6]!]);
  }
  return { rows: out, selected };
}

const open = async (data = dashboardData({ fill: 40 }), columns = 100, rows = 30) => {
  screen = await renderDashboard(data, { columns, rows });
  return screen.press(KEY.tab);
};

describe('queue screen', () => {
  it('Tab opens the queue: triage order, one row per conversation with priority, label, confidence, language, sentiment, flags, subject', async () => {
    const f = await open();
    expect(f).toMatch(/^triage {2}Overview \[Queue 48\]/);
    expect(f).toContain('[l]label:any  [p]prio:any  [n]lang:any  [r]review:any  [c]churn:any  [/]search:any');
    expect(f).toMatch(/^\s+# prio\s+label\s+conf lang sent CR subject$/m);
    expect(f).toMatch(/^›\s+1 urgent support 0\.80 en\s+neg\s+C· Cannot log in$/m);
    const r = rows(f);
    expect(r.rows.slice(0, 3).map((x) => x[1])).toEqual(['urgent', 'high', 'high']);
    expect(r.rows.find((x) => x[3] === 'Export looks odd')).toBeDefined();
    expect(f).toMatch(/^\s+\d+ normal support 0\.52 en\s+neu\s+·R Export looks odd$/m);
    expect(f).toContain('1/48 · id c1 · churn risk · support.login-failure: "cannot log in"; churn risk');
    expect(r.selected).toBe(0);
    // 30 rows: tabs, filter bar, column header, detail line, footer, one free line → 24 conversation rows.
    expect(r.rows).toHaveLength(24);
  });

  it('j/k and arrows move, PgDn/PgUp/Space page, G/g and End/Home jump; the window follows the cursor', async () => {
    await open();
    let r = rows(await screen!.press('j', KEY.down));
    expect(r.selected).toBe(2);
    r = rows(await screen!.press('k'));
    expect(r.selected).toBe(1);
    r = rows(await screen!.press(KEY.up, KEY.up));
    expect(r.selected).toBe(0);
    let f = await screen!.press(KEY.pageDown);
    r = rows(f);
    expect(f).toContain('25/48 ·');
    expect(r.rows[r.selected]![0]).toBe('25');
    f = await screen!.press('G');
    r = rows(f);
    expect(f).toContain('48/48 ·');
    expect(r.rows[r.rows.length - 1]![0]).toBe('48');
    expect(r.selected).toBe(r.rows.length - 1);
    f = await screen!.press(KEY.pageUp);
    expect(f).toContain('24/48 ·');
    f = await screen!.press('g');
    expect(rows(f).rows[0]![0]).toBe('1');
    expect(f).toContain('1/48 ·');
    f = await screen!.press(KEY.end);
    expect(f).toContain('48/48 ·');
    f = await screen!.press(KEY.home);
    expect(f).toContain('1/48 ·');
    f = await screen!.press(' ');
    expect(f).toContain('25/48 ·'); // Space pages down too
  });

  it('label, priority, language, needs-review and churn filters narrow the list, shown in the filter bar and the tab', async () => {
    await open();
    let f = await screen!.press('l');
    expect(f).toContain('[l]label:support');
    expect(f).toMatch(/\[Queue 17\/48\]/);
    expect(rows(f).rows.every((x) => x[2] === 'support')).toBe(true);
    f = await screen!.press('l');
    expect(f).toContain('[l]label:service');
    expect(rows(f).rows.every((x) => x[2] === 'service')).toBe(true);
    f = await screen!.press('l', 'l');
    expect(f).toContain('[l]label:any');
    expect(f).toMatch(/\[Queue 48\]/);

    f = await screen!.press('p', 'p');
    expect(f).toContain('[p]prio:high');
    expect(rows(f).rows.map((x) => x[3]).sort()).toEqual(['Factura pentru martie', 'Renewal and goals']);
    f = await screen!.press('x');
    expect(f).toContain('[p]prio:any');

    f = await screen!.press('n', 'n');
    expect(f).toContain('[n]lang:fa');
    const r = rows(f).rows;
    expect(r).toHaveLength(9);
    expect(r.every((x) => x[4] === 'fa')).toBe(true);
    expect(r[0]![3]).toBe('خطا در بارگذاری'); // the oldest
    f = await screen!.press('x', 'r');
    expect(f).toContain('[r]review:only');
    expect(rows(f).rows.map((x) => x[3])).toEqual(['Export looks odd']);
    f = await screen!.press('r', 'c');
    expect(f).toContain('[c]churn:only');
    expect(rows(f).rows.map((x) => x[3])).toEqual(['Cannot log in', 'Renewal and goals']);
    f = await screen!.press('l');
    expect(rows(f).rows.map((x) => x[3])).toEqual(['Cannot log in']);
    f = await screen!.press('l');
    expect(f).toContain('No conversation matches these filters (x clears them).');
    expect(f).toMatch(/\[Queue 0\/48\]/);
    f = await screen!.press('x');
    expect(rows(f).rows).toHaveLength(24);
  });

  it('filter keys on the overview switch to the filtered queue', async () => {
    screen = await renderDashboard(dashboardData({ fill: 40 }), { columns: 100, rows: 30 });
    const f = await screen.press('c');
    expect(f).toMatch(/\[Queue 2\/48\]/);
    expect(rows(f).rows.map((x) => x[3])).toEqual(['Cannot log in', 'Renewal and goals']);
  });

  it('/ searches subject and text: typing, backspace, Enter applies, Esc cancels, empty Enter clears', async () => {
    await open();
    let f = await screen!.press('/');
    expect(f).toContain('Search subject and text:');
    f = await screen!.press('p', 'w', 'n', 'x', KEY.backspace, 'e', 'd');
    expect(f).toMatch(/Search subject and text: pwned /);
    f = await screen!.press(KEY.enter);
    expect(f).toContain('[/]search:"pwned"');
    expect(rows(f).rows.map((x) => x[3])).toEqual(['Invoice ␛]0;pwned␇ question']);
    expect(f).not.toContain('\u001b');
    // Words from a message body, typed without diacritics.
    f = await screen!.press('/', KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, ...'trimiteti', KEY.enter);
    expect(rows(f).rows.map((x) => x[3])).toEqual(['Factura pentru martie']);
    // Esc leaves the search as it was; letters typed into the prompt are not commands.
    f = await screen!.press('/', 'q', 'l', KEY.escape);
    expect(f).toContain('[/]search:"trimiteti"');
    expect(f).toContain('[l]label:any');
    f = await screen!.press('/');
    expect(f).toMatch(/Search subject and text: trimiteti /);
    f = await screen!.press(...Array.from({ length: 9 }, () => KEY.backspace), KEY.enter);
    expect(f).toContain('[/]search:any');
    expect(rows(f).rows).toHaveLength(24);
  });

  it('at 80×24 every row fits the width, 18 rows show, and the filter bar is compact', async () => {
    const f = await open(dashboardData({ fill: 40 }), 80, 24);
    const r = rows(f);
    expect(r.rows).toHaveLength(18);
    for (const line of f.split('\n')) expect(cells(line)).toBeLessThanOrEqual(80);
    expect(f).toMatch(/^›\s+1 urgent support 0\.80 en\s+neg\s+C· Cannot log in$/m);
    // Narrow: the filter bar lists only what is active.
    expect(f).toContain('Filter: none (l label · p prio · n lang · r review · c churn · / search)');
    const g = await screen!.press('l', 'c', '/', ...'log', KEY.enter);
    expect(g).toContain('Filter: label:support  churn:only  search:"log"  (x clears)');
    expect(rows(g).rows.map((x) => x[3])).toEqual(['Cannot log in']);
  });

  it('Enter opens the selected conversation; q goes back to the same row, q again to the overview', async () => {
    await open();
    let f = await screen!.press('j', 'j', KEY.enter);
    const third = /Conversation (\S+) · 3 of 48 in the queue/.exec(f);
    expect(third).not.toBeNull();
    f = await screen!.press('q');
    expect(f).toMatch(/\[Queue 48\]/);
    expect(rows(f).selected).toBe(2);
    f = await screen!.press(KEY.escape);
    expect(f).toMatch(/^triage \[Overview\]/);
  });
});
