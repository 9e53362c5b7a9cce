//! The Weihai “双全双百” government-services module: the Yew UI and browser glue.
//!
//! The domain (catalog, search, forms, validators, drafts) lives in the browser-free `sqsb-core` crate;
//! this crate only renders it and talks to the browser. See ARCHITECTURE.md.

pub mod answers;
pub mod app;
pub mod apply;
pub mod basket;
pub mod catalog;
pub mod catalog_update;
pub mod clock;
pub mod config;
#[cfg(feature = "full")]
pub mod counter;
pub mod crash;
pub mod dom;
pub mod fetch;
pub mod handoff;
pub mod i18n;
pub mod log;
pub mod mount;
pub mod object_urls;
pub mod prefs;
pub mod prerender;
pub mod qr;
pub mod rating;
pub mod route;
pub mod screens;
pub mod upgrade;

pub use mount::{mount, mount_page, MountHandle};
