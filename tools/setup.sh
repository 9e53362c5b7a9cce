#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently: a second run only checks and returns.
#   - Rust: wasm32 target, clippy, rustfmt, wasm-pack, wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version
#   - Debian: chromium + chromium-driver (browser tests), fonts-wqy-microhei (readable screenshots)
#   - npm: binaryen (wasm-opt), terser (JS minifier), playwright-core, axe-core (from package-lock.json)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

# --- Debian packages ---------------------------------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
# A CJK font, so that screenshots of the Chinese interface are readable.
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (apt)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Rust toolchain pieces ---------------------------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v wasm-pack >/dev/null 2>&1; then
  say "installing wasm-pack (cargo install, a few minutes the first time)"
  cargo install wasm-pack --quiet
fi

# wasm-pack uses a wasm-bindgen on PATH only when it matches Cargo.lock; otherwise it downloads one.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$wb_version" ]; then
  say "Cargo.lock has no wasm-bindgen entry"; exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wb_version" ]; then
  say "installing wasm-bindgen-cli $wb_version (cargo install, a few minutes the first time)"
  # Not --locked: the registry lacks one of the CLI's pinned dependencies.
  cargo install wasm-bindgen-cli --version "$wb_version" --force --quiet
fi

# --- npm tools ---------------------------------------------------------------------------------------------
stamp=node_modules/.sqsb-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

say "ready (wasm-bindgen $wb_version, $(wasm-pack --version), wasm-opt $(node_modules/.bin/wasm-opt --version | awk '{print $3}'))"
