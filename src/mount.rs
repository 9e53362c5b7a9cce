//! The JavaScript entry points.
//!
//! - `mountPage(element)`: the app-zone page (`www/boot.src.js`). Configuration from the page URL, routes in
//!   `location.hash`, the page's own stylesheet.
//! - `mount(element, options)`: a portal. Configuration from `options` (typed as `MountOptions` in the generated
//!   `.d.ts`), routes kept in memory per instance, and everything inside a shadow root with its own copy of the
//!   stylesheet, so that neither the portal's CSS nor ours leaks into the other. Any number of instances may
//!   live on one page.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::{App, AppProps};
use crate::config::{Config, ConfigContext};
use crate::log::warn;
use crate::upgrade::{InstanceControl, Target, Upgrader};

#[wasm_bindgen(typescript_custom_section)]
const MOUNT_OPTIONS_TS: &str = r##"
/** Options of `mount(element, options)`. Every field is optional. */
export interface MountOptions {
  /** Start screen as an in-app route, e.g. "#/item/E001" or "#/search?q=出生". Wins over the fields below. */
  route?: string;
  /** Start at an item, e.g. "E001". */
  item?: string;
  /** Start at a scenario, "<lifecycle>/<code>", e.g. "personal/1.1". */
  scenario?: string;
  /** Start at a stage, "<lifecycle>/<no>", e.g. "enterprise/2". */
  stage?: string;
  /** Start at a lifecycle's first stage. */
  lifecycle?: "enterprise" | "personal";
  /** 长辈版 (elder mode). Wins over the user's last choice on this device. */
  elder?: boolean;
  /** Interface language. */
  lang?: "zh" | "en";
  /** A published catalog to check for updates (JSON, same format as data/catalog.json). */
  catalogUrl?: string;
  /** Exact origins (e.g. "https://portal.example.gov.cn") the module accepts messages from (and, with no onSubmit,
   *  posts submissions to when it is framed). The portal's options are its deployment: sqsb.config.json is for the
   *  app-zone page. */
  allowedOrigins?: string[];
  /** Where www/ is, relative to the page: the stylesheet and on-demand data are loaded from there. Default "./". */
  assetBase?: string;
  /** Instance name; submissions queued offline are delivered by an instance of the same name. Default "portal". */
  name?: string;
  /**
   * Called with each submission (one application per item of the chain). Returning normally means the portal has
   * it; return a promise to make the module wait for your back end (rejected: kept on the device and retried with
   * backoff; never settled within 30 s: retried), or `{ accepted: false, message }` to refuse it (the citizen sees
   * the message, and the data stays on the device to be sent again). The same `reference` may come twice after a
   * page died mid-way: drop duplicates by it.
   */
  onSubmit?: (submission: Submission) => void | SubmitAnswer | Promise<void | SubmitAnswer>;
  /** Called with each 好差评 rating. */
  onRate?: (rating: Rating) => void;
  /** Called with the in-app route on every screen change, e.g. "#/item/E001". */
  onNavigate?: (route: string) => void;
}

/** One item's application: `fields` maps "element@role" to the answer. */
export interface Application {
  item_id: string;
  item_name: string;
  catalog_version: string;
  fields: Record<string, string>;
  groups: Record<string, Record<string, string>[]>;
}

/** Message schema version 1: also what the app-zone page posts to its host with postMessage. */
export interface Submission {
  type: "sqsb.submit";
  v: 1;
  /** The receipt reference, e.g. "SQ…": delivery is at least once, so a host drops a reference it already has. */
  reference: string;
  applications: Application[];
}

/** What a host answers to a submission (also the `sqsb.ack` message's fields). */
export interface SubmitAnswer {
  accepted: boolean;
  /** Shown to the citizen when `accepted` is false (at most 200 characters). */
  message?: string;
}

/** A host's answer to a submission, sent to the module by postMessage (iframe, opener) or `window.sqsbReceive`
 *  (Android, iOS). */
export interface Ack extends SubmitAnswer {
  type: "sqsb.ack";
  v: 1;
  reference: string;
}

export interface Rating {
  type: "sqsb.rate";
  v: 1;
  subject: string;
  level: 1 | 2 | 3 | 4 | 5;
  comment: string;
}
"##;

/// One mounted instance: the Yew app, what it put in the element, and (lean build, after switching) the full
/// build's handle that now runs in its place (see `upgrade.rs`).
#[derive(Default)]
pub struct Instance {
    app: Option<yew::AppHandle<App>>,
    /// What to empty on unmount (the shadow root, or the element itself).
    container: Option<web_sys::Node>,
    /// The full build's `MountHandle` once this lean instance has switched to it.
    pub full: Option<JsValue>,
    /// Its place among the instances a panic shows its message in (`crash.rs`); given up when the app stops.
    crash: Option<crate::crash::Registration>,
}

impl Instance {
    pub fn is_running(&self) -> bool {
        self.app.is_some()
    }

    /// Replaces what the instance shows with a plain message (a failure after the app has stopped).
    pub fn show_failure(&self, text: &str) {
        let Some(container) = &self.container else { return };
        let document = gloo::utils::document();
        if let Ok(alert) = document.create_element("p") {
            let _ = alert.set_attribute("class", "sq-alert");
            let _ = alert.set_attribute("role", "alert");
            alert.set_text_content(Some(text));
            container.set_text_content(None);
            let _ = container.append_child(&alert);
        }
    }

    /// Stops the Yew app (its screens, listeners and timers); the element is left for whoever comes next.
    pub fn stop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        // A stopped app's element is no longer this module's to overwrite (after a switch, the full build runs in it).
        self.crash = None;
    }
}

/// A mounted instance. Call `unmount()` to remove it and free its resources.
#[wasm_bindgen]
pub struct MountHandle {
    instance: Rc<RefCell<Instance>>,
}

#[wasm_bindgen]
impl MountHandle {
    /// Removes the instance: its screens, its listeners and timers, and everything it put in the element.
    /// Calling it twice is harmless.
    pub fn unmount(&mut self) {
        let (container, full) = {
            let mut instance = self.instance.borrow_mut();
            instance.stop();
            (instance.container.take(), instance.full.take())
        };
        if let Some(full) = full {
            let unmount = js_sys::Reflect::get(&full, &"unmount".into()).ok();
            if let Some(f) = unmount.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
                let _ = f.call0(&full);
            }
        }
        if let Some(container) = container {
            container.set_text_content(None);
        }
    }
}

/// Renders the app into `root` and keeps what `unmount` needs. A lean build's instance also gets what it needs to
/// switch to the full build (`options`: the portal's, `None` for the page).
fn start(
    config: Config,
    element: &web_sys::Element,
    root: web_sys::Element,
    container: web_sys::Node,
    options: Option<JsValue>,
) -> MountHandle {
    let instance = Rc::new(RefCell::new(Instance::default()));
    let upgrader = if cfg!(feature = "full") {
        Upgrader::default()
    } else {
        Upgrader(Some(Rc::new(Target {
            element: element.clone(),
            options,
            instance: control(&instance),
            wanted: Default::default(),
        })))
    };
    let props = AppProps { config: ConfigContext(Rc::new(config)), upgrader };
    let crash = crate::crash::register(&root);
    let app = yew::Renderer::<App>::with_root_and_props(root, props).render();
    {
        let mut i = instance.borrow_mut();
        i.app = Some(app);
        i.container = Some(container);
        i.crash = Some(crash);
    }
    MountHandle { instance }
}

/// What the lean build's switch to the full build may do with an instance (`upgrade.rs`).
fn control(instance: &Rc<RefCell<Instance>>) -> InstanceControl {
    let (running, stopping, keeping, failing) =
        (instance.clone(), instance.clone(), instance.clone(), instance.clone());
    InstanceControl {
        is_running: Box::new(move || running.borrow().is_running()),
        stop: Box::new(move || stopping.borrow_mut().stop()),
        keep_full: Box::new(move |handle| keeping.borrow_mut().full = Some(handle)),
        show_failure: Box::new(move |text| failing.borrow().show_failure(text)),
    }
}

/// The app-zone page: configuration from the page URL, routes in `location.hash`. `carried` (`{ elder, lang }`,
/// optional) is what a lean instance hands over when it switches to the full build; it wins over the URL.
#[wasm_bindgen(js_name = mountPage)]
pub fn mount_page(
    element: web_sys::Element,
    #[wasm_bindgen(unchecked_optional_param_type = "{ elder?: boolean; lang?: \"zh\" | \"en\" }")] carried: JsValue,
) -> MountHandle {
    // A crash is never silent: from here on a panic says so where the app was (crash.rs).
    crate::crash::install();
    element.set_inner_html("");
    let mut config = Config::from_page_url();
    let over = Config::from_options(&carried);
    config.elder = over.elder.or(config.elder);
    config.lang = over.lang.or(config.lang);
    config.handover = over.handover;
    start(config, &element, element.clone(), element.clone().into(), None)
}

/// Mounts an instance into `element` for a portal (see `MountOptions`).
#[wasm_bindgen]
pub fn mount(
    element: web_sys::Element,
    #[wasm_bindgen(unchecked_optional_param_type = "MountOptions")] options: JsValue,
) -> MountHandle {
    // A crash is never silent: from here on a panic says so where the app was (crash.rs).
    crate::crash::install();
    let config = Config::from_options(&options);
    if let Some(base) = &config.asset_base {
        crate::fetch::set_asset_base(base);
    }
    let (container, root) = match shadow_root(&element) {
        Some(shadow) => {
            let document = gloo::utils::document();
            let link = document.create_element("link").ok();
            let root = document.create_element("div").ok();
            match (link, root) {
                (Some(link), Some(root)) => {
                    let _ = link.set_attribute("rel", "stylesheet");
                    let _ = link.set_attribute("href", &format!("{}app.css", crate::fetch::asset_base()));
                    let _ = root.set_attribute("class", "sq-embed");
                    shadow.set_text_content(None);
                    let _ = shadow.append_child(&link);
                    let _ = shadow.append_child(&root);
                    (shadow.unchecked_into::<web_sys::Node>(), root)
                }
                _ => (element.clone().into(), element.clone()),
            }
        }
        None => {
            // An element that cannot host a shadow root: render into it; our classes are all `sq-` prefixed.
            warn("mount: this element cannot host a shadow root; styles are not isolated (use a <div>)");
            element.set_inner_html("");
            (element.clone().into(), element.clone())
        }
    };
    start(config, &element, root, container, Some(options))
}

/// The element's open shadow root, attached on first mount (a root cannot be attached twice).
fn shadow_root(element: &web_sys::Element) -> Option<web_sys::ShadowRoot> {
    element
        .shadow_root()
        .or_else(|| element.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).ok())
}

/// The counter page (`www/counter.html`, full build only): the 一窗受理 clerk's reader of counter codes and
/// application files (`counter.rs`). Renders into `element`; the page keeps the handle for as long as it is open.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = mountCounter)]
pub fn mount_counter(element: web_sys::Element) -> CounterHandle {
    // A crash is never silent: from here on a panic says so where the page was (crash.rs).
    crate::crash::install();
    element.set_inner_html("");
    let crash = crate::crash::register(&element);
    let app = yew::Renderer::<crate::counter::CounterPage>::with_root(element.clone()).render();
    CounterHandle { app: Some(app), element, crash: Some(crash) }
}

/// The counter page, mounted. `unmount()` removes it.
#[cfg(feature = "full")]
#[wasm_bindgen]
pub struct CounterHandle {
    app: Option<yew::AppHandle<crate::counter::CounterPage>>,
    element: web_sys::Element,
    crash: Option<crate::crash::Registration>,
}

#[cfg(feature = "full")]
#[wasm_bindgen]
impl CounterHandle {
    /// Removes the page: its listeners and everything it put in the element. Calling it twice is harmless.
    pub fn unmount(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.crash = None;
        self.element.set_inner_html("");
    }
}
