//! Receipts on this device (`sqsb.receipt.<draft id>`, `sqsb_core::receipt`): no personal data, expire after the
//! deployment's receipt period, and mark their draft as submitted (`apply::store::save` refuses to write it again).

use gloo::storage::{LocalStorage, Storage};
use sqsb_core::receipt::{Receipt, Status};
use sqsb_core::retention::Retention;

const PREFIX: &str = "sqsb.receipt.";

fn key(draft_id: &str) -> String {
    format!("{PREFIX}{draft_id}")
}

/// The reference printed on the receipt and sent to the host: `SQ` and the draft id in capitals.
pub fn reference(draft_id: &str) -> String {
    format!("SQ{}", draft_id.to_uppercase())
}

/// The draft a reference was made from (draft ids are lower-case base 36).
pub fn draft_id(reference: &str) -> Option<String> {
    reference.strip_prefix("SQ").map(str::to_ascii_lowercase)
}

pub fn save(draft_id: &str, receipt: &Receipt) -> Result<(), String> {
    LocalStorage::raw().set_item(&key(draft_id), &receipt.encode()).map_err(|e| format!("{e:?}"))
}

pub fn load(draft_id: &str) -> Option<Receipt> {
    Receipt::decode(&LocalStorage::raw().get_item(&key(draft_id)).ok()??)
}

/// Whether the draft was submitted (its receipt exists).
pub fn exists(draft_id: &str) -> bool {
    LocalStorage::raw().get_item(&key(draft_id)).ok().flatten().is_some()
}

pub fn remove(draft_id: &str) {
    LocalStorage::delete(key(draft_id));
}

/// Where the submission with this reference stands, if its receipt is on this device.
pub fn status(reference: &str) -> Option<Status> {
    load(&draft_id(reference)?).map(|r| r.status)
}

/// Records where a submission stands. A receipt that cannot be rewritten keeps its old status: the outbox, which
/// decides what is sent, is already right.
pub fn set_status(reference: &str, status: Status) {
    let Some(id) = draft_id(reference) else { return };
    if let Some(mut receipt) = load(&id) {
        receipt.status = status;
        if let Err(e) = save(&id, &receipt) {
            crate::log::warn(&format!("receipt {reference} not updated: {e}"));
        }
    }
}

/// All receipts, newest first.
pub fn list() -> Vec<(String, Receipt)> {
    let storage = LocalStorage::raw();
    let len = storage.length().unwrap_or(0);
    let mut out: Vec<(String, Receipt)> = (0..len)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|k| {
            let id = k.strip_prefix(PREFIX)?.to_owned();
            Some((id.clone(), load(&id)?))
        })
        .collect();
    out.sort_by_key(|(_, r)| std::cmp::Reverse(r.time));
    out
}

/// Removes expired receipts and anything under the receipt prefix that is not a receipt.
pub fn sweep(now: u64, retention: &Retention) -> usize {
    let storage = LocalStorage::raw();
    let len = storage.length().unwrap_or(0);
    let keys: Vec<String> =
        (0..len).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(PREFIX)).collect();
    let mut removed = 0;
    for k in keys {
        let stale = match storage.get_item(&k).ok().flatten().as_deref().and_then(Receipt::decode) {
            Some(receipt) => receipt.expired(now, retention.receipt_days),
            None => true,
        };
        if stale {
            let _ = storage.remove_item(&k);
            removed += 1;
        }
    }
    removed
}
