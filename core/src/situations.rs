//! Situations (情形): plain-language questions whose answers choose a group item's sub-items — and, for a scenario
//! whose own items exclude each other (婚育: 结婚登记 or 离婚登记), the scenario's items. Citizens do not know the
//! administrative names; they know whether they are opening a company or a branch.
//!
//! Data: `data/situations/*.json` (format in data/README.md), bundled by build.rs. The answers are not stored: a
//! draft keeps the picked sub-items (`Draft::sel`), and an answer counts as given when everything it selects is
//! picked ([`Situation::chosen`]). That keeps every stored draft readable both ways, and the citizen may still add
//! or remove a single item by hand.
//!
//! Rules the tests hold the data to (`check`): every group item and every scenario with exclusive items has its
//! situation; every answer selects at least one of its own sub-items; every sub-item is selected by some answer and
//! has a one-line reason for when it does not apply; answers of an exclusive question never contain one another;
//! defaults name real answers, at most one per exclusive question.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::catalog::{CatalogIndex, LifecycleId};
use crate::engine::chain::scenario_key;
use crate::engine::{ChainSpec, Engine, Selections};

/// The situation files bundled with the app (built by build.rs from data/situations/).
pub const BUNDLED_SITUATIONS: &str = include_str!(concat!(env!("OUT_DIR"), "/situations.bundle.json"));

/// A text in both interface languages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    /// The English text when `english`, else the Chinese.
    pub fn get(&self, english: bool) -> &str {
        if english {
            &self.en
        } else {
            &self.zh
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub id: String,
    pub text: Text,
    /// The sub-items (or, for a scenario, the items) this answer brings.
    pub selects: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: Text,
    /// Alternatives (radio buttons): choosing one answer drops the others' items.
    pub exclusive: bool,
    pub answers: Vec<Answer>,
}

/// The questions of one group item or scenario.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Situation {
    pub questions: Vec<Question>,
    /// Answer ids chosen when an application starts: the usual case (empty: the citizen must answer).
    #[serde(default)]
    pub default: Vec<String>,
    /// Why an item does not apply, per item: the clause after “因为” (“您设立的不是分公司”).
    pub reasons: BTreeMap<String, Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SituationFile {
    #[allow(dead_code)]
    version: String,
    #[serde(default)]
    groups: BTreeMap<String, Situation>,
    #[serde(default)]
    scenarios: BTreeMap<String, Situation>,
}

#[derive(Deserialize)]
struct BundleEntry {
    file: String,
    doc: serde_json::Value,
}

/// All situations: by group item id, and by scenario key (`personal/7.1`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Situations {
    pub groups: BTreeMap<String, Situation>,
    pub scenarios: BTreeMap<String, Situation>,
}

impl Situations {
    pub fn bundled() -> Result<Situations, String> {
        Situations::from_bundle(BUNDLED_SITUATIONS)
    }

    /// Reads a bundle (`[{"file", "doc"}]`); an error names the file. A key defined twice is an error.
    pub fn from_bundle(bundle: &str) -> Result<Situations, String> {
        let entries: Vec<BundleEntry> = serde_json::from_str(bundle).map_err(|e| format!("situations: {e}"))?;
        let mut out = Situations::default();
        for entry in entries {
            let file: SituationFile =
                serde_json::from_value(entry.doc).map_err(|e| format!("situations/{}: {e}", entry.file))?;
            for (key, s) in file.groups {
                if out.groups.insert(key.clone(), s).is_some() {
                    return Err(format!("situations/{}: {key} 重复定义", entry.file));
                }
            }
            for (key, s) in file.scenarios {
                if out.scenarios.insert(key.clone(), s).is_some() {
                    return Err(format!("situations/{}: {key} 重复定义", entry.file));
                }
            }
        }
        Ok(out)
    }

    pub fn scenario(&self, lifecycle: LifecycleId, code: &str) -> Option<&Situation> {
        self.scenarios.get(&scenario_key(lifecycle, code))
    }

    /// What an application starting from `spec` picks before the citizen answers anything: each situation's
    /// defaults, for the scenario's own choice and for every group item the chain then brings.
    pub fn defaults(&self, engine: &Engine<'_>, spec: &ChainSpec) -> Selections {
        let mut sel = Selections::new();
        if let ChainSpec::Scenario { lifecycle, code } = spec {
            if let Some(s) = self.scenario(*lifecycle, code) {
                let picked = s.default_selection();
                if !picked.is_empty() {
                    sel.insert(scenario_key(*lifecycle, code), picked);
                }
            }
        }
        let Ok(chain) = engine.chain(spec, &sel) else { return sel };
        for pending in &chain.pending {
            if let Some(s) = self.groups.get(&pending.group) {
                let picked = s.default_selection();
                if !picked.is_empty() {
                    sel.insert(pending.group.clone(), picked);
                }
            }
        }
        sel
    }

    /// Every rule of the module comment, against the catalog: a list of problems (empty when the data is right).
    pub fn check(&self, catalog: &CatalogIndex) -> Vec<String> {
        let mut problems = Vec::new();
        let mut groups_seen = BTreeSet::new();
        for leaf in catalog.leaves() {
            if leaf.item.is_group()
                && groups_seen.insert(leaf.item.id.as_str())
                && !self.groups.contains_key(leaf.item.id.as_str())
            {
                problems.push(format!("{}：没有情形问题", leaf.item.id.as_str()));
            }
        }
        for (key, s) in &self.groups {
            match catalog.item(key).filter(|i| i.is_group() && i.id.as_str() == key) {
                None => problems.push(format!("{key}：不是有子项的事项")),
                Some(item) => {
                    let own: Vec<&str> = item.subitems.iter().map(|s| s.id.as_str()).collect();
                    s.check(key, &own, &mut problems);
                }
            }
        }
        for (key, s) in &self.scenarios {
            let scenario = key
                .split_once('/')
                .and_then(|(l, code)| Some((LifecycleId::parse(l)?, code)))
                .and_then(|(l, code)| catalog.scenario(l, code));
            match scenario {
                None => problems.push(format!("{key}：不是清单中的场景")),
                Some(sc) => {
                    let own: Vec<&str> = sc.items.iter().map(|i| i.id.as_str()).collect();
                    s.check(key, &own, &mut problems);
                }
            }
        }
        problems
    }
}

impl Situation {
    fn answers(&self) -> impl Iterator<Item = (&Question, &Answer)> {
        self.questions.iter().flat_map(|q| q.answers.iter().map(move |a| (q, a)))
    }

    /// The items the default answers bring.
    pub fn default_selection(&self) -> BTreeSet<String> {
        self.answers()
            .filter(|(_, a)| self.default.contains(&a.id))
            .flat_map(|(_, a)| a.selects.iter().cloned())
            .collect()
    }

    /// Whether an answer counts as given for these picked items: everything it selects is picked.
    pub fn is_chosen(answer: &Answer, picked: &BTreeSet<String>) -> bool {
        !answer.selects.is_empty() && answer.selects.iter().all(|id| picked.contains(id))
    }

    /// The ids of the answers given, for these picked items.
    pub fn chosen(&self, picked: &BTreeSet<String>) -> BTreeSet<String> {
        self.answers().filter(|(_, a)| Situation::is_chosen(a, picked)).map(|(_, a)| a.id.clone()).collect()
    }

    /// The picked items after the citizen (un)chose an answer. An exclusive question's other answers lose their
    /// items; items picked by hand or by other questions stay.
    pub fn choose(&self, picked: &BTreeSet<String>, question: &str, answer: &str, on: bool) -> BTreeSet<String> {
        let mut next = picked.clone();
        let Some(q) = self.questions.iter().find(|q| q.id == question) else { return next };
        let Some(a) = q.answers.iter().find(|a| a.id == answer) else { return next };
        if q.exclusive {
            for other in q.answers.iter().filter(|o| o.id != a.id) {
                for id in &other.selects {
                    next.remove(id);
                }
            }
        }
        for id in &a.selects {
            if on {
                next.insert(id.clone());
            } else {
                next.remove(id);
            }
        }
        next
    }

    fn check(&self, key: &str, own: &[&str], problems: &mut Vec<String>) {
        let mut ids = BTreeSet::new();
        let mut reachable = BTreeSet::new();
        for q in &self.questions {
            if q.answers.is_empty() {
                problems.push(format!("{key} {}：没有答案", q.id));
            }
            for a in &q.answers {
                if !ids.insert(a.id.as_str()) {
                    problems.push(format!("{key}：答案 {} 重复", a.id));
                }
                if a.selects.is_empty() {
                    problems.push(format!("{key} {}：没有选择任何事项", a.id));
                }
                for id in &a.selects {
                    if !own.contains(&id.as_str()) {
                        problems.push(format!("{key} {}：{id} 不是它的事项", a.id));
                    }
                    reachable.insert(id.as_str());
                }
                for text in [&a.text.zh, &a.text.en] {
                    if text.trim().is_empty() {
                        problems.push(format!("{key} {}：答案没有文字", a.id));
                    }
                }
            }
            if q.exclusive {
                for a in &q.answers {
                    for b in q.answers.iter().filter(|b| b.id != a.id) {
                        if !a.selects.is_empty() && a.selects.iter().all(|id| b.selects.contains(id)) {
                            problems.push(format!("{key} {}：{} 包含在 {} 中，二选一无法区分", q.id, a.id, b.id));
                        }
                    }
                }
                let defaults = q.answers.iter().filter(|a| self.default.contains(&a.id)).count();
                if defaults > 1 {
                    problems.push(format!("{key} {}：二选一的问题有 {defaults} 个默认答案", q.id));
                }
            }
        }
        for d in &self.default {
            if !ids.contains(d.as_str()) {
                problems.push(format!("{key}：默认答案 {d} 不存在"));
            }
        }
        for id in own {
            if !reachable.contains(id) {
                problems.push(format!("{key}：{id} 不能通过回答问题选中"));
            }
            match self.reasons.get(*id) {
                Some(r) if !r.zh.trim().is_empty() && !r.en.trim().is_empty() => {}
                _ => problems.push(format!("{key}：{id} 没有“不需要办理”的理由")),
            }
        }
        for id in self.reasons.keys() {
            if !own.contains(&id.as_str()) {
                problems.push(format!("{key}：理由 {id} 不是它的事项"));
            }
        }
    }
}
