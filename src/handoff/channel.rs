//! The channels a submission can leave by, chosen by what the page finds:
//!
//! 1. a portal's `onSubmit` callback (`mount(element, { onSubmit })`): its answer, or the promise it returns, is
//!    the acknowledgement;
//! 2. an Android `WebView` bridge: `window.<android>.postMessage(json)` (an `@JavascriptInterface` method: strings
//!    only);
//! 3. an iOS `WKWebView` handler: `window.webkit.messageHandlers.<ios>.postMessage(json)`;
//! 4. the parent frame, or the opener, at a host origin the deployment lists: `postMessage(message, origin)`.
//!
//! The native and window channels are acknowledged by an `sqsb.ack` message (`inbound.rs`).

use js_sys::{Function, Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use sqsb_core::messages::MAX_ACK_MESSAGE_CHARS;

/// How long a native or window host has to acknowledge before the next try is scheduled.
pub const ACK_TIMEOUT_MS: i32 = 10_000;
/// How long a portal's `onSubmit` promise may take.
pub const CALLBACK_TIMEOUT_MS: i32 = 30_000;

/// How a host answered a submission handed to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Accepted,
    Refused(String),
    /// Not handed over, or no answer: try again later.
    NoAnswer(String),
}

#[derive(Clone, Debug)]
pub enum Channel {
    Callback {
        name: String,
        on_submit: Function,
        on_rate: Option<Function>,
    },
    Android {
        name: String,
    },
    Ios {
        name: String,
    },
    /// `target` is the parent or opener; `origins` the listed hosts it may be (one, when the page could tell
    /// which origin framed it).
    Window {
        target: web_sys::Window,
        origins: Vec<String>,
    },
}

fn get(value: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(value, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

fn method(object: &JsValue, name: &str) -> Option<Function> {
    get(object, name)?.dyn_into::<Function>().ok()
}

/// The Android bridge object, if the webview added one under `name`.
pub fn android_bridge(name: &str) -> Option<JsValue> {
    get(&gloo::utils::window(), name).filter(|o| method(o, "postMessage").is_some())
}

/// The iOS message handler, if the webview added one under `name`.
pub fn ios_handler(name: &str) -> Option<JsValue> {
    let handlers = get(&gloo::utils::window(), "webkit").and_then(|w| get(&w, "messageHandlers"))?;
    get(&handlers, name).filter(|h| method(h, "postMessage").is_some())
}

/// The window that opened or frames this page, if any.
pub fn host_window() -> Option<web_sys::Window> {
    let window = gloo::utils::window();
    if let Some(parent) = window.parent().ok().flatten().filter(|p| p != &window) {
        return Some(parent);
    }
    // A cross-origin opener is a WindowProxy that is not `instanceof Window` here, so `dyn_into` would refuse it;
    // posting to it is all we do.
    window.opener().ok().filter(|o| !o.is_null() && !o.is_undefined()).map(JsCast::unchecked_into)
}

/// The origin of the page framing this one, where the browser tells (`location.ancestorOrigins`, else the
/// referrer of a framed page). `None`: not framed, or not known.
pub fn framing_origin() -> Option<String> {
    let window = gloo::utils::window();
    window.parent().ok().flatten().filter(|p| p != &window)?;
    let from_ancestors = get(&window.location(), "ancestorOrigins").and_then(|list| get(&list, "0"));
    if let Some(origin) = from_ancestors.and_then(|o| o.as_string()) {
        return Some(origin);
    }
    let referrer = gloo::utils::document().referrer();
    web_sys::Url::new(&referrer).ok().map(|u| u.origin()).filter(|o| o != "null")
}

/// The origin of the page that opened this one (`window.open`), as its referrer tells: a hint that only chooses
/// among the listed hosts. `None`: not opened, or the opener sent no referrer.
pub fn opener_origin() -> Option<String> {
    let window = gloo::utils::window();
    window.opener().ok().filter(|o| !o.is_null() && !o.is_undefined())?;
    let referrer = gloo::utils::document().referrer();
    web_sys::Url::new(&referrer).ok().map(|u| u.origin()).filter(|o| o != "null")
}

impl Channel {
    /// What outbox entries queued for this channel are bound to (`sqsb_core::outbox`).
    pub fn target(&self) -> String {
        match self {
            Channel::Callback { name, .. } => format!("callback:{name}"),
            Channel::Android { name } => format!("android:{name}"),
            Channel::Ios { name } => format!("ios:{name}"),
            Channel::Window { origins, .. } => format!("window:{}", origins.join(" ")),
        }
    }

    /// The kind of channel, as `data-host` on the app's root shows it.
    pub fn kind(&self) -> &'static str {
        match self {
            Channel::Callback { .. } => "callback",
            Channel::Android { .. } => "android",
            Channel::Ios { .. } => "ios",
            Channel::Window { .. } => "window",
        }
    }

    /// Whether acknowledgements come as `sqsb.ack` messages (else: the callback's own answer).
    pub fn acks_by_message(&self) -> bool {
        !matches!(self, Channel::Callback { .. })
    }

    /// Hands `message` over. For a callback, its answer (or the promise it returns, awaited) is the outcome; for
    /// the others, `NoAnswer` until an `sqsb.ack` arrives, or `Accepted`/`Refused` if an iOS reply handler
    /// answered directly.
    pub async fn send(&self, message: &Value) -> Outcome {
        let text = message.to_string();
        match self {
            Channel::Callback { on_submit, .. } => {
                let Ok(value) = js_sys::JSON::parse(&text) else { return Outcome::NoAnswer("unencodable".into()) };
                match on_submit.call1(&JsValue::NULL, &value) {
                    Ok(answer) => callback_answer(answer).await,
                    Err(error) => Outcome::NoAnswer(format!("onSubmit threw: {}", describe(&error))),
                }
            }
            Channel::Android { name } => match android_bridge(name).and_then(|b| Some((method(&b, "postMessage")?, b)))
            {
                // Strings only: an @JavascriptInterface method cannot take an object.
                Some((post, bridge)) => match post.call1(&bridge, &JsValue::from_str(&text)) {
                    Ok(_) => Outcome::NoAnswer(String::new()),
                    Err(error) => Outcome::NoAnswer(format!("Android bridge: {}", describe(&error))),
                },
                None => Outcome::NoAnswer("the Android bridge is gone".into()),
            },
            Channel::Ios { name } => match ios_handler(name).and_then(|h| Some((method(&h, "postMessage")?, h))) {
                Some((post, handler)) => match post.call1(&handler, &JsValue::from_str(&text)) {
                    // A handler with reply (WKScriptMessageHandlerWithReply) answers through the promise.
                    Ok(reply) if reply.has_type::<js_sys::Promise>() => {
                        let deadline = deadline(ACK_TIMEOUT_MS);
                        match JsFuture::from(js_sys::Promise::race(&js_sys::Array::of2(&reply, &deadline))).await {
                            Ok(answer) => ack_answer(&answer, message.get("reference").and_then(Value::as_str)),
                            Err(error) => Outcome::NoAnswer(format!("iOS handler: {}", describe(&error))),
                        }
                    }
                    Ok(_) => Outcome::NoAnswer(String::new()),
                    Err(error) => Outcome::NoAnswer(format!("iOS handler: {}", describe(&error))),
                },
                None => Outcome::NoAnswer("the iOS handler is gone".into()),
            },
            Channel::Window { target, origins } => {
                let Ok(value) = js_sys::JSON::parse(&text) else { return Outcome::NoAnswer("unencodable".into()) };
                // Each listed origin as the exact target: the browser hands it over only to the one the host
                // window really has, and drops the others unseen.
                for origin in origins {
                    let _ = target.post_message(&value, origin);
                }
                Outcome::NoAnswer(String::new())
            }
        }
    }

    /// Hands a 好差评 rating over (no acknowledgement: a rating is not an application).
    pub fn rate(&self, rating: &Value) {
        let text = rating.to_string();
        match self {
            Channel::Callback { on_rate: Some(on_rate), .. } => {
                if let Ok(value) = js_sys::JSON::parse(&text) {
                    let _ = on_rate.call1(&JsValue::NULL, &value);
                }
            }
            Channel::Callback { on_rate: None, .. } => {}
            Channel::Android { name } => {
                if let Some((post, bridge)) = android_bridge(name).and_then(|b| Some((method(&b, "postMessage")?, b))) {
                    let _ = post.call1(&bridge, &JsValue::from_str(&text));
                }
            }
            Channel::Ios { name } => {
                if let Some((post, handler)) = ios_handler(name).and_then(|h| Some((method(&h, "postMessage")?, h))) {
                    let _ = post.call1(&handler, &JsValue::from_str(&text));
                }
            }
            Channel::Window { target, origins } => {
                if let Ok(value) = js_sys::JSON::parse(&text) {
                    for origin in origins {
                        let _ = target.post_message(&value, origin);
                    }
                }
            }
        }
    }
}

/// A portal callback's answer: a promise is awaited (rejected: not delivered); `{ accepted: false, message }`
/// refuses; anything else, returned without throwing, means the portal has it.
async fn callback_answer(answer: JsValue) -> Outcome {
    let answer = if answer.has_type::<js_sys::Promise>() {
        let deadline = deadline(CALLBACK_TIMEOUT_MS);
        let raced = js_sys::Promise::race(&js_sys::Array::of2(&answer, &deadline));
        match JsFuture::from(raced).await {
            Ok(value) => value,
            Err(error) => return Outcome::NoAnswer(format!("onSubmit's promise was rejected: {}", describe(&error))),
        }
    } else {
        answer
    };
    match get(&answer, "accepted").and_then(|a| a.as_bool()) {
        Some(false) => Outcome::Refused(refusal_text(get(&answer, "message"))),
        _ => Outcome::Accepted,
    }
}

/// An iOS reply: an `sqsb.ack` (object or JSON text) for this submission.
fn ack_answer(answer: &JsValue, reference: Option<&str>) -> Outcome {
    use sqsb_core::messages::Inbound;
    let text = answer.as_string().or_else(|| js_sys::JSON::stringify(answer).ok().and_then(|s| s.as_string()));
    match text.as_deref().map(Inbound::parse_text) {
        Some(Ok(Inbound::Ack { reference: r, accepted, message })) if Some(r.as_str()) == reference => {
            if accepted {
                Outcome::Accepted
            } else {
                Outcome::Refused(message.unwrap_or_default())
            }
        }
        _ => Outcome::NoAnswer(String::new()),
    }
}

/// A host's refusal text as the citizen may read it: a string, at most the schema's length.
fn refusal_text(message: Option<JsValue>) -> String {
    message.and_then(|m| m.as_string()).unwrap_or_default().chars().take(MAX_ACK_MESSAGE_CHARS).collect()
}

fn describe(error: &JsValue) -> String {
    error
        .as_string()
        .or_else(|| js_sys::JSON::stringify(error).ok().and_then(|s| s.as_string()))
        .unwrap_or_else(|| "error".to_owned())
        .chars()
        .take(200)
        .collect()
}

/// A promise rejected after `ms`: raced against a host's promise, so that a host that never answers cannot hold
/// the outbox.
pub fn deadline(ms: i32) -> Promise {
    Promise::new(&mut |_, reject| {
        let reason = JsValue::from_str("no answer in time");
        let _ = gloo::utils::window().set_timeout_with_callback_and_timeout_and_arguments_1(&reject, ms, &reason);
    })
}
