/**
 * A 300-conversation export in five languages (canonical JSONL) for the
 * dashboard tests when fixtures/samples/mixed-300.jsonl is not there, and a
 * conversation whose text carries terminal escape sequences. Deterministic.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/run.js';

type Lang = 'en' | 'ro' | 'ru' | 'fa' | 'is';

/** Per language: support, service and success requests, then an urgent line, a churn line, an agent reply and a signature. */
const TEXT: Record<Lang, { support: string[]; service: string[]; success: string[]; urgent: string; churn: string; reply: string; sign: string }> = {
  en: {
    support: [
      'I cannot log in since this morning, the reset link never arrives.',
      'The app crashes every time I open the report page.',
      'We get an error 500 when we upload files and the export is not working.',
    ],
    service: [
      'Please send me the invoice for March with our VAT number.',
      'I want to change the billing address on our account.',
      'Can you cancel my order and refund the payment?',
    ],
    success: [
      'Just checking in ahead of your renewal: shall we review your goals for next year?',
      'We would like a training session to onboard our new team members.',
      'How can we get more value from the reporting features as our team grows?',
    ],
    urgent: 'This is urgent, our whole team is blocked.',
    churn: 'If this continues we will cancel our subscription and move to a competitor.',
    reply: 'Thanks for reaching out, we are looking into it.',
    sign: 'Best regards,\nAna Pop\nAcme Ltd',
  },
  ro: {
    support: [
      'Nu mă pot autentifica în aplicație de azi dimineață, primesc o eroare.',
      'Aplicația se blochează de fiecare dată când deschid raportul.',
      'Nu funcționează încărcarea fișierelor, apare eroarea 500.',
    ],
    service: [
      'Vă rog să-mi trimiteți factura pentru martie cu codul nostru fiscal.',
      'Aș dori să schimb adresa de facturare a contului nostru.',
      'Vreau să anulez comanda și să primesc banii înapoi.',
    ],
    success: [
      'Am dori o sesiune de instruire pentru colegii noi din echipă.',
      'Înainte de reînnoire, putem discuta obiectivele pentru anul viitor?',
      'Cum putem folosi mai bine rapoartele pe măsură ce echipa crește?',
    ],
    urgent: 'Este urgent, toată echipa este blocată.',
    churn: 'Dacă nu se rezolvă, ne anulăm abonamentul și trecem la un concurent.',
    reply: 'Mulțumim pentru mesaj, verificăm imediat.',
    sign: 'Cu stimă,\nIoana Marin',
  },
  ru: {
    support: [
      'Не могу войти в аккаунт с утра, ссылка для сброса пароля не приходит.',
      'Приложение вылетает каждый раз, когда я открываю отчёт.',
      'При загрузке файлов появляется ошибка 500, экспорт не работает.',
    ],
    service: [
      'Пришлите, пожалуйста, счёт за март с нашим ИНН.',
      'Хочу изменить платёжный адрес в нашем аккаунте.',
      'Прошу отменить заказ и вернуть деньги.',
    ],
    success: [
      'Перед продлением давайте обсудим цели на следующий год.',
      'Хотели бы провести обучение для новых сотрудников команды.',
      'Как нам получить больше пользы от отчётов, когда команда растёт?',
    ],
    urgent: 'Это срочно, вся команда не может работать.',
    churn: 'Если так продолжится, мы откажемся от подписки и уйдём к конкуренту.',
    reply: 'Спасибо за обращение, мы уже разбираемся.',
    sign: 'С уважением,\nИван Петров',
  },
  fa: {
    support: [
      'از صبح نمی‌توانم وارد حسابم شوم و لینک بازیابی رمز نمی‌رسد.',
      'برنامه هر بار که گزارش را باز می‌کنم بسته می‌شود.',
      'هنگام بارگذاری فایل خطای ۵۰۰ می‌گیریم و خروجی کار نمی‌کند.',
    ],
    service: [
      'لطفاً فاکتور ماه مارس را با شماره اقتصادی ما ارسال کنید.',
      'می‌خواهم آدرس صورتحساب حساب کاربری را تغییر دهم.',
      'لطفاً سفارش را لغو کنید و پول را برگردانید.',
    ],
    success: [
      'قبل از تمدید، می‌توانیم اهداف سال آینده را بررسی کنیم؟',
      'می‌خواهیم یک جلسه آموزشی برای اعضای جدید تیم داشته باشیم.',
      'چطور می‌توانیم با رشد تیم از گزارش‌ها استفاده بیشتری ببریم؟',
    ],
    urgent: 'این موضوع فوری است، کل تیم متوقف شده است.',
    churn: 'اگر این وضع ادامه پیدا کند اشتراک را لغو می‌کنیم و سراغ رقیب می‌رویم.',
    reply: 'از پیام شما متشکریم، در حال بررسی هستیم.',
    sign: 'با احترام،\nسارا احمدی',
  },
  is: {
    support: [
      'Ég get ekki skráð mig inn síðan í morgun, endurstillingarhlekkurinn kemur aldrei.',
      'Forritið hrynur í hvert skipti sem ég opna skýrsluna.',
      'Við fáum villu 500 þegar við hlöðum upp skrám og útflutningurinn virkar ekki.',
    ],
    service: [
      'Vinsamlegast sendið mér reikninginn fyrir mars með VSK-númerinu okkar.',
      'Ég vil breyta greiðsluheimilisfanginu á aðganginum okkar.',
      'Getið þið hætt við pöntunina og endurgreitt greiðsluna?',
    ],
    success: [
      'Fyrir endurnýjun, getum við farið yfir markmiðin fyrir næsta ár?',
      'Við viljum fá þjálfun fyrir nýja starfsmenn í teyminu.',
      'Hvernig getum við fengið meira út úr skýrslunum þegar teymið stækkar?',
    ],
    urgent: 'Þetta er áríðandi, allt teymið er stopp.',
    churn: 'Ef þetta heldur áfram segjum við upp áskriftinni og förum til samkeppnisaðila.',
    reply: 'Takk fyrir skilaboðin, við erum að skoða málið.',
    sign: 'Kveðja,\nJón Jónsson',
  },
};

const LANGS: Lang[] = ['en', 'ro', 'ru', 'fa', 'is'];
const KINDS = ['support', 'service', 'success'] as const;

/** The i-th generated conversation (0 ≤ i < 300). */
function conversation(i: number): Record<string, unknown> {
  const lang = LANGS[i % 5]!;
  const t = TEXT[lang];
  const kind = KINDS[Math.floor(i / 5) % 3]!;
  const body = t[kind][Math.floor(i / 15) % 3]!;
  const extra = [i % 9 === 0 && kind === 'support' ? t.urgent : '', i % 11 === 0 ? t.churn : ''].filter(Boolean).join(' ');
  const day = 1 + (i % 28);
  const at = `2026-02-${String(day).padStart(2, '0')}T${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`;
  const first = i % 4 === 0 ? `${body} ${extra}\n\n--\n${t.sign}`.trim() : `${body} ${extra}`.trim();
  const messages: Array<Record<string, unknown>> = [{ role: 'customer', author: `Customer ${i}`, at, body: first }];
  if (i % 3 === 0) messages.push({ role: 'agent', author: 'Support', at: at.replace('Z', '').replace(/T(\d\d)/, (_, h: string) => `T${String(Number(h) + 1).padStart(2, '0')}`) + 'Z', body: t.reply });
  if (i % 6 === 0) messages.push({ role: 'agent', body: `Note: checked account ${i}`, internal: true });
  if (i % 5 === 1) messages.push({ role: 'customer', at, body: `${t[kind][(Math.floor(i / 15) + 1) % 3]!}\n\n> ${t.reply}` });
  return {
    id: `m${String(i + 1).padStart(3, '0')}`,
    subject: body.split(/[,.،?:]/)[0]!.slice(0, 60),
    created_at: at,
    channel: ['email', 'chat', 'web'][i % 3],
    messages,
  };
}

/** 300 conversations, 60 in each of en, ro, ru, fa, is, as JSONL. */
export function generatedExport(): string {
  return Array.from({ length: 300 }, (_, i) => JSON.stringify(conversation(i))).join('\n') + '\n';
}

export const MIXED_300 = join(ROOT, 'fixtures', 'samples', 'mixed-300.jsonl');

/** The shipped 300-conversation sample when it exists, else the generated one. */
export function mixedExport(): { text: string; origin: string } {
  if (existsSync(MIXED_300)) return { text: readFileSync(MIXED_300, 'utf8'), origin: 'fixtures/samples/mixed-300.jsonl' };
  return { text: generatedExport(), origin: 'generated (fixtures/samples/mixed-300.jsonl is absent)' };
}

/** A customer message that tries to set the window title and clear the screen. */
export const EVIL_ID = 'evil-1';
export const EVIL = JSON.stringify({
  id: EVIL_ID,
  subject: 'Invoice \u001b]0;pwned\u0007 question',
  created_at: '2026-02-10T10:00:00Z',
  channel: 'email',
  messages: [{ role: 'customer', author: 'Mallory', body: 'Please send the invoice \u001b]0;pwned\u0007 for March \u001b[2J now, I cannot log in.' }],
});
