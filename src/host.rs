//! The host bridge: how applications and ratings leave the module, and which messages it accepts.
//!
//! Outbound, one message schema (version 1) whichever way it travels:
//! `{ "type": "sqsb.submit", "v": 1, "reference": "SQ…", "applications": [Payload…] }` and
//! `{ "type": "sqsb.rate", "v": 1, "subject": "…", "level": 1..5, "comment": "…" }`.
//! A portal receives them in its `onSubmit` / `onRate` callbacks; the app-zone page posts them to its parent
//! frame (or opener) with each configured origin as the exact target origin (never `*`), so the browser hands
//! them over only to a host at an allowed origin.
//!
//! Inbound, from an allowed origin only (exact match), schema version 1:
//! `{ "type": "sqsb.navigate", "v": 1, "route": "#/item/E001" }` and
//! `{ "type": "sqsb.config", "v": 1, "elder": true, "lang": "en" }` (either field may be left out).
//! Anything else is ignored and logged.
//!
//! Submissions made offline wait in the outbox (`outbox.rs`) and are handed over once the network is back.

use serde_json::json;
use sqsb_core::engine::Payload;
use wasm_bindgen::JsValue;

use crate::embed::{warn, HostConfig};

/// The window to post to: the parent frame, else the opener.
pub fn target_window() -> Option<web_sys::Window> {
    let window = gloo::utils::window();
    let parent = window.parent().ok().flatten().filter(|p| p != &window);
    parent.or_else(|| window.opener().ok().and_then(|o| wasm_bindgen::JsCast::dyn_into::<web_sys::Window>(o).ok()))
}

fn to_js(message: &serde_json::Value) -> Option<JsValue> {
    js_sys::JSON::parse(&message.to_string()).ok()
}

/// Hands a message to the host: the callback if the portal gave one, else `postMessage` to each allowed origin.
/// Returns whether it was handed over.
fn deliver(host: &HostConfig, callback: Option<&js_sys::Function>, message: &serde_json::Value) -> bool {
    let Some(value) = to_js(message) else { return false };
    if let Some(callback) = callback {
        return match callback.call1(&JsValue::NULL, &value) {
            Ok(_) => true,
            Err(error) => {
                web_sys::console::error_2(&JsValue::from_str("weihai-sqsb: the host callback failed"), &error);
                false
            }
        };
    }
    let Some(target) = target_window() else { return false };
    // The browser delivers to the one origin the host window really has; the others are dropped unseen.
    host.origins.iter().filter(|origin| target.post_message(&value, origin).is_ok()).count() > 0
}

/// The submission message for a reference and its per-item applications.
pub fn submission(reference: &str, payloads: &[Payload]) -> serde_json::Value {
    json!({ "type": "sqsb.submit", "v": 1, "reference": reference, "applications": payloads })
}

/// Hands a submission message to the host now. Returns whether a host took it.
pub fn deliver_submission(host: &HostConfig, message: &serde_json::Value) -> bool {
    deliver(host, host.on_submit.as_ref(), message)
}

/// Hands a 好差评 rating to the host.
pub fn rate(host: &HostConfig, subject: &str, level: u8, comment: &str) -> bool {
    let message = json!({ "type": "sqsb.rate", "v": 1, "subject": subject, "level": level, "comment": comment });
    deliver(host, host.on_rate.as_ref(), &message)
}

/// Tells the portal which screen is showing (`onNavigate("#/item/E001")`).
pub fn navigated(host: &HostConfig, hash: &str) {
    if let Some(callback) = &host.on_navigate {
        if let Err(error) = callback.call1(&JsValue::NULL, &JsValue::from_str(hash)) {
            web_sys::console::error_2(&JsValue::from_str("weihai-sqsb: onNavigate failed"), &error);
        }
    }
}

/// A message the host may send.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    Navigate { route: String },
    Config { elder: Option<bool>, lang: Option<String> },
}

impl Inbound {
    /// Reads a message of schema version 1. Walks a `serde_json::Value` by hand rather than deriving a tagged
    /// enum: the derive's buffering code costs several KB of wasm for two small messages.
    fn parse(value: &serde_json::Value) -> Result<Inbound, String> {
        let object = value.as_object().ok_or("not an object")?;
        let kind = object.get("type").and_then(|t| t.as_str()).ok_or("no type")?;
        let allowed: &[&str] = match kind {
            "sqsb.navigate" => &["type", "v", "route"],
            "sqsb.config" => &["type", "v", "elder", "lang"],
            other => return Err(format!("unknown type {other:?}")),
        };
        if let Some(extra) = object.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(format!("unknown field {extra:?}"));
        }
        if object.get("v").and_then(|v| v.as_u64()) != Some(1) {
            return Err("unsupported version (v must be 1)".to_owned());
        }
        let text = |name: &str| -> Result<Option<String>, String> {
            match object.get(name) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(v) => v.as_str().map(|s| Some(s.to_owned())).ok_or_else(|| format!("{name} must be a string")),
            }
        };
        match kind {
            "sqsb.navigate" => match text("route")? {
                Some(route) if route.starts_with("#/") => Ok(Inbound::Navigate { route }),
                _ => Err("route must be an in-app route such as \"#/item/E001\"".to_owned()),
            },
            _ => {
                let elder = match object.get("elder") {
                    None | Some(serde_json::Value::Null) => None,
                    Some(v) => Some(v.as_bool().ok_or("elder must be true or false")?),
                };
                let lang = text("lang")?;
                if lang.as_deref().is_some_and(|l| l != "zh" && l != "en") {
                    return Err("lang must be \"zh\" or \"en\"".to_owned());
                }
                Ok(Inbound::Config { elder, lang })
            }
        }
    }
}

/// Checks an inbound message: exact origin, then schema. `None` means ignore (the reason is logged).
pub fn accept(host: &HostConfig, origin: &str, data: &JsValue) -> Option<Inbound> {
    let text = js_sys::JSON::stringify(data).ok().and_then(|s| s.as_string()).unwrap_or_default();
    // Pages receive messages meant for others (extensions, other frames): only ours are worth a log line.
    let ours = text.contains("\"sqsb.");
    if !host.origins.iter().any(|o| o == origin) {
        if ours {
            warn(&format!("ignored a message from {origin}: not an allowed host origin"));
        }
        return None;
    }
    let value = serde_json::from_str::<serde_json::Value>(&text).unwrap_or_default();
    match Inbound::parse(&value) {
        Ok(message) => Some(message),
        Err(reason) => {
            if ours {
                warn(&format!("ignored a message from {origin}: it does not follow the message schema ({reason})"));
            }
            None
        }
    }
}

/// A blob: URL of the applications as a JSON file, for the download link.
pub fn download_url(payloads: &[Payload]) -> Option<String> {
    let json = serde_json::to_string_pretty(payloads).ok()?;
    let parts = js_sys::Array::of1(&JsValue::from_str(&json));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}
