//! Situations (data/situations): plain questions choose the sub-items of every group item, and the items of a
//! scenario whose own items exclude each other. Checked against the catalog and the merge: every sub-item can be
//! reached, every combination of answers gives a chain that merges (alternatives that exclude each other are never
//! selected together), the answers can be read back from the picked items, and every scenario has a guided path.

mod support;

use std::collections::BTreeSet;

use sqsb_core::catalog::LifecycleId;
use sqsb_core::draft::Draft;
use sqsb_core::engine::{scenario_key, Answers, ChainSpec, Selections};
use sqsb_core::situations::{Situation, Situations};
use support::{data, engine};

fn situations() -> Situations {
    Situations::bundled().expect("situations load")
}

/// Every set of answers a citizen can give: one per exclusive question, any (not all empty) for the others.
fn answer_sets(s: &Situation) -> Vec<BTreeSet<String>> {
    let mut sets: Vec<BTreeSet<String>> = vec![BTreeSet::new()];
    for q in &s.questions {
        let options: Vec<Vec<&str>> = if q.exclusive {
            q.answers.iter().map(|a| vec![a.id.as_str()]).collect()
        } else {
            (0u32..1 << q.answers.len())
                .map(|mask| {
                    q.answers
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| mask & (1 << i) != 0)
                        .map(|(_, a)| a.id.as_str())
                        .collect()
                })
                .collect()
        };
        sets = sets
            .iter()
            .flat_map(|set| {
                options.iter().map(move |o| set.iter().cloned().chain(o.iter().map(|s| (*s).to_owned())).collect())
            })
            .collect();
    }
    sets.retain(|s| !s.is_empty());
    sets
}

/// The items picked by answering `answers` one after another, as the notice does.
fn pick(s: &Situation, answers: &BTreeSet<String>) -> BTreeSet<String> {
    let mut picked = BTreeSet::new();
    for q in &s.questions {
        for a in q.answers.iter().filter(|a| answers.contains(&a.id)) {
            picked = s.choose(&picked, &q.id, &a.id, true);
        }
    }
    picked
}

#[test]
fn the_data_follows_its_rules() {
    let s = situations();
    let problems = s.check(&data().catalog);
    assert!(problems.is_empty(), "{problems:#?}");
    let subitems: usize = s.groups.keys().filter_map(|g| data().catalog.item(g)).map(|i| i.subitems.len()).sum();
    assert_eq!((s.groups.len(), subitems), (38, 121), "every group item of the notice, every sub-item");
    assert!(s.scenario(LifecycleId::Personal, "7.1").is_some(), "婚育: 结婚 or 离婚 first");
}

#[test]
fn a_broken_file_is_refused_with_its_name() {
    let bad = r#"[{"file": "x.json", "doc": {"version": "1", "groups": {"E001": {"questions": [], "reasons": {}, "extra": 1}}}}]"#;
    let error = Situations::from_bundle(bad).expect_err("unknown key");
    assert!(error.contains("situations/x.json"), "{error}");
    let twice = r#"[{"file": "a.json", "doc": {"version": "1", "groups": {"E001": {"questions": [], "reasons": {}}}}},
                    {"file": "b.json", "doc": {"version": "1", "groups": {"E001": {"questions": [], "reasons": {}}}}}]"#;
    assert!(Situations::from_bundle(twice).expect_err("twice").contains("E001"));
    // check() finds what the catalog contradicts.
    let mut s = situations();
    if let Some(e001) = s.groups.get_mut("E001") {
        e001.questions[0].answers[0].selects = vec!["E098-1".to_owned()];
        e001.reasons.remove("E001-2");
    }
    let problems = s.check(&data().catalog).join("\n");
    assert!(problems.contains("E098-1 不是它的事项"), "{problems}");
    assert!(problems.contains("E001-1 不能通过回答问题选中"), "{problems}");
    assert!(problems.contains("E001-2 没有“不需要办理”的理由"), "{problems}");
}

#[test]
fn every_combination_of_answers_merges_and_reads_back() {
    let e = engine();
    let s = situations();
    let mut combinations = 0;
    for (group, situation) in &s.groups {
        let scenario = data().catalog.scenario_of(group).expect("a group item sits in a scenario");
        let place = data().catalog.place(group).expect("placed");
        let lifecycle = data().catalog.lifecycle_at(place).id;
        let spec = ChainSpec::Scenario { lifecycle, code: scenario.code.clone() };
        for answers in answer_sets(situation) {
            let picked = pick(situation, &answers);
            assert!(!picked.is_empty(), "{group} {answers:?}");
            assert_eq!(situation.chosen(&picked), answers, "{group}: the answers are read back from the picked items");
            let mut sel = s.defaults(&e, &spec);
            sel.insert(group.clone(), picked.clone());
            let chain = e.chain(&spec, &sel).expect("chain");
            assert!(picked.iter().all(|id| chain.leaves.contains(id)), "{group} {answers:?}");
            if let Err(error) = e.merge(&chain) {
                panic!("{group} {answers:?}: the answers select items that cannot go together: {error}");
            }
            combinations += 1;
        }
    }
    assert!(combinations > 200, "{combinations}");
}

#[test]
fn an_exclusive_answer_replaces_the_other() {
    let s = situations();
    let e001 = &s.groups["E001"];
    let q = &e001.questions[0];
    assert!(q.exclusive, "one enterprise per registration: radio buttons");
    let company = e001.choose(&BTreeSet::new(), &q.id, "company", true);
    assert_eq!(company, BTreeSet::from(["E001-1".to_owned()]));
    let branch = e001.choose(&company, &q.id, "branch", true);
    assert_eq!(branch, BTreeSet::from(["E001-4".to_owned()]), "分公司 replaces 公司, never both");
    // A non-exclusive question adds and removes.
    let p090 = &s.groups["P090"];
    let both = p090.default_selection();
    assert_eq!(both, BTreeSet::from(["P090-2".to_owned(), "P090-4".to_owned()]));
    let less = p090.choose(&both, "what", "allowance", false);
    assert_eq!(less, BTreeSet::from(["P090-2".to_owned()]));
    // An item added by hand stays when another question is answered.
    let by_hand = BTreeSet::from(["E001-1".to_owned(), "E001-4".to_owned()]);
    assert_eq!(e001.chosen(&by_hand), BTreeSet::from(["company".to_owned(), "branch".to_owned()]));
}

#[test]
fn every_scenario_has_a_guided_path() {
    let e = engine();
    let s = situations();
    for spec in e.preset_chains() {
        let mut sel = s.defaults(&e, &spec);
        let mut chain = e.chain(&spec, &sel).expect("chain");
        // Whatever the defaults leave open, the first answer of each question settles.
        for pending in chain.pending.clone() {
            let situation = s.groups.get(&pending.group).unwrap_or_else(|| panic!("{}: no questions", pending.group));
            let first: BTreeSet<String> = situation.questions.iter().map(|q| q.answers[0].id.clone()).collect();
            sel.insert(pending.group.clone(), pick(situation, &first));
        }
        chain = e.chain(&spec, &sel).expect("chain");
        assert!(chain.pending.is_empty() && !chain.leaves.is_empty(), "{spec:?}");
        assert!(e.merge(&chain).is_ok(), "{spec:?}");
    }
}

#[test]
fn the_company_card_starts_with_a_company_and_no_conflict() {
    let e = engine();
    let spec = ChainSpec::Scenario { lifecycle: LifecycleId::Enterprise, code: "1.1".to_owned() };
    let sel = situations().defaults(&e, &spec);
    assert_eq!(sel.get("E001"), Some(&BTreeSet::from(["E001-1".to_owned()])));
    let chain = e.chain(&spec, &sel).expect("chain");
    assert!(chain.pending.is_empty());
    assert!(e.merge(&chain).is_ok());
}

fn marriage_materials(answer: &str) -> (Vec<String>, Vec<String>) {
    let e = engine();
    let s = situations();
    let spec = ChainSpec::Scenario { lifecycle: LifecycleId::Personal, code: "7.1".to_owned() };
    let situation = s.scenario(LifecycleId::Personal, "7.1").expect("婚育");
    let mut sel = Selections::new();
    sel.insert(scenario_key(LifecycleId::Personal, "7.1"), situation.choose(&BTreeSet::new(), "what", answer, true));
    let chain = e.chain(&spec, &sel).expect("chain");
    let form = e.merge(&chain).expect("merges");
    let notice = e.notice(&form, &Answers::default());
    (chain.leaves, notice.materials.iter().map(|m| m.name.clone()).collect())
}

#[test]
fn a_couple_marrying_is_never_asked_for_a_divorce_agreement() {
    let e = engine();
    let spec = ChainSpec::Scenario { lifecycle: LifecycleId::Personal, code: "7.1".to_owned() };
    let defaults = situations().defaults(&e, &spec);
    assert_eq!(defaults.get("personal/7.1"), Some(&BTreeSet::from(["P082".to_owned()])), "marriage is the usual case");
    let (leaves, materials) = marriage_materials("marry");
    assert_eq!(leaves, vec!["P082".to_owned()]);
    assert!(!materials.iter().any(|m| m.contains("离婚")), "{materials:?}");
    let (leaves, materials) = marriage_materials("divorce");
    assert_eq!(leaves, vec!["P084".to_owned()]);
    assert!(materials.iter().any(|m| m.contains("离婚协议")), "{materials:?}");
    // Without a choice (a draft from before), the whole scenario as before.
    assert_eq!(e.chain(&spec, &Selections::new()).expect("chain").leaves.len(), 5);
    // A stray id under the scenario's key is refused, not ignored.
    let mut stray = Selections::new();
    stray.insert("personal/7.1".to_owned(), BTreeSet::from(["E001".to_owned()]));
    assert!(e.chain(&spec, &stray).is_err());
}

#[test]
fn the_scenario_choice_survives_a_draft_reopened() {
    let e = engine();
    let spec = ChainSpec::Scenario { lifecycle: LifecycleId::Personal, code: "7.1".to_owned() };
    let sel = situations().defaults(&e, &spec);
    let chain = e.chain(&spec, &sel).expect("chain");
    let draft = Draft::new(&e, &chain, Answers::default(), 1_000);
    let decoded = Draft::decode(&draft.encode()).expect("decodes");
    let reopened = decoded.reopen(&e);
    assert_eq!(reopened.draft.selections, sel);
    assert!(reopened.changes.items_gone.is_empty(), "{:?}", reopened.changes);
}
