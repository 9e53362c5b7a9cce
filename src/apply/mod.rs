//! Applying for a whole chain (一套材料、一次告知、一表申请): start → 一次告知 → 一表申请 (section by section) →
//! 核对信息 → 提交 and 受理回执. The draft in local storage is the state: every change is saved (debounced, and
//! when the page is hidden), so a reload or an app update resumes where the user was.
//!
//! The engine (sqsb-core) does the work: chain, merge, validation, materials, notice, split. This module loads
//! the stage files the chain needs, keeps the draft, and renders.

pub mod codes;
pub mod fields;
pub mod form;
pub mod notice;
pub mod review;
pub mod schedule;
pub mod store;

use std::collections::BTreeSet;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use sqsb_core::catalog::CatalogIndex;
use sqsb_core::dictionary::Dictionary;
use sqsb_core::draft::{Draft, DraftChanges};
use sqsb_core::engine::{Answers, Chain, ChainSpec, Engine, MergeError, MergedForm, Selections};
use sqsb_core::exchange::{GuidesFile, StageKey};
use sqsb_core::forms::FormSet;
use sqsb_core::guides::{GuideSet, MaterialDictionary};
use yew::prelude::*;

use crate::app::{use_catalog, use_texts, BasketHandle};
/// Today, for the engine's date rules (the core never reads the clock).
pub use crate::clock::today;
use crate::fetch::{stage_forms, stage_guides};
use crate::route::{use_navigator, Route, Start, Step};

/// A change to the answers, applied to the newest draft.
pub type Edit = Rc<dyn Fn(&mut Answers)>;

/// An edit that replaces one field's answer.
pub fn set_field(id: sqsb_core::engine::FieldId, value: String) -> Edit {
    Rc::new(move |a: &mut Answers| a.set(id.clone(), value.clone()))
}

/// Everything the engine needs for one chain, downloaded.
pub struct ChainData {
    pub dict: Dictionary,
    pub forms: FormSet,
    pub guides: GuideSet,
    pub materials: MaterialDictionary,
}

impl PartialEq for ChainData {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

/// An engine over the catalog alone: enough to resolve chains before any stage file is loaded.
pub fn with_catalog_engine<T>(index: &CatalogIndex, f: impl FnOnce(&Engine<'_>) -> T) -> T {
    let (dict, forms, guides, materials) =
        (Dictionary::default(), FormSet::default(), GuideSet::default(), MaterialDictionary::default());
    f(&Engine::new(index, &dict, &forms, &guides, &materials))
}

async fn fetch_dictionary() -> Result<Dictionary, String> {
    let text = crate::fetch::dictionary_text().await?;
    Dictionary::from_exchange(&text).map_err(|e| e.message_zh())
}

async fn load_chain_data(stems: Vec<String>) -> Result<ChainData, String> {
    let dict = fetch_dictionary().await?;
    let mut specs = Vec::new();
    let mut guide_files: Vec<Rc<GuidesFile>> = Vec::new();
    for stem in &stems {
        let forms = stage_forms(stem).await?;
        specs.extend(forms.forms.values().cloned());
        guide_files.push(stage_guides(stem).await?);
    }
    let forms = FormSet::from_specs(specs.iter());
    let guides = GuideSet::from_files(guide_files.iter().map(|f| f.as_ref()));
    let materials = MaterialDictionary::from_files(guide_files.iter().map(|f| f.as_ref()));
    Ok(ChainData { dict, forms, guides, materials })
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
            let chain = with_catalog_engine(&catalog.index, |e| e.chain(&spec, &Selections::new()));
            match chain {
                Ok(chain) => {
                    let now = store::now_ms();
                    let draft = with_catalog_engine(&catalog.index, |e| Draft::new(e, &chain, Answers::default(), now));
                    let id = store::new_id();
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
    pub save_failed: bool,
}

impl Application {
    pub fn with_engine<T>(&self, index: &CatalogIndex, f: impl FnOnce(&Engine<'_>) -> T) -> T {
        f(&Engine::new(index, &self.data.dict, &self.data.forms, &self.data.guides, &self.data.materials))
    }
}

#[function_component(ApplyPage)]
pub fn apply_page(props: &ApplyProps) -> Html {
    let t = use_texts();
    let catalog = use_catalog();
    let draft = use_state(|| store::load(&props.draft));
    let retry = use_state(|| 0u32);
    let data = use_state(|| None::<Result<Rc<ChainData>, String>>);
    let save_failed = use_state(|| false);
    // What changed when the draft was opened against newer data (shown until the user leaves the application).
    let migrated = use_state(|| None::<DraftChanges>);
    let pending_save = use_mut_ref(|| None::<Timeout>);
    let latest = use_mut_ref(|| None::<Draft>);
    // The newest draft, updated synchronously by every edit (state updates land only at the next render).
    let current = use_mut_ref(|| None::<(String, Draft)>);
    // The merged form for (chain leaves, downloaded data): merging is not per-keystroke work.
    let merged = use_mut_ref(|| None::<(Vec<String>, Rc<ChainData>, Rc<MergedForm>)>);

    {
        let draft = draft.clone();
        use_effect_with(props.draft.clone(), move |id| draft.set(store::load(id)));
    }
    // The chain and the stage files it needs.
    let chain = match (&*draft, &catalog) {
        (Some(d), Some(c)) => with_catalog_engine(&c.index, |e| e.chain(&d.chain, &d.sel)).ok(),
        _ => None,
    };
    let needed = match (&chain, &catalog) {
        (Some(ch), Some(c)) => stems(&c.index, &ch.leaves),
        _ => Vec::new(),
    };
    {
        let data = data.clone();
        use_effect_with((needed.clone(), *retry), move |(needed, _)| {
            let needed = needed.clone();
            data.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                data.set(Some(load_chain_data(needed).await.map(Rc::new)));
            });
        });
    }
    // Save when the page is hidden (mobile browsers may never fire unload) and before an app update reloads.
    {
        let latest = latest.clone();
        let id = props.draft.clone();
        let save_failed = save_failed.clone();
        use_effect_with(id.clone(), move |_| {
            let flush = {
                let latest = latest.clone();
                let id = id.clone();
                move || {
                    // Also run by the panic hook (crash.rs), in the middle of a panic: never panics on a borrow
                    // the panic may hold, and holds none while saving.
                    let pending = latest.try_borrow_mut().ok().and_then(|mut l| l.take());
                    if let Some(d) = pending {
                        save_failed.set(store::save(&id, &d).is_err());
                    }
                }
            };
            let flush2 = flush.clone();
            let hidden = EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| flush());
            let update = EventListener::new(&gloo::utils::window(), "sqsb:before-update", move |_| flush2());
            move || {
                drop(hidden);
                drop(update);
            }
        });
    }

    // Filled against another catalog or other forms (an update arrived meanwhile): keep what still applies, save
    // it, and say what changed. Done once, in an effect: rendering only waits for it.
    let outdated = match (&*draft, &catalog, &*data) {
        (Some(d), Some(c), Some(Ok(loaded))) => d.cv != c.index.version() || d.fv != loaded.forms.version,
        _ => false,
    };
    {
        let (draft, data, catalog, current, migrated, save_failed, id) = (
            draft.clone(),
            data.clone(),
            catalog.clone(),
            current.clone(),
            migrated.clone(),
            save_failed.clone(),
            props.draft.clone(),
        );
        use_effect_with(outdated, move |outdated| {
            let (true, Some(d), Some(c), Some(Ok(loaded))) = (*outdated, (*draft).clone(), catalog, (*data).clone())
            else {
                return;
            };
            let engine = Engine::new(&c.index, &loaded.dict, &loaded.forms, &loaded.guides, &loaded.materials);
            let reopened = d.reopen(&engine);
            save_failed.set(store::save(&id, &reopened.draft).is_err());
            *current.borrow_mut() = Some((id, reopened.draft.clone()));
            if !reopened.changes.is_empty() {
                migrated.set(Some(reopened.changes));
            }
            draft.set(Some(reopened.draft));
        });
    }

    // Submitted (here, or in another tab while this one had it open): the receipt, never the draft again.
    if crate::handoff::receipts::exists(&props.draft) {
        return html! { <review::DoneStep id={props.draft.clone()} /> };
    }
    let (Some(catalog), Some(d)) = (catalog, (*draft).clone()) else {
        return not_found(&t);
    };
    let Some(chain) = chain else { return not_found(&t) };
    let loaded = match &*data {
        None => return html! { <p class="sq-muted" role="status">{ t.t("apply.loading") }</p> },
        Some(Err(_)) => {
            let retry = retry.clone();
            return html! {
                <div class="sq-alert" role="alert">
                    <p>{ t.t("apply.load_failed") }</p>
                    <button class="sq-button" type="button" onclick={Callback::from(move |_| retry.set(*retry + 1))}>{ t.t("guide.retry") }</button>
                </div>
            };
        }
        Some(Ok(data)) => data.clone(),
    };
    if outdated {
        return html! { <p class="sq-muted" role="status">{ t.t("apply.loading") }</p> };
    }

    let cached = merged
        .borrow()
        .as_ref()
        .filter(|(leaves, data, _)| *leaves == chain.leaves && Rc::ptr_eq(data, &loaded))
        .map(|(_, _, form)| form.clone());
    let form = match cached {
        Some(form) => form,
        None => {
            let engine = Engine::new(&catalog.index, &loaded.dict, &loaded.forms, &loaded.guides, &loaded.materials);
            match engine.merge(&chain) {
                Ok(form) => {
                    let form = Rc::new(form);
                    *merged.borrow_mut() = Some((chain.leaves.clone(), loaded.clone(), form.clone()));
                    form
                }
                // An item a catalog update added after this build has no form yet: name it, and say what to do.
                Err(MergeError::NoForm { item }) => {
                    let name = catalog.index.leaf(&item).map(|l| t.item_name(&item, l.name)).unwrap_or(item);
                    return html! {
                        <>
                            <div class="sq-alert" role="alert"><p>{ t.f("apply.no_form", &[("item", &name)]) }</p></div>
                            <p><a class="sq-button sq-button-secondary" href={Route::Home.to_hash()}>{ t.t("done.home") }</a></p>
                        </>
                    };
                }
                Err(e) => {
                    return html! { <div class="sq-alert" role="alert"><p>{ t.t("apply.load_failed") }</p><p class="sq-small">{ e.message_zh() }</p></div> }
                }
            }
        }
    };
    if current.borrow().as_ref().is_none_or(|(id, _)| *id != props.draft) {
        *current.borrow_mut() = Some((props.draft.clone(), d.clone()));
    }
    let persist = {
        let current = current.clone();
        let draft = draft.clone();
        let id = props.draft.clone();
        let pending_save = pending_save.clone();
        let latest = latest.clone();
        let save_failed = save_failed.clone();
        Rc::new(move |next: Draft| {
            if let Some((_, c)) = current.borrow_mut().as_mut() {
                *c = next.clone();
            }
            *latest.borrow_mut() = Some(next.clone());
            draft.set(Some(next));
            // Debounced: typing saves once the fingers rest.
            let id = id.clone();
            let latest = latest.clone();
            let save_failed = save_failed.clone();
            *pending_save.borrow_mut() = Some(Timeout::new(600, move || {
                if let Some(d) = latest.borrow_mut().take() {
                    save_failed.set(store::save(&id, &d).is_err());
                }
            }));
        })
    };
    let newest = {
        let current = current.clone();
        let d = d.clone();
        move || current.borrow().as_ref().map(|(_, c)| c.clone()).unwrap_or_else(|| d.clone())
    };
    let set_answers = {
        let persist = persist.clone();
        let newest = newest.clone();
        Callback::from(move |edit: Edit| {
            let mut next = newest();
            let mut answers = next.answers.clone();
            edit(&mut answers);
            next.update(answers, store::now_ms());
            persist(next);
        })
    };
    let set_selection = {
        let persist = persist.clone();
        Callback::from(move |(group, sub, on): (String, String, bool)| {
            let mut next = newest();
            let entry = next.sel.entry(group).or_default();
            if on {
                entry.insert(sub);
            } else {
                entry.remove(&sub);
            }
            next.updated = store::now_ms().max(next.created);
            persist(next);
        })
    };
    let app = Application {
        id: props.draft.clone(),
        draft: d,
        chain,
        data: loaded,
        form,
        set_answers,
        set_selection,
        save_failed: *save_failed,
    };
    let body = match props.step {
        Step::Notice => html! { <notice::NoticeStep app={AppProp(app.clone())} /> },
        Step::Form(n) => html! { <form::FormStep app={AppProp(app.clone())} section={n} /> },
        Step::Review => html! { <review::ReviewStep app={AppProp(app.clone())} /> },
        // The receipt is its own screen (`app::screen`): the draft is gone by then.
        Step::Done => html! {},
    };
    html! {
        <>
            <Progress step={props.step} sections={form_steps(&app).len()} />
            if app.save_failed {
                <p class="sq-alert" role="alert">{ t.t("drafts.storage_failed") }</p>
            }
            if let Some(changes) = &*migrated {
                <MigrationNotice changes={changes.clone()} />
            }
            { body }
        </>
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
            <h2 id="sq-migrated-title">{ t.t("migrate.title") }</h2>
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

fn not_found(t: &crate::i18n::Texts) -> Html {
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
pub struct AppProp(pub Application);

impl PartialEq for AppProp {
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
    let current = match props.step {
        Step::Notice => 0,
        Step::Form(_) => 1,
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
