/**
 * A TrueType/OpenType file's own names (the `name` table), read and rewritten.
 *
 * Fontsource's static faces are instances of variable fonts whose names were not updated:
 * Source Sans 3 at weight 600 calls itself "Source Sans 3 ExtraLight SemiBold". Readers that
 * match a CSS `font-family` to a font by its internal name (Kindle, Calibre's conversion) then
 * miss it, so the e-book's copy is renamed to the family its `@font-face` rule gives.
 */

interface TableRecord {
  tag: string;
  data: Uint8Array;
}

const nameIds = { family: 1, subfamily: 2, uniqueId: 3, fullName: 4, postScriptName: 6, typographicFamily: 16, typographicSubfamily: 17 } as const;
const rewritten = new Set<number>(Object.values(nameIds));

function readTables(font: Uint8Array): { version: number; tables: TableRecord[] } {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const count = view.getUint16(4);
  const tables: TableRecord[] = [];
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(...font.subarray(at, at + 4));
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    tables.push({ tag, data: font.subarray(offset, offset + length) });
  }
  return { version: view.getUint32(0), tables };
}

function decodeName(platform: number, bytes: Uint8Array): string {
  if (platform === 0 || platform === 3) {
    let out = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
    return out;
  }
  return String.fromCharCode(...bytes);
}

/** The names a font gives itself (Windows English records first, else any). */
export function fontNames(font: Uint8Array): { family?: string; subfamily?: string; fullName?: string; typographicFamily?: string } {
  const name = readTables(font).tables.find((table) => table.tag === 'name');
  if (!name) return {};
  const view = new DataView(name.data.buffer, name.data.byteOffset, name.data.byteLength);
  const count = view.getUint16(2);
  const storage = view.getUint16(4);
  const found = new Map<number, { score: number; value: string }>();
  for (let i = 0; i < count; i++) {
    const at = 6 + i * 12;
    const [platform, , language, id, length, offset] = [0, 2, 4, 6, 8, 10].map((field) => view.getUint16(at + field));
    const score = platform === 3 && language === 0x409 ? 2 : platform === 3 || platform === 0 ? 1 : 0;
    if ((found.get(id)?.score ?? -1) < score) found.set(id, { score, value: decodeName(platform, name.data.subarray(storage + offset, storage + offset + length)) });
  }
  return {
    family: found.get(nameIds.family)?.value,
    subfamily: found.get(nameIds.subfamily)?.value,
    fullName: found.get(nameIds.fullName)?.value,
    typographicFamily: found.get(nameIds.typographicFamily)?.value,
  };
}

const weightNames: Record<number, string> = { 100: 'Thin', 200: 'ExtraLight', 300: 'Light', 400: 'Regular', 500: 'Medium', 600: 'SemiBold', 700: 'Bold', 800: 'ExtraBold', 900: 'Black' };

function utf16(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    bytes[i * 2] = text.charCodeAt(i) >> 8;
    bytes[i * 2 + 1] = text.charCodeAt(i) & 0xff;
  }
  return bytes;
}

function checksum(data: Uint8Array): number {
  const padded = new Uint8Array(Math.ceil(data.length / 4) * 4);
  padded.set(data);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/** The `name` table with family, style, full and PostScript names replaced (Windows, US English) and every other record kept. */
function nameTable(original: Uint8Array | undefined, names: Map<number, string>): Uint8Array {
  const kept: Array<{ platform: number; encoding: number; language: number; id: number; bytes: Uint8Array }> = [];
  if (original) {
    const view = new DataView(original.buffer, original.byteOffset, original.byteLength);
    const storage = view.getUint16(4);
    for (let i = 0; i < view.getUint16(2); i++) {
      const at = 6 + i * 12;
      const [platform, encoding, language, id, length, offset] = [0, 2, 4, 6, 8, 10].map((field) => view.getUint16(at + field));
      // Language-tag records (format 1) are dropped with the format: the table is written as format 0.
      if (rewritten.has(id) || language >= 0x8000) continue;
      kept.push({ platform, encoding, language, id, bytes: original.subarray(storage + offset, storage + offset + length) });
    }
  }
  for (const [id, value] of names) kept.push({ platform: 3, encoding: 1, language: 0x409, id, bytes: utf16(value) });
  kept.sort((a, b) => a.platform - b.platform || a.encoding - b.encoding || a.language - b.language || a.id - b.id);
  const header = 6 + kept.length * 12;
  const out = new Uint8Array(header + kept.reduce((sum, record) => sum + record.bytes.length, 0));
  const view = new DataView(out.buffer);
  view.setUint16(2, kept.length);
  view.setUint16(4, header);
  let offset = 0;
  kept.forEach((record, i) => {
    const at = 6 + i * 12;
    [record.platform, record.encoding, record.language, record.id, record.bytes.length, offset].forEach((value, field) => view.setUint16(at + field * 2, value));
    out.set(record.bytes, header + offset);
    offset += record.bytes.length;
  });
  return out;
}

/**
 * A copy of `font` that calls itself `family` (names 1 and 16) with its weight and style as
 * the style name (2 and 17: `SemiBold Italic`), and full and PostScript names to match.
 * Every other table is kept byte for byte; checksums are recomputed.
 */
export function renameFont(font: Uint8Array, face: { family: string; weight: number; style: 'normal' | 'italic' }): Uint8Array {
  const { version, tables } = readTables(font);
  const italic = face.style === 'italic';
  const weightName = weightNames[Math.round(face.weight / 100) * 100] ?? String(face.weight);
  const styleName = face.weight === 400 && italic ? 'Italic' : italic ? `${weightName} Italic` : weightName;
  // Style-linking name (2): only the four of a family; the real style goes in 17.
  const linkName = `${face.weight >= 700 ? 'Bold' : 'Regular'}${italic ? ' Italic' : ''}`.replace('Regular Italic', 'Italic');
  const postScript = `${face.family}-${styleName}`.replace(/[^\x21-\x7e]|[[\](){}<>/%]/g, '').slice(0, 63);
  const names = new Map<number, string>([
    [nameIds.family, face.family],
    [nameIds.subfamily, linkName],
    [nameIds.uniqueId, postScript],
    [nameIds.fullName, `${face.family} ${styleName}`],
    [nameIds.postScriptName, postScript],
    [nameIds.typographicFamily, face.family],
    [nameIds.typographicSubfamily, styleName],
  ]);
  const replaced = tables.filter((table) => table.tag !== 'name');
  replaced.push({ tag: 'name', data: nameTable(tables.find((table) => table.tag === 'name')?.data, names) });
  replaced.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));

  const headerSize = 12 + replaced.length * 16;
  const total = replaced.reduce((sum, table) => sum + Math.ceil(table.data.length / 4) * 4, headerSize);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const power = 2 ** Math.floor(Math.log2(replaced.length));
  view.setUint32(0, version);
  view.setUint16(4, replaced.length);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, replaced.length * 16 - power * 16);
  let offset = headerSize;
  let headOffset = -1;
  replaced.forEach((table, i) => {
    const data = table.tag === 'head' ? table.data.slice() : table.data;
    // checkSumAdjustment is zero while checksums are taken.
    if (table.tag === 'head') new DataView(data.buffer, data.byteOffset, data.byteLength).setUint32(8, 0);
    const at = 12 + i * 16;
    for (let c = 0; c < 4; c++) out[at + c] = table.tag.charCodeAt(c);
    view.setUint32(at + 4, checksum(data));
    view.setUint32(at + 8, offset);
    view.setUint32(at + 12, data.length);
    out.set(data, offset);
    if (table.tag === 'head') headOffset = offset;
    offset += Math.ceil(data.length / 4) * 4;
  });
  if (headOffset >= 0) view.setUint32(headOffset + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
