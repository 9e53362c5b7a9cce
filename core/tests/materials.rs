//! The materials model (issue 20): necessity, form and the data-sharing route kept apart; one instruction per
//! material in a chain; the 出生 and 身后 conditions settled by the form; what each department's payload carries.

#[path = "support/mod.rs"]
mod support;

use std::collections::BTreeMap;

use sqsb_core::catalog::LifecycleId;
use sqsb_core::engine::{Answers, ChainSpec, FieldId, MergedForm, MergedMaterial, Need, Selections, Supply};
use sqsb_core::guides::{exemption_conflict, Material, MaterialForm, MaterialRef};
use support::{data, engine, full_answers, payloads};

fn id(s: &str) -> FieldId {
    FieldId::parse(s).unwrap_or_else(|| panic!("bad field id {s}"))
}

fn scenario_form(code: &str) -> MergedForm {
    let e = engine();
    let spec = ChainSpec::Scenario { lifecycle: LifecycleId::Personal, code: code.to_owned() };
    let open = e.chain(&spec, &Selections::new()).expect("a preset chain");
    // Every sub-item of a group, so that every leaf's materials are in the chain.
    let picks: Selections = open
        .pending
        .iter()
        .map(|p| (p.group.clone(), p.options.iter().map(|(sub, _)| sub.clone()).collect()))
        .collect();
    e.merge(&e.chain(&spec, &picks).expect("chain")).expect("merges")
}

fn by_key(materials: &[MergedMaterial]) -> BTreeMap<&str, &MergedMaterial> {
    materials.iter().map(|m| (m.key.as_str(), m)).collect()
}

fn reference(item: &str, key: &str) -> &'static MaterialRef {
    let g = data().guides.guide(item).unwrap_or_else(|| panic!("{item} has a guide"));
    g.materials.iter().find(|m| m.key == key).unwrap_or_else(|| panic!("{item} lists {key}"))
}

fn material(key: &str) -> &'static Material {
    data().materials.get(key).unwrap_or_else(|| panic!("{key} exists"))
}

#[test]
fn no_reference_of_the_303_guides_is_required_on_paper_and_exempt_without_a_condition() {
    let d = data();
    let mut checked = 0;
    for leaf in d.catalog.leaves() {
        let guide = d.guides.guide(leaf.id.as_str()).unwrap_or_else(|| panic!("{} has a guide", leaf.id));
        for r in &guide.materials {
            let m = material(&r.key);
            assert_eq!(exemption_conflict(m, r), None, "{} {}", leaf.id, r.key);
            checked += 1;
        }
    }
    assert_eq!(d.catalog.leaves().count(), 303);
    assert!(checked > 1000, "{checked} references");
}

#[test]
fn the_check_fails_on_paper_an_unconditional_route_claims_to_replace() {
    let form = material("sqb");
    let signed = MaterialRef {
        key: "sqb".into(),
        form: MaterialForm::Original,
        count: 1,
        required: true,
        condition: None,
        when: None,
        note: None,
        paper: None,
    };
    assert!(exemption_conflict(form, &signed).is_some_and(|m| m.contains("无条件免提交")));
    // Saying why the paper is needed settles it.
    let with_reason =
        MaterialRef { paper: Some("须由法定代表人签字并加盖公章".into()), ..signed.clone() };
    assert_eq!(exemption_conflict(form, &with_reason), None);
    // An e-licence cannot stand in for an original that is handed in.
    let handed_in = MaterialRef { key: "xsz".into(), form: MaterialForm::Surrender, ..signed.clone() };
    assert!(exemption_conflict(material("xsz"), &handed_in).is_some_and(|m| m.contains("交回")));
    // A paper reason where there is no route is a mistake too.
    let pointless = MaterialRef { key: "sqwts".into(), paper: Some("原件".into()), ..signed };
    assert!(exemption_conflict(material("sqwts"), &pointless).is_some());
}

#[test]
fn the_listed_exceptions_need_the_paper_itself() {
    // The deceased's ID card is handed in at the police, a document of its own without an e-licence route.
    let card = reference("P111", "szjmsfz");
    assert_eq!(card.form, MaterialForm::Surrender);
    assert!(material("szjmsfz").exempt.is_none());
    // The 2025 婚姻登记条例 asks for the 结婚证 itself (its divorce chapter's article numbers are still being
    // checked: data/citations.json awaiting_article), so the reason names the regulation and the certificate.
    for item in ["P084", "P085"] {
        let paper = reference(item, "jhz").paper.as_deref();
        assert!(paper.is_some_and(|p| p.contains("《婚姻登记条例》") && p.contains("结婚证")), "{item}");
    }
    for item in ["P075", "E054-5", "P072-5"] {
        let r = reference(item, "xsz");
        assert_eq!(r.form, MaterialForm::Surrender, "{item}");
        assert!(r.paper.is_some(), "{item}");
    }
    assert!(reference("P003", "hkb").paper.is_some());
    let p006 = reference("P006", "hkb");
    assert_eq!(p006.form, MaterialForm::Inspect);
    assert!(p006.paper.as_deref().is_some_and(|p| p.contains("第十条")));
    assert_eq!(material("csyxzm").issued_by, ["P001"]);
}

#[test]
fn the_birth_checklist_gives_one_instruction_per_material() {
    let e = engine();
    let form = scenario_form("1.1");
    let answers = full_answers(&form);
    let materials = e.materials(&form, &answers);
    let m = by_key(&materials);
    assert_eq!(m.len(), materials.len(), "each material once");
    // The application form: filled in here, never “需提交” next to “无需提交”.
    assert_eq!(m["sqb"].supply, Supply::Generated { paper: None });
    // Issued by P001 of this very chain.
    assert!(matches!(&m["csyxzm"].supply, Supply::FromChain { item, .. } if item == "P001"));
    // The ID card: the e-licence stands in, the original if it cannot be retrieved.
    assert!(matches!(&m["jmsfz"].supply, Supply::Shared { form: MaterialForm::Original, .. }));
    // The 户口簿: the police add a page, so the paper itself, whatever the e-licence.
    assert!(matches!(&m["hkb"].supply, Supply::Bring { paper: Some(_), .. }), "{:?}", m["hkb"].supply);
    for mm in &materials {
        assert_eq!(mm.need == Need::NotNeeded, mm.supply == Supply::NotNeeded, "{}", mm.key);
    }
}

/// Answers that settle every condition, in both directions of each yes/no.
fn variants(form: &MergedForm) -> Vec<Answers> {
    let base = full_answers(form);
    let mut out = vec![base.clone()];
    for f in form.fields() {
        if matches!(f.id.key.element.as_str(), "fmsfdjjh" | "nftgsfz" | "nftgswzm" | "sfdb" | "sfyblcsdj") {
            let mut a = base.clone();
            a.set(f.id.clone(), "0".to_owned());
            out.push(a);
        }
    }
    out
}

#[test]
fn every_conditional_material_of_the_birth_and_after_death_chains_resolves_from_the_answers() {
    let e = engine();
    for code in ["1.1", "11.1", "11.2"] {
        let form = scenario_form(code);
        for answers in variants(&form) {
            for m in e.materials(&form, &answers) {
                assert_ne!(m.need, Need::Conditional, "{code}: {} stays 视情况 ({:?})", m.key, m.needs);
            }
        }
    }
    // And the answers decide: married parents bring the 结婚证, unmarried ones the 非婚生育说明.
    let form = scenario_form("1.1");
    let mut a = full_answers(&form);
    a.set(id("fmsfdjjh@newborn"), "1".to_owned());
    let married = e.materials(&form, &a);
    a.set(id("fmsfdjjh@newborn"), "0".to_owned());
    let unmarried = e.materials(&form, &a);
    assert_eq!(by_key(&married)["jhz"].need, Need::Required);
    assert_eq!(by_key(&married)["fhsysm"].need, Need::NotNeeded);
    assert_eq!(by_key(&unmarried)["jhz"].need, Need::NotNeeded);
    assert_eq!(by_key(&unmarried)["fhsysm"].need, Need::Required);
}

fn payload_fields(code: &str) -> BTreeMap<String, Vec<String>> {
    let form = scenario_form(code);
    payloads(&form, &full_answers(&form))
        .into_iter()
        .map(|p| (p.item_id.clone(), p.fields.keys().cloned().collect()))
        .collect()
}

#[test]
fn each_department_gets_the_fields_it_needs() {
    let birth = payload_fields("1.1");
    let has = |item: &str, field: &str| birth[item].iter().any(|f| f == field);
    // 公安 (户口登记): whether the parents are married, where the baby was born.
    for f in ["fmsfdjjh@newborn", "csddlx@newborn", "lhfs@newborn"] {
        assert!(has("P003", f), "P003 {f}");
    }
    assert!(has("P001", "csddlx@newborn"));
    // 医保: the 参保地.
    assert!(has("P004", "cbd@newborn"));
    // 人社 and 公安 (身份证): the child's ID number and the guardian who applies, with the relationship.
    for item in ["P005", "P006"] {
        for f in ["gmsfhm@newborn", "xm@guardian", "gmsfhm@guardian", "gx@newborn"] {
            assert!(has(item, f), "{item} {f}");
        }
    }
    let death = payload_fields("11.1");
    for item in ["P108", "P109"] {
        assert!(!death[item].iter().any(|f| f == "swyy@deceased"), "{item} asks no 死亡原因");
    }
    for item in ["P108", "P109", "P110", "P111"] {
        assert!(death[item].iter().any(|f| f == "nftgsfz@deceased"), "{item}");
        assert!(death[item].iter().any(|f| f == "gmsfhm@deceased"), "{item}");
    }
    let benefits = payload_fields("11.2");
    for item in ["P112", "P113-1", "P113-2"] {
        let fields = &benefits[item];
        for f in ["nftgswzm@deceased", "gmsfhm@deceased", "yhzh@applicant"] {
            assert!(fields.iter().any(|x| x == f), "{item} {f}");
        }
    }
}

#[test]
fn the_death_certificate_is_renamed_from_2026_07_01() {
    let m = material("swyxzm");
    assert_eq!(m.name_on("2026-06-30"), "居民死亡医学证明（推断）书");
    assert_eq!(m.name_on("2026-07-01"), "居民死亡医学证明");
    let rule = m.renamed.as_ref().expect("a dated rule");
    assert!(rule.basis.contains("国卫规划发〔2026〕5号"));
    // Who may apply changed with it: near relatives, others on their authorisation.
    let p108 = data().guides.guide("P108").expect("P108");
    assert!(p108.target.contains("近亲属") && p108.target.contains("委托"), "{}", p108.target);
    assert!(!p108.conditions.iter().any(|c| c.contains("出具《居民死亡医学证明（推断）书》")));
}

#[test]
fn a_rename_must_be_dated_and_sourced() {
    let bad = r#"[{"file": "t.json", "doc": {"materials": [{"key": "x", "name": "新名", "synonyms": ["旧名"],
        "renamed": {"on": "2026-13-01", "before": "旧名", "basis": "某通知", "source": "https://example.org"}}]}}]"#;
    let err = sqsb_core::guides::MaterialDictionary::from_bundle(bad).expect_err("a bad date");
    assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    let not_kept = bad.replace("2026-13-01", "2026-07-01").replace(r#""synonyms": ["旧名"],"#, "");
    let err = sqsb_core::guides::MaterialDictionary::from_bundle(&not_kept).expect_err("old name lost");
    assert!(err.to_string().contains("synonyms"), "{err}");
}
