// Octavo's tests run DAISY Ace, whose puppeteer would download a Chrome when installed (npm
// before 11.19 runs dependencies' install scripts; package.json's allowScripts denies them on
// newer npm). Ace runs with Octavo's own Chromium, so nothing is downloaded.
module.exports = { skipDownload: true };
