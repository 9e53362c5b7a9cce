//! The lean first-visit build and the full build.
//!
//! `tools/build.sh` builds this crate twice: `pkg/` without the `full` feature (home, stages, scenarios, search,
//! basket, settings, in Chinese: what a first visit needs) and `pkg/full/` with it (adds the item guide, the
//! application flow and English: about half of the full build's bytes). When a lean instance reaches a screen it
//! does not have, or English, [`Upgrade`] loads the full build, stops the lean app and mounts the full one in the
//! same element at the same screen with the same display preferences. Everything else the user has (basket, drafts, stored preferences, a catalog update, queued
//! submissions) is in localStorage, which both builds read. The service worker precaches `pkg/full/` after the
//! first visit, so once the app is cached the switch does not wait for the network.
//!
//! The full build never switches: there, every screen is its own and [`Upgrader`] stays empty.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
#[cfg(not(feature = "full"))]
use yew::prelude::*;

use crate::route::Route;
#[cfg(not(feature = "full"))]
use crate::{config::HANDOVER, i18n::use_texts, prefs::PrefsHandle};

/// What the switch needs of the lean instance that switches (given by `mount.rs`, which owns the instance).
pub struct InstanceControl {
    /// The lean app still runs (not unmounted, not switched already).
    pub is_running: Box<dyn Fn() -> bool>,
    /// Stops the lean app (screens, listeners, timers) and leaves the element to the full build.
    pub stop: Box<dyn Fn()>,
    /// Keeps the full build's `MountHandle`, so that unmounting the lean instance unmounts it too.
    pub keep_full: Box<dyn Fn(JsValue)>,
    /// Shows a plain message where the app was (the full build loaded but did not start).
    pub show_failure: Box<dyn Fn(&str)>,
}

/// What a lean instance needs to hand itself over to the full build.
pub struct Target {
    pub element: web_sys::Element,
    /// The portal's `mount` options; `None` for the app-zone page (`mountPage`).
    pub options: Option<JsValue>,
    /// Its closures hold the instance strongly: the page keeps no handle of its own (boot.js drops it). The cycle
    /// through the app's props ends when the app stops (unmount, or the switch).
    pub instance: InstanceControl,
    /// The screen to open in the full build once it has loaded: the latest one asked for, `None` when the user has
    /// meanwhile gone back to a screen the lean build has (then nothing switches).
    pub wanted: RefCell<Option<Route>>,
}

/// Set by the lean build's `mount`/`mountPage`; empty in the full build.
#[derive(Clone, Default)]
pub struct Upgrader(pub Option<Rc<Target>>);

/// Compared by identity: it never changes after mount (so it can be a context).
impl PartialEq for Upgrader {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl std::fmt::Debug for Upgrader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Upgrader(lean)" } else { "Upgrader(none)" })
    }
}

#[cfg(not(feature = "full"))]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/upgrade.js")]
extern "C" {
    /// Imports and initialises `pkg/full/weihai_sqsb.js` (once per page); resolves to its module namespace.
    #[wasm_bindgen(catch, js_name = loadFull)]
    async fn load_full() -> Result<JsValue, JsValue>;
}

#[cfg(not(feature = "full"))]
impl Upgrader {
    /// Asks for `route` in the full build (or, with `None`, withdraws the request).
    fn want(&self, route: Option<Route>) {
        if let Some(target) = &self.0 {
            *target.wanted.borrow_mut() = route;
        }
    }

    /// Loads the full build and moves this instance into it at the wanted screen. On success the lean app is gone
    /// (the caller must not touch its state afterwards); if loading fails it is untouched. `start_failed` is shown
    /// in its place should the full build load but not start.
    async fn switch(&self, elder: bool, english: bool, start_failed: &str) -> Result<(), JsValue> {
        let Some(target) = self.0.clone() else { return Err("not a lean instance".into()) };
        let module = load_full().await?;
        // Unmounted meanwhile, another request switched first, or the user went back: nothing to do.
        let Some(route) = target.wanted.borrow_mut().take() else { return Ok(()) };
        if !(target.instance.is_running)() {
            return Ok(());
        }
        // Stop the lean app first: its listeners (network, host messages) must not run twice.
        (target.instance.stop)();
        match mount_full(&target, &module, &route, elder, english) {
            Ok(handle) => (target.instance.keep_full)(handle),
            Err(error) => {
                // The full build is broken (not merely unreachable): say so where the app was.
                crate::log::error_with("the full module did not start", &error);
                (target.instance.show_failure)(start_failed);
            }
        }
        Ok(())
    }
}

/// Mounts the full build in the lean instance's element; returns its `MountHandle`.
#[cfg(not(feature = "full"))]
impl Upgrader {
    /// Switches to the full build although no screen asks for it: a submission waits for delivery, which only the
    /// full build does (`handoff`). It comes up at whatever screen `current` holds once it has arrived.
    pub fn switch_for_delivery(&self, current: Rc<RefCell<Route>>, elder: bool, english: bool, start_failed: String) {
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = load_full().await {
                crate::log::warn_with("the full module did not load; delivery waits", &error);
                return;
            }
            this.want(Some(current.borrow().clone()));
            if let Err(error) = this.switch(elder, english, &start_failed).await {
                crate::log::warn_with("the full module did not start", &error);
            }
        });
    }
}

#[cfg(not(feature = "full"))]
fn mount_full(
    target: &Target,
    module: &JsValue,
    route: &Route,
    elder: bool,
    english: bool,
) -> Result<JsValue, JsValue> {
    use js_sys::{Function, Object, Reflect};
    use wasm_bindgen::JsCast;

    let call = |name: &str, args: &js_sys::Array| -> Result<JsValue, JsValue> {
        let f: Function = Reflect::get(module, &name.into())?.dyn_into()?;
        f.apply(&JsValue::NULL, args)
    };
    // What the user chose here wins over the host's start settings, as it would have in one build.
    let carried = Object::new();
    Reflect::set(&carried, &"elder".into(), &elder.into())?;
    Reflect::set(&carried, &"lang".into(), &(if english { "en" } else { "zh" }).into())?;
    Reflect::set(&carried, &HANDOVER.into(), &true.into())?;
    match &target.options {
        Some(options) => {
            let options = Object::assign(&Object::new(), options.unchecked_ref());
            let options = Object::assign(&options, &carried);
            Reflect::set(&options, &"route".into(), &route.to_hash().into())?;
            call("mount", &js_sys::Array::of2(&target.element, &options))
        }
        None => call("mountPage", &js_sys::Array::of2(&target.element, &carried)),
    }
}

#[cfg(not(feature = "full"))]
#[derive(Properties, PartialEq)]
pub struct UpgradeProps {
    /// The screen to open in the full build.
    pub route: Route,
    /// Interface text keys: what to say while loading, and if loading failed.
    pub loading: &'static str,
    pub failed: &'static str,
}

/// Stands in, in the lean build, for a screen only the full build has: loads it and hands over.
#[cfg(not(feature = "full"))]
#[function_component(Upgrade)]
pub fn upgrade(props: &UpgradeProps) -> Html {
    let t = use_texts();
    let upgrader = use_context::<Upgrader>().unwrap_or_default();
    let prefs = use_context::<PrefsHandle>();
    let attempt = use_state(|| 0u32);
    let failed = use_state(|| false);
    {
        let failed = failed.clone();
        let route = props.route.clone();
        let (elder, english) = prefs.map(|p| (p.elder, p.english)).unwrap_or_default();
        let start_failed = t.t("app.start_failed");
        use_effect_with((route, *attempt), move |(route, _)| {
            upgrader.want(Some(route.clone()));
            let task = upgrader.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(error) = task.switch(elder, english, &start_failed).await {
                    crate::log::warn_with("the full module did not load", &error);
                    failed.set(true);
                }
            });
            // Left for a screen the lean build has (or for another one): this request no longer stands.
            move || upgrader.want(None)
        });
    }
    if *failed {
        let retry = {
            let (attempt, failed) = (attempt.clone(), failed.clone());
            Callback::from(move |_| {
                failed.set(false);
                attempt.set(*attempt + 1);
            })
        };
        html! {
            <div class="sq-alert" role="alert">
                <p>{ t.t(props.failed) }</p>
                <button class="sq-button" type="button" onclick={retry}>{ t.t("guide.retry") }</button>
            </div>
        }
    } else {
        html! { <p class="sq-muted" role="status">{ t.t(props.loading) }</p> }
    }
}
