import { describe, expect, it } from 'vitest';
import { isAutoReply, splitBody } from '../../src/core/clean.js';

const own = (body: string): string =>
  splitBody(body)
    .filter((p) => p.kind === 'text')
    .map((p) => p.text)
    .join('\n');
const kinds = (body: string): string[] => splitBody(body).map((p) => p.kind);

describe('quoted earlier messages are removed', () => {
  it.each([
    ['en', 'Thanks, that fixed it.\n\nOn Mon, 2 Mar 2026 at 09:14, Ana Pop <ana@x.ro> wrote:\n> The export is broken\n> since Friday', 'Thanks, that fixed it.'],
    ['en wrapped', 'Any news?\n\nOn Tue, 3 Mar 2026 at 10:00, Support Team <help@acme.io>\nwrote:\n> We are looking into it', 'Any news?'],
    ['ro', 'Mulțumesc, am primit factura.\n\nÎn data de lun., 2 mar. 2026, 09:14, Ana Pop <ana@x.ro> a scris:\n> Nu pot intra în cont', 'Mulțumesc, am primit factura.'],
    ['ro gmail', 'Da, merge acum.\n\nPe lun., 2 mar. 2026 la 09:14, Echipa Suport <suport@firma.ro> a scris:\n\n> Ați încercat din nou?', 'Da, merge acum.'],
    ['ru', 'Спасибо, всё работает.\n\n2 марта 2026 г., в 09:14, Анна <anna@x.ru> написал(а):\n> Не могу войти', 'Спасибо, всё работает.'],
    ['ru gmail', 'Когда вернут деньги?\n\nпн, 2 мар. 2026 г. в 09:14, Поддержка <help@shop.ru>:\n> Ваш заказ отменён', 'Когда вернут деньги?'],
    ['fa', 'ممنون، مشکل حل شد.\n\nدر تاریخ ۱۲ اسفند ۱۴۰۴، پشتیبانی <help@x.ir> نوشت:\n> لطفا دوباره امتحان کنید', 'ممنون، مشکل حل شد.'],
    ['is', 'Takk, þetta virkar núna.\n\nÞann mán., 2. mar. 2026 kl. 09:14 skrifaði Jón Jónsson <jon@x.is>:\n> Ég kemst ekki inn', 'Takk, þetta virkar núna.'],
    ['outlook en', 'Please cancel the order.\n\nFrom: Shop <orders@shop.com>\nSent: Monday, March 2, 2026 9:14 AM\nTo: Ana\nSubject: Your order', 'Please cancel the order.'],
    ['outlook ro', 'Vă rog anulați comanda.\n\nDe la: Magazin <comenzi@magazin.ro>\nTrimis: luni, 2 martie 2026 09:14\nCătre: Ana\nSubiect: Comanda', 'Vă rog anulați comanda.'],
    ['outlook ru', 'Прошу отменить заказ.\n\nОт: Магазин <shop@shop.ru>\nОтправлено: 2 марта 2026 г. 9:14\nКому: Анна\nТема: Заказ', 'Прошу отменить заказ.'],
    ['outlook is', 'Vinsamlegast hættið við pöntunina.\n\nFrá: Verslun <pantanir@verslun.is>\nSent: 2. mars 2026 09:14\nTil: Anna\nEfni: Pöntun', 'Vinsamlegast hættið við pöntunina.'],
    ['original message', 'See below.\n-----Original Message-----\nFrom: x\nThe app crashes', 'See below.'],
    ['> lines between replies', 'Hi\n> old line\nnew line', 'Hi\nnew line'],
  ])('%s', (_name, body, expected) => {
    expect(own(body)).toBe(expected);
  });
});

describe('signatures and footers', () => {
  it.each([
    ['-- delimiter', 'The invoice is wrong.\n-- \nAna Pop\nCFO, Acme SRL\n+40 721 000 000', 'The invoice is wrong.'],
    ['mobile en', 'Where is my parcel?\n\nSent from my iPhone', 'Where is my parcel?'],
    ['mobile ro', 'Unde e coletul?\n\nTrimis de pe iPhone-ul meu', 'Unde e coletul?'],
    ['mobile ru', 'Где посылка?\n\nОтправлено с iPhone', 'Где посылка?'],
    ['mobile is', 'Hvar er pakkinn?\n\nSent úr iPhone', 'Hvar er pakkinn?'],
    ['mobile fa', 'بسته کجاست؟\n\nارسال شده از آیفون من', 'بسته کجاست؟'],
    ['closing + name block', 'Please send the invoice again.\n\nBest regards,\nMaria Ionescu\nAccounting\nAcme Ltd.', 'Please send the invoice again.\n\nBest regards,'],
    ['closing ru', 'Пришлите счёт ещё раз.\n\nС уважением,\nАнна Петрова\nООО «Ромашка»', 'Пришлите счёт ещё раз.\n\nС уважением,'],
    ['closing is', 'Getið þið sent reikninginn aftur?\n\nKveðja,\nSigga\nBókhald', 'Getið þið sent reikninginn aftur?\n\nKveðja,'],
    ['legal footer', 'Our export keeps failing.\n\nThis e-mail and any attachments are confidential and intended solely for the addressee. If you received this message in error please delete it.', 'Our export keeps failing.'],
  ])('%s', (_name, body, expected) => {
    expect(own(body)).toBe(expected);
  });

  it('does not treat a real follow-up sentence after "Thanks" as a signature', () => {
    const body = 'Thanks\nAlso, can you check why invoice 1042 shows the wrong VAT?';
    expect(own(body)).toBe(body);
  });

  it('keeps the parts in order with their kinds', () => {
    expect(kinds('Hello\n\nOn Mon, 2 Mar 2026, A <a@b.c> wrote:\n> old')).toEqual(['text', 'quote']);
    expect(kinds('Fyi\n---------- Forwarded message ---------\nFrom: x\nthe real complaint')).toEqual(['text', 'forwarded']);
  });
});

describe('auto-replies', () => {
  it.each([
    'Automatic reply: I am out of the office until Monday',
    'I am currently out of the office with limited access to email.',
    'Răspuns automat: sunt în concediu până pe 10 martie.',
    'Автоматический ответ: я в отпуске до 10 марта.',
    'Sjálfvirkt svar: Ég er í fríi til 10. mars.',
    'پاسخ خودکار: در مرخصی هستم.',
    'We have received your request and will get back to you within 24 hours.',
  ])('%s', (text) => {
    expect(isAutoReply(text)).toBe(true);
  });

  it('does not flag a customer who mentions a holiday', () => {
    expect(isAutoReply('My booking for the holiday was charged twice')).toBe(false);
  });

  it('reads the subject line too', () => {
    expect(isAutoReply('Thank you for your email.', 'Out of Office: back on 12 May')).toBe(true);
  });
});
