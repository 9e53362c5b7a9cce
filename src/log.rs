//! The module's console messages, all prefixed `weihai-sqsb:` so that a host's developer can tell them from the
//! page's own. Citizens never see these: they are for support (field codes, reasons, URLs).

use wasm_bindgen::JsValue;

const PREFIX: &str = "weihai-sqsb: ";

/// Something went wrong but the module carries on (a value dropped, a retry later).
pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("{PREFIX}{message}")));
}

/// `warn` with the JavaScript value that caused it (an exception, a rejected promise), shown as the console shows it.
pub fn warn_with(message: &str, cause: &JsValue) {
    web_sys::console::warn_2(&JsValue::from_str(&format!("{PREFIX}{message}")), cause);
}

/// Something the module cannot recover from by itself (a panic, a build that does not start).
pub fn error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(&format!("{PREFIX}{message}")));
}

/// `error` with the JavaScript value that caused it.
pub fn error_with(message: &str, cause: &JsValue) {
    web_sys::console::error_2(&JsValue::from_str(&format!("{PREFIX}{message}")), cause);
}
