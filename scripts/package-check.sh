#!/usr/bin/env bash
# `npm run test:package`: the package as a user gets it. Packs this checkout with plain
# `npm pack` (prepack compiles lib/), installs the tarball into an empty project with
# `npm install <tarball>` as the README says, and there runs `npx octavo --version`, `init`,
# `npm run build` and a script using the API, type-checked with `tsc --strict`. Fails on an
# engine warning on this Node, or an install over the ceiling; prints size and package count.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# Issue 26's bound: the whole install at most 250 MB (docs/internals.md has how it got there).
# A new dependency tree, font or vendored build that passes it fails here, in CI.
ceiling_mb=250
work="$(mktemp -d "${TMPDIR:-/tmp}/octavo-package-XXXXXX")"
trap 'rm -rf "$work"' EXIT

cd "$repo"
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -1)"
tar -tzf "$tarball" > "$work/files.txt"
for file in lib/cli.js lib/index.d.ts vendor/pagedjs/paged.polyfill.min.js; do
  grep -qx "package/$file" "$work/files.txt" || { echo "package-check: $(basename "$tarball") has no $file"; exit 1; }
done
echo "package-check: $(basename "$tarball"), $(du -k "$tarball" | cut -f1) kB, $(wc -l < "$work/files.txt") files"

mkdir "$work/project" && cd "$work/project"
npm init -y >/dev/null
npm install --save-dev "$tarball" --no-audit --no-fund 2>&1 | tee "$work/install.log"
if grep -q EBADENGINE "$work/install.log"; then echo "package-check: npm warned of an engine on Node $(node --version)"; exit 1; fi
size_mb=$(( $(du -sk node_modules | cut -f1) / 1024 ))
packages=$(( $(npm ls --all --parseable 2>/dev/null | wc -l) - 1 ))
echo "package-check: installed: ${size_mb} MB in ${packages} packages (at most ${ceiling_mb} MB)"
[ "$size_mb" -le "$ceiling_mb" ] || { echo "package-check: the install is over ${ceiling_mb} MB"; exit 1; }

npx octavo --version
npx octavo init
npm run build
ls dist

# docs/api.md's examples (each ```ts block), type-checked strictly against the installed
# declarations, then run in order.
node -e '
const text = require("fs").readFileSync(process.argv[1], "utf8");
const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
if (blocks.length === 0) throw new Error("docs/api.md has no ts examples");
blocks.forEach((code, index) => require("fs").writeFileSync(`example-${index + 1}.mts`, code));
console.log(`package-check: ${blocks.length} examples from docs/api.md`);
' "$repo/docs/api.md"
"$repo/node_modules/.bin/tsc" --strict --outDir api --module nodenext --moduleResolution nodenext --target es2022 --types node --typeRoots "$repo/node_modules/@types" example-*.mts
for example in api/example-*.mjs; do echo "package-check: node $example"; node "$example"; done
ls api-dist api-project
echo "package-check: passed"
