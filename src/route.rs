//! Hash routes, so deep links and the back button work inside a webview and on hosts without server routing.
//!
//! `#/` home · `#/stage/enterprise/2` · `#/scenario/personal/1.1` · `#/item/P003` · `#/search?q=…` · `#/basket`
//! · `#/settings`

use gloo::events::EventListener;
use sqsb_core::catalog::LifecycleId;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Who owns the browser location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Routing {
    /// The app-zone page: routes live in `location.hash`, so deep links and the back button work.
    #[default]
    Hash,
    /// Embedded in a portal: each instance keeps its own route in memory and never touches the page's URL.
    Memory,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Home,
    Stage {
        lifecycle: LifecycleId,
        no: u32,
    },
    Scenario {
        lifecycle: LifecycleId,
        code: String,
    },
    Item {
        id: String,
    },
    Search {
        query: String,
    },
    Basket,
    Settings,
    /// Starts an application and replaces itself with the new draft's first step.
    Start(Start),
    /// A step of an application in progress.
    Apply {
        draft: String,
        step: Step,
    },
    NotFound,
}

/// What an application starts from.
#[derive(Debug, Clone, PartialEq)]
pub enum Start {
    Scenario { lifecycle: LifecycleId, code: String },
    Basket,
    Item(String),
}

/// The steps of an application: 一次告知 → 一表申请 (section by section) → 核对信息 → 提交.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Notice,
    Form(usize),
    /// A form section opened with 修改 from 核对信息: it offers 返回核对 (`#/apply/<draft>/edit/<n>`).
    Edit(usize),
    Review,
    Done,
}

impl Step {
    /// The step 继续办理 opens: where the citizen left the draft (the notice for a draft from before this was
    /// kept).
    pub fn resuming(at: Option<sqsb_core::draft::ResumeStep>) -> Step {
        use sqsb_core::draft::ResumeStep;
        match at {
            None | Some(ResumeStep::Notice) => Step::Notice,
            Some(ResumeStep::Form(n)) => Step::Form(n),
            Some(ResumeStep::Review) => Step::Review,
        }
    }

    /// The form section this step shows, opened in either way.
    pub fn section(self) -> Option<usize> {
        match self {
            Step::Form(n) | Step::Edit(n) => Some(n),
            _ => None,
        }
    }
}

/// A URI component as text (`+` is a space, as in query strings); malformed escapes stay as typed.
pub fn decode(s: &str) -> String {
    js_sys::decode_uri_component(&s.replace('+', " ")).ok().and_then(|v| v.as_string()).unwrap_or_else(|| s.to_owned())
}

/// In Rust rather than through js-sys so that routes also render natively (the build-time prerender).
fn encode(s: &str) -> String {
    sqsb_core::encode_uri_component(s)
}

impl Route {
    /// Parses a location hash (`#/item/P003`). Anything unknown is `NotFound`, never a panic.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#');
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let param = |name: &str| {
            query.split('&').filter_map(|kv| kv.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| decode(v))
        };
        match parts.as_slice() {
            [] => Route::Home,
            ["stage", lc, no] => match (LifecycleId::parse(lc), no.parse()) {
                (Some(lifecycle), Ok(no)) => Route::Stage { lifecycle, no },
                _ => Route::NotFound,
            },
            ["scenario", lc, code] => match LifecycleId::parse(lc) {
                Some(lifecycle) => Route::Scenario { lifecycle, code: (*code).to_owned() },
                None => Route::NotFound,
            },
            ["item", id] => Route::Item { id: decode(id) },
            ["search"] => Route::Search { query: param("q").unwrap_or_default() },
            ["basket"] => Route::Basket,
            ["settings"] => Route::Settings,
            ["start", "scenario", lc, code] => match LifecycleId::parse(lc) {
                Some(lifecycle) => Route::Start(Start::Scenario { lifecycle, code: (*code).to_owned() }),
                None => Route::NotFound,
            },
            ["start", "basket"] => Route::Start(Start::Basket),
            ["start", "item", id] => Route::Start(Start::Item(decode(id))),
            ["apply", id, rest @ ..] => {
                let step = match rest {
                    [] | ["notice"] => Some(Step::Notice),
                    ["form", n] => n.parse().ok().map(Step::Form),
                    ["edit", n] => n.parse().ok().map(Step::Edit),
                    ["review"] => Some(Step::Review),
                    ["done"] => Some(Step::Done),
                    _ => None,
                };
                match step {
                    Some(step) => Route::Apply { draft: decode(id), step },
                    None => Route::NotFound,
                }
            }
            _ => Route::NotFound,
        }
    }

    pub fn to_hash(&self) -> String {
        match self {
            Route::Home | Route::NotFound => "#/".to_owned(),
            Route::Stage { lifecycle, no } => format!("#/stage/{}/{no}", lifecycle.as_str()),
            Route::Scenario { lifecycle, code } => {
                format!("#/scenario/{}/{code}", lifecycle.as_str())
            }
            Route::Item { id } => format!("#/item/{}", encode(id)),
            Route::Search { query } if query.is_empty() => "#/search".to_owned(),
            Route::Search { query } => format!("#/search?q={}", encode(query)),
            Route::Basket => "#/basket".to_owned(),
            Route::Settings => "#/settings".to_owned(),
            Route::Start(Start::Scenario { lifecycle, code }) => {
                format!("#/start/scenario/{}/{code}", lifecycle.as_str())
            }
            Route::Start(Start::Basket) => "#/start/basket".to_owned(),
            Route::Start(Start::Item(id)) => format!("#/start/item/{}", encode(id)),
            Route::Apply { draft, step } => {
                let step = match step {
                    Step::Notice => "notice".to_owned(),
                    Step::Form(n) => format!("form/{n}"),
                    Step::Edit(n) => format!("edit/{n}"),
                    Step::Review => "review".to_owned(),
                    Step::Done => "done".to_owned(),
                };
                format!("#/apply/{}/{step}", encode(draft))
            }
        }
    }
}

fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// Moves between screens. In the app-zone page it drives `location.hash` (deep links, the back button); embedded
/// in a portal it keeps the route in memory, so two instances and the portal's own URL never interfere.
#[derive(Clone)]
pub struct Navigator {
    routing: Routing,
    /// Memory routing: shows a route.
    show: Callback<Route>,
}

impl PartialEq for Navigator {
    fn eq(&self, other: &Self) -> bool {
        self.routing == other.routing && self.show == other.show
    }
}

impl Navigator {
    /// Goes to a route (in the page, adds a history entry so the back button returns).
    pub fn push(&self, route: &Route) {
        match self.routing {
            Routing::Hash => {
                let _ = gloo::utils::window().location().set_hash(&route.to_hash());
            }
            Routing::Memory => self.show.emit(route.clone()),
        }
    }

    /// Goes to a route in place of the current one (a start route is not a place to go back to).
    /// `location.replace` with a new hash fires `hashchange` without adding a history entry.
    pub fn replace(&self, route: &Route) {
        match self.routing {
            Routing::Hash => {
                let location = gloo::utils::window().location();
                let base = location.href().unwrap_or_default();
                let base = base.split('#').next().unwrap_or_default().to_owned();
                let _ = location.replace(&format!("{base}{}", route.to_hash()));
            }
            Routing::Memory => self.show.emit(route.clone()),
        }
    }

    /// Records the route without showing it again (the search screen, while typing: back leaves the search at
    /// once, and the screen keeps its own state). In memory there is no address to keep current.
    pub fn record(&self, route: &Route) {
        if self.routing == Routing::Hash {
            if let Ok(history) = gloo::utils::window().history() {
                let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&route.to_hash()));
            }
        }
    }

    /// In memory routing, a click on an in-app link (`href="#/…"`) inside the instance goes to that route instead
    /// of changing the page's URL. Attach to the instance's root element.
    pub fn link_clicks(&self) -> Option<Callback<MouseEvent>> {
        if self.routing != Routing::Memory {
            return None;
        }
        let this = self.clone();
        Some(Callback::from(move |e: MouseEvent| {
            if e.default_prevented() || e.button() != 0 || e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key()
            {
                return;
            }
            let link = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href^='#/']").ok().flatten());
            if let Some(href) = link.and_then(|a| a.get_attribute("href")) {
                e.prevent_default();
                this.push(&Route::parse(&href));
            }
        }))
    }
}

#[hook]
pub fn use_navigator() -> Navigator {
    use_context::<Navigator>().unwrap_or_else(|| Navigator { routing: Routing::Hash, show: Callback::noop() })
}

/// The current route and the navigator to change it. The page's hash wins over the configured start screen,
/// so that a reload or a shared link shows what it names.
#[hook]
pub fn use_router(routing: Routing, start: Option<Route>) -> (Route, Navigator) {
    let route = use_state(|| {
        let hash = match routing {
            Routing::Hash => current_hash(),
            Routing::Memory => String::new(),
        };
        match (hash.trim_start_matches(['#', '/']).is_empty(), start) {
            (true, Some(start)) => start,
            _ => Route::parse(&hash),
        }
    });
    let show = {
        let route = route.clone();
        use_callback((), move |next: Route, _| route.set(next))
    };
    {
        let route = route.clone();
        use_effect_with(routing, move |routing| {
            let listener = (*routing == Routing::Hash).then(|| {
                EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    route.set(Route::parse(&current_hash()));
                    // A new screen starts at the top, as a new page would.
                    gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
                })
            });
            move || drop(listener)
        });
    }
    ((*route).clone(), Navigator { routing, show })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_encoded_as_encode_uri_component_does() {
        assert_eq!(encode("出生"), "%E5%87%BA%E7%94%9F");
        assert_eq!(encode("a b&c=d/é?"), "a%20b%26c%3Dd%2F%C3%A9%3F");
        assert_eq!(encode("AZaz09-_.!~*'()"), "AZaz09-_.!~*'()");
        assert_eq!(encode("E001-1"), "E001-1");
    }
}
