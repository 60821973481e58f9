import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText, looksLikeHtml } from '../../src/core/html.js';

describe('htmlToText', () => {
  it('turns blocks, breaks and list items into lines', () => {
    const html = '<div><p>Hello,</p><p>the export fails:<br>step 1<br/>step 2</p><ul><li>Chrome</li><li>Firefox</li></ul></div>';
    expect(htmlToText(html)).toBe('Hello,\n\nthe export fails:\nstep 1\nstep 2\n\n- Chrome\n- Firefox');
  });

  it('decodes named and numeric entities', () => {
    expect(htmlToText('<p>Tom &amp; Jerry &lt;3 &#8364;5 &#x20AC;6 &nbsp;ok&hellip;</p>')).toBe('Tom & Jerry <3 €5 €6 ok…');
  });

  it('drops scripts, styles and comments', () => {
    expect(htmlToText('<style>p{color:red}</style><!-- x --><p>Hi</p><script>alert(1)</script>')).toBe('Hi');
  });

  it('marks blockquotes as quoted lines', () => {
    expect(htmlToText('<p>New text</p><blockquote><p>old message</p></blockquote>')).toBe('New text\n\n> old message');
  });

  it('leaves unknown entities and bad code points safe', () => {
    expect(decodeEntities('&bogus; &#0; &#xD800;')).toBe('&bogus; \ufffd \ufffd');
  });

  it('recognises HTML but not a stray angle bracket', () => {
    expect(looksLikeHtml('<p>hi</p>')).toBe(true);
    expect(looksLikeHtml('price < 5 and > 2')).toBe(false);
  });
});
