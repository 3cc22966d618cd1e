/**
 * The preview page: the HTML page, the PDF's pages and the e-book side by side, and the build's
 * diagnostics above them. It listens for builds on `/events` and reloads all three; the PDF is
 * drawn by pdf.js and the e-book by epub.js, both served by the preview itself.
 */
export function previewPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Octavo preview</title>
<style>
  :root { color-scheme: light dark; --bar: #f3f1ec; --ink: #1d1b18; --muted: #6b655c; --rule: #d8d2c6; --warn: #8a5a00; --error: #b00020; }
  @media (prefers-color-scheme: dark) { :root { --bar: #22211f; --ink: #e8e4dc; --muted: #aaa397; --rule: #4a463f; --warn: #e0b050; --error: #ff7a85; } }
  * { box-sizing: border-box; }
  html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; color: var(--ink); }
  body { display: grid; grid-template-rows: auto auto 1fr; }
  header { display: flex; gap: 1em; align-items: baseline; padding: 0.5em 1em; background: var(--bar); border-bottom: 1px solid var(--rule); }
  header h1 { font-size: 1em; margin: 0; }
  #status { color: var(--muted); }
  #status.failed { color: var(--error); }
  #messages { margin: 0; padding: 0; list-style: none; max-height: 30vh; overflow: auto; border-bottom: 1px solid var(--rule); }
  #messages:empty { display: none; }
  #messages li { padding: 0.3em 1em; border-top: 1px solid var(--rule); font-family: ui-monospace, monospace; font-size: 12px; }
  #messages .error { color: var(--error); }
  #messages .warning { color: var(--warn); }
  #messages .hint { display: block; color: var(--muted); font-family: system-ui, sans-serif; }
  main { display: grid; grid-template-columns: repeat(3, 1fr); min-height: 0; }
  section { display: grid; grid-template-rows: auto 1fr; min-height: 0; border-right: 1px solid var(--rule); }
  section h2 { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.08em; margin: 0; padding: 0.4em 1em; color: var(--muted); display: flex; gap: 0.5em; }
  section h2 a { color: inherit; margin-left: auto; }
  iframe { width: 100%; height: 100%; border: 0; background: #fff; }
  #pdf { overflow: auto; background: #777; padding: 8px; }
  #pdf canvas { display: block; margin: 0 auto 8px; background: #fff; box-shadow: 0 1px 4px #0006; max-width: 100%; height: auto; }
  #epub-pane { position: relative; min-height: 0; background: #fff; }
  #epub { position: absolute; inset: 0; }
  .turn { font: inherit; padding: 0 0.5em; }
</style>
<script src="/vendor/jszip.js"></script>
<script src="/vendor/epub.js"></script>
</head>
<body data-builds="0">
<header><h1>Octavo preview</h1><span id="status" role="status">building…</span><select id="publication" aria-label="Publication" hidden></select></header>
<ul id="messages" aria-label="Diagnostics"></ul>
<main>
  <section aria-labelledby="html-title"><h2 id="html-title">HTML <a id="html-link" href="#" target="_blank">open</a></h2><iframe id="html" title="The HTML page"></iframe></section>
  <section aria-labelledby="pdf-title"><h2 id="pdf-title">PDF <span id="pdf-pages"></span><a id="pdf-link" href="#" target="_blank">open</a></h2><div id="pdf" aria-label="PDF pages"></div></section>
  <section aria-labelledby="epub-title"><h2 id="epub-title">EPUB <button class="turn" id="prev" aria-label="Previous page">‹</button><button class="turn" id="next" aria-label="Next page">›</button><a id="epub-link" href="#" download>download</a></h2><div id="epub-pane"><div id="epub"></div></div></section>
</main>
<script type="module">
import * as pdfjs from '/vendor/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '/vendor/pdf.worker.mjs';
const $ = (id) => document.getElementById(id);
let state, book, rendition;

function showMessages(messages) {
  const list = $('messages');
  list.replaceChildren(...messages.map((message) => {
    const item = document.createElement('li');
    item.className = message.severity;
    item.textContent = message.file + ':' + (message.line ?? 1) + ':' + (message.column ?? 1) + ' ' + message.severity + ' ' + message.reason + (message.ruleId ? ' [' + message.ruleId + ']' : '');
    if (message.hint) {
      const hint = document.createElement('span');
      hint.className = 'hint';
      hint.textContent = message.hint;
      item.append(hint);
    }
    return item;
  }));
}

async function showPdf(url) {
  const data = await (await fetch(url)).arrayBuffer();
  const pdf = await pdfjs.getDocument({ data }).promise;
  const canvases = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const viewport = page.getViewport({ scale: 1.5 });
    const canvas = document.createElement('canvas');
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    canvas.setAttribute('aria-label', 'Page ' + number);
    await page.render({ canvasContext: canvas.getContext('2d'), viewport, canvas }).promise;
    canvases.push(canvas);
  }
  $('pdf').replaceChildren(...canvases);
  $('pdf-pages').textContent = pdf.numPages + (pdf.numPages === 1 ? ' page' : ' pages');
}

async function showEpub(url) {
  const data = await (await fetch(url)).arrayBuffer();
  const where = rendition?.currentLocation?.()?.start?.cfi;
  book?.destroy();
  $('epub').replaceChildren();
  book = ePub(data);
  rendition = book.renderTo('epub', { width: '100%', height: '100%', spread: 'none' });
  await book.ready;
  // The chapter after the cover, unless the reader was somewhere already.
  const first = book.spine.get(1) ?? book.spine.get(0);
  await rendition.display(where ?? first?.href).catch(() => rendition.display());
}

async function show(next) {
  state = next;
  const select = $('publication');
  const names = state.publications.map((entry) => entry.name);
  if (select.options.length !== names.length) {
    select.replaceChildren(...names.map((name) => new Option(name, name)));
    select.hidden = names.length < 2;
  }
  const publication = state.publications.find((entry) => entry.name === select.value) ?? state.publications[0];
  const errors = state.messages.filter((message) => message.severity === 'error').length;
  const warnings = state.messages.filter((message) => message.severity === 'warning').length;
  $('status').textContent = (state.ok ? 'built in ' + (state.ms / 1000).toFixed(2) + ' s' : 'build failed: the last good artifacts are shown') + ' · ' + errors + (errors === 1 ? ' error, ' : ' errors, ') + warnings + (warnings === 1 ? ' warning' : ' warnings');
  $('status').className = state.ok ? '' : 'failed';
  showMessages(state.messages);
  const tasks = [];
  const artifacts = publication?.artifacts ?? {};
  const stamp = '?build=' + state.builds;
  if (artifacts.html) {
    $('html').src = artifacts.html + stamp;
    $('html-link').href = artifacts.html;
    tasks.push(new Promise((resolve) => ($('html').onload = resolve)));
  }
  if (artifacts.pdf) {
    $('pdf-link').href = artifacts.pdf;
    tasks.push(showPdf(artifacts.pdf + stamp));
  }
  if (artifacts.epub) {
    $('epub-link').href = artifacts.epub;
    tasks.push(showEpub(artifacts.epub + stamp));
  }
  await Promise.allSettled(tasks);
  // For tests and tools: how many builds this page has shown, in full.
  document.body.dataset.builds = String(state.builds);
}

let showing = Promise.resolve();
const queue = (next) => (showing = showing.then(() => show(next)).catch((error) => console.error(error)));
new EventSource('/events').addEventListener('build', (event) => queue(JSON.parse(event.data)));
$('publication').addEventListener('change', () => state && queue(state));
$('prev').addEventListener('click', () => rendition?.prev());
$('next').addEventListener('click', () => rendition?.next());
</script>
</body>
</html>
`;
}
