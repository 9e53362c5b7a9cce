//! The host message schema, version 1: what the module says to the page or portal hosting it, and what it accepts
//! from it. The browser side (`src/host.rs`) checks the sender's origin and moves the JSON; what the messages look
//! like, and which ones are accepted, is decided here, where it can be tested natively.
//!
//! Outbound: `{ "type": "sqsb.submit", "v": 1, "reference": "SQ…", "applications": [Payload…] }` and
//! `{ "type": "sqsb.rate", "v": 1, "subject": "…", "level": 1..5, "comment": "…" }`.
//!
//! Inbound: `{ "type": "sqsb.navigate", "v": 1, "route": "#/item/E001" }`,
//! `{ "type": "sqsb.config", "v": 1, "elder": true, "lang": "en" }` (either field may be left out or null), and the
//! host's answer to a submission, `{ "type": "sqsb.ack", "v": 1, "reference": "SQ…", "accepted": true,
//! "message": "…" }` (`message` optional: shown to the citizen when the host refuses).
//! Anything else — another type or version, an unknown field, a value of the wrong kind, more than
//! [`MAX_INBOUND_BYTES`] — is refused with a reason.

use serde_json::{json, Value};

use crate::engine::Payload;

/// The schema version this module speaks.
pub const VERSION: u64 = 1;

/// An inbound message is a few hundred bytes; a larger one is refused before it is parsed.
pub const MAX_INBOUND_BYTES: usize = 4096;
/// The longest refusal text a host may give (characters): it is shown to the citizen as it is.
pub const MAX_ACK_MESSAGE_CHARS: usize = 200;

/// Whether `reference` is one this module hands out (`SQ` and up to 40 digits or capital letters).
pub fn is_reference(reference: &str) -> bool {
    let Some(rest) = reference.strip_prefix("SQ") else { return false };
    (1..=40).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// The submission of a chain: one application per item.
pub fn submission(reference: &str, applications: &[Payload]) -> Value {
    json!({ "type": "sqsb.submit", "v": VERSION, "reference": reference, "applications": applications })
}

/// A 好差评 rating.
pub fn rating(subject: &str, level: u8, comment: &str) -> Value {
    json!({ "type": "sqsb.rate", "v": VERSION, "subject": subject, "level": level, "comment": comment })
}

/// A message the host may send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inbound {
    /// Show this in-app route (`#/…`).
    Navigate { route: String },
    /// Switch 长辈版 and/or the language (`"zh"` or `"en"`); `None` leaves it as it is.
    Config { elder: Option<bool>, lang: Option<String> },
    /// The host's answer to the submission `reference`: it has it (`accepted`), or refuses it, saying why.
    Ack { reference: String, accepted: bool, message: Option<String> },
}

impl Inbound {
    /// Reads a message given as JSON text (a native bridge's string), refusing an oversized one unparsed.
    pub fn parse_text(text: &str) -> Result<Inbound, String> {
        if text.len() > MAX_INBOUND_BYTES {
            return Err(format!("longer than {MAX_INBOUND_BYTES} bytes"));
        }
        let value = serde_json::from_str::<Value>(text).map_err(|_| "not JSON".to_owned())?;
        Inbound::parse(&value)
    }

    /// Reads a message of schema version 1, or says (in English, for the console) why it is refused. Walks the
    /// `Value` by hand rather than deriving a tagged enum: the derive's buffering code costs several KB of wasm for
    /// a few small messages.
    pub fn parse(value: &Value) -> Result<Inbound, String> {
        let object = value.as_object().ok_or("not an object")?;
        let kind = object.get("type").and_then(Value::as_str).ok_or("no type")?;
        let allowed: &[&str] = match kind {
            "sqsb.navigate" => &["type", "v", "route"],
            "sqsb.config" => &["type", "v", "elder", "lang"],
            "sqsb.ack" => &["type", "v", "reference", "accepted", "message"],
            other => return Err(format!("unknown type {other:?}")),
        };
        if let Some(extra) = object.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(format!("unknown field {extra:?}"));
        }
        if object.get("v").and_then(Value::as_u64) != Some(VERSION) {
            return Err("unsupported version (v must be 1)".to_owned());
        }
        let text = |name: &str| -> Result<Option<String>, String> {
            match object.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => v.as_str().map(|s| Some(s.to_owned())).ok_or_else(|| format!("{name} must be a string")),
            }
        };
        match kind {
            "sqsb.navigate" => match text("route")? {
                Some(route) if route.starts_with("#/") => Ok(Inbound::Navigate { route }),
                _ => Err("route must be an in-app route such as \"#/item/E001\"".to_owned()),
            },
            "sqsb.ack" => {
                let reference = text("reference")?.filter(|r| is_reference(r)).ok_or("reference must be SQ…")?;
                let accepted =
                    object.get("accepted").and_then(Value::as_bool).ok_or("accepted must be true or false")?;
                let message = text("message")?;
                if message.as_ref().is_some_and(|m| m.chars().count() > MAX_ACK_MESSAGE_CHARS) {
                    return Err(format!("message longer than {MAX_ACK_MESSAGE_CHARS} characters"));
                }
                Ok(Inbound::Ack { reference, accepted, message: message.filter(|m| !m.trim().is_empty()) })
            }
            _ => {
                let elder = match object.get("elder") {
                    None | Some(Value::Null) => None,
                    Some(v) => Some(v.as_bool().ok_or("elder must be true or false")?),
                };
                let lang = text("lang")?;
                if lang.as_deref().is_some_and(|l| l != "zh" && l != "en") {
                    return Err("lang must be \"zh\" or \"en\"".to_owned());
                }
                Ok(Inbound::Config { elder, lang })
            }
        }
    }
}
