//! How many questions each scenario of the notice asks a typical citizen, before and after 同一人 (issue #25), as
//! a Markdown table for the README.
//!
//! A typical citizen applies themselves (no 委托代办), answers every question the form shows for its answers
//! (`support::full_answers`: the first choice of each list, which is also what makes conditional questions
//! appear), and gives one member per repeatable group. *Before*: every person is typed in full (the form as it was,
//! without the 同一人 questions). *After*: wherever the form offers 同一人, the citizen is the person named first
//! (a sole owner is 法定代表人, 联系人, 办税人员, 财务负责人, 股东 and 董事), so that person's details are asked once;
//! the 同一人 questions themselves are counted.
//!
//! `cargo run -p sqsb-core --example question_counts`

#[path = "../tests/support/mod.rs"]
mod support;

use sqsb_core::dictionary::SAME_PERSON_ELEMENT;
use sqsb_core::engine::{member_links, validate, Answers, FieldId, MergedForm};
use support::{full_answers, scenario_forms, today};

fn is_same_person(element: &str) -> bool {
    element == SAME_PERSON_ELEMENT
}

/// Questions shown for `answers`: visible fields not answered by a link, plus each member's own questions.
fn count(form: &MergedForm, answers: &Answers, with_links: bool) -> usize {
    let v = validate(form, answers, today());
    let fields = form
        .fields()
        .filter(|f| v.visible.contains(&f.id))
        .filter(|f| with_links || !is_same_person(&f.id.key.element))
        .filter(|f| !v.linked.contains_key(&f.id))
        .count();
    let members: usize = form
        .groups()
        .filter(|g| v.visible_groups.contains(&g.key))
        .map(|g| {
            let member = answers.groups.get(&g.key).and_then(|m| m.first()).cloned().unwrap_or_default();
            let copied = member_links(form, g, &member).len();
            let own = g.members.iter().filter(|m| with_links || !is_same_person(&m.element)).count();
            own - copied
        })
        .sum();
    fields + members
}

fn main() {
    println!("| scenario | questions before | after | saved |");
    println!("| --- | ---: | ---: | ---: |");
    let (mut total_before, mut total_after) = (0, 0);
    for (label, form) in scenario_forms() {
        let mut answers = full_answers(&form);
        if let Some(proxy) = FieldId::parse("sfdb@applicant").filter(|id| form.field(id).is_some()) {
            answers.set(proxy, "0");
        }
        let before = count(&form, &answers, false);
        for f in form.fields().filter(|f| is_same_person(&f.id.key.element)) {
            if let Some(first) = f.constraints.options.first() {
                answers.set(f.id.clone(), first.code.clone());
            }
        }
        for g in form.groups() {
            let first =
                g.members.iter().find(|m| is_same_person(&m.element)).and_then(|m| m.constraints.options.first());
            if let (Some(first), Some(member)) = (first, answers.groups.get_mut(&g.key).and_then(|m| m.first_mut())) {
                member.insert(SAME_PERSON_ELEMENT.to_owned(), first.code.clone());
            }
        }
        let after = count(&form, &answers, true);
        total_before += before;
        total_after += after;
        println!("| {label} | {before} | {after} | {} |", before as i64 - after as i64);
    }
    println!(
        "| **all {} scenarios** | {total_before} | {total_after} | {} |",
        scenario_forms().len(),
        total_before as i64 - total_after as i64
    );
}
