//! The hand-off: how an application leaves the module, to whom, and how the module knows it arrived.
//!
//! Invariants (README "Embedding" for hosts; `sqsb_core::{deployment, outbox, receipt}` for the rules):
//! - **Trust comes from the deployment.** On the app-zone page, hosts, native bridges and catalogs come from
//!   `sqsb.config.json` (`deployment.rs`); `?host=` / `?catalog=` only choose among them. A portal's `mount`
//!   options are the portal's own deployment. No file: no host, and other sites may not frame the page.
//! - **One channel per instance** (`channel.rs`): the portal's callback, an Android or iOS bridge, or the
//!   parent/opener window at a listed origin. Each submission is bound to the channel it was queued for.
//! - **Delivered means acknowledged** (`outbox.rs`): a submission stays in the outbox until its host answers
//!   `sqsb.ack` (or the portal's callback returns / its promise resolves); one tab delivers at a time; retries back
//!   off. The receipt (`receipts.rs`) says 已送达, 待发送, 未被接收 or 未发送, and nothing else.
//! - **Nothing lost, nothing kept longer than needed**: the draft goes only after the outbox entry and the receipt
//!   are stored, and is never written again; receipts and waiting submissions expire (`sweep`).
//! - **Inbound messages** (`inbound.rs`) are checked for origin and sender before they are read.

pub mod channel;
pub mod deployment;
pub mod inbound;
pub mod outbox;
pub mod receipts;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use sqsb_core::engine::Payload;
use sqsb_core::messages::Inbound;
use sqsb_core::retention::Retention;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::config::Config;
use crate::log::warn;
use crate::route::Routing;
use channel::Channel;

/// This instance's hand-off, resolved once per start from the deployment (or the portal's options).
pub struct Handoff {
    /// Where submissions go; `None`: no host (the counter).
    pub channel: Option<Channel>,
    /// Origins whose window messages are read.
    pub inbound_origins: Vec<String>,
    /// The published catalog to check for updates, if the deployment (or the portal) names one.
    pub catalog_url: Option<String>,
    pub retention: Retention,
    /// The page is framed by a site the deployment does not list (its origin): the module refuses to work there.
    pub refused_frame: Option<String>,
    flushing: Cell<bool>,
    again: Cell<bool>,
    timer: RefCell<Option<Timeout>>,
}

impl Handoff {
    fn new(channel: Option<Channel>, inbound_origins: Vec<String>, catalog_url: Option<String>) -> Handoff {
        Handoff {
            channel,
            inbound_origins,
            catalog_url,
            retention: Retention::default(),
            refused_frame: None,
            flushing: Cell::new(false),
            again: Cell::new(false),
            timer: RefCell::new(None),
        }
    }
}

/// The hand-off as a context value: `None` until it is resolved (a few milliseconds after start).
#[derive(Clone, Default)]
pub struct HandoffContext(pub Option<Rc<Handoff>>);

impl PartialEq for HandoffContext {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// This instance's hand-off, once resolved.
#[hook]
pub fn use_handoff() -> Option<Rc<Handoff>> {
    use_context::<HandoffContext>().and_then(|c| c.0)
}

/// A portal: its options are its deployment.
fn for_portal(config: &Config) -> Handoff {
    let host = &config.host;
    let channel = match &host.on_submit {
        Some(on_submit) => Some(Channel::Callback {
            name: config.name.clone(),
            on_submit: on_submit.clone(),
            on_rate: host.on_rate.clone(),
        }),
        None => channel::host_window()
            .filter(|_| !host.origins.is_empty())
            .map(|target| Channel::Window { target, origins: host.origins.clone() }),
    };
    Handoff::new(channel, host.origins.clone(), config.catalog_url.clone())
}

/// The app-zone page: the deployment file decides; the page URL chooses among what it lists.
async fn for_page(config: &Config) -> Handoff {
    let url = deployment::url(None).unwrap_or_default();
    let deployment = deployment::load(&url).await;
    let (hosts, refused) = deployment.choose_hosts(&config.host.origins);
    for origin in refused {
        warn(&format!("ignored host {origin:?} from the page address: {} does not list it", deployment::FILE));
    }
    let own_origin = gloo::utils::window().location().origin().unwrap_or_default();
    let framing = channel::framing_origin();
    let refused_frame = framing.clone().filter(|o| !deployment.may_frame(&own_origin, o));
    let bridges = &deployment.bridges;
    let channel = if let Some(name) = bridges.android.clone().filter(|n| channel::android_bridge(n).is_some()) {
        Some(Channel::Android { name })
    } else if let Some(name) = bridges.ios.clone().filter(|n| channel::ios_handler(n).is_some()) {
        Some(Channel::Ios { name })
    } else {
        // Framed by a listed host: that origin only. Framed by another site: nobody. Opened: the listed host that
        // opened it (its referrer tells), or the only host listed; with several listed and the opener unknown,
        // nobody — an entry bound to several would go to whichever of them the opener window shows later, not
        // necessarily the one the citizen came from (the counter is the way then).
        let host_window = channel::host_window();
        let origins = match &framing {
            Some(origin) if hosts.contains(origin) => vec![origin.clone()],
            Some(_) => Vec::new(),
            None => match channel::opener_origin().filter(|o| hosts.contains(o)) {
                Some(origin) => vec![origin],
                None if hosts.len() == 1 => hosts.clone(),
                None => {
                    if hosts.len() > 1 && host_window.is_some() {
                        warn("no host for submissions: opened by a page that did not say which listed host it is");
                    }
                    Vec::new()
                }
            },
        };
        host_window.filter(|_| !origins.is_empty()).map(|target| Channel::Window { target, origins })
    };
    let inbound_origins = match &channel {
        Some(Channel::Window { origins, .. }) => origins.clone(),
        _ if refused_frame.is_some() => Vec::new(),
        _ => hosts,
    };
    let mut handoff = Handoff::new(channel, inbound_origins, choose_catalog(config, &deployment.catalogs, &url));
    handoff.retention = deployment.retention;
    handoff.refused_frame = refused_frame;
    handoff
}

/// The catalog a link asked for (`?catalog=`) if the deployment lists it, else the deployment's first.
fn choose_catalog(config: &Config, listed: &[String], file_url: &str) -> Option<String> {
    let resolve = |u: &str| web_sys::Url::new_with_base(u, file_url).ok().map(|u| u.href());
    let listed: Vec<String> = listed.iter().filter_map(|u| resolve(u)).collect();
    match &config.catalog_url {
        Some(requested) if listed.contains(requested) => Some(requested.clone()),
        Some(requested) => {
            warn(&format!(
                "ignored catalog {requested:?} from the page address: {} does not list it",
                deployment::FILE
            ));
            None
        }
        None => listed.into_iter().next(),
    }
}

/// Resolves the hand-off at start, then keeps delivering: expiry of what is kept, the host's messages, and tries
/// at start, when the network returns, when the page is shown again, and when an entry is due. Delivery is the
/// full build's: a lean instance that finds a submission of its channel waiting calls `deliver` (it switches to the
/// full build, which then delivers), so the first-visit build carries none of it.
#[hook]
pub fn use_handoff_service(
    config: Rc<Config>,
    on_message: Callback<Inbound>,
    #[cfg_attr(feature = "full", allow(unused_variables))] deliver: Callback<()>,
) -> Option<Rc<Handoff>> {
    let handoff = use_state(|| None::<Rc<Handoff>>);
    {
        let handoff = handoff.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let resolved = match config.routing {
                    Routing::Memory => for_portal(&config),
                    Routing::Hash => for_page(&config).await,
                };
                handoff.set(Some(Rc::new(resolved)));
            });
        });
    }
    let current = (*handoff).clone();
    use_effect_with(current.as_ref().map(|h| Rc::as_ptr(h) as usize), move |_| {
        let mut listeners: Vec<EventListener> = Vec::new();
        if let Some(h) = current.clone() {
            sweep(&h);
            listeners.extend(inbound::listen_window(h.clone(), on_message.clone()));
            listeners.extend(inbound::listen_native(h.clone(), on_message));
            #[cfg(not(feature = "full"))]
            if h.channel.as_ref().is_some_and(|c| outbox::waiting_for(&c.target())) && outbox::online() {
                deliver.emit(());
            }
            #[cfg(feature = "full")]
            if h.channel.is_some() {
                let window = gloo::utils::window();
                let online = h.clone();
                listeners.push(EventListener::new(&window, "online", move |_| outbox::flush(online.clone())));
                let shown = h.clone();
                listeners.push(EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
                    if !gloo::utils::document().hidden() {
                        outbox::flush(shown.clone());
                    }
                }));
                outbox::flush(h);
            }
        }
        move || {
            if let Some(h) = current {
                h.timer.borrow_mut().take();
            }
            drop(listeners);
        }
    });
    (*handoff).clone()
}

/// Removes what has outlived its period, at every start: the drafts and 我的档案 entries `apply::store` keeps,
/// receipts, and waiting submissions (their receipts go with them), by the deployment's periods.
fn sweep(handoff: &Handoff) {
    let now = outbox::now_ms();
    crate::apply::store::sweep(now, &handoff.retention);
    receipts::sweep(now, &handoff.retention);
    let mut waiting = outbox::load();
    let expired = waiting.expire(now, handoff.retention.receipt_days);
    if !expired.is_empty() && outbox::save(&waiting).is_ok() {
        for reference in expired {
            if let Some(id) = receipts::draft_id(&reference) {
                receipts::remove(&id);
            }
        }
    }
}

/// Tells the portal which screen is showing (`onNavigate("#/item/E001")`).
pub fn navigated(config: &Config, hash: &str) {
    if let Some(callback) = &config.host.on_navigate {
        if let Err(error) = callback.call1(&JsValue::NULL, &JsValue::from_str(hash)) {
            crate::log::error_with("onNavigate failed", &error);
        }
    }
}

/// A blob: URL of the applications as a JSON file, for the download link.
pub fn download_url(payloads: &[Payload]) -> Option<String> {
    let json = serde_json::to_string_pretty(payloads).ok()?;
    let parts = js_sys::Array::of1(&JsValue::from_str(&json));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    // Recorded, so that 清除本机数据 can revoke it.
    crate::object_urls::create(&blob)
}
