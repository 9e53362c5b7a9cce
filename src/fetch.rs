//! On-demand data: the dictionary, and guides and forms per stage, fetched once and kept for the session; what a
//! chain needs of them (`ChainData`).
//! (The service worker keeps them for offline use.) Failures are values, never panics.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::thread::LocalKey;

use serde::de::DeserializeOwned;
use sqsb_core::catalog::CatalogIndex;
use sqsb_core::dictionary::Dictionary;
use sqsb_core::engine::Engine;
use sqsb_core::exchange::{Fingerprint, FormsFile, GuidesFile};
use sqsb_core::forms::FormSet;
use sqsb_core::guides::{GuideSet, MaterialDictionary};
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

/// Why a data file did not load: the network or the server (trying again may help), or the file itself (a broken
/// deployment: retrying will not help, and the citizen is not told to check their network).
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    Network(String),
    Data(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Network(reason) => write!(f, "not received: {reason}"),
            LoadError::Data(reason) => write!(f, "unreadable: {reason}"),
        }
    }
}

impl From<LoadError> for String {
    fn from(e: LoadError) -> String {
        e.to_string()
    }
}

/// Files fetched once per page, by file name: a second request for the same file gets the same `Rc`.
type FileCache<T> = RefCell<HashMap<String, Rc<T>>>;

thread_local! {
    static GUIDES: FileCache<GuidesFile> = RefCell::new(HashMap::new());
    static FORMS: FileCache<FormsFile> = RefCell::new(HashMap::new());
    static TEXTS: FileCache<String> = RefCell::new(HashMap::new());
}

/// `pkg/data/<file>` through `cache`: fetched and parsed on first use; failures are not kept (a retry fetches).
async fn cached<T: 'static>(
    cache: &'static LocalKey<FileCache<T>>,
    file: String,
    parse: impl FnOnce(String) -> Result<T, String>,
) -> Result<Rc<T>, LoadError> {
    if let Some(hit) = cache.with(|c| c.borrow().get(&file).cloned()) {
        return Ok(hit);
    }
    let text =
        fetch_text(&format!("{}{file}", data_base())).await.map_err(|e| LoadError::Network(format!("{file}: {e}")))?;
    let value = Rc::new(parse(text).map_err(|e| LoadError::Data(format!("{file}: {e}")))?);
    cache.with(|c| c.borrow_mut().insert(file, value.clone()));
    Ok(value)
}

fn json<T: DeserializeOwned>(text: String) -> Result<T, String> {
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// The field dictionary's text (`dictionary.json`): the application flow builds a `Dictionary` from it; the
/// settings screen and the counter only read field names from it (`exchange::field_names`).
pub async fn dictionary_text() -> Result<Rc<String>, LoadError> {
    cached(&TEXTS, "dictionary.json".to_owned(), Ok).await
}

pub async fn stage_guides(stem: &str) -> Result<Rc<GuidesFile>, LoadError> {
    cached(&GUIDES, format!("guides-{stem}.json"), json).await
}

pub async fn stage_forms(stem: &str) -> Result<Rc<FormsFile>, LoadError> {
    cached(&FORMS, format!("forms-{stem}.json"), json).await
}

/// The fingerprint of the `dictionary.json` this build was made with and checked (tools/build.sh sets it from
/// `export-data --dictionary-fingerprint`): exactly that file is read without checking it again. A build without
/// it (tests, `cargo build`) checks every file.
fn built_dictionary() -> Option<Fingerprint> {
    option_env!("SQSB_DICTIONARY_FINGERPRINT").and_then(Fingerprint::parse)
}

/// Everything the engine needs for one chain, downloaded: the dictionary and the forms and guides of the stages
/// the chain's leaves are in.
pub struct ChainData {
    pub dict: Dictionary,
    pub forms: FormSet,
    pub guides: GuideSet,
    pub materials: MaterialDictionary,
}

/// Never equal: a new download is new data (screens compare the `Rc` that holds it).
impl PartialEq for ChainData {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

impl ChainData {
    /// The engine over the catalog and this data.
    pub fn engine<'a>(&'a self, index: &'a CatalogIndex) -> Engine<'a> {
        Engine::new(index, &self.dict, &self.forms, &self.guides, &self.materials)
    }

    /// Fetches (or takes from the page's cache) what a chain in the stage files `stems` needs.
    pub async fn load(stems: &[String]) -> Result<ChainData, LoadError> {
        let dict = Dictionary::from_exchange_built(&dictionary_text().await?, built_dictionary())
            .map_err(|e| LoadError::Data(e.message_zh()))?;
        let mut form_files = Vec::new();
        let mut guide_files = Vec::new();
        for stem in stems {
            form_files.push(stage_forms(stem).await?);
            guide_files.push(stage_guides(stem).await?);
        }
        let forms = FormSet::from_files(form_files.iter().map(|f| f.as_ref()));
        let guides = GuideSet::from_files(guide_files.iter().map(|f| f.as_ref()));
        let materials = MaterialDictionary::from_files(guide_files.iter().map(|f| f.as_ref()));
        Ok(ChainData { dict, forms, guides, materials })
    }
}

/// The version of the forms data this build was made with (tools/build.sh sets it from `export-data
/// --forms-version`; its stage files record the same). A draft made before its forms are downloaded records it, so
/// that only a draft filled against other forms is reopened. A build without it (tests) records none, and its
/// drafts are reopened once when their forms arrive, which keeps everything that applies.
fn built_forms_version() -> &'static str {
    option_env!("SQSB_FORMS_VERSION").unwrap_or_default()
}

/// An engine over the catalog alone: enough to resolve chains before any stage file is loaded. Its forms are
/// none, of the build's forms version ([`built_forms_version`]).
pub fn with_catalog_engine<T>(index: &CatalogIndex, f: impl FnOnce(&Engine<'_>) -> T) -> T {
    let (dict, forms, guides, materials) = (
        Dictionary::default(),
        FormSet::empty_of_version(built_forms_version()),
        GuideSet::default(),
        MaterialDictionary::default(),
    );
    f(&Engine::new(index, &dict, &forms, &guides, &materials))
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
                        crate::log::warn(&e.to_string());
                        state.set(Load::Failed(e.into()));
                    }
                }
            });
        });
    }
    (*state).clone()
}
