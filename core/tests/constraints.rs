//! One place turns a dictionary element into constraints (`Dictionary::constraints`): the merge narrows exactly
//! those per asking item, and the engine's validation of a field checks exactly what `validate::check` does with
//! the element's constraints — for every element of data/dictionary.

mod support;

use std::collections::BTreeMap;

use proptest::prelude::*;
use sqsb_core::dictionary::{is_answered_by_link, Constraints, Kind};
use sqsb_core::engine::{validate, Answers, ErrorKind, FieldId, MergedForm, Target};
use sqsb_core::forms::FieldRef;
use sqsb_core::validate::{check, Context};
use support::{data, engine, sample, today};

/// The element's own constraints as one item's field reference narrows them (the merge's rule for one asker:
/// the item's own limit replaces the element's, its options are a subset of the list).
fn narrowed_by(own: Constraints, field: &FieldRef) -> Constraints {
    let options = match &field.options {
        Some(codes) => own.options.iter().filter(|o| codes.contains(&o.code)).cloned().collect(),
        None => own.options.clone(),
    };
    Constraints {
        options,
        min_len: field.min_len.or(own.min_len),
        max_len: field.max_len.or(own.max_len),
        min: field.min.or(own.min),
        max: field.max.or(own.max),
        ..own
    }
}

/// Every leaf's own merged form (one item alone), with the item's id.
fn single_item_forms() -> &'static [(String, MergedForm)] {
    static FORMS: std::sync::OnceLock<Vec<(String, MergedForm)>> = std::sync::OnceLock::new();
    FORMS.get_or_init(|| {
        let engine = engine();
        data()
            .catalog
            .leaves()
            .filter(|leaf| data().forms.spec(leaf.id.as_str()).is_some())
            .map(|leaf| {
                let id = leaf.id.as_str().to_owned();
                let form = engine.merge_items(&[id.as_str()]).unwrap_or_else(|e| panic!("{id}: {e}"));
                (id, form)
            })
            .collect()
    })
}

#[test]
fn every_element_has_constraints_of_its_own_kind_and_list() {
    let dict = &data().dict;
    for (key, element) in &dict.elements {
        let c = dict.constraints(key).unwrap_or_else(|| panic!("{key}: no constraints"));
        assert_eq!(c.kind, element.kind, "{key}");
        let codes: Vec<&str> = c.options.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, dict.option_codes(key), "{key}: the option list's codes, in order");
        assert_eq!(matches!(element.kind, Kind::Enum | Kind::MultiEnum), !codes.is_empty(), "{key}");
        assert_eq!((c.min_len, c.max_len, c.min, c.max), (element.min_len, element.max_len, element.min, element.max));
        assert_eq!(
            (c.decimals, c.unit.as_ref(), c.digits_only),
            (element.decimals, element.unit.as_ref(), element.digits_only)
        );
        assert_eq!((c.dates, c.not_before.as_ref()), (element.dates, element.not_before.as_ref()), "{key}");
    }
    assert!(dict.constraints("no_such_element").is_none());
}

/// For every item's form alone, every field's constraints are its element's narrowed by the item's reference,
/// and every group member's are its element's own.
#[test]
fn merge_narrows_the_dictionarys_constraints_and_nothing_else() {
    let dict = &data().dict;
    let mut fields = 0;
    let mut members = 0;
    for (item, form) in single_item_forms() {
        let spec = data().forms.spec(item).and_then(Result::ok).unwrap_or_else(|| panic!("{item}: no spec"));
        for field in form.fields().filter(|f| !is_answered_by_link(&f.id.key.element)) {
            let reference = spec.field(&field.id.key).unwrap_or_else(|| panic!("{item}: {} not in spec", field.id));
            let own = dict.constraints(&field.id.key.element).unwrap_or_else(|| panic!("{}", field.id));
            assert_eq!(field.constraints, narrowed_by(own, reference), "{item}: {}", field.id);
            fields += 1;
        }
        for group in form.groups() {
            for member in group.members.iter().filter(|m| !is_answered_by_link(&m.element)) {
                assert_eq!(
                    Some(&member.constraints),
                    dict.constraints(&member.element).as_ref(),
                    "{item}: {}",
                    group.key
                );
                members += 1;
            }
        }
    }
    assert!(fields > 500 && members > 10, "the data's forms were read ({fields} fields, {members} members)");
}

/// A field of each element that some item asks unconditionally and without narrowing: (form, field).
fn plain_field_of_each_element() -> BTreeMap<String, (&'static MergedForm, FieldId)> {
    let dict = &data().dict;
    let mut out = BTreeMap::new();
    for (_, form) in single_item_forms() {
        for field in form.fields().filter(|f| !is_answered_by_link(&f.id.key.element)) {
            let unconditional = field.askers.iter().all(|a| a.when.is_none());
            let plain = dict.constraints(&field.id.key.element).as_ref() == Some(&field.constraints);
            if unconditional && plain {
                out.entry(field.id.key.element.clone()).or_insert((form, field.id.clone()));
            }
        }
    }
    out
}

#[test]
fn most_elements_are_asked_plainly_somewhere() {
    let plain = plain_field_of_each_element();
    let all = data().dict.elements.len();
    // The property test below covers these; an element only ever asked narrowed or conditionally is covered by
    // the merge test above.
    assert!(plain.len() * 2 > all, "{} of {all} elements asked plainly", plain.len());
}

/// Typed input of the shapes answers take: digits, dates, codes, amounts, Chinese and anything.
fn raw_answer() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{0,20}",
        "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}",
        "[0-9a-z_]{1,4}",
        "-?[0-9]{1,6}(\\.[0-9]{0,4})?(元|万元)?",
        "[是否男女一二三号路 ]{0,12}",
        "\\PC{0,24}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// The engine's validation of a field and `validate::check` with the element's constraints give the same
    /// answer: the same normalised value, or the same problem.
    #[test]
    fn engine_validation_agrees_with_the_elements_constraints(pick in any::<prop::sample::Index>(), raw in raw_answer(), valid in any::<bool>()) {
        let plain = plain_field_of_each_element();
        let (element, (form, id)) = plain.iter().nth(pick.index(plain.len())).expect("an element");
        let own = data().dict.constraints(element).expect("constraints");
        let raw = if valid { sample(&own, &id.key.role) } else { raw };
        let mut answers = Answers::default();
        answers.set(id.clone(), raw.clone());
        let validation = validate(form, &answers, today());
        let direct = check(&own, &raw, Context { today: today(), doc_type: None });
        let engine_problem = validation.errors.iter().find(|e| e.target == Target::Field(id.clone())).and_then(|e| match &e.kind {
            ErrorKind::Value(p) => Some(p.clone()),
            _ => None,
        });
        match direct {
            // Blank: whether it may be is the form's decision (required), not the value's.
            Ok(value) if value.is_empty() => {}
            Ok(value) => {
                prop_assert_eq!(engine_problem, None, "{}: {:?}", id, raw);
                prop_assert_eq!(validation.answers.get(id), Some(value.as_str()), "{}: {:?}", id, raw);
            }
            Err(problem) => prop_assert_eq!(engine_problem, Some(problem), "{}: {:?}", id, raw),
        }
    }
}
