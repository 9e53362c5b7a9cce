#!/usr/bin/env bash
# Builds the release bundle into pkg/: wasm-pack (release profile tuned for size), then wasm-opt -Oz from the
# npm package binaryen (Debian's v108 cannot parse current Rust output).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

wasm-pack build --release --target web --out-dir pkg --out-name weihai_sqsb --no-pack . 
wasm="pkg/weihai_sqsb_bg.wasm"
before=$(stat -c %s "$wasm")
wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"
after=$(stat -c %s "$wasm")
printf '[build] wasm-opt -Oz: %s → %s bytes\n' "$before" "$after"

# On-demand data (guides, forms, dictionary per stage), resolved and checked at build time.
cargo run --quiet -p sqsb-core --bin export-data -- pkg/data
# Offline: the service worker's precache list (pkg/precache.js) with content-hashed revisions; last, after pkg/ is complete.
node tools/precache.mjs
