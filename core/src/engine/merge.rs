//! Merging a chain's forms into one (一表申请).
//!
//! Fields merge by (element, role), never by label; fields of the role `item` stay one per item. A merged field
//! keeps every asking item with its own `required` and `when`, so conditions keep working: the field is shown when
//! any asker's condition holds and required when a requiring asker's condition holds. Static constraints are
//! combined so that one answer satisfies every item: option lists intersected, length and value limits
//! tightened. When that leaves nothing (no common option, min above max), the merge reports a [`Conflict`] —
//! a data error for the people maintaining data/ — rather than picking one item's terms.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::check::{BIRTH_DATE_ELEMENT, DOC_NUMBER_ELEMENT, DOC_TYPE_ELEMENT, ID_ELEMENT, SEX_ELEMENT};
use super::{
    Asker, ChainItem, Constraints, Engine, FieldId, GroupAsker, MemberField, MergedField, MergedForm, MergedGroup,
    Section,
};
use crate::data::DataError;
use crate::dictionary::{
    Element, FieldKey, OptionItem, RoleKind, SameAddress, Sensitivity, SAME_ADDRESS_PREFIX, SAME_PERSON_ELEMENT,
};
use crate::forms::{FieldRef, FormSpec, GroupRef, ITEM_ROLE};
use crate::validate::field_name;

/// What cannot be merged.
#[derive(Debug, Clone, PartialEq)]
pub enum ConflictKind {
    /// The field's element is not in the dictionary.
    UnknownElement,
    /// The field's (or group's) role is not in the dictionary.
    UnknownRole,
    /// A choice element names an option list that does not exist.
    UnknownOptionList,
    /// The items' option lists have no code in common: each item's allowed codes.
    NoCommonOption {
        per_item: Vec<(String, Vec<String>)>,
    },
    /// The tightened length limits contradict each other.
    Length {
        min: u32,
        max: u32,
    },
    /// The tightened value limits contradict each other.
    Range {
        min: f64,
        max: f64,
    },
    UnknownGroup,
    /// The tightened member counts contradict each other.
    GroupBounds {
        min: u32,
        max: u32,
    },
}

/// A data error found while merging: the field or group, the items involved and what contradicts.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// A field id (`qylx@enterprise`) or a group key (`shareholders`).
    pub target: String,
    pub items: Vec<String>,
    pub kind: ConflictKind,
}

impl Conflict {
    pub fn message_zh(&self) -> String {
        let items = self.items.join("、");
        let what = match &self.kind {
            ConflictKind::UnknownElement => "数据元不在字段字典中".to_owned(),
            ConflictKind::UnknownRole => "角色不在字段字典中".to_owned(),
            ConflictKind::UnknownOptionList => "选项表不存在".to_owned(),
            ConflictKind::NoCommonOption { per_item } => {
                let each: Vec<String> =
                    per_item.iter().map(|(item, codes)| format!("{item} 允许 {}", codes.join("/"))).collect();
                format!("各事项允许的选项没有交集（{}）", each.join("；"))
            }
            ConflictKind::Length { min, max } => {
                format!("合并后的长度限制矛盾：最少 {min} 字，最多 {max} 字")
            }
            ConflictKind::Range { min, max } => {
                format!("合并后的取值范围矛盾：最小 {min}，最大 {max}")
            }
            ConflictKind::UnknownGroup => "重复组不在字段字典中".to_owned(),
            ConflictKind::GroupBounds { min, max } => {
                format!("合并后的人数（项数）范围矛盾：至少 {min}，至多 {max}")
            }
        };
        format!("表单合并冲突：{}（{items}）{what}", self.target)
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_zh())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum MergeError {
    /// An id that is not a leaf of the catalog.
    NotALeaf {
        item: String,
    },
    /// A leaf without a form in data/forms.
    NoForm {
        item: String,
    },
    /// A form that does not resolve (unknown family…).
    Data(DataError),
    Conflicts(Vec<Conflict>),
}

impl MergeError {
    pub fn message_zh(&self) -> String {
        match self {
            MergeError::NotALeaf { item } => format!("“{item}”不是可以申请的末级事项"),
            MergeError::NoForm { item } => format!("事项 {item} 还没有表单"),
            MergeError::Data(e) => e.message_zh(),
            MergeError::Conflicts(list) => list.iter().map(Conflict::message_zh).collect::<Vec<_>>().join("\n"),
        }
    }
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_zh())
    }
}

impl std::error::Error for MergeError {}

/// The fields and groups of the chain's forms, gathered in catalog order before they are combined.
#[derive(Default)]
struct Gathered<'s> {
    field_order: Vec<FieldId>,
    fields: BTreeMap<FieldId, Vec<(&'s str, &'s FieldRef)>>,
    group_order: Vec<String>,
    groups: BTreeMap<String, Vec<(&'s str, &'s GroupRef)>>,
}

impl<'s> Gathered<'s> {
    fn add(&mut self, spec: &'s FormSpec) {
        for f in &spec.fields {
            let id = FieldId::for_item(&f.field, &spec.item);
            let askers = self.fields.entry(id.clone()).or_default();
            if askers.is_empty() {
                self.field_order.push(id);
            }
            askers.push((&spec.item, f));
        }
        for g in &spec.groups {
            let askers = self.groups.entry(g.group.clone()).or_default();
            if askers.is_empty() {
                self.group_order.push(g.group.clone());
            }
            askers.push((&spec.item, g));
        }
    }
}

impl Engine<'_> {
    /// Merges the forms of a chain's leaves.
    pub fn merge(&self, chain: &super::Chain) -> Result<MergedForm, MergeError> {
        self.merge_items(&chain.leaves)
    }

    /// Merges the forms of any leaves; the result does not depend on their order.
    pub fn merge_items<S: AsRef<str>>(&self, ids: &[S]) -> Result<MergedForm, MergeError> {
        if let Some(bad) = ids.iter().find(|id| self.leaf_position(id.as_ref()).is_none()) {
            return Err(MergeError::NotALeaf { item: bad.as_ref().to_owned() });
        }
        let leaves = self.in_catalog_order(ids);
        let specs = leaves
            .iter()
            .map(|id| match self.forms.spec(id) {
                None => Err(MergeError::NoForm { item: id.clone() }),
                Some(r) => r.map_err(MergeError::Data),
            })
            .collect::<Result<Vec<FormSpec>, MergeError>>()?;
        let mut gathered = Gathered::default();
        for spec in &specs {
            gathered.add(spec);
        }
        let mut conflicts = Vec::new();
        let fields: Vec<MergedField> = gathered
            .field_order
            .iter()
            .filter_map(|id| self.merge_field(id, gathered.fields.get(id)?, &mut conflicts))
            .collect();
        let items = leaves
            .iter()
            .map(|id| ChainItem {
                id: id.clone(),
                name: self.catalog.leaf(id).map(|l| l.name.to_owned()).unwrap_or_default(),
            })
            .collect::<Vec<_>>();
        let fields = self.with_same_person_questions(fields);
        let mut fields = self.with_same_address_questions(fields, &items);
        mark_derivable(&mut fields);
        let groups: Vec<MergedGroup> = gathered
            .group_order
            .iter()
            .filter_map(|key| self.merge_group(key, gathered.groups.get(key)?, &mut conflicts))
            .collect();
        let groups = self.with_same_person_members(&fields, groups);
        if !conflicts.is_empty() {
            return Err(MergeError::Conflicts(conflicts));
        }
        let sections = self.sections(fields, groups, &items);
        Ok(MergedForm { catalog_version: self.catalog.version().to_owned(), items, sections })
    }

    fn merge_field(
        &self,
        id: &FieldId,
        refs: &[(&str, &FieldRef)],
        conflicts: &mut Vec<Conflict>,
    ) -> Option<MergedField> {
        let items: Vec<String> = refs.iter().map(|(item, _)| (*item).to_owned()).collect();
        let mut conflict = |kind| conflicts.push(Conflict { target: id.to_string(), items: items.clone(), kind });
        let Some(element) = self.dict.element(&id.key.element) else {
            conflict(ConflictKind::UnknownElement);
            return None;
        };
        let Some(role) = self.dict.role(&id.key.role) else {
            conflict(ConflictKind::UnknownRole);
            return None;
        };
        let constraints = match self.field_constraints(element, refs) {
            Ok(c) => c,
            Err(kind) => {
                conflict(kind);
                return None;
            }
        };
        let help = refs.iter().find_map(|(_, f)| f.help.clone()).or_else(|| element.help.clone());
        Some(MergedField {
            id: id.clone(),
            label: element.label.clone(),
            name: field_name(&element.label, &role.label, role.kind == RoleKind::Item),
            sensitivity: self.dict.sensitivity(&id.key),
            help,
            constraints,
            askers: refs
                .iter()
                .map(|(item, f)| Asker { item: (*item).to_owned(), required: f.required, when: f.when.clone() })
                .collect(),
            derivable: false,
            kept_in_profile: id.item.is_none() && self.dict.kept_in_profile(&id.key),
        })
    }

    /// Adds, first in the section of each person role that may be the same person as an earlier role of the
    /// form (the role's `same_as` in the dictionary), the question 是否与前面填写的人员为同一人 offering those
    /// roles. It is asked by every item that asks about the role, and never required: unanswered, the person is
    /// asked in full as before.
    fn with_same_person_questions(&self, fields: Vec<MergedField>) -> Vec<MergedField> {
        let Some(same) = &self.dict.same_person else {
            return fields;
        };
        let shared = |f: &&MergedField| f.id.item.is_none();
        let asked: BTreeSet<(&str, &str)> =
            fields.iter().filter(shared).map(|f| (f.id.key.role.as_str(), f.id.key.element.as_str())).collect();
        let question = |role_key: &str| -> Option<MergedField> {
            let role = self.dict.role(role_key)?;
            // A role is offered only if it is asked something this one is (else the link would fill nothing).
            let own: Vec<&str> = asked.iter().filter(|(r, _)| *r == role_key).map(|(_, e)| *e).collect();
            let shares = |other: &str| own.iter().any(|e| asked.contains(&(other, *e)));
            let options = same_person_options(&same.options, &role.same_as, shares)?;
            let mut askers: Vec<Asker> = Vec::new();
            for asker in fields.iter().filter(shared).filter(|f| f.id.key.role == role_key).flat_map(|f| &f.askers) {
                if !askers.iter().any(|a| a.item == asker.item) {
                    askers.push(Asker { item: asker.item.clone(), required: false, when: None });
                }
            }
            let key = FieldKey { element: SAME_PERSON_ELEMENT.to_owned(), role: role_key.to_owned() };
            Some(MergedField {
                id: FieldId::shared(key.clone()),
                label: same.label.clone(),
                name: field_name(&same.label, &role.label, false),
                sensitivity: Sensitivity::Public,
                help: same.help.clone(),
                constraints: Constraints::choice(options),
                askers,
                derivable: false,
                kept_in_profile: false,
            })
        };
        let mut out = Vec::with_capacity(fields.len());
        let mut seen = BTreeSet::new();
        for field in &fields {
            if field.id.item.is_none() && seen.insert(field.id.key.role.as_str()) {
                out.extend(question(&field.id.key.role));
            }
            out.push(field.clone());
        }
        out
    }

    /// Puts, right before each address that may be the same as one the form asks earlier (the element's
    /// `same_as` in the dictionary: 邮寄地址 → 现居住地址, 户籍地址; the same address of another person or item),
    /// the question “邮寄地址是否与前面填写的地址相同” offering those addresses, each by its field id. It is asked
    /// by the items that ask the address, under their conditions, and never required: unanswered, the address is
    /// asked in full as before. “Earlier” is the form's order (sections by role, fields as they first appear).
    fn with_same_address_questions(&self, fields: Vec<MergedField>, items: &[ChainItem]) -> Vec<MergedField> {
        let Some(same) = &self.dict.same_address else {
            return fields;
        };
        let mut order: Vec<usize> = (0..fields.len()).collect();
        order.sort_by_cached_key(|&i| {
            (self.section_key(&fields[i].id.key.role, fields[i].id.item.as_deref(), items), i)
        });
        let mut questions: BTreeMap<usize, MergedField> = BTreeMap::new();
        for (position, &i) in order.iter().enumerate() {
            let field = &fields[i];
            let Some(element) = self.dict.element(&field.id.key.element).filter(|e| !e.same_as.is_empty()) else {
                continue;
            };
            let options: Vec<OptionItem> = order[..position]
                .iter()
                .map(|&j| &fields[j])
                .filter(|earlier| element.same_as.contains(&earlier.id.key.element))
                .map(|earlier| OptionItem {
                    code: earlier.id.to_string(),
                    label: self.same_address_option(same, earlier, items),
                })
                .collect();
            if options.is_empty() {
                continue;
            }
            let role_label = self.dict.role(&field.id.key.role).map_or("", |r| r.label.as_str());
            let label = same.question(&element.label);
            let key = FieldKey {
                element: format!("{SAME_ADDRESS_PREFIX}{}", field.id.key.element),
                role: field.id.key.role.clone(),
            };
            questions.insert(
                i,
                MergedField {
                    id: FieldId { key, item: field.id.item.clone() },
                    name: field_name(&label, role_label, field.id.item.is_some()),
                    label,
                    sensitivity: Sensitivity::Public,
                    help: same.help.clone(),
                    constraints: Constraints::choice(options),
                    askers: field
                        .askers
                        .iter()
                        .map(|a| Asker { item: a.item.clone(), required: false, when: a.when.clone() })
                        .collect(),
                    derivable: false,
                    kept_in_profile: false,
                },
            );
        }
        let mut out = Vec::with_capacity(fields.len() + questions.len());
        for (i, field) in fields.into_iter().enumerate() {
            out.extend(questions.remove(&i));
            out.push(field);
        }
        out
    }

    /// “与新生儿的现居住地址相同”, or for an item's own question “与“社会保障卡申领”的邮寄地址相同”: the item's
    /// name by what its brackets make precise (社会保障卡服务（社会保障卡申领）), so the choice fits a phone.
    fn same_address_option(&self, same: &SameAddress, earlier: &MergedField, items: &[ChainItem]) -> String {
        match &earlier.id.item {
            Some(item) => {
                let name = items.iter().find(|i| &i.id == item).map_or(item.as_str(), |i| i.name.as_str());
                let precise = name.strip_suffix('）').and_then(|n| n.split_once('（')).map(|(_, inner)| inner);
                same.option_item_label(precise.filter(|p| !p.is_empty()).unwrap_or(name), &earlier.label)
            }
            None => {
                let role =
                    self.dict.role(&earlier.id.key.role).map_or(earlier.id.key.role.as_str(), |r| r.label.as_str());
                let whose = role.split(['（', '(']).next().unwrap_or(role).trim();
                same.option_label(whose, &earlier.label)
            }
        }
    }

    /// The groups about a role that may be the same person as an earlier role of the form get the 同一人 choice
    /// as their first member question (a shareholder who is the 法定代表人).
    fn with_same_person_members(&self, fields: &[MergedField], groups: Vec<MergedGroup>) -> Vec<MergedGroup> {
        let Some(same) = &self.dict.same_person else {
            return groups;
        };
        let asked: BTreeSet<(&str, &str)> = fields
            .iter()
            .filter(|f| f.id.item.is_none())
            .map(|f| (f.id.key.role.as_str(), f.id.key.element.as_str()))
            .collect();
        groups
            .into_iter()
            .map(|mut g| {
                let same_as = self.dict.role(&g.role).map(|r| r.same_as.as_slice()).unwrap_or_default();
                let shares = |other: &str| {
                    g.members.iter().any(|m| {
                        let element = g.same_person_elements.get(&m.element).unwrap_or(&m.element);
                        asked.contains(&(other, element.as_str()))
                    })
                };
                if let Some(options) = same_person_options(&same.options, same_as, shares) {
                    let choice = MemberField {
                        element: SAME_PERSON_ELEMENT.to_owned(),
                        label: same.label.clone(),
                        required: false,
                        constraints: Constraints::choice(options),
                    };
                    g.members.insert(0, choice);
                }
                g
            })
            .collect()
    }

    /// The element's constraints ([`Dictionary::constraints`]) narrowed by every asker: options intersected,
    /// limits tightened.
    fn field_constraints(&self, element: &Element, refs: &[(&str, &FieldRef)]) -> Result<Constraints, ConflictKind> {
        let own = self.dict.constraints(&element.key).ok_or(ConflictKind::UnknownOptionList)?;
        let options = common_options(own.options, refs)?;
        let min_len = tightened(refs, |f| f.min_len, own.min_len, u32::max);
        let max_len = tightened(refs, |f| f.max_len, own.max_len, u32::min);
        if let (Some(min), Some(max)) = (min_len, max_len) {
            if min > max {
                return Err(ConflictKind::Length { min, max });
            }
        }
        let min = tightened(refs, |f| f.min, own.min, f64::max);
        let max = tightened(refs, |f| f.max, own.max, f64::min);
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                return Err(ConflictKind::Range { min: lo, max: hi });
            }
        }
        Ok(Constraints { options, min_len, max_len, min, max, ..own })
    }

    fn merge_group(&self, key: &str, refs: &[(&str, &GroupRef)], conflicts: &mut Vec<Conflict>) -> Option<MergedGroup> {
        let items: Vec<String> = refs.iter().map(|(item, _)| (*item).to_owned()).collect();
        let mut conflict = |kind| conflicts.push(Conflict { target: key.to_owned(), items: items.clone(), kind });
        let Some(group) = self.dict.groups.get(key) else {
            conflict(ConflictKind::UnknownGroup);
            return None;
        };
        let min = refs.iter().map(|(_, g)| g.min).max().unwrap_or(0);
        let max = refs.iter().map(|(_, g)| g.max).min().unwrap_or(0);
        if min > max {
            conflict(ConflictKind::GroupBounds { min, max });
            return None;
        }
        let mut members = Vec::new();
        for element_key in &group.elements {
            let Some(element) = self.dict.element(element_key) else {
                conflict(ConflictKind::UnknownElement);
                return None;
            };
            let constraints = match self.field_constraints(element, &[]) {
                Ok(c) => c,
                Err(kind) => {
                    conflict(kind);
                    return None;
                }
            };
            members.push(MemberField {
                element: element_key.clone(),
                label: element.label.clone(),
                required: group.required.contains(element_key),
                constraints,
            });
        }
        Some(MergedGroup {
            key: key.to_owned(),
            label: group.label.clone(),
            role: group.role.clone(),
            min,
            max,
            members,
            same_person_elements: group.same_person_elements.clone(),
            askers: refs
                .iter()
                .map(|(item, g)| GroupAsker { item: (*item).to_owned(), min: g.min, max: g.max, when: g.when.clone() })
                .collect(),
        })
    }

    /// Sections by role `order` (applicant first, then the business or the person concerned, then things), each
    /// item's own questions last in catalog order. Fields keep their order of first appearance.
    fn sections(&self, fields: Vec<MergedField>, groups: Vec<MergedGroup>, items: &[ChainItem]) -> Vec<Section> {
        let mut by_key: BTreeMap<SectionKey, Section> = BTreeMap::new();
        for field in fields {
            let key = self.section_key(&field.id.key.role, field.id.item.as_deref(), items);
            self.section_for(&mut by_key, key, &field.id.key.role, field.id.item.as_deref(), items).fields.push(field);
        }
        for group in groups {
            let key = self.section_key(&group.role, None, items);
            let role = group.role.clone();
            self.section_for(&mut by_key, key, &role, None, items).groups.push(group);
        }
        by_key.into_values().collect()
    }

    fn section_key(&self, role: &str, item: Option<&str>, items: &[ChainItem]) -> SectionKey {
        let order = self.dict.role(role).map_or(u32::MAX, |r| r.order);
        let item_position = item.and_then(|id| items.iter().position(|i| i.id == id)).unwrap_or(0);
        (role == ITEM_ROLE, order, role.to_owned(), item_position)
    }

    fn section_for<'m>(
        &self,
        by_key: &'m mut BTreeMap<SectionKey, Section>,
        key: SectionKey,
        role: &str,
        item: Option<&str>,
        items: &[ChainItem],
    ) -> &'m mut Section {
        by_key.entry(key).or_insert_with(|| {
            let title = match item {
                Some(id) => items.iter().find(|i| i.id == id).map_or_else(|| id.to_owned(), |i| i.name.clone()),
                None => self.dict.role(role).map_or_else(|| role.to_owned(), |r| r.label.clone()),
            };
            Section {
                role: role.to_owned(),
                item: item.map(str::to_owned),
                family_applies: item.is_none() && self.dict.role(role).is_some_and(|r| r.family_applies),
                not_kept: self.dict.role(role).is_some_and(|r| r.not_kept),
                title,
                fields: Vec::new(),
                groups: Vec::new(),
            }
        })
    }
}

/// The strictest of the askers' limits, each asker's own limit replacing the element's (as in a single form);
/// the element's own limit when nobody narrows it (group members).
fn tightened<T: Copy>(
    refs: &[(&str, &FieldRef)],
    own: impl Fn(&FieldRef) -> Option<T>,
    element: Option<T>,
    strictest: fn(T, T) -> T,
) -> Option<T> {
    if refs.is_empty() {
        return element;
    }
    refs.iter().filter_map(|(_, f)| own(f).or(element)).reduce(strictest)
}

/// The options of the element's list (`all`, empty for a non-choice element) every asker allows, in the list's
/// order.
fn common_options(all: Vec<OptionItem>, refs: &[(&str, &FieldRef)]) -> Result<Vec<OptionItem>, ConflictKind> {
    if all.is_empty() {
        return Ok(all);
    }
    let allowed_by = |f: &FieldRef, code: &str| f.options.as_ref().is_none_or(|codes| codes.iter().any(|c| c == code));
    let common: Vec<OptionItem> =
        all.iter().filter(|o| refs.iter().all(|(_, f)| allowed_by(f, &o.code))).cloned().collect();
    if common.is_empty() {
        let per_item = refs
            .iter()
            .map(|(item, f)| {
                let codes = f.options.clone().unwrap_or_else(|| all.iter().map(|o| o.code.clone()).collect());
                ((*item).to_owned(), codes)
            })
            .collect();
        return Err(ConflictKind::NoCommonOption { per_item });
    }
    Ok(common)
}

/// (item's own section, role order, role key, item position): the order of sections.
type SectionKey = (bool, u32, String, usize);

/// 出生日期 and 性别 are filled from an ID number of the same role when the form asks one (公民身份号码, or
/// 证件号码 with its 证件类型).
fn mark_derivable(fields: &mut [MergedField]) {
    let shared: BTreeSet<(String, String)> = fields
        .iter()
        .filter(|f| f.id.item.is_none())
        .map(|f| (f.id.key.element.clone(), f.id.key.role.clone()))
        .collect();
    let has = |element: &str, role: &str| shared.contains(&(element.to_owned(), role.to_owned()));
    for f in fields.iter_mut().filter(|f| f.id.item.is_none()) {
        let key = &f.id.key;
        let target = key.element == BIRTH_DATE_ELEMENT || key.element == SEX_ELEMENT;
        f.derivable = target
            && (has(ID_ELEMENT, &key.role) || (has(DOC_NUMBER_ELEMENT, &key.role) && has(DOC_TYPE_ELEMENT, &key.role)));
    }
}

/// The 同一人 options for a role: the roles it may be (`same_as`) that this form asks about, or `None`.
fn same_person_options(
    all: &[OptionItem],
    same_as: &[String],
    shares: impl Fn(&str) -> bool,
) -> Option<Vec<OptionItem>> {
    let options: Vec<OptionItem> =
        all.iter().filter(|o| same_as.contains(&o.code) && shares(&o.code)).cloned().collect();
    (!options.is_empty()).then_some(options)
}
