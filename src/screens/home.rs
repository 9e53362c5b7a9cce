//! Home: search, the notice's “一件事” scenarios as entry cards, and both lifecycles by stage.

use sqsb_core::catalog::{Lifecycle, LifecycleId, Stage};
use sqsb_core::search::MAX_QUERY_CHARS;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::catalog::use_catalog;
use crate::i18n::use_texts;
use crate::route::{use_navigator, Route};

const HOME_JSON: &str = include_str!("../../data/ui/home.json");

struct Featured {
    scenario: String,
    title: String,
}

/// The featured scenarios from data/ui/home.json (read as a JSON value: no extra deserializer in the bundle).
fn featured_scenarios() -> Vec<Featured> {
    let value: serde_json::Value = serde_json::from_str(HOME_JSON).unwrap_or_default();
    value["featured"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|f| {
                    Some(Featured {
                        scenario: f["scenario"].as_str()?.to_owned(),
                        title: f["title"].as_str()?.to_owned(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The words of a scenario's 一件事 card (出生一件事 for 出生), where the home offers one: its page carries the
/// same title, so the citizen lands where the card said.
pub fn card_title(lifecycle: &str, code: &str) -> Option<String> {
    let key = format!("{lifecycle}/{code}");
    featured_scenarios().into_iter().find(|f| f.scenario == key).map(|f| f.title)
}

pub fn item_count(stage: &Stage) -> usize {
    stage.scenarios.iter().map(|c| c.items.len()).sum()
}

#[function_component(Home)]
pub fn home() -> Html {
    let t = use_texts();
    let elder = use_context::<crate::prefs::PrefsHandle>().is_some_and(|p| p.elder);
    let Some(catalog) = use_catalog() else {
        return Html::default();
    };
    let featured = use_memo((), |_| featured_scenarios());
    let card = |f: &Featured| -> Option<(LifecycleId, Html)> {
        let (lc, code) = f.scenario.split_once('/')?;
        let lifecycle = LifecycleId::parse(lc)?;
        let scenario = catalog.index.scenario(lifecycle, code)?;
        let route = Route::Scenario { lifecycle, code: code.to_owned() };
        Some((
            lifecycle,
            html! {
                <li class={business_class(lifecycle)}>
                    <a class="sq-feature-card" href={route.to_hash()}>
                        <span class="sq-feature-title">{ if t.lang == crate::i18n::Lang::En { t.name(&format!("scenarios/{}", f.scenario), &f.title) } else { f.title.clone() } }</span>
                        <span class="sq-feature-count">{ t.f("home.items", &[("n", &scenario.items.len().to_string())]) }</span>
                    </a>
                </li>
            },
        ))
    };
    let cards: Vec<(LifecycleId, Html)> = featured.iter().filter_map(card).collect();
    let lifecycle = |lc: &Lifecycle| -> Html {
        let heading = match lc.id {
            LifecycleId::Enterprise => t.t("home.enterprise"),
            LifecycleId::Personal => t.t("home.personal"),
        };
        let heading_id = format!("sq-lc-{}", lc.id.as_str());
        html! {
            <section class={classes!("sq-section", "sq-lifecycle", business_class(lc.id))} aria-labelledby={heading_id.clone()}>
                <h2 id={heading_id}>{ heading }
                    <span class="sq-count">{ format!("{}{}", t.name(&format!("lifecycles/{}", lc.id.as_str()), &lc.name), t.bracketed(&t.f("home.items", &[("n", &lifecycle_items(lc).to_string())]))) }</span>
                </h2>
                <ul class="sq-stage-grid">
                    { for lc.stages.iter().map(|stage| html! {
                        <li>
                            <a class="sq-stage-card" href={Route::Stage { lifecycle: lc.id, no: stage.no }.to_hash()}>
                                <span class="sq-stage-name">{ t.name(&format!("stages/{}/{}", lc.id.as_str(), stage.no), &stage.name) }</span>
                                <span class="sq-stage-count">{ t.f("home.items", &[("n", &item_count(stage).to_string())]) }</span>
                            </a>
                        </li>
                    }) }
                </ul>
            </section>
        }
    };
    let sections: Vec<(LifecycleId, Html)> =
        catalog.index.catalog.lifecycles.iter().map(|lc| (lc.id, lifecycle(lc))).collect();
    let featured_section = |cards: Html| {
        html! {
            <section class="sq-section" aria-labelledby="sq-featured">
                <h2 id="sq-featured">{ t.t("home.featured") }</h2>
                <p class="sq-muted sq-small">{ t.t("home.featured_hint") }</p>
                <ul class="sq-feature-grid">{ cards }</ul>
            </section>
        }
    };
    // 长辈版 is simpler, not only larger (issue 25): a person's 一件事 and stages lead; everything a business does is
    // one tap away behind 企业办事, its cards and stages together.
    let body = if elder {
        let business_total: usize = catalog
            .index
            .catalog
            .lifecycles
            .iter()
            .filter(|lc| lc.id == LifecycleId::Enterprise)
            .map(lifecycle_items)
            .sum();
        html! {
            <>
                { featured_section(of_lifecycle(&cards, LifecycleId::Personal)) }
                { of_lifecycle(&sections, LifecycleId::Personal) }
                <details class="sq-section sq-business-more">
                    <summary>{ t.t("home.business_more") }<span class="sq-count">{ t.bracketed(&t.f("home.items", &[("n", &business_total.to_string())])) }</span></summary>
                    <ul class="sq-feature-grid">{ of_lifecycle(&cards, LifecycleId::Enterprise) }</ul>
                    { of_lifecycle(&sections, LifecycleId::Enterprise) }
                </details>
            </>
        }
    } else {
        html! {
            <>
                { featured_section(cards.into_iter().map(|(_, c)| c).collect()) }
                { for sections.into_iter().map(|(_, s)| s) }
            </>
        }
    };
    html! {
        <>
            <crate::screens::settings::ElderSwitch />
            <Drafts />
            <Receipts />
            <SearchBox initial="" />
            { body }
            <p class="sq-footnote">{ t.f("home.catalog_version", &[("v", catalog.index.version())]) }</p>
        </>
    }
}

/// Marks what belongs to businesses on the home, so that the prerendered home (always the standard layout) shows
/// 长辈版's simpler home at once: www/app.css hides these there until the app mounts with 企业办事.
fn business_class(lifecycle: LifecycleId) -> Option<&'static str> {
    (lifecycle == LifecycleId::Enterprise).then_some("sq-business")
}

/// The parts of the home (cards, sections) that belong to one lifecycle, in their order.
fn of_lifecycle(parts: &[(LifecycleId, Html)], lifecycle: LifecycleId) -> Html {
    parts.iter().filter(|(id, _)| *id == lifecycle).map(|(_, part)| part.clone()).collect()
}

fn lifecycle_items(lc: &Lifecycle) -> usize {
    lc.stages.iter().map(item_count).sum()
}

#[derive(Properties, PartialEq)]
pub struct SearchBoxProps {
    /// The text in the field. Yew keeps the field showing this value on every render, so a page that
    /// re-renders while typing passes the live query here.
    pub initial: AttrValue,
    #[prop_or_default]
    pub oninput: Option<Callback<String>>,
    #[prop_or_default]
    pub autofocus: bool,
}

/// The search field. On the home screen it submits to the search screen; on the search screen it reports
/// every keystroke through `oninput`, so results follow typing.
#[function_component(SearchBox)]
pub fn search_box(props: &SearchBoxProps) -> Html {
    let t = use_texts();
    let input = use_node_ref();
    let navigator = use_navigator();
    let onsubmit = {
        let input = input.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let query = input.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            navigator.push(&Route::Search { query: query.trim().to_owned() });
        })
    };
    let oninput = props.oninput.clone().map(|cb| {
        Callback::from(move |e: InputEvent| {
            let value = e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            cb.emit(value);
        })
    });
    {
        let input = input.clone();
        use_effect_with(props.autofocus, move |autofocus| {
            if *autofocus {
                if let Some(i) = input.cast::<HtmlInputElement>() {
                    let _ = i.focus();
                }
            }
        });
    }
    html! {
        <form class="sq-search" role="search" onsubmit={onsubmit}>
            <label class="sq-search-label" for="sq-q">{ t.t("home.search_label") }</label>
            <div class="sq-search-row">
                // Search reads no more than this (sqsb_core::search::MAX_QUERY_CHARS); the field stops the typing
                // there instead of silently ignoring the rest. A longer query from a link still shows whole.
                <input id="sq-q" ref={input} class="sq-search-input" type="search" name="q" autocomplete="off"
                    maxlength={MAX_QUERY_CHARS.to_string()} enterkeyhint="search" placeholder={t.t("home.search_placeholder")}
                    value={props.initial.clone()} oninput={oninput} />
                <button class="sq-button" type="submit">{ t.t("home.search_button") }</button>
            </div>
        </form>
    }
}

/// Unfinished applications on this device, offered for resumption.
#[function_component(Drafts)]
fn drafts() -> Html {
    let t = use_texts();
    let catalog = use_catalog();
    // Read after the first render, not during it: the build-time prerender (`app::StaticScreen`) renders this screen
    // where there is no storage, and the drafts are this device's anyway.
    let list = use_state(Vec::new);
    let featured = use_memo((), |_| featured_scenarios());
    {
        let list = list.clone();
        use_effect_with((), move |_| list.set(crate::apply::store::list()));
    }
    let undo = use_undo_delete(list.setter());
    // The notice of a deletion lives in a region that is always there, so screen readers hear it when it changes.
    let notice = html! {
        <div class="sq-undo" role="status" aria-live="polite">
            if let Some((_, name)) = &undo.deleted {
                <p class="sq-panel sq-undo-notice">
                    { t.f("drafts.deleted", &[("name", name)]) }{ " " }
                    <button class="sq-button sq-button-secondary" type="button" ref={undo.button.clone()} onclick={undo.restore.reform(|_| ())}
                        aria-label={t.f("drafts.undo_label", &[("name", name)])}>{ t.t("drafts.undo") }</button>
                </p>
            }
            if undo.failed { <p class="sq-alert">{ t.t("drafts.restore_failed") }</p> }
        </div>
    };
    if list.is_empty() {
        return notice;
    }
    // A draft of a scenario is named as its card is (出生一件事), else as the notice names the scenario; a
    // basket by its items.
    let scenario_name = |key: &str| -> Option<String> {
        if let Some(card) = featured.iter().find(|f| f.scenario == key) {
            return Some(card.title.clone());
        }
        let (lifecycle, code) = key.split_once('/')?;
        let lifecycle = sqsb_core::catalog::LifecycleId::parse(lifecycle)?;
        catalog.as_ref()?.index.scenario(lifecycle, code).map(|s| s.name.clone())
    };
    // 即将到期 in each row (办事日程); the list shows only after the first render, so this reads the device then.
    let submitted = crate::screens::upcoming::submitted_items();
    let name_of = |d: &sqsb_core::draft::DraftSummary| -> String {
        if let Some(name) = d.scenario().and_then(|key| scenario_name(&key)) {
            return name;
        }
        let names: Vec<String> = d
            .items
            .iter()
            .filter_map(|id| catalog.as_ref().and_then(|c| c.index.leaf(id)).map(|l| t.item_name(id, l.name)))
            .collect();
        match (names.first(), names.len()) {
            (Some(first), 1) => first.clone(),
            (Some(first), n) => t.f("drafts.items", &[("first", first), ("n", &n.to_string())]),
            (None, _) => t.t("notice.empty"),
        }
    };
    html! {
        <>
        { notice }
        <section class="sq-section sq-panel sq-drafts" aria-labelledby="sq-drafts">
            <h2 id="sq-drafts">{ t.t("drafts.title") }</h2>
            <ul class="sq-plain-list">
                { for list.iter().map(|(id, d)| {
                    let title = name_of(d);
                    let remove = undo.delete.reform({
                        let (id, title) = (id.clone(), title.clone());
                        move |_| (id.clone(), title.clone())
                    });
                    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(d.updated as f64));
                    let when = format!("{}-{:02}-{:02} {:02}:{:02}", when.get_full_year(), when.get_month() + 1, when.get_date(), when.get_hours(), when.get_minutes());
                    html! {
                        <li class="sq-draft">
                            <span class="sq-draft-name">{ &title }</span>
                            if let Some(c) = &catalog { { crate::screens::upcoming::upcoming_line(&t, &c.index, id, &submitted) } }
                            <span class="sq-muted sq-small">{ t.f("drafts.updated", &[("time", &when)]) }</span>
                            <span class="sq-actions">
                                <a class="sq-button" href={Route::Apply { draft: id.clone(), step: crate::route::Step::resuming(d.resume_step()) }.to_hash()}
                                    aria-label={t.labelled(&t.t("drafts.resume"), &title)}>{ t.t("drafts.resume") }</a>
                                <button class="sq-button sq-button-secondary" type="button" onclick={remove}
                                    aria-label={t.labelled(&t.t("drafts.delete"), &title)}>{ t.t("drafts.delete") }</button>
                            </span>
                        </li>
                    }
                }) }
            </ul>
        </section>
        </>
    }
}

/// How long 撤销 is offered after 删除草稿. The deleted draft is held in memory only for this long (PIPL: nothing
/// written), and not at all once the home is left.
const UNDO_MS: u32 = 10_000;

/// 删除草稿 with 撤销: what was deleted and its name while 撤销 is offered, the callbacks, and the 撤销 button
/// (focused when it appears: the 删除 button pressed is gone).
struct UndoDelete {
    deleted: Option<(crate::apply::store::Removed, String)>,
    failed: bool,
    delete: Callback<(String, String)>,
    restore: Callback<()>,
    button: NodeRef,
}

/// 删除草稿 takes the draft off the device at once and offers 撤销 for [`UNDO_MS`]; `set_list` refreshes the list.
#[hook]
fn use_undo_delete(set_list: UseStateSetter<Vec<(String, sqsb_core::draft::DraftSummary)>>) -> UndoDelete {
    let deleted = use_state(|| None::<(crate::apply::store::Removed, String)>);
    let failed = use_state(|| false);
    let timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    let button = use_node_ref();
    {
        let button = button.clone();
        let shown = deleted.as_ref().map(|(r, _)| r.id.clone());
        use_effect_with(shown, move |shown| {
            if shown.is_some() {
                if let Some(b) = button.cast::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            }
        });
    }
    let delete = {
        let (deleted, failed, timer, set_list) = (deleted.clone(), failed.clone(), timer.clone(), set_list.clone());
        Callback::from(move |(id, name): (String, String)| {
            let removed = crate::apply::store::take(&id);
            set_list.set(crate::apply::store::list());
            failed.set(false);
            let expire = deleted.setter();
            // A later deletion makes an earlier one final: one 撤销 at a time.
            *timer.borrow_mut() =
                removed.is_some().then(|| gloo::timers::callback::Timeout::new(UNDO_MS, move || expire.set(None)));
            deleted.set(removed.map(|r| (r, name)));
        })
    };
    let restore = {
        let (deleted, failed, timer) = (deleted.clone(), failed.clone(), timer.clone());
        Callback::from(move |()| {
            if let Some((removed, _)) = &*deleted {
                failed.set(crate::apply::store::restore(removed).is_err());
                set_list.set(crate::apply::store::list());
            }
            timer.borrow_mut().take();
            deleted.set(None);
        })
    };
    UndoDelete { deleted: (*deleted).clone(), failed: *failed, delete, restore, button }
}

/// Submitted applications on this device, newest first: where each stands, and its receipt (the counter's codes
/// are there while the application is kept). Read after the first render, like the drafts.
#[function_component(Receipts)]
fn receipts() -> Html {
    let t = use_texts();
    let list = use_state(Vec::new);
    {
        let list = list.clone();
        use_effect_with((), move |_| list.set(crate::handoff::receipts::list()));
    }
    if list.is_empty() {
        return Html::default();
    }
    html! {
        <section class="sq-section sq-panel sq-receipts" aria-labelledby="sq-receipts">
            <h2 id="sq-receipts">{ t.t("receipts.title") }</h2>
            <ul class="sq-plain-list">
                { for list.iter().map(|(id, r)| {
                    let title = match (r.items.first(), r.items.len()) {
                        (Some((_, first)), 1) => first.clone(),
                        (Some((_, first)), n) => t.f("drafts.items", &[("first", first), ("n", &n.to_string())]),
                        (None, _) => r.reference.clone(),
                    };
                    let status = t.t(match r.status {
                        sqsb_core::receipt::Status::Delivered { .. } => "receipts.delivered",
                        sqsb_core::receipt::Status::Waiting => "receipts.waiting",
                        sqsb_core::receipt::Status::Refused { .. } => "receipts.refused",
                        sqsb_core::receipt::Status::NotSent => "receipts.not_sent",
                    });
                    html! {
                        <li class="sq-draft">
                            <span class="sq-draft-name">{ &title }</span>
                            <span class="sq-small"><strong>{ status }</strong></span>
                            <span class="sq-muted sq-small">{ t.f("done.reference", &[("ref", &r.reference)]) }</span>
                            <span class="sq-actions">
                                <a class="sq-button sq-button-secondary" href={Route::Apply { draft: id.clone(), step: crate::route::Step::Done }.to_hash()}
                                    aria-label={t.labelled(&t.t("receipts.open"), &title)}>{ t.t("receipts.open") }</a>
                            </span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
