//! The deployment file, `sqsb.config.json` beside `index.html`: who may receive applications, frame the page or
//! supply a catalog. Whoever deploys the module writes it; a link's `?host=` or `?catalog=` may only choose among
//! what it lists. Without the file there is no host: applications go to the 一窗受理 counter, frames from other
//! sites are refused.
//!
//! ```json
//! {
//!   "version": 1,
//!   "hosts": ["https://app.example.gov.cn"],
//!   "bridges": { "android": "SqsbAndroid", "ios": "sqsb" },
//!   "catalogs": ["./catalog.json"],
//!   "retention": { "profileDays": 180, "receiptDays": 90 }
//! }
//! ```
//!
//! Read strictly: an unknown field, a host that is not an exact origin, a bridge name that is not a plain
//! identifier, or a period out of bounds refuses the whole file (a typo must not silently open or close a door).

use serde_json::{Map, Value};

use crate::retention::Retention;

/// The format version this module reads.
pub const VERSION: u32 = 1;
/// A deployment file is a few hundred bytes; anything much larger is not one.
pub const MAX_BYTES: usize = 16 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bridges {
    /// The `@JavascriptInterface` object an Android `WebView` adds (`addJavascriptInterface(obj, name)`).
    pub android: Option<String>,
    /// The `WKScriptMessageHandler` an iOS `WKWebView` adds (`window.webkit.messageHandlers.<name>`).
    pub ios: Option<String>,
}

/// Read by hand from the JSON (as `messages.rs` reads messages): a derive would cost the first-visit build, which
/// reads this file too, several KB.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deployment {
    pub version: u32,
    /// Exact origins that may receive applications, frame the page and steer it.
    pub hosts: Vec<String>,
    pub bridges: Bridges,
    /// Published catalogs the module may take updates from (same-site paths or https URLs).
    pub catalogs: Vec<String>,
    pub retention: Retention,
}

/// The object at `path`, refusing fields it does not know.
fn object<'a>(value: &'a Value, path: &str, known: &[&str]) -> Result<&'a Map<String, Value>, String> {
    let o = value.as_object().ok_or_else(|| format!("{path} must be an object"))?;
    match o.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(format!("unknown field {path}.{k}")),
        None => Ok(o),
    }
}

fn strings(o: &Map<String, Value>, name: &str) -> Result<Vec<String>, String> {
    match o.get(name) {
        None => Ok(Vec::new()),
        Some(Value::Array(list)) => list
            .iter()
            .map(|v| v.as_str().map(str::to_owned).ok_or_else(|| format!("{name} must hold strings")))
            .collect(),
        Some(_) => Err(format!("{name} must be a list")),
    }
}

fn optional_string(o: &Map<String, Value>, name: &str, path: &str) -> Result<Option<String>, String> {
    match o.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_str().map(|s| Some(s.to_owned())).ok_or_else(|| format!("{path}.{name} must be a string")),
    }
}

fn days(o: &Map<String, Value>, name: &str, default: u32) -> Result<u32, String> {
    match o.get(name) {
        None => Ok(default),
        Some(v) => v
            .as_u64()
            .and_then(|d| u32::try_from(d).ok())
            .ok_or_else(|| format!("retention.{name} must be a whole number of days")),
    }
}

impl Deployment {
    /// Reads and checks a deployment file. The error (English, for the console and the deployer) says what is
    /// wrong and where.
    pub fn parse(json: &str) -> Result<Deployment, String> {
        if json.len() > MAX_BYTES {
            return Err(format!("larger than {MAX_BYTES} bytes"));
        }
        let value: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
        let o = object(&value, "the file", &["$schema", "version", "hosts", "bridges", "catalogs", "retention"])?;
        if o.get("version").and_then(Value::as_u64) != Some(u64::from(VERSION)) {
            return Err(format!("version must be {VERSION}"));
        }
        let bridges = match o.get("bridges") {
            None => Bridges::default(),
            Some(b) => {
                let b = object(b, "bridges", &["android", "ios"])?;
                Bridges {
                    android: optional_string(b, "android", "bridges")?,
                    ios: optional_string(b, "ios", "bridges")?,
                }
            }
        };
        let defaults = Retention::default();
        let retention = match o.get("retention") {
            None => defaults,
            Some(r) => {
                let r = object(r, "retention", &["profileDays", "receiptDays"])?;
                Retention {
                    profile_days: days(r, "profileDays", defaults.profile_days)?,
                    receipt_days: days(r, "receiptDays", defaults.receipt_days)?,
                }
            }
        };
        let deployment = Deployment {
            version: VERSION,
            hosts: strings(o, "hosts")?,
            bridges,
            catalogs: strings(o, "catalogs")?,
            retention,
        };
        for host in &deployment.hosts {
            if exact_origin(host).as_deref() != Some(host.as_str()) {
                return Err(format!("hosts: {host:?} is not an exact origin such as \"https://app.example.gov.cn\""));
            }
        }
        for name in [&deployment.bridges.android, &deployment.bridges.ios].into_iter().flatten() {
            if !is_identifier(name) {
                return Err(format!("bridges: {name:?} is not a JavaScript identifier"));
            }
        }
        for url in &deployment.catalogs {
            let same_site = url.starts_with('/') && !url.starts_with("//") || url.starts_with("./");
            if !(same_site || url.starts_with("https://")) || url.len() > 2048 || url.contains(char::is_whitespace) {
                return Err(format!("catalogs: {url:?} must be a path on this site or an https URL"));
            }
        }
        deployment.retention.check().map_err(|e| format!("retention: {e}"))?;
        Ok(deployment)
    }

    /// The host origins a link asked for (`?host=`), kept only where the deployment lists them; with no request,
    /// every listed host. Returns (chosen, refused).
    pub fn choose_hosts(&self, requested: &[String]) -> (Vec<String>, Vec<String>) {
        if requested.is_empty() {
            return (self.hosts.clone(), Vec::new());
        }
        let (chosen, refused): (Vec<String>, Vec<String>) = requested
            .iter()
            .map(|r| exact_origin(r).unwrap_or_else(|| r.clone()))
            .partition(|r| self.hosts.contains(r));
        let mut unique = Vec::new();
        for origin in chosen {
            if !unique.contains(&origin) {
                unique.push(origin);
            }
        }
        (unique, refused)
    }

    /// Whether a page at `origin` may frame the module: its own site, or a listed host.
    pub fn may_frame(&self, own_origin: &str, origin: &str) -> bool {
        origin == own_origin || self.hosts.iter().any(|h| h == origin)
    }

    /// The `Content-Security-Policy` `frame-ancestors` directive for this deployment.
    pub fn frame_ancestors(&self) -> String {
        let mut directive = "frame-ancestors 'self'".to_owned();
        for host in &self.hosts {
            directive.push(' ');
            directive.push_str(host);
        }
        directive
    }
}

/// `scheme://host[:port]` in the form browsers write origins (lower case, default port dropped), for an http(s)
/// URL with nothing after the origin but an optional `/`. `None` for anything else (`*`, paths, other schemes,
/// user info).
pub fn exact_origin(candidate: &str) -> Option<String> {
    let (scheme, rest) = candidate.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return None,
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest).to_ascii_lowercase();
    if authority.is_empty() || authority.contains(['/', '?', '#', '@', '\\', '*']) {
        return None;
    }
    // `[v6]:port`, `[v6]`, `name:port` or `name`.
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (inner, after) = v6.split_once(']')?;
            (format!("[{inner}]"), if after.is_empty() { None } else { Some(after.strip_prefix(':')?) })
        }
        None => match authority.split_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p)),
            None => (authority.clone(), None),
        },
    };
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => {
            let n: u32 = p.parse().ok()?;
            if n == 0 || n > 65535 {
                return None;
            }
            Some(n.to_string())
        }
        Some(_) => return None,
    };
    let host_ok = if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        !v6.is_empty() && v6.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
    } else {
        !host.is_empty()
            && host.len() <= 253
            && host.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            })
    };
    if !host_ok {
        return None;
    }
    Some(match port.filter(|p| p != default_port) {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    })
}

/// A plain JavaScript identifier (what a bridge object or handler can be named).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && name.len() <= 64
}
