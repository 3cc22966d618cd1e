/** The rule of the message for a character that no face draws; the message's `actual` is the character. */
export const characterWithoutFont = 'character-without-font';

/** The rule of the message for an emoji sequence (keycap, flag, ZWJ sequence) that the emoji face does not draw as one glyph. */
export const emojiSequenceSplit = 'emoji-sequence-split';
/** An emoji whose skin tone the monochrome emoji face cannot show. */
export const emojiSkinTone = 'emoji-skin-tone';

/** Unicode's script names (Script property values), as regular expressions know them. */
const scriptNames =
  'Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee Chorasmian Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Toto Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square'.split(' ');

const scripts = scriptNames.map((name) => ({ name: name.replace(/_/g, ' '), pattern: new RegExp(`^\\p{Script=${name}}`, 'u') }));

/**
 * The name a reader knows a character's writing system by: its Unicode script (`Kannada`,
 * `Egyptian Hieroglyphs`), or for characters shared by scripts (Common, Inherited) what kind
 * they are: `emoji`, `musical symbols`, `math symbols`, `combining marks`, `symbols and punctuation`.
 */
export function scriptName(char: string): string {
  for (const script of scripts) if (script.pattern.test(char)) return script.name;
  const code = char.codePointAt(0)!;
  if (/^\p{Extended_Pictographic}/u.test(char) || (code >= 0x1f1e6 && code <= 0x1f1ff)) return 'emoji';
  if (code >= 0x1d000 && code <= 0x1d24f) return 'musical symbols';
  if (/^\p{Sm}/u.test(char) || (code >= 0x1d400 && code <= 0x1d7ff)) return 'math symbols';
  if (/^\p{M}/u.test(char)) return 'combining marks';
  return 'symbols and punctuation';
}
