//! The device's date. The core never reads the clock, so the UI reads it here and passes the date in: to the
//! engine's date rules (`apply/`) and to the catalog update check (`catalog_update.rs`), in both builds.

use sqsb_core::validate::Date;

/// Today, in the device's time zone.
pub fn today() -> Date {
    let d = js_sys::Date::new_0();
    // A browser's clock always gives a real date; the default only satisfies the type.
    Date::new(d.get_full_year(), d.get_month() + 1, d.get_date()).unwrap_or_default()
}
