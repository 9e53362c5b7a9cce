//! `sqsb-core`: the browser-free domain core of the Weihai “双全双百” module.
//!
//! Everything here is plain Rust: no web-sys, js-sys, gloo, yew or wasm-bindgen. It builds and is tested
//! natively (`cargo test -p sqsb-core`); the Yew UI in the root crate sits on top of it.
//!
//! Modules:
//! - [`catalog`]: the item catalog of both lifecycles (data/catalog.json), typed, checked and indexed.
//! - [`dictionary`]: data elements, roles, option lists and repeatable groups (data/dictionary/).
//! - [`forms`]: each leaf item's form, built from the dictionary in families (data/forms/).
//! - [`guides`]: each leaf item's 办事指南 and the shared materials dictionary (data/guides/, data/materials/).
//! - [`search`]: Chinese, pinyin and everyday-word search over the catalog.
//! - [`condition`]: conditions on answers, used by forms and materials.
//! - [`data`]: loading split data files with located errors.
//! - [`exchange`]: the documents the app downloads on demand (guides, forms, dictionary per stage).
//! - [`validate`]: validators per data-element kind (ID numbers, credit codes, phones, dates, amounts…).
//! - [`engine`]: chains merged into one form, validated, derived, split back into one application per item.
//! - [`update`]: catalog updates published after a build, accepted only when valid and newer.
//! - [`messages`]: the host message schema (v1): submissions and ratings out, navigate and config in.
//! - [`draft`]: the draft codec (versioned, migrates to newer data) and the profile that prefills later forms.
//! - [`deployment`]: the deployment file (`sqsb.config.json`): allowed hosts, native bridges, catalogs, retention.
//! - [`outbox`]: submissions waiting for their host's acknowledgement: due, backoff, acknowledgement.
//! - [`counter_code`]: the `SQSB2` counter code: a whole submission in a few QR codes for the counter, and back.
//! - [`receipt`]: the 受理回执 kept after a submission (no personal data), with where it stands.
//! - [`retention`]: how long personal data stays on the device.
//! - [`schedule`]: 办事日程: period arithmetic per the civil code, the rest-day calendar, deadlines as data.
//! - [`ical`]: the iCalendar (RFC 5545) file of a chain's deadlines.
//! - [`bundled`]: all the bundled data in one call, for the tools, examples and tests.

pub mod bundled;
pub mod catalog;
pub mod condition;
pub mod counter_code;
pub mod data;
pub mod deployment;
pub mod dictionary;
pub mod draft;
pub mod engine;
pub mod exchange;
pub mod forms;
pub mod guides;
pub mod ical;
pub mod messages;
pub mod outbox;
pub mod receipt;
pub mod retention;
pub mod schedule;
pub mod search;
pub mod situations;
pub mod update;
pub mod validate;

/// `s` as a URI component, exactly as JavaScript's `encodeURIComponent` writes it (routes in links: the app's
/// `Route::to_hash` and the first-screen search's result links write the same).
pub fn encode_uri_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

pub use catalog::{Catalog, CatalogError, CatalogErrorKind, CatalogIndex, ItemId, ItemType, LifecycleId};
