//! 受理回执: what stays on the device after a submission — no personal data, only the reference, the items, the
//! time and where the application stands. It also marks the draft as submitted: a draft with a receipt is never
//! written again (a second tab's autosave, or a catalog swap on the receipt screen, must not bring it back).

use serde::{Deserialize, Serialize};

use crate::retention::expired;

/// Where a submission stands, as the receipt tells the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "s", rename_all = "snake_case")]
pub enum Status {
    /// The host acknowledged it (已送达).
    Delivered { at: u64 },
    /// Waiting in the outbox for the host's acknowledgement (待发送).
    Waiting,
    /// The host refused it, with its message; the data waits in the outbox (未被接收).
    Refused { message: String },
    /// No host: nothing was sent; the citizen takes it to the counter (未发送).
    NotSent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    pub reference: String,
    /// (item id, item name) per application.
    pub items: Vec<(String, String)>,
    /// Submission time, ms since the Unix epoch.
    pub time: u64,
    #[serde(default = "not_sent")]
    pub status: Status,
}

fn not_sent() -> Status {
    Status::NotSent
}

impl Receipt {
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// `None` for anything that is not a receipt (it is removed, not kept).
    pub fn decode(json: &str) -> Option<Receipt> {
        serde_json::from_str::<Receipt>(json).ok().filter(|r| crate::messages::is_reference(&r.reference))
    }

    pub fn expired(&self, now: u64, days: u32) -> bool {
        expired(self.time, now, days)
    }
}
