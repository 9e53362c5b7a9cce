//! Catalog updates published after a build: the app fetches a catalog document from a configured URL and uses it
//! only if it is a valid catalog of a newer version than the one in use. Everything else is rejected with a
//! reason (logged by the app), and the catalog in use is kept.

use std::cmp::Ordering;

use crate::catalog::{Catalog, CatalogError};
use crate::validate::Date;

/// The largest catalog document taken, in bytes (UTF-8): a few times the bundled catalog, so that the catalog can
/// grow, while a wrong or hostile URL cannot make the app parse and store megabytes.
pub const MAX_CATALOG_BYTES: usize = 512 * 1024;

/// The most digits a run of a version may have: a year has four; more would not compare as a number.
const MAX_VERSION_RUN_DIGITS: usize = 4;

/// Why a published catalog was not taken.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateRejected {
    /// Larger than [`MAX_CATALOG_BYTES`]; not parsed.
    TooLarge { bytes: usize, limit: usize },
    /// Not JSON, or not a catalog of this schema and shape (the error says where).
    Invalid(CatalogError),
    /// The version does not start with a real date (its first three runs of digits as year, month and day), or
    /// has a run of more than four digits.
    VersionNotPlausible { found: String },
    /// The version's date is after tomorrow: a clock one day ahead of the device's is allowed, no more.
    VersionInFuture { found: String, today: Date },
    /// A valid catalog, but not newer than the one in use.
    NotNewer { found: String, current: String },
}

impl UpdateRejected {
    pub fn message_zh(&self) -> String {
        match self {
            UpdateRejected::TooLarge { bytes, limit } => {
                format!("事项目录更新过大（{bytes} 字节，上限 {limit} 字节），继续使用当前目录")
            }
            UpdateRejected::Invalid(e) => format!("事项目录更新无效，继续使用当前目录：{}", e.message_zh()),
            UpdateRejected::VersionNotPlausible { found } => {
                format!("事项目录更新的版本 {found} 不是“年-月-日.序号”格式的有效版本，继续使用当前目录")
            }
            UpdateRejected::VersionInFuture { found, today } => {
                format!("事项目录更新的版本 {found} 晚于今天（{today}），继续使用当前目录")
            }
            UpdateRejected::NotNewer { found, current } => {
                format!("事项目录更新的版本 {found} 不比当前版本 {current} 新，继续使用当前目录")
            }
        }
    }
}

/// The runs of digits of a version, left to right.
fn digit_runs(version: &str) -> impl Iterator<Item = &str> {
    version.split(|c: char| !c.is_ascii_digit()).filter(|r| !r.is_empty())
}

/// Compares catalog versions such as `2021-06-25.1`: the runs of digits compare as numbers, left to right
/// (`2021-06-25.10` is newer than `2021-06-25.9`); a version with more runs is newer when the shared ones tie.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let runs = |s: &str| -> Vec<u64> { digit_runs(s).map(|r| r.parse().unwrap_or(u64::MAX)).collect() };
    runs(a).cmp(&runs(b)).then_with(|| a.cmp(b))
}

/// The day after `date` (itself on 9999-12-31, the last day a `Date` holds).
fn day_after(date: Date) -> Date {
    let (y, m, d) = (date.year(), date.month(), date.day());
    Date::new(y, m, d + 1).or_else(|| Date::new(y, m + 1, 1)).or_else(|| Date::new(y + 1, 1, 1)).unwrap_or(date)
}

/// Whether a published version could be real on `today`: it is dated by its first three runs of digits (year,
/// month, day: `2021-06-25.1`), that date exists and is not after tomorrow, and no run is longer than four digits.
fn check_version(version: &str, today: Date) -> Result<(), UpdateRejected> {
    let not_plausible = || UpdateRejected::VersionNotPlausible { found: version.to_owned() };
    if digit_runs(version).any(|r| r.len() > MAX_VERSION_RUN_DIGITS) {
        return Err(not_plausible());
    }
    let mut runs = digit_runs(version).map(|r| r.parse::<u32>().ok());
    let mut next = || runs.next().flatten();
    let date = match (next(), next(), next()) {
        (Some(y), Some(m), Some(d)) => Date::new(y, m, d).ok_or_else(not_plausible)?,
        _ => return Err(not_plausible()),
    };
    if date > day_after(today) {
        return Err(UpdateRejected::VersionInFuture { found: version.to_owned(), today });
    }
    Ok(())
}

/// Checks a published catalog document against the version in use, on the device's `today`: not too large, a
/// valid catalog, a plausible version (see [`UpdateRejected`]), and newer.
pub fn check_update(current_version: &str, json: &str, today: Date) -> Result<Catalog, UpdateRejected> {
    if json.len() > MAX_CATALOG_BYTES {
        return Err(UpdateRejected::TooLarge { bytes: json.len(), limit: MAX_CATALOG_BYTES });
    }
    let catalog = Catalog::from_json(json).map_err(UpdateRejected::Invalid)?;
    check_version(&catalog.version, today)?;
    if compare_versions(&catalog.version, current_version) != Ordering::Greater {
        return Err(UpdateRejected::NotNewer { found: catalog.version, current: current_version.to_owned() });
    }
    Ok(catalog)
}
