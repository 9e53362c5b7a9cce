//! The root component: loads the catalog (bundled, or a newer published one) and its search index, provides them,
//! the configuration, the navigator, the interface texts and the basket to every screen, and switches screens by
//! route. It also listens for the host (inbound messages), the network (flushing the outbox) and catalog updates.

use std::rc::Rc;

use gloo::events::EventListener;
use sqsb_core::catalog::CatalogIndex;
use sqsb_core::retention::Retention;
use sqsb_core::search::SearchIndex;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::catalog_update;
use crate::embed::{Embed, Routing};
use crate::host::Inbound;
use crate::i18n::{Lang, Texts};
use crate::prefs::{Prefs, PrefsAction, PrefsHandle};
use crate::route::{use_router, Navigator, Route};
use crate::screens::{
    basket::BasketPage, browse::ScenarioPage, browse::StagePage, home::Home, item::ItemPage, search::SearchPage,
};
use crate::storage;

/// Which build runs (`upgrade.rs`), shown as `data-build` on the app's root for support and tests.
const BUILD: &str = if cfg!(feature = "full") { "full" } else { "lean" };

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

fn indexed(index: CatalogIndex) -> Catalog {
    let search = Rc::new(SearchIndex::new(&index));
    Catalog { index: Rc::new(index), search }
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// How this instance was configured (page URL or portal options).
    #[prop_or_default]
    pub embed: Embed,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let embed = props.embed.clone();
    let prefs = use_reducer(|| Prefs::load(embed.elder, embed.lang));
    let texts = use_memo(prefs.lang(), |lang| Texts::new(*lang));
    let catalog = use_state(|| catalog_update::load().map(indexed).map_err(|e| e.message_zh()));
    // A newer catalog fetched in the background waits here for the next screen change.
    let pending_catalog = use_mut_ref(|| None::<Catalog>);
    let basket = use_reducer(|| Basket { items: storage::load_basket() });
    let (route, navigator) = use_router(embed.routing, embed.start.clone());
    let root = use_node_ref();
    let first_screen = use_mut_ref(|| true);
    {
        // On every screen change: swap in a waiting catalog, tell the portal, keep an embedded instance in view,
        // and put the focus on the new screen if it went away with the old one.
        let (catalog, pending_catalog, embed, root) =
            (catalog.clone(), pending_catalog.clone(), embed.clone(), root.clone());
        use_effect_with(route.clone(), move |route| {
            if let Some(next) = pending_catalog.borrow_mut().take() {
                catalog.set(Ok(next));
            }
            let first = std::mem::replace(&mut *first_screen.borrow_mut(), false);
            // After a switch from the lean build, the lean build has announced this screen already.
            if !(first && embed.handover) {
                crate::host::navigated(&embed.host, &route.to_hash());
            }
            // Not when the page opens (the user has not acted yet), except after a switch from the lean build.
            if !first || embed.handover {
                focus_new_screen(&root);
            }
            if embed.routing == Routing::Memory {
                if let Some(el) = root.cast::<web_sys::Element>() {
                    if el.get_bounding_client_rect().top() < 0.0 {
                        el.scroll_into_view();
                    }
                }
            }
        });
    }
    {
        // Check the configured catalog URL once per start.
        let (pending_catalog, embed) = (pending_catalog.clone(), embed.clone());
        let current = catalog.as_ref().ok().map(|c| c.index.version().to_owned());
        use_effect_with((), move |_| {
            // After a switch from the lean build, the lean build has checked already.
            let url = embed.catalog_url.clone().filter(|_| !embed.handover);
            if let (Some(url), Some(current)) = (url, current) {
                wasm_bindgen_futures::spawn_local(async move {
                    match catalog_update::check(&url, &current).await {
                        Ok(Some(index)) => *pending_catalog.borrow_mut() = Some(indexed(index)),
                        Ok(None) => {}
                        Err(reason) => crate::embed::warn(&format!("catalog update from {url} rejected: {reason}")),
                    }
                });
            }
        });
    }
    {
        // Personal data past its period, and stored entries nobody can read any more, go at every start: nothing
        // is kept longer than needed even if the screens that would notice are never opened (store::sweep).
        use_effect_with((), |_| crate::apply::store::sweep(crate::apply::store::now_ms(), &Retention::default()));
    }
    {
        // Submissions queued offline go out when the network is back (and at start, if it already is).
        let embed = embed.clone();
        use_effect_with((), move |_| {
            let flush = move || {
                crate::outbox::flush(&embed.name, &embed.host);
            };
            flush();
            let listener = EventListener::new(&gloo::utils::window(), "online", move |_| flush());
            move || drop(listener)
        });
    }
    {
        // Messages from the host: only from allowed origins, only in the documented schema.
        let (embed, navigator, prefs) = (embed.clone(), navigator.clone(), prefs.clone());
        use_effect_with((), move |_| {
            let listener = (!embed.host.origins.is_empty()).then(|| {
                EventListener::new(&gloo::utils::window(), "message", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
                    match crate::host::accept(&embed.host, &event.origin(), &event.data()) {
                        Some(Inbound::Navigate { route }) => navigator.push(&Route::parse(&route)),
                        Some(Inbound::Config { elder, lang }) => {
                            if let Some(on) = elder {
                                prefs.dispatch(PrefsAction::SetElder(on));
                            }
                            if let Some(lang) = lang {
                                prefs.dispatch(PrefsAction::SetEnglish(lang == "en"));
                            }
                        }
                        None => {}
                    }
                })
            });
            move || drop(listener)
        });
    }
    let t = (*texts).clone();
    match &*catalog {
        Ok(catalog) => {
            let contexts = Contexts {
                embed: embed.clone(),
                navigator: navigator.clone(),
                texts: t,
                catalog: catalog.clone(),
                basket: basket.clone(),
                prefs: prefs.clone(),
            };
            shell(contexts, root, BUILD, screen(&route, prefs.lang()))
        }
        Err(error) => html! {
            <div class="sq-app">
                <main class="sq-main">
                    <div class="sq-alert" role="alert">
                        <h1>{ t.t("error.catalog") }</h1>
                        <p>{ t.t("error.catalog_hint") }</p>
                        <p class="sq-muted">{ error }</p>
                    </div>
                </main>
            </div>
        },
    }
}

/// What every screen reads from its ancestors.
struct Contexts {
    embed: Embed,
    navigator: Navigator,
    texts: Texts,
    catalog: Catalog,
    basket: BasketHandle,
    prefs: PrefsHandle,
}

/// The app's frame around a screen: the contexts, the skip link, the header and `<main>`. Shared by the running
/// app and the build-time prerender of the home screen, so that the prerendered page is the app's own markup.
fn shell(c: Contexts, root: NodeRef, build: &'static str, content: Html) -> Html {
    let Contexts { embed, navigator, texts: t, catalog, basket, prefs } = c;
    html! {
        <ContextProvider<Embed> context={embed}>
        <ContextProvider<Navigator> context={navigator.clone()}>
        <ContextProvider<Texts> context={t.clone()}>
        <ContextProvider<Catalog> context={catalog.clone()}>
        <ContextProvider<BasketHandle> context={basket.clone()}>
        <ContextProvider<PrefsHandle> context={prefs.clone()}>
            <div ref={root} class={classes!("sq-app", prefs.elder.then_some("sq-elder"))} lang={t.lang.tag()}
                data-catalog-version={catalog.index.version().to_owned()} data-build={build}
                onclick={navigator.link_clicks()}>
                <a class="sq-skip" href="#sq-main" onclick={skip_to_main()}>{ t.t("app.skip") }</a>
                <Header basket_count={basket.items.len()} />
                <main class="sq-main" id="sq-main" tabindex="-1">
                    { content }
                </main>
            </div>
        </ContextProvider<PrefsHandle>>
        </ContextProvider<BasketHandle>>
        </ContextProvider<Catalog>>
        </ContextProvider<Texts>>
        </ContextProvider<Navigator>>
        </ContextProvider<Embed>>
    }
}

#[cfg(feature = "prerender")]
#[derive(Properties, PartialEq)]
pub struct StaticScreenProps {
    pub route: Route,
}

/// A screen as the page shows it before the wasm has arrived (`src/bin/prerender.rs` renders it to HTML at build
/// time): the home, put into the page, and every stage and scenario, which `boot.js` shows when one is tapped or
/// opened before the app runs. The bundled catalog, Chinese, nothing from this device (no drafts, an empty basket;
/// `boot.js` applies a stored 长辈版). The running app replaces it when it mounts.
#[cfg(feature = "prerender")]
#[function_component(StaticScreen)]
pub fn static_screen(props: &StaticScreenProps) -> Html {
    let prefs = use_reducer(Prefs::default);
    let basket = use_reducer(Basket::default);
    let (_, navigator) = use_router(Routing::Memory, Some(props.route.clone()));
    let catalog = use_memo((), |_| CatalogIndex::bundled().map(indexed).ok());
    let Some(catalog) = (*catalog).clone() else { return Html::default() };
    let contexts = Contexts { embed: Embed::default(), navigator, texts: Texts::new(Lang::Zh), catalog, basket, prefs };
    shell(contexts, NodeRef::default(), "static", screen(&props.route, Lang::Zh))
}

/// After a screen change, screen readers should start reading the new screen and keyboard users continue from it,
/// not from the top of the page (or the header link they pressed). So the focus goes to `<main>` unless the new
/// screen placed it inside itself (search box, form step).
fn focus_new_screen(root: &NodeRef) {
    let Some(app) = root.cast::<web_sys::Element>() else { return };
    let Some(main) = app.query_selector(".sq-main").ok().flatten() else { return };
    // Inside a portal's shadow root the focused element is the root's, not the document's.
    let focused = match app.get_root_node().dyn_into::<web_sys::ShadowRoot>() {
        Ok(shadow) => shadow.active_element(),
        Err(_) => gloo::utils::document().active_element(),
    };
    let kept = focused.is_some_and(|el| main.contains(Some(&el)));
    if !kept {
        if let Some(main) = main.dyn_ref::<web_sys::HtmlElement>() {
            let _ = main.focus();
        }
    }
}

/// The skip link moves focus to <main> without changing the hash route.
fn skip_to_main() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| {
        e.prevent_default();
        if let Some(main) = crate::dom::by_id_near(&e, "sq-main") {
            let _ = main.focus();
        }
    })
}

fn screen(route: &Route, lang: Lang) -> Html {
    // The lean build has Chinese only: it switches to the full build for English.
    if !Texts::available(lang) {
        #[cfg(not(feature = "full"))]
        return html! { <crate::upgrade::Upgrade route={route.clone()} loading="app.loading" failed="app.load_failed" /> };
    }
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
        #[cfg(feature = "full")]
        Route::Start(start) => html! { <crate::apply::StartPage start={start.clone()} /> },
        #[cfg(feature = "full")]
        Route::Apply { draft, step } => html! { <crate::apply::ApplyPage draft={draft.clone()} step={*step} /> },
        // The lean build has no application flow: it switches to the full build there.
        #[cfg(not(feature = "full"))]
        Route::Start(_) | Route::Apply { .. } => html! {
            <crate::upgrade::Upgrade route={route.clone()} loading="apply.loading" failed="apply.load_failed" />
        },
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
