//! The root component: loads the catalog (bundled, or a newer published one) and its search index, provides them,
//! the configuration, the navigator, the interface texts and the basket to every screen, and switches screens by
//! route. It also listens for the host (inbound messages), the network (flushing the outbox) and catalog updates.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::basket::{Basket, BasketHandle};
use crate::catalog::Catalog;
use crate::catalog_update;
use crate::config::ConfigContext;
use crate::handoff::{use_handoff_service, HandoffContext};
use crate::i18n::{use_texts, Lang, Texts};
use crate::prefs::{Prefs, PrefsAction, PrefsHandle};
use crate::route::Routing;
use crate::route::{use_router, Navigator, Route};
use crate::screens::{
    basket::BasketPage, browse::ScenarioPage, browse::StagePage, home::Home, item::ItemPage, search::SearchPage,
};
use sqsb_core::messages::Inbound;

/// Which build runs (`upgrade.rs`), shown as `data-build` on the app's root for support and tests.
const BUILD: &str = if cfg!(feature = "full") { "full" } else { "lean" };

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// How this instance was configured (page URL or portal options).
    #[prop_or_default]
    pub config: ConfigContext,
    /// The lean build's way to the full build (`upgrade.rs`); empty in the full build.
    #[prop_or_default]
    pub upgrader: crate::upgrade::Upgrader,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let config = props.config.clone();
    let prefs = use_reducer(|| Prefs::load(config.elder, config.lang));
    let texts = use_memo(prefs.lang(), |lang| Texts::new(*lang));
    let catalog = use_state(|| catalog_update::load().map(Catalog::new).map_err(|e| e.message_zh()));
    // A newer catalog fetched in the background waits here for the next screen change.
    let pending_catalog = use_mut_ref(|| None::<Catalog>);
    let basket = use_reducer(Basket::load);
    let (route, navigator) = use_router(config.routing, config.start.clone());
    let root = use_node_ref();
    let first_screen = use_mut_ref(|| true);
    {
        // On every screen change: swap in a waiting catalog, tell the portal, keep an embedded instance in view,
        // and put the focus on the new screen if it went away with the old one.
        let (catalog, pending_catalog, config, root) =
            (catalog.clone(), pending_catalog.clone(), config.clone(), root.clone());
        use_effect_with(route.clone(), move |route| {
            if let Some(next) = pending_catalog.borrow_mut().take() {
                catalog.set(Ok(next));
            }
            let first = std::mem::replace(&mut *first_screen.borrow_mut(), false);
            // After a switch from the lean build, the lean build has announced this screen already.
            if !(first && config.handover) {
                crate::handoff::navigated(&config, &route.to_hash());
            }
            // Not when the page opens (the user has not acted yet), except after a switch from the lean build.
            if !first || config.handover {
                focus_new_screen(&root);
            }
            if config.routing == Routing::Memory {
                if let Some(el) = root.cast::<web_sys::Element>() {
                    if el.get_bounding_client_rect().top() < 0.0 {
                        el.scroll_into_view();
                    }
                }
            }
        });
    }
    // Where submissions go and what the host may say, from the deployment (or the portal's options).
    let on_message = {
        let (navigator, prefs) = (navigator.clone(), prefs.clone());
        Callback::from(move |message: Inbound| match message {
            Inbound::Navigate { route } => navigator.push(&Route::parse(&route)),
            Inbound::Config { elder, lang } => {
                if let Some(on) = elder {
                    prefs.dispatch(PrefsAction::SetElder(on));
                }
                if let Some(lang) = lang {
                    prefs.dispatch(PrefsAction::SetEnglish(lang == "en"));
                }
            }
            // Acknowledgements are the hand-off's own business.
            Inbound::Ack { .. } => {}
        })
    };
    // The lean build hands delivery to the full build (`handoff`): it switches, at the screen shown by then.
    let current_route = use_mut_ref(|| route.clone());
    *current_route.borrow_mut() = route.clone();
    #[cfg(feature = "full")]
    let deliver = Callback::noop();
    #[cfg(not(feature = "full"))]
    let deliver = {
        let (upgrader, prefs, texts) = (props.upgrader.clone(), prefs.clone(), texts.clone());
        Callback::from(move |()| {
            let failed = texts.t("app.start_failed");
            upgrader.switch_for_delivery(current_route.clone(), prefs.elder, prefs.english, failed);
        })
    };
    let handoff = use_handoff_service(config.0.clone(), on_message, deliver);
    {
        // Check the deployment's catalog URL once per start.
        let (pending_catalog, config) = (pending_catalog.clone(), config.clone());
        let current = catalog.as_ref().ok().map(|c| c.index.version().to_owned());
        let url = handoff.as_ref().and_then(|h| h.catalog_url.clone());
        use_effect_with(url, move |url| {
            // After a switch from the lean build, the lean build has checked already.
            let url = url.clone().filter(|_| !config.handover);
            if let (Some(url), Some(current)) = (url, current) {
                wasm_bindgen_futures::spawn_local(async move {
                    match catalog_update::check(&url, &current).await {
                        Ok(Some(index)) => *pending_catalog.borrow_mut() = Some(Catalog::new(index)),
                        Ok(None) => {}
                        Err(reason) => crate::log::warn(&format!("catalog update from {url} rejected: {reason}")),
                    }
                });
            }
        });
    }
    let t = (*texts).clone();
    match &*catalog {
        Ok(catalog) => {
            let contexts = Contexts {
                config: config.clone(),
                upgrader: props.upgrader.clone(),
                navigator: navigator.clone(),
                texts: t,
                catalog: catalog.clone(),
                basket: basket.clone(),
                prefs: prefs.clone(),
                handoff: HandoffContext(handoff.clone()),
            };
            // Framed by a site the deployment does not list: nothing to fill in there.
            let content = match handoff.as_ref().and_then(|h| h.refused_frame.clone()) {
                Some(_) => html! { <FrameRefused /> },
                None => screen(&route, prefs.lang()),
            };
            shell(contexts, root, BUILD, content)
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
    config: ConfigContext,
    upgrader: crate::upgrade::Upgrader,
    navigator: Navigator,
    texts: Texts,
    catalog: Catalog,
    basket: BasketHandle,
    prefs: PrefsHandle,
    handoff: HandoffContext,
}

/// The app's frame around a screen: the contexts, the skip link, the header and `<main>`. Shared by the running
/// app and the build-time prerender of the home screen, so that the prerendered page is the app's own markup.
fn shell(c: Contexts, root: NodeRef, build: &'static str, content: Html) -> Html {
    let Contexts { config, upgrader, navigator, texts: t, catalog, basket, prefs, handoff } = c;
    // Which channel submissions leave by, for support and tests: pending until the deployment is read.
    let host = match handoff.0.as_ref().map(|h| h.channel.as_ref()) {
        None => "pending",
        Some(None) => "none",
        Some(Some(channel)) => channel.kind(),
    };
    html! {
        <ContextProvider<ConfigContext> context={config}>
        <ContextProvider<crate::upgrade::Upgrader> context={upgrader}>
        <ContextProvider<Navigator> context={navigator.clone()}>
        <ContextProvider<Texts> context={t.clone()}>
        <ContextProvider<Catalog> context={catalog.clone()}>
        <ContextProvider<BasketHandle> context={basket.clone()}>
        <ContextProvider<PrefsHandle> context={prefs.clone()}>
        <ContextProvider<HandoffContext> context={handoff}>
            <div ref={root} class={classes!("sq-app", prefs.elder.then_some("sq-elder"))} lang={t.lang.tag()}
                data-catalog-version={catalog.index.version().to_owned()} data-build={build} data-host={host}
                onclick={navigator.link_clicks()}>
                <a class="sq-skip" href="#sq-main" onclick={skip_to_main()}>{ t.t("app.skip") }</a>
                <Header basket_count={basket.items.len()} />
                <main class="sq-main" id="sq-main" tabindex="-1">
                    { content }
                </main>
            </div>
        </ContextProvider<HandoffContext>>
        </ContextProvider<PrefsHandle>>
        </ContextProvider<BasketHandle>>
        </ContextProvider<Catalog>>
        </ContextProvider<Texts>>
        </ContextProvider<Navigator>>
        </ContextProvider<crate::upgrade::Upgrader>>
        </ContextProvider<ConfigContext>>
    }
}

#[cfg(feature = "prerender")]
#[derive(Properties, PartialEq)]
pub struct StaticScreenProps {
    pub route: Route,
    /// At an application's start route: the application as the app starts it and the step to show (its notice, or
    /// the form's first step), instead of the route's own screen (`apply::prerendered`).
    #[prop_or_default]
    pub application: Option<(crate::apply::ApplicationProp, crate::route::Step)>,
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
    let catalog = use_memo((), |_| sqsb_core::catalog::CatalogIndex::bundled().map(Catalog::new).ok());
    let Some(catalog) = (*catalog).clone() else { return Html::default() };
    let contexts = Contexts {
        config: ConfigContext::default(),
        upgrader: Default::default(),
        navigator,
        texts: Texts::new(Lang::Zh),
        catalog,
        basket,
        prefs,
        handoff: HandoffContext::default(),
    };
    let content = match &props.application {
        Some((app, step)) => html! { <crate::apply::prerendered::StaticStep app={app.clone()} step={*step} /> },
        None => screen(&props.route, Lang::Zh),
    };
    shell(contexts, NodeRef::default(), "static", content)
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
        Route::Apply { draft, step: crate::route::Step::Done } => {
            html! { <crate::apply::review::DoneStep id={draft.clone()} /> }
        }
        #[cfg(feature = "full")]
        Route::Apply { draft, step } => html! { <crate::apply::ApplyPage draft={draft.clone()} step={*step} /> },
        // The lean build has no application flow: it switches to the full build there.
        #[cfg(not(feature = "full"))]
        Route::Start(_) | Route::Apply { .. } => html! {
            <crate::upgrade::Upgrade route={route.clone()} loading="apply.loading" failed="apply.load_failed" />
        },
        Route::NotFound => html! { <crate::screens::NotFound /> },
    }
}

/// The page is framed by a site the deployment does not list: the module does not work there, and says where it
/// does (opening it on its own is safe: the framing site cannot reach a top-level page).
#[function_component(FrameRefused)]
fn frame_refused() -> Html {
    let t = use_texts();
    let href = gloo::utils::window().location().href().unwrap_or_default();
    html! {
        <div class="sq-alert" role="alert">
            <h1 class="sq-page-title">{ t.t("handoff.frame_refused") }</h1>
            <p>{ t.t("handoff.frame_refused_hint") }</p>
            <p><a class="sq-button" href={href} target="_blank" rel="noopener noreferrer">{ t.t("handoff.open_alone") }</a></p>
        </div>
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
