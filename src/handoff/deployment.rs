//! Reading the deployment file (`sqsb.config.json` beside `index.html`; `sqsb_core::deployment` checks it).
//!
//! Fetched once per page and module, revalidated with the server (`no-cache`); the service worker answers from its
//! copy when the network is down. Missing (404), unreadable or invalid: no hosts, no catalogs, default retention —
//! the module works, and applications go to the counter.

use std::cell::RefCell;
use std::rc::Rc;

use sqsb_core::deployment::{Deployment, MAX_BYTES};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::log::warn;

pub const FILE: &str = "sqsb.config.json";

thread_local! {
    static LOADED: RefCell<Option<(String, Rc<Deployment>)>> = const { RefCell::new(None) };
}

/// The file's URL: beside the page (`index.html`), or under a portal's `assetBase`.
pub fn url(asset_base: Option<&str>) -> Option<String> {
    let base = gloo::utils::window().location().href().ok()?;
    web_sys::Url::new_with_base(&format!("{}{FILE}", asset_base.unwrap_or("./")), &base).ok().map(|u| u.href())
}

/// The deployment in force (an empty one when there is no valid file).
pub async fn load(url: &str) -> Rc<Deployment> {
    if let Some(found) = LOADED.with(|l| l.borrow().as_ref().filter(|(u, _)| u == url).map(|(_, d)| d.clone())) {
        return found;
    }
    let deployment = match fetch(url).await {
        Ok(Some(text)) => Deployment::parse(&text).unwrap_or_else(|reason| {
            warn(&format!("{FILE} ignored: {reason}; no host is allowed"));
            Deployment::default()
        }),
        Ok(None) => Deployment::default(),
        Err(reason) => {
            warn(&format!("{FILE} could not be read ({reason}); no host is allowed"));
            Deployment::default()
        }
    };
    let deployment = Rc::new(deployment);
    LOADED.with(|l| *l.borrow_mut() = Some((url.to_owned(), deployment.clone())));
    deployment
}

/// `Ok(None)`: there is no file (404).
async fn fetch(url: &str) -> Result<Option<String>, String> {
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoCache);
    let window = gloo::utils::window();
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(|e| format!("{e:?}"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response".to_owned())?;
    if response.status() == 404 {
        return Ok(None);
    }
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| format!("{e:?}"))?).await.map_err(|e| format!("{e:?}"))?;
    let text = text.as_string().unwrap_or_default();
    if text.len() > MAX_BYTES {
        return Err(format!("larger than {MAX_BYTES} bytes"));
    }
    Ok(Some(text))
}
