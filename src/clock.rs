//! The device's date. The core never reads the clock, so the UI reads it here and passes the date in: to the
//! engine's date rules (`apply/`) and to the catalog update check (`catalog_update.rs`), in both builds.

use sqsb_core::validate::Date;

/// Today, in the device's time zone.
#[cfg(target_arch = "wasm32")]
pub fn today() -> Date {
    let d = js_sys::Date::new_0();
    // A browser's clock always gives a real date; the default only satisfies the type.
    Date::new(d.get_full_year(), d.get_month() + 1, d.get_date()).unwrap_or_default()
}

/// Natively there is no device: the build-time prerender (`src/bin/prerender.rs`) renders the application's first
/// screens with this stand-in, a date no answer can have, and `boot.js` puts the citizen's today in its place where it
/// shows in the markup (a date field's `min`/`max`: `crate::prerender::TODAY_STAND_IN`).
#[cfg(not(target_arch = "wasm32"))]
pub fn today() -> Date {
    Date::new(1000, 1, 1).unwrap_or_default()
}
