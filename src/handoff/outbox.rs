//! The outbox on this device (`sqsb.outbox.v2`; the rules are `sqsb_core::outbox`): submitting, delivering, and
//! applying acknowledgements.
//!
//! - **Submit**: the outbox entry and the receipt are written first; only when both are stored is the draft
//!   deleted. A failed write undoes the other and leaves the draft as it was (the caller keeps the submission in
//!   memory and offers the file).
//! - **Deliver**: one tab at a time (a Web Lock, else a short lease in storage) takes the entries due for this
//!   instance's channel, hands each over and waits for the acknowledgement; no answer schedules the next try with
//!   backoff. Tried at start, when the network comes back, when the page becomes visible, and at the next due
//!   time.
//! - **Acknowledge**: only for an entry bound to the channel the answer came through; the entry leaves on
//!   acceptance, stays with the host's message on refusal, and the receipt says which.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use js_sys::{Function, Promise, Reflect};
use sqsb_core::engine::Payload;
use sqsb_core::messages::submission;
use sqsb_core::outbox::{AckEffect, Entry, Outbox};
use sqsb_core::receipt::{Receipt, Status};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::channel::{Channel, Outcome, ACK_TIMEOUT_MS};
use super::{receipts, Handoff};
use crate::log::warn;

const KEY: &str = "sqsb.outbox.v2";
/// The first outbox format (before acknowledgements): read once, then rewritten as v2.
const LEGACY_KEY: &str = "sqsb.outbox.v1";
const LEGACY_PAGE: &str = "legacy:page";
const LOCK: &str = "sqsb-outbox";
const LEASE_KEY: &str = "sqsb.outbox.lease";
/// What a submission with no host is kept for: the citizen shows it at the 一窗受理 counter (SQSB2 codes). No
/// channel ever has this target, so it is never sent; it goes when the citizen deletes it or its period ends.
pub const COUNTER: &str = "counter";
/// Fired on `window` whenever an entry or a receipt changed in this tab (other tabs get `storage`).
pub const CHANGED_EVENT: &str = "sqsb:outbox";

thread_local! {
    /// Deliveries waiting for an acknowledgement, by reference: resolving wakes them.
    static WAITING: RefCell<HashMap<String, Function>> = RefCell::new(HashMap::new());
}

/// The one clock of the device's stored data (drafts, receipts, the outbox).
pub use crate::apply::store::now_ms;

pub fn online() -> bool {
    gloo::utils::window().navigator().on_line()
}

pub fn load() -> Outbox {
    let raw = LocalStorage::raw();
    let (mut outbox, dropped) = Outbox::decode(&raw.get_item(KEY).ok().flatten().unwrap_or_default());
    if dropped > 0 {
        warn(&format!("removed {dropped} unreadable outbox entries"));
    }
    if let Some(legacy) = raw.get_item(LEGACY_KEY).ok().flatten() {
        for entry in legacy_entries(&legacy) {
            outbox.add(entry);
        }
        if save(&outbox).is_ok() {
            let _ = raw.remove_item(LEGACY_KEY);
        }
    } else if dropped > 0 {
        let _ = save(&outbox);
    }
    outbox
}

/// v1 entries had an instance name, not a target: a portal's are its callback's; the page's go to whichever host
/// the deployment allows when they are next delivered (their `?host=` was never checked, so it is not kept).
fn legacy_entries(json: &str) -> Vec<Entry> {
    let values: Vec<serde_json::Value> = serde_json::from_str(json).unwrap_or_default();
    values
        .into_iter()
        .filter_map(|v| {
            let reference = v.get("reference")?.as_str()?.to_owned();
            let channel = v.get("channel")?.as_str()?;
            Some(Entry {
                reference,
                target: if channel == "page" { LEGACY_PAGE.to_owned() } else { format!("callback:{channel}") },
                message: v.get("message")?.clone(),
                queued_at: v.get("queued_at").and_then(serde_json::Value::as_u64).unwrap_or_else(now_ms),
                attempts: 0,
                next_at: 0,
                refused: None,
            })
        })
        .filter(|e| sqsb_core::messages::is_reference(&e.reference))
        .collect()
}

/// Whether a submission of `target` waits (the lean build's cue to switch to the full build, which delivers).
pub fn waiting_for(target: &str) -> bool {
    // The page's entries of the first format go to whichever host the page's deployment allows, never to a portal.
    let legacy = !target.starts_with("callback:");
    load().entries.iter().any(|e| (e.target == target || legacy && e.target == LEGACY_PAGE) && e.refused.is_none())
}

pub fn save(outbox: &Outbox) -> Result<(), String> {
    if outbox.entries.is_empty() {
        LocalStorage::delete(KEY);
        return Ok(());
    }
    LocalStorage::raw().set_item(KEY, &outbox.encode()).map_err(|e| format!("{e:?}"))
}

fn notify_changed() {
    if let Ok(event) = web_sys::Event::new(CHANGED_EVENT) {
        let _ = gloo::utils::window().dispatch_event(&event);
    }
}

/// Submits a chain: stores the outbox entry (with a channel) and the receipt, then deletes the draft, then starts
/// delivery. `Err`: storage refused a write; nothing was kept and the draft is untouched.
pub fn submit(
    handoff: &Rc<Handoff>,
    draft_id: &str,
    payloads: &[Payload],
    items: Vec<(String, String)>,
) -> Result<Receipt, String> {
    // Submitted already (another tab, a second tap): the first submission stands, nothing is queued again.
    if let Some(receipt) = receipts::load(draft_id) {
        return Ok(receipt);
    }
    let reference = receipts::reference(draft_id);
    let now = now_ms();
    let channel = handoff.channel.as_ref();
    {
        let mut outbox = load();
        outbox.add(Entry {
            reference: reference.clone(),
            target: channel.map_or_else(|| COUNTER.to_owned(), Channel::target),
            message: submission(&reference, payloads),
            queued_at: now,
            attempts: 0,
            next_at: 0,
            refused: None,
        });
        save(&outbox)?;
    }
    let status = if channel.is_some() { Status::Waiting } else { Status::NotSent };
    let receipt = Receipt { reference: reference.clone(), items, time: now, status };
    if let Err(e) = receipts::save(draft_id, &receipt) {
        let mut outbox = load();
        outbox.remove(&reference);
        let _ = save(&outbox);
        receipts::remove(draft_id);
        return Err(e);
    }
    crate::apply::store::remove(draft_id);
    notify_changed();
    flush(handoff.clone());
    Ok(receipt)
}

/// Applies a host's answer that came through `channel`. `false`: no entry of that channel has this reference.
pub fn acknowledge(channel: &Channel, reference: &str, accepted: bool, message: Option<&str>) -> bool {
    let mut outbox = load();
    if outbox.get(reference).is_none_or(|e| e.target != channel.target()) {
        return false;
    }
    let effect = outbox.acknowledge(reference, accepted, message);
    // The receipt first, then the outbox: a page that dies in between, or an outbox write refused, leaves an entry
    // that is sent again (the host drops the duplicate by its reference, and acknowledges it again), never a receipt
    // saying 待送达 for an entry that is gone.
    match effect {
        AckEffect::Delivered => receipts::set_status(reference, Status::Delivered { at: now_ms() }),
        AckEffect::Refused(message) => receipts::set_status(reference, Status::Refused { message }),
        AckEffect::Unknown => {}
    }
    if let Err(e) = save(&outbox) {
        warn(&format!("outbox not updated after the acknowledgement of {reference}: {e}"));
    }
    if let Some(wake) = WAITING.with(|w| w.borrow_mut().remove(reference)) {
        let _ = wake.call0(&JsValue::NULL);
    }
    notify_changed();
    true
}

/// The applications of a submission still kept on this device (waiting, refused, or kept for the counter).
pub fn kept_applications(reference: &str) -> Option<Vec<sqsb_core::engine::Payload>> {
    let outbox = load();
    let message = &outbox.get(reference)?.message;
    serde_json::from_value(message.get("applications")?.clone()).ok()
}

/// The citizen deletes what this device keeps of a submission that is not on its way (kept for the counter, or
/// refused and no longer wanted); the receipt, with no personal data, stays. A submission still waiting for its
/// host's acknowledgement is not deleted: deleting it would stop its delivery while its receipt says it comes
/// (the screen offers no 删除 for it; it leaves on acknowledgement or at the end of its retention period).
pub fn forget(reference: &str) {
    if receipts::status(reference).is_some_and(|s| matches!(s, Status::Waiting)) {
        return;
    }
    let mut outbox = load();
    if outbox.remove(reference) && save(&outbox).is_ok() {
        notify_changed();
    }
}

/// Whether this device still holds the submission (waiting, refused, or kept for the counter).
pub fn holds(reference: &str) -> bool {
    load().get(reference).is_some()
}

/// The citizen sends a refused submission again.
pub fn send_again(handoff: &Rc<Handoff>, reference: &str) {
    let mut outbox = load();
    if outbox.send_again(reference) && save(&outbox).is_ok() {
        receipts::set_status(reference, Status::Waiting);
        notify_changed();
        flush(handoff.clone());
    }
}

/// Starts delivering what is due for this instance's channel (if it is not already doing so).
pub fn flush(handoff: Rc<Handoff>) {
    let Some(channel) = handoff.channel.clone() else { return };
    if !online() {
        return;
    }
    if handoff.flushing.replace(true) {
        handoff.again.set(true);
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            handoff.again.set(false);
            with_lock(deliver_due(channel.clone())).await;
            if !handoff.again.get() {
                break;
            }
        }
        handoff.flushing.set(false);
        schedule_next(&handoff, &channel);
    });
}

/// A timer for the next entry's due time (at most the longest backoff away: `Outbox::next_due`).
fn schedule_next(handoff: &Rc<Handoff>, channel: &Channel) {
    let now = now_ms();
    let next = load().next_due(&channel.target(), now);
    let timer = next.map(|at| {
        // `next_due` is at most the longest backoff away, well within a browser timer's i32 milliseconds.
        let wait = u32::try_from(at.saturating_sub(now)).unwrap_or(u32::MAX / 4) + 50;
        let handoff = handoff.clone();
        gloo::timers::callback::Timeout::new(wait, move || flush(handoff))
    });
    *handoff.timer.borrow_mut() = timer;
}

async fn deliver_due(channel: Channel) {
    let target = channel.target();
    let mut outbox = load();
    // The page's entries from before acknowledgements go to a host the deployment allows, never to a portal.
    if !matches!(channel, Channel::Callback { .. }) && outbox.entries.iter().any(|e| e.target == LEGACY_PAGE) {
        outbox.entries.iter_mut().filter(|e| e.target == LEGACY_PAGE).for_each(|e| e.target = target.clone());
        let _ = save(&outbox);
    }
    for reference in outbox.due(&target, now_ms()) {
        // Read again: an acknowledgement or another tab may have changed it meanwhile.
        let mut outbox = load();
        let Some(entry) = outbox.get(&reference).filter(|e| e.refused.is_none()).cloned() else { continue };
        outbox.attempted(&reference, now_ms());
        if let Err(e) = save(&outbox) {
            warn(&format!("outbox not updated before sending {reference}: {e}"));
        }
        match channel.send(&entry.message).await {
            Outcome::Accepted => {
                acknowledge(&channel, &reference, true, None);
            }
            Outcome::Refused(message) => {
                acknowledge(&channel, &reference, false, Some(&message));
            }
            Outcome::NoAnswer(reason) => {
                if !reason.is_empty() {
                    warn(&format!("submission {reference} not delivered, will try again: {reason}"));
                }
                // Not acknowledged yet (a quick host may already have answered): wait for it, briefly.
                let waiting = load().get(&reference).is_some_and(|e| e.refused.is_none());
                if waiting && channel.acks_by_message() {
                    wait_for_ack(&reference, ACK_TIMEOUT_MS).await;
                }
            }
        }
    }
}

async fn wait_for_ack(reference: &str, ms: i32) {
    let key = reference.to_owned();
    let promise = Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        WAITING.with(|w| w.borrow_mut().insert(key.clone(), resolve));
    });
    let _ = JsFuture::from(promise).await;
    WAITING.with(|w| w.borrow_mut().remove(reference));
}

/// Runs `work` in this tab only if no other tab of the site is delivering (Web Locks; where the browser has none,
/// a lease in storage that expires if its tab dies).
async fn with_lock(work: impl std::future::Future<Output = ()> + 'static) {
    let navigator = gloo::utils::window().navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok().filter(|l| !l.is_undefined() && !l.is_null());
    let request = locks
        .as_ref()
        .and_then(|l| Reflect::get(l, &"request".into()).ok())
        .and_then(|r| r.dyn_into::<Function>().ok());
    if let (Some(locks), Some(request)) = (locks, request) {
        let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
            if lock.is_null() {
                // Another tab holds it and is delivering.
                return Promise::resolve(&JsValue::UNDEFINED);
            }
            wasm_bindgen_futures::future_to_promise(async move {
                work.await;
                Ok(JsValue::UNDEFINED)
            })
        });
        let options = js_sys::Object::new();
        let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
        if let Ok(promise) = request.call3(&locks, &LOCK.into(), &options, &callback) {
            if let Ok(promise) = promise.dyn_into::<Promise>() {
                let _ = JsFuture::from(promise).await;
            }
        }
        return;
    }
    let Some(lease) = take_lease() else { return };
    work.await;
    if LocalStorage::raw().get_item(LEASE_KEY).ok().flatten().as_deref() == Some(lease.as_str()) {
        LocalStorage::delete(LEASE_KEY);
    }
}

fn take_lease() -> Option<String> {
    let raw = LocalStorage::raw();
    let now = now_ms();
    let held = raw.get_item(LEASE_KEY).ok().flatten();
    let until = held.as_deref().and_then(|h| h.split_once(' ')).and_then(|(_, u)| u.parse::<u64>().ok());
    if until.is_some_and(|u| u > now) {
        return None;
    }
    let mine = format!("{} {}", (js_sys::Math::random() * 1e15) as u64, now + 60_000);
    raw.set_item(LEASE_KEY, &mine).ok()?;
    // Two tabs may both have written: the one whose value stayed holds it.
    (raw.get_item(LEASE_KEY).ok().flatten().as_deref() == Some(mine.as_str())).then_some(mine)
}
