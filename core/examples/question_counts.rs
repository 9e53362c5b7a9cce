//! How many questions each scenario of the notice asks a typical citizen, before and after 每人只填一次 (issue
//! #25), as a Markdown table for the README.
//!
//! A typical citizen applies themselves (no 委托代办), answers every question the form shows for its answers
//! (`support::full_answers`: the first choice of each list, which is also what makes conditional questions
//! appear), and gives one member per repeatable group. *Before*: every person and every address is typed in full
//! (the form without the 同一人 and 同地址 questions). *同一人*: wherever the form offers 同一人, the citizen is the
//! person named first (a sole owner is 法定代表人, 联系人, 办税人员, 财务负责人, 股东 and 董事), so that person's
//! details are asked once; addresses are still typed. *After*: also every address the form offers as the same as
//! an earlier one is (邮寄地址 = the newborn's 现居住地址, the child's 户籍地址 = the parent's). The questions
//! 同一人 / 同地址 themselves are counted where they are answered.
//!
//! `cargo run -p sqsb-core --example question_counts`

#[path = "../tests/support/mod.rs"]
mod support;

use sqsb_core::dictionary::{same_address_of, Kind, SAME_PERSON_ELEMENT};
use sqsb_core::engine::{member_links, validate, Answers, FieldId, MergedForm};
use support::{full_answers, scenario_forms, today};

/// Which link questions the citizen answers: none, 同一人 only, or 同一人 and 同地址.
#[derive(Clone, Copy, PartialEq)]
enum Links {
    None,
    SamePerson,
    All,
}

impl Links {
    fn counts(self, element: &str) -> bool {
        match self {
            Links::None => element != SAME_PERSON_ELEMENT && same_address_of(element).is_none(),
            Links::SamePerson => same_address_of(element).is_none(),
            Links::All => true,
        }
    }
}

/// Questions shown for `answers`: visible fields not answered by a link, plus each member's own questions.
fn count(form: &MergedForm, answers: &Answers, links: Links) -> usize {
    let v = validate(form, answers, today());
    let fields = form
        .fields()
        .filter(|f| v.visible.contains(&f.id))
        .filter(|f| links.counts(&f.id.key.element))
        .filter(|f| !v.linked.contains_key(&f.id))
        .count();
    let members: usize = form
        .groups()
        .filter(|g| v.visible_groups.contains(&g.key))
        .map(|g| {
            let member = answers.groups.get(&g.key).and_then(|m| m.first()).cloned().unwrap_or_default();
            let copied = member_links(form, g, &member, &v.visible).len();
            let own = g.members.iter().filter(|m| links.counts(&m.element)).count();
            own - copied
        })
        .sum();
    fields + members
}

/// Answers every 同一人 question with the first role it offers.
fn same_person_first(form: &MergedForm, answers: &mut Answers) {
    for f in form.fields().filter(|f| f.id.key.element == SAME_PERSON_ELEMENT) {
        if let Some(first) = f.constraints.options.first() {
            answers.set(f.id.clone(), first.code.clone());
        }
    }
    for g in form.groups() {
        let first =
            g.members.iter().find(|m| m.element == SAME_PERSON_ELEMENT).and_then(|m| m.constraints.options.first());
        if let (Some(first), Some(member)) = (first, answers.groups.get_mut(&g.key).and_then(|m| m.first_mut())) {
            member.insert(SAME_PERSON_ELEMENT.to_owned(), first.code.clone());
        }
    }
}

/// Answers every 同地址 question the form shows with the first earlier address it offers now, in form order
/// (an answer can show or hide a later question).
fn same_address_first(form: &MergedForm, answers: &mut Answers) {
    for f in form.fields().filter(|f| same_address_of(&f.id.key.element).is_some()) {
        let v = validate(form, answers, today());
        if !v.visible.contains(&f.id) || v.linked.contains_key(&f.id) {
            continue;
        }
        if let Some(first) = v.offered(f).first() {
            answers.set(f.id.clone(), first.code.clone());
        }
    }
}

/// Addresses the citizen types (shown, not filled by a 同地址 or 同一人 answer): the questions count a choice
/// and an address alike, the typing does not.
fn addresses_typed(form: &MergedForm, answers: &Answers) -> usize {
    let v = validate(form, answers, today());
    form.fields()
        .filter(|f| f.constraints.kind == Kind::Address)
        .filter(|f| v.visible.contains(&f.id) && !v.linked.contains_key(&f.id))
        .count()
}

fn main() {
    println!("| scenario | questions before | with 同一人 | after (同一人 + 同地址) | saved | addresses typed before → after |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let (mut total_before, mut total_person, mut total_after) = (0, 0, 0);
    let (mut typed_before, mut typed_after) = (0, 0);
    for (label, form) in scenario_forms() {
        let mut answers = full_answers(&form);
        if let Some(proxy) = FieldId::parse("sfdb@applicant").filter(|id| form.field(id).is_some()) {
            answers.set(proxy, "0");
        }
        let before = count(&form, &answers, Links::None);
        let addresses_before = addresses_typed(&form, &answers);
        same_person_first(&form, &mut answers);
        let person = count(&form, &answers, Links::SamePerson);
        same_address_first(&form, &mut answers);
        let after = count(&form, &answers, Links::All);
        let addresses_after = addresses_typed(&form, &answers);
        typed_before += addresses_before;
        typed_after += addresses_after;
        total_before += before;
        total_person += person;
        total_after += after;
        println!(
            "| {label} | {before} | {person} | {after} | {} | {addresses_before} → {addresses_after} |",
            before as i64 - after as i64
        );
    }
    println!(
        "| **all {} scenarios** | {total_before} | {total_person} | {total_after} | {} | {typed_before} → {typed_after} |",
        scenario_forms().len(),
        total_before as i64 - total_after as i64
    );
}
