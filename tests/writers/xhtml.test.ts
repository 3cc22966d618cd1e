import { h } from 'hastscript';
import { beforeAll, describe, expect, it } from 'vitest';
import { toXhtml, xhtmlDocument, xhtmlReady } from '../../src/writers/epub/xhtml.ts';

describe('XHTML serialisation', () => {
  beforeAll(() => xhtmlReady());

  it('escapes `]]>` in text, which XML forbids outside a CDATA section (CommonMark example 629)', () => {
    const xml = toXhtml(xhtmlDocument({ lang: 'en', title: 'T', body: [h('p', 'foo <![CDATA[>&<]]> and ]]>]]> twice')] }));
    expect(xml).toContain('<p>foo &#x3C;![CDATA[>&#x26;&#x3C;]]&gt; and ]]&gt;]]&gt; twice</p>');
    expect(xml).not.toContain(']]>');
  });

  it('leaves other text and attributes as they were', () => {
    const xml = toXhtml(xhtmlDocument({ lang: 'en', title: 'T', body: [h('p', { title: 'a > b' }, 'a > b ]] >')] }));
    expect(xml).toContain('<p title="a > b">a > b ]] ></p>');
  });
});
