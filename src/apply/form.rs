//! 一表申请: the merged form, one section per step. Each field is asked once, with the items it is for on demand (这一项用于哪些事项); a field
//! is checked when the user leaves it; “下一步” lists the section's problems at the top, each linking to its
//! field; conditional fields appear and disappear with the answers; groups add and remove members; fields
//! derived from an ID number fill themselves; the profile prefills what the user chose to keep. In 长辈版 a
//! section is asked one question at a time (a field, or a repeatable group), each checked before the next.

use std::collections::BTreeSet;

use gloo::storage::{LocalStorage, Storage};
use sqsb_core::engine::{validate, Answers, FieldError, FieldId, MergedGroup, Section, Target, Validation};
use yew::prelude::*;

use super::fields::{dom_id, help_of, FieldInput, UsedBy};
use super::{form_steps, set_field, store, today, ApplicationProp};
use crate::catalog::use_catalog;
use crate::i18n::use_texts;
use crate::prefs::PrefsHandle;
use crate::route::{use_navigator, Route, Step};
use std::rc::Rc;

#[derive(Properties, PartialEq)]
pub struct FormProps {
    pub app: ApplicationProp,
    pub section: usize,
    /// Opened with 修改 from 核对信息: 返回核对 goes straight back once this section is right.
    #[prop_or_default]
    pub from_review: bool,
}

/// Whether an error belongs to a section.
fn in_section(target: &Target, section: &Section) -> bool {
    match target {
        Target::Field(id) => section.fields.iter().any(|f| &f.id == id),
        Target::Group(g) | Target::Member { group: g, .. } => section.groups.iter().any(|x| &x.key == g),
    }
}

/// Moves focus to a field (the error summary's links; a plain `#id` link would change the route).
fn focus(dom: &str) -> Callback<MouseEvent> {
    let dom = dom.to_owned();
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        if let Some(el) = crate::dom::by_id_near(&e, &dom) {
            el.scroll_into_view();
            let _ = el.focus();
        }
    })
}

#[function_component(FormStep)]
pub fn form_step(props: &FormProps) -> Html {
    let t = use_texts();
    let app = &props.app.0;
    let touched = use_state(BTreeSet::<String>::new);
    let attempted = use_state(|| false);
    let summary_ref = use_node_ref();
    let navigator = use_navigator();
    let catalog = use_catalog();
    let elder = use_context::<PrefsHandle>().is_some_and(|p| p.elder);
    // 长辈版: which question of the section is showing.
    let question = use_state(|| 0usize);
    // The question (长辈版) holding the field a resume lands on, found while rendering, read by the effect below.
    let resume_question = use_mut_ref(|| None::<usize>);
    {
        // A new section starts clean, at its first question — or, when 继续办理 lands here, at the field the
        // citizen answered last, focused.
        let (touched, attempted, question) = (touched.clone(), attempted.clone(), question.clone());
        let (resume_question, anchor) = (resume_question.clone(), summary_ref.clone());
        let field = resume_field(app, props.section);
        use_effect_with(props.section, move |_| {
            touched.set(BTreeSet::new());
            attempted.set(false);
            question.set(resume_question.borrow().unwrap_or(0));
            if let Some(field) = field {
                focus_field(&anchor, field, 3);
            }
        });
    }
    {
        // Prefill from the profile once, on a draft nobody has typed into yet.
        let app = app.clone();
        use_effect_with(app.id.clone(), move |_| {
            if app.draft.answers.fields.is_empty() {
                let profile = store::load_profile();
                let mut answers = app.draft.answers.clone();
                let filled = profile.prefill(&app.form, &mut answers, store::now_ms(), store::retention().profile_days);
                if !filled.is_empty() {
                    let keys: Vec<String> = filled.iter().map(ToString::to_string).collect();
                    let _ = LocalStorage::set(store::prefilled_key(&app.id), keys);
                    app.set_answers.emit(Rc::new(move |a: &mut Answers| *a = answers.clone()));
                }
            }
        });
    }
    let prefilled: Vec<String> = store::read_during_render(&store::prefilled_key(&app.id));
    let steps = form_steps(app);
    // Opened from 核对信息, the neighbouring sections keep the way back (返回核对) too.
    let from_review = props.from_review;
    let step_of = move |n: usize| if from_review { Step::Edit(n) } else { Step::Form(n) };
    // A section with nothing to ask now (its fields hidden by an answer, or gone with a forms update while the
    // address still names it) is passed over for the next one that asks something, or 核对信息 after the last: an
    // empty page with only 上一步/下一步 would leave the citizen guessing.
    let passed_over = (!steps.contains(&props.section)).then(|| match steps.iter().find(|s| **s > props.section) {
        Some(n) => Route::Apply { draft: app.id.clone(), step: step_of(*n) },
        None => Route::Apply { draft: app.id.clone(), step: Step::Review },
    });
    {
        let navigator = navigator.clone();
        use_effect_with(passed_over.clone(), move |to| {
            if let Some(to) = to {
                navigator.replace(to);
            }
        });
    }
    if passed_over.is_some() {
        return html! { <p class="sq-muted" role="status">{ t.t("apply.loading") }</p> };
    }
    let Some(section) = app.form.sections.get(props.section) else {
        return html! { <p class="sq-alert" role="alert">{ t.t("apply.load_failed") }</p> };
    };
    let position = steps.iter().position(|s| *s == props.section).unwrap_or(0);
    let check: Validation = validate(&app.form, &app.draft.answers, today());
    // The questions of this section as the answers stand: its visible fields, then its visible groups. A field
    // answered by 同一人 (the 联系人 is the 法定代表人) is not asked again.
    let asked =
        |f: &&sqsb_core::engine::MergedField| check.visible.contains(&f.id) && !check.linked.contains_key(&f.id);
    let questions = questions_of(section, &check);
    let one_at_a_time = elder && questions.len() > 1;
    *resume_question.borrow_mut() = resume_field(app, props.section)
        .and_then(|field| questions.iter().position(|q| q.holds(&field)))
        .filter(|_| one_at_a_time);
    let current = (*question).min(questions.len().saturating_sub(1));
    let progress = if elder {
        // 长辈版 asks one question per screen, so the one counter counts questions over the whole form: 第 7 题，共 20 题
        // moves on every 下一步, where a count of sections would stand still for several screens.
        let count = |sections: &[usize]| -> usize {
            sections
                .iter()
                .filter_map(|i| app.form.sections.get(*i))
                .map(|s| questions_of(s, &check).len().max(1))
                .sum()
        };
        let before = count(steps.get(..position).unwrap_or_default());
        html! { <span class="sq-question-no">{ t.f("form.question", &[("n", &(before + current + 1).to_string()), ("total", &count(&steps).to_string())]) }</span> }
    } else {
        html! { { t.f("apply.progress", &[("n", &(position + 1).to_string()), ("total", &steps.len().to_string())]) } }
    };
    let showing = |q: &Question| !one_at_a_time || questions.get(current) == Some(q);
    // The problems 下一步 stops at: this section's, or in 长辈版 this question's.
    let blocking = {
        let (section, question) = (section.clone(), one_at_a_time.then(|| questions.get(current).cloned()).flatten());
        move |e: &FieldError| in_section(&e.target, &section) && question.as_ref().is_none_or(|q| q.owns(&e.target))
    };
    let errors: Vec<_> = check.errors.iter().filter(|e| blocking(e)).collect();
    let item_name = |id: &str| {
        catalog.as_ref().and_then(|c| c.index.leaf(id).map(|l| l.name.to_owned())).unwrap_or_else(|| id.to_owned())
    };

    let next = {
        let app = app.clone();
        let navigator = navigator.clone();
        let attempted = attempted.clone();
        let summary_ref = summary_ref.clone();
        let form = app.form.clone();
        let next_route = match steps.get(position + 1) {
            Some(n) => Route::Apply { draft: app.id.clone(), step: step_of(*n) },
            None => Route::Apply { draft: app.id.clone(), step: Step::Review },
        };
        let more_questions = one_at_a_time && current + 1 < questions.len();
        let question = question.clone();
        Callback::from(move |_| {
            // The newest answers, not this render's: a choice made just before the tap counts.
            let has_errors = validate(&form, &(app.newest_answers)(), today()).errors.iter().any(&blocking);
            if has_errors {
                attempted.set(true);
                if let Some(el) = summary_ref.cast::<web_sys::HtmlElement>() {
                    el.scroll_into_view();
                    let _ = el.focus();
                }
            } else if more_questions {
                attempted.set(false);
                question.set(current + 1);
                focus_first_input(&summary_ref);
            } else {
                navigator.push(&next_route);
            }
        })
    };
    // 长辈版: 上一步 goes back one question before it goes back a section.
    let prev_question = (one_at_a_time && current > 0).then(|| {
        let (question, attempted, summary_ref) = (question.clone(), attempted.clone(), summary_ref.clone());
        Callback::from(move |_| {
            attempted.set(false);
            question.set(current - 1);
            focus_first_input(&summary_ref);
        })
    });
    let prev_route = match position.checked_sub(1).and_then(|p| steps.get(p)) {
        Some(p) => Route::Apply { draft: app.id.clone(), step: step_of(*p) },
        None => Route::Apply { draft: app.id.clone(), step: Step::Notice },
    };
    // 返回核对: this whole section checked first (in 长辈版 every question of it, opening the first with a problem).
    let back_to_review = props.from_review.then(|| {
        let (app, attempted, summary_ref, question) =
            (app.clone(), attempted.clone(), summary_ref.clone(), question.clone());
        let (section, questions) = (section.clone(), questions.clone());
        let review = Route::Apply { draft: app.id.clone(), step: Step::Review };
        Callback::from(move |_| {
            let check = validate(&app.form, &(app.newest_answers)(), today());
            let first_problem = check.errors.iter().find(|e| in_section(&e.target, &section));
            match first_problem {
                None => navigator.push(&review),
                Some(problem) => {
                    if one_at_a_time {
                        question.set(questions.iter().position(|q| q.owns(&problem.target)).unwrap_or(current));
                    }
                    attempted.set(true);
                    if let Some(el) = summary_ref.cast::<web_sys::HtmlElement>() {
                        el.scroll_into_view();
                        let _ = el.focus();
                    }
                }
            }
        })
    });

    let field_views = section.fields.iter().filter(asked).filter(|f| showing(&Question::Field(f.id.clone()))).map(|f| {
        let key = Target::Field(f.id.clone()).key();
        let derived = check.derived.get(&f.id);
        let value = derived.cloned().or_else(|| app.draft.answers.fields.get(&f.id).cloned()).unwrap_or_default();
        let shown_error = (touched.contains(&key) || *attempted)
            .then(|| check.error(&key).map(|e| AttrValue::from(error_text(&t, e))))
            .flatten();
        let required = f.askers.iter().any(|a| a.required);
        let note = if derived.is_some() {
            Some(AttrValue::from(t.t("form.derived")))
        } else if prefilled.contains(&f.id.to_string()) {
            Some(AttrValue::from(t.t("form.prefilled")))
        } else {
            None
        };
        let onchange = {
            let app = app.clone();
            let id: FieldId = f.id.clone();
            Callback::from(move |v: String| app.set_answers.emit(set_field(id.clone(), v)))
        };
        let onblur = {
            let touched = touched.clone();
            let key = key.clone();
            Callback::from(move |_| {
                if !touched.contains(&key) {
                    let mut next = (*touched).clone();
                    next.insert(key.clone());
                    touched.set(next);
                }
            })
        };
        html! {
            <FieldInput key={key.clone()} key_id={key.clone()} label={f.label.clone()} constraints={offered_constraints(&check, f)} value={value}
                required={required} help={help_of(f)} note={note} error={shown_error} readonly={derived.is_some()}
                used_by={f.provenance().iter().map(|id| item_name(id)).collect::<Vec<_>>()} onchange={onchange} onblur={onblur} />
        }
    });
    let group_views = section
        .groups
        .iter()
        .filter(|g| check.visible_groups.contains(&g.key))
        .filter(|g| showing(&Question::Group(g.key.clone())))
        .map(|g| group_view(&t, app, g, &check, *attempted, &item_name));

    html! {
        <form class="sq-form" novalidate=true onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <h1 class="sq-page-title">{ &section.title }</h1>
            // The one progress indicator of a form step (the phases' row is not shown here: `super::Progress`).
            <p class="sq-muted sq-form-progress">{ progress }</p>
            if *attempted && !errors.is_empty() {
                <div class="sq-error-summary" role="alert" tabindex="-1" ref={summary_ref.clone()}>
                    <h2>{ t.f("form.error_summary", &[("n", &errors.len().to_string())]) }</h2>
                    <ul>
                        { for errors.iter().map(|e| {
                            let dom = match &e.target {
                                Target::Member { group, index, element } => dom_id(&format!("{group}-{index}-{element}")),
                                other => dom_id(&other.key()),
                            };
                            html! { <li><a href={format!("#{dom}")} onclick={focus(&dom)}>{ error_text(&t, e) }</a></li> }
                        }) }
                    </ul>
                </div>
            } else {
                <div tabindex="-1" ref={summary_ref}></div>
            }
            { for field_views }
            { for group_views }
            <div class="sq-actions sq-form-actions">
                if let Some(prev) = prev_question {
                    <button class="sq-button sq-button-secondary" type="button" onmousedown={keep_focus()} onclick={prev}>{ t.t("form.prev") }</button>
                } else {
                    <a class="sq-button sq-button-secondary" href={prev_route.to_hash()} onmousedown={keep_focus()}>{ t.t("form.prev") }</a>
                }
                if let Some(back) = back_to_review {
                    <button class="sq-button sq-button-secondary" type="button" onmousedown={keep_focus()} onclick={next}>{ t.t("form.next") }</button>
                    <button class="sq-button" type="button" onmousedown={keep_focus()} onclick={back}>{ t.t("form.back_to_review") }</button>
                } else {
                    <button class="sq-button" type="button" onmousedown={keep_focus()} onclick={next}>{ t.t("form.next") }</button>
                }
            </div>
            <p class="sq-muted sq-small" aria-live="polite">{ if app.save_failed { t.t("drafts.storage_failed") } else { t.t("form.saved") } }</p>
        </form>
    }
}

/// A validation message in the interface language.
fn error_text(t: &crate::i18n::Texts, e: &sqsb_core::engine::FieldError) -> String {
    match t.lang {
        crate::i18n::Lang::Zh => e.message.clone(),
        crate::i18n::Lang::En => e.message_en.clone(),
    }
}

/// Pressing a step button must not blur the field being edited first: the blur shows that field's error, the
/// layout shifts, and the button moves away from under the finger before the press ends (no click). Keyboard
/// users are unaffected.
fn keep_focus() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| e.prevent_default())
}

/// One question of a section in 长辈版: a field, or a repeatable group with all its members.
#[derive(Debug, Clone, PartialEq)]
enum Question {
    Field(FieldId),
    Group(String),
}

impl Question {
    /// Whether the element `dom` (a field's or a member's id, as the form renders it) belongs to this question.
    fn holds(&self, dom: &str) -> bool {
        match self {
            Question::Field(id) => dom_id(&Target::Field(id.clone()).key()) == dom,
            Question::Group(g) => dom.starts_with(&dom_id(&Target::Group(g.clone()).key())),
        }
    }

    fn owns(&self, target: &Target) -> bool {
        match (self, target) {
            (Question::Field(id), Target::Field(t)) => id == t,
            (Question::Group(g), Target::Group(t) | Target::Member { group: t, .. }) => g == t,
            _ => false,
        }
    }
}

/// The questions of a section as the answers stand: its visible fields, then its visible groups. A field answered
/// by 同一人 (the 联系人 is the 法定代表人) is not asked again.
fn questions_of(section: &Section, check: &Validation) -> Vec<Question> {
    section
        .fields
        .iter()
        .filter(|f| check.visible.contains(&f.id) && !check.linked.contains_key(&f.id))
        .map(|f| Question::Field(f.id.clone()))
        .chain(
            section
                .groups
                .iter()
                .filter(|g| check.visible_groups.contains(&g.key))
                .map(|g| Question::Group(g.key.clone())),
        )
        .collect()
}

/// The field 继续办理 should land on in `section`: the one the draft says was answered last, if on this section.
fn resume_field(app: &super::Application, section: usize) -> Option<String> {
    let at = app.draft.at.as_ref()?;
    (at.step == sqsb_core::draft::ResumeStep::Form(section)).then(|| at.field.clone()).flatten()
}

/// Focuses the field `dom` (its input, or a choice's checked or first input) and scrolls to it, once the section
/// has rendered it (in 长辈版 its question shows one render later: a few tries, a frame apart).
fn focus_field(anchor: &NodeRef, dom: String, tries: u32) {
    let anchor = anchor.clone();
    gloo::timers::callback::Timeout::new(16, move || {
        let form = anchor.cast::<web_sys::Element>().and_then(|a| a.closest("form").ok().flatten());
        let field = form.as_ref().and_then(|f| f.query_selector(&format!("#{dom}")).ok().flatten());
        let input = field.and_then(|el| {
            if el.matches("input, select, textarea").unwrap_or(false) {
                return Some(el);
            }
            el.query_selector("input:checked")
                .ok()
                .flatten()
                .or_else(|| el.query_selector("input, select, textarea").ok().flatten())
        });
        match input.and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok()) {
            Some(el) => {
                el.scroll_into_view();
                let _ = el.focus();
            }
            None if tries > 1 => focus_field(&anchor, dom, tries - 1),
            None => {}
        }
    })
    .forget();
}

/// After moving to another question, focus its first input (the form is above the summary anchor's parent).
fn focus_first_input(anchor: &NodeRef) {
    let Some(form) = anchor.cast::<web_sys::Element>().and_then(|a| a.closest("form").ok().flatten()) else { return };
    // The next question renders on the next frame.
    gloo::timers::callback::Timeout::new(0, move || {
        let first =
            form.query_selector(".sq-field input, .sq-field select, .sq-field textarea, fieldset").ok().flatten();
        if let Some(el) = first.and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok()) {
            let _ = el.focus();
        }
    })
    .forget();
}

fn group_view(
    t: &crate::i18n::Texts,
    app: &super::Application,
    g: &MergedGroup,
    check: &Validation,
    attempted: bool,
    item_name: &dyn Fn(&str) -> String,
) -> Html {
    let members = app.draft.answers.groups.get(&g.key).cloned().unwrap_or_default();
    let count = members.len().max(g.min as usize);
    let group_error =
        attempted.then(|| check.error(&Target::Group(g.key.clone()).key()).map(|e| error_text(t, e))).flatten();
    let add = {
        let app = app.clone();
        let key = g.key.clone();
        Callback::from(move |_| {
            let key = key.clone();
            app.set_answers.emit(Rc::new(move |answers: &mut Answers| {
                let list = answers.groups.entry(key.clone()).or_default();
                while list.len() < count {
                    list.push(Default::default());
                }
                list.push(Default::default());
            }))
        })
    };
    html! {
        <fieldset class="sq-group-field sq-panel" id={dom_id(&Target::Group(g.key.clone()).key())} tabindex="-1">
            <legend>{ &g.label }</legend>
            <p class="sq-help">{ t.f("form.group_count", &[("min", &g.min.to_string()), ("max", &g.max.to_string())]) }</p>
            <UsedBy items={g.provenance().iter().map(|i| item_name(i)).collect::<Vec<_>>()} />
            if let Some(err) = group_error { <p class="sq-error">{ "⚠ " }{ err }</p> }
            { for (0..count).map(|i| {
                let member = members.get(i).cloned().unwrap_or_default();
                // A member who is a person given earlier (同法定代表人) is not asked that person's details again.
                let copied: Vec<String> =
                    sqsb_core::engine::member_links(&app.form, g, &member, &check.visible).into_iter().map(|(element, _)| element).collect();
                let remove = {
                    let app = app.clone();
                    let key = g.key.clone();
                    Callback::from(move |_| {
                        let key = key.clone();
                        app.set_answers.emit(Rc::new(move |answers: &mut Answers| {
                            if let Some(list) = answers.groups.get_mut(&key) {
                                if i < list.len() {
                                    list.remove(i);
                                }
                            }
                        }))
                    })
                };
                let title = t.f("form.member", &[("n", &(i + 1).to_string()), ("label", &g.label)]);
                html! {
                    <div class="sq-member">
                        <h3 class="sq-member-title">{ title }</h3>
                        { for g.members.iter().filter(|m| !copied.contains(&m.element)).map(|m| {
                            let key = Target::Member { group: g.key.clone(), index: i, element: m.element.clone() }.key();
                            let error = attempted.then(|| check.error(&key).map(|e| AttrValue::from(error_text(t, e)))).flatten();
                            let onchange = {
                                let app = app.clone();
                                let (group, element) = (g.key.clone(), m.element.clone());
                                Callback::from(move |v: String| {
                                    let (group, element) = (group.clone(), element.clone());
                                    app.set_answers.emit(Rc::new(move |answers: &mut Answers| {
                                        let list = answers.groups.entry(group.clone()).or_default();
                                        while list.len() <= i {
                                            list.push(Default::default());
                                        }
                                        list[i].insert(element.clone(), v.clone());
                                    }))
                                })
                            };
                            html! {
                                <FieldInput key_id={format!("{}-{i}-{}", g.key, m.element)} label={m.label.clone()} constraints={m.constraints.clone()}
                                    value={member.get(&m.element).cloned().unwrap_or_default()} required={m.required} error={error}
                                    onchange={onchange} onblur={Callback::noop()} />
                            }
                        }) }
                        if i + 1 > g.min as usize {
                            <button class="sq-button sq-button-secondary" type="button" onclick={remove}>
                                { t.f("form.remove_member", &[("n", &(i + 1).to_string()), ("label", &g.label)]) }
                            </button>
                        }
                    </div>
                }
            }) }
            if (count as u32) < g.max {
                <button class="sq-button sq-button-secondary" type="button" onclick={add}>{ t.f("form.add_member", &[("label", &g.label)]) }</button>
            }
        </fieldset>
    }
}

/// A field's constraints with only the choices that apply now: a 同地址 question offers the earlier addresses the
/// form shows (not the father's 户籍地址 when only the mother's was asked).
fn offered_constraints(check: &Validation, field: &sqsb_core::engine::MergedField) -> sqsb_core::engine::Constraints {
    let mut constraints = field.constraints.clone();
    constraints.options = check.offered(field).into_iter().cloned().collect();
    constraints
}
