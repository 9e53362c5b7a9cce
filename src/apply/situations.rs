//! The situation questions on the notice (data/situations): plain questions first, then the items that apply and
//! those that do not, each with its one-line reason, and a button to leave one out or to apply for it anyway.
//!
//! Nothing moves when a choice is made: every group item of the chain is shown in catalog order whether or not
//! something is picked, each control is the same element before and after (only its state and text change), and
//! what a choice changes lies below it. In 长辈版 the questions come one per screen before the rest of the notice.
//! The answers are not stored themselves: they are read back from the picked sub-items (`Situation::chosen`).

use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use sqsb_core::catalog::CatalogIndex;
use sqsb_core::engine::{scenario_key, ChainSpec};
use sqsb_core::situations::{Situation, Situations};
use yew::prelude::*;

use super::{Application, ApplicationProp};
use crate::catalog::use_catalog;
use crate::i18n::use_texts;
use crate::i18n::Lang;

thread_local! {
    static SITUATIONS: OnceCell<Rc<Situations>> = const { OnceCell::new() };
}

/// The bundled situations, read once. Unreadable data (a build that let it through) means no questions: the
/// notice then offers the sub-items alone, as before, and the console says why.
pub fn situations() -> Rc<Situations> {
    SITUATIONS.with(|cell| {
        cell.get_or_init(|| {
            Rc::new(Situations::bundled().unwrap_or_else(|e| {
                crate::log::warn(&format!("situations unreadable: {e}"));
                Situations::default()
            }))
        })
        .clone()
    })
}

/// One set of questions on the notice: a scenario's own choice or a group item's.
struct Block {
    /// The selection key: the group id, or the scenario key.
    key: String,
    title: String,
    situation: Situation,
    /// The items the questions choose among: (id, name in the interface language).
    own: Vec<(String, String)>,
    picked: BTreeSet<String>,
}

fn blocks(app: &Application, index: &CatalogIndex, t: &crate::i18n::Texts) -> Vec<Block> {
    let all = situations();
    let mut out = Vec::new();
    if let ChainSpec::Scenario { lifecycle, code } = &app.draft.chain {
        if let (Some(s), Some(scenario)) = (all.scenario(*lifecycle, code), index.scenario(*lifecycle, code)) {
            let key = scenario_key(*lifecycle, code);
            out.push(Block {
                picked: app.draft.selections.get(&key).cloned().unwrap_or_default(),
                key,
                title: t.t("situation.what"),
                situation: s.clone(),
                own: scenario.items.iter().map(|i| (i.id.as_str().to_owned(), t.item_name(&i.id, &i.name))).collect(),
            });
        }
    }
    // Every group item of the chain, picked or not, in catalog order: nothing jumps when a choice is made.
    let mut groups: Vec<&str> = app.chain.pending.iter().map(|p| p.group.as_str()).collect();
    groups.extend(app.chain.selections.keys().map(String::as_str).filter(|k| !k.contains('/')));
    groups.sort_by_key(|g| index.place(g).map(|p| (p.lifecycle, p.stage, p.scenario, p.item)));
    groups.dedup();
    for group in groups {
        let (Some(item), Some(s)) = (index.item(group), all.groups.get(group)) else { continue };
        out.push(Block {
            key: group.to_owned(),
            title: t.item_name(&item.id, &item.name),
            situation: s.clone(),
            own: item.subitems.iter().map(|s| (s.id.as_str().to_owned(), t.item_name(&s.id, &s.name))).collect(),
            picked: app.draft.selections.get(group).cloned().unwrap_or_default(),
        });
    }
    out
}

/// How many questions the notice asks (长辈版 asks them one per screen before the rest).
pub fn question_count(app: &Application, index: &CatalogIndex, t: &crate::i18n::Texts) -> usize {
    blocks(app, index, t).iter().map(|b| b.situation.questions.len()).sum()
}

#[derive(Properties, PartialEq)]
pub struct QuestionsProps {
    pub app: ApplicationProp,
    /// 长辈版: the question on screen (`None`: all questions and the items, as in the standard version).
    pub one: Option<usize>,
}

/// Group items without questions keep the plain choice of sub-items (`notice.rs`); these have questions.
pub fn has_questions(key: &str) -> bool {
    situations().groups.contains_key(key)
}

#[function_component(SituationQuestions)]
pub fn situation_questions(props: &QuestionsProps) -> Html {
    let t = use_texts();
    let Some(catalog) = use_catalog() else { return Html::default() };
    let app = &props.app.0;
    let english = t.lang == Lang::En;
    let blocks = blocks(app, &catalog.index, &t);
    let mut number = 0usize;
    html! {
        <div class="sq-situations">
            { for blocks.iter().map(|b| {
                let first = number;
                number += b.situation.questions.len();
                let shown: Vec<usize> = match props.one {
                    Some(n) if n >= first && n < number => vec![n - first],
                    Some(_) => return Html::default(),
                    None => (0..b.situation.questions.len()).collect(),
                };
                let chosen = b.situation.chosen(&b.picked);
                html! {
                    <section class="sq-panel sq-situation" aria-labelledby={format!("sq-sit-{}", b.key.replace('/', "-"))}>
                        <h2 class="sq-situation-title" id={format!("sq-sit-{}", b.key.replace('/', "-"))}>{ &b.title }</h2>
                        { for shown.iter().map(|&qi| {
                            let q = &b.situation.questions[qi];
                            let name = format!("sq-q-{}-{}", b.key.replace('/', "-"), q.id);
                            html! {
                                <fieldset class="sq-fieldset sq-question">
                                    <legend>{ q.text.get(english) }</legend>
                                    <div class="sq-choices">
                                        { for q.answers.iter().map(|a| {
                                            let on = chosen.contains(&a.id);
                                            let next = b.situation.choose(&b.picked, &q.id, &a.id, !on || q.exclusive);
                                            let onchange = set_picked(app, &b.key, &b.picked, next);
                                            let kind = if q.exclusive { "radio" } else { "checkbox" };
                                            html! {
                                                <label class="sq-choice">
                                                    <input type={kind} name={name.clone()} checked={on} {onchange} />
                                                    <span>{ a.text.get(english) }</span>
                                                </label>
                                            }
                                        }) }
                                    </div>
                                </fieldset>
                            }
                        }) }
                        if props.one.is_none() {
                            <ul class="sq-applies">
                                { for b.own.iter().map(|(id, item)| {
                                    let on = b.picked.contains(id);
                                    let mut next = b.picked.clone();
                                    if on { next.remove(id); } else { next.insert(id.clone()); }
                                    let onclick = set_picked(app, &b.key, &b.picked, next);
                                    let reason = b.situation.reasons.get(id).map(|r| r.get(english).to_owned()).unwrap_or_default();
                                    let (text, action, label) = if on {
                                        (t.f("situation.applies", &[("item", item)]), t.t("situation.remove"), t.f("situation.remove_item", &[("item", item)]))
                                    } else {
                                        (t.f("situation.not_applies", &[("item", item), ("reason", &reason)]), t.t("situation.add"), t.f("situation.add_item", &[("item", item)]))
                                    };
                                    html! {
                                        <li class={classes!("sq-applies-row", (!on).then_some("sq-applies-not"))}>
                                            <span class="sq-applies-text">{ text }</span>
                                            <button class="sq-button sq-button-secondary sq-applies-button" type="button" aria-label={label} onclick={onclick}>{ action }</button>
                                        </li>
                                    }
                                }) }
                            </ul>
                        }
                    </section>
                }
            }) }
        </div>
    }
}

/// A callback that makes `next` the picked items of `key` (one toggle per changed item: each is applied to the
/// newest draft, so they add up).
fn set_picked<E>(app: &Application, key: &str, picked: &BTreeSet<String>, next: BTreeSet<String>) -> Callback<E> {
    let set = app.set_selection.clone();
    let key = key.to_owned();
    let removed: Vec<String> = picked.difference(&next).cloned().collect();
    let added: Vec<String> = next.difference(picked).cloned().collect();
    Callback::from(move |_| {
        for id in &added {
            set.emit((key.clone(), id.clone(), true));
        }
        for id in &removed {
            set.emit((key.clone(), id.clone(), false));
        }
    })
}
