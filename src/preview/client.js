// The preview page's script (served as /client.js by src/preview/server.ts): it listens for
// builds on /events and reloads the HTML page, the PDF's pages (pdf.js) and the e-book
// (epub.js), all served by the preview itself, and lists the build's diagnostics above them.
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
