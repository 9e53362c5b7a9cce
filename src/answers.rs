//! How an answer reads to a person: option labels rather than their codes, 是/否 rather than 1/0. Shared by the
//! review screen (`apply/review.rs`, answers with the form's constraints) and the counter page (`counter.rs`,
//! answers as a submission carries them, read with the dictionary), so that the clerk sees what the citizen saw.

use sqsb_core::dictionary::{Dictionary, Kind, OptionItem};

use crate::i18n::Texts;

/// An answer of `kind` as it reads; `options` are the element's choices (codes the list lacks stay as they are:
/// a code from a newer list is still the citizen's answer); a number keeps its unit (`100.00万元`, `12%`), since
/// the citizen typed it in those units and the clerk must not read 元 for 万元.
pub fn display(value: &str, kind: Kind, options: &[OptionItem], unit: Option<&str>, t: &Texts) -> String {
    match kind {
        Kind::Number | Kind::Money => match unit.filter(|_| !value.is_empty()) {
            Some(unit) => format!("{value}{unit}"),
            None => value.to_owned(),
        },
        Kind::YesNo => match value {
            "1" => t.t("form.yes"),
            "0" => t.t("form.no"),
            other => other.to_owned(),
        },
        Kind::Enum | Kind::MultiEnum => value
            .split(',')
            .map(|code| options.iter().find(|o| o.code == code).map_or(code, |o| o.label.as_str()))
            .collect::<Vec<_>>()
            .join("、"),
        _ => value.to_owned(),
    }
}

/// An answer to the dictionary element `element`, as it reads; an element the dictionary lacks shows the value as
/// given (its kind is unknown, so it is taken as text).
pub fn display_element(dict: &Dictionary, element: &str, value: &str, t: &Texts) -> String {
    let Some(e) = dict.element(element) else { return value.to_owned() };
    let options =
        e.options.as_ref().and_then(|l| dict.option_lists.get(l)).map(|l| l.options.as_slice()).unwrap_or(&[]);
    display(value, e.kind, options, e.unit.as_deref(), t)
}
