//! English for the closed vocabularies the screens show from the data (data/i18n/catalog-en.json): every item
//! type, level note and department in the catalog, every material form in the guides and every need of the
//! materials checklist has an English term, and English terms are English.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use sqsb_core::catalog::{ItemType, Level};
use sqsb_core::engine::Need;
use sqsb_core::guides::{GuideSet, MaterialForm};
use weihai_sqsb::i18n::{Lang, Texts};

fn names() -> serde_json::Value {
    serde_json::from_str(include_str!("../data/i18n/catalog-en.json")).expect("json")
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{2FFFF}')
}

/// Every string value under `key` anywhere in `value` (a string or a list of strings).
fn collect(value: &serde_json::Value, key: &str, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if k == key {
                    match v {
                        serde_json::Value::String(s) => {
                            out.insert(s.clone());
                        }
                        serde_json::Value::Array(list) => {
                            out.extend(list.iter().filter_map(|x| x.as_str()).map(str::to_owned))
                        }
                        _ => {}
                    }
                }
                collect(v, key, out);
            }
        }
        serde_json::Value::Array(list) => list.iter().for_each(|v| collect(v, key, out)),
        _ => {}
    }
}

/// Checks that `section` has a non-empty English term without CJK characters for every one of `terms`, and
/// nothing else (no stale entries in the bundle).
fn check_section(section: &str, terms: &BTreeSet<String>) {
    let names = names();
    let map = names[section].as_object().unwrap_or_else(|| panic!("catalog-en.json has no section {section}"));
    let missing: Vec<&String> = terms.iter().filter(|t| !map.contains_key(t.as_str())).collect();
    assert!(missing.is_empty(), "{section}: no English for {missing:?}");
    let stale: Vec<&String> = map.keys().filter(|k| !terms.contains(k.as_str())).collect();
    assert!(stale.is_empty(), "{section}: English for terms the data does not use: {stale:?}");
    for (zh, en) in map {
        let en = en.as_str().unwrap_or_else(|| panic!("{section}/{zh} is not a string"));
        assert!(!en.trim().is_empty(), "{section}/{zh} is empty");
        assert!(!en.chars().any(is_cjk), "{section}/{zh} is not English: {en}");
    }
}

fn catalog_json() -> serde_json::Value {
    serde_json::from_str(include_str!("../data/catalog.json")).expect("catalog json")
}

#[test]
fn every_item_type_has_english() {
    let mut terms = BTreeSet::new();
    collect(&catalog_json(), "type", &mut terms);
    assert!(terms.len() >= 5, "{terms:?}");
    // Every type the model knows, too, used or not yet.
    terms.extend(ItemType::ALL.iter().map(|t| t.label().to_owned()));
    check_section("types", &terms);
}

#[test]
fn every_level_note_has_english() {
    let mut terms = BTreeSet::new();
    collect(&catalog_json(), "level", &mut terms);
    terms.extend([Level::County, Level::Province].iter().map(|l| l.label().to_owned()));
    check_section("levels", &terms);
}

#[test]
fn every_department_of_both_lifecycles_has_english() {
    let catalog = catalog_json();
    let mut terms = BTreeSet::new();
    collect(&catalog, "lead", &mut terms);
    collect(&catalog, "partners", &mut terms);
    assert!(terms.contains("市公安局") && terms.len() >= 20, "{terms:?}");
    check_section("departments", &terms);
    // Departments of the city are named as the city's.
    for (zh, en) in names()["departments"].as_object().expect("departments") {
        if zh.starts_with('市') {
            assert!(en.as_str().is_some_and(|e| e.starts_with("Weihai ")), "{zh}: {en}");
        }
    }
}

#[test]
fn every_material_form_in_the_guides_has_english() {
    let all = [
        MaterialForm::Original,
        MaterialForm::Copy,
        MaterialForm::OriginalAndCopy,
        MaterialForm::Electronic,
        MaterialForm::OriginalOrElectronic,
        MaterialForm::Surrender,
        MaterialForm::Inspect,
    ];
    // A new form fails to compile here until it is listed above.
    for form in all {
        match form {
            MaterialForm::Original
            | MaterialForm::Copy
            | MaterialForm::OriginalAndCopy
            | MaterialForm::Electronic
            | MaterialForm::OriginalOrElectronic
            | MaterialForm::Surrender
            | MaterialForm::Inspect => {}
        }
    }
    let guides = GuideSet::bundled().expect("guides");
    let used: BTreeSet<String> =
        guides.guides.values().flat_map(|(_, g)| &g.materials).map(|m| m.form.label().to_owned()).collect();
    assert!(used.len() >= 4, "{used:?}");
    let mut terms: BTreeSet<String> = all.iter().map(|f| f.label().to_owned()).collect();
    assert!(used.is_subset(&terms), "{used:?}");
    terms.extend(used);
    check_section("materialForms", &terms);
}

#[test]
fn every_need_of_the_checklist_has_english() {
    let all = [Need::Required, Need::Conditional, Need::NotNeeded];
    for need in all {
        match need {
            Need::Required | Need::Conditional | Need::NotNeeded => {}
        }
    }
    check_section("needs", &all.iter().map(|n| n.label_zh().to_owned()).collect());
}

#[test]
fn the_helpers_translate_in_english_and_keep_chinese() {
    let en = Texts::new(Lang::En);
    assert_eq!(en.item_type("行政许可"), "Administrative licensing");
    assert_eq!(en.item_type("其他行政权力"), "Other administrative power");
    assert_eq!(en.level("县级事项"), "County-level service");
    assert_eq!(en.department("市公安局"), "Weihai Public Security Bureau");
    assert_eq!(
        en.departments(&["市市场监管局".to_owned(), "市行政审批服务局".to_owned()]),
        "Weihai Administration for Market Regulation, Weihai Administrative Approval Service Bureau"
    );
    assert_eq!(en.material_form("原件或电子"), "Original or electronic");
    assert_eq!(en.need("视情况"), "If applicable");
    assert_eq!(en.bracketed("x"), " (x)");
    // A term without English shows the Chinese rather than a gap.
    assert_eq!(en.department("某某局"), "某某局");

    let zh = Texts::new(Lang::Zh);
    assert_eq!(zh.item_type("行政许可"), "行政许可");
    assert_eq!(
        zh.departments(&["市市场监管局".to_owned(), "市行政审批服务局".to_owned()]),
        "市市场监管局、市行政审批服务局"
    );
    assert_eq!(zh.material_form("原件"), "原件");
    assert_eq!(zh.bracketed("县级事项"), "（县级事项）");
}
