//! 每人只填一次: a role that may be the same person as one given earlier (the dictionary's `same_as`) is answered
//! by 同一人, linked (a correction is made once), and every item's application still carries the full fields of
//! every role it asks.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use proptest::prelude::*;
use sqsb_core::catalog::LifecycleId;
use sqsb_core::condition::Condition;
use sqsb_core::dictionary::{FieldKey, SAME_PERSON_ELEMENT};
use sqsb_core::engine::{
    member_links, split, validate, Answers, ChainSpec, FieldId, Member, MergedForm, Payload, Selections,
};
use support::{engine, full_answers, resident_id, today};

/// 企业开办 with 公司设立登记: seven items, and 法定代表人, 联系人, 办税人员, 财务负责人, 股东, 董监高.
fn company_form() -> MergedForm {
    let e = engine();
    let mut picks = Selections::new();
    picks.insert("E001".into(), ["E001-1".to_owned()].into());
    let spec = ChainSpec::Scenario { lifecycle: LifecycleId::Enterprise, code: "1.1".into() };
    e.merge(&e.chain(&spec, &picks).expect("the 开办 chain")).expect("it merges")
}

fn id(s: &str) -> FieldId {
    FieldId::parse(s).unwrap_or_else(|| panic!("bad field id {s}"))
}

const OWNER: &str = "林海燕";
const OWNER_MOBILE: &str = "13906311234";
const PEOPLE: [&str; 3] = ["liaison", "tax_handler", "finance_officer"];
const PERSON_ELEMENTS: [&str; 4] = ["xm", "zjlx", "zjhm", "sjhm"];

fn owner_id() -> String {
    resident_id("19850315", "022")
}

/// The form filled by a sole owner the old way: the same person typed as every role and member.
fn typed_six_times(form: &MergedForm) -> Answers {
    let mut a = full_answers(form);
    for role in std::iter::once("legal_rep").chain(PEOPLE) {
        a.set(id(&format!("xm@{role}")), OWNER);
        a.set(id(&format!("zjlx@{role}")), "resident_id");
        a.set(id(&format!("zjhm@{role}")), owner_id());
        a.set(id(&format!("sjhm@{role}")), OWNER_MOBILE);
    }
    let shareholder = a.groups.get_mut("shareholders").and_then(|m| m.first_mut()).expect("a shareholder");
    shareholder.insert("ztmc".into(), OWNER.into());
    shareholder.insert("zjlx".into(), "resident_id".into());
    shareholder.insert("zjhm".into(), owner_id());
    let zw = a.get(&id("zw@legal_rep")).expect("the legal representative's post").to_owned();
    let officer = a.groups.get_mut("officers").and_then(|m| m.first_mut()).expect("an officer");
    officer.insert("xm".into(), OWNER.into());
    officer.insert("zjlx".into(), "resident_id".into());
    officer.insert("zjhm".into(), owner_id());
    officer.insert("zw".into(), zw);
    a
}

/// The same owner answered once: 法定代表人 in full, everyone else 同法定代表人.
fn answered_once(form: &MergedForm) -> Answers {
    let mut a = typed_six_times(form);
    for role in PEOPLE {
        for element in PERSON_ELEMENTS {
            a.fields.remove(&id(&format!("{element}@{role}")));
        }
        a.set(id(&format!("{SAME_PERSON_ELEMENT}@{role}")), "legal_rep");
    }
    for group in ["shareholders", "officers"] {
        let member = a.groups.get_mut(group).and_then(|m| m.first_mut()).expect("a member");
        for element in ["ztmc", "xm", "zjlx", "zjhm", "zw"] {
            member.remove(element);
        }
        member.insert(SAME_PERSON_ELEMENT.into(), "legal_rep".into());
    }
    a
}

fn payloads(form: &MergedForm, answers: &Answers) -> Vec<Payload> {
    let v = validate(form, answers, today());
    assert!(v.is_ok(), "{:?}", v.errors);
    split(form, &v.answers)
}

#[test]
fn the_company_form_offers_the_legal_representative_to_each_later_person() {
    let form = company_form();
    let offered = |role: &str| -> Vec<String> {
        let f = form.field(&id(&format!("{SAME_PERSON_ELEMENT}@{role}"))).unwrap_or_else(|| panic!("{role}"));
        f.constraints.options.iter().map(|o| o.code.clone()).collect()
    };
    assert_eq!(offered("liaison"), ["legal_rep"]);
    assert_eq!(offered("tax_handler"), ["legal_rep", "liaison"]);
    assert_eq!(offered("finance_officer"), ["legal_rep", "liaison", "tax_handler"]);
    // Not offered where the dictionary does not say the roles may coincide: the agent is someone else.
    assert!(form.field(&id(&format!("{SAME_PERSON_ELEMENT}@agent"))).is_none());
    assert!(form.field(&id(&format!("{SAME_PERSON_ELEMENT}@legal_rep"))).is_none());
    // The question comes first in its section and is never required.
    let section = form.sections.iter().find(|s| s.role == "liaison").expect("联系人");
    assert_eq!(section.fields[0].id.key.element, SAME_PERSON_ELEMENT);
    assert!(section.fields[0].askers.iter().all(|a| !a.required));
    for group in form.groups() {
        assert_eq!(group.members[0].element, SAME_PERSON_ELEMENT, "{}", group.key);
    }
}

#[test]
fn one_owner_answered_once_gives_the_same_complete_applications() {
    let form = company_form();
    let old_way = payloads(&form, &typed_six_times(&form));
    let once = payloads(&form, &answered_once(&form));
    assert_eq!(once, old_way, "every item gets the full fields of every role it asks");
    // And they are complete: each item that asks a role carries its name, ID and phone.
    let tax = once.iter().find(|p| p.item_id == "E003").expect("涉税办理");
    for role in ["tax_handler", "finance_officer"] {
        assert_eq!(tax.fields.get(&format!("xm@{role}")).map(String::as_str), Some(OWNER));
        assert_eq!(tax.fields.get(&format!("zjhm@{role}")), Some(&owner_id()));
        assert_eq!(tax.fields.get(&format!("sjhm@{role}")).map(String::as_str), Some(OWNER_MOBILE));
    }
    let setup = once.iter().find(|p| p.item_id == "E001-1").expect("公司设立登记");
    let shareholder = &setup.groups["shareholders"][0];
    assert_eq!(shareholder.get("ztmc").map(String::as_str), Some(OWNER));
    assert_eq!(shareholder.get("zjhm"), Some(&owner_id()));
    assert!(shareholder.contains_key("rjcze"), "the shareholder's own answers stay asked");
    assert!(!shareholder.contains_key(SAME_PERSON_ELEMENT), "how it was answered is not the department's business");
    assert_eq!(setup.groups["officers"][0].get("xm").map(String::as_str), Some(OWNER));
    for p in &once {
        assert!(p.fields.keys().all(|k| !k.starts_with(SAME_PERSON_ELEMENT)), "{}", p.item_id);
    }
}

#[test]
fn the_person_is_asked_once_and_corrected_once() {
    let form = company_form();
    let mut a = answered_once(&form);
    let v = validate(&form, &a, today());
    // The linked fields are not asked: the form shows the 法定代表人's four fields and nobody else's.
    for role in PEOPLE {
        for element in PERSON_ELEMENTS {
            let field = id(&format!("{element}@{role}"));
            assert_eq!(v.linked.get(&field), Some(&id(&format!("{element}@legal_rep"))), "{field}");
        }
    }
    assert!(!v.linked.contains_key(&id("dzyx@liaison")), "what the 法定代表人 is not asked stays a question");
    // A typo corrected once, in the 法定代表人's section, is corrected everywhere.
    a.set(id("xm@legal_rep"), "林海艳");
    let names: BTreeMap<String, String> = payloads(&form, &a)
        .iter()
        .flat_map(|p| p.fields.iter().filter(|(k, _)| k.starts_with("xm@")).map(|(k, v)| (k.clone(), v.clone())))
        .filter(|(k, _)| k != "xm@agent")
        .collect();
    assert!(names.len() >= 4, "{names:?}");
    assert!(names.values().all(|n| n == "林海艳"), "{names:?}");
    // A problem in the source is reported once, at the source.
    a.set(id("zjhm@legal_rep"), "371002198503150221");
    let v = validate(&form, &a, today());
    let problems: Vec<String> = v.errors.iter().map(|e| e.target.key()).collect();
    assert_eq!(problems, ["zjhm@legal_rep"]);
}

#[test]
fn unlinking_asks_the_person_again() {
    let form = company_form();
    let mut a = answered_once(&form);
    a.fields.remove(&id(&format!("{SAME_PERSON_ELEMENT}@liaison")));
    let v = validate(&form, &a, today());
    assert!(!v.linked.contains_key(&id("xm@liaison")));
    assert_eq!(v.error("xm@liaison").map(|e| e.message.as_str()), Some("请填写姓名（联系人）"));
    // A choice the form does not offer links nothing (a draft edited by hand, an option gone).
    a.set(id(&format!("{SAME_PERSON_ELEMENT}@liaison")), "agent");
    let v = validate(&form, &a, today());
    assert!(!v.linked.contains_key(&id("xm@liaison")));
    assert!(v.error(&format!("{SAME_PERSON_ELEMENT}@liaison")).is_some());
}

/// 身后一件事 filled by a child: the child is the applicant (the form says the 逝者 is applied for by the family),
/// no agent is asked and no 授权委托书 is needed unless a third person was asked to help.
#[test]
fn a_child_applying_for_a_late_parent_is_the_applicant_not_an_agent() {
    use sqsb_core::engine::Need;
    let e = engine();
    let spec = ChainSpec::Scenario { lifecycle: LifecycleId::Personal, code: "11.1".into() };
    let form = e.merge(&e.chain(&spec, &Selections::new()).expect("the 身后 chain")).expect("it merges");
    let family: Vec<&str> = form.sections.iter().filter(|s| s.family_applies).map(|s| s.role.as_str()).collect();
    assert_eq!(family, ["deceased"]);
    // And the late parent's data is never offered for 我的档案.
    let not_kept: Vec<&str> = form.sections.iter().filter(|s| s.not_kept).map(|s| s.role.as_str()).collect();
    assert_eq!(not_kept, ["deceased"]);
    let mut a = full_answers(&form);
    for element in ["xm", "gmsfhm", "sjhm"] {
        a.fields.remove(&id(&format!("{element}@agent")));
    }
    a.set(id("sfdb@applicant"), "0");
    let v = validate(&form, &a, today());
    assert!(v.is_ok(), "{:?}", v.errors);
    assert!(!v.visible.contains(&id("xm@agent")), "no agent section");
    let letter = |answers: &Answers| e.materials(&form, answers).into_iter().find(|m| m.key == "sqwts").map(|m| m.need);
    assert!(matches!(letter(&a), None | Some(Need::NotNeeded)), "no 授权委托书 for the family itself");
    // A third person the family asked to help: now their details and the letter are needed.
    a.set(id("sfdb@applicant"), "1");
    let v = validate(&form, &a, today());
    assert_eq!(v.error("xm@agent").map(|e| e.message.as_str()), Some("请填写姓名（经办人）"));
    assert_eq!(letter(&a), Some(Need::Required));
}

/// The sole owner of 企业开办 applies themselves (no agent) and is 法定代表人, 联系人, 办税人员, 财务负责人, 股东
/// and 董事: their name, ID and phone are asked once, in the 法定代表人's section, and every item's application
/// carries them for each role it asks.
#[test]
fn one_owner_in_the_company_chain_is_asked_their_details_once() {
    let form = company_form();
    let mut a = answered_once(&form);
    a.set(id("sfdb@applicant"), "0");
    let v = validate(&form, &a, today());
    assert!(v.is_ok(), "{:?}", v.errors);
    for element in ["xm", "zjlx", "zjhm", "sjhm"] {
        let asked: Vec<String> = form
            .fields()
            .filter(|f| f.id.key.element == element && v.visible.contains(&f.id) && !v.linked.contains_key(&f.id))
            .map(|f| f.id.to_string())
            .collect();
        assert_eq!(asked, [format!("{element}@legal_rep")], "{element}");
    }
    for group in form.groups() {
        let member = &v.answers.groups[&group.key][0];
        let copied: Vec<String> = member_links(&form, group, member, &v.visible).into_iter().map(|(e, _)| e).collect();
        let name = if group.key == "shareholders" { "ztmc" } else { "xm" };
        for element in [name, "zjlx", "zjhm"] {
            assert!(copied.iter().any(|c| c == element), "{}: {element} is asked again", group.key);
        }
    }
    let all = payloads(&form, &a);
    let mut carried = 0;
    for p in &all {
        for (key, value) in &p.fields {
            let expected = match key.split('@').next() {
                Some("xm") => OWNER.to_owned(),
                Some("zjhm") => owner_id(),
                Some("sjhm") => OWNER_MOBILE.to_owned(),
                _ => continue,
            };
            assert_eq!(value, &expected, "{} {key}", p.item_id);
            carried += 1;
        }
    }
    assert!(carried >= 7 * 3, "every item names the owner: {carried}");
    assert!(all.iter().all(|p| !p.fields.contains_key("xm@agent")), "no agent");
}

/// 工伤认定 applied for by the injured worker: the 职工 is 同申请人, typed once.
#[test]
fn the_injured_worker_applying_is_the_applicant_once() {
    let e = engine();
    let spec = ChainSpec::Scenario { lifecycle: LifecycleId::Personal, code: "4.3".into() };
    let form = e.merge(&e.chain(&spec, &Selections::new()).expect("the 社会保障 chain")).expect("it merges");
    let choice = form.field(&id(&format!("{SAME_PERSON_ELEMENT}@worker"))).expect("同申请人 offered");
    let codes: Vec<&str> = choice.constraints.options.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(codes, ["applicant"]);
    let mut typed_twice = full_answers(&form);
    typed_twice.set(id("sfdb@applicant"), "0");
    for element in ["xm", "gmsfhm", "sjhm"] {
        let value = typed_twice.get(&id(&format!("{element}@applicant"))).expect("the applicant").to_owned();
        typed_twice.set(id(&format!("{element}@worker")), value);
    }
    let applicant_home = typed_twice.get(&id("jzdz@applicant")).expect("the applicant's home").to_owned();
    typed_twice.set(id("jzdz@worker"), applicant_home);
    let mut once = typed_twice.clone();
    for element in ["xm", "gmsfhm", "xb", "csrq", "sjhm", "jzdz"] {
        once.fields.remove(&id(&format!("{element}@worker")));
    }
    once.set(choice.id.clone(), "applicant");
    let v = validate(&form, &once, today());
    for element in ["xm", "gmsfhm", "sjhm", "jzdz"] {
        assert_eq!(v.linked.get(&id(&format!("{element}@worker"))), Some(&id(&format!("{element}@applicant"))));
    }
    assert_eq!(payloads(&form, &once), payloads(&form, &typed_twice));
}

/// A field answered by 同一人 is not asked, so its answer must come from a field the citizen can see: a source
/// hidden by the answers (a role's field asked only under a condition) would leave the copy empty with no error
/// shown, and the department would receive nothing. Every 同一人 choice of every scenario, each option.
#[test]
fn a_same_person_answer_copies_only_fields_the_citizen_sees() {
    let mut checked = 0;
    for (label, form) in support::scenario_forms() {
        let choices: Vec<(FieldId, Vec<String>)> = form
            .fields()
            .filter(|f| f.id.key.element == SAME_PERSON_ELEMENT && f.id.item.is_none())
            .map(|f| (f.id.clone(), f.constraints.options.iter().map(|o| o.code.clone()).collect()))
            .collect();
        for (choice, options) in choices {
            for option in options {
                let mut answers = full_answers(&form);
                answers.set(choice.clone(), option.as_str());
                let v = validate(&form, &answers, today());
                for (copy, source) in &v.linked {
                    if v.visible.contains(copy) {
                        checked += 1;
                        assert!(
                            v.visible.contains(source),
                            "{label}: {choice} = {option} copies {copy} from {source}, which is not shown"
                        );
                    }
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} linked fields checked: are 同一人 choices still offered?");
}

/// The form with `field` asked (by every item asking it) only when `when` holds.
fn asked_only_when(mut form: MergedForm, field: &FieldId, when: Condition) -> MergedForm {
    if let Some(f) = form.sections.iter_mut().flat_map(|s| &mut s.fields).find(|f| &f.id == field) {
        for asker in &mut f.askers {
            asker.when = Some(when.clone());
        }
    }
    form
}

/// The form as a later version asks it: the 法定代表人's 移动电话 only when their 证件类型 is a passport.
fn with_legal_rep_mobile_only_for_passports(form: MergedForm) -> MergedForm {
    let passport = Condition::equals(FieldKey::parse("zjlx@legal_rep").expect("a key"), "passport");
    asked_only_when(form, &id("sjhm@legal_rep"), passport)
}

/// The engine itself refuses a 同一人 link from a field the citizen does not see (a draft answered against an
/// older form, a situation answer changed afterwards): the field is asked instead, never copied unseen.
#[test]
fn a_same_person_link_from_a_hidden_field_is_refused_and_the_field_asked() {
    let form = company_form();
    let draft = answered_once(&form);
    let liaison_mobile = id("sjhm@liaison");
    let before = validate(&form, &draft, today());
    assert_eq!(before.linked.get(&liaison_mobile), Some(&id("sjhm@legal_rep")), "linked while the source is shown");

    let later = with_legal_rep_mobile_only_for_passports(form);
    let v = validate(&later, &draft, today());
    assert!(!v.visible.contains(&id("sjhm@legal_rep")), "the source is hidden now");
    assert_eq!(v.linked.get(&liaison_mobile), None, "no copy from a hidden field");
    assert!(v.visible.contains(&liaison_mobile), "the liaison's mobile is asked");
    assert!(v.error(&liaison_mobile.to_string()).is_some(), "and required: {:?}", v.errors);
    assert_eq!(v.linked.get(&id("xm@liaison")), Some(&id("xm@legal_rep")), "the shown fields stay linked");
    assert_eq!(v.answers.get(&id("xm@liaison")), Some(OWNER));

    for role in ["tax_handler", "finance_officer"] {
        let mobile = id(&format!("sjhm@{role}"));
        assert!(!v.linked.contains_key(&mobile) && v.error(&mobile.to_string()).is_some(), "{role}: asked too");
    }

    let mut answered = draft.clone();
    for (role, mobile) in PEOPLE.iter().zip(["13906315678", "13906315679", "13906315670"]) {
        answered.set(id(&format!("sjhm@{role}")), mobile);
    }
    let v = validate(&later, &answered, today());
    assert!(v.is_ok(), "{:?}", v.errors);
    assert_eq!(v.answers.get(&liaison_mobile), Some("13906315678"), "the number typed, not the hidden one");
}

/// Hides `field` from the form: every asking item asks it only under a condition that never holds (its own
/// answer equal to a value no answer has), as a later form version asking it only in some cases would.
fn hidden(form: MergedForm, field: &FieldId) -> MergedForm {
    let never = Condition::equals(field.key.clone(), "\u{0}never");
    asked_only_when(form, field, never)
}

/// The group case of the rule above: a 股东 or 董监高 answered 同法定代表人 copies the 法定代表人's fields the
/// citizen sees, and an element whose counterpart the form hides is asked in the member, never copied unseen.
#[test]
fn a_member_link_from_a_hidden_field_is_refused_and_the_element_asked() {
    let form = company_form();
    let draft = answered_once(&form);
    let shareholders = form.group("shareholders").expect("股东");
    let member = |answers: &Answers| answers.groups["shareholders"][0].clone();
    let before = validate(&form, &draft, today());
    let copied = |v: &sqsb_core::engine::Validation, m: &Member| -> Vec<String> {
        member_links(&form, shareholders, m, &v.visible).into_iter().map(|(e, _)| e).collect()
    };
    assert!(copied(&before, &member(&draft)).contains(&"zjhm".to_owned()), "linked while the source is shown");

    let legal_rep_id = id("zjhm@legal_rep");
    let later = hidden(form.clone(), &legal_rep_id);
    let v = validate(&later, &draft, today());
    assert!(!v.visible.contains(&legal_rep_id), "the source is hidden now");
    let later_shareholders = later.group("shareholders").expect("股东");
    let links = member_links(&later, later_shareholders, &member(&draft), &v.visible);
    assert!(links.iter().all(|(element, _)| element != "zjhm"), "no copy from a hidden field: {links:?}");
    assert!(links.iter().any(|(element, _)| element == "ztmc"), "the shown fields stay linked: {links:?}");
    for group in ["shareholders", "officers"] {
        let key = format!("{group}[0].zjhm");
        assert!(v.error(&key).is_some(), "{key} is asked and required: {:?}", v.errors);
        assert_eq!(v.answers.groups[group][0].get("zjhm"), None, "{group}: the hidden number is not sent");
        assert_eq!(v.answers.groups[group][0].get("zjlx").map(String::as_str), Some("resident_id"), "{group}");
    }

    // Answered in the member, it is what the department receives.
    let mut answered = draft.clone();
    let typed = resident_id("19900101", "031");
    for role in PEOPLE {
        answered.set(id(&format!("zjhm@{role}")), owner_id());
    }
    for group in ["shareholders", "officers"] {
        let m = answered.groups.get_mut(group).and_then(|m| m.first_mut()).expect("a member");
        m.insert("zjhm".into(), typed.clone());
    }
    let v = validate(&later, &answered, today());
    assert!(v.is_ok(), "{:?}", v.errors);
    let setup = split(&later, &v.answers).into_iter().find(|p| p.item_id == "E001-1").expect("公司设立登记");
    assert_eq!(setup.groups["shareholders"][0].get("zjhm"), Some(&typed), "the number typed, not the hidden one");
    assert_eq!(setup.groups["shareholders"][0].get("ztmc").map(String::as_str), Some(OWNER), "still copied");
}

/// Every group member's 同一人 choice of every scenario (each group, each option), as (scenario, form, group).
fn member_choices() -> &'static [(String, MergedForm, String, String)] {
    static CHOICES: OnceLock<Vec<(String, MergedForm, String, String)>> = OnceLock::new();
    CHOICES.get_or_init(|| {
        let mut out = Vec::new();
        for (label, form) in support::scenario_forms() {
            for group in form.groups() {
                let options = group.members.iter().filter(|m| m.element == SAME_PERSON_ELEMENT);
                for option in options.flat_map(|m| &m.constraints.options) {
                    out.push((label.clone(), form.clone(), group.key.clone(), option.code.clone()));
                }
            }
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    /// For any group member answered 同一人 and any of the chosen person's fields hidden: each element is either
    /// copied from a field the citizen sees (and carries its answer) or asked in the member (required ones
    /// reported when left empty) — never copied from a hidden field.
    #[test]
    fn a_member_copies_only_fields_the_citizen_sees(pick in any::<prop::sample::Index>(), mask in any::<u64>()) {
        let choices = member_choices();
        prop_assume!(!choices.is_empty());
        let (label, form, key, option) = &choices[pick.index(choices.len())];
        let group = form.group(key).expect("the group");
        let mut answers = full_answers(form);
        let everything: BTreeSet<FieldId> = form.fields().map(|f| f.id.clone()).collect();
        let mut member = answers.groups[key][0].clone();
        member.insert(SAME_PERSON_ELEMENT.into(), option.clone());
        let linked_when_shown = member_links(form, group, &member, &everything);
        prop_assume!(!linked_when_shown.is_empty());
        // Answered once: the elements the choice fills are left empty in the member.
        for (element, _) in &linked_when_shown {
            member.remove(element);
        }
        answers.groups.insert(key.clone(), vec![member.clone()]);
        let mut later = form.clone();
        for (i, (_, source)) in linked_when_shown.iter().enumerate() {
            if mask >> (i % 64) & 1 == 1 {
                later = hidden(later, source);
            }
        }
        let v = validate(&later, &answers, today());
        prop_assume!(v.visible_groups.contains(key));
        let group = later.group(key).expect("the group");
        let links = member_links(&later, group, &member, &v.visible);
        let checked = &v.answers.groups[key][0];
        for (element, source) in &links {
            prop_assert!(v.visible.contains(source), "{label}: {key}.{element} = {option} copies hidden {source}");
            prop_assert_eq!(checked.get(element).map(String::as_str), v.answers.get(source), "{}: {}", label, element);
        }
        for (element, _) in &linked_when_shown {
            let asked = !links.iter().any(|(e, _)| e == element);
            let required = group.members.iter().any(|m| &m.element == element && m.required);
            let error = v.error(&format!("{key}[0].{element}")).is_some();
            prop_assert_eq!(error, asked && required, "{}: {}.{} asked: {}", label, key, element, asked);
        }
    }
}
