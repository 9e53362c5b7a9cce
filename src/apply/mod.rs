//! Applying for a whole chain (一套材料、一次告知、一表申请): start → 一次告知 → 一表申请 (section by section) →
//! 核对信息 → 提交 and 受理回执. The draft in local storage is the state: every change is saved (debounced, and
//! when the page is hidden), so a reload or an app update resumes where the user was.
//!
//! The engine (sqsb-core) does the work: chain, merge, validation, materials, notice, split. This module loads
//! the stage files the chain needs, keeps the draft, and renders.

pub mod codes;
pub mod fields;
pub mod form;
mod hooks;
pub mod materials;
pub mod notice;
#[cfg(feature = "prerender")]
pub mod prerendered;
pub mod problem;
pub mod review;
pub mod schedule;
pub mod situations;
pub mod store;
pub mod submitted;

use std::collections::BTreeSet;
use std::rc::Rc;

use sqsb_core::catalog::CatalogIndex;
use sqsb_core::draft::{Draft, DraftChanges};
use sqsb_core::engine::{Answers, Chain, ChainSpec, Engine, MergeError, MergedForm};
use sqsb_core::exchange::StageKey;
use yew::prelude::*;

use crate::basket::BasketHandle;
use crate::catalog::{use_catalog, Catalog};
/// Today, for the engine's date rules (the core never reads the clock).
pub use crate::clock::today;
use crate::fetch::LoadError;
pub use crate::fetch::{with_catalog_engine, ChainData};
use crate::i18n::{use_texts, Texts};
use crate::route::{use_navigator, Route, Start, Step};
use hooks::{use_chain_data, use_draft_autosave, use_merged_form, use_reopened_draft, use_resume_point, DraftState};

/// A change to the answers, applied to the newest draft.
pub type Edit = Rc<dyn Fn(&mut Answers)>;

/// An edit that replaces one field's answer.
pub fn set_field(id: sqsb_core::engine::FieldId, value: String) -> Edit {
    Rc::new(move |a: &mut Answers| a.set(id.clone(), value.clone()))
}

/// The stage files a chain's leaves are in.
pub fn stems(index: &CatalogIndex, leaves: &[String]) -> Vec<String> {
    let set: BTreeSet<String> = leaves.iter().filter_map(|id| StageKey::of(index, id)).map(|k| k.file_stem()).collect();
    set.into_iter().collect()
}

/// Creates a draft for a start route and moves on to its first step (replacing the start route in history).
#[derive(Properties, PartialEq)]
pub struct StartProps {
    pub start: Start,
}

#[function_component(StartPage)]
pub fn start_page(props: &StartProps) -> Html {
    let t = use_texts();
    let catalog = use_catalog();
    let basket = use_context::<BasketHandle>();
    let failed = use_state(|| None::<String>);
    let navigator = use_navigator();
    {
        let failed = failed.clone();
        let start = props.start.clone();
        let basket_items = basket.map(|b| b.items.clone()).unwrap_or_default();
        use_effect_with(start.clone(), move |_| {
            let Some(catalog) = catalog else { return };
            let spec = match start {
                Start::Scenario { lifecycle, code } => ChainSpec::Scenario { lifecycle, code },
                Start::Basket => ChainSpec::Basket(basket_items),
                Start::Item(id) => ChainSpec::Basket(vec![id]),
            };
            // One draft per chain: opening the same 一件事 (or the same items) again continues the draft there is,
            // where the citizen left it.
            if let Some(id) = store::draft_for_chain(&spec) {
                let step = Step::resuming(store::load(&id).and_then(|d| d.at).map(|p| p.step));
                navigator.replace(&Route::Apply { draft: id, step });
                return;
            }
            // The usual case of each situation is chosen to begin with (the notice asks first, and it can be changed).
            let chain =
                with_catalog_engine(&catalog.index, |e| e.chain(&spec, &situations::situations().defaults(e, &spec)));
            match chain {
                Ok(chain) => {
                    let now = store::now_ms();
                    let draft = with_catalog_engine(&catalog.index, |e| Draft::new(e, &chain, Answers::default(), now));
                    let id = store::new_id();
                    // Not answered yet: kept for this tab only (`store::save`), so leaving makes no draft.
                    match store::save(&id, &draft) {
                        Ok(()) => navigator.replace(&Route::Apply { draft: id, step: Step::Notice }),
                        Err(e) => failed.set(Some(e)),
                    }
                }
                Err(e) => failed.set(Some(e.message_zh())),
            }
        });
    }
    match &*failed {
        None => html! { <p class="sq-muted" role="status">{ t.t("apply.loading") }</p> },
        Some(reason) => html! {
            <div class="sq-alert" role="alert">
                <p>{ t.t("drafts.storage_failed") }</p>
                <p class="sq-muted sq-small">{ reason }</p>
            </div>
        },
    }
}

/// A step of an application in progress.
#[derive(Properties, PartialEq)]
pub struct ApplyProps {
    pub draft: String,
    pub step: Step,
}

/// Where the application stands, shared by the step screens.
#[derive(Clone)]
pub struct Application {
    pub id: String,
    pub draft: Draft,
    pub chain: Chain,
    pub data: Rc<ChainData>,
    pub form: Rc<MergedForm>,
    /// Changes the answers (saved after a short pause, and at once when the page is hidden). The edit is applied
    /// to the newest draft, not to this render's copy, so quick successive inputs never undo each other.
    pub set_answers: Callback<Edit>,
    /// Changes the sub-items picked for a group item.
    pub set_selection: Callback<(String, String, bool)>,
    /// The newest answers, including a change made since this render (a tap on 下一步 right after a choice must
    /// see that choice: the screen re-renders only after the tap's handler ran).
    pub newest_answers: Rc<dyn Fn() -> Answers>,
    pub save_failed: bool,
}

impl Application {
    pub fn with_engine<T>(&self, index: &CatalogIndex, f: impl FnOnce(&Engine<'_>) -> T) -> T {
        f(&self.data.engine(index))
    }
}

#[function_component(ApplyPage)]
pub fn apply_page(props: &ApplyProps) -> Html {
    let t = use_texts();
    let catalog = use_catalog();
    let state = use_draft_autosave(&props.draft);
    let chain = match (&state.draft, &catalog) {
        (Some(d), Some(c)) => with_catalog_engine(&c.index, |e| e.chain(&d.chain, &d.selections)).ok(),
        _ => None,
    };
    let stems = match (&chain, &catalog) {
        (Some(ch), Some(c)) => stems(&c.index, &ch.leaves),
        _ => Vec::new(),
    };
    let (data, retry) = use_chain_data(stems);
    let loaded = data.as_ref().and_then(|d| d.as_ref().ok());
    let (outdated, migrated) = use_reopened_draft(&state, catalog.as_ref(), loaded);
    let answered = use_resume_point(&state, props.step);
    let inputs = match (&catalog, &chain, loaded) {
        (Some(c), Some(ch), Some(l)) if !outdated => Some((c, ch, l)),
        _ => None,
    };
    let merged = use_merged_form(inputs);

    // Submitted (here, or in another tab while this one had it open): the receipt, never the draft again.
    if crate::handoff::receipts::exists(&props.draft) {
        return html! { <review::DoneStep id={props.draft.clone()} /> };
    }
    let (Some(catalog), Some(draft), Some(chain)) = (catalog, state.draft.clone(), chain) else {
        return not_found(&t);
    };
    let (loaded, form) = match (data, merged) {
        (Some(Err(LoadError::Network(_))), _) => return load_failed(&t, retry),
        // A data file that arrived but cannot be read: not the citizen's network, and 重试 would not help.
        (Some(Err(LoadError::Data(_))), _) => return data_broken(&t),
        (Some(Ok(loaded)), Some(Ok(form))) => (loaded, form),
        (_, Some(Err(error))) => return merge_failed(&t, &catalog, &state, &draft, error),
        _ => return html! { <p class="sq-muted" role="status">{ t.t("apply.loading") }</p> },
    };
    let newest_answers: Rc<dyn Fn() -> Answers> = {
        let (state, answers) = (state.clone(), draft.answers.clone());
        Rc::new(move || state.newest().map_or_else(|| answers.clone(), |d| d.answers))
    };
    let app = Application {
        id: props.draft.clone(),
        draft,
        chain,
        data: loaded,
        form,
        set_answers: answers_setter(&state),
        set_selection: selection_setter(&state),
        newest_answers,
        save_failed: state.save_failed,
    };
    step_screen(&t, &app, props.step, migrated, answered)
}

/// A step's screen around its body: the progress, the notices, and the step. Also what the build-time prerender
/// renders (`prerendered.rs`), so that the screens shown before the wasm are the app's own markup.
fn step_screen(
    t: &Texts,
    app: &Application,
    step: Step,
    migrated: Option<DraftChanges>,
    answered: Callback<Option<web_sys::EventTarget>>,
) -> Html {
    let body = match step {
        Step::Notice => html! { <notice::NoticeStep app={ApplicationProp(app.clone())} /> },
        Step::Form(n) => html! { <form::FormStep app={ApplicationProp(app.clone())} section={n} /> },
        Step::Edit(n) => html! { <form::FormStep app={ApplicationProp(app.clone())} section={n} from_review=true /> },
        Step::Review => html! { <review::ReviewStep app={ApplicationProp(app.clone())} /> },
        // The receipt is its own screen (`app::screen`): the draft is gone by then.
        Step::Done => html! {},
    };
    html! {
        <>
            <Progress step={step} sections={form_steps(app).len()} />
            if app.save_failed {
                <p class="sq-alert" role="alert">{ t.t("drafts.storage_failed") }</p>
            }
            if let Some(changes) = migrated {
                <MigrationNotice {changes} />
            }
            // Any answer given on a step (a field, a situation, a date, a tick) marks where the citizen is.
            <div class="sq-step" oninput={answered.reform(|e: InputEvent| e.target())} onchange={answered.reform(|e: Event| e.target())}>
                { body }
            </div>
        </>
    }
}

/// Changes the answers (an `Edit` applied to the newest draft).
fn answers_setter(state: &DraftState) -> Callback<Edit> {
    let state = state.clone();
    Callback::from(move |edit: Edit| {
        state.change(|d| {
            let mut answers = d.answers.clone();
            edit(&mut answers);
            d.update(answers, store::now_ms());
        })
    })
}

/// Picks or unpicks a sub-item of a group item: (group, sub-item, picked).
fn selection_setter(state: &DraftState) -> Callback<(String, String, bool)> {
    let state = state.clone();
    Callback::from(move |(group, sub, on): (String, String, bool)| {
        state.change(|d| {
            let entry = d.selections.entry(group).or_default();
            if on {
                entry.insert(sub);
            } else {
                entry.remove(&sub);
            }
            d.updated = store::now_ms().max(d.created);
        })
    })
}

/// The stage files did not arrive (offline on a first visit, a server error): say so and offer to try again.
fn load_failed(t: &Texts, retry: Callback<()>) -> Html {
    html! {
        <div class="sq-alert" role="alert">
            <p>{ t.t("apply.load_failed") }</p>
            <button class="sq-button" type="button" onclick={retry.reform(|_| ())}>{ t.t("guide.retry") }</button>
        </div>
    }
}

/// The stage files arrived but cannot be read (a broken deployment): say so plainly and offer the way back.
fn data_broken(t: &Texts) -> Html {
    html! {
        <div class="sq-alert" role="alert">
            <p>{ t.t("problem.data") }</p>
            <p><a class="sq-button sq-button-secondary" href={Route::Home.to_hash()}>{ t.t("done.home") }</a></p>
        </div>
    }
}

/// The chain's forms do not merge into one.
fn merge_failed(t: &Texts, catalog: &Catalog, state: &DraftState, draft: &Draft, error: MergeError) -> Html {
    match error {
        // An item a catalog update added after this build has no form yet: name it, and say what to do.
        MergeError::NoForm { item } => {
            let name = catalog.index.leaf(&item).map(|l| t.item_name(&item, l.name)).unwrap_or(item);
            html! {
                <>
                    <div class="sq-alert" role="alert"><p>{ t.f("apply.no_form", &[("item", &name)]) }</p></div>
                    <p><a class="sq-button sq-button-secondary" href={Route::Home.to_hash()}>{ t.t("done.home") }</a></p>
                </>
            }
        }
        // Items that cannot go together, or a data error: plain words and a way on; the codes to the console only.
        e => {
            let blocker = with_catalog_engine(&catalog.index, |engine| engine.blocker(&e));
            let state = state.clone();
            let on_take_out = Callback::from(move |next: Draft| state.replace_and_save(next));
            html! { <problem::ChainProblem current={draft.clone()} {blocker} {on_take_out} /> }
        }
    }
}

#[derive(Properties, PartialEq)]
struct MigrationProps {
    changes: DraftChanges,
}

/// The catalog or forms changed since the draft was saved: what was kept and what had to go.
#[function_component(MigrationNotice)]
fn migration_notice(props: &MigrationProps) -> Html {
    let t = use_texts();
    let catalog = use_catalog();
    let c = &props.changes;
    let name = |id: &String| {
        catalog.as_ref().and_then(|c| c.index.leaf(id)).map_or_else(|| id.clone(), |l| t.item_name(id, l.name))
    };
    html! {
        <section class="sq-panel sq-migrated" role="status" aria-labelledby="sq-migrated-title">
            // Only the forms changed (the catalog is the same): the 申请表 was updated, not the catalog.
            <h2 id="sq-migrated-title">{ t.t(if c.catalog.is_some() { "migrate.title" } else { "migrate.forms_title" }) }</h2>
            if let Some((old, new)) = &c.catalog {
                <p>{ t.f("migrate.catalog", &[("old", old), ("new", new)]) }</p>
            }
            <p>{ t.t("migrate.kept") }</p>
            if c.scenario_gone {
                <p>{ t.t("migrate.scenario_gone") }</p>
            }
            if !c.items_gone.is_empty() {
                <p>{ t.f("migrate.items_gone", &[("items", &c.items_gone.iter().map(name).collect::<Vec<_>>().join(t.list_separator()))]) }</p>
            }
            if !c.fields_gone.is_empty() || !c.groups_gone.is_empty() {
                <p>{ t.f("migrate.fields_gone", &[("n", &(c.fields_gone.len() + c.groups_gone.len()).to_string())]) }</p>
            }
        </section>
    }
}

fn not_found(t: &Texts) -> Html {
    html! {
        <div class="sq-empty">
            <h1 class="sq-page-title">{ t.t("apply.not_found") }</h1>
            <p>{ t.f("apply.not_found_hint", &[("days", &store::DRAFT_DAYS.to_string())]) }</p>
            <p><a class="sq-button" href={Route::Home.to_hash()}>{ t.t("nav.home") }</a></p>
        </div>
    }
}

/// The sections the wizard shows for the current answers (a section with nothing visible is skipped).
pub fn form_steps(app: &Application) -> Vec<usize> {
    let visible = app.form.visible(&app.draft.answers);
    app.form
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.fields.iter().any(|f| visible.contains(&f.id)) || !s.groups.is_empty())
        .map(|(i, _)| i)
        .collect()
}

/// A wrapper so the application can be a property (it is compared by identity of its draft).
#[derive(Clone)]
pub struct ApplicationProp(pub Application);

impl PartialEq for ApplicationProp {
    fn eq(&self, other: &Self) -> bool {
        self.0.draft == other.0.draft && Rc::ptr_eq(&self.0.form, &other.0.form) && self.0.id == other.0.id
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct ProgressProps {
    pub step: Step,
    pub sections: usize,
}

/// Where the user is: 一次告知 → 一表申请 → 核对信息 → 提交.
#[function_component(Progress)]
pub(crate) fn progress(props: &ProgressProps) -> Html {
    let t = use_texts();
    // A form step shows one counter, its own (第 2 步，共 5 步; in 长辈版 the question's): this row and a second count
    // on the same screen were two or three numbers for one question — where am I (issue 25).
    if matches!(props.step, Step::Form(_) | Step::Edit(_)) {
        return Html::default();
    }
    let current = match props.step {
        Step::Notice => 0,
        Step::Form(_) | Step::Edit(_) => 1,
        Step::Review => 2,
        Step::Done => 3,
    };
    let names = ["apply.step_notice", "apply.step_form", "apply.step_review", "apply.step_done"];
    html! {
        <nav class="sq-progress" aria-label={t.t("apply.steps")}>
            <ol>
                { for names.iter().enumerate().map(|(i, key)| html! {
                    <li class={classes!((i == current).then_some("sq-progress-current"), (i < current).then_some("sq-progress-done"))}
                        aria-current={(i == current).then_some("step")}>
                        <span class="sq-progress-no">{ i + 1 }</span>{ t.t(key) }
                    </li>
                }) }
            </ol>
            <p class="sq-visually-hidden">{ t.f("apply.progress", &[("n", &(current + 1).to_string()), ("total", "4")]) }</p>
        </nav>
    }
}
