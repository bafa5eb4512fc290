#!/bin/sh
# Builds the explorer's bundle.
#
# Installs the exact versions pinned in package-lock.json (when node_modules is missing or
# older than the lock) and bundles src/main.js with esbuild into explorer.js and explorer.css,
# which are committed under ../assets so that `go build` / `go run` never needs npm. It then
# writes ../assets/BUILD.txt: the SHA-256 of every input and output, which a Go test checks
# (a changed source with the old bundle fails it).
#
# Usage: explorer/web/build.sh [OUTDIR]   (from anywhere; OUTDIR defaults to ../assets)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../assets"}
mkdir -p "$out"
out=$(cd "$out" && pwd)

cd "$here"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund
fi

node_modules/.bin/esbuild src/main.js \
	--bundle --minify --format=iife --target=es2020 --legal-comments=none \
	--charset=utf8 --log-level=warning \
	--outfile="$out/explorer.js"

# The record of what the bundle was built from, in a fixed order.
{
	echo "# explorer bundle: sha256 of its inputs and outputs (written by explorer/web/build.sh)"
	for p in esbuild cytoscape chart.js; do
		printf 'package %s@%s\n' "$p" "$(node -p "require('./node_modules/$p/package.json').version")"
	done
	for f in build.sh package.json package-lock.json $(find src -type f | LC_ALL=C sort); do
		printf 'input %s %s\n' "$f" "$(sha256sum "$f" | cut -d' ' -f1)"
	done
	for f in explorer.js explorer.css; do
		printf 'output %s %s\n' "$f" "$(sha256sum "$out/$f" | cut -d' ' -f1)"
	done
} >"$out/BUILD.txt"
