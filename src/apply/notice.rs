//! 一次告知: every item of the chain, the departments, steps, visits, time limits, fees, and ONE materials
//! checklist (`materials.rs`: each material once, with one instruction and the items that need it).

use sqsb_core::guides::Online;
use yew::prelude::*;

use super::{situations, ApplicationProp};
use crate::catalog::use_catalog;
use crate::i18n::use_texts;
use crate::i18n::Texts;
use crate::prefs::PrefsHandle;
use crate::route::{Route, Step};

#[derive(Properties, PartialEq)]
pub struct StepProps {
    pub app: ApplicationProp,
}

#[function_component(NoticeStep)]
pub fn notice_step(props: &StepProps) -> Html {
    let t = use_texts();
    let app = &props.app.0;
    // 长辈版: the situation questions one per screen, before the rest of the notice.
    let elder = use_context::<PrefsHandle>().is_some_and(|p| p.elder);
    let elder_step = use_state(|| 0usize);
    // The build-time render leaves the 办事日程 to the app: its dates and windows depend on today.
    #[cfg(feature = "prerender")]
    let schedule_shown = use_context::<super::prerendered::Prerendering>().is_none();
    #[cfg(not(feature = "prerender"))]
    let schedule_shown = true;
    let Some(catalog) = use_catalog() else { return Html::default() };
    let questions = situations::question_count(app, &catalog.index, &t);
    let asking = elder && *elder_step < questions;
    let notice = app.with_engine(&catalog.index, |e| e.notice(&app.form, &app.draft.answers));

    let print = Callback::from(|_| {
        let _ = gloo::utils::window().print();
    });
    let proxy_field = sqsb_core::engine::FieldId::parse("sfdb@applicant").filter(|id| app.form.field(id).is_some());
    let for_other = proxy_field.as_ref().and_then(|id| app.draft.answers.get(id)) == Some("1");
    let can_continue = app.chain.pending.is_empty() && !app.chain.leaves.is_empty();
    let first_section = super::form_steps(app).first().copied().unwrap_or(0);

    html! {
        <article class="sq-notice" aria-labelledby="sq-notice-title">
            <h1 class="sq-page-title" id="sq-notice-title">{ t.t("notice.title") }</h1>
            <p>{ t.t("notice.intro") }</p>

            <situations::SituationQuestions app={props.app.clone()} one={asking.then_some(*elder_step)} />
            if asking {
                <ElderQuestionNav step={elder_step.clone()} total={questions} />
            } else {
            { for app.chain.pending.iter().filter(|p| !situations::has_questions(&p.group)).map(|p| html! {
                <fieldset class="sq-panel sq-fieldset sq-choose">
                    <legend>{ t.f("notice.choose", &[("name", &t.item_name(&p.group, &p.name))]) }</legend>
                    { for p.options.iter().map(|(sub, name)| {
                        let on = app.draft.selections.get(&p.group).is_some_and(|s| s.contains(sub));
                        let cb = app.set_selection.clone();
                        let (group, sub2) = (p.group.clone(), sub.clone());
                        html! {
                            <label class="sq-choice">
                                <input type="checkbox" checked={on} onchange={Callback::from(move |_| cb.emit((group.clone(), sub2.clone(), !on)))} />
                                <span>{ t.item_name(sub, name) }</span>
                            </label>
                        }
                    }) }
                </fieldset>
            }) }
            // A group with some sub-items already picked stays changeable.
            { for app.draft.selections.iter().filter(|(group, subs)| !subs.is_empty() && !situations::has_questions(group)).filter_map(|(group, subs)| {
                let item = catalog.index.item(group)?;
                Some(html! {
                    <fieldset class="sq-panel sq-fieldset sq-choose">
                        <legend>{ t.f("notice.choose", &[("name", &t.item_name(&item.id, &item.name))]) }</legend>
                        { for item.subitems.iter().map(|sub| {
                            let on = subs.contains(sub.id.as_str());
                            let cb = app.set_selection.clone();
                            let (g, s) = (group.clone(), sub.id.as_str().to_owned());
                            html! {
                                <label class="sq-choice">
                                    <input type="checkbox" checked={on} onchange={Callback::from(move |_| cb.emit((g.clone(), s.clone(), !on)))} />
                                    <span>{ t.item_name(&sub.id, &sub.name) }</span>
                                </label>
                            }
                        }) }
                    </fieldset>
                })
            }) }

            // 帮办代办: one switch for the whole chain turns on the 代办人 questions of every item that has them.
            // For a chain about a family member (身后, 出生) the one filling in is the applicant: said first, so
            // that a child applying for a late father does not take himself for an agent.
            if let (Some(person), Some(_)) = (family_person(app), proxy_field.as_ref()) {
                <p class="sq-help sq-family-applicant">{ t.f("form.family_applicant", &[("person", &person)]) }</p>
            }
            if let Some(proxy) = proxy_field.clone() {
                <label class="sq-switch sq-panel">
                    <input type="checkbox" checked={for_other} onchange={{
                        let cb = app.set_answers.clone();
                        Callback::from(move |_| cb.emit(super::set_field(proxy.clone(), if for_other { "0" } else { "1" }.to_owned())))
                    }} />
                    <span>{ t.t("form.for_other") }</span>
                </label>
            }
            <section class="sq-section" aria-labelledby="sq-n-items">
                <h2 id="sq-n-items">{ t.f("notice.items", &[("n", &notice.items.len().to_string())]) }</h2>
                if notice.items.is_empty() { <p>{ t.t("notice.empty") }</p> }
                <ol class="sq-notice-items">
                    { for notice.items.iter().map(|it| html! {
                        <li class="sq-panel">
                            <h3 class="sq-notice-item-name">{ t.item_name(&it.id, &it.name) }</h3>
                            <dl class="sq-facts">
                                <dt>{ if it.handler.is_some() { t.t("guide.handler") } else { t.t("item.lead") } }</dt><dd>{ it.handler.clone().unwrap_or_else(|| t.departments(&it.lead)) }</dd>
                                <dt>{ t.t("notice.time") }</dt><dd>{ time_text(&t, legal_limit(&t, it.legal_days, it.legal_calendar_days), it.time_note.as_deref()) }</dd>
                                <dt>{ t.t("notice.fee") }</dt><dd>{ fee_text(&t, it.fee.as_ref().and_then(|f| f.free), it.fee.as_ref().and_then(|f| f.amount.clone())) }</dd>
                                <dt>{ t.t("guide.online") }</dt><dd>{ online_text(&t, it.online) }</dd>
                            </dl>
                            <details>
                                <summary>{ t.t("notice.steps") }</summary>
                                <ol class="sq-steps">{ for it.steps.iter().map(|s| html! { <li><strong>{ &s.name }</strong><span>{ &s.detail }</span></li> }) }</ol>
                            </details>
                        </li>
                    }) }
                </ol>
            </section>

            if schedule_shown {
                <super::schedule::DeferredSchedule leaves={app.chain.leaves.clone()} draft={Some(app.id.clone())}
                    answers={app.draft.answers.clone()} />
            }
            <section class="sq-section" aria-labelledby="sq-n-depts">
                <h2 id="sq-n-depts">{ t.t("notice.departments") }</h2>
                <ul class="sq-plain-list">
                    { for notice.departments.iter().map(|d| html! { <li>{ t.department(&d.name) }</li> }) }
                </ul>
                <p><strong>{ t.labelled(&t.t("notice.visits"), "") }</strong>
                    { notice.visits.map(|n| t.f("notice.visits_max", &[("n", &n.to_string())])).unwrap_or_else(|| t.t("guide.unknown")) }</p>
            </section>

            <section class="sq-section" aria-labelledby="sq-n-materials">
                <h2 id="sq-n-materials">{ t.f("notice.materials", &[("n", &notice.materials.len().to_string())]) }</h2>
                <p class="sq-muted sq-small">{ t.t("notice.materials_hint") }</p>
                <super::materials::MaterialsChecklist draft={app.id.clone()} materials={notice.materials.clone()} />
            </section>

            <div class="sq-actions sq-no-print">
                <button class="sq-button sq-button-secondary" type="button" onclick={print}>{ t.t("notice.print") }</button>
                if can_continue {
                    <a class="sq-button" href={Route::Apply { draft: app.id.clone(), step: Step::Form(first_section) }.to_hash()}>{ t.t("notice.continue") }</a>
                } else {
                    <p class="sq-alert" role="status">{ t.t("notice.choose_needed") }</p>
                }
            </div>
            }
        </article>
    }
}

pub fn time_text(t: &Texts, legal: Option<String>, note: Option<&str>) -> String {
    match (legal, note) {
        (Some(legal), Some(note)) => format!("{legal}；{note}"),
        (Some(legal), None) => legal,
        (None, Some(note)) => note.to_owned(),
        (None, None) => t.t("guide.unknown"),
    }
}

/// The statutory time limit in the unit the law counts: working days, or calendar days (“六十日内”).
pub fn legal_limit(t: &Texts, working_days: Option<u32>, calendar_days: Option<u32>) -> Option<String> {
    match (working_days, calendar_days) {
        (Some(n), _) => Some(t.f("guide.legal_days", &[("n", &n.to_string())])),
        (None, Some(n)) => Some(t.f("guide.legal_calendar_days", &[("n", &n.to_string())])),
        (None, None) => None,
    }
}

pub fn fee_text(t: &Texts, free: Option<bool>, amount: Option<String>) -> String {
    match free {
        Some(true) => t.t("guide.free"),
        Some(false) => t.labelled(&t.t("guide.charged"), &amount.unwrap_or_else(|| t.t("guide.unknown"))),
        None => t.t("guide.unknown"),
    }
}

pub fn online_text(t: &Texts, online: Option<Online>) -> String {
    match online {
        Some(Online::Full) => t.t("guide.online.full"),
        Some(Online::OnlineAndVisit) => t.t("guide.online.online_and_visit"),
        Some(Online::InPerson) => t.t("guide.online.in_person"),
        Some(Online::Unknown) | None => t.t("guide.online.unknown"),
    }
}

/// The person a family applies for in this chain (逝者, 新生儿), as the form's section names them.
fn family_person(app: &super::Application) -> Option<String> {
    let section = app.form.sections.iter().find(|s| s.family_applies)?;
    Some(section.title.split(['（', '(']).next().unwrap_or(&section.title).to_owned())
}

#[derive(Properties, PartialEq)]
struct ElderNavProps {
    step: UseStateHandle<usize>,
    total: usize,
}

/// 长辈版: where the citizen is among the situation questions, and the way on and back.
#[function_component(ElderQuestionNav)]
fn elder_question_nav(props: &ElderNavProps) -> Html {
    let t = use_texts();
    let n = *props.step;
    let go = |to: usize| {
        let step = props.step.clone();
        Callback::from(move |_| step.set(to))
    };
    let last = n + 1 >= props.total;
    html! {
        <div class="sq-question-nav">
            <p class="sq-question-no">{ t.f("situation.question_no", &[("n", &(n + 1).to_string()), ("total", &props.total.to_string())]) }</p>
            <div class="sq-actions">
                if n > 0 {
                    <button class="sq-button sq-button-secondary" type="button" onclick={go(n - 1)}>{ t.t("situation.prev") }</button>
                }
                <button class="sq-button" type="button" onclick={go(n + 1)}>{ if last { t.t("situation.see_items") } else { t.t("situation.next") } }</button>
            </div>
        </div>
    }
}
