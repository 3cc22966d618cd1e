#!/usr/bin/env bash
# Installs the tools the benchmark compares Octavo with. None of them is a dependency of the
# project: pandoc and WeasyPrint from Debian, the npm ones into bench/anchors/.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
for tool in pandoc weasyprint pdfinfo; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages for: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends pandoc weasyprint poppler-utils >/dev/null
fi

# No browser downloads: every tool is pointed at the one Chromium Octavo uses.
# ignore-scripts also keeps puppeteer's postinstall from trying.
export PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --prefix bench/anchors --ignore-scripts --no-audit --no-fund --loglevel=error

pandoc --version | head -1
weasyprint --version
bench/anchors/node_modules/.bin/vivliostyle --version | head -1
echo "md-to-pdf $(node -p "require('./bench/anchors/node_modules/md-to-pdf/package.json').version")"
echo "commonmark-spec $(node -p "require('./bench/anchors/node_modules/commonmark-spec/package.json').version")"
