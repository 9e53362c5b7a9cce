//! Chains: the leaves one application covers.
//!
//! A preset chain is a scenario (场景) of the notice: all its items. A basket is any items of both lifecycles.
//! A group item (one with sub-items, e.g. E001 公司（企业）设立登记) contributes the sub-items the user picks —
//! none by default — and is reported as a [`PendingChoice`] until something is picked.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::Engine;
use crate::catalog::{Item, LifecycleId};

/// What the user chose to apply for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainSpec {
    /// A scenario of the notice: `{"scenario": {"lifecycle": "personal", "code": "1.1"}}`.
    Scenario { lifecycle: LifecycleId, code: String },
    /// Any items (leaves or group items) of both lifecycles: `{"basket": ["P003", "E004"]}`.
    Basket(Vec<String>),
}

impl ChainSpec {
    /// Whether two specs apply for the same chain: the same scenario, or baskets of the same items in any order
    /// (开始填表 twice from one basket reopens the same draft).
    pub fn same_chain(&self, other: &ChainSpec) -> bool {
        match (self, other) {
            (ChainSpec::Basket(a), ChainSpec::Basket(b)) => {
                a.iter().collect::<BTreeSet<&String>>() == b.iter().collect::<BTreeSet<&String>>()
            }
            _ => self == other,
        }
    }
}

/// The sub-items picked per group item: group id → sub-item ids. For a scenario whose own items exclude each
/// other (data/situations), also the items chosen of it: [`scenario_key`] → item ids (none: all its items).
pub type Selections = BTreeMap<String, BTreeSet<String>>;

/// The selection key of a scenario's own items (`personal/7.1`): never an item id, which has no `/`.
pub fn scenario_key(lifecycle: LifecycleId, code: &str) -> String {
    format!("{}/{code}", lifecycle.as_str())
}

/// A group item whose sub-items the user still has to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingChoice {
    pub group: String,
    pub name: String,
    /// The sub-items to choose from: (id, name).
    pub options: Vec<(String, String)>,
}

impl PendingChoice {
    /// The prompt shown until a sub-item is picked.
    pub fn prompt_zh(&self) -> String {
        format!("请选择“{}”的具体办理事项", self.name)
    }
}

/// A resolved chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chain {
    pub spec: ChainSpec,
    /// The selections that apply to this chain's group items (others dropped).
    pub selections: Selections,
    /// The leaves to apply for, in catalog order.
    pub leaves: Vec<String>,
    /// Group items with nothing picked yet.
    pub pending: Vec<PendingChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainError {
    UnknownScenario {
        lifecycle: LifecycleId,
        code: String,
    },
    /// A basket entry that is neither a leaf nor a group item of the catalog.
    UnknownItem {
        id: String,
    },
    /// A selection names something that is not a sub-item of that group.
    NotASubItem {
        group: String,
        id: String,
    },
}

impl ChainError {
    pub fn message_zh(&self) -> String {
        match self {
            ChainError::UnknownScenario { lifecycle, code } => {
                format!("事项清单中没有场景 {}/{code}", lifecycle.as_str())
            }
            ChainError::UnknownItem { id } => format!("事项清单中没有事项“{id}”"),
            ChainError::NotASubItem { group, id } => {
                format!("“{id}”不是事项“{group}”的子项")
            }
        }
    }
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_zh())
    }
}

impl std::error::Error for ChainError {}

impl Engine<'_> {
    /// Every scenario of both annexes as a preset chain, in document order.
    pub fn preset_chains(&self) -> Vec<ChainSpec> {
        self.catalog
            .catalog
            .lifecycles
            .iter()
            .flat_map(|l| {
                l.stages
                    .iter()
                    .flat_map(|s| &s.scenarios)
                    .map(move |sc| ChainSpec::Scenario { lifecycle: l.id, code: sc.code.clone() })
            })
            .collect()
    }

    /// Resolves a chain: its leaves in catalog order and the group items still waiting for a choice.
    pub fn chain(&self, spec: &ChainSpec, selections: &Selections) -> Result<Chain, ChainError> {
        let mut applied = Selections::new();
        let items: Vec<Entry<'_>> = match spec {
            ChainSpec::Scenario { lifecycle, code } => {
                let scenario = self
                    .catalog
                    .scenario(*lifecycle, code)
                    .ok_or_else(|| ChainError::UnknownScenario { lifecycle: *lifecycle, code: code.clone() })?;
                // The scenario's own items the citizen chose (婚育: 结婚登记 or 离婚登记); no choice made (a draft from
                // before situations): all of them. A choice of nothing leaves nothing.
                let key = scenario_key(*lifecycle, code);
                let chosen = selections.get(&key);
                if let Some(stray) = chosen
                    .and_then(|c| c.iter().find(|id| !scenario.items.iter().any(|i| i.id.as_str() == id.as_str())))
                {
                    return Err(ChainError::NotASubItem { group: key, id: stray.clone() });
                }
                if let Some(chosen) = chosen {
                    applied.insert(key, chosen.clone());
                }
                scenario
                    .items
                    .iter()
                    .filter(|i| chosen.is_none_or(|c| c.contains(i.id.as_str())))
                    .map(Entry::from_item)
                    .collect()
            }
            ChainSpec::Basket(ids) => ids.iter().map(|id| self.basket_entry(id)).collect::<Result<_, _>>()?,
        };
        let mut leaves = Vec::new();
        let mut pending = Vec::new();
        for entry in items {
            match entry {
                Entry::Leaf(id) => leaves.push(id),
                Entry::Group(group) => {
                    let picked = self.picked(group, selections)?;
                    if picked.is_empty() {
                        pending.push(pending_choice(group));
                    } else {
                        leaves.extend(picked.iter().cloned());
                        applied.insert(group.id.as_str().to_owned(), picked);
                    }
                }
            }
        }
        let leaves = self.in_catalog_order(&leaves);
        pending.sort_by_key(|p| self.catalog.place(&p.group).map(place_key));
        pending.dedup();
        Ok(Chain { spec: spec.clone(), selections: applied, leaves, pending })
    }

    fn basket_entry<'c>(&'c self, id: &str) -> Result<Entry<'c>, ChainError> {
        if self.leaf_position(id).is_some() {
            return Ok(Entry::Leaf(id.to_owned()));
        }
        match self.catalog.item(id) {
            Some(item) if item.is_group() && item.id.as_str() == id => Ok(Entry::Group(item)),
            _ => Err(ChainError::UnknownItem { id: id.to_owned() }),
        }
    }

    /// The sub-items picked for a group, checked to belong to it.
    fn picked(&self, group: &Item, selections: &Selections) -> Result<BTreeSet<String>, ChainError> {
        let picked = selections.get(group.id.as_str()).cloned().unwrap_or_default();
        if let Some(stray) = picked.iter().find(|id| !group.subitems.iter().any(|s| s.id.as_str() == id.as_str())) {
            return Err(ChainError::NotASubItem { group: group.id.as_str().to_owned(), id: stray.clone() });
        }
        Ok(picked)
    }
}

/// One entry of a chain before resolution.
enum Entry<'c> {
    Leaf(String),
    Group(&'c Item),
}

impl<'c> Entry<'c> {
    fn from_item(item: &'c Item) -> Entry<'c> {
        if item.is_group() {
            Entry::Group(item)
        } else {
            Entry::Leaf(item.id.as_str().to_owned())
        }
    }
}

fn pending_choice(group: &Item) -> PendingChoice {
    PendingChoice {
        group: group.id.as_str().to_owned(),
        name: group.name.clone(),
        options: group.subitems.iter().map(|s| (s.id.as_str().to_owned(), s.name.clone())).collect(),
    }
}

/// Document order of a catalog place.
fn place_key(p: crate::catalog::Place) -> (usize, usize, usize, usize) {
    (p.lifecycle, p.stage, p.scenario, p.item)
}
