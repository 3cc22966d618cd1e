/**
 * Every string Octavo writes that the author did not (the contents' heading, the notes, the
 * EPUB's navigation, "page 3 of 9", callout titles…), in the text's language: ONE table, a
 * column a language. A label with `{name}` has a value put in (`page {page} of {pages}`).
 * `labels:` in the front matter or the config overrides any of them.
 */
export const labelKeys = [
  'contents',
  'landmarks',
  'pages',
  'startOfText',
  'cover',
  'coverOf',
  'byAuthor',
  'skipToText',
  'chapters',
  'chaptersAgain',
  'footnotes',
  'notes',
  'backToReference',
  'pageOf',
  'note',
  'tip',
  'important',
  'warning',
  'caution',
  'details',
  'cast',
  'figure',
  'table',
  'equation',
  'section',
  'listing',
  'about',
  'film',
  'series',
  'book',
  'album',
  'game',
  'play',
  'references',
] as const;

export type LabelKey = (typeof labelKeys)[number];
export type Labels = Record<LabelKey, string>;

const en: Labels = {
  contents: 'Contents',
  landmarks: 'Landmarks',
  pages: 'Pages',
  startOfText: 'Start of text',
  cover: 'Cover',
  coverOf: 'Cover: {title}',
  byAuthor: '{title} by {author}',
  skipToText: 'Skip to text',
  chapters: 'Chapters',
  chaptersAgain: 'Chapters, again',
  footnotes: 'Footnotes',
  notes: 'Notes',
  backToReference: 'Back to reference {n}',
  pageOf: 'page {page} of {pages}',
  note: 'Note',
  tip: 'Tip',
  important: 'Important',
  warning: 'Warning',
  caution: 'Caution',
  details: 'Details',
  cast: 'Cast',
  figure: 'Figure',
  table: 'Table',
  equation: 'Equation',
  section: 'Section',
  listing: 'Listing',
  about: 'About',
  film: 'Film',
  series: 'Series',
  book: 'Book',
  album: 'Album',
  game: 'Game',
  play: 'Play',
  references: 'References',
};

/** The table: English, then the most published book languages (by titles a year). */
export const labelTable: Readonly<Record<string, Labels>> = {
  en,
  de: {
    contents: 'Inhalt', landmarks: 'Orientierungspunkte', pages: 'Seiten', startOfText: 'Textanfang', cover: 'Umschlag', coverOf: 'Umschlag: {title}', byAuthor: '{title} von {author}',
    skipToText: 'Zum Text springen', chapters: 'Kapitel', chaptersAgain: 'Kapitel (unten)', footnotes: 'Fußnoten', notes: 'Anmerkungen', backToReference: 'Zurück zum Verweis {n}',
    pageOf: 'Seite {page} von {pages}', note: 'Hinweis', tip: 'Tipp', important: 'Wichtig', warning: 'Warnung', caution: 'Vorsicht', details: 'Details', cast: 'Besetzung',
    figure: 'Abbildung', table: 'Tabelle', equation: 'Gleichung', section: 'Abschnitt', listing: 'Listing',
    about: 'Über', film: 'Film', series: 'Serie', book: 'Buch', album: 'Album', game: 'Spiel', play: 'Theaterstück',
    references: 'Literatur',
  },
  fr: {
    contents: 'Table des matières', landmarks: 'Repères', pages: 'Pages', startOfText: 'Début du texte', cover: 'Couverture', coverOf: 'Couverture : {title}', byAuthor: '{title}, par {author}',
    skipToText: 'Aller au texte', chapters: 'Chapitres', chaptersAgain: 'Chapitres (bas de page)', footnotes: 'Notes de bas de page', notes: 'Notes', backToReference: 'Retour à l’appel {n}',
    pageOf: 'page {page} sur {pages}', note: 'Remarque', tip: 'Astuce', important: 'Important', warning: 'Avertissement', caution: 'Attention', details: 'Détails', cast: 'Distribution',
    figure: 'Figure', table: 'Tableau', equation: 'Équation', section: 'Section', listing: 'Listing',
    about: 'À propos de', film: 'Film', series: 'Série', book: 'Livre', album: 'Album', game: 'Jeu', play: 'Pièce',
    references: 'Références',
  },
  es: {
    contents: 'Índice', landmarks: 'Puntos de referencia', pages: 'Páginas', startOfText: 'Comienzo del texto', cover: 'Cubierta', coverOf: 'Cubierta: {title}', byAuthor: '{title}, de {author}',
    skipToText: 'Saltar al texto', chapters: 'Capítulos', chaptersAgain: 'Capítulos (al pie)', footnotes: 'Notas al pie', notes: 'Notas', backToReference: 'Volver a la referencia {n}',
    pageOf: 'página {page} de {pages}', note: 'Nota', tip: 'Consejo', important: 'Importante', warning: 'Advertencia', caution: 'Precaución', details: 'Detalles', cast: 'Reparto',
    figure: 'Figura', table: 'Tabla', equation: 'Ecuación', section: 'Sección', listing: 'Listado',
    about: 'Sobre', film: 'Película', series: 'Serie', book: 'Libro', album: 'Álbum', game: 'Juego', play: 'Obra de teatro',
    references: 'Referencias',
  },
  it: {
    contents: 'Indice', landmarks: 'Punti di riferimento', pages: 'Pagine', startOfText: 'Inizio del testo', cover: 'Copertina', coverOf: 'Copertina: {title}', byAuthor: '{title} di {author}',
    skipToText: 'Vai al testo', chapters: 'Capitoli', chaptersAgain: 'Capitoli (in fondo)', footnotes: 'Note a piè di pagina', notes: 'Note', backToReference: 'Torna al rimando {n}',
    pageOf: 'pagina {page} di {pages}', note: 'Nota', tip: 'Suggerimento', important: 'Importante', warning: 'Avviso', caution: 'Attenzione', details: 'Dettagli', cast: 'Interpreti',
    figure: 'Figura', table: 'Tabella', equation: 'Equazione', section: 'Sezione', listing: 'Listato',
    about: 'Su', film: 'Film', series: 'Serie', book: 'Libro', album: 'Album', game: 'Gioco', play: 'Opera teatrale',
    references: 'Bibliografia',
  },
  pt: {
    contents: 'Sumário', landmarks: 'Pontos de referência', pages: 'Páginas', startOfText: 'Início do texto', cover: 'Capa', coverOf: 'Capa: {title}', byAuthor: '{title}, de {author}',
    skipToText: 'Ir para o texto', chapters: 'Capítulos', chaptersAgain: 'Capítulos (no rodapé)', footnotes: 'Notas de rodapé', notes: 'Notas', backToReference: 'Voltar à referência {n}',
    pageOf: 'página {page} de {pages}', note: 'Nota', tip: 'Dica', important: 'Importante', warning: 'Aviso', caution: 'Cuidado', details: 'Detalhes', cast: 'Elenco',
    figure: 'Figura', table: 'Tabela', equation: 'Equação', section: 'Seção', listing: 'Listagem',
    about: 'Sobre', film: 'Filme', series: 'Série', book: 'Livro', album: 'Álbum', game: 'Jogo', play: 'Peça',
    references: 'Referências',
  },
  nl: {
    contents: 'Inhoud', landmarks: 'Oriëntatiepunten', pages: 'Pagina’s', startOfText: 'Begin van de tekst', cover: 'Omslag', coverOf: 'Omslag: {title}', byAuthor: '{title} door {author}',
    skipToText: 'Naar de tekst', chapters: 'Hoofdstukken', chaptersAgain: 'Hoofdstukken (onder)', footnotes: 'Voetnoten', notes: 'Noten', backToReference: 'Terug naar verwijzing {n}',
    pageOf: 'pagina {page} van {pages}', note: 'Opmerking', tip: 'Tip', important: 'Belangrijk', warning: 'Waarschuwing', caution: 'Let op', details: 'Details', cast: 'Rolverdeling',
    figure: 'Figuur', table: 'Tabel', equation: 'Vergelijking', section: 'Paragraaf', listing: 'Listing',
    about: 'Over', film: 'Film', series: 'Serie', book: 'Boek', album: 'Album', game: 'Spel', play: 'Toneelstuk',
    references: 'Literatuur',
  },
  sv: {
    contents: 'Innehåll', landmarks: 'Landmärken', pages: 'Sidor', startOfText: 'Textens början', cover: 'Omslag', coverOf: 'Omslag: {title}', byAuthor: '{title} av {author}',
    skipToText: 'Hoppa till texten', chapters: 'Kapitel', chaptersAgain: 'Kapitel (nederst)', footnotes: 'Fotnoter', notes: 'Noter', backToReference: 'Tillbaka till hänvisning {n}',
    pageOf: 'sida {page} av {pages}', note: 'Obs', tip: 'Tips', important: 'Viktigt', warning: 'Varning', caution: 'Försiktighet', details: 'Detaljer', cast: 'Rollista',
    figure: 'Figur', table: 'Tabell', equation: 'Ekvation', section: 'Avsnitt', listing: 'Kodexempel',
    about: 'Om', film: 'Film', series: 'Serie', book: 'Bok', album: 'Album', game: 'Spel', play: 'Pjäs',
    references: 'Referenser',
  },
  da: {
    contents: 'Indhold', landmarks: 'Orienteringspunkter', pages: 'Sider', startOfText: 'Tekstens begyndelse', cover: 'Omslag', coverOf: 'Omslag: {title}', byAuthor: '{title} af {author}',
    skipToText: 'Gå til teksten', chapters: 'Kapitler', chaptersAgain: 'Kapitler (nederst)', footnotes: 'Fodnoter', notes: 'Noter', backToReference: 'Tilbage til henvisning {n}',
    pageOf: 'side {page} af {pages}', note: 'Bemærk', tip: 'Tip', important: 'Vigtigt', warning: 'Advarsel', caution: 'Forsigtig', details: 'Detaljer', cast: 'Medvirkende',
    figure: 'Figur', table: 'Tabel', equation: 'Ligning', section: 'Afsnit', listing: 'Kodeeksempel',
    about: 'Om', film: 'Film', series: 'Serie', book: 'Bog', album: 'Album', game: 'Spil', play: 'Skuespil',
    references: 'Litteratur',
  },
  nb: {
    contents: 'Innhold', landmarks: 'Landemerker', pages: 'Sider', startOfText: 'Tekstens begynnelse', cover: 'Omslag', coverOf: 'Omslag: {title}', byAuthor: '{title} av {author}',
    skipToText: 'Gå til teksten', chapters: 'Kapitler', chaptersAgain: 'Kapitler (nederst)', footnotes: 'Fotnoter', notes: 'Noter', backToReference: 'Tilbake til henvisning {n}',
    pageOf: 'side {page} av {pages}', note: 'Merk', tip: 'Tips', important: 'Viktig', warning: 'Advarsel', caution: 'Forsiktig', details: 'Detaljer', cast: 'Medvirkende',
    figure: 'Figur', table: 'Tabell', equation: 'Likning', section: 'Avsnitt', listing: 'Kodeeksempel',
    about: 'Om', film: 'Film', series: 'Serie', book: 'Bok', album: 'Album', game: 'Spill', play: 'Skuespill',
    references: 'Litteratur',
  },
  fi: {
    contents: 'Sisällys', landmarks: 'Maamerkit', pages: 'Sivut', startOfText: 'Tekstin alku', cover: 'Kansi', coverOf: 'Kansi: {title}', byAuthor: '{author}: {title}',
    skipToText: 'Siirry tekstiin', chapters: 'Luvut', chaptersAgain: 'Luvut (alhaalla)', footnotes: 'Alaviitteet', notes: 'Viitteet', backToReference: 'Takaisin viittaukseen {n}',
    pageOf: 'sivu {page}/{pages}', note: 'Huomautus', tip: 'Vinkki', important: 'Tärkeää', warning: 'Varoitus', caution: 'Varo', details: 'Lisätiedot', cast: 'Näyttelijät',
    figure: 'Kuva', table: 'Taulukko', equation: 'Yhtälö', section: 'Jakso', listing: 'Koodiesimerkki',
    about: 'Aihe', film: 'Elokuva', series: 'Sarja', book: 'Kirja', album: 'Albumi', game: 'Peli', play: 'Näytelmä',
    references: 'Lähteet',
  },
  pl: {
    contents: 'Spis treści', landmarks: 'Punkty orientacyjne', pages: 'Strony', startOfText: 'Początek tekstu', cover: 'Okładka', coverOf: 'Okładka: {title}', byAuthor: '{author}, {title}',
    skipToText: 'Przejdź do tekstu', chapters: 'Rozdziały', chaptersAgain: 'Rozdziały (na dole)', footnotes: 'Przypisy', notes: 'Przypisy', backToReference: 'Powrót do odsyłacza {n}',
    pageOf: 'strona {page} z {pages}', note: 'Uwaga', tip: 'Wskazówka', important: 'Ważne', warning: 'Ostrzeżenie', caution: 'Przestroga', details: 'Szczegóły', cast: 'Obsada',
    figure: 'Rysunek', table: 'Tabela', equation: 'Równanie', section: 'Podrozdział', listing: 'Listing',
    about: 'O dziele', film: 'Film', series: 'Serial', book: 'Książka', album: 'Album', game: 'Gra', play: 'Sztuka',
    references: 'Bibliografia',
  },
  cs: {
    contents: 'Obsah', landmarks: 'Orientační body', pages: 'Strany', startOfText: 'Začátek textu', cover: 'Obálka', coverOf: 'Obálka: {title}', byAuthor: '{author}: {title}',
    skipToText: 'Přejít na text', chapters: 'Kapitoly', chaptersAgain: 'Kapitoly (dole)', footnotes: 'Poznámky pod čarou', notes: 'Poznámky', backToReference: 'Zpět na odkaz {n}',
    pageOf: 'strana {page} z {pages}', note: 'Poznámka', tip: 'Tip', important: 'Důležité', warning: 'Varování', caution: 'Pozor', details: 'Podrobnosti', cast: 'Obsazení',
    figure: 'Obrázek', table: 'Tabulka', equation: 'Rovnice', section: 'Oddíl', listing: 'Výpis',
    about: 'O díle', film: 'Film', series: 'Seriál', book: 'Kniha', album: 'Album', game: 'Hra', play: 'Divadelní hra',
    references: 'Literatura',
  },
  ru: {
    contents: 'Оглавление', landmarks: 'Ориентиры', pages: 'Страницы', startOfText: 'Начало текста', cover: 'Обложка', coverOf: 'Обложка: {title}', byAuthor: '{author}. {title}',
    skipToText: 'Перейти к тексту', chapters: 'Главы', chaptersAgain: 'Главы (внизу)', footnotes: 'Сноски', notes: 'Примечания', backToReference: 'Вернуться к ссылке {n}',
    pageOf: 'страница {page} из {pages}', note: 'Примечание', tip: 'Совет', important: 'Важно', warning: 'Предупреждение', caution: 'Осторожно', details: 'Подробности', cast: 'В ролях',
    figure: 'Рисунок', table: 'Таблица', equation: 'Формула', section: 'Раздел', listing: 'Листинг',
    about: 'О произведении', film: 'Фильм', series: 'Сериал', book: 'Книга', album: 'Альбом', game: 'Игра', play: 'Пьеса',
    references: 'Список литературы',
  },
  uk: {
    contents: 'Зміст', landmarks: 'Орієнтири', pages: 'Сторінки', startOfText: 'Початок тексту', cover: 'Обкладинка', coverOf: 'Обкладинка: {title}', byAuthor: '{author}. {title}',
    skipToText: 'Перейти до тексту', chapters: 'Розділи', chaptersAgain: 'Розділи (внизу)', footnotes: 'Виноски', notes: 'Примітки', backToReference: 'Повернутися до посилання {n}',
    pageOf: 'сторінка {page} з {pages}', note: 'Примітка', tip: 'Порада', important: 'Важливо', warning: 'Попередження', caution: 'Обережно', details: 'Докладніше', cast: 'У ролях',
    figure: 'Рисунок', table: 'Таблиця', equation: 'Формула', section: 'Підрозділ', listing: 'Лістинг',
    about: 'Про твір', film: 'Фільм', series: 'Серіал', book: 'Книга', album: 'Альбом', game: 'Гра', play: 'П’єса',
    references: 'Список літератури',
  },
  tr: {
    contents: 'İçindekiler', landmarks: 'Yer işaretleri', pages: 'Sayfalar', startOfText: 'Metnin başı', cover: 'Kapak', coverOf: 'Kapak: {title}', byAuthor: '{author}, {title}',
    skipToText: 'Metne geç', chapters: 'Bölümler', chaptersAgain: 'Bölümler (altta)', footnotes: 'Dipnotlar', notes: 'Notlar', backToReference: '{n} numaralı göndermeye dön',
    pageOf: 'sayfa {page}/{pages}', note: 'Not', tip: 'İpucu', important: 'Önemli', warning: 'Uyarı', caution: 'Dikkat', details: 'Ayrıntılar', cast: 'Oyuncular',
    figure: 'Şekil', table: 'Tablo', equation: 'Denklem', section: 'Kısım', listing: 'Kod örneği',
    about: 'Hakkında', film: 'Film', series: 'Dizi', book: 'Kitap', album: 'Albüm', game: 'Oyun', play: 'Tiyatro oyunu',
    references: 'Kaynakça',
  },
  el: {
    contents: 'Περιεχόμενα', landmarks: 'Ορόσημα', pages: 'Σελίδες', startOfText: 'Αρχή του κειμένου', cover: 'Εξώφυλλο', coverOf: 'Εξώφυλλο: {title}', byAuthor: '{author}, {title}',
    skipToText: 'Μετάβαση στο κείμενο', chapters: 'Κεφάλαια', chaptersAgain: 'Κεφάλαια (κάτω)', footnotes: 'Υποσημειώσεις', notes: 'Σημειώσεις', backToReference: 'Επιστροφή στην παραπομπή {n}',
    pageOf: 'σελίδα {page} από {pages}', note: 'Σημείωση', tip: 'Συμβουλή', important: 'Σημαντικό', warning: 'Προειδοποίηση', caution: 'Προσοχή', details: 'Λεπτομέρειες', cast: 'Διανομή',
    figure: 'Σχήμα', table: 'Πίνακας', equation: 'Εξίσωση', section: 'Ενότητα', listing: 'Κώδικας',
    about: 'Σχετικά', film: 'Ταινία', series: 'Σειρά', book: 'Βιβλίο', album: 'Άλμπουμ', game: 'Παιχνίδι', play: 'Θεατρικό έργο',
    references: 'Βιβλιογραφία',
  },
  ar: {
    contents: 'المحتويات', landmarks: 'معالم', pages: 'الصفحات', startOfText: 'بداية النص', cover: 'الغلاف', coverOf: 'الغلاف: {title}', byAuthor: '{title}، تأليف {author}',
    skipToText: 'انتقل إلى النص', chapters: 'الفصول', chaptersAgain: 'الفصول (أسفل)', footnotes: 'الحواشي', notes: 'الملاحظات', backToReference: 'العودة إلى الإحالة {n}',
    pageOf: 'صفحة {page} من {pages}', note: 'ملاحظة', tip: 'نصيحة', important: 'مهم', warning: 'تحذير', caution: 'تنبيه', details: 'تفاصيل', cast: 'طاقم التمثيل',
    figure: 'شكل', table: 'جدول', equation: 'معادلة', section: 'قسم', listing: 'شيفرة',
    about: 'عن', film: 'فيلم', series: 'مسلسل', book: 'كتاب', album: 'ألبوم', game: 'لعبة', play: 'مسرحية',
    references: 'المراجع',
  },
  he: {
    contents: 'תוכן העניינים', landmarks: 'ציוני דרך', pages: 'עמודים', startOfText: 'תחילת הטקסט', cover: 'כריכה', coverOf: 'כריכה: {title}', byAuthor: '{title} מאת {author}',
    skipToText: 'דילוג לטקסט', chapters: 'פרקים', chaptersAgain: 'פרקים (למטה)', footnotes: 'הערות שוליים', notes: 'הערות', backToReference: 'חזרה להפניה {n}',
    pageOf: 'עמוד {page} מתוך {pages}', note: 'הערה', tip: 'עצה', important: 'חשוב', warning: 'אזהרה', caution: 'זהירות', details: 'פרטים', cast: 'משתתפים',
    figure: 'איור', table: 'טבלה', equation: 'משוואה', section: 'סעיף', listing: 'קוד',
    about: 'על', film: 'סרט', series: 'סדרה', book: 'ספר', album: 'אלבום', game: 'משחק', play: 'מחזה',
    references: 'מקורות',
  },
  fa: {
    contents: 'فهرست مطالب', landmarks: 'نشانه‌ها', pages: 'صفحه‌ها', startOfText: 'آغاز متن', cover: 'جلد', coverOf: 'جلد: {title}', byAuthor: '{title}، نوشتهٔ {author}',
    skipToText: 'رفتن به متن', chapters: 'فصل‌ها', chaptersAgain: 'فصل‌ها (پایین)', footnotes: 'پانوشت‌ها', notes: 'یادداشت‌ها', backToReference: 'بازگشت به ارجاع {n}',
    pageOf: 'صفحهٔ {page} از {pages}', note: 'یادداشت', tip: 'نکته', important: 'مهم', warning: 'هشدار', caution: 'احتیاط', details: 'جزئیات', cast: 'بازیگران',
    figure: 'شکل', table: 'جدول', equation: 'معادله', section: 'بخش', listing: 'کد',
    about: 'دربارهٔ', film: 'فیلم', series: 'مجموعه', book: 'کتاب', album: 'آلبوم', game: 'بازی', play: 'نمایشنامه',
    references: 'منابع',
  },
  hi: {
    contents: 'विषय-सूची', landmarks: 'स्थलचिह्न', pages: 'पृष्ठ', startOfText: 'पाठ का आरंभ', cover: 'आवरण', coverOf: 'आवरण: {title}', byAuthor: '{title}, {author} द्वारा',
    skipToText: 'पाठ पर जाएँ', chapters: 'अध्याय', chaptersAgain: 'अध्याय (नीचे)', footnotes: 'पादटिप्पणियाँ', notes: 'टिप्पणियाँ', backToReference: 'संदर्भ {n} पर लौटें',
    pageOf: 'पृष्ठ {page} / {pages}', note: 'नोट', tip: 'सुझाव', important: 'महत्वपूर्ण', warning: 'चेतावनी', caution: 'सावधानी', details: 'विवरण', cast: 'कलाकार',
    figure: 'चित्र', table: 'तालिका', equation: 'समीकरण', section: 'खंड', listing: 'कोड',
    about: 'विषय', film: 'फ़िल्म', series: 'धारावाहिक', book: 'पुस्तक', album: 'एल्बम', game: 'खेल', play: 'नाटक',
    references: 'संदर्भ',
  },
  id: {
    contents: 'Daftar isi', landmarks: 'Penanda', pages: 'Halaman', startOfText: 'Awal teks', cover: 'Sampul', coverOf: 'Sampul: {title}', byAuthor: '{title} oleh {author}',
    skipToText: 'Lompat ke teks', chapters: 'Bab', chaptersAgain: 'Bab (bawah)', footnotes: 'Catatan kaki', notes: 'Catatan', backToReference: 'Kembali ke rujukan {n}',
    pageOf: 'halaman {page} dari {pages}', note: 'Catatan', tip: 'Kiat', important: 'Penting', warning: 'Peringatan', caution: 'Hati-hati', details: 'Rincian', cast: 'Pemeran',
    figure: 'Gambar', table: 'Tabel', equation: 'Persamaan', section: 'Subbab', listing: 'Kode',
    about: 'Tentang', film: 'Film', series: 'Serial', book: 'Buku', album: 'Album', game: 'Permainan', play: 'Drama',
    references: 'Daftar pustaka',
  },
  vi: {
    contents: 'Mục lục', landmarks: 'Mốc điều hướng', pages: 'Trang', startOfText: 'Đầu văn bản', cover: 'Bìa', coverOf: 'Bìa: {title}', byAuthor: '{title} – {author}',
    skipToText: 'Đến phần văn bản', chapters: 'Các chương', chaptersAgain: 'Các chương (cuối trang)', footnotes: 'Chú thích', notes: 'Ghi chú', backToReference: 'Quay lại chú dẫn {n}',
    pageOf: 'trang {page}/{pages}', note: 'Ghi chú', tip: 'Mẹo', important: 'Quan trọng', warning: 'Cảnh báo', caution: 'Thận trọng', details: 'Chi tiết', cast: 'Diễn viên',
    figure: 'Hình', table: 'Bảng', equation: 'Phương trình', section: 'Mục', listing: 'Mã',
    about: 'Về', film: 'Phim', series: 'Loạt phim', book: 'Sách', album: 'Album', game: 'Trò chơi', play: 'Vở kịch',
    references: 'Tài liệu tham khảo',
  },
  zh: {
    contents: '目录', landmarks: '导航', pages: '页码', startOfText: '正文开始', cover: '封面', coverOf: '封面：{title}', byAuthor: '{title}，{author} 著',
    skipToText: '跳到正文', chapters: '章节', chaptersAgain: '章节（底部）', footnotes: '脚注', notes: '注释', backToReference: '返回引用 {n}',
    pageOf: '第 {page} 页，共 {pages} 页', note: '注意', tip: '提示', important: '重要', warning: '警告', caution: '小心', details: '详情', cast: '演员表',
    figure: '图', table: '表', equation: '公式', section: '节', listing: '代码',
    about: '关于', film: '电影', series: '剧集', book: '书籍', album: '专辑', game: '游戏', play: '戏剧',
    references: '参考文献',
  },
  'zh-Hant': {
    contents: '目錄', landmarks: '導覽', pages: '頁碼', startOfText: '正文開始', cover: '封面', coverOf: '封面：{title}', byAuthor: '{title}，{author} 著',
    skipToText: '跳到正文', chapters: '章節', chaptersAgain: '章節（底部）', footnotes: '註腳', notes: '註釋', backToReference: '返回引用 {n}',
    pageOf: '第 {page} 頁，共 {pages} 頁', note: '注意', tip: '提示', important: '重要', warning: '警告', caution: '小心', details: '詳情', cast: '演員表',
    figure: '圖', table: '表', equation: '公式', section: '節', listing: '程式碼',
    about: '關於', film: '電影', series: '劇集', book: '書籍', album: '專輯', game: '遊戲', play: '戲劇',
    references: '參考文獻',
  },
  ja: {
    contents: '目次', landmarks: 'ランドマーク', pages: 'ページ', startOfText: '本文の始まり', cover: '表紙', coverOf: '表紙：{title}', byAuthor: '{author}『{title}』',
    skipToText: '本文へ移動', chapters: '章', chaptersAgain: '章（下部）', footnotes: '脚注', notes: '注', backToReference: '参照 {n} に戻る',
    pageOf: '{page} / {pages} ページ', note: '注記', tip: 'ヒント', important: '重要', warning: '警告', caution: '注意', details: '詳細', cast: 'キャスト',
    figure: '図', table: '表', equation: '式', section: '節', listing: 'リスト',
    about: '対象', film: '映画', series: 'シリーズ', book: '書籍', album: 'アルバム', game: 'ゲーム', play: '戯曲',
    references: '参考文献',
  },
  ko: {
    contents: '목차', landmarks: '랜드마크', pages: '쪽', startOfText: '본문 시작', cover: '표지', coverOf: '표지: {title}', byAuthor: '{author}, 《{title}》',
    skipToText: '본문으로 건너뛰기', chapters: '장', chaptersAgain: '장 (아래)', footnotes: '각주', notes: '주석', backToReference: '참조 {n}(으)로 돌아가기',
    pageOf: '{pages}쪽 중 {page}쪽', note: '참고', tip: '팁', important: '중요', warning: '경고', caution: '주의', details: '자세히', cast: '출연진',
    figure: '그림', table: '표', equation: '수식', section: '절', listing: '코드',
    about: '대상', film: '영화', series: '시리즈', book: '책', album: '앨범', game: '게임', play: '희곡',
    references: '참고 문헌',
  },
};

/**
 * The table's column for a BCP 47 tag: the whole tag's, else its language and script's
 * (`zh-Hant`, and `zh-TW`/`zh-HK`, which write it), else its language's, else English.
 */
export function languageColumn(lang: string): Labels {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(lang).maximize();
  } catch {
    return en;
  }
  const candidates = [lang, `${locale.language}-${locale.script}`, locale.language];
  // Norwegian written `no` is Bokmål here, as in most books.
  if (locale.language === 'no') candidates.push('nb');
  for (const candidate of candidates) if (Object.hasOwn(labelTable, candidate)) return labelTable[candidate];
  return en;
}

/** The labels for a text: its language's column, with the author's own (`labels:`) over it. */
export function labelsFor(meta: { lang: string; labels?: Partial<Labels> }): Labels {
  return { ...languageColumn(meta.lang), ...meta.labels };
}

/** A label with its values put in: `fill(labels.pageOf, { page: 3, pages: 9 })`. */
export function fill(label: string, values: Record<string, string | number>): string {
  return label.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}
