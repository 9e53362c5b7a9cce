//! A crash is never silent.
//!
//! The wasm builds are `panic = "abort"`: a panic ends in an `unreachable` trap, which throws a
//! `WebAssembly.RuntimeError` out of whatever JavaScript called in and leaves the module as the panic found it
//! (borrows held, a task half-run). Without this hook the screen would stay as it was and answer nothing. The hook
//! (installed once per wasm module, at its first mount: the lean and the full build each install their own)
//! logs the panic, replaces what every mounted instance of this module shows with a message and a 重新加载
//! button, and asks open application forms to save what was typed since their last autosave.
//!
//! It runs in the middle of a panic, so it takes no borrow that may be held there (the registry is read with
//! `try_borrow`), ignores every DOM error, and chains no other hook (the one before it may be anything, and a
//! panic inside the hook aborts at once, before the message is up).
//!
//! `www/boot.src.js` does the same for traps the hook cannot see (a stack overflow, a trap outside Rust's panic
//! machinery) on the app-zone page; the `sq-crash` class on the message tells it the hook got there first.

use std::cell::{Cell, RefCell};

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::{Lang, Texts};

/// The event `www/boot.src.js` dispatches before an update reloads the page; open forms save on it
/// (`apply/mod.rs`).
pub const SAVE_EVENT: &str = "sqsb:before-update";

thread_local! {
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
    /// Where each mounted instance of this module renders (the element, or the `.sq-embed` root inside a portal's
    /// shadow root, whose stylesheet link must stay), by registration number.
    static MOUNTED: RefCell<Vec<(u32, web_sys::Element)>> = const { RefCell::new(Vec::new()) };
    static NEXT: Cell<u32> = const { Cell::new(0) };
}

/// Installs the panic hook, once per wasm module. Called first thing by `mount` and `mountPage`.
pub fn install() {
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    // `set_hook` itself panics on a thread that has panicked (a trap leaves the panic count up for good): such a
    // module is beyond help, and boot.js reports its traps.
    if std::thread::panicking() {
        return;
    }
    // Through Yew: it replaces any other hook with its own (console only) when an app renders, unless one was set
    // this way.
    yew::set_custom_panic_hook(Box::new(on_panic));
}

/// An instance's place in the registry; dropping it (when the instance stops) takes it out.
#[derive(Debug)]
pub struct Registration(u32);

/// Registers the element an instance renders into, so that a panic replaces what it shows.
pub fn register(root: &web_sys::Element) -> Registration {
    let id = NEXT.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    });
    MOUNTED.with(|m| {
        if let Ok(mut m) = m.try_borrow_mut() {
            m.push((id, root.clone()));
        }
    });
    Registration(id)
}

impl Drop for Registration {
    fn drop(&mut self) {
        MOUNTED.with(|m| {
            if let Ok(mut m) = m.try_borrow_mut() {
                m.retain(|(id, _)| *id != self.0);
            }
        });
    }
}

fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    crate::log::error(&info.to_string());
    // A copy, so that nothing (not even a second panic) can find the registry borrowed.
    let roots: Vec<web_sys::Element> =
        MOUNTED.with(|m| m.try_borrow().map(|m| m.iter().map(|(_, root)| root.clone()).collect()).unwrap_or_default());
    // The message goes up first, so that nothing the save below runs can keep it from showing; both happen
    // before the browser paints again.
    show_everywhere(&roots);
    // Open forms save what was typed since the last (debounced) autosave. Their listener takes no borrow that
    // can be held here (`apply/mod.rs`); should it throw anyway, dispatchEvent reports the error and carries on.
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(SAVE_EVENT)) {
        let _ = window.dispatch_event(&event);
    }
}

fn show_everywhere(roots: &[web_sys::Element]) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    // Where the focus is now: the message that replaces it takes it. With no focus anywhere (the page's body),
    // the first message takes it; focus on a portal's own controls stays there.
    let active = document.active_element().filter(|e| document.body().is_none_or(|b| e != b.unchecked_ref()));
    let mut focused = false;
    for root in roots {
        let had_focus = match &active {
            None => !focused,
            Some(active) => holds_focus(root, active),
        };
        if let Some(button) = show(&document, root) {
            if had_focus && !focused {
                focused = button.focus().is_ok();
            }
        }
    }
}

/// Whether the focused element (`active`: the document's) is in `root`, which may be inside a shadow root.
fn holds_focus(root: &web_sys::Element, active: &web_sys::Element) -> bool {
    let inner = root.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok().and_then(|s| s.active_element());
    root.contains(Some(inner.as_ref().unwrap_or(active)))
}

/// Replaces what the instance in `root` shows with the message; returns its button (`None` if it was there
/// already: a later panic, or `root` is gone).
fn show(document: &web_sys::Document, root: &web_sys::Element) -> Option<web_sys::HtmlElement> {
    if root.query_selector(":scope > .sq-crash").ok().flatten().is_some() {
        return None;
    }
    // The instance's language and 长辈版, as its app shows them now (Chinese, standard if it has not rendered).
    let app = root.query_selector(".sq-app").ok().flatten();
    let app_is = |selector: &str| app.as_ref().is_some_and(|a| a.matches(selector).unwrap_or(false));
    let lang = if Texts::available(Lang::En) && app_is("[lang=en]") { Lang::En } else { Lang::Zh };
    // Read from the bundled file only now: a crash costs nothing before it happens.
    let t = Texts::new(lang);

    // Shaped as the app is (`.sq-app`, 长辈版 rules under `.sq-elder`), with the start-failure box's looks.
    let frame = document.create_element("div").ok()?;
    frame.set_class_name(if app_is(".sq-elder") { "sq-app sq-crash sq-elder" } else { "sq-app sq-crash" });
    let _ = frame.set_attribute("lang", lang.tag());
    let alert = child(document, &frame, "div", "")?;
    alert.set_class_name("sq-boot-error");
    let _ = alert.set_attribute("role", "alert");
    child(document, &alert, "h1", &t.t("app.crashed_title"))?;
    child(document, &alert, "p", &t.t("app.crashed"))?;
    let button: web_sys::HtmlElement = child(document, &alert, "button", &t.t("app.reload"))?.dyn_into().ok()?;
    button.set_class_name("sq-button");
    let _ = button.set_attribute("type", "button");
    // The browser's own `location.reload`, bound to the location: the click runs no code of this module, whose
    // state the panic has left as it was.
    let reload = web_sys::window()
        .and_then(|w| {
            let location: JsValue = w.location().into();
            let f = Reflect::get(&location, &"reload".into()).ok()?.dyn_into::<Function>().ok()?;
            Some(f.bind0(&location))
        })
        .and_then(|f| button.add_event_listener_with_callback("click", &f).ok());
    if reload.is_none() {
        // Without a working button, the message alone still says what happened and what to do.
        button.set_hidden(true);
    }

    root.set_text_content(None);
    let _ = root.append_child(&frame);
    // The stopped app may still render into its root: app.css hides whatever is not the message.
    let _ = root.class_list().add_1("sq-crashed");
    Some(button)
}

/// A new `tag` element with `text`, appended to `parent`.
fn child(document: &web_sys::Document, parent: &web_sys::Element, tag: &str, text: &str) -> Option<web_sys::Element> {
    let el = document.create_element(tag).ok()?;
    el.set_text_content(Some(text));
    parent.append_child(&el).ok()?;
    Some(el)
}
