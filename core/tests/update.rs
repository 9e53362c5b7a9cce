//! Catalog updates: only a valid catalog of a newer version is taken; everything else is rejected with a reason.

use std::cmp::Ordering;

use sqsb_core::catalog::BUNDLED_JSON;
use sqsb_core::update::{check_update, compare_versions, UpdateRejected};
use sqsb_core::CatalogErrorKind;

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
    let catalog = check_update("2021-06-25.1", &bundled_with_version("2021-06-25.2")).expect("newer catalog accepted");
    assert_eq!(catalog.version, "2021-06-25.2");
    assert_eq!(catalog.lifecycles.len(), 2);
}

#[test]
fn the_same_or_an_older_version_is_rejected() {
    for version in ["2021-06-25.1", "2021-06-24.9", "2020-01-01.1"] {
        match check_update("2021-06-25.1", &bundled_with_version(version)) {
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
    let Err(UpdateRejected::Invalid(e)) = check_update("2021-06-25.1", "{\"schema\": 1, ") else {
        panic!("broken JSON must be rejected")
    };
    assert!(matches!(e.kind, CatalogErrorKind::Syntax { .. }));
    assert!(UpdateRejected::Invalid(e).message_zh().contains("不是有效的 JSON"));

    let mut value: serde_json::Value = serde_json::from_str(&bundled_with_version("2030-01-01.1")).expect("JSON");
    value["schema"] = serde_json::Value::from(99);
    let Err(UpdateRejected::Invalid(e)) = check_update("2021-06-25.1", &value.to_string()) else {
        panic!("another schema must be rejected")
    };
    assert_eq!(e.path, "schema");

    // The right schema number, but items without names: the shape is checked too.
    let mut value: serde_json::Value = serde_json::from_str(&bundled_with_version("2030-01-01.1")).expect("JSON");
    value["lifecycles"][0]["stages"][0]["scenarios"][0]["items"][0]["name"] = serde_json::Value::Null;
    let Err(UpdateRejected::Invalid(e)) = check_update("2021-06-25.1", &value.to_string()) else {
        panic!("a nameless item must be rejected")
    };
    assert!(e.path.ends_with("items[0].name"), "{}", e.path);
}
