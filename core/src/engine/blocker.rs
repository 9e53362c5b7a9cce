//! Why a chain cannot become one form, in words for the citizen (no dead ends).
//!
//! A [`MergeError`] is a fact for the people maintaining `data/`: it names field and option codes. The citizen
//! gets a [`Blocker`] instead: which of their items are involved (by id, named by the UI in the interface
//! language), the interface text that explains it (an i18n key), and what to do — take one of the items out, then
//! continue. The codes go to the console only (`Blocker::detail`).

use std::collections::BTreeSet;

use super::chain::{ChainSpec, Selections};
use super::merge::{ConflictKind, MergeError};
use super::Engine;

/// What kind of obstacle, each with its own interface text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockerKind {
    /// The items ask the same question with answers that exclude each other (e.g. 公司设立登记 and 分公司设立登记
    /// each fix the 企业类型 differently): only one of them can be applied for in this application.
    Together,
    /// An item has no form in this build (a catalog update added it).
    NoForm,
    /// The data for these items is wrong (a data error, not a network failure).
    Data,
}

/// An obstacle to applying for a chain, as the citizen is told about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocker {
    pub kind: BlockerKind,
    /// The leaves involved, in catalog order; removing one of them is the way forward.
    pub items: Vec<String>,
    /// The technical reason with codes, for the console only.
    pub detail: String,
}

impl BlockerKind {
    /// The interface text (data/i18n), with `{items}` for the items' names.
    pub fn text_key(self) -> &'static str {
        match self {
            BlockerKind::Together => "problem.together",
            BlockerKind::NoForm => "apply.no_form",
            BlockerKind::Data => "problem.data",
        }
    }
}

impl Engine<'_> {
    /// The citizen's view of a merge error: the items involved and what to do.
    pub fn blocker(&self, error: &MergeError) -> Blocker {
        let detail = error.message_zh();
        let (kind, items): (BlockerKind, Vec<String>) = match error {
            MergeError::NoForm { item } => (BlockerKind::NoForm, vec![item.clone()]),
            MergeError::NotALeaf { item } => (BlockerKind::Data, vec![item.clone()]),
            MergeError::Data(_) => (BlockerKind::Data, Vec::new()),
            MergeError::Conflicts(list) => {
                let together = list.iter().all(|c| {
                    matches!(
                        c.kind,
                        ConflictKind::NoCommonOption { .. }
                            | ConflictKind::Length { .. }
                            | ConflictKind::Range { .. }
                            | ConflictKind::GroupBounds { .. }
                    )
                });
                let items: BTreeSet<&str> = list.iter().flat_map(|c| c.items.iter().map(String::as_str)).collect();
                let kind = if together { BlockerKind::Together } else { BlockerKind::Data };
                (kind, items.into_iter().map(str::to_owned).collect())
            }
        };
        let items = self.in_catalog_order(&items);
        Blocker { kind, items, detail }
    }
}

/// Takes a leaf out of what the citizen chose — a picked sub-item, or a basket entry — so that the rest can go on.
/// `false` when the leaf cannot be taken out (an item a scenario always brings).
pub fn take_out(spec: &mut ChainSpec, selections: &mut Selections, leaf: &str) -> bool {
    let mut removed = false;
    for picked in selections.values_mut() {
        removed |= picked.remove(leaf);
    }
    if let ChainSpec::Basket(ids) = spec {
        let before = ids.len();
        ids.retain(|id| id != leaf);
        removed |= ids.len() != before;
    }
    removed
}
