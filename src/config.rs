//! How one instance of the module is configured: from the page URL in the app zone (`www/index.html`), or from
//! the options object a portal passes to `mount(element, options)`. Read once at mount; never panics on what a
//! host or a link gives it: anything malformed is left out and logged.

use std::rc::Rc;

use js_sys::{Function, Reflect};
use sqsb_core::catalog::LifecycleId;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::Lang;
use crate::log::warn;
use crate::route::{Route, Routing};

/// Set (`true`) in the options a lean instance hands over to the full build (`upgrade.rs`); read into
/// `Config::handover`.
pub const HANDOVER: &str = "sqsbHandover";

/// The host side as this instance was given it. On the app-zone page, `origins` is what the link asked for
/// (`?host=`), which the deployment file narrows (`handoff`); a portal's options are its own deployment.
#[derive(Debug, Clone, Default)]
pub struct HostConfig {
    /// Exact origins (`https://portal.example.gov.cn`). Never `*`.
    pub origins: Vec<String>,
    pub on_submit: Option<Function>,
    pub on_rate: Option<Function>,
    pub on_navigate: Option<Function>,
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    pub routing: Routing,
    /// Where to start when the location names no screen.
    pub start: Option<Route>,
    /// Set by the host: wins over what the user chose last time on this device.
    pub elder: Option<bool>,
    pub lang: Option<Lang>,
    /// A published catalog to check for updates (`catalogUrl`; `?catalog=`, which the deployment must list).
    pub catalog_url: Option<String>,
    /// The outbox channel: queued submissions are delivered only by an instance of the same name.
    pub name: String,
    /// Where www/ is, relative to the page, ending in `/` (a portal's `assetBase`); `None`: the page's folder.
    pub asset_base: Option<String>,
    pub host: HostConfig,
    /// This instance continues a lean one that switched to the full build: this start's catalog check is done (a
    /// newer catalog it found is stored and loaded), and the user has just acted, so focus goes to the screen.
    pub handover: bool,
}

/// The configuration as a context value (compared by identity: it never changes after mount).
#[derive(Debug, Clone, Default)]
pub struct ConfigContext(pub Rc<Config>);

impl PartialEq for ConfigContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for ConfigContext {
    type Target = Config;
    fn deref(&self) -> &Config {
        &self.0
    }
}

/// `https://host[:port]` exactly as `URL.origin` writes it, or `None` (paths, `*`, other schemes).
pub fn exact_origin(candidate: &str) -> Option<String> {
    let url = web_sys::Url::new(candidate).ok()?;
    let origin = url.origin();
    let scheme_ok = origin.starts_with("https://") || origin.starts_with("http://");
    (scheme_ok && origin == candidate.trim_end_matches('/')).then_some(origin)
}

fn add_origin(origins: &mut Vec<String>, candidate: &str) {
    match exact_origin(candidate) {
        Some(o) if !origins.contains(&o) => origins.push(o),
        Some(_) => {}
        None => {
            warn(&format!("ignored host origin {candidate:?}: give an exact origin such as https://example.gov.cn"))
        }
    }
}

/// The start screen named by `lifecycle` / `stage` / `scenario` / `item` / `route` values.
fn start_route(get: impl Fn(&str) -> Option<String>) -> Option<Route> {
    if let Some(route) = get("route") {
        return Some(Route::parse(&route));
    }
    if let Some(item) = get("item") {
        return Some(Route::Item { id: item });
    }
    let split = |v: &str| v.split_once('/').map(|(a, b)| (a.to_owned(), b.to_owned()));
    if let Some((lc, code)) = get("scenario").as_deref().and_then(split) {
        return Some(match LifecycleId::parse(&lc) {
            Some(lifecycle) => Route::Scenario { lifecycle, code },
            None => Route::NotFound,
        });
    }
    if let Some((lc, no)) = get("stage").as_deref().and_then(split) {
        return Some(match (LifecycleId::parse(&lc), no.parse()) {
            (Some(lifecycle), Ok(no)) => Route::Stage { lifecycle, no },
            _ => Route::NotFound,
        });
    }
    // A lifecycle alone starts at its first stage.
    let lifecycle = get("lifecycle")?;
    Some(LifecycleId::parse(&lifecycle).map_or(Route::NotFound, |lifecycle| Route::Stage { lifecycle, no: 1 }))
}

fn flag(v: &str) -> Option<bool> {
    match v {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

fn lang(v: &str) -> Option<Lang> {
    match v {
        v if v.starts_with("en") => Some(Lang::En),
        v if v.starts_with("zh") => Some(Lang::Zh),
        _ => None,
    }
}

impl Config {
    /// The app-zone page: `?scenario=personal/1.1&elder=1&lang=en&host=https://…&catalog=…`.
    /// A catalog URL from a link must be on this site (a crafted link must not swap the catalog).
    pub fn from_page_url() -> Config {
        let location = gloo::utils::window().location();
        let search = location.search().unwrap_or_default();
        let pairs: Vec<(String, String)> = search
            .trim_start_matches('?')
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_owned(), crate::route::decode(v)))
            .collect();
        let get = |name: &str| pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let mut host = HostConfig::default();
        for (_, v) in pairs.iter().filter(|(k, _)| k == "host") {
            for origin in v.split(',').filter(|o| !o.is_empty()) {
                add_origin(&mut host.origins, origin);
            }
        }
        let page_origin = location.origin().unwrap_or_default();
        let base = location.href().unwrap_or_default();
        let catalog_url = get("catalog").and_then(|c| {
            let url = web_sys::Url::new_with_base(&c, &base).ok()?;
            if url.origin() == page_origin {
                Some(url.href())
            } else {
                warn(&format!("ignored catalog URL {c:?} from the page address: it must be on this site"));
                None
            }
        });
        Config {
            routing: Routing::Hash,
            start: start_route(get),
            elder: get("elder").as_deref().and_then(flag),
            lang: get("lang").as_deref().and_then(lang),
            catalog_url,
            name: "page".to_owned(),
            asset_base: None,
            host,
            handover: false,
        }
    }

    /// A portal's `mount(element, options)`; see `MountOptions` in the generated `.d.ts`.
    pub fn from_options(options: &JsValue) -> Config {
        let field = |name: &str| -> Option<JsValue> {
            if !options.is_object() {
                return None;
            }
            Reflect::get(options, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
        };
        let text = |name: &str| field(name).and_then(|v| v.as_string()).filter(|s| !s.is_empty());
        let callback = |name: &str| {
            let value = field(name)?;
            let f = value.dyn_into::<Function>().ok();
            if f.is_none() {
                warn(&format!("option {name} is not a function; ignored"));
            }
            f
        };
        let mut origins = Vec::new();
        if let Some(list) = field("allowedOrigins") {
            match list.dyn_into::<js_sys::Array>() {
                Ok(list) => list.iter().filter_map(|v| v.as_string()).for_each(|o| add_origin(&mut origins, &o)),
                Err(_) => warn("option allowedOrigins must be an array of origins; ignored"),
            }
        }
        let catalog_url = text("catalogUrl").and_then(|c| {
            let base = gloo::utils::window().location().href().unwrap_or_default();
            let url = web_sys::Url::new_with_base(&c, &base).ok().map(|u| u.href());
            if url.is_none() {
                warn(&format!("option catalogUrl {c:?} is not a URL; ignored"));
            }
            url
        });
        Config {
            routing: Routing::Memory,
            start: start_route(text),
            elder: field("elder").and_then(|v| v.as_bool()),
            lang: text("lang").as_deref().and_then(lang),
            catalog_url,
            name: text("name").unwrap_or_else(|| "portal".to_owned()),
            asset_base: text("assetBase").map(|b| if b.ends_with('/') { b } else { format!("{b}/") }),
            host: HostConfig {
                origins,
                on_submit: callback("onSubmit"),
                on_rate: callback("onRate"),
                on_navigate: callback("onNavigate"),
            },
            handover: field(HANDOVER).and_then(|v| v.as_bool()).unwrap_or(false),
        }
    }
}

/// This instance's configuration.
#[yew::hook]
pub fn use_config() -> ConfigContext {
    yew::use_context::<ConfigContext>().unwrap_or_default()
}
