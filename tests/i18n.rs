//! Interface strings live in one data file per language; every key exists in every language with the same
//! placeholders, and the English catalog names cover the enterprise lifecycle.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

fn strings(json: &str) -> BTreeMap<String, String> {
    serde_json::from_str(json).expect("a flat JSON object of strings")
}

fn placeholders(s: &str) -> BTreeSet<String> {
    s.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name.to_owned())).collect()
}

#[test]
fn every_key_exists_in_every_language_with_the_same_placeholders() {
    let zh = strings(include_str!("../data/i18n/zh.json"));
    let en = strings(include_str!("../data/i18n/en.json"));
    let missing: Vec<&String> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    let extra: Vec<&String> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    assert!(missing.is_empty(), "keys missing in en.json: {missing:?}");
    assert!(extra.is_empty(), "keys only in en.json: {extra:?}");
    for (k, v) in &zh {
        assert_eq!(placeholders(v), placeholders(&en[k]), "placeholders of {k}");
        assert!(!en[k].trim().is_empty(), "{k} is empty in English");
    }
}

#[test]
fn english_names_cover_the_enterprise_lifecycle() {
    let names: serde_json::Value = serde_json::from_str(include_str!("../data/i18n/catalog-en.json")).expect("json");
    let catalog = sqsb_core::CatalogIndex::bundled().expect("catalog");
    for lc in &catalog.catalog.lifecycles {
        assert!(names["lifecycles"][lc.id.as_str()].is_string(), "{}", lc.name);
        for stage in &lc.stages {
            assert!(names["stages"][format!("{}/{}", lc.id.as_str(), stage.no)].is_string(), "{}", stage.name);
            for sc in &stage.scenarios {
                assert!(names["scenarios"][format!("{}/{}", lc.id.as_str(), sc.code)].is_string(), "{}", sc.name);
            }
        }
    }
    let enterprise = catalog.catalog.lifecycle(sqsb_core::LifecycleId::Enterprise).expect("enterprise");
    for item in enterprise.stages.iter().flat_map(|s| &s.scenarios).flat_map(|c| &c.items) {
        assert!(names["items"][item.id.as_str()].is_string(), "{} {}", item.id, item.name);
        for sub in &item.subitems {
            assert!(names["items"][sub.id.as_str()].is_string(), "{} {}", sub.id, sub.name);
        }
    }
}
