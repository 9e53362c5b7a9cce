//! The outbox: submissions made while offline wait here (localStorage) and are handed to the host once the
//! network is back — each exactly once. An entry is taken out of storage before it is handed over, so a second
//! instance or tab flushing at the same moment cannot hand it over again; should the host refuse it (its
//! callback throws, no host window), it goes back in to be tried later.

use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

use crate::embed::{warn, HostConfig};

const OUTBOX_KEY: &str = "sqsb.outbox.v1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Queued {
    pub reference: String,
    /// The instance name that queued it: only an instance of that name delivers it (a portal may embed two
    /// instances with different hosts).
    pub channel: String,
    /// The `sqsb.submit` message, exactly as it will be handed over.
    pub message: serde_json::Value,
    pub queued_at: u64,
}

fn all() -> Vec<Queued> {
    LocalStorage::get::<Vec<Queued>>(OUTBOX_KEY).unwrap_or_default()
}

fn store(entries: &[Queued]) -> Result<(), String> {
    if entries.is_empty() {
        LocalStorage::delete(OUTBOX_KEY);
        return Ok(());
    }
    LocalStorage::set(OUTBOX_KEY, entries).map_err(|e| e.to_string())
}

pub fn online() -> bool {
    gloo::utils::window().navigator().on_line()
}

/// Puts a submission in the outbox. An error means storage is full or unavailable.
pub fn queue(entry: Queued) -> Result<(), String> {
    let mut entries = all();
    if !entries.iter().any(|e| e.reference == entry.reference) {
        entries.push(entry);
    }
    store(&entries)
}

/// Whether a submission is still waiting.
pub fn is_waiting(reference: &str) -> bool {
    all().iter().any(|e| e.reference == reference)
}

/// Hands every waiting submission of this channel to the host. Returns how many were handed over.
pub fn flush(channel: &str, host: &HostConfig) -> usize {
    if !online() || !host.can_deliver() {
        return 0;
    }
    // Take ours out first (see the module comment), then hand them over one by one.
    let (mine, others): (Vec<Queued>, Vec<Queued>) = all().into_iter().partition(|e| e.channel == channel);
    if mine.is_empty() {
        return 0;
    }
    if let Err(e) = store(&others) {
        warn(&format!("outbox not updated, nothing sent this time: {e}"));
        return 0;
    }
    let mut delivered = 0;
    for entry in mine {
        if crate::host::deliver_submission(host, &entry.message) {
            delivered += 1;
        } else if let Err(e) = queue(entry) {
            warn(&format!("a submission could not be handed over nor kept: {e}"));
        }
    }
    delivered
}
