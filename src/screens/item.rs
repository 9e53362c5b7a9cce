//! An item: a group lists its sub-items; a leaf shows its guide.

use yew::prelude::*;

use crate::catalog::use_catalog;
use crate::i18n::use_texts;
use crate::route::Route;
use crate::screens::browse::{Breadcrumb, SubItemRow};
#[cfg(feature = "full")]
use crate::screens::guide::GuideView as GuideScreen;
use crate::screens::NotFound;

#[derive(Properties, PartialEq)]
pub struct ItemProps {
    pub id: String,
}

#[function_component(ItemPage)]
pub fn item_page(props: &ItemProps) -> Html {
    let t = use_texts();
    let Some(catalog) = use_catalog() else {
        return Html::default();
    };
    let index = &catalog.index;
    let Some(place) = index.place(&props.id) else {
        return html! { <NotFound /> };
    };
    let lc = index.lifecycle_at(place);
    let stage = index.stage_at(place);
    let sc = index.scenario_at(place);
    let item = index.item_at(place);
    let lc_id = lc.id.as_str();
    let item_name = t.item_name(&item.id, &item.name);
    let mut trail = vec![(t.name(&format!("lifecycles/{lc_id}"), &lc.name), None)];
    // Where a stage has one scenario of the same name (出生 › 出生), one crumb is enough.
    if stage.name != sc.name {
        let name = t.name(&format!("stages/{lc_id}/{}", stage.no), &stage.name);
        trail.push((name, Some(Route::Stage { lifecycle: lc.id, no: stage.no }.to_hash())));
    }
    let name = t.name(&format!("scenarios/{lc_id}/{}", sc.code), &sc.name);
    trail.push((name, Some(Route::Scenario { lifecycle: lc.id, code: sc.code.clone() }.to_hash())));
    if place.subitem.is_some() {
        trail.push((item_name.clone(), Some(Route::Item { id: item.id.as_str().to_owned() }.to_hash())));
    }
    let Some(leaf) = index.leaf(&props.id) else {
        // A group: choose the sub-item that applies.
        return html! {
            <>
                <Breadcrumb trail={trail} current={item_name.clone()} />
                <h1 class="sq-page-title">{ item_name }</h1>
                <dl class="sq-facts">
                    <dt>{ t.t("item.lead") }</dt><dd>{ t.departments(&item.lead) }</dd>
                    if !item.partners.is_empty() { <dt>{ t.t("item.partners") }</dt><dd>{ t.departments(&item.partners) }</dd> }
                </dl>
                <p>{ t.f("item.subitems", &[("n", &item.subitems.len().to_string())]) }</p>
                <ul class="sq-item-list">
                    { for item.subitems.iter().map(|sub| html! { <SubItemRow sub={sub.clone()} /> }) }
                </ul>
            </>
        };
    };
    html! {
        <>
            <Breadcrumb trail={trail} current={t.item_name(leaf.id, leaf.name)} />
            <GuideScreen id={leaf.id.as_str().to_owned()} />
        </>
    }
}

/// The lean build has no guide reader: it switches to the full build for a guide (`upgrade.rs`).
#[cfg(not(feature = "full"))]
#[function_component(GuideScreen)]
fn guide_screen(props: &crate::screens::guide::GuideProps) -> Html {
    let route = Route::Item { id: props.id.clone() };
    html! { <crate::upgrade::Upgrade {route} loading="guide.loading" failed="guide.load_failed" /> }
}
