//! Drafts and profiles: round trips, corrupted documents, reopening against newer data, prefilling.

mod support;

use std::collections::BTreeMap;

use proptest::prelude::*;
use sqsb_core::catalog::LifecycleId;
use sqsb_core::dictionary::{FieldKey, Kind};
use sqsb_core::draft::{
    draft_for_chain, Draft, DraftError, DraftSummary, KeptValue, Profile, ResumePoint, ResumeStep, StoredProfile,
    DRAFT_FORMAT, PROFILE_FORMAT,
};
use sqsb_core::engine::{Answers, ChainSpec, FieldId, Selections};
use sqsb_core::retention::DAY_MS;
use support::{engine, full_answers};

fn id(s: &str) -> FieldId {
    FieldId::parse(s).unwrap()
}

fn enterprise_draft() -> Draft {
    let e = engine();
    let mut sel = Selections::new();
    sel.insert("E001".into(), ["E001-1".to_owned()].into());
    let spec = ChainSpec::Scenario { lifecycle: LifecycleId::Enterprise, code: "1.1".into() };
    let chain = e.chain(&spec, &sel).unwrap();
    let form = e.merge(&chain).unwrap();
    Draft::new(&e, &chain, full_answers(&form), 1_750_000_000_000)
}

#[test]
fn a_real_draft_round_trips_compactly() {
    let mut draft = enterprise_draft();
    draft.update(draft.answers.clone(), 1_750_000_100_000);
    let json = draft.encode();
    assert!(json.starts_with(&format!("{{\"v\":{DRAFT_FORMAT},")), "{json}");
    assert!(json.contains("\"chain\":{\"scenario\":{\"lifecycle\":\"enterprise\",\"code\":\"1.1\"}}"));
    assert!(!json.contains('\n'));
    assert_eq!(Draft::decode(&json).unwrap(), draft);
    assert_eq!(draft.updated, 1_750_000_100_000);
}

#[test]
fn the_summary_of_a_draft_is_its_items_and_save_time() {
    let draft = enterprise_draft();
    let summary = DraftSummary::decode(&draft.encode()).unwrap();
    assert_eq!(summary.items, draft.items);
    assert!(summary.items.len() >= 7, "{:?}", summary.items);
    assert_eq!(summary.updated, 1_750_000_000_000);
    // Named on the home screen by its scenario (data/ui/home.json's key), not by its first item.
    assert_eq!(summary.scenario().as_deref(), Some("enterprise/1.1"));
    let basket = DraftSummary::decode("{\"v\":1,\"updated\":1,\"chain\":{\"basket\":[\"E002\"]}}").unwrap();
    assert_eq!(basket.scenario(), None);
    let odd = DraftSummary::decode("{\"v\":1,\"updated\":1,\"chain\":{\"scenario\":{\"code\":7}}}").unwrap();
    assert_eq!(odd.scenario(), None, "a malformed chain names nothing and breaks nothing");
    // The same gate as a whole draft: not JSON, no or another format version.
    assert!(matches!(DraftSummary::decode("{"), Err(DraftError::NotJson { .. })));
    assert!(matches!(DraftSummary::decode("{\"v\":3,\"updated\":1}"), Err(DraftError::UnsupportedFormat { found: 3 })));
    assert!(matches!(DraftSummary::decode("{\"v\":0,\"updated\":1}"), Err(DraftError::UnsupportedFormat { found: 0 })));
    assert_eq!(DraftSummary::decode("{\"v\":2,\"updated\":1}").map(|s| s.updated), Ok(1), "the current format");
    assert!(matches!(DraftSummary::decode("{\"v\":1}"), Err(DraftError::Malformed { .. })));
}

#[test]
fn corrupted_drafts_are_errors() {
    type Expected = fn(&DraftError) -> bool;
    let cases: &[(&str, Expected)] = &[
        ("", |e| matches!(e, DraftError::NotJson { .. })),
        ("{", |e| matches!(e, DraftError::NotJson { .. })),
        ("null", |e| matches!(e, DraftError::NoFormat)),
        ("[]", |e| matches!(e, DraftError::NoFormat)),
        ("{\"v\":\"1\"}", |e| matches!(e, DraftError::NoFormat)),
        ("{\"v\":3}", |e| matches!(e, DraftError::UnsupportedFormat { found: 3 })),
        ("{\"v\":4294967297}", |e| matches!(e, DraftError::UnsupportedFormat { found: 4_294_967_297 })),
        ("{\"v\":1}", |e| matches!(e, DraftError::Malformed { .. })),
    ];
    for (json, expected) in cases {
        let err = Draft::decode(json).unwrap_err();
        assert!(expected(&err), "{json}: {err:?}");
        assert!(err.message_zh().starts_with("草稿"));
    }
    // A field key of the wrong shape, an item field without its item.
    let good = enterprise_draft().encode();
    let bad_key = good.replacen("qymc@enterprise", "qymc@", 1);
    assert!(matches!(Draft::decode(&bad_key), Err(DraftError::Malformed { .. })));
    let unscoped = good.replacen("yzzl@item#E002", "yzzl@item", 1);
    assert!(matches!(Draft::decode(&unscoped), Err(DraftError::Malformed { .. })));
    let huge = format!("{{\"v\":1,\"x\":\"{}\"}}", "a".repeat(5 * 1024 * 1024));
    assert!(matches!(Draft::decode(&huge), Err(DraftError::TooLarge { .. })));
}

#[test]
fn every_truncation_of_a_draft_is_an_error_not_a_panic() {
    let json = enterprise_draft().encode();
    for (end, _) in json.char_indices().skip(1) {
        assert!(Draft::decode(&json[..end]).is_err(), "prefix of {end} bytes");
    }
}

#[test]
fn reopening_keeps_what_exists_and_reports_what_changed() {
    let e = engine();
    let mut draft = enterprise_draft();
    draft.catalog_version = "2021-06-25.0".into();
    // An answer to a field no item of the chain asks, a group no item asks, a member element not in the group.
    draft.answers.set(id("xm@mother"), "李华");
    draft.answers.groups.insert("family_members".into(), vec![BTreeMap::new()]);
    draft.answers.groups.get_mut("shareholders").unwrap()[0].insert("zz".into(), "?".into());
    draft.items.push("E999".into());
    let answers_before = draft.answers.fields.len();
    let reopened = Draft::decode(&draft.encode()).unwrap().reopen(&e);
    let changes = &reopened.changes;
    assert_eq!(changes.catalog, Some(("2021-06-25.0".to_owned(), e.catalog.version().to_owned())));
    assert!(!changes.scenario_gone);
    assert_eq!(changes.items_gone, ["E999"]);
    assert_eq!(changes.fields_gone, ["xm@mother", "shareholders[0].zz"]);
    assert_eq!(changes.groups_gone, ["family_members"]);
    assert_eq!(reopened.draft.answers.fields.len(), answers_before - 1);
    assert_eq!(reopened.draft.catalog_version, e.catalog.version());
    assert_eq!(reopened.chain.leaves.len(), 7);
    assert!(!reopened.draft.answers.groups["shareholders"][0].contains_key("zz"));
    // Reopening the cleaned draft changes nothing more.
    let again = reopened.draft.clone().reopen(&e);
    assert!(again.changes.is_empty(), "{:?}", again.changes);
    assert_eq!(again.draft, reopened.draft);
}

#[test]
fn a_gone_scenario_becomes_a_basket_of_its_remaining_items() {
    let e = engine();
    let mut draft = enterprise_draft();
    draft.chain = ChainSpec::Scenario { lifecycle: LifecycleId::Enterprise, code: "9.9".into() };
    draft.selections.insert("E001".into(), ["E001-1".to_owned(), "E001-9".to_owned()].into());
    let reopened = draft.reopen(&e);
    assert!(reopened.changes.scenario_gone);
    assert_eq!(reopened.changes.items_gone, ["E001-9"]);
    let ChainSpec::Basket(items) = &reopened.draft.chain else {
        panic!("a basket");
    };
    assert_eq!(items.len(), 7);
    assert_eq!(reopened.chain.leaves.len(), 7);
    // A basket with an unknown id keeps the rest.
    let mut draft = enterprise_draft();
    draft.chain = ChainSpec::Basket(vec!["P003".into(), "X1".into()]);
    draft.selections.clear();
    let reopened = draft.reopen(&e);
    assert_eq!(reopened.chain.leaves, ["P003"]);
    assert!(reopened.changes.items_gone.contains(&"X1".to_owned()));
    // Answers to the enterprise items are gone with them.
    assert!(reopened.changes.fields_gone.contains(&"qymc@enterprise".to_owned()));
}

#[test]
fn profile_prefills_the_same_element_and_role() {
    let e = engine();
    let draft = enterprise_draft();
    let mut profile = Profile::default();
    let kept = profile.keep(
        &draft.answers,
        &[
            FieldKey::parse("qymc@enterprise").unwrap(),
            FieldKey::parse("xm@legal_rep").unwrap(),
            FieldKey::parse("yzzl@item").unwrap(),
            FieldKey::parse("xm@mother").unwrap(),
        ],
        42,
    );
    assert_eq!(kept.len(), 2, "item fields and unanswered fields are not kept");
    assert_eq!(profile.updated, 42);
    let profile = Profile::decode(&profile.encode()).unwrap();
    // A later, different chain asking the enterprise's name and the legal representative.
    let form = e.merge_items(&["E004"]).unwrap();
    let mut answers = Answers::default();
    answers.set(id("xm@legal_rep"), "已填写");
    let filled = profile.prefill(&form, &mut answers, 43, 180);
    assert_eq!(filled, [id("qymc@enterprise")]);
    assert_eq!(answers.get(&id("qymc@enterprise")), draft.answers.get(&id("qymc@enterprise")));
    assert_eq!(answers.get(&id("xm@legal_rep")), Some("已填写"), "never overwritten");
    assert!(matches!(Profile::decode("{\"v\":9}"), Err(DraftError::UnsupportedFormat { found: 9 })));
}

fn key(s: &str) -> FieldKey {
    FieldKey::parse(s).unwrap()
}

/// A profile holding the given (key, value, kept at) entries.
fn profile_of(entries: &[(&str, &str, u64)]) -> Profile {
    let mut profile = Profile::default();
    for (k, value, kept) in entries {
        profile.values.insert(key(k), KeptValue { value: (*value).to_owned(), kept: *kept });
    }
    profile
}

const T0: u64 = 1_750_000_000_000;

#[test]
fn each_kept_value_has_its_own_time() {
    let draft = enterprise_draft();
    let mut profile = Profile::default();
    profile.keep(&draft.answers, &[key("qymc@enterprise")], T0);
    profile.keep(&draft.answers, &[key("xm@legal_rep")], T0 + DAY_MS);
    assert_eq!(profile.values[&key("qymc@enterprise")].kept, T0);
    assert_eq!(profile.values[&key("xm@legal_rep")].kept, T0 + DAY_MS);
    assert_eq!(profile.updated, T0 + DAY_MS);
    // Keeping a value again restarts its period.
    profile.keep(&draft.answers, &[key("qymc@enterprise")], T0 + 2 * DAY_MS);
    assert_eq!(profile.values[&key("qymc@enterprise")].kept, T0 + 2 * DAY_MS);
    let json = profile.encode();
    assert!(json.starts_with(&format!("{{\"v\":{PROFILE_FORMAT},")), "{json}");
    assert!(json.contains(r#""xm@legal_rep":{"value":"#), "{json}");
    assert_eq!(Profile::decode(&json).unwrap(), profile);
}

#[test]
fn profile_entries_expire_one_by_one_after_exactly_their_period() {
    let days = 180;
    let period = u64::from(days) * DAY_MS;
    let mut profile = profile_of(&[("xm@applicant", "张三", T0), ("sjhm@applicant", "13800000000", T0 + DAY_MS)]);
    // On the last moment of the period nothing goes.
    assert_eq!(profile.expire(T0 + period, days), 0);
    assert_eq!(profile.values.len(), 2);
    assert_eq!(profile.updated, 0, "nothing removed, nothing changed");
    // One millisecond later the older entry goes, the newer stays.
    assert_eq!(profile.expire(T0 + period + 1, days), 1);
    assert_eq!(profile.values.keys().collect::<Vec<_>>(), [&key("sjhm@applicant")]);
    assert_eq!(profile.updated, T0 + period + 1);
    assert_eq!(profile.expire(T0 + DAY_MS + period + 1, days), 1);
    assert!(profile.values.is_empty());
    assert_eq!(profile.expire(u64::MAX, days), 0, "an empty profile stays empty");
}

#[test]
fn an_entry_stamped_in_the_future_counts_from_now() {
    let mut profile = profile_of(&[("xm@applicant", "张三", T0 + 1000 * DAY_MS)]);
    assert_eq!(profile.expire(T0, 30), 0);
    assert_eq!(profile.values[&key("xm@applicant")].kept, T0, "restamped: no clock change keeps it longer");
    assert_eq!(profile.expire(T0 + 30 * DAY_MS + 1, 30), 1);
}

#[test]
fn prefill_never_uses_an_expired_entry() {
    let e = engine();
    let form = e.merge_items(&["E004"]).unwrap();
    let profile =
        profile_of(&[("qymc@enterprise", "威海某某有限公司", T0), ("xm@legal_rep", "李四", T0 + 10 * DAY_MS)]);
    let mut answers = Answers::default();
    let filled = profile.prefill(&form, &mut answers, T0 + 30 * DAY_MS, 30);
    // Form order: the enterprise's name comes first. Exactly 30 days old is still within the period.
    assert_eq!(filled, [id("qymc@enterprise"), id("xm@legal_rep")]);
    let mut answers = Answers::default();
    let filled = profile.prefill(&form, &mut answers, T0 + 30 * DAY_MS + 1, 30);
    assert_eq!(filled, [id("xm@legal_rep")]);
    assert_eq!(answers.get(&id("qymc@enterprise")), None);
    assert_eq!(answers.get(&id("xm@legal_rep")), Some("李四"));
}

#[test]
fn forgetting_one_entry_keeps_the_others() {
    let mut profile = profile_of(&[("xm@applicant", "张三", T0), ("sjhm@applicant", "13800000000", T0)]);
    profile.forget(&key("xm@applicant"), T0 + 5);
    assert_eq!(profile.values.keys().collect::<Vec<_>>(), [&key("sjhm@applicant")]);
    assert_eq!(profile.values[&key("sjhm@applicant")].kept, T0, "the other entry's time is untouched");
    assert_eq!(profile.updated, T0 + 5);
    // Forgetting what is not there changes nothing.
    profile.forget(&key("xm@applicant"), T0 + 9);
    assert_eq!(profile.updated, T0 + 5);
}

#[test]
fn a_format_1_profile_is_migrated_with_its_time_on_every_entry() {
    let old =
        format!(r#"{{"v":1,"values":{{"xm@applicant":"张三","qymc@enterprise":"威海某某有限公司"}},"updated":{T0}}}"#);
    let profile = Profile::decode(&old).unwrap();
    assert_eq!(profile.v, PROFILE_FORMAT);
    assert_eq!(profile.updated, T0);
    assert_eq!(profile.values[&key("xm@applicant")], KeptValue { value: "张三".into(), kept: T0 });
    assert_eq!(profile.values[&key("qymc@enterprise")], KeptValue { value: "威海某某有限公司".into(), kept: T0 });
    // Written back in the current format, and expiring from the old time.
    let again = Profile::decode(&profile.encode()).unwrap();
    assert_eq!(again, profile);
    let mut expiring = again;
    assert_eq!(expiring.expire(T0 + 180 * DAY_MS + 1, 180), 2);
    // An empty format-1 profile, and broken ones.
    assert_eq!(Profile::decode("{\"v\":1}").unwrap().values.len(), 0);
    assert!(matches!(Profile::decode("{\"v\":1,\"values\":{\"bad key\":\"x\"}}"), Err(DraftError::Malformed { .. })));
    assert!(matches!(Profile::decode("{\"v\":1,\"values\":{},\"extra\":1}"), Err(DraftError::Malformed { .. })));
    // Format 2 values are objects, not strings.
    assert!(matches!(
        Profile::decode("{\"v\":2,\"values\":{\"xm@applicant\":\"张三\"}}"),
        Err(DraftError::Malformed { .. })
    ));
    assert!(matches!(Profile::decode("{\"v\":0}"), Err(DraftError::UnsupportedFormat { found: 0 })));
}

/// What `Profile::sweep_stored` must do, by way of the typed codec: decode, expire, and remove when nothing is left.
fn swept_by_codec(json: &str, now: u64, days: u32) -> Option<Profile> {
    let mut profile = Profile::decode(json).ok()?;
    profile.expire(now, days);
    (!profile.values.is_empty()).then_some(profile)
}

/// Checks `sweep_stored` against the codec on one document.
fn sweeps_like_the_codec(json: &str, now: u64, days: u32) -> Result<(), String> {
    let expected = swept_by_codec(json, now, days);
    match (Profile::sweep_stored(json, now, days), expected) {
        (StoredProfile::Remove, None) => Ok(()),
        (StoredProfile::Keep, Some(p)) if Profile::decode(json).ok() == Some(p.clone()) => Ok(()),
        (StoredProfile::Rewrite(out), Some(p)) if Profile::decode(&out).ok() == Some(p.clone()) => Ok(()),
        (got, expected) => Err(format!("{json}\n swept: {got:?}\n codec: {expected:?}")),
    }
}

#[test]
fn the_sweep_of_a_stored_profile_agrees_with_the_codec() {
    let days = 180;
    let fresh = T0 - DAY_MS;
    let old = T0 - 181 * DAY_MS;
    let v2 = |entries: &str, updated: u64| format!(r#"{{"v":2,"values":{{{entries}}},"updated":{updated}}}"#);
    let entry = |k: &str, v: &str, t: u64| format!(r#""{k}":{{"value":"{v}","kept":{t}}}"#);
    // Nothing to do: kept as it is.
    let json = v2(&entry("xm@applicant", "张三", fresh), fresh);
    assert_eq!(Profile::sweep_stored(&json, T0, days), StoredProfile::Keep);
    // One entry past its period: rewritten without it, `updated` now.
    let json =
        v2(&format!("{},{}", entry("xm@applicant", "张三", old), entry("sjhm@applicant", "13800000000", fresh)), fresh);
    let StoredProfile::Rewrite(out) = Profile::sweep_stored(&json, T0, days) else { panic!("rewritten") };
    let profile = Profile::decode(&out).unwrap();
    assert_eq!(profile.values.keys().collect::<Vec<_>>(), [&key("sjhm@applicant")]);
    assert_eq!(profile.updated, T0);
    assert_eq!(out, profile.encode(), "the document encode writes");
    // All past their period, or unreadable: removed.
    assert_eq!(Profile::sweep_stored(&v2(&entry("xm@applicant", "张三", old), old), T0, days), StoredProfile::Remove);
    assert_eq!(Profile::sweep_stored(&v2("", 0), T0, days), StoredProfile::Remove);
    for bad in [
        "",
        "{",
        "[]",
        r#"{"v":3,"values":{}}"#,
        r#"{"v":2,"values":{"bad key":{"value":"x","kept":1}}}"#,
        r#"{"v":2,"values":{"xm@applicant":{"value":"x","kept":-1}}}"#,
        r#"{"v":2,"values":{"xm@applicant":{"value":"x","kept":1,"extra":1}}}"#,
        r#"{"v":2,"values":{"xm@applicant":{"value":1,"kept":1}}}"#,
        r#"{"v":2,"values":{"xm@applicant":"张三"}}"#,
        r#"{"v":2,"values":null}"#,
        r#"{"v":2,"values":{},"updated":"x"}"#,
        r#"{"v":2,"values":{},"other":1}"#,
        r#"{"v":1,"values":{"xm@applicant":{"value":"x","kept":1}}}"#,
    ] {
        assert_eq!(Profile::sweep_stored(bad, T0, days), StoredProfile::Remove, "{bad}");
        sweeps_like_the_codec(bad, T0, days).unwrap();
    }
    // Format 1: migrated, even when nothing expires.
    let json = format!(r#"{{"v":1,"values":{{"xm@applicant":"张三"}},"updated":{fresh}}}"#);
    let StoredProfile::Rewrite(out) = Profile::sweep_stored(&json, T0, days) else { panic!("migrated") };
    assert_eq!(Profile::decode(&out).unwrap(), Profile::decode(&json).unwrap());
    // A time in the future is brought back to now.
    let json = v2(&entry("xm@applicant", "张三", T0 + 5 * DAY_MS), T0);
    let StoredProfile::Rewrite(out) = Profile::sweep_stored(&json, T0, days) else { panic!("restamped") };
    assert_eq!(Profile::decode(&out).unwrap().values[&key("xm@applicant")].kept, T0);
    // Keys that sort differently as text and as (element, role), and values that need escaping.
    let json =
        v2(&format!("{},{}", entry("ab@applicant", "引号\\\"和\\\\", fresh), entry("ab1@applicant", "x", old)), fresh);
    sweeps_like_the_codec(&json, T0, days).unwrap();
}

fn arbitrary_answers() -> impl Strategy<Value = Answers> {
    let fields = proptest::collection::btree_map(
        "[a-z]{1,6}@(mother|father|newborn|enterprise)|[a-z]{1,6}@item#P00[1-6]",
        "\\PC{0,20}",
        0..12,
    );
    let member = proptest::collection::btree_map("[a-z]{1,6}", "\\PC{0,10}", 0..4);
    let groups = proptest::collection::btree_map("[a-z_]{1,10}", proptest::collection::vec(member, 0..3), 0..3);
    (fields, groups).prop_map(|(fields, groups)| Answers {
        fields: fields.into_iter().map(|(k, v)| (FieldId::parse(&k).unwrap(), v)).collect(),
        groups,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn drafts_round_trip(
        answers in arbitrary_answers(),
        basket in proptest::collection::vec("[EP][0-9]{3}(-[1-9])?", 0..6),
        created in any::<u64>(),
        later in any::<u32>(),
        cv in "\\PC{0,12}",
        at in proptest::option::of((0usize..3, 0usize..40, proptest::option::of("sq-f-[a-z0-9-]{1,16}"))),
    ) {
        let draft = Draft {
            format: DRAFT_FORMAT,
            catalog_version: cv,
            forms_version: "2026-11-26.1".into(),
            chain: ChainSpec::Basket(basket.clone()),
            selections: Selections::new(),
            items: basket,
            answers,
            created,
            updated: created.saturating_add(u64::from(later)),
            at: at.map(|(kind, n, field)| ResumePoint {
                step: [ResumeStep::Notice, ResumeStep::Form(n), ResumeStep::Review][kind],
                field,
            }),
        };
        prop_assert_eq!(Draft::decode(&draft.encode()), Ok(draft));
    }

    #[test]
    fn the_sweep_of_any_profile_agrees_with_the_codec(
        entries in proptest::collection::btree_map("[a-z][a-z0-9_]{0,3}@(applicant|mother|item)", ("\\PC{0,8}", 0u64..400), 0..5),
        format in 1u32..=3,
        updated in 0u64..400,
        now in 0u64..400,
        days in 1u32..200,
        junk in proptest::option::of("\\PC{0,4}"),
    ) {
        // Times in days, so that expiry and future stamps both happen.
        let values: Vec<String> = entries
            .iter()
            .map(|(k, (v, t))| {
                let v = serde_json::to_string(v).unwrap();
                if format == 1 { format!("\"{k}\":{v}") } else { format!("\"{k}\":{{\"value\":{v},\"kept\":{}}}", t * DAY_MS) }
            })
            .collect();
        let mut json = format!("{{\"v\":{format},\"values\":{{{}}},\"updated\":{}", values.join(","), updated * DAY_MS);
        if let Some(junk) = junk {
            json.push_str(&format!(",{}:1", serde_json::to_string(&junk).unwrap()));
        }
        json.push('}');
        prop_assert_eq!(sweeps_like_the_codec(&json, now * DAY_MS, days), Ok(()));
    }

    #[test]
    fn the_sweep_of_any_text_agrees_with_the_codec(json in "\\PC{0,200}", now in any::<u64>(), days in 1u32..4000) {
        prop_assert_eq!(sweeps_like_the_codec(&json, now, days), Ok(()));
    }

    #[test]
    fn arbitrary_text_never_panics_the_decoders(json in "\\PC{0,200}") {
        let _ = Draft::decode(&json);
        let _ = Profile::decode(&json);
    }

    #[test]
    fn mutated_drafts_never_panic(at in 0usize..2000, byte in any::<u8>()) {
        let json = enterprise_draft().encode();
        let mut bytes = json.into_bytes();
        let i = at % bytes.len();
        bytes[i] = byte;
        if let Ok(text) = String::from_utf8(bytes) {
            if let Ok(draft) = Draft::decode(&text) {
                let _ = draft.reopen(&engine());
            }
        }
    }
}

/// A 同地址 answer is the merge's question, not a form's: it stays while its address is asked, and goes with it.
#[test]
fn reopening_keeps_a_same_address_answer_while_its_address_is_asked() {
    let e = engine();
    let mut draft = enterprise_draft();
    draft.answers.set(id("tdz_jycs@enterprise"), "zs@enterprise");
    draft.answers.set(id("tdz_yjdz@item#P005"), "jzdz@newborn");
    let reopened = draft.reopen(&e);
    assert_eq!(reopened.draft.answers.get(&id("tdz_jycs@enterprise")), Some("zs@enterprise"));
    assert_eq!(reopened.changes.fields_gone, ["tdz_yjdz@item#P005"], "P005 is not in this chain");
}

// ---------------------------------------------------------------------------------------------
// Started drafts, one per chain, and where the citizen left off (issue 25)
// ---------------------------------------------------------------------------------------------

fn birth_draft(now: u64) -> Draft {
    let e = engine();
    let spec = ChainSpec::Scenario { lifecycle: LifecycleId::Personal, code: "1.1".into() };
    let chain = e.chain(&spec, &Selections::new()).unwrap();
    Draft::new(&e, &chain, Answers::default(), now)
}

fn at(step: ResumeStep, field: Option<&str>) -> ResumePoint {
    ResumePoint { step, field: field.map(str::to_owned) }
}

#[test]
fn a_draft_is_started_by_an_answer_not_by_looking() {
    let mut draft = birth_draft(1);
    assert!(!draft.started(), "a new draft (an opened notice) is not started");
    // Opening the form's steps is not an answer.
    assert!(!draft.note_position(at(ResumeStep::Form(2), None), false));
    assert!(!draft.started());
    assert_eq!(draft.at, None);
    // The first answer starts it, at that field.
    assert!(draft.note_position(at(ResumeStep::Form(2), Some("sq-f-xm-mother")), true));
    assert!(draft.started());
    assert_eq!(draft.at, Some(at(ResumeStep::Form(2), Some("sq-f-xm-mother"))));
    // The same answer again changes nothing; another field moves the point.
    assert!(!draft.note_position(at(ResumeStep::Form(2), Some("sq-f-xm-mother")), true));
    assert!(draft.note_position(at(ResumeStep::Form(2), Some("sq-f-gmsfhm-mother")), true));
}

#[test]
fn opening_a_step_moves_a_started_draft_but_keeps_the_field_of_the_step_it_points_at() {
    let mut draft = birth_draft(1);
    draft.note_position(at(ResumeStep::Form(2), Some("sq-f-xm-mother")), true);
    // A resume lands on step 2: the field stays, so the form can focus it.
    assert!(!draft.note_position(at(ResumeStep::Form(2), None), false));
    assert_eq!(draft.at, Some(at(ResumeStep::Form(2), Some("sq-f-xm-mother"))));
    // 下一步 to step 3 without answering there: the citizen is on step 3, at its top.
    assert!(draft.note_position(at(ResumeStep::Form(3), None), false));
    assert_eq!(draft.at, Some(at(ResumeStep::Form(3), None)));
    assert!(draft.note_position(at(ResumeStep::Review, None), false));
    assert_eq!(draft.at, Some(at(ResumeStep::Review, None)));
}

#[test]
fn the_resume_point_is_stored_compactly_read_by_the_summary_and_optional() {
    let mut draft = birth_draft(1_750_000_000_000);
    draft.note_position(at(ResumeStep::Form(2), Some("sq-f-xm-mother")), true);
    let json = draft.encode();
    assert!(json.contains(r#""at":{"s":{"form":2},"f":"sq-f-xm-mother"}"#), "{json}");
    assert_eq!(Draft::decode(&json).unwrap(), draft);
    assert_eq!(DraftSummary::decode(&json).unwrap().resume_step(), Some(ResumeStep::Form(2)));
    // A draft written before the field existed still reads, as not positioned (it opens at the notice).
    let old = birth_draft(1_750_000_000_000).encode();
    assert!(!old.contains("\"at\""), "nothing written while there is no point: {old}");
    assert_eq!(Draft::decode(&old).unwrap().at, None);
    assert_eq!(DraftSummary::decode(&old).unwrap().resume_step(), None);
    // The notice and the review as steps, read by the summary as the codec writes them.
    draft.note_position(at(ResumeStep::Review, None), false);
    assert!(draft.encode().contains(r#""at":{"s":"review"}"#));
    assert_eq!(DraftSummary::decode(&draft.encode()).unwrap().resume_step(), Some(ResumeStep::Review));
    let mut notice = birth_draft(1);
    notice.note_position(ResumePoint::notice(), true);
    assert_eq!(DraftSummary::decode(&notice.encode()).unwrap().resume_step(), Some(ResumeStep::Notice));
    for (n, step) in [(0, ResumeStep::Form(0)), (13, ResumeStep::Form(13))] {
        notice.note_position(at(step, Some("sq-f-x")), true);
        assert_eq!(DraftSummary::decode(&notice.encode()).unwrap().resume_step(), Some(ResumeStep::Form(n)));
    }
    // What the summary cannot read opens at the notice (None), never a panic.
    for bad in [r#""s":"later""#, r#""s":{"form":-1}"#, r#""s":{"form":"2"}"#, r#""s":7"#] {
        let doc = notice.encode().replace(r#""s":{"form":13}"#, bad);
        assert_eq!(DraftSummary::decode(&doc).unwrap().resume_step(), None, "{doc}");
    }
    // A malformed point is a malformed draft, not a panic.
    let bad = json.replace(r#"{"form":2}"#, r#"{"form":-2}"#);
    assert!(matches!(Draft::decode(&bad), Err(DraftError::Malformed { .. })));
}

#[test]
fn reopening_keeps_the_resume_point_while_the_form_is_the_same() {
    let e = engine();
    let mut draft = birth_draft(1);
    draft.note_position(at(ResumeStep::Form(2), Some("sq-f-xm-mother")), true);
    let reopened = draft.clone().reopen(&e);
    assert!(reopened.changes.is_empty());
    assert_eq!(reopened.draft.at, draft.at);
    // When items went, the step numbers may mean other sections: resume at the notice, still started.
    let mut basket = birth_draft(1);
    basket.chain = ChainSpec::Basket(vec!["P001".into(), "P999".into()]);
    basket.note_position(at(ResumeStep::Form(4), Some("sq-f-x")), true);
    let reopened = basket.reopen(&e);
    assert!(reopened.changes.items_gone.contains(&"P999".to_owned()), "{:?}", reopened.changes);
    assert_eq!(reopened.draft.at, Some(ResumePoint::notice()));
}

#[test]
fn one_draft_per_chain_the_newest_of_the_same_scenario_or_the_same_items() {
    let birth = ChainSpec::Scenario { lifecycle: LifecycleId::Personal, code: "1.1".into() };
    let older = birth_draft(10);
    let mut newer = birth_draft(20);
    newer.updated = 30;
    let mut basket = birth_draft(40);
    basket.chain = ChainSpec::Basket(vec!["P002".into(), "P001".into()]);
    let drafts = [("a", &older), ("b", &newer), ("c", &basket)];
    // Two stored for one chain (before this rule): the newest is continued.
    assert_eq!(draft_for_chain(drafts, &birth), Some("b"));
    // A basket of the same items in another order is the same chain; a subset is not.
    assert_eq!(
        draft_for_chain(drafts, &ChainSpec::Basket(vec!["P001".into(), "P002".into(), "P001".into()])),
        Some("c")
    );
    assert_eq!(draft_for_chain(drafts, &ChainSpec::Basket(vec!["P001".into()])), None);
    // Another scenario, and a scenario against a basket of its items, are other chains.
    assert_eq!(
        draft_for_chain(drafts, &ChainSpec::Scenario { lifecycle: LifecycleId::Personal, code: "1.2".into() }),
        None
    );
    assert_eq!(draft_for_chain([("b", &newer)], &ChainSpec::Basket(newer.items.clone())), None);
    assert_eq!(draft_for_chain([], &birth), None);
}

/// 我的档案 keeps what the dictionary says (`not_kept` on an element or a role): who the citizen is (公民身份号码),
/// never a 是否… answer (how this application stands), a 逝者's data, an item's own question or how the form was
/// answered (同一人); the merged form carries the decision and prefilling obeys it.
#[test]
fn the_dictionary_decides_what_the_profile_keeps() {
    let dict = &support::data().dict;
    assert!(dict.kept_in_profile(&key("gmsfhm@applicant")));
    assert!(dict.kept_in_profile(&key("qymc@enterprise")));
    assert!(!dict.kept_in_profile(&key("sfdb@applicant")), "是否委托他人代办");
    assert!(!dict.kept_in_profile(&key("xm@deceased")));
    assert!(!dict.kept_in_profile(&key("tyr@liaison")), "同一人 is no data element");
    assert!(!dict.kept_in_profile(&key("gmsfhm@item")), "an item's own question");
    let yes_no: Vec<&str> = dict.elements.values().filter(|e| e.kind == Kind::YesNo).map(|e| e.key.as_str()).collect();
    assert!(yes_no.len() > 20);
    for element in &yes_no {
        assert!(!dict.kept_in_profile(&key(&format!("{element}@applicant"))), "{element}: a yes/no answer is not kept");
    }

    let e = engine();
    let (form, yes_no_field) = support::data()
        .catalog
        .leaves()
        .filter_map(|leaf| e.merge_items(&[leaf.id.as_str()]).ok())
        .find_map(|form| {
            let field = form.fields().find(|f| f.id.item.is_none() && f.constraints.kind == Kind::YesNo)?.id.clone();
            Some((form, field))
        })
        .expect("a form asking a shared yes/no question");
    let kept: Vec<&FieldId> = form.fields().filter(|f| f.kept_in_profile).map(|f| &f.id).collect();
    assert!(!kept.contains(&&yes_no_field) && !kept.is_empty(), "{yes_no_field}: {kept:?}");
    let name = form.fields().find(|f| f.kept_in_profile).map(|f| f.id.clone()).expect("a kept field");
    let profile = profile_of(&[(&yes_no_field.to_string(), "1", T0), (&name.to_string(), "保留的答案", T0)]);
    let mut answers = Answers::default();
    let filled = profile.prefill(&form, &mut answers, T0, 30);
    assert_eq!(filled, [name], "a yes/no entry kept before the rule is not prefilled");
    assert_eq!(answers.get(&yes_no_field), None);
}

/// 我的档案 keeps facts about the person or the business, not what one application chose: 随父或随母落户 and
/// 出生地点类型 are about this birth registration, a 变更事项 or 注销原因 about this filing, a 报名学校 or 转入地
/// about this enrolment or transfer. Prefilling them into a later application would answer for the citizen a
/// question they have not read; an entry kept before they were marked is not prefilled either.
#[test]
fn the_profile_keeps_no_choice_made_for_one_application() {
    let dict = &support::data().dict;
    let one_application = [
        "lhfs@newborn",
        "csddlx@newborn",
        "bgsx@enterprise",
        "zxfs@enterprise",
        "zxyy@enterprise",
        "zzfbs@enterprise",
        "jdcbgsx@vehicle",
        "jdczxyy@vehicle",
        "rxbmlb@child",
        "bmxx@child",
        "zrxx@child",
        "nlhdz@applicant",
        "zrd@applicant",
        "dajsdw@applicant",
        "xzjdcz@applicant",
    ];
    for field in one_application {
        assert!(!dict.kept_in_profile(&key(field)), "{field} describes one application");
    }
    // Who the people are stays kept.
    for field in ["xm@newborn", "csrq@newborn", "xm@mother", "hjdz@father", "qymc@enterprise", "hphm@vehicle"] {
        assert!(dict.kept_in_profile(&key(field)), "{field} is about the person or the thing");
    }

    let e = engine();
    let spec = ChainSpec::Scenario { lifecycle: LifecycleId::Personal, code: "1.1".into() };
    let form = e.merge(&e.chain(&spec, &Selections::new()).expect("the 出生 chain")).expect("it merges");
    for field in ["lhfs@newborn", "csddlx@newborn"] {
        let asked = form.field(&id(field)).unwrap_or_else(|| panic!("{field} is asked by 出生"));
        assert!(!asked.kept_in_profile, "{field} is not offered for 我的档案");
    }
    assert!(form.field(&id("xm@mother")).is_some_and(|f| f.kept_in_profile), "the mother's name is offered");
    let profile =
        profile_of(&[("lhfs@newborn", "father", T0), ("csddlx@newborn", "institution", T0), ("xm@mother", "王丽", T0)]);
    let mut answers = Answers::default();
    let filled = profile.prefill(&form, &mut answers, T0, 30);
    assert_eq!(filled, [id("xm@mother")], "entries kept before the rule are not prefilled");
    assert_eq!(answers.get(&id("lhfs@newborn")), None);
}

/// E045-1's employees as a draft of format 1 stored them: under `gjjjczg`, the list E045-2 and E045-3 ask, before
/// E045-1 got a list of its own (`gjjkhzg`, which also asks each 招用日期).
fn old_e045_draft(items: &[&str], groups: &str) -> String {
    let basket = items.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(",");
    format!(
        r#"{{"v":1,"cv":"2021-06-25.1","fv":"2026-12-02.1","chain":{{"basket":[{basket}]}},"items":[{basket}],"answers":{{"fields":{{"qymc@enterprise":"威海某某科技有限公司"}},"groups":{groups}}},"created":{T0},"updated":{T0},"at":{{"s":{{"form":1}},"f":"sq-f-gjjkhzg"}}}}"#
    )
}

fn employees() -> String {
    let (a, b) = (support::resident_id("19900101", "031"), support::resident_id("19920202", "042"));
    format!(
        r#"[{{"xm":"王小明","gmsfhm":"{a}","sjhm":"13800138000","gjjjcjs":"5200"}},{{"xm":"李华","gmsfhm":"{b}","gjjjcjs":"4800"}},{{"xm":" "}}]"#
    )
}

fn members(draft: &Draft, group: &str) -> Option<Vec<BTreeMap<String, String>>> {
    draft.answers.groups.get(group).cloned()
}

/// A stored E045-1 draft of the old shape finds its employees in E045-1's list when it is opened: the same
/// people and answers (blank rows dropped), nothing reported as lost, where the citizen left it; the form then
/// asks only what the new list adds (招用日期). Opening it again changes nothing.
#[test]
fn an_old_e045_1_draft_finds_its_employees_in_the_new_list() {
    let e = engine();
    let stored = Draft::decode(&old_e045_draft(&["E045-1"], &format!(r#"{{"gjjjczg":{}}}"#, employees())))
        .expect("a format-1 draft still reads");
    assert_eq!(stored.format, 1);
    let old_rows = members(&stored, "gjjjczg").expect("stored under the old list");

    let reopened = stored.clone().reopen(&e);
    let moved = members(&reopened.draft, "gjjkhzg").expect("the employees are in E045-1's list");
    assert_eq!(moved, old_rows[..2], "the same people with the same answers");
    assert_eq!(members(&reopened.draft, "gjjjczg"), None, "E045-1 alone no longer asks the old list");
    assert!(reopened.changes.is_empty(), "nothing is reported lost: {:?}", reopened.changes);
    assert_eq!(reopened.draft.at, stored.at, "it resumes where it was left");
    assert_eq!(reopened.draft.format, DRAFT_FORMAT, "saved in the current format");
    assert_eq!(reopened.draft.answers.fields, stored.answers.fields, "nothing else changes");

    let form = e.merge(&reopened.chain).expect("E045-1 merges");
    let v = sqsb_core::engine::validate(&form, &reopened.draft.answers, support::today());
    let member_errors: Vec<String> =
        v.errors.iter().map(|e| e.target.key()).filter(|k| k.starts_with("gjjkhzg")).collect();
    assert_eq!(member_errors, ["gjjkhzg[0].zyrq", "gjjkhzg[1].zyrq"], "only the new 招用日期 is asked");

    let again = reopened.draft.clone().reopen(&e);
    assert_eq!(again.draft, reopened.draft, "idempotent");
    let decoded_again = Draft::decode(&reopened.draft.encode()).expect("reads").reopen(&e);
    assert_eq!(decoded_again.draft, reopened.draft, "idempotent through storage too");
}

/// Only E045-1's list, only in old drafts, only when it is still empty: an old draft whose chain also asks the old
/// list (E045-2's 补缴 employees) keeps it as it was; a draft of the current format is never moved (its E045-2
/// list is not E045-1's); a chain without E045-1 and a list already answered in the new group stay as they are.
#[test]
fn moving_renamed_lists_changes_nothing_else() {
    let e = engine();
    let reopen = |json: String| Draft::decode(&json).expect("reads").reopen(&e).draft;
    let rows = employees();
    let old = reopen(old_e045_draft(&["E045-1", "E045-2"], &format!(r#"{{"gjjjczg":{rows}}}"#)));
    let stored = Draft::decode(&old_e045_draft(&["E045-1", "E045-2"], &format!(r#"{{"gjjjczg":{rows}}}"#))).unwrap();
    assert_eq!(members(&old, "gjjjczg"), members(&stored, "gjjjczg"), "E045-2 still asks it: kept as it was");
    assert_eq!(members(&old, "gjjkhzg").map(|m| m.len()), Some(2), "and E045-1's list has them too");

    let current = old_e045_draft(&["E045-1", "E045-2"], &format!(r#"{{"gjjjczg":{rows}}}"#)).replacen(
        "{\"v\":1,",
        &format!("{{\"v\":{DRAFT_FORMAT},"),
        1,
    );
    assert_eq!(members(&reopen(current), "gjjkhzg"), None, "a current draft's 补缴 list is not E045-1's");

    let without = reopen(old_e045_draft(&["E045-3"], &format!(r#"{{"gjjjczg":{rows}}}"#)));
    assert_eq!(members(&without, "gjjkhzg"), None, "no E045-1 in the chain");
    assert_eq!(members(&without, "gjjjczg").map(|m| m.len()), Some(3), "its list untouched");

    let own = r#"[{"xm":"赵磊","gjjjcjs":"6000"}]"#;
    let answered = reopen(old_e045_draft(&["E045-1", "E045-2"], &format!(r#"{{"gjjjczg":{rows},"gjjkhzg":{own}}}"#)));
    let kept: Vec<BTreeMap<String, String>> = serde_json::from_str(own).expect("json");
    assert_eq!(members(&answered, "gjjkhzg"), Some(kept), "a list answered in the new group is the citizen's");
}

/// A member row of an employee list asking `elements`: any of them, some blank.
fn employee_row(elements: Vec<&'static str>) -> impl Strategy<Value = BTreeMap<String, String>> {
    let value = prop_oneof![Just(String::new()), Just(" ".to_owned()), "[王李张]{1}[小华伟]{1,2}", "[0-9]{4,6}"];
    prop::collection::btree_map(prop::sample::select(elements), value, 0..4)
        .prop_map(|m| m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// For any old or current draft of any chain around E045 with any employee lists: opening is idempotent, the
    /// old list stays exactly as stored wherever the chain still asks it, a new list with any answer is never
    /// replaced, and an old draft of a chain with E045-1 whose new list is empty finds every answered old row
    /// there.
    #[test]
    fn moving_renamed_lists_is_idempotent_and_loses_nothing(
        chain in prop::sample::select(vec![vec!["E045-1"], vec!["E045-1", "E045-2"], vec!["E045-2"], vec!["E045-1", "E045-3"]]),
        old_rows in prop::collection::vec(employee_row(vec!["xm", "gmsfhm", "sjhm", "gjjjcjs"]), 0..4),
        new_rows in prop::collection::vec(employee_row(vec!["xm", "gmsfhm", "sjhm", "zyrq", "gjjjcjs"]), 0..3),
        format in prop::sample::select(vec![1u32, DRAFT_FORMAT]),
    ) {
        let e = engine();
        let groups = serde_json::json!({ "gjjjczg": old_rows, "gjjkhzg": new_rows }).to_string();
        let json = old_e045_draft(&chain, &groups).replacen("{\"v\":1,", &format!("{{\"v\":{format},"), 1);
        let stored = Draft::decode(&json).expect("reads");
        let once = stored.clone().reopen(&e).draft;
        prop_assert_eq!(&once.clone().reopen(&e).draft, &once, "idempotent");
        let blank = |m: &BTreeMap<String, String>| m.values().all(|v| v.trim().is_empty());
        if chain.len() > 1 || chain[0] != "E045-1" {
            prop_assert_eq!(members(&once, "gjjjczg"), Some(old_rows.clone()), "the old list is kept as stored");
        }
        if chain.contains(&"E045-1") {
            let now = members(&once, "gjjkhzg").unwrap_or_default();
            if new_rows.iter().any(|m| !blank(m)) {
                prop_assert_eq!(now, new_rows.clone(), "an answered new list is the citizen's");
            } else if format == 1 {
                let carried: Vec<BTreeMap<String, String>> = old_rows.iter().filter(|m| !blank(m)).cloned().collect();
                let expected = if carried.is_empty() { new_rows.clone() } else { carried };
                prop_assert_eq!(now, expected, "every answered row of the old list");
            }
        }
    }
}

/// `formerly` is checked with the forms: the old group must exist and be about the same role, and the format must
/// be one this build writes (a later one would move the lists of every draft, new ones too).
#[test]
fn a_renamed_list_names_a_real_group_and_format() {
    use sqsb_core::forms::{check_spec, FormerGroup};
    let dict = &support::data().dict;
    let spec = support::data().forms.spec("E045-1").expect("E045-1 has a form").expect("it resolves");
    assert_eq!(check_spec(&spec, dict), Ok(()));
    let former = spec.groups.iter().find_map(|g| g.formerly.clone()).expect("E045-1's list was renamed");
    assert_eq!(former, FormerGroup { group: "gjjjczg".into(), until_draft_format: 2 });
    let with = |former: FormerGroup| {
        let mut spec = spec.clone();
        spec.groups[0].formerly = Some(former);
        check_spec(&spec, dict).map_err(|(path, message)| format!("{path}: {message}"))
    };
    let bad = [
        FormerGroup { group: "no_such_list".into(), until_draft_format: 2 },
        FormerGroup { group: "shareholders".into(), until_draft_format: 2 },
        FormerGroup { group: "gjjkhzg".into(), until_draft_format: 2 },
        FormerGroup { group: "gjjjczg".into(), until_draft_format: DRAFT_FORMAT + 1 },
        FormerGroup { group: "gjjjczg".into(), until_draft_format: 0 },
    ];
    for former in bad {
        let err = with(former.clone()).expect_err("refused");
        assert!(err.starts_with(".groups[0].formerly: "), "{former:?}: {err}");
    }
}

/// The app's stage files record the forms version they were resolved from, a draft made before they are
/// downloaded records the build's, and so a forms-only update (same catalog, other forms) reopens the draft, while a
/// draft of this build is not reopened for nothing. Before, downloaded forms had no version and drafts recorded an
/// empty one, so an update that only changed forms never reached a draft.
#[test]
fn a_forms_only_update_reopens_a_draft_and_the_same_forms_do_not() {
    use sqsb_core::bundled::Bundled;
    use sqsb_core::engine::Engine;
    use sqsb_core::forms::FormSet;

    let data = Bundled::load().unwrap();
    let files = data.stage_files().unwrap();
    assert!(!data.forms.version.is_empty());
    assert!(files.forms.values().all(|f| f.forms_version == data.forms.version));
    let downloaded = FormSet::from_files(files.forms.values());
    assert_eq!(downloaded.version, data.forms.version);
    let engine_over = |forms| Engine::new(&data.catalog, &data.dict, forms, &data.guides, &data.materials);
    let catalog_version = data.catalog.version().to_owned();

    // Made before its forms are downloaded (the app's catalog-only engine, with the build's forms version).
    let spec = ChainSpec::Scenario { lifecycle: LifecycleId::Enterprise, code: "1.1".into() };
    let mut sel = Selections::new();
    sel.insert("E001".into(), ["E001-1".to_owned()].into());
    let catalog_only = FormSet::empty_of_version(&data.forms.version);
    let e = engine_over(&catalog_only);
    let mut draft = Draft::new(&e, &e.chain(&spec, &sel).unwrap(), Answers::default(), 1);
    assert_eq!(draft.forms_version, data.forms.version);
    assert!(!draft.outdated(&catalog_version, &downloaded.version), "the same forms: nothing to reopen");

    // Filled in, then a forms-only update removes one field the draft answered.
    let e = engine_over(&downloaded);
    draft.answers = full_answers(&e.merge(&e.chain(&spec, &sel).unwrap()).unwrap());
    let mut updated_files = files.forms.clone();
    let (stem, item) = ("E1", "E001-1");
    let leaves = e.chain(&spec, &sel).unwrap().leaves;
    // A field the draft answered that no other item of the chain asks: removing it from E001-1 removes it from
    // the form.
    let asked_elsewhere = |key: &FieldKey| {
        leaves.iter().filter(|l| l.as_str() != item).any(|l| {
            files.forms.values().filter_map(|f| f.forms.get(l)).any(|s| s.fields.iter().any(|f| &f.field == key))
        })
    };
    let spec_of = updated_files.get_mut(stem).unwrap().forms.get_mut(item).unwrap();
    let removed = spec_of.fields.iter().map(|f| f.field.clone()).find(|k| {
        let id = FieldId::parse(&format!("{}@{}", k.element, k.role));
        id.is_some_and(|id| draft.answers.get(&id).is_some()) && !asked_elsewhere(k)
    });
    let removed = removed.expect("E001-1 asks a field of its own that the draft answered");
    spec_of.fields.retain(|f| f.field != removed);
    for f in updated_files.values_mut() {
        f.forms_version = "2099-01-01.1".into();
    }
    let updated = FormSet::from_files(updated_files.values());
    assert_eq!(updated.version, "2099-01-01.1");
    assert!(draft.outdated(&catalog_version, &updated.version), "other forms: reopen");
    {
        let e = engine_over(&updated);
        let reopened = draft.clone().reopen(&e);
        assert_eq!(reopened.draft.forms_version, "2099-01-01.1");
        assert!(!reopened.draft.outdated(&catalog_version, &updated.version));
        let gone = format!("{}@{}", removed.element, removed.role);
        assert_eq!(reopened.changes.fields_gone, std::slice::from_ref(&gone), "{:?}", reopened.changes);
        assert_eq!(reopened.draft.answers.get(&FieldId::parse(&gone).unwrap()), None);
    }

    // A draft of an older build recorded no forms version: reopened once, and nothing it holds is lost.
    let mut older = draft.clone();
    older.forms_version = String::new();
    assert!(older.outdated(&catalog_version, &downloaded.version));
    let reopened = older.clone().reopen(&engine_over(&downloaded));
    assert!(reopened.changes.is_empty(), "{:?}", reopened.changes);
    assert_eq!(reopened.draft.answers, older.answers);
    // An older draft format is reopened too, and a draft of another catalog.
    let mut old_format = draft.clone();
    old_format.format = DRAFT_FORMAT - 1;
    assert!(old_format.outdated(&catalog_version, &downloaded.version));
    assert!(draft.outdated("2021-06-25.0", &downloaded.version));
}
