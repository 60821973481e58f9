/**
 * Split a plain-text message body into what the author wrote now and the noise
 * around it: quoted earlier messages, forwarded chains, signatures, legal
 * footers. Patterns cover English, Romanian, Russian, Persian and Icelandic mail
 * clients. Pure functions; the original text is kept in the parts for display.
 */

export type PartKind = 'text' | 'quote' | 'forwarded' | 'signature' | 'footer';

export interface Part {
  kind: PartKind;
  text: string;
}

// "On Mon, 2 Mar 2026 at 09:14, Ana <ana@x.ro> wrote:" and its localised forms.
const REPLY_HEADER_RES: RegExp[] = [
  /^(?:on|le|am|el)\b.{3,250}\b(?:wrote|a écrit|schrieb|escribió)\s*:\s*$/i,
  /^(?:în|in|pe)\b.{3,250}\ba scris\s*:\s*$/i,
  /^.{0,250}\ba scris\s*:\s*$/i,
  /^.{0,250}(?:пишет|написал\(а\)|написала|написал)\s*:\s*$/i,
  /^(?:þann|á|thann)\b.{3,250}\bskrifa(?:ð|d)i\b.{0,250}:\s*$/i,
  /^.{0,250}\bskrifa(?:ð|d)i\s*:\s*$/i,
  /^.{0,250}نوشت(?:ه است|ه)?\s*[:：]\s*$/,
  // Gmail in several locales ends the header with the address: "…, Имя <a@b.c>:"
  /^.{0,250}<[^<>\s@]+@[^<>\s]+>\s*[:：]\s*$/,
];

const ORIGINAL_MESSAGE_RE =
  /^\s*-{2,}\s*(?:original message|mesaj(?:ul)? original|исходное сообщение|оригинальное сообщение|upprunaleg skilaboð|upprunaleg skilabod|پیام اصلی|reply message)\s*-{2,}\s*$/i;
const FORWARDED_RE =
  /^\s*-{2,}\s*(?:forwarded message|begin forwarded message|mesaj (?:redirecționat|redirectionat|redirecţionat|transmis)|пересылаемое сообщение|пересланное сообщение|áframsent skeyti|aframsent skeyti|áframsend skilaboð|پیام (?:بازارسال[\u200c ]?شده|ارسال شده|فوروارد شده))\s*-{2,}\s*$/i;
const BEGIN_FORWARDED_RE = /^\s*(?:begin forwarded message|início da mensagem encaminhada)\s*:\s*$/i;

// Outlook-style header blocks: "From: … / Sent: … / To: … / Subject: …" in five languages.
const FROM_RE = /^\s*\*?(?:from|de la|de|от|frá|fra|از)\s*\*?\s*[:：]\s*\S/i;
const HEADER_FIELD_RE =
  /^\s*\*?(?:sent|date|to|cc|subject|trimis|data|către|catre|subiect|отправлено|дата|кому|копия|тема|sent|dagsetning|til|efni|afrit|ارسال|تاریخ|به|موضوع|رونوشت)\s*\*?\s*[:：]/i;

const SIG_DELIM_RE = /^--\s?$/;
const MOBILE_SIG_RE =
  /^\s*(?:sent from (?:my )?\S.{0,40}|sent via \S.{0,40}|get outlook for \S.{0,20}|trimis de pe \S.{0,40}|trimis din \S.{0,40}|trimis cu \S.{0,40}|отправлено (?:с|из) \S.{0,50}|послано с \S.{0,40}|sent (?:úr|frá|fra|ur) \S.{0,50}|sendt fra \S.{0,40}|ارسال شده (?:از|با) \S.{0,40}|فرستاده شده از \S.{0,40})$/i;
const CLOSING_RE =
  /^\s*(?:best regards|kind regards|warm regards|regards|best wishes|best|many thanks|thanks(?: again| a lot| so much)?|thank you(?: very much)?|cheers|sincerely|yours(?: sincerely| truly)?|cu (?:stimă|stima|respect|drag|bine)|o zi bună|o zi buna|mulțumesc(?: frumos| mult)?|multumesc(?: frumos| mult)?|mulţumesc|toate cele bune|numai bine|с уважением|спасибо(?: заранее)?|заранее спасибо|всего доброго|с наилучшими пожеланиями|благодарю|kveðja|kv\.?|bestu kveðjur|bestu kvedjur|með kveðju|med kvedju|kærar þakkir|kaerar thakkir|takk fyrir|takk|با احترام|با سپاس|با تشکر|ممنون(?:م)?|سپاس(?:گزارم)?|ارادتمند)\s*[,.!،]?\s*$/i;

// No \b: it only knows ASCII letters, and half of these words are Cyrillic or Persian.
const FOOTER_RE =
  /(?:^|[^\p{L}])(?:confidential|intended (?:solely )?(?:for the )?(?:recipient|addressee)|privileged|if you (?:have )?received this (?:e-?mail|message) in error|disclaimer|consider the environment before printing|unsubscribe|confiden[țţt]ial|destinatar(?:ul)?|dezabonare|конфиденциальн|адресат|получили это (?:письмо|сообщение) по ошибке|отписаться|trúnaðarmál|trúnaðar|trunadar|fyrir viðtakanda|afskrá|محرمانه|گیرنده|لغو اشتراک)/iu;

const isQuoteLine = (l: string): boolean => /^\s*>/.test(l);

function isReplyHeader(lines: string[], i: number): boolean {
  const l = lines[i]!.trim();
  if (!l) return false;
  if (ORIGINAL_MESSAGE_RE.test(l)) return true;
  if (l.length <= 300 && REPLY_HEADER_RES.some((re) => re.test(l))) return true;
  // Headers wrapped over two lines by the mail client ("On …, Ana <a@b>\nwrote:").
  const next = lines[i + 1]?.trim();
  if (next && l.length + next.length <= 300 && /^(?:wrote|a scris|пишет|написал\(а\)|skrifaði|نوشت)\s*:\s*$/i.test(next)) {
    return /^(?:on|în|in|pe|þann|á)\b/i.test(l) || /@/.test(l) || /\d/.test(l);
  }
  if (FROM_RE.test(l)) {
    for (let k = i + 1; k < Math.min(lines.length, i + 5); k++) if (HEADER_FIELD_RE.test(lines[k]!)) return true;
  }
  return false;
}

const isForwardMarker = (l: string): boolean => FORWARDED_RE.test(l) || BEGIN_FORWARDED_RE.test(l);

/** Split a plain-text body into ordered parts (see module doc). */
export function splitBody(body: string): Part[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const kinds: PartKind[] = new Array<PartKind>(lines.length).fill('text');
  let mode: PartKind = 'text';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (mode === 'quote') {
      kinds[i] = mode;
      continue;
    }
    if (isForwardMarker(line)) {
      mode = 'forwarded';
      kinds[i] = 'forwarded';
      continue;
    }
    if (mode !== 'forwarded' && isReplyHeader(lines, i)) {
      mode = 'quote';
      kinds[i] = 'quote';
      continue;
    }
    if (mode === 'forwarded') {
      kinds[i] = 'forwarded';
      continue;
    }
    if (isQuoteLine(line)) {
      kinds[i] = 'quote';
      continue;
    }
    if (mode === 'signature') {
      kinds[i] = 'signature';
      continue;
    }
    if (SIG_DELIM_RE.test(line)) {
      mode = 'signature';
      kinds[i] = 'signature';
      continue;
    }
    if (MOBILE_SIG_RE.test(line)) {
      kinds[i] = 'signature';
      continue;
    }
    if (CLOSING_RE.test(line)) markSignatureAfterClosing(lines, kinds, i);
  }
  markFooters(lines, kinds);
  return mergeParts(lines, kinds);
}

/** After "Best regards," a short block of name/title/phone lines is a signature. */
function markSignatureAfterClosing(lines: string[], kinds: PartKind[], closing: number): void {
  let end = closing + 1;
  while (end < lines.length && !isQuoteLine(lines[end]!) && !isReplyHeader(lines, end) && !isForwardMarker(lines[end]!)) end++;
  const block = lines.slice(closing + 1, end).filter((l) => l.trim() !== '');
  if (block.length === 0 || block.length > 6) return;
  if (block.some((l) => l.length > 80)) return;
  // Real sentences after the closing ("Thanks\nAlso, can you check the invoice?") are not a signature:
  // signature lines are short (name, title, company) or carry contact details.
  const contact = /@|https?:|www\.|\+?\d[\d ()-]{6,}/;
  if (block.some((l) => l.includes('?') || (l.trim().split(/\s+/).length > 6 && !contact.test(l)))) return;
  for (let k = closing + 1; k < end; k++) kinds[k] = 'signature';
}

/** A confidentiality/legal paragraph that is not the first paragraph, and all text after it. */
function markFooters(lines: string[], kinds: PartKind[]): void {
  let paraStart = -1;
  let seenText = false;
  for (let i = 0; i <= lines.length; i++) {
    const blank = i === lines.length || lines[i]!.trim() === '' || kinds[i] !== 'text';
    if (!blank && paraStart < 0) paraStart = i;
    if (blank && paraStart >= 0) {
      const para = lines.slice(paraStart, i).join(' ');
      if (seenText && para.length >= 60 && FOOTER_RE.test(para)) {
        for (let k = paraStart; k < lines.length; k++) if (kinds[k] === 'text' || kinds[k] === 'signature') kinds[k] = 'footer';
        return;
      }
      seenText = true;
      paraStart = -1;
    }
  }
}

function mergeParts(lines: string[], kinds: PartKind[]): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < lines.length; i++) {
    const kind = kinds[i]!;
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += '\n' + lines[i];
    else parts.push({ kind, text: lines[i]! });
  }
  for (const p of parts) p.text = p.text.replace(/^\n+|\n+$/g, '');
  return parts.filter((p) => p.text.trim() !== '');
}

const AUTO_REPLY_RE =
  /^(?:\s*(?:re:\s*)?)(?:automatic reply|auto-?reply|autoreply|out of (?:the )?office|i am (?:currently )?out of (?:the )?office|i'm (?:currently )?out of (?:the )?office|i am (?:currently )?(?:away|on (?:annual )?leave|on vacation|on holiday)|i will be out of (?:the )?office|thank you for your (?:e-?mail|message)[.!,]? (?:i am|i'm) (?:currently )?(?:away|out)|we have received your (?:request|message|email)|thank you for contacting us[.!,]? (?:your|we have|this is an automated)|this is an automated (?:reply|response)|răspuns automat|raspuns automat|sunt (?:în|in) concediu|voi fi (?:în|in) concediu|lipsesc din birou|am primit (?:solicitarea|mesajul|cererea) (?:dumneavoastră|dumneavoastra|dvs\.?|ta)|автоматический ответ|автоответ|я (?:сейчас )?(?:в отпуске|вне офиса)|нахожусь в отпуске|ваше обращение (?:зарегистрировано|принято|получено)|мы получили ваше (?:обращение|письмо|сообщение)|sjálfvirkt svar|sjalfvirkt svar|ég er (?:í fríi|í sumarfríi|fjarverandi|ekki við)|eg er (?:i frii|i sumarfrii|fjarverandi)|við höfum móttekið|vid hofum mottekid|takk fyrir að hafa samband[.!,]? (?:erindi|beiðni|við)|پاسخ خودکار|در مرخصی هستم|خارج از (?:دفتر|محل کار) هستم|درخواست شما (?:ثبت|دریافت) شد|پیام شما دریافت شد)/i;

/** An out-of-office or "we received your request" auto-acknowledgement. */
export function isAutoReply(text: string, subject?: string): boolean {
  const head = text.trimStart().slice(0, 200);
  if (AUTO_REPLY_RE.test(head)) return true;
  return subject !== undefined && /^(?:automatic reply|auto-?reply|out of office|răspuns automat|raspuns automat|автоматический ответ|автоответ|sjálfvirkt svar|پاسخ خودکار)\b/i.test(subject.trim());
}
