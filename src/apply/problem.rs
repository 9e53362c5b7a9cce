//! No dead ends: when a chain's items cannot become one form, the citizen reads why in plain words — which of
//! their items cannot go together — and can take one out (then the application goes on) or go back a step.
//! Field and option codes go to the console only (`weihai-sqsb:` prefix), never to the screen.

use sqsb_core::draft::Draft;
use sqsb_core::engine::{take_out, Blocker, BlockerKind, ChainSpec};
use yew::prelude::*;

use super::store;
use crate::app::{use_catalog, use_texts};
use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct ProblemProps {
    /// The draft whose chain does not merge: its id, and its newest state (what is stored may lag behind by the
    /// autosave's pause).
    pub draft: String,
    pub current: Draft,
    pub blocker: Blocker,
    /// What the chain was started from: where “返回上一步” leads.
    pub spec: ChainSpec,
    /// Called after an item was taken out of the draft (the page reads the draft again).
    pub on_changed: Callback<()>,
}

#[function_component(ChainProblem)]
pub fn chain_problem(props: &ProblemProps) -> Html {
    let t = use_texts();
    let catalog = use_catalog();
    use_log_once(&props.blocker.detail);
    let name = |id: &str| {
        catalog
            .as_ref()
            .and_then(|c| c.index.leaf(id))
            .map_or_else(|| t.t("problem.unnamed"), |l| t.item_name(id, l.name))
    };
    let names: Vec<String> = props.blocker.items.iter().map(|id| name(id)).collect();
    let text = match props.blocker.kind {
        BlockerKind::NoForm => t.f("apply.no_form", &[("item", &names.join(t.list_separator()))]),
        BlockerKind::Together => t.f("problem.together", &[("items", &names.join(&t.t("problem.and")))]),
        BlockerKind::Data => t.t("problem.data"),
    };
    let removable: Vec<(String, String)> = props
        .blocker
        .items
        .iter()
        .zip(&names)
        .filter(|(id, _)| taken_out(&props.current, id).is_some())
        .map(|(id, n)| (id.clone(), n.clone()))
        .collect();
    let back = match &props.spec {
        ChainSpec::Scenario { lifecycle, code } => Route::Scenario { lifecycle: *lifecycle, code: code.clone() },
        ChainSpec::Basket(ids) if ids.len() == 1 => Route::Item { id: ids[0].clone() },
        ChainSpec::Basket(_) => Route::Basket,
    };
    html! {
        <section class="sq-panel sq-problem" role="alert" aria-labelledby="sq-problem-title">
            <h1 class="sq-page-title" id="sq-problem-title">{ t.t("problem.title") }</h1>
            <p>{ text }</p>
            <div class="sq-actions">
                { for removable.into_iter().map(|(id, n)| {
                    let (draft, current, on_changed) = (props.draft.clone(), props.current.clone(), props.on_changed.clone());
                    let onclick = Callback::from(move |_| {
                        let saved = taken_out(&current, &id).ok_or_else(|| "not a chosen item".to_owned()).and_then(|d| store::save(&draft, &d));
                        if let Err(e) = saved {
                            crate::embed::warn(&format!("taking {id} out of draft {draft}: {e}"));
                        }
                        on_changed.emit(());
                    });
                    html! { <button class="sq-button" type="button" {onclick}>{ t.f("problem.remove", &[("item", &n)]) }</button> }
                }) }
                <a class="sq-button sq-button-secondary" href={back.to_hash()}>{ t.t("problem.back") }</a>
            </div>
        </section>
    }
}

/// Logs the technical reason once per reason (not at every render).
#[hook]
fn use_log_once(detail: &str) {
    use_effect_with(detail.to_owned(), |detail| crate::embed::warn(&format!("this chain cannot be merged: {detail}")));
}

/// The draft without `leaf`, or `None` when it cannot be taken out (an item its scenario always brings).
fn taken_out(current: &Draft, leaf: &str) -> Option<Draft> {
    let mut d = current.clone();
    if !take_out(&mut d.chain, &mut d.sel, leaf) {
        return None;
    }
    d.updated = store::now_ms().max(d.created);
    Some(d)
}
