/**
 * HTML to plain text for message bodies. Helpdesks store email bodies as HTML;
 * the classifiers need the words, the explanation needs readable lines.
 */

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  ndash: '–', mdash: '—', hellip: '…', laquo: '«', raquo: '»', lsquo: '‘', rsquo: '’', ldquo: '“',
  rdquo: '”', bdquo: '„', sbquo: '‚', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™',
  euro: '€', pound: '£', yen: '¥', cent: '¢', deg: '°', times: '×', divide: '÷', shy: '',
  zwnj: '\u200c', zwj: '\u200d', lrm: '\u200e', rlm: '\u200f', iexcl: '¡', iquest: '¿', sect: '§',
  para: '¶', plusmn: '±', frac12: '½', frac14: '¼', frac34: '¾',
  aacute: 'á', Aacute: 'Á', eacute: 'é', Eacute: 'É', iacute: 'í', Iacute: 'Í', oacute: 'ó',
  Oacute: 'Ó', uacute: 'ú', Uacute: 'Ú', yacute: 'ý', Yacute: 'Ý', ouml: 'ö', Ouml: 'Ö', auml: 'ä',
  Auml: 'Ä', uuml: 'ü', Uuml: 'Ü', szlig: 'ß', aelig: 'æ', AElig: 'Æ', eth: 'ð', ETH: 'Ð',
  thorn: 'þ', THORN: 'Þ', acirc: 'â', Acirc: 'Â', icirc: 'î', Icirc: 'Î', agrave: 'à', egrave: 'è',
  ccedil: 'ç', ntilde: 'ñ', oslash: 'ø', aring: 'å', Aring: 'Å',
};

const ENTITY_RE = /&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/g;

/** Decode HTML character references; unknown names are left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY_RE, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    return NAMED[ref] ?? whole;
  });
}

const LOOKS_HTML_RE = /<(?:p|br|div|span|a|b|i|u|em|strong|ul|ol|li|table|tr|td|th|img|html|body|blockquote|font|h[1-6]|hr|pre|code)\b[^>]*>|<\/[a-z][a-z0-9]*\s*>/i;

/** True when a body is HTML rather than plain text with a stray `<`. */
export function looksLikeHtml(text: string): boolean {
  return text.includes('<') && LOOKS_HTML_RE.test(text);
}

/**
 * Convert an HTML fragment to text: block elements and `<br>` become line
 * breaks, list items get "- ", `<blockquote>` lines get "> " (so the quote
 * remover sees them), scripts/styles/comments are dropped, entities decoded.
 */
export function htmlToText(html: string): string {
  let s = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/\r\n?/g, '\n');
  // Source newlines inside HTML are just whitespace.
  s = s.replace(/\s*\n\s*/g, ' ');
  s = s.replace(/<blockquote\b[^>]*>([\s\S]*?)<\/blockquote\s*>/gi, (_m, inner: string) => {
    const text = htmlToText(inner);
    return '\n' + text.split('\n').map((l) => `> ${l}`).join('\n') + '\n';
  });
  s = s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/(p|div|h[1-6]|tr|table|ul|ol|pre|section|article|header|footer)\s*>/gi, '\n')
    .replace(/<(p|div|h[1-6]|tr|table|ul|ol|pre|hr|section|article)\b[^>]*>/gi, '\n')
    .replace(/<\/(td|th)\s*>/gi, '\t')
    .replace(/<[^>]*>/g, '');
  s = decodeEntities(s);
  return tidyWhitespace(s);
}

/** Collapse runs of spaces, trim lines, at most one blank line in a row. */
export function tidyWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
