// Loads the full build (pkg/full/) for the lean first-visit build: see src/upgrade.rs.
// wasm-bindgen copies this file to pkg/snippets/<crate>/src/upgrade.js, three levels below pkg/.
// A module is imported and initialised once per page, however many instances upgrade.
let loading = null;

export function loadFull() {
  if (!loading) {
    const full = new URL('../../../full/', import.meta.url);
    // The wasm download starts alongside the glue's, not after it (as in www/boot.src.js).
    const wasm = fetch(new URL('weihai_sqsb_bg.wasm', full));
    wasm.catch(() => {});
    loading = import(new URL('weihai_sqsb.js', full).href).then(async (module) => {
      await module.default({ module_or_path: wasm });
      return module;
    });
    // A failed attempt (offline, server down) may be retried.
    loading.catch(() => { loading = null; });
  }
  return loading;
}
