//! Small local persistence (localStorage): the basket. Storage failures (private mode, quota) are logged and
//! the app carries on with what it has in memory.

use gloo::storage::{LocalStorage, Storage};

const BASKET_KEY: &str = "sqsb.basket.v1";

pub fn load_basket() -> Vec<String> {
    LocalStorage::get::<Vec<String>>(BASKET_KEY).unwrap_or_default()
}

pub fn save_basket(items: &[String]) {
    if let Err(e) = LocalStorage::set(BASKET_KEY, items) {
        web_sys::console::warn_1(&format!("basket not saved: {e}").into());
    }
}
