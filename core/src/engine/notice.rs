//! One materials list and one notice for a chain (一套材料、一次告知).
//!
//! Materials merge by key across the chain's guides, each keeping the items that need it and their terms
//! (form, count, condition). A material whose `when` is false for every item needing it is not needed; one with
//! only a worded condition stays 视情况. Each merged material then gets ONE instruction ([`Supply`]): generated
//! by the one form, issued by an item of this chain, replaced by its data-sharing route (with the paper to bring
//! if the department cannot retrieve it), or paper to bring — never “needed” and “not needed” at once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{asker_awaits, asker_holds, Answers, Engine, MergedForm};
use crate::catalog::ItemType;
use crate::condition::Condition;
use crate::guides::{Exempt, ExemptSource, Fee, MaterialForm, MaterialRef, Online, Replaces, Step};

/// Whether a material (or one item's need of it) applies to the current answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// 需提交: required, or its condition holds.
    Required,
    /// 视情况: needed only in a case described in words.
    Conditional,
    /// Its condition is false for the current answers.
    NotNeeded,
}

impl Need {
    pub fn label_zh(self) -> &'static str {
        match self {
            Need::Required => "需提交",
            Need::Conditional => "视情况",
            Need::NotNeeded => "无需提交",
        }
    }
}

/// One item's need of a material, as its guide states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaterialNeed {
    pub item: String,
    pub form: MaterialForm,
    pub count: u32,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Why this item needs the paper itself (its material's route does not replace it here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
    pub need: Need,
}

/// How the applicant supplies a material of the chain: the one instruction the checklist shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "by")]
pub enum Supply {
    /// Nothing to supply: no item needs it for the current answers.
    NotNeeded,
    /// Filled in here: the one form (一表申请) generates it; `paper` when a department wants it printed and
    /// signed (then brought as an original).
    Generated {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        paper: Option<String>,
    },
    /// The department always obtains it itself through `via`: nothing to bring.
    Retrieved { via: String },
    /// Issued by `item`, an item of this same chain; then brought in `form` to the items that need it.
    FromChain { item: String, form: MaterialForm },
    /// The department retrieves it through `via`; if it cannot, the applicant brings it in `form`.
    Shared { via: String, form: MaterialForm },
    /// The applicant brings it in `form`; `paper` says why the paper itself is needed, where it has a route
    /// that does not replace it here.
    Bring {
        form: MaterialForm,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        paper: Option<String>,
    },
}

/// A material of the chain, once, with every item needing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedMaterial {
    pub key: String,
    pub name: String,
    /// 免提交: the department obtains it itself (or it is the generated application form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exempt: Option<Exempt>,
    pub needs: Vec<MaterialNeed>,
    /// The strongest need of all items.
    pub need: Need,
    /// What to do with it, once for all items.
    pub supply: Supply,
}

impl MergedMaterial {
    /// The items needing it (“用于：…”).
    pub fn items(&self) -> Vec<&str> {
        self.needs.iter().map(|n| n.item.as_str()).collect()
    }
}

/// One item of the notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeItem {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// 牵头部门 and 协同部门 as the notice prints them.
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    /// The office that handles it (from the guide); `None` without a guide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    pub steps: Vec<Step>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_days: Option<u32>,
    /// The statutory limit where the law counts calendar days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_calendar_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promised_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Fee>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<Online>,
    /// 到现场次数, `None` when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visits: Option<u32>,
}

/// A department of the chain with the items it leads or works on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub name: String,
    pub lead_for: Vec<String>,
    pub partner_for: Vec<String>,
}

/// The 一次告知 summary of a chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub items: Vec<NoticeItem>,
    pub departments: Vec<Department>,
    /// The most visits any item needs; `None` when any item's number is not known.
    pub visits: Option<u32>,
    pub materials: Vec<MergedMaterial>,
    /// Leaves without a guide yet (their details are missing above).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_guides: Vec<String>,
}

impl Engine<'_> {
    /// The chain's materials, merged by key, in order of first appearance (items in catalog order), resolved
    /// against `answers`.
    pub fn materials(&self, form: &MergedForm, answers: &Answers) -> Vec<MergedMaterial> {
        let visible = form.visible(answers);
        let mut order: Vec<String> = Vec::new();
        let mut by_key: BTreeMap<String, Vec<MaterialNeed>> = BTreeMap::new();
        for item in &form.items {
            let Some(guide) = self.guides.guide(&item.id) else {
                continue;
            };
            for m in &guide.materials {
                let need = need_of(m, &item.id, answers, &visible);
                let needs = by_key.entry(m.key.clone()).or_default();
                if needs.is_empty() {
                    order.push(m.key.clone());
                }
                needs.push(MaterialNeed {
                    item: item.id.clone(),
                    form: m.form,
                    count: m.count,
                    required: m.required,
                    condition: m.condition.clone(),
                    when: m.when.clone(),
                    note: m.note.clone(),
                    paper: m.paper.clone(),
                    need,
                });
            }
        }
        let chain: Vec<&str> = form.items.iter().map(|i| i.id.as_str()).collect();
        order
            .into_iter()
            .map(|key| {
                let needs = by_key.remove(&key).unwrap_or_default();
                let need = needs.iter().map(|n| n.need).min().unwrap_or(Need::NotNeeded);
                let material = self.materials.get(&key);
                let issuer = material.and_then(|m| m.issued_by.iter().find(|i| chain.contains(&i.as_str())));
                MergedMaterial {
                    name: material.map_or_else(|| key.clone(), |m| m.name.clone()),
                    exempt: material.and_then(|m| m.exempt.clone()),
                    supply: supply(material.and_then(|m| m.exempt.as_ref()), issuer.map(String::as_str), &needs),
                    key,
                    needs,
                    need,
                }
            })
            .collect()
    }

    /// The 一次告知 summary: items, departments, steps, time limits, fees, visits and materials.
    pub fn notice(&self, form: &MergedForm, answers: &Answers) -> Notice {
        let items: Vec<NoticeItem> = form.items.iter().map(|i| self.notice_item(&i.id, &i.name)).collect();
        let missing_guides: Vec<String> =
            form.items.iter().filter(|i| self.guides.guide(&i.id).is_none()).map(|i| i.id.clone()).collect();
        let visits = if missing_guides.is_empty() {
            items.iter().map(|i| i.visits).try_fold(0, |most, v| v.map(|v| most.max(v)))
        } else {
            None
        };
        Notice {
            departments: departments(&items),
            visits,
            materials: self.materials(form, answers),
            missing_guides,
            items,
        }
    }

    fn notice_item(&self, id: &str, name: &str) -> NoticeItem {
        let leaf = self.catalog.leaf(id);
        let guide = self.guides.guide(id);
        NoticeItem {
            id: id.to_owned(),
            name: name.to_owned(),
            item_type: leaf.map(|l| l.item_type),
            lead: leaf.map(|l| l.lead.to_vec()).unwrap_or_default(),
            partners: leaf.map(|l| l.partners.to_vec()).unwrap_or_default(),
            handler: guide.map(|g| g.handler.clone()),
            steps: guide.map(|g| g.steps.clone()).unwrap_or_default(),
            legal_days: guide.and_then(|g| g.legal_days),
            legal_calendar_days: guide.and_then(|g| g.legal_calendar_days),
            promised_days: guide.and_then(|g| g.promised_days),
            time_note: guide.and_then(|g| g.time_note.clone()),
            fee: guide.map(|g| g.fee.clone()),
            online: guide.map(|g| g.online),
            visits: guide.and_then(|g| g.visits),
        }
    }
}

/// One item's need of a material: a `when` decides when present (视情况 while the choice it reads is unanswered);
/// otherwise `required`, or 视情况.
fn need_of(
    m: &MaterialRef,
    item: &str,
    answers: &Answers,
    visible: &std::collections::BTreeSet<super::FieldId>,
) -> Need {
    match (&m.when, m.required) {
        (Some(when), _) if asker_holds(Some(when), item, answers, visible) => Need::Required,
        (Some(when), _) if asker_awaits(when, item, answers, visible) => Need::Conditional,
        (Some(_), _) => Need::NotNeeded,
        (None, true) => Need::Required,
        (None, false) => Need::Conditional,
    }
}

/// The one instruction for a material, from the needs that apply (a not-needed item asks nothing): the
/// strongest form any of them asks; the route only where no applying item needs the paper itself.
fn supply(route: Option<&Exempt>, issuer: Option<&str>, needs: &[MaterialNeed]) -> Supply {
    let applying: Vec<(MaterialForm, Option<&str>)> =
        needs.iter().filter(|n| n.need != Need::NotNeeded).map(|n| (n.form, n.paper.as_deref())).collect();
    supply_of(route, issuer, &applying)
}

/// The instruction for one guide's reference on its own (the guide page): the same wording as the checklist.
pub fn reference_supply(route: Option<&Exempt>, r: &MaterialRef) -> Supply {
    supply_of(route, None, &[(r.form, r.paper.as_deref())])
}

fn supply_of(route: Option<&Exempt>, issuer: Option<&str>, applying: &[(MaterialForm, Option<&str>)]) -> Supply {
    let Some(form) = applying.iter().map(|(f, _)| *f).max_by_key(|f| f.weight()) else {
        return Supply::NotNeeded;
    };
    if let Some(item) = issuer {
        return Supply::FromChain { item: item.to_owned(), form };
    }
    let paper = applying.iter().find_map(|(_, p)| p.map(str::to_owned));
    match route {
        Some(r) if r.source == ExemptSource::GeneratedForm => Supply::Generated { paper },
        Some(_) if paper.is_some() => Supply::Bring { form, paper },
        Some(r) if r.replaces == Replaces::Always => Supply::Retrieved { via: r.via.clone() },
        Some(r) => Supply::Shared { via: r.via.clone(), form },
        None => Supply::Bring { form, paper },
    }
}

/// Departments in order of first appearance, with the items each leads or works on.
fn departments(items: &[NoticeItem]) -> Vec<Department> {
    let mut out: Vec<Department> = Vec::new();
    for item in items {
        let roles = item.lead.iter().map(|d| (d, true)).chain(item.partners.iter().map(|d| (d, false)));
        for (name, lead) in roles {
            let position = match out.iter().position(|d| &d.name == name) {
                Some(p) => p,
                None => {
                    out.push(Department { name: name.clone(), lead_for: Vec::new(), partner_for: Vec::new() });
                    out.len() - 1
                }
            };
            let list = if lead { &mut out[position].lead_for } else { &mut out[position].partner_for };
            if !list.contains(&item.id) {
                list.push(item.id.clone());
            }
        }
    }
    out
}
