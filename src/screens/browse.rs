//! Browsing: a stage's scenarios, a scenario's items, groups expandable to their sub-items.

use sqsb_core::catalog::{Item, LifecycleId, Scenario, SubItem};
use yew::prelude::*;

use crate::catalog::use_catalog;
use crate::i18n::use_texts;
use crate::i18n::Texts;
use crate::route::{Route, Start};
use crate::screens::NotFound;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub lifecycle: LifecycleId,
    pub no: u32,
}

#[function_component(StagePage)]
pub fn stage_page(props: &StageProps) -> Html {
    let t = use_texts();
    let Some(catalog) = use_catalog() else {
        return Html::default();
    };
    let Some(lc) = catalog.index.catalog.lifecycle(props.lifecycle) else {
        return html! { <NotFound /> };
    };
    let Some(stage) = lc.stages.iter().find(|s| s.no == props.no) else {
        return html! { <NotFound /> };
    };
    let lc_name = t.name(&format!("lifecycles/{}", lc.id.as_str()), &lc.name);
    let stage_name = t.name(&format!("stages/{}/{}", lc.id.as_str(), stage.no), &stage.name);
    html! {
        <>
            <Breadcrumb trail={vec![(lc_name.clone(), None)]} current={stage_name.clone()} />
            <h1 class="sq-page-title">{ &stage_name }</h1>
            <p class="sq-muted">{ t.f("stage.scenarios", &[("n", &stage.scenarios.len().to_string())]) }</p>
            { for stage.scenarios.iter().map(|sc| html! {
                <ScenarioSection lifecycle={props.lifecycle} scenario={sc.clone()} heading_level={2} />
            }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ScenarioProps {
    pub lifecycle: LifecycleId,
    pub code: String,
}

#[function_component(ScenarioPage)]
pub fn scenario_page(props: &ScenarioProps) -> Html {
    let t = use_texts();
    let Some(catalog) = use_catalog() else {
        return Html::default();
    };
    let Some(lc) = catalog.index.catalog.lifecycle(props.lifecycle) else {
        return html! { <NotFound /> };
    };
    let found =
        lc.stages.iter().find_map(|stage| stage.scenarios.iter().find(|s| s.code == props.code).map(|sc| (stage, sc)));
    let Some((stage, sc)) = found else {
        return html! { <NotFound /> };
    };
    let stage_route = Route::Stage { lifecycle: props.lifecycle, no: stage.no };
    html! {
        <>
            <Breadcrumb trail={vec![(t.name(&format!("lifecycles/{}", lc.id.as_str()), &lc.name), None), (t.name(&format!("stages/{}/{}", lc.id.as_str(), stage.no), &stage.name), Some(stage_route.to_hash()))]}
                current={t.name(&format!("scenarios/{}/{}", lc.id.as_str(), sc.code), &sc.name)} />
            <ScenarioSection lifecycle={props.lifecycle} scenario={sc.clone()} heading_level={1} />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ScenarioSectionProps {
    pub lifecycle: LifecycleId,
    pub scenario: Scenario,
    pub heading_level: u8,
}

#[function_component(ScenarioSection)]
pub fn scenario_section(props: &ScenarioSectionProps) -> Html {
    let t = use_texts();
    let sc = &props.scenario;
    let sc_name = t.name(&format!("scenarios/{}/{}", props.lifecycle.as_str(), sc.code), &sc.name);
    let id = format!("sq-sc-{}-{}", props.lifecycle.as_str(), sc.code.replace('.', "-"));
    let title = html! { <a href={Route::Scenario { lifecycle: props.lifecycle, code: sc.code.clone() }.to_hash()}>{ &sc_name }</a> };
    let heading = if props.heading_level == 1 {
        // The card's words where the home has a card for it (its Chinese: an English name stays English).
        let card = (sc_name == sc.name).then(|| super::home::card_title(props.lifecycle.as_str(), &sc.code)).flatten();
        html! { <h1 class="sq-page-title" id={id.clone()}>{ card.unwrap_or_else(|| sc_name.clone()) }</h1> }
    } else {
        html! { <h2 id={id.clone()}>{ title }</h2> }
    };
    html! {
        <section class="sq-section sq-scenario" aria-labelledby={id}>
            { heading }
            <p class="sq-muted sq-small">{ t.labelled(&t.t("item.lead"), &sc.items.first().map(|i| t.departments(&i.lead)).unwrap_or_default()) }</p>
            <p><a class="sq-button" href={Route::Start(Start::Scenario { lifecycle: props.lifecycle, code: sc.code.clone() }).to_hash()}>
                { t.t("scenario.apply_all") }</a></p>
            <ul class="sq-item-list">
                { for sc.items.iter().map(|item| html! { <ItemRow item={item.clone()} /> }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ItemRowProps {
    pub item: Item,
}

/// One item in a list: name, departments, level note; a group expands to its sub-items. The item's type (公共服务,
/// 行政许可 …) is the department's classification, not something a citizen chooses by: only the guide shows it
/// (#25: type tags on request only).
#[function_component(ItemRow)]
pub fn item_row(props: &ItemRowProps) -> Html {
    let t = use_texts();
    let item = &props.item;
    let meta = html! {
        <span class="sq-item-meta">
            if let Some(level) = item.level { <span class="sq-tag sq-tag-level">{ t.level(level.label()) }</span> }
            { departments(&t, item) }
        </span>
    };
    if !item.is_group() {
        return html! {
            <li class="sq-item">
                <a class="sq-item-link" href={Route::Item { id: item.id.as_str().to_owned() }.to_hash()}>
                    <span class="sq-item-name">{ t.item_name(&item.id, &item.name) }</span>
                    { meta }
                </a>
            </li>
        };
    }
    html! {
        <li class="sq-item sq-group">
            <details>
                <summary class="sq-item-link">
                    <span class="sq-item-name">{ t.item_name(&item.id, &item.name) }</span>
                    <span class="sq-item-meta">
                        <span class="sq-tag">{ t.f("item.show_subitems", &[("n", &item.subitems.len().to_string())]) }</span>
                        { departments(&t, item) }
                    </span>
                </summary>
                <ul class="sq-sub-list">
                    { for item.subitems.iter().map(|sub| html! { <SubItemRow sub={sub.clone()} /> }) }
                </ul>
            </details>
        </li>
    }
}

/// The departments of the item's row in the notice: the lead, and the partners by name. Without them a row such as
/// 居民身份证签发 would show only the scenario's lead (市卫生健康委), not 市公安局 printed on that row.
fn departments(t: &Texts, item: &Item) -> Html {
    html! {
        <>
            <span class="sq-dept">{ t.departments(&item.lead) }</span>
            if !item.partners.is_empty() {
                <span class="sq-dept">{ t.labelled(&t.t("item.partners"), &t.departments(&item.partners)) }</span>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct SubItemRowProps {
    pub sub: SubItem,
}

/// One sub-item in a list: name and level note, linking to its guide (which shows its type).
#[function_component(SubItemRow)]
pub fn sub_item_row(props: &SubItemRowProps) -> Html {
    let t = use_texts();
    let sub = &props.sub;
    html! {
        <li class="sq-item">
            <a class="sq-item-link" href={Route::Item { id: sub.id.as_str().to_owned() }.to_hash()}>
                <span class="sq-item-name">{ t.item_name(&sub.id, &sub.name) }</span>
                if let Some(level) = sub.level {
                    <span class="sq-item-meta"><span class="sq-tag sq-tag-level">{ t.level(level.label()) }</span></span>
                }
            </a>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct BreadcrumbProps {
    /// (label, link) for each level above the current one.
    pub trail: Vec<(String, Option<String>)>,
    pub current: String,
}

#[function_component(Breadcrumb)]
pub fn breadcrumb(props: &BreadcrumbProps) -> Html {
    let t = use_texts();
    html! {
        <nav class="sq-breadcrumb" aria-label={t.t("nav.breadcrumb")}>
            <ol>
                <li><a href={Route::Home.to_hash()}>{ t.t("nav.home") }</a></li>
                { for props.trail.iter().map(|(label, link)| html! {
                    <li>{ match link { Some(href) => html! { <a href={href.clone()}>{ label }</a> }, None => html! { label } } }</li>
                }) }
                <li aria-current="page">{ &props.current }</li>
            </ol>
        </nav>
    }
}
