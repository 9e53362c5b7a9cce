//! The bundled catalog against the notice, and the loader against bad documents.

use sqsb_core::catalog::{Catalog, CatalogErrorKind, CatalogIndex, ItemType, Level, LifecycleId, BUNDLED_JSON};

/// The pretty-printed file as committed (the bundle embeds a minified copy of it).
const CATALOG_FILE: &str = include_str!("../../data/catalog.json");

fn index() -> CatalogIndex {
    match CatalogIndex::bundled() {
        Ok(index) => index,
        Err(e) => panic!("bundled catalog does not load: {e}"),
    }
}

fn stage_counts(index: &CatalogIndex, lifecycle: LifecycleId) -> Vec<(String, usize)> {
    let lc = index.catalog.lifecycle(lifecycle).expect("lifecycle present");
    lc.stages.iter().map(|s| (s.name.clone(), s.scenarios.iter().map(|c| c.items.len()).sum())).collect()
}

fn owned(pairs: &[(&str, usize)]) -> Vec<(String, usize)> {
    pairs.iter().map(|(n, c)| (n.to_string(), *c)).collect()
}

#[test]
fn enterprise_counts_match_the_notice() {
    let index = index();
    assert_eq!(
        stage_counts(&index, LifecycleId::Enterprise),
        owned(&[
            ("企业开办", 7),
            ("企业准营", 27),
            ("企业运营", 28),
            ("投资建设", 35),
            ("企业变更", 4),
            ("企业退出", 6)
        ])
    );
}

#[test]
fn personal_counts_match_the_notice() {
    let index = index();
    assert_eq!(
        stage_counts(&index, LifecycleId::Personal),
        owned(&[
            ("出生", 6),
            ("教育", 19),
            ("退役", 6),
            ("工作", 23),
            ("置业", 15),
            ("出行", 12),
            ("婚育", 5),
            ("就医", 5),
            ("救助", 9),
            ("养老", 7),
            ("身后", 6),
        ])
    );
}

#[test]
fn leaves_total_303_in_document_order() {
    let index = index();
    assert_eq!(index.leaf_count(), 303);
    let enterprise = index.leaves().filter(|l| l.id.lifecycle() == LifecycleId::Enterprise).count();
    assert_eq!((enterprise, 303 - enterprise), (143, 160));
    let ids: Vec<&str> = index.leaves().map(|l| l.id.as_str()).take(8).collect();
    assert_eq!(ids, ["E001-1", "E001-2", "E001-3", "E001-4", "E001-5", "E001-6", "E002", "E003"]);
    assert_eq!(index.leaves().last().map(|l| l.id.as_str()), Some("P113-2"));
}

#[test]
fn numbering_is_1_to_n_with_each_no_once() {
    let index = index();
    for lc in &index.catalog.lifecycles {
        let nos: Vec<u32> = lc.stages.iter().flat_map(|s| &s.scenarios).flat_map(|c| &c.items).map(|i| i.no).collect();
        let expected: Vec<u32> = (1..=nos.len() as u32).collect();
        assert_eq!(nos, expected, "{}", lc.name);
        for item in lc.stages.iter().flat_map(|s| &s.scenarios).flat_map(|c| &c.items) {
            assert_eq!(item.id.as_str(), format!("{}{:03}", lc.id.id_prefix(), item.no));
            for (k, sub) in item.subitems.iter().enumerate() {
                assert_eq!(sub.id.as_str(), format!("{}-{}", item.id, k + 1));
            }
        }
    }
}

#[test]
fn every_leaf_has_a_type_and_groups_have_none() {
    let index = index();
    for lc in &index.catalog.lifecycles {
        for item in lc.stages.iter().flat_map(|s| &s.scenarios).flat_map(|c| &c.items) {
            assert_eq!(item.item_type.is_none(), item.is_group(), "{}", item.id);
            assert!(!item.lead.is_empty(), "{} has a lead department", item.id);
        }
    }
    let mut by_type = std::collections::BTreeMap::new();
    for leaf in index.leaves() {
        *by_type.entry(leaf.item_type.label()).or_insert(0) += 1;
    }
    // Counted from the notice's 事项类型 column (annex 1: 66/7/0/33/15/22).
    assert_eq!(by_type.values().sum::<i32>(), 303);
    assert_eq!(
        by_type.get("行政许可"),
        Some(&(66 + index_type_count(&index, LifecycleId::Personal, ItemType::Licence)))
    );
}

fn index_type_count(index: &CatalogIndex, lc: LifecycleId, t: ItemType) -> i32 {
    index.leaves().filter(|l| l.id.lifecycle() == lc && l.item_type == t).count() as i32
}

#[test]
fn enterprise_type_counts_match_the_type_column() {
    let index = index();
    let e = |t| index_type_count(&index, LifecycleId::Enterprise, t);
    assert_eq!(
        [
            e(ItemType::Licence),
            e(ItemType::Confirmation),
            e(ItemType::Benefit),
            e(ItemType::PublicService),
            e(ItemType::OtherPower),
            e(ItemType::Other)
        ],
        [66, 7, 0, 33, 15, 22]
    );
}

#[test]
fn ids_are_unique_and_well_formed() {
    let index = index();
    let mut seen = std::collections::HashSet::new();
    for lc in &index.catalog.lifecycles {
        for item in lc.stages.iter().flat_map(|s| &s.scenarios).flat_map(|c| &c.items) {
            assert!(seen.insert(item.id.as_str().to_owned()), "duplicate {}", item.id);
            for sub in &item.subitems {
                assert!(seen.insert(sub.id.as_str().to_owned()), "duplicate {}", sub.id);
            }
        }
    }
    assert_eq!(seen.len(), 107 + 113 + 48 + 73);
}

#[test]
fn the_file_round_trips_through_the_model_unchanged() {
    let catalog = Catalog::from_json(CATALOG_FILE).expect("committed catalog loads");
    // Byte for byte: the committed file is exactly what the model writes, pretty-printed.
    let written = serde_json::to_string_pretty(&catalog).expect("serialises") + "\n";
    assert!(written == CATALOG_FILE, "data/catalog.json differs from the model's own serialisation");
    // And the minified bundle is the same document.
    let bundled = Catalog::from_json(BUNDLED_JSON).expect("bundle loads");
    assert_eq!(bundled, catalog);
    assert_eq!(Catalog::from_json(&catalog.to_json()).as_ref(), Ok(&catalog));
}

/// Rows checked by hand against the notice (annex line numbers from shared/seed).
#[test]
fn spot_checks_against_the_notice() {
    let index = index();
    let leaf = |id: &str| index.leaf(id).unwrap_or_else(|| panic!("{id} is a leaf"));
    let item = |id: &str| index.item(id).unwrap_or_else(|| panic!("{id} exists"));

    // 1. Annex 1 row 1: the group of six 设立登记 kinds with the stage's merged lead cell.
    let e001 = item("E001");
    assert_eq!(e001.name, "公司（企业）设立登记");
    assert_eq!(e001.lead, ["市市场监管局", "市行政审批服务局"]);
    assert_eq!(e001.subitems.len(), 6);
    assert_eq!(leaf("E001-5").name, "营业单位、非法人分支机构设立登记");
    assert_eq!(leaf("E001-6").name, "外商投资企业分支机构设立登记");
    // 2. E002, the notice's own example: 其他行政权力, partner 市公安局.
    let e002 = leaf("E002");
    assert_eq!(
        (e002.name, e002.item_type, e002.partners),
        ("公章刻制备案", ItemType::OtherPower, &["市公安局".to_owned()][..])
    );
    // 3. E007: partner printed across two lines.
    assert_eq!(leaf("E007").partners, ["人民银行威海市中心支行"]);
    // 4. E011: a 省级事项 level note.
    assert_eq!((leaf("E011").name, leaf("E011").level), ("二、三类医疗器械生产许可", Some(Level::Province)));
    // 5. E015: 县级事项.
    assert_eq!(leaf("E015").level, Some(Level::County));
    // 6. E014: a name wrapped over two lines.
    assert_eq!(leaf("E014").name, "公众聚集场所投入使用、营业前消防安全检查");
    // 7. E022: the group name rebuilt from the narrow column, full-width brackets kept.
    assert_eq!(item("E022").name, "城市公共汽（电）车客运经营（含线路经营）许可");
    assert_eq!(leaf("E022-2").name, "城市公交线路经营许可");
    // 8. E023: the other transport group.
    assert_eq!(item("E023").name, "道路客运（班车客运、包车客运、旅游客运）及班线经营许可");
    // 9. E033: the longest enterprise name, 县级事项.
    assert_eq!(leaf("E033").name, "互联网上网服务营业场所经营单位从事互联网上网服务经营活动许可");
    // 10. E054 机动车登记: five kinds, em dash as printed.
    assert_eq!(item("E054").subitems.len(), 5);
    assert_eq!(leaf("E054-3").name, "机动车登记—转移登记");
    // 11. E059 crosses a page break (序号 59 printed twice): one item with four sub-items.
    let e059 = item("E059");
    assert_eq!((e059.name.as_str(), e059.subitems.len()), ("公共就业专项服务活动", 4));
    assert_eq!(leaf("E059-4").name, "小微企业吸纳高校毕业生社会保险补贴申领");
    // 12. E090: a six-department partner list wrapped over four lines.
    assert_eq!(leaf("E090").partners, ["市教育局", "市民政局", "市卫生健康委", "市体育局", "通信协会", "威海供电公司"]);
    // 13. E107: the last enterprise item.
    assert_eq!((leaf("E107").name, leaf("E107").item_type), ("预约银行销户", ItemType::Other));
    // 14. Annex 2 row 3: 出生登记 under the 出生 lead cell, 公安 as partner.
    let p003 = leaf("P003");
    assert_eq!((p003.name, p003.item_type), ("户口登记（出生登记）", ItemType::Confirmation));
    assert_eq!((p003.lead, p003.partners), (&["市卫生健康委".to_owned()][..], &["市公安局".to_owned()][..]));
    // 15. P032: a joint lead cell and a 县级事项 on the first sub-item.
    assert_eq!(item("P032").lead, ["市行政审批服务局", "市教育局"]);
    assert_eq!(leaf("P032-1").level, Some(Level::County));
    assert_eq!(leaf("P032-2").name, "高级中学教师、中等职业学校教师资格和中等职业学校实习教师资格认定");
    // 16. P035: the 序号 glued to the lead text ("批服务局35").
    assert_eq!(item("P035").name, "护士执业注册");
    assert_eq!(item("P035").lead, ["市行政审批服务局"]);
    // 17. P038-1: curly quotes kept.
    assert_eq!(leaf("P038-1").name, "“山东惠才卡”办理");
    // 18. P047 crosses a page break: six sub-items.
    assert_eq!(item("P047").subitems.len(), 6);
    assert_eq!(leaf("P047-6").name, "出具贷款职工住房公积金缴存使用证明");
    // 19. P080: a long name with a parenthetical.
    assert_eq!(leaf("P080").name, "内地居民往来港澳通行证和签注签发（须在指定地点办理的赴香港或澳门签注除外）");
    // 20. P091 crosses a page break: three sub-items, 医保 lead, 人社 partner.
    let p091 = item("P091");
    assert_eq!((p091.subitems.len(), p091.lead.as_slice()), (3, &["市医保局".to_owned()][..]));
    // 21. P094: county and province level notes on sub-items.
    assert_eq!(
        [leaf("P094-1").level, leaf("P094-2").level, leaf("P094-3").level],
        [Some(Level::County), Some(Level::Province), Some(Level::Province)]
    );
    // 22. P101: book-title marks kept.
    assert_eq!(leaf("P101").name, "《山东省老年人优待证》办理");
    // 23. P108: two partners.
    assert_eq!(leaf("P108").partners, ["市公安局", "市卫生健康委"]);
    // 24. P113: the last row of annex 2, glued 序号 ("障局113").
    assert_eq!(leaf("P113-2").name, "企业职工基本养老保险个人账户一次性待遇申领（退休人员死亡）");
    assert_eq!(item("P113").lead, ["市人力资源社会保障局"]);
}

#[test]
fn indexes_answer_what_the_ui_asks() {
    let index = index();
    // Scenario of an item and of a sub-item.
    assert_eq!(index.scenario_of("P003").map(|s| s.name.as_str()), Some("出生"));
    assert_eq!(index.scenario_of("E054-2").map(|s| (s.code.as_str(), s.name.as_str())), Some(("3.3", "财产登记")));
    assert_eq!(index.scenario(LifecycleId::Personal, "11.1").map(|s| s.items.len()), Some(4));
    assert_eq!(index.scenario(LifecycleId::Enterprise, "1.1").map(|s| s.items.len()), Some(7));
    // A group is not a leaf; a sub-item inherits its item's departments.
    assert!(index.leaf("E001").is_none());
    assert_eq!(index.leaf("E045-2").map(|l| l.partners.to_vec()), Some(vec!["市住房公积金中心".to_owned()]));
    // By department, in document order.
    let police = index.items_by_department("市公安局");
    assert_eq!(police.first().map(|i| i.as_str()), Some("E002"));
    assert!(police.iter().any(|i| i.as_str() == "P111"));
    assert!(index.items_by_department("不存在的部门").is_empty());
    // Unknown and malformed ids are just absent.
    for bad in ["", "E000", "E999", "X001", "E001-9", "E1", "P003-", "𝕏"] {
        assert!(index.place(bad).is_none(), "{bad}");
    }
}

// ---------------------------------------------------------------------------------------------
// Bad documents
// ---------------------------------------------------------------------------------------------

fn file_value() -> serde_json::Value {
    serde_json::from_str(CATALOG_FILE).expect("committed catalog is JSON")
}

fn load_value(v: &serde_json::Value) -> Result<Catalog, sqsb_core::CatalogError> {
    Catalog::from_json(&v.to_string())
}

fn expect_error(v: serde_json::Value, path: &str, kind: impl Fn(&CatalogErrorKind) -> bool) {
    match load_value(&v) {
        Ok(_) => panic!("expected an error at {path}"),
        Err(e) => {
            assert_eq!(e.path, path, "{e:?}");
            assert!(kind(&e.kind), "unexpected kind {:?}", e.kind);
            assert!(e.message_zh().starts_with("事项清单有误"), "{}", e.message_zh());
            assert!(e.message_zh().contains(path), "{}", e.message_zh());
        }
    }
}

const ITEM0: &str = "/lifecycles/0/stages/0/scenarios/0/items/0";
const ITEM0_PATH: &str = "lifecycles[0].stages[0].scenarios[0].items[0]";

fn with(pointer: &str, value: serde_json::Value) -> serde_json::Value {
    let mut v = file_value();
    *v.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer} exists")) = value;
    v
}

fn without(parent: &str, key: &str) -> serde_json::Value {
    let mut v = file_value();
    v.pointer_mut(parent).and_then(|p| p.as_object_mut()).expect("object").remove(key);
    v
}

#[test]
fn malformed_json_is_a_syntax_error_with_a_position() {
    let err = Catalog::from_json("{\"schema\": 1,\n \"version\": }").expect_err("malformed");
    assert_eq!(err.kind, CatalogErrorKind::Syntax { line: 2, column: 13 });
    assert!(err.message_zh().contains("第 2 行"));
    assert!(matches!(Catalog::from_json("").map_err(|e| e.kind), Err(CatalogErrorKind::Syntax { .. })));
    assert!(matches!(Catalog::from_json("{} trailing").map_err(|e| e.kind), Err(CatalogErrorKind::Syntax { .. })));
}

#[test]
fn a_wrong_json_type_names_its_path() {
    expect_error(with(&format!("{ITEM0}/no"), "1".into()), &format!("{ITEM0_PATH}.no"), |k| {
        matches!(k, CatalogErrorKind::WrongType { .. })
    });
    let err = Catalog::from_json("[]").expect_err("array");
    assert!(matches!(err.kind, CatalogErrorKind::WrongType { .. }));
}

#[test]
fn wrong_or_missing_schema() {
    expect_error(with("/schema", 2.into()), "schema", |k| *k == CatalogErrorKind::UnsupportedSchema { found: 2 });
    expect_error(without("", "schema"), "schema", |k| *k == CatalogErrorKind::MissingField);
}

#[test]
fn empty_version_or_names() {
    expect_error(with("/version", " ".into()), "version", |k| *k == CatalogErrorKind::EmptyText);
    expect_error(with(&format!("{ITEM0}/name"), "".into()), &format!("{ITEM0_PATH}.name"), |k| {
        *k == CatalogErrorKind::EmptyText
    });
    expect_error(
        with("/lifecycles/1/stages/2/scenarios/0/name", "".into()),
        "lifecycles[1].stages[2].scenarios[0].name",
        |k| *k == CatalogErrorKind::EmptyText,
    );
}

#[test]
fn unknown_item_type_is_located() {
    let p = "/lifecycles/1/stages/3/scenarios/0/items/2/type";
    expect_error(with(p, "行政审批".into()), "lifecycles[1].stages[3].scenarios[0].items[2].type", |k| {
        *k == CatalogErrorKind::UnknownType { found: "行政审批".into() }
    });
}

#[test]
fn unknown_sub_item_type_and_missing_sub_item_type() {
    expect_error(
        with(&format!("{ITEM0}/subitems/2/type"), "许可".into()),
        &format!("{ITEM0_PATH}.subitems[2].type"),
        |k| matches!(k, CatalogErrorKind::UnknownType { .. }),
    );
    expect_error(
        with(&format!("{ITEM0}/subitems/2/type"), serde_json::Value::Null),
        &format!("{ITEM0_PATH}.subitems[2].type"),
        |k| *k == CatalogErrorKind::LeafWithoutType,
    );
}

#[test]
fn a_group_with_a_type_and_a_leaf_without_one() {
    expect_error(with(&format!("{ITEM0}/type"), "行政许可".into()), &format!("{ITEM0_PATH}.type"), |k| {
        *k == CatalogErrorKind::GroupHasType
    });
    let leaf = "/lifecycles/0/stages/0/scenarios/0/items/1";
    expect_error(
        with(&format!("{leaf}/type"), serde_json::Value::Null),
        "lifecycles[0].stages[0].scenarios[0].items[1].type",
        |k| *k == CatalogErrorKind::LeafWithoutType,
    );
}

#[test]
fn unknown_level() {
    expect_error(with(&format!("{ITEM0}/level"), "市级事项".into()), &format!("{ITEM0_PATH}.level"), |k| {
        *k == CatalogErrorKind::UnknownLevel { found: "市级事项".into() }
    });
}

#[test]
fn unknown_duplicate_or_missing_lifecycle() {
    expect_error(with("/lifecycles/1/id", "citizen".into()), "lifecycles[1].id", |k| {
        *k == CatalogErrorKind::UnknownLifecycle { found: "citizen".into() }
    });
    let mut v = file_value();
    let first = v["lifecycles"][0].clone();
    v["lifecycles"][1] = first;
    expect_error(v, "lifecycles[1].id", |k| matches!(k, CatalogErrorKind::DuplicateLifecycle { .. }));
    let mut v = file_value();
    v["lifecycles"].as_array_mut().expect("array").truncate(1);
    expect_error(v, "lifecycles", |k| *k == CatalogErrorKind::MissingLifecycle { id: "personal".into() });
    expect_error(with("/lifecycles", serde_json::json!([])), "lifecycles", |k| *k == CatalogErrorKind::Empty);
}

#[test]
fn duplicate_item_id() {
    let mut v = file_value();
    let items =
        v.pointer_mut("/lifecycles/0/stages/0/scenarios/0/items").and_then(|i| i.as_array_mut()).expect("items");
    let copy = items[1].clone();
    items.insert(2, copy);
    expect_error(v, "lifecycles[0].stages[0].scenarios[0].items[2].id", |k| {
        *k == CatalogErrorKind::DuplicateId { id: "E002".into() }
    });
}

#[test]
fn malformed_or_misplaced_ids() {
    expect_error(with(&format!("{ITEM0}/id"), "E1".into()), &format!("{ITEM0_PATH}.id"), |k| {
        *k == CatalogErrorKind::BadId { found: "E1".into(), expected: "E001".into() }
    });
    // A personal prefix inside the enterprise lifecycle.
    expect_error(with(&format!("{ITEM0}/id"), "P001".into()), &format!("{ITEM0_PATH}.id"), |k| {
        matches!(k, CatalogErrorKind::BadId { .. })
    });
    // A sub-item numbered out of order.
    expect_error(
        with(&format!("{ITEM0}/subitems/1/id"), "E001-7".into()),
        &format!("{ITEM0_PATH}.subitems[1].id"),
        |k| *k == CatalogErrorKind::BadId { found: "E001-7".into(), expected: "E001-2".into() },
    );
}

#[test]
fn numbering_gaps_in_items_stages_and_scenarios() {
    let item1 = "/lifecycles/0/stages/0/scenarios/0/items/1";
    let mut v = with(&format!("{item1}/no"), 9.into());
    if let Some(id) = v.pointer_mut(&format!("{item1}/id")) {
        *id = "E009".into();
    }
    expect_error(v, "lifecycles[0].stages[0].scenarios[0].items[1].no", |k| {
        *k == CatalogErrorKind::BadNumber { found: "9".into(), expected: "2".into() }
    });
    expect_error(with("/lifecycles/1/stages/4/no", 7.into()), "lifecycles[1].stages[4].no", |k| {
        matches!(k, CatalogErrorKind::BadNumber { .. })
    });
    expect_error(
        with("/lifecycles/1/stages/4/scenarios/1/code", "5.3".into()),
        "lifecycles[1].stages[4].scenarios[1].code",
        |k| *k == CatalogErrorKind::BadNumber { found: "5.3".into(), expected: "5.2".into() },
    );
}

#[test]
fn missing_or_empty_lead() {
    expect_error(with(&format!("{ITEM0}/lead"), serde_json::json!([])), &format!("{ITEM0_PATH}.lead"), |k| {
        *k == CatalogErrorKind::NoLead
    });
    expect_error(without(ITEM0, "lead"), &format!("{ITEM0_PATH}.lead"), |k| *k == CatalogErrorKind::NoLead);
    expect_error(with(&format!("{ITEM0}/lead/1"), " ".into()), &format!("{ITEM0_PATH}.lead[1]"), |k| {
        *k == CatalogErrorKind::EmptyText
    });
}

#[test]
fn empty_scenario_or_missing_items() {
    expect_error(
        with("/lifecycles/0/stages/4/scenarios/0/items", serde_json::json!([])),
        "lifecycles[0].stages[4].scenarios[0].items",
        |k| *k == CatalogErrorKind::Empty,
    );
    expect_error(
        without("/lifecycles/0/stages/4/scenarios/0", "items"),
        "lifecycles[0].stages[4].scenarios[0].items",
        |k| *k == CatalogErrorKind::MissingField,
    );
}

#[test]
fn extra_keys_are_allowed_for_forward_compatibility() {
    let mut v = file_value();
    v["publisher"] = "市政务服务管理办公室".into();
    v.pointer_mut(ITEM0)
        .and_then(|i| i.as_object_mut())
        .expect("item")
        .insert("en".into(), "Company registration".into());
    assert!(load_value(&v).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Property tests: arbitrary damage to the real file never panics the loader.
// ---------------------------------------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A few hundred mutated documents per run; each load is well under a millisecond.
    fn config() -> ProptestConfig {
        ProptestConfig { cases: 300, ..ProptestConfig::default() }
    }

    fn all_pointers(v: &serde_json::Value, here: String, out: &mut Vec<String>) {
        out.push(here.clone());
        match v {
            serde_json::Value::Object(map) => {
                for (k, child) in map {
                    all_pointers(child, format!("{here}/{k}"), out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    all_pointers(child, format!("{here}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    fn replacement() -> impl Strategy<Value = serde_json::Value> {
        prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(serde_json::Value::from),
            ".{0,12}".prop_map(serde_json::Value::from),
            Just(serde_json::json!([])),
            Just(serde_json::json!({})),
            Just(serde_json::json!(["市公安局", 3])),
        ]
    }

    proptest! {
        #![proptest_config(config())]

        /// Replace any value anywhere in the document with something else.
        #[test]
        fn replacing_any_value_never_panics(pick in any::<prop::sample::Index>(), new in replacement()) {
            let mut v = file_value();
            let mut pointers = Vec::new();
            all_pointers(&v, String::new(), &mut pointers);
            let pointer = pick.get(&pointers).clone();
            if let Some(slot) = v.pointer_mut(&pointer) { *slot = new; }
            match load_value(&v) {
                // What the loader accepts still has the notice's shape: every leaf, with its id.
                Ok(c) => prop_assert_eq!(CatalogIndex::new(c).leaf_count(), 303),
                Err(e) => prop_assert!(e.message_zh().starts_with("事项清单有误")),
            }
        }

        /// Cut, splice or overwrite raw bytes of the text (possibly splitting a multi-byte character).
        #[test]
        fn damaging_the_text_never_panics(at in any::<prop::sample::Index>(), len in 0usize..40, junk in "\\PC{0,8}") {
            let bytes = CATALOG_FILE.as_bytes();
            let start = at.index(bytes.len());
            let end = (start + len).min(bytes.len());
            let mut damaged = bytes[..start].to_vec();
            damaged.extend_from_slice(junk.as_bytes());
            damaged.extend_from_slice(&bytes[end..]);
            let text = String::from_utf8_lossy(&damaged);
            if let Err(e) = Catalog::from_json(&text) {
                prop_assert!(!e.message_zh().is_empty());
            }
        }

        /// Remove any key anywhere.
        #[test]
        fn removing_any_key_is_an_error_or_harmless(pick in any::<prop::sample::Index>()) {
            let mut v = file_value();
            let mut pointers = Vec::new();
            all_pointers(&v, String::new(), &mut pointers);
            let pointer = pick.get(&pointers).clone();
            if let Some((parent, key)) = pointer.rsplit_once('/') {
                if let Some(obj) = v.pointer_mut(parent).and_then(|p| p.as_object_mut()) {
                    obj.remove(key);
                }
            }
            if let Err(e) = load_value(&v) {
                let located = !e.path.is_empty();
                prop_assert!(located, "{:?}", e);
            }
        }
    }
}
