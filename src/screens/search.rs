//! Search as you type: results follow every keystroke (the query is read from the input event, so none is
//! dropped), grouped by lifecycle, with the matched characters marked. The first-screen search (first/) renders the
//! same markup before the app has arrived; `tests/prerender.rs` keeps the two alike.

use sqsb_core::catalog::LifecycleId;
use sqsb_core::search::{Hit, SearchScreen};
use yew::prelude::*;

use crate::catalog::use_catalog;
use crate::i18n::use_texts;
use crate::i18n::{Lang, Texts};
use crate::route::{use_navigator, Route};
use crate::screens::home::SearchBox;

#[derive(Properties, PartialEq)]
pub struct SearchProps {
    pub query: String,
}

#[function_component(SearchPage)]
pub fn search_page(props: &SearchProps) -> Html {
    let t = use_texts();
    let query = use_state(|| props.query.clone());
    let navigator = use_navigator();
    {
        // A new route (back/forward, deep link) sets the query.
        let query = query.clone();
        use_effect_with(props.query.clone(), move |q| query.set(q.clone()));
    }
    // Limit and 大家常办 items (data/ui/search.json): read once for the screen, not on every keystroke.
    let screen = use_memo((), |_| SearchScreen::bundled());
    let Some(catalog) = use_catalog() else {
        return Html::default();
    };
    let oninput = {
        let query = query.clone();
        Callback::from(move |q: String| {
            navigator.record(&Route::Search { query: q.clone() });
            query.set(q);
        })
    };
    let hits = catalog.search.search(&query, screen.limit);
    let q = query.trim().to_owned();
    let results = if q.is_empty() {
        Html::default()
    } else if hits.is_empty() {
        html! {
            <div class="sq-empty" role="status">
                <p>{ t.f("search.empty", &[("q", &q)]) }</p>
                <p>{ t.t("search.empty_hint") }</p>
                <h2>{ t.t("search.popular") }</h2>
                <ul class="sq-link-list">
                    { for screen.popular.iter().filter_map(|id| catalog.index.leaf(id)).map(|leaf| html! {
                        <li><a href={Route::Item { id: leaf.id.as_str().to_owned() }.to_hash()}>{ t.item_name(leaf.id, leaf.name) }</a></li>
                    }) }
                </ul>
            </div>
        }
    } else {
        let group = |lc: LifecycleId, key: &str| {
            let list: Vec<&Hit> = hits.iter().filter(|h| h.lifecycle == lc).collect();
            if list.is_empty() {
                return Html::default();
            }
            let id = format!("sq-results-{}", lc.as_str());
            html! {
                <section class="sq-section" aria-labelledby={id.clone()}>
                    <h2 id={id}>{ t.t(key) }<span class="sq-count">{ t.bracketed(&list.len().to_string()) }</span></h2>
                    <ul class="sq-item-list">{ for list.into_iter().map(|hit| result_row(&t, hit)) }</ul>
                </section>
            }
        };
        html! {
            <>
                <p class="sq-muted" role="status">{ t.f("search.results", &[("n", &hits.len().to_string())]) }</p>
                { group(LifecycleId::Enterprise, "search.enterprise") }
                { group(LifecycleId::Personal, "search.personal") }
            </>
        }
    };
    html! {
        <>
            <h1 class="sq-page-title">{ t.t("search.title") }</h1>
            <SearchBox initial={AttrValue::from((*query).clone())} oninput={oninput} autofocus={true} />
            <div class="sq-results">{ results }</div>
        </>
    }
}

/// A result: the name with what matched marked. In English an item with an English name shows it first, and the
/// Chinese name (where the match is, since people search in Chinese or pinyin) below it.
fn result_row(t: &Texts, hit: &Hit) -> Html {
    let english = match t.lang {
        Lang::En => Some(t.item_name(&hit.id, "")).filter(|n| !n.is_empty()),
        Lang::Zh => None,
    };
    html! {
        <li class="sq-item">
            <a class="sq-item-link" href={Route::Item { id: hit.id.clone() }.to_hash()}>
                if let Some(name) = english {
                    <span class="sq-item-name">{ name }</span>
                    <span class="sq-item-meta" lang="zh-CN">{ highlighted(&hit.name, &hit.highlight) }</span>
                } else {
                    <span class="sq-item-name">{ highlighted(&hit.name, &hit.highlight) }</span>
                }
            </a>
        </li>
    }
}

/// The name with the matched character ranges in <mark>.
fn highlighted(name: &str, ranges: &[(usize, usize)]) -> Html {
    let chars: Vec<char> = name.chars().collect();
    let mut parts = Vec::new();
    let mut at = 0;
    for &(start, end) in ranges {
        let (start, end) = (start.min(chars.len()), end.min(chars.len()));
        if start < at || start >= end {
            continue;
        }
        parts.push(html! { { chars[at..start].iter().collect::<String>() } });
        parts.push(html! { <mark>{ chars[start..end].iter().collect::<String>() }</mark> });
        at = end;
    }
    parts.push(html! { { chars[at..].iter().collect::<String>() } });
    html! { <>{ for parts }</> }
}
