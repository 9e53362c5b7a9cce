//! No dead ends: when a chain's items cannot become one form, the citizen reads why in plain words — which of
//! their items cannot go together — and can take one out (then the application goes on) or go back a step.
//! Field and option codes go to the console only (`weihai-sqsb:` prefix), never to the screen.

use sqsb_core::draft::Draft;
use sqsb_core::engine::{take_out, Blocker, BlockerKind, ChainSpec};
use yew::prelude::*;

use super::store;
use crate::catalog::use_catalog;
use crate::i18n::use_texts;
use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct ProblemProps {
    /// The draft whose chain does not merge, as of this render (the stored copy may lag behind the autosave).
    pub current: Draft,
    pub blocker: Blocker,
    /// The draft without the item the citizen took out: to be saved and shown.
    pub on_take_out: Callback<Draft>,
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
    let back = match &props.current.chain {
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
                    let (current, on_take_out) = (props.current.clone(), props.on_take_out.clone());
                    let onclick = Callback::from(move |_| match taken_out(&current, &id) {
                        Some(next) => on_take_out.emit(next),
                        None => crate::log::warn(&format!("{id} cannot be taken out of this application")),
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
    use_effect_with(detail.to_owned(), |detail| crate::log::warn(&format!("this chain cannot be merged: {detail}")));
}

/// The draft without `leaf`, or `None` when it cannot be taken out (an item its scenario always brings).
fn taken_out(current: &Draft, leaf: &str) -> Option<Draft> {
    let mut d = current.clone();
    if !take_out(&mut d.chain, &mut d.selections, leaf) {
        return None;
    }
    d.updated = store::now_ms().max(d.created);
    Some(d)
}
