#!/bin/sh
# Re-vendors the playground's browser files.
#
# Installs the exact versions pinned in package-lock.json and copies the
# prebuilt UMD bundles (no bundler involved) into ../assets/vendor, which is
# committed so that `go build` / `go run` never needs npm or the network.
#
# Usage: playground/web/build.sh   (from anywhere)
#
# npm prints "ERESOLVE overriding peer dependency" warnings for
# graphiql-explorer@0.9.0 (bundled inside @graphiql/plugin-explorer's UMD
# build, which declares ancient react/graphql peers); they are harmless.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
vendor="$here/../assets/vendor"

cd "$here"
npm ci --no-audit --no-fund

nm="$here/node_modules"
rm -rf "$vendor"
mkdir -p "$vendor"

cp "$nm/react/umd/react.production.min.js"              "$vendor/react.production.min.js"
cp "$nm/react-dom/umd/react-dom.production.min.js"      "$vendor/react-dom.production.min.js"
cp "$nm/graphiql/graphiql.min.js"                       "$vendor/graphiql.min.js"
cp "$nm/graphiql/graphiql.min.css"                      "$vendor/graphiql.min.css"
cp "$nm/@graphiql/plugin-explorer/dist/index.umd.js"    "$vendor/plugin-explorer.umd.js"
cp "$nm/@graphiql/plugin-explorer/dist/style.css"       "$vendor/plugin-explorer.css"

# Record what was vendored, for reviewers and for `git diff` on upgrades.
{
	for p in react react-dom graphiql @graphiql/plugin-explorer; do
		printf '%s@%s\n' "$p" "$(node -p "require('$nm/$p/package.json').version")"
	done
} >"$vendor/VERSIONS.txt"

ls -l "$vendor"
