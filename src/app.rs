//! The root component: loads the bundled catalog and search index once, provides them, the interface texts and
//! the basket to every screen, and switches screens by route.

use std::rc::Rc;

use sqsb_core::catalog::CatalogIndex;
use sqsb_core::search::SearchIndex;
use yew::prelude::*;

use crate::i18n::{Lang, Texts};
use crate::prefs::{Prefs, PrefsHandle};
use crate::route::{use_route, Route};
use crate::screens::{
    basket::BasketPage, browse::ScenarioPage, browse::StagePage, home::Home, item::ItemPage, search::SearchPage,
};
use crate::storage;

/// The catalog and its search index. Loaded once; shared with every screen.
#[derive(Clone)]
pub struct Catalog {
    pub index: Rc<CatalogIndex>,
    pub search: Rc<SearchIndex>,
}

impl PartialEq for Catalog {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.index, &other.index)
    }
}

/// The basket (办事篮): leaf ids the user collected, persisted locally.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Basket {
    pub items: Vec<String>,
}

pub enum BasketAction {
    Add(String),
    Remove(String),
}

impl Reducible for Basket {
    type Action = BasketAction;

    fn reduce(self: Rc<Self>, action: BasketAction) -> Rc<Self> {
        let mut items = self.items.clone();
        match action {
            BasketAction::Add(id) if !items.contains(&id) => items.push(id),
            BasketAction::Add(_) => return self,
            BasketAction::Remove(id) => items.retain(|i| *i != id),
        }
        storage::save_basket(&items);
        Rc::new(Basket { items })
    }
}

pub type BasketHandle = UseReducerHandle<Basket>;

#[hook]
pub fn use_catalog() -> Option<Catalog> {
    use_context::<Catalog>()
}

#[hook]
pub fn use_texts() -> Texts {
    use_context::<Texts>().unwrap_or_else(|| Texts::new(Lang::Zh))
}

#[function_component(App)]
pub fn app() -> Html {
    let prefs = use_reducer(Prefs::load);
    let texts = use_memo(prefs.lang(), |lang| Texts::new(*lang));
    let catalog = use_memo((), |_| {
        CatalogIndex::bundled().map(|index| {
            let search = Rc::new(SearchIndex::new(&index));
            Catalog { index: Rc::new(index), search }
        })
    });
    let basket = use_reducer(|| Basket { items: storage::load_basket() });
    let route = use_route();
    let t = (*texts).clone();
    match &*catalog {
        Ok(catalog) => html! {
            <ContextProvider<Texts> context={t.clone()}>
            <ContextProvider<Catalog> context={catalog.clone()}>
            <ContextProvider<BasketHandle> context={basket.clone()}>
            <ContextProvider<PrefsHandle> context={prefs.clone()}>
                <div class={classes!("sq-app", prefs.elder.then_some("sq-elder"))} lang={t.lang.tag()}>
                    <a class="sq-skip" href="#sq-main" onclick={skip_to_main()}>{ t.t("app.skip") }</a>
                    <Header basket_count={basket.items.len()} />
                    <main class="sq-main" id="sq-main" tabindex="-1">
                        { screen(&route) }
                    </main>
                </div>
            </ContextProvider<PrefsHandle>>
            </ContextProvider<BasketHandle>>
            </ContextProvider<Catalog>>
            </ContextProvider<Texts>>
        },
        Err(error) => html! {
            <div class="sq-app">
                <main class="sq-main">
                    <div class="sq-alert" role="alert">
                        <h1>{ t.t("error.catalog") }</h1>
                        <p>{ t.t("error.catalog_hint") }</p>
                        <p class="sq-muted">{ error.message_zh() }</p>
                    </div>
                </main>
            </div>
        },
    }
}

/// The skip link moves focus to <main> without changing the hash route.
fn skip_to_main() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| {
        e.prevent_default();
        if let Some(main) = gloo::utils::document().get_element_by_id("sq-main") {
            if let Ok(main) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(main) {
                let _ = main.focus();
            }
        }
    })
}

fn screen(route: &Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Stage { lifecycle, no } => html! { <StagePage lifecycle={*lifecycle} no={*no} /> },
        Route::Scenario { lifecycle, code } => {
            html! { <ScenarioPage lifecycle={*lifecycle} code={code.clone()} /> }
        }
        Route::Item { id } => html! { <ItemPage id={id.clone()} /> },
        Route::Search { query } => html! { <SearchPage query={query.clone()} /> },
        Route::Basket => html! { <BasketPage /> },
        Route::Settings => html! { <crate::screens::settings::SettingsPage /> },
        Route::Start(start) => html! { <crate::apply::StartPage start={start.clone()} /> },
        Route::Apply { draft, step } => html! { <crate::apply::ApplyPage draft={draft.clone()} step={*step} /> },
        Route::NotFound => html! { <crate::screens::item::NotFound /> },
    }
}

#[derive(Properties, PartialEq)]
struct HeaderProps {
    basket_count: usize,
}

#[function_component(Header)]
fn header(props: &HeaderProps) -> Html {
    let t = use_texts();
    html! {
        <header class="sq-header">
            <div class="sq-header-row">
                <a class="sq-home-link" href={Route::Home.to_hash()}>
                    <span class="sq-title">{ t.t("app.title") }</span>
                    <span class="sq-subtitle">{ t.t("app.subtitle") }</span>
                </a>
                <nav class="sq-header-nav" aria-label={t.t("nav.settings")}>
                <a class="sq-header-link" href={Route::Settings.to_hash()}>{ t.t("nav.settings") }</a>
                <a class="sq-header-link" href={Route::Basket.to_hash()}>
                    { t.t("nav.basket") }
                    if props.basket_count > 0 {
                        <span class="sq-badge">{ props.basket_count }</span>
                    }
                </a>
                </nav>
            </div>
        </header>
    }
}
