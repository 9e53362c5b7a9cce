//! How long personal data stays on the device (PIPL: kept no longer than its purpose needs).
//!
//! [`Retention`] is the deployment's choice of periods, in days: profile entries (一人一档, each counted from when
//! it was kept) and receipts. [`expired`] is the one rule every store applies, so that "older than N days" means
//! the same everywhere. Times are milliseconds passed in by the caller: the core never reads the clock.

use serde::{Deserialize, Serialize};

/// One day in milliseconds.
pub const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// The longest period a deployment may set (about ten years): anything longer is a typo, not a policy.
pub const MAX_DAYS: u32 = 3650;

/// Retention periods, as a deployment file writes them: `"retention": { "profileDays": 180, "receiptDays": 90 }`.
/// A missing period takes its default; an unknown key is an error (a misspelt key must not silently keep data
/// longer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Retention {
    /// How long one kept profile entry stays, counted from when it was kept.
    #[serde(default = "default_profile_days")]
    pub profile_days: u32,
    /// How long a receipt (受理回执) stays, counted from the submission.
    #[serde(default = "default_receipt_days")]
    pub receipt_days: u32,
}

fn default_profile_days() -> u32 {
    180
}

fn default_receipt_days() -> u32 {
    90
}

impl Default for Retention {
    fn default() -> Self {
        Retention { profile_days: default_profile_days(), receipt_days: default_receipt_days() }
    }
}

impl Retention {
    /// Each period within 1..=[`MAX_DAYS`]: zero would delete what the citizen just chose to keep, and a huge
    /// value would keep it indefinitely. The message names the deployment file's key.
    pub fn check(&self) -> Result<(), String> {
        for (key, days) in [("profileDays", self.profile_days), ("receiptDays", self.receipt_days)] {
            if !(1..=MAX_DAYS).contains(&days) {
                return Err(format!("retention.{key} 应在 1 到 {MAX_DAYS} 天之间，现为 {days}"));
            }
        }
        Ok(())
    }
}

/// Whether something stamped at `stamp_ms` is past a period of `days` at `now_ms`. It is kept for exactly
/// `days` days and expires after that; a stamp in the future (the clock was changed) is not expired.
pub fn expired(stamp_ms: u64, now_ms: u64, days: u32) -> bool {
    now_ms.saturating_sub(stamp_ms) > u64::from(days) * DAY_MS
}

/// The last moment something stamped at `stamp_ms` is kept under a period of `days` (what "保存至" shows).
pub fn kept_until(stamp_ms: u64, days: u32) -> u64 {
    stamp_ms.saturating_add(u64::from(days) * DAY_MS)
}
