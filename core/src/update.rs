//! Catalog updates published after a build: the app fetches a catalog document from a configured URL and uses it
//! only if it is a valid catalog of a newer version than the one in use. Everything else is rejected with a
//! reason (logged by the app), and the catalog in use is kept.

use std::cmp::Ordering;

use crate::catalog::{Catalog, CatalogError};

/// Why a published catalog was not taken.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateRejected {
    /// Not JSON, or not a catalog of this schema and shape (the error says where).
    Invalid(CatalogError),
    /// A valid catalog, but not newer than the one in use.
    NotNewer { found: String, current: String },
}

impl UpdateRejected {
    pub fn message_zh(&self) -> String {
        match self {
            UpdateRejected::Invalid(e) => format!("事项目录更新无效，继续使用当前目录：{}", e.message_zh()),
            UpdateRejected::NotNewer { found, current } => {
                format!("事项目录更新的版本 {found} 不比当前版本 {current} 新，继续使用当前目录")
            }
        }
    }
}

/// Compares catalog versions such as `2021-06-25.1`: the runs of digits compare as numbers, left to right
/// (`2021-06-25.10` is newer than `2021-06-25.9`); a version with more runs is newer when the shared ones tie.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let runs = |s: &str| -> Vec<u64> {
        s.split(|c: char| !c.is_ascii_digit())
            .filter(|r| !r.is_empty())
            .map(|r| r.parse().unwrap_or(u64::MAX))
            .collect()
    };
    runs(a).cmp(&runs(b)).then_with(|| a.cmp(b))
}

/// Checks a published catalog document against the version in use.
pub fn check_update(current_version: &str, json: &str) -> Result<Catalog, UpdateRejected> {
    let catalog = Catalog::from_json(json).map_err(UpdateRejected::Invalid)?;
    if compare_versions(&catalog.version, current_version) != Ordering::Greater {
        return Err(UpdateRejected::NotNewer { found: catalog.version, current: current_version.to_owned() });
    }
    Ok(catalog)
}
