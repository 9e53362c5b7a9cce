//! What the host says to the module: `sqsb.navigate`, `sqsb.config` and `sqsb.ack` (`sqsb_core::messages`).
//!
//! - From a window (the parent frame, the opener, or — for a portal — its page): the sender's origin must be one
//!   this instance accepts and, when the page is framed or opened, the sender must be that very window
//!   (`event.source`). Both are checked before the message is read, measured or logged: a page receives messages
//!   meant for others, and an attacker's must cost nothing.
//! - From a native app: `window.sqsbReceive(json)`, which Android (`evaluateJavascript`) and iOS
//!   (`evaluateJavaScript`) call with the same JSON text. Only pages whose channel is a native bridge listen.
//!
//! An acknowledgement counts only when it comes the way the page's submissions go (`Via`): a window message for a
//! window channel, the native app for a bridge, neither for a portal's callback (its promise answers).
//!
//! Oversized messages (`MAX_INBOUND_BYTES`) are refused unread; off-schema ones are logged with their reason only.

use std::rc::Rc;

use gloo::events::EventListener;
use sqsb_core::messages::{Inbound, MAX_INBOUND_BYTES};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::Callback;

use super::channel::{host_window, Channel};
use super::Handoff;
use crate::log::warn;

/// The event `window.sqsbReceive` turns each native message into.
const NATIVE_EVENT: &str = "sqsb:receive";

/// A message's JSON text, or `None` when it is larger than any message of the schema.
fn text_of(data: &JsValue) -> Option<String> {
    if let Some(text) = data.as_string() {
        return (text.len() <= MAX_INBOUND_BYTES).then_some(text);
    }
    if !data.is_object() {
        return None;
    }
    let text = js_sys::JSON::stringify(data).ok()?.as_string()?;
    (text.len() <= MAX_INBOUND_BYTES).then_some(text)
}

/// Where a message came from: an acknowledgement counts only on the way its channel answers (a window message for a
/// window channel, the native app for a bridge), so that no page can acknowledge what went elsewhere.
#[derive(Clone, Copy, PartialEq)]
enum Via {
    Window,
    Native,
}

fn handle(handoff: &Handoff, text: &str, on_message: &Callback<Inbound>, via: Via) {
    match Inbound::parse_text(text) {
        // The lean build delivers nothing (it switches to the full build when a submission waits), so it has
        // nothing an acknowledgement could be for.
        #[cfg(not(feature = "full"))]
        Ok(Inbound::Ack { .. }) => {
            let _ = (handoff, via);
            warn("ignored an acknowledgement: this page has not sent anything");
        }
        #[cfg(feature = "full")]
        Ok(Inbound::Ack { reference, accepted, message }) => {
            let answers_this_way = |c: &&Channel| match c {
                Channel::Window { .. } => via == Via::Window,
                Channel::Android { .. } | Channel::Ios { .. } => via == Via::Native,
                // A portal's callback answers through its promise, never by a message.
                Channel::Callback { .. } => false,
            };
            let Some(channel) = handoff.channel.as_ref().filter(answers_this_way) else {
                warn("ignored an acknowledgement: it did not come the way this page's submissions go");
                return;
            };
            let known = super::outbox::acknowledge(channel, &reference, accepted, message.as_deref());
            if !known {
                warn("ignored an acknowledgement: no submission of this channel has that reference");
            }
        }
        Ok(message) => on_message.emit(message),
        Err(reason) => {
            // Only ours are worth a line; others' messages pass through every page.
            if text.contains("\"sqsb.") {
                warn(&format!("ignored a message: it does not follow the message schema ({reason})"));
            }
        }
    }
}

/// Listens for window messages, if this instance accepts any.
pub fn listen_window(handoff: Rc<Handoff>, on_message: Callback<Inbound>) -> Option<EventListener> {
    if handoff.inbound_origins.is_empty() {
        return None;
    }
    // Framed or opened: only that window speaks for the host. A portal's own page is the window itself.
    let expected_source = host_window();
    Some(EventListener::new(&gloo::utils::window(), "message", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
        if !handoff.inbound_origins.iter().any(|o| *o == event.origin()) {
            return;
        }
        if let Some(expected) = &expected_source {
            let from_host = event.source().is_some_and(|s| JsValue::from(s) == JsValue::from(expected.clone()));
            if !from_host {
                return;
            }
        }
        match text_of(&event.data()) {
            Some(text) => handle(&handoff, &text, &on_message, Via::Window),
            None => warn("ignored a message from the host: not a message of the schema, or too large"),
        }
    }))
}

/// Listens for the native app's messages, if this page's channel is a native bridge.
pub fn listen_native(handoff: Rc<Handoff>, on_message: Callback<Inbound>) -> Option<EventListener> {
    if !matches!(handoff.channel, Some(Channel::Android { .. } | Channel::Ios { .. })) {
        return None;
    }
    install_receiver();
    Some(EventListener::new(&gloo::utils::window(), NATIVE_EVENT, move |event| {
        let Some(event) = event.dyn_ref::<web_sys::CustomEvent>() else { return };
        match text_of(&event.detail()) {
            Some(text) => handle(&handoff, &text, &on_message, Via::Native),
            None => warn("ignored a message from the app: not a message of the schema, or too large"),
        }
    }))
}

/// Defines `window.sqsbReceive(message)` once per page: it hands the message to every instance as an event, so
/// that any number of instances (and the full build after a switch) hear it.
fn install_receiver() {
    let window = gloo::utils::window();
    let existing = js_sys::Reflect::get(&window, &"sqsbReceive".into()).ok();
    if existing.is_some_and(|f| f.is_function()) {
        return;
    }
    let receive = Closure::<dyn Fn(JsValue)>::new(|message: JsValue| {
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&message);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(NATIVE_EVENT, &init) {
            let _ = gloo::utils::window().dispatch_event(&event);
        }
    });
    let _ = js_sys::Reflect::set(&window, &"sqsbReceive".into(), receive.as_ref());
    // Lives as long as the page: the native app may answer at any time.
    receive.forget();
}
