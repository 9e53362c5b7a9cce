//! The host bridge: how applications and ratings leave the module.
//!
//! In the app zone, the page is opened with `?host=<origin>` and talks to its native host or parent page through
//! `postMessage` with an explicit target origin (never `*`). Messages are versioned objects:
//! `{ "type": "sqsb.submit", "v": 1, "reference": "SQ…", "applications": [Payload…] }` and
//! `{ "type": "sqsb.rate", "v": 1, "subject": "…", "level": 1..5, "comment": "…" }`.
//! Without a host, submissions are offered as a JSON download (see the receipt screen).

use sqsb_core::engine::Payload;
use wasm_bindgen::JsValue;

/// The configured host origin (`?host=` on the page URL), exactly as given.
pub fn host_origin() -> Option<String> {
    let search = gloo::utils::window().location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|kv| match kv.split_once('=') {
        Some(("host", v)) => js_sys::decode_uri_component(v)
            .ok()?
            .as_string()
            .filter(|o| o.starts_with("https://") || o.starts_with("http://")),
        _ => None,
    })
}

/// The window to post to: the parent frame, else the opener.
fn target() -> Option<web_sys::Window> {
    let window = gloo::utils::window();
    let parent = window.parent().ok().flatten().filter(|p| p != &window);
    parent.or_else(|| window.opener().ok().and_then(|o| wasm_bindgen::JsCast::dyn_into::<web_sys::Window>(o).ok()))
}

pub fn has_host() -> bool {
    host_origin().is_some() && target().is_some()
}

fn post(message: &serde_json::Value) -> bool {
    let (Some(origin), Some(target)) = (host_origin(), target()) else { return false };
    let Ok(value) = js_sys::JSON::parse(&message.to_string()) else { return false };
    target.post_message(&value, &origin).is_ok()
}

/// Hands the applications to the host. Returns whether a host took them.
pub fn submit(reference: &str, payloads: &[Payload]) -> bool {
    post(&serde_json::json!({ "type": "sqsb.submit", "v": 1, "reference": reference, "applications": payloads }))
}

/// Hands a 好差评 rating to the host.
pub fn rate(subject: &str, level: u8, comment: &str) -> bool {
    post(&serde_json::json!({ "type": "sqsb.rate", "v": 1, "subject": subject, "level": level, "comment": comment }))
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
