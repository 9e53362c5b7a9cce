//! Answers checked as a clerk at the counter would check them, on the real dictionary and forms: ranges with their
//! units, dates on the right side of today, digits-only numbers, dates in order, pasted text normalised before any
//! length check, units kept in the payload. Every refusal is asserted with its message in both languages.

mod support;

use sqsb_core::engine::{validate, Answers, ErrorKind, FieldError, FieldId, MergedForm};
use sqsb_core::validate::Problem;
use support::{full_answers, payloads, resident_id, scenario_forms, today};

/// The first scenario whose form asks every one of `keys` (`element@role`), with the ids the form gives them.
fn form_asking(keys: &[&str]) -> (MergedForm, Vec<FieldId>) {
    scenario_forms()
        .into_iter()
        .find_map(|(_, form)| {
            let ids: Option<Vec<FieldId>> =
                keys.iter().map(|k| form.fields().find(|f| f.id.key.to_string() == *k).map(|f| f.id.clone())).collect();
            Some((form.clone(), ids?))
        })
        .unwrap_or_else(|| panic!("no scenario asks {keys:?}"))
}

/// The error on `field` once `value` is answered in an otherwise complete form.
fn error_for(form: &MergedForm, answers: &Answers, field: &FieldId) -> Option<FieldError> {
    validate(form, answers, today()).error(&field.to_string()).cloned()
}

fn answered(form: &MergedForm, pairs: &[(&FieldId, &str)]) -> Answers {
    let mut a = full_answers(form);
    for (id, v) in pairs {
        a.set((*id).clone(), *v);
    }
    a
}

#[test]
fn housing_fund_ratio_outside_five_to_twelve_percent_is_refused() {
    let (form, ids) = form_asking(&["dwjcbl@enterprise", "grjcbl@enterprise"]);
    let ratio = &ids[0];
    for bad in ["100", "4.99", "12.5", "0"] {
        let e = error_for(&form, &answered(&form, &[(ratio, bad)]), ratio).expect(bad);
        assert_eq!(e.kind, ErrorKind::Value(Problem::OutOfRange { min: Some(5.0), max: Some(12.0), unit: "%".into() }));
        assert_eq!(e.message, "住房公积金单位缴存比例（企业）应在5%至12%之间");
        assert_eq!(e.message_en, "住房公积金单位缴存比例（企业） must be between 5% and 12%.");
    }
    for good in ["5", "12", "8.5", "１２%"] {
        assert_eq!(error_for(&form, &answered(&form, &[(ratio, good)]), ratio), None, "{good}");
    }
}

#[test]
fn an_appointment_cannot_lie_in_the_past() {
    let (form, ids) = form_asking(&["yyrq@item"]);
    let day = &ids[0];
    let e = error_for(&form, &answered(&form, &[(day, "2025-05-31")]), day).expect("yesterday refused");
    assert_eq!(e.kind, ErrorKind::Value(Problem::InPast));
    assert_eq!(e.message, "预约办理日期不能早于今天，请选择今天或以后的日期");
    assert_eq!(e.message_en, "预约办理日期 cannot be earlier than today; please choose today or a later date.");
    assert_eq!(error_for(&form, &answered(&form, &[(day, "2025-06-01")]), day), None, "today is fine");
    assert_eq!(error_for(&form, &answered(&form, &[(day, "2025年6月9日")]), day), None);
}

#[test]
fn a_bank_account_is_digits_only_and_pasted_spaces_do_not_count() {
    let (form, ids) = form_asking(&["yhzh@enterprise"]);
    let account = &ids[0];
    for bad in ["中国银行威海分行", "6222-abc-0202", "62220202001122X"] {
        let e = error_for(&form, &answered(&form, &[(account, bad)]), account).expect(bad);
        assert_eq!(e.kind, ErrorKind::Value(Problem::DigitsOnly));
        assert_eq!(e.message, "银行账号（企业）只能填写数字（空格可以不填）");
        assert_eq!(e.message_en, "银行账号（企业） may contain digits only (spaces do not matter).");
    }
    // Spaces and full-width digits as copied from a bank app: 42 characters pasted (over the 40 allowed), 34 digits.
    let pasted = "６２２２ ０２０２ 0011 2233 4455 6677 8899 0011 22";
    assert!(pasted.chars().count() > 40);
    let v = validate(&form, &answered(&form, &[(account, pasted)]), today());
    assert!(v.error(&account.to_string()).is_none(), "{:?}", v.errors);
    assert_eq!(v.answers.get(account), Some("6222020200112233445566778899001122"));
}

#[test]
fn an_id_pasted_with_spaces_is_not_cut_and_keeps_its_meaning() {
    let (form, ids) = form_asking(&["gmsfhm@mother"]);
    let id = &ids[0];
    let number = resident_id("19900101", "002");
    // Grouped as people copy it: 21 characters.
    let pasted = format!("{} {} {} {}", &number[..6], &number[6..10], &number[10..14], &number[14..]);
    assert_eq!(pasted.chars().count(), 21);
    let v = validate(&form, &answered(&form, &[(id, pasted.as_str())]), today());
    assert!(v.error(&id.to_string()).is_none(), "{:?}", v.errors);
    assert_eq!(v.answers.get(id), Some(number.as_str()));
    // Cut at 18 characters (what the input's maxlength did) it has 15 digits, but no first-generation number
    // (digits 7–12 would be its birth date, 90 is no month): the message counts digits, it does not speak of
    // an old number.
    let cut: String = pasted.chars().take(18).collect();
    let e = error_for(&form, &answered(&form, &[(id, cut.as_str())]), id).expect("cut refused");
    assert_eq!(e.kind, ErrorKind::Value(Problem::WrongLength { expected: 18, found: 15 }));
    assert_eq!(e.message, "公民身份号码（母亲）应为18位，现在是15位");
    assert_eq!(e.message_en, "公民身份号码（母亲） must have 18 characters; it now has 15.");
    // A real first-generation number (born 1990-01-01) still gets the advice about the new number.
    let e = error_for(&form, &answered(&form, &[(id, "371002900101002")]), id).expect("old number refused");
    assert_eq!(e.kind, ErrorKind::Value(Problem::OldIdNumber));
}

#[test]
fn sex_chosen_before_the_id_follows_the_id() {
    let (form, ids) = form_asking(&["gmsfhm@newborn", "xb@newborn", "csrq@newborn"]);
    let mut a = full_answers(&form);
    a.fields.remove(&ids[0]);
    a.set(ids[1].clone(), "1");
    a.set(ids[2].clone(), "2025-03-03");
    // The citizen chose 男 first, then typed a girl's ID number: no error, and the ID decides.
    a.set(ids[0].clone(), resident_id("20250101", "002"));
    let v = validate(&form, &a, today());
    assert!(v.is_ok(), "{:?}", v.errors);
    assert_eq!(v.answers.get(&ids[1]), Some("2"));
    assert_eq!(v.answers.get(&ids[2]), Some("2025-01-01"));
    assert_eq!(v.derived.get(&ids[1]).map(String::as_str), Some("2"));
}

#[test]
fn cremation_cannot_precede_death_and_death_cannot_lie_ahead() {
    let (form, ids) = form_asking(&["swrq@deceased", "hhrq@deceased"]);
    let (death, cremation) = (&ids[0], &ids[1]);
    let a = answered(&form, &[(death, "2025-05-20"), (cremation, "2025-05-19")]);
    let e = error_for(&form, &a, cremation).expect("cremation before death refused");
    assert!(matches!(e.kind, ErrorKind::BeforeDate { .. }));
    assert_eq!(e.message, "火化日期（逝者）不能早于死亡日期（逝者）");
    assert_eq!(e.message_en, "火化日期（逝者） cannot be earlier than 死亡日期（逝者）.");
    let same_day = answered(&form, &[(death, "2025-05-20"), (cremation, "2025-05-20")]);
    assert_eq!(error_for(&form, &same_day, cremation), None);
    let ahead = answered(&form, &[(death, "2025-06-02"), (cremation, "2025-06-03")]);
    let e = error_for(&form, &ahead, death).expect("a death tomorrow refused");
    assert_eq!(e.kind, ErrorKind::Value(Problem::InFuture));
    assert_eq!(e.message, "死亡日期（逝者）不能晚于今天");
    assert_eq!(e.message_en, "死亡日期（逝者） cannot be later than today.");
}

#[test]
fn registered_capital_keeps_its_unit_in_every_payload() {
    let (form, ids) = form_asking(&["zczb@enterprise"]);
    let capital = &ids[0];
    let a = answered(&form, &[(capital, "100")]);
    let asking: Vec<_> = payloads(&form, &a).into_iter().filter(|p| p.fields.contains_key("zczb@enterprise")).collect();
    assert!(!asking.is_empty());
    for p in asking {
        assert_eq!(p.fields.get("zczb@enterprise").map(String::as_str), Some("100.00"), "{}", p.item_id);
        assert_eq!(p.units.get("zczb@enterprise").map(String::as_str), Some("万元"), "{}", p.item_id);
        // Only fields with a unit are listed, and only fields the payload carries.
        assert!(p.units.keys().all(|k| p.fields.contains_key(k)), "{}", p.item_id);
    }
}

/// Date order is data: each `not_before` names another date element, and the usual pairs are there.
#[test]
fn every_date_rule_names_a_date() {
    let dict = &support::data().dict;
    let mut rules = 0;
    for e in dict.elements.values() {
        if let Some(other) = &e.not_before {
            rules += 1;
            assert_eq!(dict.element(other).map(|o| o.kind), Some(sqsb_core::dictionary::Kind::Date), "{}", e.key);
        }
    }
    assert!(rules >= 10, "the dictionary orders its date pairs ({rules})");
}
