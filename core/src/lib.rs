//! `sqsb-core`: the browser-free domain core of the Weihai “双全双百” module.
//!
//! Everything here is plain Rust: no web-sys, js-sys, gloo, yew or wasm-bindgen. It builds and is tested
//! natively (`cargo test -p sqsb-core`); the Yew UI in the root crate sits on top of it.
//!
//! Modules:
//! - [`catalog`]: the item catalog of both lifecycles (data/catalog.json), typed, checked and indexed.

pub mod catalog;

pub use catalog::{
    Catalog, CatalogError, CatalogErrorKind, CatalogIndex, ItemId, ItemType, LifecycleId,
};
