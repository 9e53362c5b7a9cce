//! The outbox: submissions that have left the form but that no host has acknowledged yet. It is the only place a
//! submitted application's personal data stays on the device, and only until the host says it has it
//! (`sqsb.ack`), the citizen deletes it, or the retention period ends.
//!
//! This module is the bookkeeping, tested natively: which entries are due, when to try again (exponential
//! backoff), what an acknowledgement does. Moving the messages (channels, storage, one tab at a time) is the
//! browser's side (`src/handoff/`).
//!
//! Rules:
//! - An entry is **bound to the target it was queued for** (`callback:<name>`, `window:<origin>`,
//!   `android:<name>`, `ios:<name>`): no other host ever receives it.
//! - An entry leaves only on an acknowledgement (`accepted: true`). A refusal keeps it, with the host's message,
//!   until the citizen sends it again or deletes it. No answer keeps it and schedules the next try.
//! - Delivery is at least once: a page that dies between sending and the acknowledgement sends again later, so the
//!   host drops duplicates by `reference`.

use serde_json::{json, Map, Value};

use crate::retention::expired;

/// The first retry waits this long; each further one twice as long as the last, up to [`MAX_BACKOFF_MS`].
pub const FIRST_BACKOFF_MS: u64 = 5_000;
pub const MAX_BACKOFF_MS: u64 = 10 * 60 * 1000;

/// One submission waiting for its host's acknowledgement. Stored as a JSON object with these field names; read by
/// hand (`from_value`) rather than derived: the derive costs the first-visit build several KB.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub reference: String,
    /// The only channel that may deliver it (see the module comment).
    pub target: String,
    /// The `sqsb.submit` message, exactly as it is handed over.
    pub message: Value,
    pub queued_at: u64,
    pub attempts: u32,
    /// Not before this time (ms); 0: at once.
    pub next_at: u64,
    /// The host refused it, with this message (empty: no reason given). Not retried until sent again.
    pub refused: Option<String>,
}

const ENTRY_FIELDS: [&str; 7] = ["reference", "target", "message", "queued_at", "attempts", "next_at", "refused"];

impl Entry {
    pub fn to_value(&self) -> Value {
        json!({
            "reference": self.reference, "target": self.target, "message": self.message, "queued_at": self.queued_at,
            "attempts": self.attempts, "next_at": self.next_at, "refused": self.refused,
        })
    }

    /// Reads a stored entry; `None` for anything else (a missing or mistyped field, an unknown one).
    pub fn from_value(value: &Value) -> Option<Entry> {
        let o: &Map<String, Value> = value.as_object()?;
        if o.keys().any(|k| !ENTRY_FIELDS.contains(&k.as_str())) {
            return None;
        }
        let text = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_owned);
        let number = |k: &str| match o.get(k) {
            None => Some(0),
            Some(v) => v.as_u64(),
        };
        let refused = match o.get("refused") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.as_str()?.to_owned()),
        };
        let message = o.get("message").filter(|m| m.is_object())?.clone();
        Some(Entry {
            reference: text("reference")?,
            target: text("target")?,
            message,
            queued_at: o.get("queued_at")?.as_u64()?,
            attempts: u32::try_from(number("attempts")?).ok()?,
            next_at: number("next_at")?,
            refused,
        })
    }
}

/// What an acknowledgement did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AckEffect {
    /// The host has it: the entry is gone.
    Delivered,
    /// The host refused it: kept, with its message.
    Refused(String),
    /// No such entry (already acknowledged, or not ours): nothing changed.
    Unknown,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outbox {
    pub entries: Vec<Entry>,
}

/// How long to wait after the `attempts`-th try before the next.
pub fn backoff_ms(attempts: u32) -> u64 {
    let doublings = attempts.saturating_sub(1).min(16);
    FIRST_BACKOFF_MS.saturating_mul(1 << doublings).min(MAX_BACKOFF_MS)
}

/// When an entry is next tried. No backoff is longer than [`MAX_BACKOFF_MS`], so a time further ahead than that
/// was set by a clock that has since been moved back (a phone whose time was wrong and was corrected): it is tried
/// now rather than hours or days late.
fn next_try(e: &Entry, now: u64) -> u64 {
    if e.next_at > now.saturating_add(MAX_BACKOFF_MS) {
        now
    } else {
        e.next_at
    }
}

impl Outbox {
    /// Reads the stored outbox. Entries that do not read (a damaged or foreign value) are dropped and counted: they
    /// can never be delivered, and keeping them would keep whatever personal data they hold.
    pub fn decode(json: &str) -> (Outbox, usize) {
        let Ok(Value::Array(values)) = serde_json::from_str::<Value>(json) else {
            return (Outbox::default(), usize::from(!json.trim().is_empty()));
        };
        let total = values.len();
        let entries: Vec<Entry> = values
            .into_iter()
            .filter_map(|v| Entry::from_value(&v))
            .filter(|e| crate::messages::is_reference(&e.reference))
            .collect();
        let dropped = total - entries.len();
        (Outbox { entries }, dropped)
    }

    pub fn encode(&self) -> String {
        Value::Array(self.entries.iter().map(Entry::to_value).collect()).to_string()
    }

    /// Adds a submission; a second one with the same reference changes nothing.
    pub fn add(&mut self, entry: Entry) {
        if !self.entries.iter().any(|e| e.reference == entry.reference) {
            self.entries.push(entry);
        }
    }

    pub fn get(&self, reference: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.reference == reference)
    }

    /// The references `target` should try now, oldest first (refused ones wait for the citizen).
    pub fn due(&self, target: &str, now: u64) -> Vec<String> {
        let mut due: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.target == target && e.refused.is_none() && next_try(e, now) <= now)
            .collect();
        due.sort_by_key(|e| e.queued_at);
        due.into_iter().map(|e| e.reference.clone()).collect()
    }

    /// When `target` next has something to try (for a timer), if anything; never later than the longest backoff
    /// from `now`.
    pub fn next_due(&self, target: &str, now: u64) -> Option<u64> {
        self.entries.iter().filter(|e| e.target == target && e.refused.is_none()).map(|e| next_try(e, now)).min()
    }

    /// Records a try: the next one waits by [`backoff_ms`] unless an acknowledgement comes first.
    pub fn attempted(&mut self, reference: &str, now: u64) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.reference == reference) {
            e.attempts = e.attempts.saturating_add(1);
            e.next_at = now.saturating_add(backoff_ms(e.attempts));
        }
    }

    /// Applies the host's answer.
    pub fn acknowledge(&mut self, reference: &str, accepted: bool, message: Option<&str>) -> AckEffect {
        let Some(i) = self.entries.iter().position(|e| e.reference == reference) else {
            return AckEffect::Unknown;
        };
        if accepted {
            self.entries.remove(i);
            return AckEffect::Delivered;
        }
        let text = message.unwrap_or_default().to_owned();
        self.entries[i].refused = Some(text.clone());
        AckEffect::Refused(text)
    }

    /// The citizen sends a refused (or waiting) submission again: it is due at once.
    pub fn send_again(&mut self, reference: &str) -> bool {
        let Some(e) = self.entries.iter_mut().find(|e| e.reference == reference) else { return false };
        e.refused = None;
        e.next_at = 0;
        true
    }

    pub fn remove(&mut self, reference: &str) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| e.reference != reference);
        self.entries.len() != before
    }

    /// Drops entries older than the retention period; returns their references (their receipts say so).
    pub fn expire(&mut self, now: u64, days: u32) -> Vec<String> {
        let (gone, kept): (Vec<Entry>, Vec<Entry>) =
            self.entries.drain(..).partition(|e| expired(e.queued_at, now, days));
        self.entries = kept;
        gone.into_iter().map(|e| e.reference).collect()
    }
}
