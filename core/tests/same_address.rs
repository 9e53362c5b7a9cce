//! 同地址: an address the dictionary says may be the same as one asked earlier (the element's `same_as`:
//! 邮寄地址 → 现居住地址 / 户籍地址, 经营场所 → 住所 …) is answered by choosing that address, linked (a correction
//! of the first is carried), and every item's application still carries the full address it asks.

mod support;

use sqsb_core::catalog::LifecycleId;
use sqsb_core::dictionary::{is_answered_by_link, SAME_ADDRESS_PREFIX, SAME_PERSON_ELEMENT};
use sqsb_core::engine::{split, validate, Answers, ChainSpec, FieldId, MergedForm, Payload, Selections};
use support::{engine, full_answers, today};

fn id(s: &str) -> FieldId {
    FieldId::parse(s).unwrap_or_else(|| panic!("bad field id {s}"))
}

fn scenario_form(lifecycle: LifecycleId, code: &str, picks: Selections) -> MergedForm {
    let e = engine();
    let spec = ChainSpec::Scenario { lifecycle, code: code.into() };
    e.merge(&e.chain(&spec, &picks).expect("the chain")).expect("it merges")
}

/// 出生一件事 with the 社会保障卡 and the 居民身份证 both sent by post: the mailing address is asked by two items.
fn birth_form() -> MergedForm {
    scenario_form(LifecycleId::Personal, "1.1", Selections::new())
}

const HOME: &str = "山东省威海市环翠区新威路18号3单元502室";
const P005: &str = "yjdz@item#P005";
const P006: &str = "yjdz@item#P006";

/// The birth form filled the old way: the newborn's home typed, then typed again as each item's mailing address.
fn typed_three_times(form: &MergedForm) -> Answers {
    let mut a = full_answers(form);
    a.set(id("sfdb@applicant"), "0");
    a.set(id("jzdz@newborn"), HOME);
    for item in ["P005", "P006"] {
        a.set(id(&format!("lqfs@item#{item}")), "post");
        a.set(id(&format!("yjdz@item#{item}")), HOME);
    }
    a
}

/// The same typed once: 社会保障卡 goes to the newborn's home, 居民身份证 to the address given for the 社会保障卡.
fn typed_once(form: &MergedForm) -> Answers {
    let mut a = typed_three_times(form);
    for field in [P005, P006] {
        a.fields.remove(&id(field));
    }
    a.set(id(&format!("{SAME_ADDRESS_PREFIX}{P005}")), "jzdz@newborn");
    a.set(id(&format!("{SAME_ADDRESS_PREFIX}{P006}")), P005);
    a
}

fn payloads(form: &MergedForm, answers: &Answers) -> Vec<Payload> {
    let v = validate(form, answers, today());
    assert!(v.is_ok(), "{:?}", v.errors);
    split(form, &v.answers)
}

fn mailing_addresses(payloads: &[Payload]) -> Vec<(String, String)> {
    payloads.iter().filter_map(|p| Some((p.item_id.clone(), p.fields.get("yjdz@item")?.clone()))).collect()
}

#[test]
fn the_birth_form_offers_the_mailing_address_as_an_address_given_earlier() {
    let form = birth_form();
    let offered = |question: &str| -> Vec<(String, String)> {
        let f = form.field(&id(question)).unwrap_or_else(|| panic!("{question}"));
        f.constraints.options.iter().map(|o| (o.code.clone(), o.label.clone())).collect()
    };
    let first = offered(&format!("{SAME_ADDRESS_PREFIX}{P005}"));
    assert_eq!(
        first,
        [
            ("jzdz@newborn".to_owned(), "与新生儿的现居住地址相同".to_owned()),
            ("hjdz@mother".to_owned(), "与母亲的户籍地址相同".to_owned()),
            ("hjdz@father".to_owned(), "与父亲的户籍地址相同".to_owned()),
        ]
    );
    // The second item's mailing address may be the first item's.
    let second = offered(&format!("{SAME_ADDRESS_PREFIX}{P006}"));
    assert_eq!(second.len(), 4);
    assert_eq!(second[3], (P005.to_owned(), "与“社会保障卡申领”的邮寄地址相同".to_owned()));
    // Asked right before the address, by the same item under the same condition, never required.
    let question = form.field(&id(&format!("{SAME_ADDRESS_PREFIX}{P006}"))).expect("the question");
    let address = form.field(&id(P006)).expect("the address");
    assert_eq!(question.label, "邮寄地址是否与前面填写的地址相同");
    assert!(question.askers.iter().all(|a| !a.required));
    let whens = |f: &sqsb_core::engine::MergedField| f.askers.iter().map(|a| a.when.clone()).collect::<Vec<_>>();
    assert_eq!(whens(question), whens(address));
    let section = form.sections.iter().find(|s| s.item.as_deref() == Some("P006")).expect("P006's section");
    let position = |f: &str| section.fields.iter().position(|x| x.id == id(f)).expect(f);
    assert_eq!(position(&format!("{SAME_ADDRESS_PREFIX}{P006}")) + 1, position(P006));
    // Not offered where nothing earlier may be the same: the newborn's home is the first address asked.
    assert!(form.field(&id(&format!("{SAME_ADDRESS_PREFIX}jzdz@newborn"))).is_none());
    // And only while the mailing address itself is shown (领取方式 邮寄送达).
    let mut a = typed_once(&form);
    a.set(id("lqfs@item#P006"), "window");
    let v = validate(&form, &a, today());
    assert!(!v.visible.contains(&id(&format!("{SAME_ADDRESS_PREFIX}{P006}"))));
    assert!(v.is_ok(), "{:?}", v.errors);
    let only_p005 = split(&form, &v.answers);
    assert_eq!(mailing_addresses(&only_p005), [("P005".to_owned(), HOME.to_owned())]);
}

#[test]
fn the_mailing_address_given_once_gives_the_same_complete_applications() {
    let form = birth_form();
    let old_way = payloads(&form, &typed_three_times(&form));
    let once = payloads(&form, &typed_once(&form));
    assert_eq!(once, old_way, "every item carries the full address it asks");
    assert_eq!(mailing_addresses(&once), [("P005".to_owned(), HOME.to_owned()), ("P006".to_owned(), HOME.to_owned())]);
    for p in &once {
        assert!(p.fields.keys().all(|k| !is_answered_by_link(k.split('@').next().unwrap_or(k))), "{}", p.item_id);
    }
    // The form asks the address once: the mailing addresses are filled, not asked.
    let v = validate(&form, &typed_once(&form), today());
    assert_eq!(v.linked.get(&id(P005)), Some(&id("jzdz@newborn")));
    assert_eq!(v.linked.get(&id(P006)), Some(&id(P005)));
    let typed: Vec<String> = form
        .fields()
        .filter(|f| f.constraints.kind == sqsb_core::dictionary::Kind::Address)
        .filter(|f| v.visible.contains(&f.id) && !v.linked.contains_key(&f.id))
        .map(|f| f.id.to_string())
        .collect();
    assert!(!typed.iter().any(|f| f.starts_with("yjdz")), "{typed:?}");
}

#[test]
fn a_correction_of_the_first_address_is_carried_and_its_problem_reported_there() {
    let form = birth_form();
    let mut a = typed_once(&form);
    a.set(id("jzdz@newborn"), "山东省威海市环翠区新威路18号3单元602室");
    let moved = payloads(&form, &a);
    assert!(mailing_addresses(&moved).iter().all(|(_, address)| address.ends_with("602室")), "{moved:?}");
    // Left blank: one problem, at the address the citizen types, none at the copies.
    a.fields.remove(&id("jzdz@newborn"));
    let v = validate(&form, &a, today());
    let problems: Vec<String> = v.errors.iter().map(|e| e.target.key()).collect();
    assert_eq!(problems, ["jzdz@newborn"]);
}

#[test]
fn unlinking_or_an_address_no_longer_asked_asks_the_address_again() {
    let form = birth_form();
    let mut a = typed_once(&form);
    a.fields.remove(&id(&format!("{SAME_ADDRESS_PREFIX}{P006}")));
    let v = validate(&form, &a, today());
    assert!(!v.linked.contains_key(&id(P006)));
    assert_eq!(v.error(P006).map(|e| e.message.as_str()), Some("请填写邮寄地址"));
    // The mother's 户籍地址 is asked only if the newborn is registered with her; with the father it is not
    // offered, and a choice of it made before links nothing.
    let mut a = typed_once(&form);
    a.set(id("lhfs@newborn"), "father");
    a.set(id(&format!("{SAME_ADDRESS_PREFIX}{P005}")), "hjdz@mother");
    let v = validate(&form, &a, today());
    let question = form.field(&id(&format!("{SAME_ADDRESS_PREFIX}{P005}"))).expect("the question");
    let offered: Vec<&str> = v.offered(question).iter().map(|o| o.code.as_str()).collect();
    assert_eq!(offered, ["jzdz@newborn", "hjdz@father"]);
    assert!(!v.linked.contains_key(&id(P005)));
    assert!(v.error(P005).is_some(), "the address is asked in full");
    // The father's own 同地址 question (his 户籍地址 as the mother's) has nothing shown to offer: not asked.
    assert!(!v.visible.contains(&id(&format!("{SAME_ADDRESS_PREFIX}hjdz@father"))));
}

/// 经营场所同住所 in 企业开办: the registered address typed once.
#[test]
fn the_business_premises_may_be_the_registered_address() {
    let mut picks = Selections::new();
    picks.insert("E001".into(), ["E001-1".to_owned()].into());
    let form = scenario_form(LifecycleId::Enterprise, "1.1", picks);
    let question = form.field(&id(&format!("{SAME_ADDRESS_PREFIX}jycs@enterprise"))).expect("经营场所同住所");
    let codes: Vec<&str> = question.constraints.options.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(codes, ["zs@enterprise"]);
    assert_eq!(question.constraints.options[0].label, "与企业的住所相同");
    let mut a = full_answers(&form);
    a.set(id("zs@enterprise"), HOME);
    a.set(id("jycs@enterprise"), HOME);
    let old_way = payloads(&form, &a);
    a.fields.remove(&id("jycs@enterprise"));
    a.set(question.id.clone(), "zs@enterprise");
    let once = payloads(&form, &a);
    assert_eq!(once, old_way);
    let setup = once.iter().find(|p| p.item_id == "E001-1").expect("公司设立登记");
    assert_eq!(setup.fields.get("jycs@enterprise").map(String::as_str), Some(HOME));
}

/// A person given as 同一人 brings their address with them: the address's own 同地址 question is not asked.
#[test]
fn a_person_linked_as_the_same_person_is_not_asked_about_their_address() {
    let form = scenario_form(LifecycleId::Personal, "4.3", Selections::new());
    let worker_home = id("jzdz@worker");
    let question = id(&format!("{SAME_ADDRESS_PREFIX}jzdz@worker"));
    assert!(form.field(&question).is_some(), "the worker's home may be the applicant's");
    let mut a = full_answers(&form);
    a.set(id("sfdb@applicant"), "0");
    let v = validate(&form, &a, today());
    assert!(v.visible.contains(&question));
    // The injured worker applies themselves: 同申请人.
    a.set(id(&format!("{SAME_PERSON_ELEMENT}@worker")), "applicant");
    let v = validate(&form, &a, today());
    assert_eq!(v.linked.get(&worker_home), Some(&id("jzdz@applicant")));
    assert!(!v.visible.contains(&question));
    assert!(v.is_ok(), "{:?}", v.errors);
}
