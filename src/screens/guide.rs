//! A leaf item's 办事指南, read from the stage's guide file (fetched on demand).

use sqsb_core::engine::reference_supply;
use sqsb_core::exchange::{GuidesFile, StageKey};
use sqsb_core::guides::{Guide, MaterialRef, Online};
use yew::prelude::*;

use crate::basket::{BasketAction, BasketHandle};
use crate::catalog::use_catalog;
use crate::fetch::{use_stage_guides, Load};
use crate::i18n::use_texts;
use crate::i18n::Texts;
use crate::route::{Route, Start};

#[derive(Properties, PartialEq)]
pub struct GuideProps {
    pub id: String,
}

#[function_component(GuideView)]
pub fn guide_view(props: &GuideProps) -> Html {
    let t = use_texts();
    let retry = use_state(|| 0u32);
    let catalog = use_catalog();
    let basket = use_context::<BasketHandle>();
    let stem =
        catalog.as_ref().and_then(|c| StageKey::of(&c.index, &props.id)).map(|k| k.file_stem()).unwrap_or_default();
    let guides = use_stage_guides(stem, *retry);
    let Some(catalog) = catalog else {
        return Html::default();
    };
    let Some(leaf) = catalog.index.leaf(&props.id) else {
        return Html::default();
    };
    let scenario = catalog.index.scenario_of(&props.id);

    // An item a catalog update added after this build has no guide (and no form) yet: say so, and offer no online
    // application that could only fail.
    let not_ready = matches!(&guides, Load::Ready(file) if !file.guides.contains_key(&props.id));
    let in_basket = basket.as_ref().is_some_and(|b| b.items.contains(&props.id));
    let add = {
        let basket = basket.clone();
        let id = props.id.clone();
        Callback::from(move |_| {
            if let Some(b) = &basket {
                b.dispatch(BasketAction::Add(id.clone()));
            }
        })
    };
    let body = match &guides {
        Load::Loading => html! { <p class="sq-muted" role="status">{ t.t("guide.loading") }</p> },
        Load::Failed(_) => {
            let retry = retry.clone();
            html! {
                <div class="sq-alert" role="alert">
                    <p>{ t.t("guide.load_failed") }</p>
                    <button class="sq-button" type="button" onclick={Callback::from(move |_| retry.set(*retry + 1))}>{ t.t("guide.retry") }</button>
                </div>
            }
        }
        Load::Ready(file) => match file.guides.get(&props.id) {
            Some(guide) => guide_sections(&t, guide, file),
            None => html! { <div class="sq-panel" role="status"><p>{ t.t("guide.not_ready") }</p></div> },
        },
    };
    html! {
        <article class="sq-guide" aria-labelledby="sq-guide-title">
            <h1 class="sq-page-title" id="sq-guide-title">{ t.item_name(leaf.id, leaf.name) }</h1>
            <dl class="sq-facts">
                <dt>{ t.t("item.type") }</dt><dd>{ t.item_type(leaf.item_type.label()) }
                    if let Some(level) = leaf.level { { t.bracketed(&t.level(level.label())) } }</dd>
                <dt>{ t.t("item.lead") }</dt><dd>{ t.departments(leaf.lead) }</dd>
                if !leaf.partners.is_empty() { <dt>{ t.t("item.partners") }</dt><dd>{ t.departments(leaf.partners) }</dd> }
            </dl>
            if !not_ready {
            <div class="sq-actions">
                <a class="sq-button" href={Route::Start(Start::Item(props.id.clone())).to_hash()}>{ t.t("guide.start") }</a>
                if in_basket {
                    <a class="sq-button sq-button-secondary" href={Route::Basket.to_hash()}>{ t.t("guide.in_basket") }</a>
                } else {
                    <button class="sq-button sq-button-secondary" type="button" onclick={add}>{ t.t("guide.add_basket") }</button>
                }
            </div>
            }
            <crate::apply::schedule::Schedule leaves={vec![props.id.clone()]} />
            { body }
            <crate::rating::Rating subject={props.id.clone()} />
            <p class="sq-footnote">{ t.f("guide.disclaimer", &[("v", catalog.index.version())]) }</p>
            if let Some(sc) = scenario {
                <section class="sq-section" aria-labelledby="sq-related">
                    <h2 id="sq-related">{ t.t("guide.related") }</h2>
                    <ul class="sq-link-list">
                        { for sc.items.iter().filter(|i| i.id.as_str() != props.id && i.id.as_str() != leaf.item.id.as_str()).map(|i| html! {
                            <li><a href={Route::Item { id: i.id.as_str().to_owned() }.to_hash()}>{ t.item_name(&i.id, &i.name) }</a></li>
                        }) }
                    </ul>
                </section>
            }
        </article>
    }
}

fn section(id: &str, title: String, body: Html) -> Html {
    html! {
        <section class="sq-guide-section" aria-labelledby={id.to_owned()}>
            <h2 id={id.to_owned()}>{ title }</h2>
            { body }
        </section>
    }
}

/// One material of a guide, with its 免提交 mark. The counter page's checklist shows the same rows (`counter.rs`),
/// with `not_needed` set where the application's answers rule the material out (its `when` does not hold).
pub(crate) fn material_row(t: &Texts, m: &MaterialRef, file: &GuidesFile, not_needed: bool) -> Html {
    let material = file.materials.get(&m.key);
    let name = material.map_or(m.key.as_str(), |x| x.name.as_str());
    // The same one instruction as the checklist of an application (`apply::materials`); marked as 免提交 only
    // where the route stands in for this item's paper.
    let route = material.and_then(|x| x.exempt.as_ref());
    let shared = route.is_some() && m.paper.is_none();
    let supply = reference_supply(route, m);
    let exempt =
        crate::apply::materials::supply_text(t, &supply, &|id: &str| id.to_owned()).filter(|_| route.is_some());
    html! {
        <li class={classes!("sq-material", exempt.is_some().then_some("sq-exempt"), not_needed.then_some("sq-not-needed"))}>
            <span class="sq-material-name">{ name }</span>
            <span class="sq-material-meta">
                <span class="sq-tag">{ if m.required { t.t("guide.required") } else { t.t("guide.conditional") } }</span>
                { t.f("guide.copies", &[("form", &t.material_form(m.form.label())), ("n", &m.count.to_string())]) }
            </span>
            if let Some(note) = exempt { <span class={if shared { "sq-exempt-note" } else { "sq-material-note" }}>{ note }</span> }
            if let Some(c) = &m.condition { <span class="sq-material-note">{ c }</span> }
            if let Some(n) = &m.note { <span class="sq-material-note">{ n }</span> }
            if not_needed { <span class="sq-material-note">{ t.t("counter.not_needed") }</span> }
        </li>
    }
}

fn guide_sections(t: &Texts, g: &Guide, file: &GuidesFile) -> Html {
    let unknown = t.t("guide.unknown");
    let mut time = Vec::new();
    if let Some(legal) = crate::apply::notice::legal_limit(t, g.legal_days, g.legal_calendar_days) {
        time.push(legal);
    }
    if let Some(n) = g.promised_days {
        time.push(t.f("guide.promised_days", &[("n", &n.to_string())]));
    }
    if let Some(note) = &g.time_note {
        time.push(note.clone());
    }
    if time.is_empty() {
        time.push(unknown.clone());
    }
    let fee = match g.fee.free {
        Some(true) => t.t("guide.free"),
        Some(false) => t.labelled(&t.t("guide.charged"), &g.fee.amount.clone().unwrap_or_else(|| unknown.clone())),
        None => unknown.clone(),
    };
    let online = match g.online {
        Online::Full => t.t("guide.online.full"),
        Online::OnlineAndVisit => t.t("guide.online.online_and_visit"),
        Online::InPerson => t.t("guide.online.in_person"),
        Online::Unknown => t.t("guide.online.unknown"),
    };
    html! {
        <>
            { section("sq-g-target", t.t("guide.target"), html! { <p>{ &g.target }</p> }) }
            { section("sq-g-conditions", t.t("guide.conditions"), html! {
                <ul>{ for g.conditions.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
            }) }
            { section("sq-g-materials", t.t("guide.materials"), html! {
                <ul class="sq-materials">{ for g.materials.iter().map(|m| material_row(t, m, file, false)) }</ul>
            }) }
            { section("sq-g-steps", t.t("guide.steps"), html! {
                <ol class="sq-steps">{ for g.steps.iter().map(|s| html! {
                    <li><strong>{ &s.name }</strong><span>{ &s.detail }</span></li>
                }) }</ol>
            }) }
            { section("sq-g-time", t.t("guide.time"), html! { <ul>{ for time.iter().map(|x| html! { <li>{ x }</li> }) }</ul> }) }
            { section("sq-g-fee", t.t("guide.fee"), html! {
                <p>{ fee }<br /><span class="sq-muted sq-small">{ t.t("guide.basis_label") }{ &g.fee.basis }</span></p>
            }) }
            { section("sq-g-place", t.t("guide.place"), html! {
                <p><span class="sq-muted">{ t.labelled(&t.t("guide.handler"), "") }</span>{ &g.handler }<br />{ &g.place }</p>
            }) }
            { section("sq-g-online", t.t("guide.online"), html! { <p>{ online }</p> }) }
            { section("sq-g-visits", t.t("guide.visits"), html! {
                <p>{ g.visits.map(|n| t.f("guide.visits_n", &[("n", &n.to_string())])).unwrap_or_else(|| unknown.clone()) }</p>
            }) }
            { section("sq-g-basis", t.t("guide.legal_basis"), html! {
                <ul>{ for g.basis.iter().map(|b| html! { <li>{ &b.law }{ b.article.as_deref().map(|a| format!(" {a}")).unwrap_or_default() }</li> }) }</ul>
            }) }
            { section("sq-g-consult", t.t("guide.consult"), html! { <p>{ &g.consult }</p> }) }
            { section("sq-g-complaint", t.t("guide.complaint"), html! { <p>{ &g.complaint }</p> }) }
            if !g.faq.is_empty() {
                { section("sq-g-faq", t.t("guide.faq"), html! {
                    <dl class="sq-faq">{ for g.faq.iter().map(|f| html! { <><dt>{ &f.q }</dt><dd>{ &f.a }</dd></> }) }</dl>
                }) }
            }
        </>
    }
}
