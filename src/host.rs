//! The host bridge: how applications and ratings leave the module, and which messages it accepts.
//!
//! The messages (schema version 1) are built and read in `sqsb_core::messages`; this module moves them.
//!
//! Outbound (`sqsb.submit`, `sqsb.rate`): a portal receives them in its `onSubmit` / `onRate` callbacks; the
//! app-zone page posts them to its parent frame (or opener) with each configured origin as the exact target origin
//! (never `*`), so the browser hands them over only to a host at an allowed origin.
//!
//! Inbound (`sqsb.navigate`, `sqsb.config`): from an allowed origin only (exact match), and only if
//! `Inbound::parse` takes it; anything else is ignored and logged.
//!
//! Submissions made offline wait in the outbox (`outbox.rs`) and are handed over once the network is back.

use sqsb_core::engine::Payload;
use sqsb_core::messages;
pub use sqsb_core::messages::Inbound;
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

/// Hands a submission message to the host now. Returns whether a host took it.
pub fn deliver_submission(host: &HostConfig, message: &serde_json::Value) -> bool {
    deliver(host, host.on_submit.as_ref(), message)
}

/// Hands a 好差评 rating to the host.
pub fn rate(host: &HostConfig, subject: &str, level: u8, comment: &str) -> bool {
    deliver(host, host.on_rate.as_ref(), &messages::rating(subject, level, comment))
}

/// Tells the portal which screen is showing (`onNavigate("#/item/E001")`).
pub fn navigated(host: &HostConfig, hash: &str) {
    if let Some(callback) = &host.on_navigate {
        if let Err(error) = callback.call1(&JsValue::NULL, &JsValue::from_str(hash)) {
            web_sys::console::error_2(&JsValue::from_str("weihai-sqsb: onNavigate failed"), &error);
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
