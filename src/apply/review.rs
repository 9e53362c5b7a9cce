//! 核对信息 (every answer by section, with 修改 links), consent to the processing of personal information, and
//! 提交: the engine splits the form into one application per item and the hand-off (`crate::handoff`) stores and
//! delivers them. The receipt (受理回执) says where they stand — 已送达 only once the host acknowledged them —
//! and offers the JSON file and the QR code for the 一窗受理 counter. The draft is wiped once the submission is
//! stored; only a receipt without personal data stays on the device (and, until acknowledged, the outbox entry).

use std::rc::Rc;

use sqsb_core::dictionary::FieldKey;
use sqsb_core::engine::{split, validate, FieldId, Payload, Target};
use yew::prelude::*;

use super::submitted::{self, Submitted};
use super::{form_steps, store, today, ApplicationProp};
use crate::answers::display;
use crate::handoff::{outbox, receipts, use_handoff};
use crate::i18n::use_texts;
use crate::route::{use_navigator, Route, Step};
use sqsb_core::receipt::Status;

#[derive(Properties, PartialEq)]
pub struct ReviewProps {
    pub app: ApplicationProp,
}

#[function_component(ReviewStep)]
pub fn review_step(props: &ReviewProps) -> Html {
    let t = use_texts();
    let app = &props.app.0;
    let consent = use_state(|| false);
    let navigator = use_navigator();
    let handoff = use_handoff();
    let tried = use_state(|| false);
    // Storage refused the submission: it stays in memory (the file can be downloaded) and the draft stays.
    let not_stored = use_state(|| None::<String>);
    // Another tab changed this application after this one showed it: its answers were taken over, to be checked.
    let changed_elsewhere = use_state(|| false);
    let check = validate(&app.form, &app.draft.answers, today());
    let steps = form_steps(app);
    let departments: Vec<String> = {
        let mut d: Vec<String> = Vec::new();
        for item in &app.form.items {
            if let Some(g) = app.data.guides.guide(&item.id) {
                if !d.contains(&g.handler) {
                    d.push(g.handler.clone());
                }
            }
        }
        d
    };
    let first_error_section = check.errors.first().and_then(|e| {
        app.form.sections.iter().position(|s| match &e.target {
            Target::Field(id) => s.fields.iter().any(|f| &f.id == id),
            Target::Group(g) | Target::Member { group: g, .. } => s.groups.iter().any(|x| &x.key == g),
        })
    });
    let submit = {
        let app = app.clone();
        let texts = t.clone();
        let consent = consent.clone();
        let tried = tried.clone();
        let check = check.clone();
        let handoff = handoff.clone();
        let not_stored = not_stored.clone();
        let changed_elsewhere = changed_elsewhere.clone();
        Callback::from(move |_| {
            tried.set(true);
            if !*consent || !check.is_ok() {
                return;
            }
            // Not resolved yet (the deployment is still loading): the button says so and waits.
            let Some(handoff) = handoff.clone() else { return };
            // Submitted meanwhile in another tab: its receipt, never a second submission.
            if receipts::exists(&app.id) {
                navigator.push(&Route::Apply { draft: app.id.clone(), step: Step::Done });
                return;
            }
            // Changed meanwhile in another tab (its autosave is newer than what this tab shows): what would go
            // out is not what the citizen last wrote. The newer answers are taken over and shown here, to be
            // checked and submitted with a second tap.
            if let Some(stored) = store::load(&app.id).filter(|d| d.updated > app.draft.updated) {
                let answers = stored.answers;
                app.set_answers.emit(Rc::new(move |a: &mut sqsb_core::engine::Answers| *a = answers.clone()));
                changed_elsewhere.set(true);
                return;
            }
            changed_elsewhere.set(false);
            let payloads = split(&app.form, &check.answers);
            let items = payloads.iter().map(|p| (p.item_id.clone(), p.item_name.clone())).collect();
            // What 我的档案 may offer to keep: the dictionary's decision (`MergedField::kept_in_profile`: never a
            // 逝者's data, a 是否… answer or how the form was answered).
            let labels = app
                .form
                .fields()
                .filter(|f| f.kept_in_profile)
                .filter_map(|f| {
                    let shown = display(
                        check.answers.get(&f.id)?,
                        f.constraints.kind,
                        &f.constraints.options,
                        f.constraints.unit.as_deref(),
                        &texts,
                    );
                    Some((f.id.key.clone(), (f.name.clone(), shown)))
                })
                .collect();
            let stored = outbox::submit(&handoff, &app.id, &payloads, items);
            let submitted = Submitted { payloads, answers: check.answers.clone(), labels };
            submitted::remember(&app.id, submitted);
            match stored {
                Ok(_) => navigator.push(&Route::Apply { draft: app.id.clone(), step: Step::Done }),
                Err(reason) => {
                    crate::log::warn(&format!("the submission could not be stored on this device: {reason}"));
                    not_stored.set(Some(reason));
                }
            }
        })
    };
    let not_stored_notice = not_stored.as_ref().map(|_| {
        let download = submitted::get(&app.id).and_then(|s| crate::handoff::download_url(&s.payloads));
        html! {
            <div class="sq-alert" role="alert">
                <p>{ t.t("handoff.not_stored") }</p>
                if let Some(url) = download {
                    <a class="sq-button sq-button-secondary" href={url} download={format!("{}.json", receipts::reference(&app.id))}>{ t.t("done.download") }</a>
                }
            </div>
        }
    });

    html! {
        <>
            <h1 class="sq-page-title">{ t.t("review.title") }</h1>
            <p>{ t.t("review.intro") }</p>
            if !check.is_ok() {
                <div class="sq-error-summary" role="alert">
                    <p>{ t.f("review.fix_first", &[("n", &check.errors.len().to_string())]) }</p>
                    if let Some(s) = first_error_section {
                        <a class="sq-button" href={Route::Apply { draft: app.id.clone(), step: Step::Edit(s) }.to_hash()}>{ t.t("review.edit") }</a>
                    }
                </div>
            }
            { for app.form.sections.iter().enumerate().filter(|(i, _)| steps.contains(i)).map(|(i, s)| {
                // A person given as 同一人 reads “同法定代表人” once, not their details a second time.
                let rows = s.fields.iter().filter(|f| check.visible.contains(&f.id) && !check.linked.contains_key(&f.id)).map(|f| {
                    let value = check.answers.get(&f.id).map(|v| display(v, f.constraints.kind, &f.constraints.options, f.constraints.unit.as_deref(), &t))
                        .unwrap_or_else(|| t.t("review.empty_value"));
                    html! { <><dt>{ &f.label }</dt><dd>{ value }</dd></> }
                });
                let groups = s.groups.iter().filter(|g| check.visible_groups.contains(&g.key)).map(|g| {
                    let members = check.answers.groups.get(&g.key).cloned().unwrap_or_default();
                    html! {
                        <>{ for members.iter().enumerate().map(|(n, m)| {
                            let copied: Vec<String> = sqsb_core::engine::member_links(&app.form, g, m, &check.visible).into_iter().map(|(e, _)| e).collect();
                            html! {
                            <>
                                <dt class="sq-member-title">{ t.f("form.member", &[("n", &(n + 1).to_string()), ("label", &g.label)]) }</dt>
                                <dd>{ g.members.iter().filter(|mf| !copied.contains(&mf.element)).filter_map(|mf| m.get(&mf.element).map(|v| format!("{}：{}", mf.label,
                                    display(v, mf.constraints.kind, &mf.constraints.options, mf.constraints.unit.as_deref(), &t)))).collect::<Vec<_>>().join("；") }</dd>
                            </>
                            }
                        }) }</>
                    }
                });
                html! {
                    <section class="sq-guide-section" aria-labelledby={format!("sq-r-{i}")}>
                        <h2 id={format!("sq-r-{i}")}>{ &s.title }</h2>
                        <dl class="sq-facts sq-review">{ for rows }{ for groups }</dl>
                        <a class="sq-edit-link" href={Route::Apply { draft: app.id.clone(), step: Step::Edit(i) }.to_hash()}
                            aria-label={t.labelled(&t.t("review.edit"), &s.title)}>{ t.t("review.edit") }</a>
                    </section>
                }
            }) }
            <section class="sq-panel sq-consent" aria-labelledby="sq-consent-title">
                <h2 id="sq-consent-title">{ t.t("review.consent_title") }</h2>
                <p>{ t.f("review.consent_text", &[("departments", &t.departments(&departments))]) }</p>
                <label class="sq-choice">
                    <input type="checkbox" checked={*consent} onchange={{ let c = consent.clone(); Callback::from(move |_| c.set(!*c)) }} />
                    <span>{ t.t("review.consent") }</span>
                </label>
                if *tried && !*consent { <p class="sq-error" role="alert">{ "⚠ " }{ t.t("review.consent_needed") }</p> }
            </section>
            // Right above the button that was pressed, where the eye is.
            { for not_stored_notice }
            if *changed_elsewhere {
                <p class="sq-alert" role="alert">{ t.t("review.changed_elsewhere") }</p>
            }
            <div class="sq-actions">
                <a class="sq-button sq-button-secondary" href={Route::Apply { draft: app.id.clone(), step: Step::Form(steps.last().copied().unwrap_or(0)) }.to_hash()}>{ t.t("form.prev") }</a>
                if handoff.is_some() {
                    <button class="sq-button" type="button" onclick={submit}>{ t.t("review.submit") }</button>
                } else {
                    <p class="sq-muted" role="status">{ t.t("handoff.preparing") }</p>
                }
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct DoneProps {
    pub id: String,
}

/// 受理回执: each item's application, the reference as a QR code, the JSON download, 保存到我的档案.
#[function_component(DoneStep)]
pub fn done_step(props: &DoneProps) -> Html {
    let t = use_texts();
    let saved = use_state(|| None::<usize>);
    let chosen = use_state(Vec::<FieldKey>::new);
    let handoff = use_handoff();
    let changes = use_outbox_changes();
    let submitted = submitted::get(&props.id);
    let kept = use_kept_applications(&props.id, submitted.as_ref(), changes);
    // One object URL per submission shown, not one per render.
    let download = use_memo(kept.clone(), |kept| kept.as_ref().and_then(|k| crate::handoff::download_url(k)));
    let Some(receipt) = receipts::load(&props.id) else {
        return html! { <p class="sq-alert" role="alert">{ t.t("apply.not_found") }</p> };
    };
    let download = (*download).clone();
    let forget = {
        let (reference, id) = (receipt.reference.clone(), props.id.clone());
        Callback::from(move |_| {
            // The copy this page holds in memory too, or the codes would stay on screen as if nothing was deleted.
            submitted::forget(&id);
            outbox::forget(&reference);
        })
    };
    // A submission on its way is not deleted here: it leaves when its host has it (see `outbox::forget`).
    let waiting = matches!(receipt.status, Status::Waiting);
    let keepable: Vec<(FieldKey, String, String)> = submitted
        .as_ref()
        .map(|s| {
            s.answers
                .fields
                .iter()
                .filter(|(id, _)| id.item.is_none())
                // Only what the submission listed as keepable (see `labels`): nothing else is offered.
                .filter_map(|(id, _): (&FieldId, &String)| {
                    let (label, shown) = s.labels.get(&id.key).cloned()?;
                    Some((id.key.clone(), label, shown))
                })
                .collect()
        })
        .unwrap_or_default();
    let save_profile = {
        let saved = saved.clone();
        let chosen = chosen.clone();
        let answers = submitted.as_ref().map(|s| s.answers.clone()).unwrap_or_default();
        Callback::from(move |_| {
            let mut profile = store::load_profile();
            let kept = profile.keep(&answers, &chosen, store::now_ms());
            let ok = store::save_profile(&profile).is_ok();
            saved.set(Some(if ok { kept.len() } else { 0 }));
        })
    };
    html! {
        <>
            <super::Progress step={Step::Done} sections={0} />
            <ReceiptStatus reference={receipt.reference.clone()} status={receipt.status.clone()} changes={changes}
                has_channel={handoff.as_ref().is_some_and(|h| h.channel.is_some())} />
            <section class="sq-guide-section" aria-labelledby="sq-d-receipt">
                <h2 id="sq-d-receipt">{ t.t("done.receipt") }</h2>
                <p>{ t.f("done.items", &[("n", &receipt.items.len().to_string())]) }</p>
                // Each application by its name and its own reference (the counter asks for that), never the item's
                // catalog code: citizens do not know P001 (issue 25).
                <ol>{ for receipt.items.iter().enumerate().map(|(i, (_, name))| html! {
                    <li>{ name }<span class="sq-muted sq-small">{ t.bracketed(&format!("{}-{}", receipt.reference, i + 1)) }</span></li>
                }) }</ol>
                if let Some(url) = download {
                    <a class="sq-button sq-button-secondary" href={url} download={format!("{}.json", receipt.reference)}>{ t.t("done.download") }</a>
                }
            </section>
            // What is kept on this device for the counter (or until the host has it): the codes, and a way to delete it.
            if let Some(applications) = kept.filter(|_| !matches!(receipt.status, Status::Delivered { .. })) {
                <super::codes::CounterCodes reference={receipt.reference.clone()} {applications} />
                <section class="sq-guide-section" aria-labelledby="sq-d-kept">
                    <h2 id="sq-d-kept">{ t.t("done.kept_title") }</h2>
                    if waiting {
                        <p class="sq-help">{ t.f("done.kept_waiting", &[("days", &handoff.as_ref().map_or(90, |h| h.retention.receipt_days).to_string())]) }</p>
                    } else {
                        <p class="sq-help">{ t.f("done.kept", &[("days", &handoff.as_ref().map_or(90, |h| h.retention.receipt_days).to_string())]) }</p>
                        <button class="sq-button sq-button-secondary" type="button" onclick={forget}>{ t.t("done.forget") }</button>
                    }
                </section>
            }
            if !keepable.is_empty() {
                <section class="sq-guide-section" aria-labelledby="sq-d-profile">
                    <h2 id="sq-d-profile">{ t.t("done.profile") }</h2>
                    <p class="sq-help">{ t.t("done.profile_hint") }</p>
                    { for keepable.iter().map(|(key, label, value)| {
                        let on = chosen.contains(key);
                        let chosen = chosen.clone();
                        let k = key.clone();
                        html! {
                            <label class="sq-choice">
                                <input type="checkbox" checked={on} onchange={Callback::from(move |_| {
                                    let mut next = (*chosen).clone();
                                    if on { next.retain(|x| *x != k); } else { next.push(k.clone()); }
                                    chosen.set(next);
                                })} />
                                <span>{ format!("{label}：{value}") }</span>
                            </label>
                        }
                    }) }
                    <button class="sq-button" type="button" onclick={save_profile}>{ t.t("done.profile") }</button>
                    if let Some(n) = *saved { <p role="status">{ t.f("done.profile_saved", &[("n", &n.to_string())]) }</p> }
                </section>
            }
            <crate::rating::Rating subject={receipt.reference.clone()} />
            <p><a class="sq-button sq-button-secondary" href={Route::Home.to_hash()}>{ t.t("done.home") }</a></p>
        </>
    }
}

/// Re-renders when the outbox or a receipt changes (an acknowledgement in this tab, or anything in another).
#[hook]
fn use_outbox_changes() -> u32 {
    let changes = use_state(|| 0u32);
    {
        let changes = changes.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let listeners: Vec<_> = [outbox::CHANGED_EVENT, "storage", "online", "offline"]
                .into_iter()
                .map(|name| {
                    let changes = changes.clone();
                    gloo::events::EventListener::new(&window, name, move |_| changes.set(changes.wrapping_add(1)))
                })
                .collect();
            move || drop(listeners)
        });
    }
    *changes
}

#[derive(Properties, PartialEq)]
struct ReceiptStatusProps {
    reference: String,
    status: Status,
    has_channel: bool,
    /// Only to re-render on outbox changes.
    changes: u32,
}

/// Where the submission stands, in words that are true: 已送达 only after the host acknowledged it.
#[function_component(ReceiptStatus)]
fn receipt_status(props: &ReceiptStatusProps) -> Html {
    let t = use_texts();
    let handoff = use_handoff();
    // Whether the submission is still on this device (a refused one the citizen deleted is not).
    let held = outbox::holds(&props.reference);
    let (class, title, text) = match &props.status {
        Status::Delivered { .. } => ("sq-success", t.t("done.delivered_title"), t.t("done.delivered")),
        Status::Waiting if outbox::online() && props.has_channel => {
            ("sq-panel", t.t("done.waiting_title"), t.t("done.sending"))
        }
        Status::Waiting => ("sq-panel", t.t("done.waiting_title"), t.t("done.queued")),
        Status::Refused { message } => {
            let why = if message.is_empty() { t.t("done.refused_no_reason") } else { message.clone() };
            // Deleted by the citizen after the refusal: nothing left to send again.
            let key = if held { "done.refused" } else { "done.refused_deleted" };
            ("sq-alert", t.t("done.refused_title"), t.f(key, &[("message", &why)]))
        }
        Status::NotSent => ("sq-panel", t.t("done.not_sent_title"), t.t("done.no_host")),
    };
    let send_again = match (&props.status, handoff) {
        (Status::Refused { .. }, Some(handoff)) if props.has_channel && held => {
            let reference = props.reference.clone();
            Some(Callback::from(move |_| outbox::send_again(&handoff, &reference)))
        }
        _ => None,
    };
    html! {
        <div class={classes!(class, "sq-receipt-status")} role="status">
            <h1 class="sq-page-title">{ title }</h1>
            <p>{ text }</p>
            <p class="sq-reference">{ t.f("done.reference", &[("ref", &props.reference)]) }</p>
            if let Some(onclick) = send_again {
                <button class="sq-button" type="button" {onclick}>{ t.t("done.send_again") }</button>
            }
        </div>
    }
}

/// The applications of this submission that this device still holds: just submitted (in memory), or kept in the
/// outbox (waiting for the host, refused, or for the counter) — so the codes and the file survive a reload.
#[hook]
fn use_kept_applications(id: &str, submitted: Option<&Submitted>, changes: u32) -> Option<Rc<Vec<Payload>>> {
    let reference = receipts::reference(id);
    let in_memory = submitted.map(|s| s.payloads.clone());
    let kept = use_memo((reference, changes), move |(reference, _)| {
        outbox::kept_applications(reference).or(in_memory).map(Rc::new)
    });
    (*kept).clone()
}
