//! One module per screen. Screens read the catalog, texts and basket from context (see app.rs).

pub mod basket;
pub mod browse;
pub mod guide;
pub mod home;
pub mod item;
pub mod search;
pub mod settings;
pub mod upcoming;
