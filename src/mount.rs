//! The JavaScript entry point: `mount(element)` renders the app into a host element and returns a handle.
//!
//! Used by `www/boot.js` (the app-zone page) and by portals that embed the module.

use wasm_bindgen::prelude::*;

use crate::app::App;

/// A mounted app. Call `unmount()` to remove it and free its resources.
#[wasm_bindgen]
pub struct MountHandle {
    handle: Option<yew::AppHandle<App>>,
}

#[wasm_bindgen]
impl MountHandle {
    /// Removes the app from its element. Calling it twice is harmless.
    pub fn unmount(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}

/// Renders the module into `element` (its previous content is replaced).
#[wasm_bindgen]
pub fn mount(element: web_sys::Element) -> MountHandle {
    element.set_inner_html("");
    let handle = yew::Renderer::<App>::with_root(element).render();
    MountHandle { handle: Some(handle) }
}
