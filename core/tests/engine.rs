//! The form engine against the real data: chains, merging, validation, materials and notice, split.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use sqsb_core::catalog::LifecycleId;
use sqsb_core::dictionary::{is_answered_by_link, FieldKey};
use sqsb_core::engine::{
    split, validate, Answers, ChainError, ChainSpec, ConflictKind, ErrorKind, FieldId, MergeError, MergedForm, Need,
    Selections, Target,
};
use sqsb_core::forms::FormSpec;
use sqsb_core::validate::Problem;
use support::{data, engine, full_answers, resident_id, today};

fn scenario(lifecycle: LifecycleId, code: &str) -> ChainSpec {
    ChainSpec::Scenario { lifecycle, code: code.to_owned() }
}

fn pick(group: &str, subitems: &[&str]) -> Selections {
    let mut s = Selections::new();
    s.insert(group.to_owned(), subitems.iter().map(|s| (*s).to_owned()).collect());
    s
}

fn id(s: &str) -> FieldId {
    FieldId::parse(s).unwrap_or_else(|| panic!("bad field id {s}"))
}

fn birth_form() -> MergedForm {
    let e = engine();
    let chain = e.chain(&scenario(LifecycleId::Personal, "1.1"), &Selections::new()).unwrap();
    e.merge(&chain).unwrap()
}

fn enterprise_form() -> MergedForm {
    let e = engine();
    let chain = e.chain(&scenario(LifecycleId::Enterprise, "1.1"), &pick("E001", &["E001-1"])).unwrap();
    e.merge(&chain).unwrap()
}

/// (field, items asking it) in form order.
fn provenance(form: &MergedForm) -> Vec<(String, Vec<String>)> {
    form.fields()
        .map(|f| {
            let items = f.provenance().iter().map(|s| (*s).to_owned()).collect();
            (f.id.to_string(), items)
        })
        .collect()
}

fn expect(rows: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    rows.iter().map(|(f, items)| ((*f).to_owned(), items.iter().map(|s| (*s).to_owned()).collect())).collect()
}

// ---------------------------------------------------------------------------------------------
// Chains
// ---------------------------------------------------------------------------------------------

#[test]
fn presets_cover_every_scenario_and_report_pending_groups() {
    let e = engine();
    let presets = e.preset_chains();
    let scenarios: usize =
        data().catalog.catalog.lifecycles.iter().flat_map(|l| &l.stages).map(|s| s.scenarios.len()).sum();
    assert_eq!(presets.len(), scenarios);
    let chain = e.chain(&scenario(LifecycleId::Enterprise, "1.1"), &Selections::new()).unwrap();
    assert_eq!(chain.leaves, ["E002", "E003", "E004", "E005", "E006", "E007"]);
    assert_eq!(chain.pending.len(), 1);
    assert_eq!(chain.pending[0].group, "E001");
    assert_eq!(chain.pending[0].options.len(), 6);
    assert!(chain.pending[0].prompt_zh().contains("公司（企业）设立登记"));
    let chosen = e.chain(&scenario(LifecycleId::Enterprise, "1.1"), &pick("E001", &["E001-3"])).unwrap();
    assert!(chosen.pending.is_empty());
    assert_eq!(chosen.leaves.first().map(String::as_str), Some("E001-3"));
}

#[test]
fn chain_errors_are_typed() {
    let e = engine();
    assert!(matches!(
        e.chain(&scenario(LifecycleId::Personal, "99.9"), &Selections::new()),
        Err(ChainError::UnknownScenario { .. })
    ));
    assert_eq!(
        e.chain(&ChainSpec::Basket(vec!["P999".into()]), &Selections::new()),
        Err(ChainError::UnknownItem { id: "P999".into() })
    );
    assert!(matches!(
        e.chain(&scenario(LifecycleId::Enterprise, "1.1"), &pick("E001", &["E002-1"])),
        Err(ChainError::NotASubItem { .. })
    ));
}

#[test]
fn baskets_span_both_lifecycles_in_catalog_order() {
    let e = engine();
    let basket = ChainSpec::Basket(vec!["P003".into(), "E004".into(), "E001".into(), "P001".into()]);
    let chain = e.chain(&basket, &Selections::new()).unwrap();
    assert_eq!(chain.leaves, ["E004", "P001", "P003"]);
    assert_eq!(chain.pending[0].group, "E001");
    let chain = e.chain(&basket, &pick("E001", &["E001-2"])).unwrap();
    assert_eq!(chain.leaves, ["E001-2", "E004", "P001", "P003"]);
}

// ---------------------------------------------------------------------------------------------
// Merging
// ---------------------------------------------------------------------------------------------

/// The injured worker is one person across the work-injury items: 劳动能力鉴定 (P049) and 工伤医疗待遇 (P091)
/// in one basket ask the worker's name, ID and 工伤认定决定书文号 once, not once as "worker" and once as
/// "applicant".
#[test]
fn a_work_injury_basket_asks_the_worker_once() {
    let e = engine();
    let basket = ChainSpec::Basket(vec!["P049".into(), "P091".into()]);
    let chain = e.chain(&basket, &pick("P091", &["P091-2"])).unwrap();
    assert_eq!(chain.leaves, ["P049", "P091-2"]);
    let form = e.merge(&chain).unwrap();
    let rows = provenance(&form);
    for field in ["xm@worker", "gmsfhm@worker", "gsrdjdswh@worker"] {
        let asked: Vec<_> = rows.iter().filter(|(f, _)| f == field).collect();
        assert_eq!(asked.len(), 1, "{field}: {asked:?}");
        assert_eq!(asked[0].1, ["P049", "P091-2"], "{field}");
    }
    assert!(!rows.iter().any(|(f, _)| f == "gsrdjdswh@applicant"), "{rows:?}");
    // The applicant's own identity is asked only when a relative applies (the worker applying is the worker).
    let applicant = form.fields().find(|f| f.id.to_string() == "xm@applicant").unwrap();
    assert!(applicant.askers.iter().all(|a| a.when.is_some()), "{applicant:?}");
}

/// Conflicts known in the data that a preset chain may show. None: the one found (7.1 婚育: 结婚登记 asks the
/// applicant's 婚姻状况 before marriage, 生育登记 asked it after) was fixed by dropping the question from P086, whose
/// applicants are married by definition.
const KNOWN_DATA_CONFLICTS: &[(&str, &str, &str)] = &[];

fn known_conflict(spec: &ChainSpec, target: &str) -> bool {
    let ChainSpec::Scenario { lifecycle, code } = spec else {
        return false;
    };
    KNOWN_DATA_CONFLICTS.iter().any(|(l, c, t)| *l == lifecycle.as_str() && c == code && *t == target)
}

fn assert_merges(spec: &ChainSpec, selections: &Selections) {
    let e = engine();
    let chain = e.chain(spec, selections).unwrap();
    match e.merge(&chain) {
        Ok(form) => assert_eq!(form.items.len(), chain.leaves.len()),
        Err(MergeError::Conflicts(conflicts)) => {
            for c in conflicts {
                assert!(known_conflict(spec, &c.target), "{spec:?} {selections:?}: {}", c.message_zh());
            }
        }
        Err(other) => panic!("{spec:?} {selections:?}: {}", other.message_zh()),
    }
}

#[test]
fn every_preset_chain_merges() {
    let e = engine();
    for spec in e.preset_chains() {
        let chain = e.chain(&spec, &Selections::new()).unwrap();
        assert_merges(&spec, &Selections::new());
        // Each sub-item of each group on its own, and one of every group at once.
        let mut first_of_each = Selections::new();
        for p in &chain.pending {
            for (sub, _) in &p.options {
                assert_merges(&spec, &pick(&p.group, &[sub]));
            }
            first_of_each.insert(p.group.clone(), [p.options[0].0.clone()].into());
        }
        assert_merges(&spec, &first_of_each);
    }
}

#[test]
fn exclusive_options_are_a_reported_conflict_not_a_silent_pick() {
    // 分公司设立登记 allows only 分公司 as 市场主体类型, 营业单位设立登记 only 营业单位: one answer cannot do both.
    let e = engine();
    let Err(MergeError::Conflicts(conflicts)) = e.merge_items(&["E001-4", "E001-5"]) else {
        panic!("expected a conflict");
    };
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].target, "qylx@enterprise");
    assert_eq!(conflicts[0].items, ["E001-4", "E001-5"]);
    assert!(matches!(conflicts[0].kind, ConflictKind::NoCommonOption { .. }));
    assert!(conflicts[0].message_zh().contains("没有交集"));
    assert!(matches!(e.merge_items(&["E001"]), Err(MergeError::NotALeaf { .. })));
}

#[test]
fn birth_chain_merges_to_the_expected_fields() {
    let all: &[&str] = &["P001", "P002", "P003", "P004", "P005", "P006"];
    let not_p006: &[&str] = &["P001", "P002", "P003", "P004", "P005"];
    let parents: &[&str] = &["P001", "P003"];
    let expected = expect(&[
        ("sfdb@applicant", not_p006),
        ("xm@agent", not_p006),
        ("gmsfhm@agent", not_p006),
        ("sjhm@agent", not_p006),
        ("xm@newborn", all),
        ("xb@newborn", all),
        ("csrq@newborn", all),
        ("cssk@newborn", &["P001"]),
        ("csdd@newborn", &["P001", "P003"]),
        ("yljgmc@newborn", &["P001", "P002"]),
        ("csddlx@newborn", &["P001", "P003"]),
        ("jzdz@newborn", &["P002"]),
        ("jzdw@newborn", &["P002"]),
        ("csyxzmbh@newborn", &["P002", "P003", "P004"]),
        ("mz@newborn", &["P003", "P006"]),
        ("lhfs@newborn", &["P003"]),
        ("yhzgx@newborn", &["P003"]),
        ("fmsfdjjh@newborn", &["P003"]),
        ("sfyblcsdj@newborn", &["P004", "P005", "P006"]),
        ("gmsfhm@newborn", &["P004", "P005", "P006"]),
        ("cbd@newborn", &["P004"]),
        ("gx@newborn", &["P005", "P006"]),
        ("xm@mother", all),
        ("sjhm@mother", all),
        ("zjlx@mother", parents),
        ("gmsfhm@mother", parents),
        ("mz@mother", parents),
        ("zjhm@mother", parents),
        ("gj@mother", parents),
        ("hjdz@mother", &["P003"]),
        ("xm@father", all),
        ("sjhm@father", all),
        ("zjlx@father", parents),
        ("gmsfhm@father", parents),
        ("mz@father", parents),
        ("zjhm@father", parents),
        ("gj@father", parents),
        ("tdz_hjdz@father", &["P003"]),
        ("hjdz@father", &["P003"]),
        ("tyr@guardian", &["P005", "P006"]),
        ("xm@guardian", &["P005", "P006"]),
        ("gmsfhm@guardian", &["P005", "P006"]),
        ("tyr@household_head", &["P003"]),
        ("xm@household_head", &["P003"]),
        ("lqfs@item#P005", &["P005"]),
        ("tdz_yjdz@item#P005", &["P005"]),
        ("yjdz@item#P005", &["P005"]),
        ("lqfs@item#P006", &["P006"]),
        ("tdz_yjdz@item#P006", &["P006"]),
        ("yjdz@item#P006", &["P006"]),
    ]);
    let form = birth_form();
    assert_eq!(provenance(&form), expected);
    assert_eq!(form.field_count(), 50);
    let titles: Vec<&str> = form.sections.iter().map(|s| s.role.as_str()).collect();
    assert_eq!(
        titles,
        ["applicant", "agent", "newborn", "mother", "father", "guardian", "household_head", "item", "item"]
    );
    // Each parent's ID once, asked under each item's own condition (居民身份证 chosen).
    let mother_id = form.field(&id("gmsfhm@mother")).unwrap();
    assert!(mother_id.askers.iter().all(|a| a.required && a.when.is_some()));
    assert_eq!(mother_id.name, "公民身份号码（母亲）");
    // Birth date and sex are filled from the newborn's ID number once P004–P006 ask it.
    assert!(form.field(&id("csrq@newborn")).unwrap().derivable);
    assert!(form.field(&id("xb@newborn")).unwrap().derivable);
}

#[test]
fn enterprise_chain_merges_to_the_expected_fields() {
    let all: &[&str] = &["E001-1", "E002", "E003", "E004", "E005", "E006", "E007"];
    let linked: &[&str] = &["E002", "E003", "E004", "E005", "E006", "E007"];
    let setup: &[&str] = &["E001-1"];
    let units: &[&str] = &["E004", "E005", "E006"];
    let expected = expect(&[
        ("sfdb@applicant", all),
        ("xm@agent", all),
        ("gmsfhm@agent", all),
        ("sjhm@agent", all),
        ("qymc@enterprise", all),
        ("qylx@enterprise", setup),
        ("zs@enterprise", &["E001-1", "E004", "E005", "E006"]),
        ("tdz_jycs@enterprise", setup),
        ("jycs@enterprise", setup),
        ("yzbm@enterprise", setup),
        ("zczb@enterprise", setup),
        ("jyfw@enterprise", setup),
        ("jyqx@enterprise", setup),
        ("jyqxz@enterprise", setup),
        ("zzfbs@enterprise", setup),
        ("slfs@enterprise", setup),
        ("tyshxydm@enterprise", linked),
        ("hsfs@enterprise", &["E003"]),
        ("kjzd@enterprise", &["E003"]),
        ("khyh@enterprise", &["E003", "E004", "E005", "E006", "E007"]),
        ("yhzh@enterprise", &["E003", "E004", "E005", "E006"]),
        ("cyrs@enterprise", units),
        ("sshy@enterprise", &["E004"]),
        ("dwjcbl@enterprise", &["E006"]),
        ("grjcbl@enterprise", &["E006"]),
        ("fxr@enterprise", &["E006"]),
        ("xm@legal_rep", all),
        ("zjlx@legal_rep", all),
        ("zjhm@legal_rep", all),
        ("sjhm@legal_rep", all),
        ("zw@legal_rep", setup),
        // 同一人: asked first in the section of a role that may be an earlier one, by every item asking the role.
        ("tyr@liaison", all),
        ("xm@liaison", all),
        ("sjhm@liaison", all),
        ("zjlx@liaison", setup),
        ("zjhm@liaison", setup),
        ("dzyx@liaison", setup),
        ("tyr@tax_handler", &["E003"]),
        ("xm@tax_handler", &["E003"]),
        ("zjlx@tax_handler", &["E003"]),
        ("zjhm@tax_handler", &["E003"]),
        ("sjhm@tax_handler", &["E003"]),
        ("tyr@finance_officer", &["E001-1", "E003"]),
        ("xm@finance_officer", &["E001-1", "E003"]),
        ("zjlx@finance_officer", &["E001-1", "E003"]),
        ("zjhm@finance_officer", &["E001-1", "E003"]),
        ("sjhm@finance_officer", &["E001-1", "E003"]),
        ("yzzl@item#E002", &["E002"]),
        ("kzdw@item#E002", &["E002"]),
        ("nsrzgsx@item#E003", &["E003"]),
        ("fpblsx@item#E003", &["E003"]),
        ("fpzl@item#E003", &["E003"]),
        ("cbxz@item#E004", &["E004"]),
        ("cbxz@item#E005", &["E005"]),
        ("zhxz@item#E007", &["E007"]),
        ("yyrq@item#E007", &["E007"]),
    ]);
    let form = enterprise_form();
    assert_eq!(provenance(&form), expected);
    assert_eq!(form.field_count(), 56);
    // The enterprise's name once, across all seven items.
    let name = form.field(&id("qymc@enterprise")).unwrap();
    assert_eq!(name.askers.len(), 7);
    // 参保险种 stays one question per item, each with its own options.
    let codes = |f: &str| -> Vec<String> {
        form.field(&id(f)).unwrap().constraints.options.iter().map(|o| o.code.clone()).collect()
    };
    assert_eq!(codes("cbxz@item#E004"), ["pension", "unemployment", "work_injury"]);
    assert_eq!(codes("cbxz@item#E005"), ["medical", "maternity"]);
    // 公司设立登记 narrows the type; the merge keeps that narrowing.
    assert_eq!(codes("qylx@enterprise"), ["llc", "one_person_llc", "joint_stock"]);
    let groups: Vec<(&str, Vec<&str>)> = form.groups().map(|g| (g.key.as_str(), g.provenance())).collect();
    assert_eq!(groups, [("shareholders", vec!["E001-1"]), ("officers", vec!["E001-1"])]);
    // Sections: applicant, agent, the business, its people, then each item's own questions in catalog order.
    let items: Vec<Option<&str>> = form.sections.iter().map(|s| s.item.as_deref()).collect();
    assert_eq!(&items[items.len() - 5..], [Some("E002"), Some("E003"), Some("E004"), Some("E005"), Some("E007")]);
    assert_eq!(form.sections[0].role, "applicant");
    assert_eq!(form.sections[2].role, "enterprise");
}

/// What a single form says about one of its fields, compared with the merged form of that item alone.
fn assert_single_item_form(spec: &FormSpec, form: &MergedForm) {
    let d = data();
    let own: Vec<FieldId> = spec.fields.iter().map(|f| FieldId::for_item(&f.field, &spec.item)).collect();
    // The 同一人 and 同地址 questions are the merge's own (every role that may coincide with another gets one, and
    // every address that may be the same as one asked earlier).
    let merged: BTreeSet<FieldId> =
        form.fields().filter(|f| !is_answered_by_link(&f.id.key.element)).map(|f| f.id.clone()).collect();
    assert_eq!(merged, own.iter().cloned().collect::<BTreeSet<_>>(), "{}", spec.item);
    for (f, field_id) in spec.fields.iter().zip(&own) {
        let m = form.field(field_id).unwrap();
        let element = d.dict.element(&f.field.element).unwrap();
        assert_eq!(m.askers.len(), 1);
        assert_eq!(m.askers[0].item, spec.item);
        assert_eq!(m.askers[0].required, f.required);
        assert_eq!(m.askers[0].when, f.when);
        assert_eq!(m.constraints.min_len, f.min_len.or(element.min_len));
        assert_eq!(m.constraints.max_len, f.max_len.or(element.max_len));
        assert_eq!(m.constraints.min, f.min.or(element.min));
        assert_eq!(m.constraints.max, f.max.or(element.max));
        assert_eq!(m.help, f.help.clone().or_else(|| element.help.clone()));
        let codes: BTreeSet<String> = m.constraints.options.iter().map(|o| o.code.clone()).collect();
        let expected: BTreeSet<String> = match &f.options {
            Some(list) => list.iter().cloned().collect(),
            None => d.dict.option_codes(&f.field.element).iter().map(|c| (*c).to_owned()).collect(),
        };
        assert_eq!(codes, expected, "{} {}", spec.item, f.field);
    }
    // Within a section, fields keep the form's own order.
    for section in &form.sections {
        let positions: Vec<usize> = section.fields.iter().filter_map(|f| own.iter().position(|o| o == &f.id)).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{}", spec.item);
    }
    let groups: Vec<(String, u32, u32)> = form.groups().map(|g| (g.key.clone(), g.min, g.max)).collect();
    let mut own_groups: Vec<(String, u32, u32)> = spec.groups.iter().map(|g| (g.group.clone(), g.min, g.max)).collect();
    let mut sorted = groups.clone();
    sorted.sort();
    own_groups.sort();
    assert_eq!(sorted, own_groups, "{}", spec.item);
}

#[test]
fn merging_a_single_item_gives_its_own_form() {
    let e = engine();
    for leaf in data().catalog.leaves() {
        let id = leaf.id.as_str();
        let spec = data().forms.spec(id).unwrap().unwrap();
        let form = e.merge_items(&[id]).unwrap();
        assert_eq!(form.items.len(), 1);
        assert_single_item_form(&spec, &form);
    }
}

fn all_leaves() -> Vec<String> {
    data().catalog.leaves().map(|l| l.id.as_str().to_owned()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn merge_does_not_depend_on_the_order_of_items(
        picked in proptest::sample::subsequence(all_leaves(), 1..30).prop_shuffle()
    ) {
        let e = engine();
        let mut sorted = picked.clone();
        sorted.sort();
        let shuffled = e.merge_items(&picked);
        let in_order = e.merge_items(&sorted);
        prop_assert_eq!(&shuffled, &in_order);
        let mut reversed = picked.clone();
        reversed.reverse();
        prop_assert_eq!(&e.merge_items(&reversed), &in_order);
    }

    #[test]
    fn split_gives_each_item_exactly_its_own_fields(
        picked in proptest::sample::subsequence(all_leaves(), 1..12)
    ) {
        let e = engine();
        let Ok(form) = e.merge_items(&picked) else {
            // A real conflict between the picked items: nothing to split.
            return Ok(());
        };
        let answers = validate(&form, &full_answers(&form), today()).answers;
        let payloads = split(&form, &answers);
        prop_assert_eq!(payloads.len(), picked.len());
        for payload in &payloads {
            let spec = data().forms.spec(&payload.item_id).unwrap().unwrap();
            let own: BTreeSet<String> = spec.fields.iter().map(|f| f.field.to_string()).collect();
            let keys: BTreeSet<String> = payload.fields.keys().cloned().collect();
            prop_assert!(keys.is_subset(&own), "{}: {:?}", payload.item_id, keys.difference(&own).collect::<Vec<_>>());
            // Every unconditional field of the item's own form is there.
            for f in spec.fields.iter().filter(|f| f.when.is_none()) {
                prop_assert!(keys.contains(&f.field.to_string()), "{} lacks {}", payload.item_id, f.field);
            }
            // Exactly what the item's form alone would give.
            let alone = e.merge_items(&[payload.item_id.as_str()]).unwrap();
            let single = split(&alone, &answers);
            prop_assert_eq!(&single[0], payload);
            let own_groups: BTreeSet<&String> = spec.groups.iter().map(|g| &g.group).collect();
            prop_assert!(payload.groups.keys().all(|g| own_groups.contains(g)));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

fn birth_answers() -> Answers {
    let mut a = Answers::default();
    for (field, value) in [
        ("sfdb@applicant", "0"),
        ("xm@newborn", "王小明"),
        ("xb@newborn", "1"),
        ("csrq@newborn", "2025-05-01"),
        ("cssk@newborn", "08:30"),
        ("csdd@newborn", "威海市环翠区"),
        ("jzdz@newborn", "威海市环翠区"),
        ("mz@newborn", "01"),
        ("lhfs@newborn", "mother"),
        ("yhzgx@newborn", "son"),
        ("xm@mother", "李华"),
        ("sjhm@mother", "13800138000"),
        ("zjlx@mother", "resident_id"),
        ("mz@mother", "01"),
        ("hjdz@mother", "威海市环翠区"),
        ("xm@father", "王强"),
        ("sjhm@father", "13900139000"),
        ("zjlx@father", "resident_id"),
        ("mz@father", "01"),
        ("lqfs@item#P005", "window"),
        ("lqfs@item#P006", "window"),
        ("csddlx@newborn", "institution"),
        ("fmsfdjjh@newborn", "1"),
        ("sfyblcsdj@newborn", "0"),
        ("cbd@newborn", "371002"),
        ("gx@newborn", "child"),
        ("xm@guardian", "李华"),
    ] {
        a.set(id(field), value);
    }
    a.set(id("gmsfhm@guardian"), resident_id("19900101", "002"));
    a.set(id("gmsfhm@mother"), resident_id("19900101", "002"));
    a.set(id("gmsfhm@father"), resident_id("19880101", "001"));
    a
}

#[test]
fn a_complete_birth_application_is_valid() {
    let form = birth_form();
    let v = validate(&form, &birth_answers(), today());
    assert!(v.is_ok(), "{:?}", v.errors);
}

#[test]
fn derived_birth_date_and_sex_fill_and_lock() {
    let form = birth_form();
    let mut a = birth_answers();
    a.fields.remove(&id("csrq@newborn"));
    a.fields.remove(&id("xb@newborn"));
    let newborn_id = resident_id("20250501", "003");
    a.set(id("sfyblcsdj@newborn"), "1");
    a.set(id("gmsfhm@newborn"), newborn_id.to_lowercase());
    let v = validate(&form, &a, today());
    assert!(v.is_ok(), "{:?}", v.errors);
    assert_eq!(v.answers.get(&id("csrq@newborn")), Some("2025-05-01"));
    assert_eq!(v.answers.get(&id("xb@newborn")), Some("1"));
    assert_eq!(v.derived.len(), 2);
    // 性别 and 出生日期 chosen before the ID was typed (or mistyped) do not lock the form: the ID number wins.
    a.set(id("xb@newborn"), "2");
    a.set(id("csrq@newborn"), "not a date");
    let v = validate(&form, &a, today());
    assert!(v.is_ok(), "{:?}", v.errors);
    assert_eq!(v.answers.get(&id("xb@newborn")), Some("1"));
    assert_eq!(v.answers.get(&id("csrq@newborn")), Some("2025-05-01"));
    // Without a valid ID the citizen's own answer stands again and is checked like any other.
    a.set(id("gmsfhm@newborn"), "37100219");
    let v = validate(&form, &a, today());
    assert_eq!(v.answers.get(&id("xb@newborn")), Some("2"));
    assert!(v.error("csrq@newborn").is_some());
}

#[test]
fn errors_name_the_field_and_role() {
    let form = birth_form();
    let mut a = birth_answers();
    a.set(id("gmsfhm@mother"), "11010519491231002X".replace('X', "1"));
    let v = validate(&form, &a, today());
    assert_eq!(
        v.error("gmsfhm@mother").unwrap().message,
        "公民身份号码（母亲）的最后一位与前面的数字对不上，请逐位核对"
    );
    a.fields.remove(&id("xm@newborn"));
    let v = validate(&form, &a, today());
    assert_eq!(v.error("xm@newborn").unwrap().message, "请填写姓名（新生儿）");
}

#[test]
fn newborn_cannot_be_born_before_a_parent_or_in_the_future() {
    let form = birth_form();
    let mut a = birth_answers();
    a.set(id("csrq@newborn"), "1989-12-31");
    let v = validate(&form, &a, today());
    let e = v.error("csrq@newborn").unwrap();
    assert!(matches!(e.kind, ErrorKind::BornBeforeParent { .. }));
    assert_eq!(e.message, "出生日期（新生儿）应晚于母亲的出生日期");
    a.set(id("csrq@newborn"), "2025-06-02");
    let v = validate(&form, &a, today());
    assert_eq!(v.error("csrq@newborn").unwrap().kind, ErrorKind::Value(Problem::InFuture));
}

#[test]
fn hidden_fields_are_ignored_and_shown_ones_required() {
    let form = birth_form();
    let mut a = birth_answers();
    // The mother holds a passport: her ID-number field hides, 证件号码 and 国籍 show and are required.
    a.set(id("zjlx@mother"), "passport");
    a.set(id("gmsfhm@mother"), "not an id");
    let v = validate(&form, &a, today());
    assert!(v.error("gmsfhm@mother").is_none());
    assert!(!v.visible.contains(&id("gmsfhm@mother")));
    assert!(!v.visible.contains(&id("mz@mother")));
    assert_eq!(v.error("zjhm@mother").unwrap().kind, ErrorKind::Value(Problem::Required { choice: false }));
    assert!(v.error("gj@mother").is_some());
    // Hidden answers are kept for when the field shows again.
    assert_eq!(v.answers.get(&id("gmsfhm@mother")), Some("not an id"));
    // 委托代办: the agent's fields show and are required.
    a = birth_answers();
    a.set(id("sfdb@applicant"), "是");
    let v = validate(&form, &a, today());
    assert_eq!(v.answers.get(&id("sfdb@applicant")), Some("1"));
    assert_eq!(v.error("xm@agent").unwrap().message, "请填写姓名（经办人）");
    // An item's own conditional question: 邮寄 for 社保卡 only.
    a = birth_answers();
    a.set(id("lqfs@item#P005"), "post");
    let v = validate(&form, &a, today());
    assert_eq!(v.error("yjdz@item#P005").unwrap().message, "请填写邮寄地址");
    assert!(v.error("yjdz@item#P006").is_none());
}

#[test]
fn document_numbers_and_groups_in_the_enterprise_chain() {
    let form = enterprise_form();
    let full = full_answers(&form);
    let v = validate(&form, &full, today());
    assert!(v.is_ok(), "{:?}", v.errors);
    // A 证件号码 is checked as the 证件类型 says.
    let mut a = full.clone();
    a.set(id("zjlx@legal_rep"), "resident_id");
    a.set(id("zjhm@legal_rep"), "110105194912310021");
    let v = validate(&form, &a, today());
    assert_eq!(
        v.error("zjhm@legal_rep").unwrap().message,
        "证件号码（法定代表人）的最后一位与前面的数字对不上，请逐位核对"
    );
    a.set(id("zjlx@legal_rep"), "home_return_permit");
    a.set(id("zjhm@legal_rep"), "H12345678");
    assert!(validate(&form, &a, today()).is_ok());
    // Groups: at least one shareholder; each member's required elements and document number.
    let mut a = full.clone();
    a.groups.insert("shareholders".into(), vec![BTreeMap::new()]);
    let v = validate(&form, &a, today());
    assert!(matches!(v.error("shareholders").unwrap().kind, ErrorKind::TooFewMembers { min: 1 }));
    let mut member = full.groups["shareholders"][0].clone();
    member.insert("zjhm".into(), "110105194912310021".into());
    member.remove("ztmc");
    a.groups.insert("shareholders".into(), vec![member]);
    let v = validate(&form, &a, today());
    let keys: Vec<String> = v.errors.iter().map(|e| e.target.key()).collect();
    assert_eq!(keys, ["shareholders[0].ztmc", "shareholders[0].zjhm"]);
    assert!(v.errors[1].message.starts_with("股东（出资人）第1项的证件号码"));
    assert!(matches!(v.errors[0].target, Target::Member { index: 0, .. }));
}

// ---------------------------------------------------------------------------------------------
// Materials and notice
// ---------------------------------------------------------------------------------------------

#[test]
fn materials_merge_by_key_and_follow_the_answers() {
    let e = engine();
    let form = birth_form();
    let mut a = birth_answers();
    let materials = e.materials(&form, &a);
    let keys: Vec<&str> = materials.iter().map(|m| m.key.as_str()).collect();
    let unique: BTreeSet<&str> = keys.iter().copied().collect();
    assert_eq!(keys.len(), unique.len(), "each material once");
    let by_key: BTreeMap<&str, _> = materials.iter().map(|m| (m.key.as_str(), m)).collect();
    // The ID card: needed by several items, 免提交 through the electronic licence.
    let id_card = by_key["jmsfz"];
    assert!(id_card.items().len() > 1);
    assert!(id_card.exempt.is_some());
    assert_eq!(id_card.need, Need::Required);
    // The letter of authorisation only when someone else applies.
    assert_eq!(by_key["sqwts"].need, Need::NotNeeded);
    a.set(id("sfdb@applicant"), "1");
    let materials = e.materials(&form, &a);
    let sqwts = materials.iter().find(|m| m.key == "sqwts").unwrap();
    assert_eq!(sqwts.need, Need::Required);
    // A condition on a choice not answered yet stays 视情况 (not 无需提交); the answer then decides.
    a.fields.remove(&id("fmsfdjjh@newborn"));
    let undecided = e.materials(&form, &a);
    let jhz = undecided.iter().find(|m| m.key == "jhz").expect("结婚证");
    assert_eq!(jhz.need, Need::Conditional);
    a.set(id("fmsfdjjh@newborn"), "0");
    let decided = e.materials(&form, &a);
    assert_eq!(decided.iter().find(|m| m.key == "jhz").map(|m| m.need), Some(Need::NotNeeded));
}

#[test]
fn notice_summarises_the_chain() {
    let e = engine();
    let form = enterprise_form();
    let notice = e.notice(&form, &full_answers(&form));
    assert_eq!(notice.items.len(), 7);
    assert!(notice.missing_guides.is_empty());
    assert!(notice.items.iter().all(|i| !i.steps.is_empty() && i.handler.is_some()));
    let names: Vec<&str> = notice.departments.iter().map(|d| d.name.as_str()).collect();
    assert!(names.contains(&"市市场监管局"));
    let known: Vec<Option<u32>> = notice.items.iter().map(|i| i.visits).collect();
    let expected = known.iter().try_fold(0, |most, v| v.map(|v| most.max(v)));
    assert_eq!(notice.visits, expected);
    let json = serde_json::to_value(&notice).unwrap();
    assert!(json["materials"].is_array());
}

// ---------------------------------------------------------------------------------------------
// Split
// ---------------------------------------------------------------------------------------------

#[test]
fn split_payloads_carry_only_each_items_fields() {
    let form = birth_form();
    let mut a = birth_answers();
    a.set(id("zjlx@mother"), "passport");
    a.set(id("zjhm@mother"), "X1234567");
    a.set(id("gj@mother"), "新加坡");
    let v = validate(&form, &a, today());
    assert!(v.is_ok(), "{:?}", v.errors);
    let payloads = split(&form, &v.answers);
    let ids: Vec<&str> = payloads.iter().map(|p| p.item_id.as_str()).collect();
    assert_eq!(ids, ["P001", "P002", "P003", "P004", "P005", "P006"]);
    let p001 = &payloads[0];
    assert_eq!(p001.fields["zjhm@mother"], "X1234567");
    assert!(!p001.fields.contains_key("gmsfhm@mother"), "hidden for P001");
    assert!(!p001.fields.contains_key("jzdz@newborn"), "asked by P002 only");
    assert_eq!(payloads[4].fields["lqfs@item"], "window");
    assert!(!payloads[0].fields.contains_key("lqfs@item"));
    let json = serde_json::to_value(p001).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["catalog_version", "fields", "groups", "item_id", "item_name"]);
    assert_eq!(json["catalog_version"], data().catalog.version());
}

#[test]
fn field_ids_parse_and_print() {
    assert_eq!(id("lqfs@item#P005").item.as_deref(), Some("P005"));
    assert_eq!(id("lqfs@item#E001-2").to_string(), "lqfs@item#E001-2");
    assert!(FieldId::parse("lqfs@item").is_none(), "item fields are scoped");
    assert!(FieldId::parse("xm@mother#P001").is_none(), "shared fields are not");
    assert!(FieldId::parse("xm@mother#").is_none());
    assert_eq!(FieldId::for_item(&FieldKey::parse("xm@mother").unwrap(), "P001"), id("xm@mother"));
}
