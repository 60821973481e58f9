import { afterEach, describe, expect, it } from 'vitest';
import { dashboardData } from './fixtures.js';
import { cells, KEY, renderDashboard, type Screen } from './render.js';

let screen: Screen | undefined;
afterEach(() => screen?.unmount());

const data = dashboardData({ fill: 10 });
const indexOf = (id: string): number => data.items.findIndex((x) => x.entry.id === id);

/** Open a conversation the way a person does: Tab to the queue, move to its row, Enter. */
async function openById(id: string, columns = 120, rows = 80): Promise<string> {
  screen = await renderDashboard(data, { columns, rows });
  await screen.press(KEY.tab);
  for (let i = 0; i < indexOf(id); i++) await screen.press('j');
  return screen.press(KEY.enter);
}

describe('conversation screen', () => {
  it('shows scores for all three labels, the runner-up, every reason with the matched words, and the triage fields', async () => {
    const f = await openById('c1');
    expect(f).toMatch(/^triage {2}Overview {2}Queue 18 \[Conversation\]/);
    expect(f).toContain('Conversation c1 · 1 of 18 in the queue · export.jsonl:1 · canonical · started by customer');
    expect(f).toContain('Subject: Cannot log in');
    expect(f).toContain('Label  SUPPORT  confidence 0.80 · priority urgent · CHURN RISK');
    expect(f).toMatch(/^ {2}support ◂ +█+·+ 0\.800$/m);
    expect(f).toMatch(/^ {2}service +█+·+ 0\.150$/m);
    expect(f).toMatch(/^ {2}success +█+·+ 0\.050$/m);
    expect(f).toContain('Runner-up service (0.150): fewer service signals');
    expect(f).toContain('rule support.login-failure → support +2: «cannot log in» in message 0');
    expect(f).toContain('rule support.blocked → support +2: «whole team is blocked» in message 0');
    expect(f).toContain('rule service.cancel-request → service +2: «cancel» in message 0');
    expect(f).toContain('lexical model → support: w:example +0.4');
    expect(f).toMatch(/^ {2}priority {4}urgent priority\.urgent — priority is urgent$/m);
    expect(f).toMatch(/^ {2}churn risk {2}yes churn\.cancel — mentions cancelling$/m);
    expect(f).toMatch(/^ {2}language {4}en language\.eld/m);
  });

  it('shows the thread with roles and times, matched words marked, quote and signature labelled, the internal note marked', async () => {
    const f = await openById('c1');
    expect(f).toContain('Thread (3 messages)');
    expect(f).toContain('[0] customer · Ana Pop · 2026-02-02 09:14');
    expect(f).toContain('    I «cannot log in» since Monday and the «whole team is blocked».');
    expect(f).toContain('    We will «cancel» if this goes on.');
    expect(f).toMatch(/\[signature, not read\]\n\s+│ --\n\s+│ Ana Pop\n\s+│ Acme Ltd/);
    expect(f).toContain('[1] agent · Dan · 2026-02-02 10:00');
    expect(f).toMatch(/\[quoted earlier message, not read\]\n\s+│ On Mon, 2 Feb 2026 at 09:14, Ana Pop <ana@acme\.test> wrote:\n\s+│ > I cannot log in since Monday/);
    // Words inside the quote are not marked: the classifier did not read them.
    expect(f).not.toContain('> I «cannot log in»');
    expect(f).toContain('[2] agent · Dan · INTERNAL NOTE (not classified)');
    expect(f).toContain('│ Checked the SSO logs, looks like their IdP.');
  });

  it('marks words matched in the subject; works in Romanian, Russian, Persian and Icelandic', async () => {
    let f = await openById('c2');
    expect(f).toContain('Subject: «Factura» pentru martie');
    expect(f).toContain('Vă rog să-mi trimiteți «factura» pentru martie.');
    screen!.unmount();
    f = await openById('c3');
    expect(f).toContain('Хотели бы провести «обучение» для новых сотрудников.');
    screen!.unmount();
    f = await openById('c4');
    expect(f).toContain('هنگام بارگذاری فایل «خطا» می‌گیریم.');
    screen!.unmount();
    f = await openById('c5');
    expect(f).toContain('Vinsamlegast sendið mér «reikninginn» fyrir mars.');
  });

  it('terminal control sequences in the conversation are shown as placeholders, never written raw', async () => {
    const f = await openById('c7');
    expect(f).not.toContain('\u001b');
    expect(f).not.toContain('\u0007');
    expect(f).toContain('Subject: Invoice ␛]0;pwned␇ question');
    expect(f).toContain('[0] customer · Mallory␛[31m');
    expect(f).toContain('Send the «invoice» ␛]0;pwned␇ for March ␛[2J now.');
  });

  it('needs-review conversations say so and why', async () => {
    const f = await openById('c6');
    expect(f).toContain('confidence 0.52 · NEEDS REVIEW · priority normal');
    expect(f).toContain('Review: low margin between the top two labels');
  });

  it('scrolls at 80×24 (j/k, PgDn, G/g) and keeps every line within the width', async () => {
    let f = await openById('c1', 80, 24);
    for (const line of f.split('\n')) expect(cells(line)).toBeLessThanOrEqual(80);
    const m = /1–21\/(\d+)$/.exec(f);
    expect(m).not.toBeNull();
    const total = Number(m![1]);
    expect(f).not.toContain('Thread (3 messages)');
    f = await screen!.press('j', 'j', 'k');
    expect(f).toMatch(new RegExp(`2–22/${total}$`));
    f = await screen!.press('G');
    expect(f).toMatch(new RegExp(`${total - 20}–${total}/${total}$`));
    expect(f).toContain('│ Checked the SSO logs, looks like their IdP.');
    f = await screen!.press('g');
    expect(f).toMatch(new RegExp(`1–21/${total}$`));
    f = await screen!.press(KEY.pageDown);
    expect(f).toMatch(new RegExp(` ${Math.min(21, total - 20)}–\\d+/${total}$`));
  });

  it('→/] and ←/[ step through the filtered queue; Tab leaves and comes back; q returns to the queue', async () => {
    let f = await openById('c1');
    f = await screen!.press(KEY.right);
    expect(f).toMatch(/Conversation \S+ · 2 of 18 in the queue/);
    f = await screen!.press(']');
    expect(f).toMatch(/Conversation \S+ · 3 of 18 in the queue/);
    f = await screen!.press(KEY.left, '[');
    expect(f).toContain('Conversation c1 · 1 of 18 in the queue');
    f = await screen!.press('[');
    expect(f).toContain('Conversation c1 · 1 of 18 in the queue'); // nothing before the first
    f = await screen!.press(KEY.tab);
    expect(f).toMatch(/^triage \[Overview\] Queue 18 {2}Conversation /);
    f = await screen!.press(KEY.shiftTab);
    expect(f).toContain('Conversation c1 · 1 of 18 in the queue');
    f = await screen!.press('q');
    expect(f).toMatch(/\[Queue 18\]/);
  });

  it('a filter that leaves the open conversation out says so', async () => {
    await openById('c1');
    await screen!.press('r'); // only needs-review (c1 is not): shows the queue
    const f = await screen!.press(KEY.tab);
    expect(f).toContain('Conversation c1 · not in the filtered queue');
  });
});
