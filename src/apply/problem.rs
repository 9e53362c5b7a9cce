//! No dead ends: when a chain's items cannot become one form, the citizen reads why in plain words — which of
//! their items cannot go together — and can take one out (then the application goes on) or go back a step.
//! Field and option codes go to the console only (`weihai-sqsb:` prefix), never to the screen.

use sqsb_core::engine::{take_out, Blocker, BlockerKind, ChainSpec};
use yew::prelude::*;

use super::store;
use crate::app::{use_catalog, use_texts};
use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct ProblemProps {
    /// The draft whose chain does not merge.
    pub draft: String,
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
        .filter(|(id, _)| can_take_out(&props.draft, id))
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
                    let (draft, on_changed) = (props.draft.clone(), props.on_changed.clone());
                    let onclick = Callback::from(move |_| {
                        if let Err(e) = take_out_of_draft(&draft, &id) {
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

fn can_take_out(draft: &str, leaf: &str) -> bool {
    store::load(draft).is_some_and(|mut d| take_out(&mut d.chain, &mut d.sel, leaf))
}

fn take_out_of_draft(draft: &str, leaf: &str) -> Result<(), String> {
    let mut d = store::load(draft).ok_or("draft gone")?;
    if !take_out(&mut d.chain, &mut d.sel, leaf) {
        return Err("not a chosen item".to_owned());
    }
    d.updated = store::now_ms().max(d.created);
    store::save(draft, &d)
}
