//! Catalog updates: only a valid catalog of a newer version is taken; everything else is rejected with a reason.

use std::cmp::Ordering;

use sqsb_core::catalog::{CatalogIndex, BUNDLED_JSON};
use sqsb_core::update::{check_update, compare_versions, UpdateRejected, MAX_CATALOG_BYTES};
use sqsb_core::validate::Date;
use sqsb_core::CatalogErrorKind;

/// The device's day in these tests, long after every version they publish (unless a test says otherwise) and
/// after any version the bundled catalog will have.
fn today() -> Date {
    Date::new(2100, 1, 1).expect("a real date")
}

fn date(y: u32, m: u32, d: u32) -> Date {
    Date::new(y, m, d).expect("a real date")
}

fn bundled_with_version(version: &str) -> String {
    let mut value: serde_json::Value = serde_json::from_str(BUNDLED_JSON).expect("bundled catalog is JSON");
    value["version"] = serde_json::Value::from(version);
    value.to_string()
}

#[test]
fn versions_compare_by_their_numbers() {
    assert_eq!(compare_versions("2021-06-25.1", "2021-06-25.1"), Ordering::Equal);
    assert_eq!(compare_versions("2021-06-25.2", "2021-06-25.1"), Ordering::Greater);
    assert_eq!(compare_versions("2021-06-25.10", "2021-06-25.9"), Ordering::Greater);
    assert_eq!(compare_versions("2022-01-01.1", "2021-12-31.9"), Ordering::Greater);
    assert_eq!(compare_versions("2021-06-25", "2021-06-25.1"), Ordering::Less);
    assert_eq!(compare_versions("2021-06-24.9", "2021-06-25.1"), Ordering::Less);
}

#[test]
fn a_newer_valid_catalog_is_taken() {
    let catalog =
        check_update("2021-06-25.1", &bundled_with_version("2021-06-25.2"), today()).expect("newer catalog accepted");
    assert_eq!(catalog.version, "2021-06-25.2");
    assert_eq!(catalog.lifecycles.len(), 2);
}

#[test]
fn the_same_or_an_older_version_is_rejected() {
    for version in ["2021-06-25.1", "2021-06-24.9", "2020-01-01.1"] {
        match check_update("2021-06-25.1", &bundled_with_version(version), today()) {
            Err(UpdateRejected::NotNewer { found, current }) => {
                assert_eq!(found, version);
                assert_eq!(current, "2021-06-25.1");
            }
            other => panic!("{version}: expected NotNewer, got {other:?}"),
        }
    }
}

#[test]
fn invalid_json_and_wrong_schema_are_rejected_with_where() {
    let Err(UpdateRejected::Invalid(e)) = check_update("2021-06-25.1", "{\"schema\": 1, ", today()) else {
        panic!("broken JSON must be rejected")
    };
    assert!(matches!(e.kind, CatalogErrorKind::Syntax { .. }));
    assert!(UpdateRejected::Invalid(e).message_zh().contains("不是有效的 JSON"));

    let mut value: serde_json::Value = serde_json::from_str(&bundled_with_version("2025-01-01.1")).expect("JSON");
    value["schema"] = serde_json::Value::from(99);
    let Err(UpdateRejected::Invalid(e)) = check_update("2021-06-25.1", &value.to_string(), today()) else {
        panic!("another schema must be rejected")
    };
    assert_eq!(e.path, "schema");

    // The right schema number, but items without names: the shape is checked too.
    let mut value: serde_json::Value = serde_json::from_str(&bundled_with_version("2025-01-01.1")).expect("JSON");
    value["lifecycles"][0]["stages"][0]["scenarios"][0]["items"][0]["name"] = serde_json::Value::Null;
    let Err(UpdateRejected::Invalid(e)) = check_update("2021-06-25.1", &value.to_string(), today()) else {
        panic!("a nameless item must be rejected")
    };
    assert!(e.path.ends_with("items[0].name"), "{}", e.path);
}

#[test]
fn the_bundled_version_passes_every_check_and_is_not_newer_than_itself() {
    let bundled = CatalogIndex::bundled().expect("bundled catalog");
    let version = bundled.version().to_owned();
    assert_eq!(
        check_update(&version, BUNDLED_JSON, today()),
        Err(UpdateRejected::NotNewer { found: version.clone(), current: version.clone() })
    );
    assert!(BUNDLED_JSON.len() <= MAX_CATALOG_BYTES / 2, "room for the catalog to grow");
    // On the day it is dated: plausible.
    let day = version.split('.').next().and_then(Date::parse_iso).expect("the bundled version starts with its date");
    assert_eq!(
        check_update(&version, BUNDLED_JSON, day),
        Err(UpdateRejected::NotNewer { found: version.clone(), current: version.clone() })
    );
}

#[test]
fn a_document_over_the_size_limit_is_rejected_before_parsing() {
    // Broken JSON of that size: the size is what is reported, so it was never parsed.
    let json = format!("{{\"schema\": 1, {}", " ".repeat(MAX_CATALOG_BYTES));
    assert_eq!(
        check_update("2021-06-25.1", &json, today()),
        Err(UpdateRejected::TooLarge { bytes: MAX_CATALOG_BYTES + 14, limit: MAX_CATALOG_BYTES })
    );
    // A valid newer catalog padded to exactly the limit is taken; one byte more is not.
    let newer = bundled_with_version("2021-06-25.2");
    let padded = format!("{newer}{}", " ".repeat(MAX_CATALOG_BYTES - newer.len()));
    assert!(check_update("2021-06-25.1", &padded, today()).is_ok());
    let over = format!("{padded} ");
    assert_eq!(
        check_update("2021-06-25.1", &over, today()),
        Err(UpdateRejected::TooLarge { bytes: MAX_CATALOG_BYTES + 1, limit: MAX_CATALOG_BYTES })
    );
    assert!(UpdateRejected::TooLarge { bytes: 1, limit: 2 }.message_zh().contains("过大"));
}

#[test]
fn a_version_without_a_real_leading_date_or_with_an_overlong_number_is_rejected() {
    for version in [
        "2021-06-25.99999999999999999999", // would compare as the largest number there is
        "2021-06-25.10000",
        "20210-06-25.1",
        "2021-02-29.1",
        "2021-13-01.1",
        "2021-06-00.1",
        "2021-06",
        "v3",
        "latest",
    ] {
        assert_eq!(
            check_update("2021-06-25.1", &bundled_with_version(version), today()),
            Err(UpdateRejected::VersionNotPlausible { found: version.to_owned() }),
            "{version:?}"
        );
    }
    // Four digits in a run, a leap day, a date with its own punctuation: fine.
    for version in ["2021-06-25.9999", "2024-02-29.1", "2021/7/1 r2"] {
        assert!(check_update("2021-06-25.1", &bundled_with_version(version), today()).is_ok(), "{version}");
    }
    let message = UpdateRejected::VersionNotPlausible { found: "v3".into() }.message_zh();
    assert!(message.contains("v3") && message.contains("继续使用当前目录"), "{message}");
}

#[test]
fn a_version_dated_after_tomorrow_is_rejected() {
    let today = date(2021, 12, 31);
    // Tomorrow, across a year's end: one day of clock difference is allowed.
    assert!(check_update("2021-06-25.1", &bundled_with_version("2022-01-01.1"), today).is_ok());
    for version in ["2022-01-02.1", "2099-01-01.1"] {
        assert_eq!(
            check_update("2021-06-25.1", &bundled_with_version(version), today),
            Err(UpdateRejected::VersionInFuture { found: version.to_owned(), today }),
            "{version}"
        );
    }
    let message = UpdateRejected::VersionInFuture { found: "2099-01-01.1".into(), today }.message_zh();
    assert!(message.contains("2099-01-01.1") && message.contains("2021-12-31"), "{message}");
}
