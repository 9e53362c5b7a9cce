//! One input per field kind, labelled and described for screen readers: the label names the field, help and
//! errors are tied with aria-describedby, required fields say so in words (not colour), derived fields are
//! read-only with the reason shown.

use sqsb_core::dictionary::{DateRange, Kind};
use sqsb_core::engine::{Constraints, MergedField};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::use_texts;

/// A DOM id for a field key (`gmsfhm@mother` → `sq-f-gmsfhm-mother`), used by the error summary's links.
pub fn dom_id(key: &str) -> String {
    let safe: String = key.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("sq-f-{safe}")
}

#[derive(Properties, PartialEq)]
pub struct InputProps {
    /// Error-summary key of the field (see `Target::key`).
    pub key_id: AttrValue,
    pub label: AttrValue,
    pub constraints: Constraints,
    pub value: AttrValue,
    pub required: bool,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    #[prop_or_default]
    pub note: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub readonly: bool,
    #[prop_or_default]
    pub used_by: Vec<String>,
    pub onchange: Callback<String>,
    pub onblur: Callback<()>,
}

#[function_component(FieldInput)]
pub fn field_input(props: &InputProps) -> Html {
    let t = use_texts();
    let id = dom_id(&props.key_id);
    let help_id = format!("{id}-help");
    let err_id = format!("{id}-err");
    let described: Vec<&str> =
        [props.help.is_some().then_some(help_id.as_str()), props.error.is_some().then_some(err_id.as_str())]
            .into_iter()
            .flatten()
            .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    let invalid = props.error.is_some().then_some("true");
    let onblur = {
        let cb = props.onblur.clone();
        Callback::from(move |_: FocusEvent| cb.emit(()))
    };
    let c = &props.constraints;
    // A code, number or digits-only answer is normalised (spaces and full-width characters removed) before its
    // length is checked, so the input must not cut a pasted "3710 0219 …" at 18 characters first.
    let maxlength = typed_as_is(c).then_some(c.max_len).flatten().map(|n| n.to_string());
    let text_input = |input_type: &'static str,
                      inputmode: Option<&'static str>,
                      (min, max): (Option<String>, Option<String>)| {
        let cb = props.onchange.clone();
        html! {
            <input id={id.clone()} class="sq-input" type={input_type} inputmode={inputmode} value={props.value.clone()} min={min} max={max}
                required={props.required} readonly={props.readonly} aria-invalid={invalid} aria-describedby={described.clone()}
                maxlength={maxlength.clone()} autocomplete="off" onblur={onblur.clone()}
                oninput={Callback::from(move |e: InputEvent| cb.emit(e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default()))} />
        }
    };
    let control = match c.kind {
        Kind::LongText => {
            let cb = props.onchange.clone();
            html! {
                <textarea id={id.clone()} class="sq-input sq-textarea" value={props.value.clone()} required={props.required}
                    readonly={props.readonly} aria-invalid={invalid} aria-describedby={described.clone()} rows="3" onblur={onblur.clone()}
                    oninput={Callback::from(move |e: InputEvent| cb.emit(e.target_dyn_into::<HtmlTextAreaElement>().map(|i| i.value()).unwrap_or_default()))} />
            }
        }
        Kind::Enum => {
            let cb = props.onchange.clone();
            html! {
                <select id={id.clone()} class="sq-input" required={props.required} disabled={props.readonly}
                    aria-invalid={invalid} aria-describedby={described.clone()} onblur={onblur.clone()}
                    onchange={Callback::from(move |e: Event| cb.emit(e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default()))}>
                    <option value="" selected={props.value.is_empty()}>{ t.t("form.choose") }</option>
                    { for c.options.iter().map(|o| html! { <option value={o.code.clone()} selected={*props.value == *o.code}>{ &o.label }</option> }) }
                </select>
            }
        }
        Kind::MultiEnum => {
            let chosen: Vec<String> = props.value.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect();
            html! {
                <div id={id.clone()} class="sq-choices" role="group" aria-describedby={described.clone()}>
                    { for c.options.iter().map(|o| {
                        let on = chosen.contains(&o.code);
                        let cb = props.onchange.clone();
                        let (chosen, code) = (chosen.clone(), o.code.clone());
                        html! {
                            <label class="sq-choice">
                                <input type="checkbox" checked={on} onchange={Callback::from(move |_| {
                                    let mut next: Vec<String> = chosen.iter().filter(|c| **c != code).cloned().collect();
                                    if !on { next.push(code.clone()); }
                                    cb.emit(next.join(","));
                                })} />
                                <span>{ &o.label }</span>
                            </label>
                        }
                    }) }
                </div>
            }
        }
        Kind::YesNo => html! {
            <div id={id.clone()} class="sq-choices sq-choices-inline" role="radiogroup" aria-describedby={described.clone()}>
                { for [("1", t.t("form.yes")), ("0", t.t("form.no"))].into_iter().map(|(code, label)| {
                    let cb = props.onchange.clone();
                    html! {
                        <label class="sq-choice">
                            <input type="radio" name={id.clone()} checked={*props.value == *code} disabled={props.readonly}
                                onchange={Callback::from(move |_| cb.emit(code.to_owned()))} />
                            <span>{ label }</span>
                        </label>
                    }
                }) }
            </div>
        },
        Kind::Date => {
            // The picker offers only the side of today the answer may lie on (the check says so too).
            let today = crate::clock::today().to_string();
            match c.dates {
                Some(DateRange::NotPast) => text_input("date", None, (Some(today), None)),
                Some(DateRange::NotFuture) => text_input("date", None, (None, Some(today))),
                None => text_input("date", None, (None, None)),
            }
        }
        Kind::Number | Kind::Money => text_input("text", Some("decimal"), (None, None)),
        Kind::Mobile | Kind::Landline | Kind::PostalCode => text_input("tel", Some("numeric"), (None, None)),
        Kind::Email => text_input("email", Some("email"), (None, None)),
        _ if c.digits_only => text_input("text", Some("numeric"), (None, None)),
        _ => text_input("text", None, (None, None)),
    };
    let is_group_control = matches!(c.kind, Kind::MultiEnum | Kind::YesNo);
    let label = html! {
        <>
            { &props.label }
            <span class={classes!("sq-req", (!props.required).then_some("sq-opt"))}>
                { if props.required { t.t("form.required") } else { t.t("form.optional") } }
            </span>
            if let Some(unit) = &c.unit { <span class="sq-unit">{ format!("（{unit}）") }</span> }
        </>
    };
    html! {
        <div class={classes!("sq-field", props.error.is_some().then_some("sq-field-error"))}>
            if is_group_control {
                <p class="sq-label" id={format!("{id}-label")}>{ label }</p>
            } else {
                <label class="sq-label" for={id.clone()}>{ label }</label>
            }
            if let Some(help) = &props.help { <p class="sq-help" id={help_id}>{ help }</p> }
            if let Some(note) = &props.note { <p class="sq-note">{ note }</p> }
            { control }
            if let Some(err) = &props.error { <p class="sq-error" id={err_id}>{ "⚠ " }{ err }</p> }
            <UsedBy items={props.used_by.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct UsedByProps {
    /// The names of the items that ask the question.
    pub items: Vec<String>,
}

/// Which items a question (a field or a group) is asked for, told on request only: a count and tags under every
/// field were noise to citizens (issue 25), yet someone wondering why a question is asked can still find out. A
/// question of one item needs no such answer.
#[function_component(UsedBy)]
pub fn used_by(props: &UsedByProps) -> Html {
    let t = use_texts();
    if props.items.len() < 2 {
        return Html::default();
    }
    html! {
        <details class="sq-used-by">
            <summary>{ t.t("form.used_by") }</summary>
            <ul>{ for props.items.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
        </details>
    }
}

/// Whether an answer is kept as typed (text counted in characters), so that the input's own length limit can
/// stand in for the check.
fn typed_as_is(c: &Constraints) -> bool {
    matches!(c.kind, Kind::Text | Kind::LongText | Kind::Address) && !c.digits_only
}

/// The help text of a merged field: its own, else nothing.
pub fn help_of(field: &MergedField) -> Option<AttrValue> {
    field.help.clone().map(AttrValue::from)
}
