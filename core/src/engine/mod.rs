//! The form engine: a chain of items becomes ONE form (一表申请), ONE materials list and ONE notice (一套材料、
//! 一次告知), and the filled form becomes one application per item for the host.
//!
//! - [`chain`]: which leaves a scenario (preset) or a basket brings, and which group items still need a choice.
//! - [`merge`]: the chain's forms merged by (data element, role) into a [`MergedForm`], with provenance and
//!   combined constraints; contradictions are reported as [`merge::Conflict`]s.
//! - [`check`]: validation of a whole answer set against the merged form (values, required-when-shown,
//!   repeatable groups, derived fields and cross-field rules).
//! - [`notice`]: the merged materials list and the 一次告知 summary.
//! - [`mod@split`]: one [`split::Payload`] per leaf, in the JSON format documented in data/README.md.
//!
//! Everything is deterministic: maps are `BTreeMap`s and items are always taken in catalog order, so nothing
//! depends on the order in which a user picked items.

pub mod blocker;
pub mod chain;
pub mod check;
pub mod merge;
pub mod notice;
pub mod split;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalog::{CatalogIndex, ItemId};
use crate::condition::Condition;
use crate::dictionary::{Dictionary, FieldKey, Sensitivity};
use crate::forms::{FormSet, ITEM_ROLE};
use crate::guides::{GuideSet, MaterialDictionary};

pub use crate::dictionary::Constraints;
pub use blocker::{take_out, Blocker, BlockerKind};
pub use chain::{scenario_key, Chain, ChainError, ChainSpec, PendingChoice, Selections};
pub use check::{validate, ErrorKind, FieldError, Target, Validation};
pub use merge::{Conflict, ConflictKind, MergeError};
pub use notice::{reference_supply, Department, MaterialNeed, MergedMaterial, Need, Notice, NoticeItem, Supply};
pub use split::{split, Payload};

/// The data the engine works on, borrowed: catalog, dictionary, forms, guides and materials.
#[derive(Debug, Clone)]
pub struct Engine<'a> {
    pub catalog: &'a CatalogIndex,
    pub dict: &'a Dictionary,
    pub forms: &'a FormSet,
    pub guides: &'a GuideSet,
    pub materials: &'a MaterialDictionary,
    /// Position of every leaf in document order: chains are sorted by it.
    leaf_order: BTreeMap<String, usize>,
}

impl<'a> Engine<'a> {
    pub fn new(
        catalog: &'a CatalogIndex,
        dict: &'a Dictionary,
        forms: &'a FormSet,
        guides: &'a GuideSet,
        materials: &'a MaterialDictionary,
    ) -> Self {
        let leaf_order = catalog.leaves().enumerate().map(|(i, leaf)| (leaf.id.as_str().to_owned(), i)).collect();
        Engine { catalog, dict, forms, guides, materials, leaf_order }
    }

    /// A leaf's position in document order, `None` for anything that is not a leaf.
    pub fn leaf_position(&self, id: &str) -> Option<usize> {
        self.leaf_order.get(id).copied()
    }

    /// Leaf ids sorted into document order, duplicates and non-leaves dropped.
    pub fn in_catalog_order<S: AsRef<str>>(&self, ids: &[S]) -> Vec<String> {
        let by_position: BTreeMap<usize, &str> =
            ids.iter().filter_map(|id| Some((self.leaf_position(id.as_ref())?, id.as_ref()))).collect();
        by_position.into_values().map(str::to_owned).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Field identities and answers
// ---------------------------------------------------------------------------------------------

/// A field of a merged form: a [`FieldKey`], scoped to one item for the role `item` (an item's own questions are
/// never shared). Written `element@role`, or `element@item#E002` when scoped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldId {
    pub key: FieldKey,
    /// The item an `item`-role field belongs to; `None` for shared fields.
    pub item: Option<String>,
}

impl FieldId {
    /// How `item` refers to `key` in the merged form: scoped when the role is `item`, shared otherwise.
    pub fn for_item(key: &FieldKey, item: &str) -> FieldId {
        FieldId { key: key.clone(), item: (key.role == ITEM_ROLE).then(|| item.to_owned()) }
    }

    /// A shared (unscoped) field.
    pub fn shared(key: FieldKey) -> FieldId {
        FieldId { key, item: None }
    }

    /// Parses `element@role` or `element@item#<item id>`; the scope is required exactly for the role `item`.
    pub fn parse(s: &str) -> Option<FieldId> {
        let (key, item) = match s.split_once('#') {
            Some((key, item)) => (key, Some(item)),
            None => (s, None),
        };
        let key = FieldKey::parse(key)?;
        let item = match item {
            Some(id) => Some(ItemId::parse(id)?.as_str().to_owned()),
            None => None,
        };
        ((key.role == ITEM_ROLE) == item.is_some()).then_some(FieldId { key, item })
    }
}

impl fmt::Display for FieldId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.item {
            Some(item) => write!(f, "{}#{item}", self.key),
            None => write!(f, "{}", self.key),
        }
    }
}

impl Serialize for FieldId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FieldId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        FieldId::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("“{s}”不是有效的字段")))
    }
}

/// One member of a repeatable group: element key → answer.
pub type Member = BTreeMap<String, String>;

/// The answers to a merged form. Blank strings count as unanswered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Answers {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<FieldId, String>,
    /// Repeatable groups by group key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, Vec<Member>>,
}

impl Answers {
    /// The answer to a field, `None` when missing or blank.
    pub fn get(&self, id: &FieldId) -> Option<&str> {
        self.fields.get(id).map(String::as_str).filter(|v| !v.trim().is_empty())
    }

    pub fn set(&mut self, id: FieldId, value: impl Into<String>) {
        self.fields.insert(id, value.into());
    }
}

/// Whether a group member has any answer at all (empty rows are not members).
pub(crate) fn member_is_blank(member: &Member) -> bool {
    member.values().all(|v| v.trim().is_empty())
}

// ---------------------------------------------------------------------------------------------
// The merged form
// ---------------------------------------------------------------------------------------------

/// One item asking a field (or group): the provenance shown as “用于：…”, with that item's own terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Asker {
    pub item: String,
    pub required: bool,
    /// The item asks (and requires) the field only when this holds, read in the item's own scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
}

/// A field of the merged form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedField {
    pub id: FieldId,
    /// The element's label (公民身份号码).
    pub label: String,
    /// The label with the role, as messages name the field (公民身份号码（母亲）).
    pub name: String,
    pub sensitivity: Sensitivity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub constraints: Constraints,
    /// Every item asking this field, in catalog order.
    pub askers: Vec<Asker>,
    /// Filled from an ID number of the same role when one is given (出生日期, 性别): then read-only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub derivable: bool,
    /// May be offered for 我的档案 after submission and prefilled from it ([`Dictionary::kept_in_profile`]; never
    /// an item's own question).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub kept_in_profile: bool,
}

impl MergedField {
    /// The items asking this field (“用于：…”).
    pub fn provenance(&self) -> Vec<&str> {
        self.askers.iter().map(|a| a.item.as_str()).collect()
    }

    pub fn asked_by(&self, item: &str) -> Option<&Asker> {
        self.askers.iter().find(|a| a.item == item)
    }
}

/// One element of a repeatable group's members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberField {
    pub element: String,
    pub label: String,
    pub required: bool,
    pub constraints: Constraints,
}

/// One item asking a repeatable group, with its bounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupAsker {
    pub item: String,
    pub min: u32,
    pub max: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
}

/// A repeatable group of the merged form (股东, 家庭成员…), merged by (group, role).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedGroup {
    pub key: String,
    pub label: String,
    pub role: String,
    /// The strictest bounds of all asking items.
    pub min: u32,
    pub max: u32,
    pub members: Vec<MemberField>,
    pub askers: Vec<GroupAsker>,
    /// Member element → the element of the chosen role it copies, where their keys differ (see
    /// [`crate::dictionary::Group::same_person_elements`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub same_person_elements: BTreeMap<String, String>,
}

/// The elements of a group member answered by its 同一人 choice (股东 = 法定代表人), each with the field it
/// copies: those whose counterpart the chosen role is asked in this form and shown to the citizen (`visible`,
/// [`Validation::visible`] of this form). A copied element is not asked, so a counterpart the form hides (asked only under a
/// condition that no longer holds) would send the department an answer nobody saw: that element is asked in the
/// member instead, as a role's field is ([`check`]).
pub fn member_links(
    form: &MergedForm,
    group: &MergedGroup,
    member: &Member,
    visible: &BTreeSet<FieldId>,
) -> Vec<(String, FieldId)> {
    let offered = |code: &str| {
        group.members.iter().any(|m| {
            m.element == crate::dictionary::SAME_PERSON_ELEMENT && m.constraints.options.iter().any(|o| o.code == code)
        })
    };
    let Some(chosen) = member.get(crate::dictionary::SAME_PERSON_ELEMENT).filter(|c| offered(c)) else {
        return Vec::new();
    };
    group
        .members
        .iter()
        .filter(|m| m.element != crate::dictionary::SAME_PERSON_ELEMENT)
        .filter_map(|m| {
            let element = group.same_person_elements.get(&m.element).unwrap_or(&m.element);
            let source = FieldId::shared(FieldKey { element: element.clone(), role: chosen.clone() });
            (visible.contains(&source) && form.field(&source).is_some()).then(|| (m.element.clone(), source))
        })
        .collect()
}

impl MergedGroup {
    pub fn provenance(&self) -> Vec<&str> {
        self.askers.iter().map(|a| a.item.as_str()).collect()
    }
}

/// A section: the fields about one role (or one item's own questions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub role: String,
    /// Set for the section of one item's own questions (role `item`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// About a person whose family applies (逝者, 新生儿): the one filling in is the applicant, not an agent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub family_applies: bool,
    /// About a person whose answers are never offered for 我的档案 (逝者).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_kept: bool,
    pub title: String,
    pub fields: Vec<MergedField>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<MergedGroup>,
}

/// A leaf of the chain with its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainItem {
    pub id: String,
    pub name: String,
}

/// The one shared form of a chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedForm {
    pub catalog_version: String,
    /// The chain's leaves in catalog order.
    pub items: Vec<ChainItem>,
    pub sections: Vec<Section>,
}

impl MergedForm {
    /// Every field in form order.
    pub fn fields(&self) -> impl Iterator<Item = &MergedField> + '_ {
        self.sections.iter().flat_map(|s| &s.fields)
    }

    /// Every repeatable group in form order.
    pub fn groups(&self) -> impl Iterator<Item = &MergedGroup> + '_ {
        self.sections.iter().flat_map(|s| &s.groups)
    }

    pub fn field(&self, id: &FieldId) -> Option<&MergedField> {
        self.fields().find(|f| &f.id == id)
    }

    pub fn group(&self, key: &str) -> Option<&MergedGroup> {
        self.groups().find(|g| g.key == key)
    }

    pub fn field_count(&self) -> usize {
        self.sections.iter().map(|s| s.fields.len()).sum()
    }

    /// The fields currently shown: see [`visible_fields`].
    pub fn visible(&self, answers: &Answers) -> BTreeSet<FieldId> {
        visible_fields(self, answers, None)
    }
}

// ---------------------------------------------------------------------------------------------
// Visibility
// ---------------------------------------------------------------------------------------------

/// How an asker's condition reads answers: in the asker's scope, and a hidden field counts as unanswered.
pub(crate) fn scoped_lookup<'v>(
    answers: &'v Answers,
    visible: &'v BTreeSet<FieldId>,
    item: &'v str,
) -> impl Fn(&FieldKey) -> Option<String> + 'v {
    move |key: &FieldKey| {
        let id = FieldId::for_item(key, item);
        if visible.contains(&id) {
            answers.get(&id).map(str::to_owned)
        } else {
            None
        }
    }
}

pub(crate) fn asker_holds(
    when: Option<&Condition>,
    item: &str,
    answers: &Answers,
    visible: &BTreeSet<FieldId>,
) -> bool {
    when.is_none_or(|c| c.holds(&scoped_lookup(answers, visible, item)))
}

/// Whether `when` still waits for an answer of `item`'s form (see [`Condition::awaits`]).
pub(crate) fn asker_awaits(when: &Condition, item: &str, answers: &Answers, visible: &BTreeSet<FieldId>) -> bool {
    when.awaits(&scoped_lookup(answers, visible, item))
}

/// The fields shown for `answers`: a field is shown when any asking item's condition holds (only `item`'s own
/// askers and fields when given). Conditions read shown fields only, so a field that depends on a hidden one is
/// hidden too; this is computed as a fixpoint, bounded so that a cyclic condition cannot loop.
pub fn visible_fields(form: &MergedForm, answers: &Answers, item: Option<&str>) -> BTreeSet<FieldId> {
    let fields: Vec<(&FieldId, Vec<&Asker>)> = form
        .fields()
        .map(|f| {
            let askers = f.askers.iter().filter(|a| item.is_none_or(|only| a.item == only)).collect::<Vec<_>>();
            (&f.id, askers)
        })
        .filter(|(_, askers)| !askers.is_empty())
        .collect();
    let mut visible: BTreeSet<FieldId> = fields.iter().map(|(id, _)| (*id).clone()).collect();
    for _ in 0..=fields.len() {
        let next: BTreeSet<FieldId> = fields
            .iter()
            .filter(|(_, askers)| askers.iter().any(|a| asker_holds(a.when.as_ref(), &a.item, answers, &visible)))
            .map(|(id, _)| (*id).clone())
            .collect();
        if next == visible {
            break;
        }
        visible = next;
    }
    visible
}

/// Whether a group is shown: any asking item's condition holds (only `item`'s own when given).
pub(crate) fn group_visible(
    group: &MergedGroup,
    answers: &Answers,
    visible: &BTreeSet<FieldId>,
    item: Option<&str>,
) -> bool {
    group
        .askers
        .iter()
        .filter(|a| item.is_none_or(|only| a.item == only))
        .any(|a| asker_holds(a.when.as_ref(), &a.item, answers, visible))
}
