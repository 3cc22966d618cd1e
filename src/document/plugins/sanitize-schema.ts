import type { Schema } from 'hast-util-sanitize';

/**
 * What raw HTML in a manuscript may keep: text-level and structural elements that are valid
 * HTML5 and XHTML in every format, and only attributes that are current HTML (GitHub's schema
 * allows `align`, `border`, `width` on cells… which EPUBCheck and the Nu checker reject).
 * No scripts, styles, forms, frames, embedded media, `<base>`, `<meta>` or comments.
 */
export const publishingSchema: Schema = {
  strip: ['script', 'style', 'template', 'noscript', 'title', 'textarea', 'select', 'option'],
  allowComments: false,
  allowDoctypes: false,
  // Ids stay as written: links and the outline point at them, and nothing on our pages runs scripts.
  clobber: [],
  clobberPrefix: '',
  tagNames: [
    'a', 'abbr', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details',
    'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'input',
    'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'section', 'small', 'span', 'strong',
    'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul', 'var', 'wbr',
  ],
  attributes: {
    '*': ['id', 'lang', 'dir', 'title', 'ariaLabel', 'ariaDescribedBy', 'ariaLabelledBy', 'ariaHidden'],
    a: ['href', 'dataFootnoteBackref', 'dataFootnoteRef', ['className', 'data-footnote-backref']],
    img: ['src', 'alt', 'width', 'height'],
    code: [['className', /^language-./]],
    td: ['colSpan', 'rowSpan', 'headers', ['align', 'left', 'center', 'right']],
    th: ['colSpan', 'rowSpan', 'headers', 'scope', ['align', 'left', 'center', 'right']],
    col: ['span'],
    colgroup: ['span'],
    ol: ['start', 'reversed', ['className', 'contains-task-list']],
    ul: [['className', 'contains-task-list']],
    li: ['value', ['className', 'task-list-item']],
    input: [['type', 'checkbox'], ['disabled', true], 'checked'],
    blockquote: ['cite'],
    q: ['cite'],
    del: ['cite', 'dateTime'],
    ins: ['cite', 'dateTime'],
    time: ['dateTime'],
    details: ['open'],
    section: ['dataFootnotes', ['className', 'footnotes']],
    h2: [['className', 'sr-only']],
    sup: [],
  },
  required: { input: { disabled: true, type: 'checkbox' } },
  protocols: {
    href: ['http', 'https', 'mailto', 'tel'],
    cite: ['http', 'https'],
  },
};
