//! Catalog updates: the catalog bundled in the build, or a newer one published at the configured catalog URL.
//!
//! The app checks the URL once per start (with the stored ETag, so an unchanged catalog costs a 304). A newer
//! valid catalog is stored on the device and shown from the next screen change; an invalid or older one is
//! rejected with a logged reason and the catalog in use is kept. Drafts filled against an older catalog are
//! migrated when reopened (`Draft::reopen`), and the user is told what changed.

use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use sqsb_core::catalog::{CatalogError, CatalogIndex};
use sqsb_core::update::{check_update, UpdateRejected, MAX_CATALOG_BYTES};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::clock::today;
use crate::log::warn;

const CATALOG_KEY: &str = "sqsb.catalog.v1";

#[derive(Serialize, Deserialize)]
struct Stored {
    etag: Option<String>,
    json: String,
}

/// The catalog to start with: a stored update if it is still newer than the bundled one, else the bundled one.
pub fn load() -> Result<CatalogIndex, CatalogError> {
    let bundled = CatalogIndex::bundled()?;
    let Ok(stored) = LocalStorage::get::<Stored>(CATALOG_KEY) else { return Ok(bundled) };
    match check_update(bundled.version(), &stored.json, today()) {
        Ok(catalog) => Ok(CatalogIndex::new(catalog)),
        // This build bundles a catalog at least as new as the stored update: the update has served its time. (Or
        // the device's clock went back before the update's date: the next check fetches it again.)
        Err(_) => {
            LocalStorage::delete(CATALOG_KEY);
            Ok(bundled)
        }
    }
}

/// The ETag of the stored update, to ask the server whether anything changed.
fn stored_etag() -> Option<String> {
    LocalStorage::get::<Stored>(CATALOG_KEY).ok().and_then(|s| s.etag)
}

/// Asks `url` for a newer catalog than `current_version`. `Ok(None)`: nothing new.
pub async fn check(url: &str, current_version: &str) -> Result<Option<CatalogIndex>, String> {
    let window = gloo::utils::window();
    let init = web_sys::RequestInit::new();
    // Revalidate with the server rather than trust the HTTP cache.
    init.set_cache(web_sys::RequestCache::NoCache);
    let same_origin = web_sys::Url::new(url).map(|u| u.origin()).ok() == window.location().origin().ok();
    // A custom header on a cross-origin request needs a CORS preflight the catalog server may not allow.
    if let (true, Some(etag)) = (same_origin, stored_etag()) {
        let headers = web_sys::Headers::new().map_err(|e| format!("{e:?}"))?;
        headers.set("If-None-Match", &etag).map_err(|e| format!("{e:?}"))?;
        init.set_headers(&headers);
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(|e| format!("{e:?}"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a Response".to_owned())?;
    if response.status() == 304 {
        return Ok(None);
    }
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    // Too large by what the server says: not downloaded. (A compressed response states its compressed length, so
    // check_update measures the text again.)
    let length = response.headers().get("Content-Length").ok().flatten().and_then(|l| l.trim().parse::<usize>().ok());
    if let Some(bytes) = length.filter(|&n| n > MAX_CATALOG_BYTES) {
        return Err(UpdateRejected::TooLarge { bytes, limit: MAX_CATALOG_BYTES }.message_zh());
    }
    let etag = response.headers().get("ETag").ok().flatten();
    let text = JsFuture::from(response.text().map_err(|e| format!("{e:?}"))?).await.map_err(|e| format!("{e:?}"))?;
    let json = text.as_string().unwrap_or_default();
    match check_update(current_version, &json, today()) {
        Ok(catalog) => {
            if let Err(e) = LocalStorage::set(CATALOG_KEY, Stored { etag, json }) {
                warn(&format!("the new catalog is used now but could not be stored on this device: {e}"));
            }
            Ok(Some(CatalogIndex::new(catalog)))
        }
        // The one in use, fetched again: nothing to say.
        Err(UpdateRejected::NotNewer { found, current }) if found == current => Ok(None),
        Err(rejected) => Err(rejected.message_zh()),
    }
}
