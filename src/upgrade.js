// Loads the full build (pkg/full/) for the lean first-visit build: see src/upgrade.rs.
// wasm-bindgen copies this file to pkg/snippets/<crate>/src/upgrade.js, three levels below pkg/.
// A module is imported and initialised once per page, however many instances upgrade.
let loading = null;

export function loadFull() {
  if (!loading) {
    loading = import(new URL('../../../full/weihai_sqsb.js', import.meta.url).href).then(async (module) => {
      await module.default();
      return module;
    });
    // A failed attempt (offline, server down) may be retried.
    loading.catch(() => { loading = null; });
  }
  return loading;
}
