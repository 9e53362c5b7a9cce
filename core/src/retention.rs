//! How long personal data stays on the device (PIPL: minimum necessary, shortest retention). The deployment file
//! may shorten or lengthen the periods within bounds; the defaults apply without one.

use serde::{Deserialize, Serialize};

pub const DAY_MS: u64 = 24 * 60 * 60 * 1000;

fn default_profile_days() -> u32 {
    180
}

fn default_receipt_days() -> u32 {
    90
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Retention {
    /// 我的档案: each kept answer, counted from when it was kept.
    #[serde(default = "default_profile_days")]
    pub profile_days: u32,
    /// Receipts (and submissions still waiting in the outbox), counted from submission.
    #[serde(default = "default_receipt_days")]
    pub receipt_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention { profile_days: default_profile_days(), receipt_days: default_receipt_days() }
    }
}

impl Retention {
    /// Each period within 1..=3650 days.
    pub fn check(&self) -> Result<(), String> {
        for (name, days) in [("profileDays", self.profile_days), ("receiptDays", self.receipt_days)] {
            if !(1..=3650).contains(&days) {
                return Err(format!("{name} must be between 1 and 3650 days"));
            }
        }
        Ok(())
    }
}

/// Whether something stamped at `stamp_ms` is older than `days` at `now_ms`.
pub fn expired(stamp_ms: u64, now_ms: u64, days: u32) -> bool {
    now_ms.saturating_sub(stamp_ms) > u64::from(days) * DAY_MS
}

/// The last moment something stamped at `stamp_ms` is kept under a period of `days` (what 我的档案's “保存至”
/// shows): [`expired`] is false up to and including it.
pub fn kept_until(stamp_ms: u64, days: u32) -> u64 {
    stamp_ms.saturating_add(u64::from(days) * DAY_MS)
}
