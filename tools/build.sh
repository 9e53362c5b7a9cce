#!/usr/bin/env bash
# Builds the release bundle into pkg/: wasm-pack (release profile tuned for size), then wasm-opt -Oz from the
# npm package binaryen (Debian's v108 cannot parse current Rust output).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Two builds of the crate (src/upgrade.rs): the lean one a first visit loads (pkg/), and the full one (pkg/full/)
# it switches to for an item's guide or an application. Lean first: the second build writes inside pkg/.
rm -rf pkg/full pkg/snippets pkg/first
# The app reads exactly the dictionary.json this build checks without checking it again (src/fetch.rs): its
# fingerprint, from the same export (native, the debug build `make test-native` uses), goes into both wasm builds;
# export-data below refuses to write a different file.
SQSB_DICTIONARY_FINGERPRINT=$(cargo run --quiet -p sqsb-core --bin export-data -- --dictionary-fingerprint)
export SQSB_DICTIONARY_FINGERPRINT
# The forms version its stage files record goes in too: a draft made before its forms are downloaded records it,
# and only a draft filled against other forms is reopened (src/fetch.rs `built_forms_version`).
SQSB_FORMS_VERSION=$(cargo run --quiet -p sqsb-core --bin export-data -- --forms-version)
export SQSB_FORMS_VERSION
wasm-pack build --release --target web --out-dir pkg --out-name weihai_sqsb --no-pack . --no-default-features
wasm-pack build --release --target web --out-dir pkg/full --out-name weihai_sqsb --no-pack .
# The first-screen search (first/): catalog and search without the framework, loaded before the app (boot.src.js).
wasm-pack build --release --target web --out-dir ../pkg/first --out-name sqsb_first --no-pack first
for wasm in pkg/first/sqsb_first_bg.wasm pkg/weihai_sqsb_bg.wasm pkg/full/weihai_sqsb_bg.wasm; do
  before=$(stat -c %s "$wasm")
  # --converge (repeat -Oz until nothing shrinks) only for what a first visit loads: 0.7 KB brotli for 13 s of build.
  converge=""; [ "$wasm" != pkg/full/weihai_sqsb_bg.wasm ] && converge=--converge
  # SQSB_KEEP_NAMES=1 keeps the full build's function names (the same code plus a name section) for a CPU profile
  # (tools/profile-apply.mjs); never for a release.
  strip=--strip-debug; [ "${SQSB_KEEP_NAMES:-}" = 1 ] && [ "$wasm" = pkg/full/weihai_sqsb_bg.wasm ] && strip=--debuginfo
  wasm-opt -Oz $converge $strip --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  after=$(stat -c %s "$wasm")
  printf '[build] wasm-opt -Oz %s: %s → %s bytes\n' "$wasm" "$before" "$after"
done

# JavaScript as the browser gets it: minified (terser, from npm). The JS glue and snippets in place; the page's boot
# code from its source, www/boot.src.js, to www/boot.js (and www/early.src.js to www/early.js), and the notices it loads after the app (www/notices.src.js)
# to www/notices.js. Comments stay in the sources, not in citizens' downloads.
for js in pkg/first/sqsb_first.js pkg/weihai_sqsb.js pkg/full/weihai_sqsb.js $(find pkg -path '*/snippets/*.js'); do
  terser "$js" --module --compress --mangle --comments '/@ts-self-types/' -o "$js"
done
terser www/boot.src.js --module --compress --mangle -o www/boot.js
terser www/early.src.js --compress --mangle -o www/early.js
terser www/notices.src.js --module --compress --mangle -o www/notices.js
# The application's prerendered screens before the app (loaded at #/start/scenario/… only).
terser www/apply-screens.src.js --module --compress --mangle -o www/apply-screens.js
printf '[build] minified: %s\n' "$(wc -c pkg/weihai_sqsb.js pkg/full/weihai_sqsb.js www/boot.js | head -3 | tr -s ' ' | tr '\n' ';')"

# The app-zone page with the home screen prerendered into it (src/bin/prerender.rs): a first visit sees the home
# before the wasm arrives. Native, debug profile: the same build `make test-native` uses.
cargo run --quiet --features prerender --bin prerender -- www/index.template.html www/index.html pkg/pages

# On-demand data (guides, forms, dictionary per stage), resolved and checked at build time.
cargo run --quiet -p sqsb-core --bin export-data -- pkg/data
# Offline: the service worker's precache list (pkg/precache.js) with content-hashed revisions; last, after pkg/ is complete.
node tools/precache.mjs
