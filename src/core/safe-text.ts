/**
 * Customer text is untrusted. Before it reaches a terminal, control characters
 * and escape sequences become visible placeholders (ESC → ␛, BEL → ␇, C1 → ⟨U+009B⟩)
 * and bidirectional overrides are neutralised, so a message cannot move the
 * cursor, clear the screen, change the window title or reorder what is shown.
 */

const CONTROL_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function placeholder(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // Control Pictures: ␀ … ␟
  if (code === 0x7f) return '␡';
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Safe for a terminal; newlines and tabs are kept unless `singleLine`. */
export function visible(text: string, singleLine = false): string {
  const s = text.replace(CONTROL_RE, placeholder);
  return singleLine ? s.replace(/\r?\n|\r/g, ' ⏎ ').replace(/\t/g, ' ') : s.replace(/\r/g, '␍');
}

/** Shorten to `max` characters (code points) with an ellipsis. */
export function truncate(text: string, max: number): string {
  const cps = [...text];
  return cps.length <= max ? text : cps.slice(0, Math.max(0, max - 1)).join('') + '…';
}
