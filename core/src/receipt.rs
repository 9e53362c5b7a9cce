//! 受理回执: what stays on the device after a submission — no personal data, only the reference, the items, the
//! time and where the application stands. It also marks the draft as submitted: a draft with a receipt is never
//! written again (a second tab's autosave, or a catalog swap on the receipt screen, must not bring it back).

use serde_json::{json, Value};

use crate::retention::expired;

/// Where a submission stands, as the receipt tells the citizen. Stored as `{"s": "delivered", "at": …}`,
/// `{"s": "waiting"}`, `{"s": "refused", "message": "…"}` or `{"s": "not_sent"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Read and written by hand rather than derived: the derive (a tagged enum above all) costs the first-visit build
/// several KB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub reference: String,
    /// (item id, item name) per application.
    pub items: Vec<(String, String)>,
    /// Submission time, ms since the Unix epoch.
    pub time: u64,
    pub status: Status,
}

impl Status {
    fn to_value(&self) -> Value {
        match self {
            Status::Delivered { at } => json!({ "s": "delivered", "at": at }),
            Status::Waiting => json!({ "s": "waiting" }),
            Status::Refused { message } => json!({ "s": "refused", "message": message }),
            Status::NotSent => json!({ "s": "not_sent" }),
        }
    }

    fn from_value(value: &Value) -> Option<Status> {
        Some(match value.get("s")?.as_str()? {
            "delivered" => Status::Delivered { at: value.get("at")?.as_u64()? },
            "waiting" => Status::Waiting,
            "refused" => Status::Refused { message: value.get("message")?.as_str()?.to_owned() },
            "not_sent" => Status::NotSent,
            _ => return None,
        })
    }
}

impl Receipt {
    pub fn encode(&self) -> String {
        json!({ "reference": self.reference, "items": self.items, "time": self.time, "status": self.status.to_value() })
            .to_string()
    }

    /// `None` for anything that is not a receipt (it is removed, not kept). A receipt of the first format (no
    /// status) reads as not sent: it was made before acknowledgements existed.
    pub fn decode(json: &str) -> Option<Receipt> {
        let value: Value = serde_json::from_str(json).ok()?;
        let o = value.as_object()?;
        if o.keys().any(|k| !["reference", "items", "time", "status"].contains(&k.as_str())) {
            return None;
        }
        let reference = o.get("reference")?.as_str()?.to_owned();
        if !crate::messages::is_reference(&reference) {
            return None;
        }
        let items = o
            .get("items")?
            .as_array()?
            .iter()
            .map(|pair| match pair.as_array()?.as_slice() {
                [id, name] => Some((id.as_str()?.to_owned(), name.as_str()?.to_owned())),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        let status = match o.get("status") {
            None => Status::NotSent,
            Some(s) => Status::from_value(s)?,
        };
        Some(Receipt { reference, items, time: o.get("time")?.as_u64()?, status })
    }

    pub fn expired(&self, now: u64, days: u32) -> bool {
        expired(self.time, now, days)
    }
}
