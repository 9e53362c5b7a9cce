//! DOM lookups that work both in the app-zone page and inside a portal's shadow root, where
//! `document.getElementById` cannot see the module's elements.

use wasm_bindgen::JsCast;

/// The element with `id` in the same document or shadow root as the event's target.
pub fn by_id_near(event: &web_sys::Event, id: &str) -> Option<web_sys::HtmlElement> {
    let node: web_sys::Node = event.target()?.dyn_into().ok()?;
    let root = node.get_root_node();
    let found = if let Some(shadow) = root.dyn_ref::<web_sys::ShadowRoot>() {
        shadow.get_element_by_id(id)
    } else {
        root.dyn_ref::<web_sys::Document>()?.get_element_by_id(id)
    };
    found?.dyn_into().ok()
}
