//! On-demand data: guides and forms per stage, fetched once and kept for the session.
//! (The service worker keeps them for offline use.) Failures are values, never panics.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use sqsb_core::exchange::{FormsFile, GuidesFile};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

thread_local! {
    /// Where www/ is, relative to the page (set by the first mount; all instances share the module).
    static ASSET_BASE: RefCell<String> = RefCell::new("./".to_owned());
}

/// The base URL of on-demand data and the stylesheet (ends with `/`).
pub fn asset_base() -> String {
    ASSET_BASE.with(|b| b.borrow().clone())
}

/// A portal's `assetBase` (ending in `/`), given at mount.
pub fn set_asset_base(base: &str) {
    ASSET_BASE.with(|b| base.clone_into(&mut b.borrow_mut()));
}

/// Where the exported data lives, relative to the page (a portal may put www/ elsewhere: `assetBase`).
pub fn data_base() -> String {
    format!("{}pkg/data/", asset_base())
}

#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(Rc<T>),
    Failed(String),
}

pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = gloo::utils::window();
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(|e| format!("{e:?}"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a Response".to_owned())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| format!("{e:?}"))?).await.map_err(|e| format!("{e:?}"))?;
    text.as_string().ok_or_else(|| "not text".to_owned())
}

thread_local! {
    static GUIDES: RefCell<HashMap<String, Rc<GuidesFile>>> = RefCell::new(HashMap::new());
    static FORMS: RefCell<HashMap<String, Rc<FormsFile>>> = RefCell::new(HashMap::new());
}

async fn fetch_json<T: DeserializeOwned>(url: &str) -> Result<T, String> {
    let text = fetch_text(url).await?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// The field dictionary's text (`dictionary.json`), fetched once per page: the application flow builds a
/// `Dictionary` from it; the settings screen only reads field names from it (`exchange::field_names`).
pub async fn dictionary_text() -> Result<Rc<String>, String> {
    thread_local! { static DICT: RefCell<Option<Rc<String>>> = const { RefCell::new(None) }; }
    if let Some(hit) = DICT.with(|d| d.borrow().clone()) {
        return Ok(hit);
    }
    let text = Rc::new(fetch_text(&format!("{}dictionary.json", data_base())).await?);
    DICT.with(|d| *d.borrow_mut() = Some(text.clone()));
    Ok(text)
}

pub async fn stage_guides(stem: &str) -> Result<Rc<GuidesFile>, String> {
    if let Some(hit) = GUIDES.with(|c| c.borrow().get(stem).cloned()) {
        return Ok(hit);
    }
    let file: GuidesFile = fetch_json(&format!("{}guides-{stem}.json", data_base())).await?;
    let file = Rc::new(file);
    GUIDES.with(|c| c.borrow_mut().insert(stem.to_owned(), file.clone()));
    Ok(file)
}

pub async fn stage_forms(stem: &str) -> Result<Rc<FormsFile>, String> {
    if let Some(hit) = FORMS.with(|c| c.borrow().get(stem).cloned()) {
        return Ok(hit);
    }
    let file: FormsFile = fetch_json(&format!("{}forms-{stem}.json", data_base())).await?;
    let file = Rc::new(file);
    FORMS.with(|c| c.borrow_mut().insert(stem.to_owned(), file.clone()));
    Ok(file)
}

/// The guides of one stage, loading on first use. `retry` bumps to try again after a failure.
#[hook]
pub fn use_stage_guides(stem: String, retry: u32) -> Load<GuidesFile> {
    let state = use_state(|| Load::Loading);
    {
        let state = state.clone();
        use_effect_with((stem, retry), move |(stem, _)| {
            let stem = stem.clone();
            state.set(Load::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                match stage_guides(&stem).await {
                    Ok(file) => state.set(Load::Ready(file)),
                    Err(e) => {
                        crate::log::warn(&format!("guides-{stem}: {e}"));
                        state.set(Load::Failed(e));
                    }
                }
            });
        });
    }
    (*state).clone()
}
