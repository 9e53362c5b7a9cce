//! Drafts and profiles: what the app keeps on the device between visits.
//!
//! A [`Draft`] is the state of one application — the chain (preset scenario or basket), the sub-items picked,
//! the answers including repeatable groups, created/updated timestamps (milliseconds, passed in: the core never
//! reads the clock) and the catalog and form versions it was filled against. It serialises to a compact JSON
//! document with a format number `v`. [`Draft::decode`] never panics: a corrupted or foreign document is a
//! [`DraftError`]. [`Draft::reopen`] opens an old draft against the current catalog and forms, keeping every
//! answer whose field still exists and reporting what changed ([`DraftChanges`]).
//!
//! A [`Profile`] (一人一档 / 一企一档) holds answers the user chose to keep, by (element, role), each with the time
//! it was kept, and prefills the same fields of later forms until the entry expires ([`crate::retention`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::dictionary::{same_address_of, FieldKey, SAME_PERSON_ELEMENT};
use crate::engine::{member_is_blank, Answers, Chain, ChainSpec, Engine, FieldId, Member, MergedForm, Selections};
use crate::forms::{FormSpec, ITEM_ROLE};
use crate::retention;

/// The draft document format this build writes. Format 2 keeps each group's members under the group the forms
/// of this build name (E045-1's employees under `gjjkhzg`); format 1 is still read, and reopening it moves members
/// of a renamed group to their group ([`crate::forms::GroupRef::formerly`]).
pub const DRAFT_FORMAT: u32 = 2;
/// The oldest draft format this build reads.
pub const OLDEST_DRAFT_FORMAT: u32 = 1;
/// The profile document format this build writes. Format 1 (one `updated` time for all values) is still read.
pub const PROFILE_FORMAT: u32 = 2;
/// Documents larger than this are refused unread: no real draft comes near it, and it bounds the work.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// The state of one application. Stored keys are short (`v`, `cv`, `fv`, `sel`) because drafts are kept on
/// phones; they are the stored format and never change without a new [`DRAFT_FORMAT`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// Document format ([`DRAFT_FORMAT`]).
    #[serde(rename = "v")]
    pub format: u32,
    /// Catalog version the draft was filled against.
    #[serde(rename = "cv")]
    pub catalog_version: String,
    /// Forms version the draft was filled against.
    #[serde(rename = "fv", default)]
    pub forms_version: String,
    pub chain: ChainSpec,
    /// Sub-items picked per group item.
    #[serde(rename = "sel", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub selections: Selections,
    /// The chain's leaves when saved, to report items that are gone on reopening.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    #[serde(default)]
    pub answers: Answers,
    /// Created and last updated, milliseconds since the Unix epoch.
    pub created: u64,
    pub updated: u64,
    /// Where the citizen was: the step and the field last answered (继续办理 opens it). `None` until the first
    /// answer — a draft without it and never stored is not kept ([`Draft::started`]). Optional, so drafts
    /// written before it existed still read (they open at the notice, as they did).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<ResumePoint>,
}

/// Where an application was left: a step and, on a form step, the field last answered (its DOM id, as the form
/// renders it). Stored as `{"s":"notice"}`, `{"s":{"form":2},"f":"sq-f-xm-mother"}`, `{"s":"review"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumePoint {
    #[serde(rename = "s")]
    pub step: ResumeStep,
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The step of a [`ResumePoint`]: 一次告知, a section of the form (by its index in the merged form), 核对信息.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResumeStep {
    Notice,
    Form(usize),
    Review,
}

impl ResumePoint {
    pub fn notice() -> ResumePoint {
        ResumePoint { step: ResumeStep::Notice, field: None }
    }
}

/// Why a draft or profile document cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftError {
    TooLarge {
        bytes: usize,
    },
    NotJson {
        line: usize,
        column: usize,
    },
    /// No format number `v`, or not a JSON object.
    NoFormat,
    UnsupportedFormat {
        found: u64,
    },
    /// JSON of the wrong shape (a bad field key, a missing chain…).
    Malformed {
        detail: String,
    },
}

impl DraftError {
    pub fn message_zh(&self) -> String {
        match self {
            DraftError::TooLarge { bytes } => format!("草稿过大（{bytes} 字节），无法打开"),
            DraftError::NotJson { line, column } => {
                format!("草稿已损坏，无法读取（第 {line} 行第 {column} 列）")
            }
            DraftError::NoFormat => "草稿已损坏：缺少格式版本".to_owned(),
            DraftError::UnsupportedFormat { found } => {
                format!("草稿格式版本 {found} 不受支持，请更新后再打开")
            }
            DraftError::Malformed { detail } => format!("草稿已损坏：{detail}"),
        }
    }
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_zh())
    }
}

impl std::error::Error for DraftError {}

/// Parses a versioned document up to its format number: size, JSON, `v`.
fn read_versioned(json: &str) -> Result<(u64, Value), DraftError> {
    if json.len() > MAX_DOCUMENT_BYTES {
        return Err(DraftError::TooLarge { bytes: json.len() });
    }
    let value: Value =
        serde_json::from_str(json).map_err(|e| DraftError::NotJson { line: e.line(), column: e.column() })?;
    let found = value.as_object().and_then(|o| o.get("v")).and_then(Value::as_u64).ok_or(DraftError::NoFormat)?;
    Ok((found, value))
}

fn shaped<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, DraftError> {
    serde_json::from_value(value).map_err(|e| DraftError::Malformed { detail: e.to_string() })
}

/// Parses a versioned document: size, JSON, the format number (one of `formats`), then the shape.
fn decode_versioned<T: serde::de::DeserializeOwned>(
    json: &str,
    formats: std::ops::RangeInclusive<u32>,
) -> Result<T, DraftError> {
    let (found, value) = read_versioned(json)?;
    if !u32::try_from(found).is_ok_and(|f| formats.contains(&f)) {
        return Err(DraftError::UnsupportedFormat { found });
    }
    shaped(value)
}

/// What the list of unfinished applications shows: the draft's items and when it was saved. Read without the
/// answers and the chain, so that the first screen (the lean build) carries no form-engine types.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DraftSummary {
    /// The chain's leaves when saved.
    #[serde(default)]
    pub items: Vec<String>,
    pub updated: u64,
    /// What the draft was started from, as stored (read as plain JSON: the lean build has no [`ChainSpec`]).
    #[serde(default)]
    pub chain: serde_json::Value,
    /// Where the citizen left it, as stored (read as plain JSON: a derived reader costs the first visit's build
    /// kilobytes); [`DraftSummary::resume_step`] reads it.
    #[serde(default)]
    pub at: serde_json::Value,
}

impl DraftSummary {
    /// The scenario the draft applies for, as data/ui/home.json names scenarios (`enterprise/1.1`); `None` for a
    /// basket. The home screen names a draft by it (我要开办企业), not by its first item.
    pub fn scenario(&self) -> Option<String> {
        let s = self.chain.get("scenario")?;
        Some(format!("{}/{}", s.get("lifecycle")?.as_str()?, s.get("code")?.as_str()?))
    }

    /// The step 继续办理 opens ([`ResumePoint`]'s stored form: `"notice"`, `{"form":n}`, `"review"`); `None` for a
    /// draft without one or a form it cannot read (it opens at the notice).
    pub fn resume_step(&self) -> Option<ResumeStep> {
        let step = self.at.get("s")?;
        match step.as_str() {
            Some("notice") => Some(ResumeStep::Notice),
            Some("review") => Some(ResumeStep::Review),
            Some(_) => None,
            None => Some(ResumeStep::Form(usize::try_from(step.get("form")?.as_u64()?).ok()?)),
        }
    }

    /// The summary of a stored draft, under the same rules as [`Draft::decode`] (size, JSON, format version) but
    /// without checking the rest of the document: opening the draft does that.
    pub fn decode(json: &str) -> Result<DraftSummary, DraftError> {
        decode_versioned(json, OLDEST_DRAFT_FORMAT..=DRAFT_FORMAT)
    }
}

/// What changed since a draft was saved, found when reopening it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftChanges {
    /// (saved against, now) when the catalog version differs.
    pub catalog: Option<(String, String)>,
    /// The preset scenario no longer exists; its remaining items became a basket.
    pub scenario_gone: bool,
    /// Items of the saved chain (or picked sub-items) no longer in the catalog or the chain.
    pub items_gone: Vec<String>,
    /// Answers dropped because their field is no longer asked (`element@role`, `group[i].element`).
    pub fields_gone: Vec<String>,
    /// Repeatable groups no longer asked.
    pub groups_gone: Vec<String>,
}

impl DraftChanges {
    pub fn is_empty(&self) -> bool {
        self == &DraftChanges::default()
    }
}

/// A draft opened against the current data.
#[derive(Debug, Clone, PartialEq)]
pub struct Reopened {
    /// The draft with what no longer exists dropped and the current versions recorded.
    pub draft: Draft,
    pub chain: Chain,
    pub changes: DraftChanges,
}

impl Draft {
    /// A new draft of a chain with its answers.
    pub fn new(engine: &Engine<'_>, chain: &Chain, answers: Answers, now: u64) -> Draft {
        Draft {
            format: DRAFT_FORMAT,
            catalog_version: engine.catalog.version().to_owned(),
            forms_version: engine.forms.version.clone(),
            chain: chain.spec.clone(),
            selections: chain.selections.clone(),
            items: chain.leaves.clone(),
            answers,
            created: now,
            updated: now,
            at: None,
        }
    }

    /// Whether the citizen has answered anything (a field, a situation, a date): only then is a draft kept on the
    /// device and listed on the home. Opening a notice or the form is not an answer; a prefilled value is not one.
    pub fn started(&self) -> bool {
        self.at.is_some()
    }

    /// Records where the citizen is. An answer (`answered`) starts the draft and moves the point to its field;
    /// opening another step only moves the point of a draft already started (looking is not answering), and
    /// opening the step it already points at keeps the field (a resume lands there). Returns whether it changed.
    pub fn note_position(&mut self, point: ResumePoint, answered: bool) -> bool {
        let moved = match &self.at {
            None => answered,
            Some(at) if answered => *at != point,
            Some(at) => at.step != point.step,
        };
        if moved {
            self.at = Some(point);
        }
        moved
    }

    /// Replaces the answers and the updated time.
    pub fn update(&mut self, answers: Answers, now: u64) {
        self.answers = answers;
        self.updated = now.max(self.created);
    }

    /// The compact JSON document.
    pub fn encode(&self) -> String {
        // Plain strings, numbers and maps with string keys always serialise.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored draft of any format this build reads; the format it was written in stays in `format`
    /// until [`Draft::reopen`] brings it up to date.
    pub fn decode(json: &str) -> Result<Draft, DraftError> {
        decode_versioned(json, OLDEST_DRAFT_FORMAT..=DRAFT_FORMAT)
    }

    /// Whether the draft must be reopened ([`Draft::reopen`]) before it is shown against this catalog and these
    /// forms: it was filled against another catalog or other forms (an update arrived meanwhile), or stored in an
    /// older draft format. A draft that recorded no forms version (written before drafts were given the build's
    /// own) counts as filled against other forms: reopening keeps everything that still applies.
    pub fn outdated(&self, catalog_version: &str, forms_version: &str) -> bool {
        self.catalog_version != catalog_version || self.forms_version != forms_version || self.format < DRAFT_FORMAT
    }

    /// Opens the draft against the current catalog and forms: drops items, selections, answers and groups that
    /// no longer exist, and reports them.
    pub fn reopen(self, engine: &Engine<'_>) -> Reopened {
        let mut changes = DraftChanges::default();
        if self.catalog_version != engine.catalog.version() {
            changes.catalog = Some((self.catalog_version.clone(), engine.catalog.version().to_owned()));
        }
        let spec = self.current_spec(engine, &mut changes);
        let sel = current_selections(engine, &self.selections, &mut changes);
        let chain = engine.chain(&spec, &sel).unwrap_or_else(|_| empty_chain(spec.clone()));
        for old in &self.items {
            if !chain.leaves.contains(old) && !changes.items_gone.contains(old) {
                changes.items_gone.push(old.clone());
            }
        }
        let mut answers = self.answers;
        move_renamed_groups(engine, &chain, self.format, &mut answers);
        let answers = keep_existing(engine, &chain, answers, &mut changes);
        let mut draft = Draft::new(engine, &chain, answers, self.created);
        draft.updated = self.updated;
        // A form step's number may mean another section once items or fields are gone: such a draft resumes at
        // the notice (where the change report is shown anyway), still started.
        let same_form = changes.items_gone.is_empty()
            && changes.fields_gone.is_empty()
            && changes.groups_gone.is_empty()
            && !changes.scenario_gone;
        draft.at = if same_form { self.at } else { self.at.map(|_| ResumePoint::notice()) };
        Reopened { draft, chain, changes }
    }

    /// The chain spec that still resolves: a basket without unknown ids, or, when the scenario is gone, a basket
    /// of the saved items that still exist.
    fn current_spec(&self, engine: &Engine<'_>, changes: &mut DraftChanges) -> ChainSpec {
        let resolves = |id: &str| engine.chain(&ChainSpec::Basket(vec![id.to_owned()]), &Selections::new()).is_ok();
        match &self.chain {
            ChainSpec::Scenario { lifecycle, code } if engine.catalog.scenario(*lifecycle, code).is_some() => {
                self.chain.clone()
            }
            ChainSpec::Scenario { .. } => {
                changes.scenario_gone = true;
                ChainSpec::Basket(self.items.iter().filter(|id| resolves(id)).cloned().collect())
            }
            ChainSpec::Basket(ids) => {
                let (kept, gone): (Vec<String>, Vec<String>) = ids.iter().cloned().partition(|id| resolves(id));
                changes.items_gone.extend(gone);
                ChainSpec::Basket(kept)
            }
        }
    }
}

/// The draft to reopen instead of starting a second one for the same chain: the newest unsubmitted one of
/// `drafts` (id, draft) whose chain is `spec` ([`ChainSpec::same_chain`]). Several stored for one chain (written
/// before this rule) all stay listed; the newest is the one continued.
pub fn draft_for_chain<'a>(
    drafts: impl IntoIterator<Item = (&'a str, &'a Draft)>,
    spec: &ChainSpec,
) -> Option<&'a str> {
    drafts.into_iter().filter(|(_, d)| d.chain.same_chain(spec)).max_by_key(|(_, d)| d.updated).map(|(id, _)| id)
}

/// Selections whose group and sub-items still exist.
fn current_selections(engine: &Engine<'_>, saved: &Selections, changes: &mut DraftChanges) -> Selections {
    let mut out = Selections::new();
    for (group, picked) in saved {
        // A scenario's own items chosen (婚育: 结婚 or 离婚): kept while they are still its items.
        if let Some(scenario) = group
            .split_once('/')
            .and_then(|(l, code)| Some((crate::catalog::LifecycleId::parse(l)?, code)))
            .and_then(|(l, code)| engine.catalog.scenario(l, code))
        {
            let kept: BTreeSet<String> = picked
                .iter()
                .filter(|id| scenario.items.iter().any(|i| i.id.as_str() == id.as_str()))
                .cloned()
                .collect();
            out.insert(group.clone(), kept);
            continue;
        }
        let Some(item) = engine.catalog.item(group).filter(|i| i.is_group() && i.id.as_str() == group) else {
            changes.items_gone.extend(picked.iter().cloned());
            continue;
        };
        let (kept, gone): (BTreeSet<String>, BTreeSet<String>) =
            picked.iter().cloned().partition(|id| item.subitems.iter().any(|s| s.id.as_str() == id.as_str()));
        changes.items_gone.extend(gone);
        if !kept.is_empty() {
            out.insert(group.clone(), kept);
        }
    }
    out
}

fn empty_chain(spec: ChainSpec) -> Chain {
    Chain { spec, selections: Selections::new(), leaves: Vec::new(), pending: Vec::new() }
}

/// The fields and groups (with their elements) the chain's forms ask, read from each form directly so that a
/// merge conflict elsewhere cannot lose answers.
fn asked_by_chain(engine: &Engine<'_>, chain: &Chain) -> (BTreeSet<FieldId>, BTreeMap<String, Vec<String>>) {
    let mut fields = BTreeSet::new();
    let mut groups = BTreeMap::new();
    for leaf in &chain.leaves {
        let Some(Ok(spec)) = engine.forms.spec(leaf) else {
            continue;
        };
        fields.extend(spec.fields.iter().map(|f| FieldId::for_item(&f.field, leaf)));
        for g in &spec.groups {
            let elements = engine.dict.groups.get(&g.group).map(|d| d.elements.clone()).unwrap_or_default();
            groups.insert(g.group.clone(), elements);
        }
    }
    (fields, groups)
}

/// Members a draft of an older format holds under a group the chain's forms have since renamed for one item
/// ([`crate::forms::GroupRef::formerly`]: E045-1's employees under `gjjjczg`, now `gjjkhzg`) are copied to the
/// new group — the elements both lists ask, and 同一人 (both are about the same role) — when it has no member
/// yet: a list already answered under the new group is the citizen's and stays as it is, so moving twice
/// changes nothing. The old group keeps its members where another item of the chain still asks it (E045-2's
/// 补缴 list); where none does, they were this item's alone and go with the move, unreported: nothing was lost.
fn move_renamed_groups(engine: &Engine<'_>, chain: &Chain, format: u32, answers: &mut Answers) {
    let specs: Vec<FormSpec> =
        chain.leaves.iter().filter_map(|leaf| engine.forms.spec(leaf).and_then(Result::ok)).collect();
    let answered =
        |answers: &Answers, key: &str| answers.groups.get(key).is_some_and(|m| m.iter().any(|m| !member_is_blank(m)));
    let mut moved = BTreeSet::new();
    for group in specs.iter().flat_map(|s| &s.groups) {
        let Some(former) = group.formerly.as_ref().filter(|f| format < f.until_draft_format) else {
            continue;
        };
        if answered(answers, &group.group) {
            continue;
        }
        let (Some(new), Some(old), Some(stored)) = (
            engine.dict.groups.get(&group.group),
            engine.dict.groups.get(&former.group),
            answers.groups.get(&former.group),
        ) else {
            continue;
        };
        let carried = |element: &String| {
            element == SAME_PERSON_ELEMENT || (new.elements.contains(element) && old.elements.contains(element))
        };
        let members: Vec<Member> = stored
            .iter()
            .map(|m| m.iter().filter(|(element, _)| carried(element)).map(|(e, v)| (e.clone(), v.clone())).collect())
            .filter(|m| !member_is_blank(m))
            .collect();
        if members.is_empty() {
            continue;
        }
        answers.groups.insert(group.group.clone(), members);
        moved.insert(former.group.clone());
    }
    for former in moved {
        if !specs.iter().flat_map(|s| &s.groups).any(|g| g.group == former) {
            answers.groups.remove(&former);
        }
    }
}

fn keep_existing(engine: &Engine<'_>, chain: &Chain, answers: Answers, changes: &mut DraftChanges) -> Answers {
    let (fields, groups) = asked_by_chain(engine, chain);
    let mut out = Answers::default();
    // A 同一人 answer is asked by the merge, not a form: it stays while its role is asked; a 同地址 answer stays
    // while its address is asked.
    let same_person_kept = |id: &FieldId| {
        id.key.element == SAME_PERSON_ELEMENT && fields.iter().any(|f| f.item.is_none() && f.key.role == id.key.role)
    };
    let same_address_kept = |id: &FieldId| {
        same_address_of(&id.key.element).is_some_and(|address| {
            let key = FieldKey { element: address.to_owned(), role: id.key.role.clone() };
            fields.contains(&FieldId { key, item: id.item.clone() })
        })
    };
    for (id, value) in answers.fields {
        if fields.contains(&id) || same_person_kept(&id) || same_address_kept(&id) {
            out.fields.insert(id, value);
        } else {
            changes.fields_gone.push(id.to_string());
        }
    }
    for (key, members) in answers.groups {
        let Some(elements) = groups.get(&key) else {
            changes.groups_gone.push(key);
            continue;
        };
        let kept = members
            .into_iter()
            .enumerate()
            .map(|(i, member)| {
                member
                    .into_iter()
                    .filter(|(element, _)| {
                        let known = elements.contains(element) || element.as_str() == SAME_PERSON_ELEMENT;
                        if !known {
                            changes.fields_gone.push(format!("{key}[{i}].{element}"));
                        }
                        known
                    })
                    .collect()
            })
            .collect();
        out.groups.insert(key, kept);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Profile (一人一档 / 一企一档)
// ---------------------------------------------------------------------------------------------

/// Answers kept for later forms, by (element, role), each with the time it was kept: entries expire one by one
/// ([`Profile::expire`]), so a value kept long ago goes even if another was kept yesterday. An item's own
/// questions (role `item`) are never kept: they belong to one application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub v: u32,
    #[serde(default)]
    pub values: BTreeMap<FieldKey, KeptValue>,
    /// Last change, milliseconds since the Unix epoch.
    #[serde(default)]
    pub updated: u64,
}

/// One kept answer and when the user kept it (milliseconds since the Unix epoch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeptValue {
    pub value: String,
    pub kept: u64,
}

/// Format 1: one time for all values. Read only, to migrate.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileV1 {
    #[allow(dead_code)] // Read to accept the field; always 1 here.
    v: u32,
    #[serde(default)]
    values: BTreeMap<FieldKey, String>,
    #[serde(default)]
    updated: u64,
}

/// What the start-up sweep does with a stored profile document ([`Profile::sweep_stored`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredProfile {
    /// Readable, and nothing to change.
    Keep,
    /// Readable; this document replaces it (entries expired or restamped, or an older format migrated).
    Rewrite(String),
    /// Unreadable, or nothing left in it: delete it.
    Remove,
}

impl Default for Profile {
    fn default() -> Self {
        Profile { v: PROFILE_FORMAT, values: BTreeMap::new(), updated: 0 }
    }
}

impl Profile {
    /// Keeps the answers of the chosen fields (shared, answered ones), each stamped `now` (keeping a value again
    /// restarts its period: the user chose it again); returns the keys kept.
    pub fn keep(&mut self, answers: &Answers, chosen: &[FieldKey], now: u64) -> Vec<FieldKey> {
        let mut kept = Vec::new();
        for key in chosen.iter().filter(|k| k.role != ITEM_ROLE) {
            if let Some(value) = answers.get(&FieldId::shared(key.clone())) {
                self.values.insert(key.clone(), KeptValue { value: value.to_owned(), kept: now });
                kept.push(key.clone());
            }
        }
        if !kept.is_empty() {
            self.updated = now;
        }
        kept
    }

    pub fn forget(&mut self, key: &FieldKey, now: u64) {
        if self.values.remove(key).is_some() {
            self.updated = now;
        }
    }

    /// Removes the entries kept more than `days` days before `now` ([`retention::expired`]); returns how many.
    /// An entry stamped after `now` (the clock was wrong when it was kept, or is now) is restamped `now`, so that
    /// no clock change can keep a value longer than one period from today.
    pub fn expire(&mut self, now: u64, days: u32) -> usize {
        let before = self.values.len();
        self.values.retain(|_, kept| !retention::expired(kept.kept, now, days));
        for kept in self.values.values_mut() {
            kept.kept = kept.kept.min(now);
        }
        let removed = before - self.values.len();
        if removed > 0 {
            self.updated = now;
        }
        removed
    }

    /// Fills the form's unanswered fields whose (element, role) the profile holds with an entry not expired at
    /// `now` under a period of `days`; returns the fields filled, in form order. Answers already given are never
    /// overwritten. The clock is passed in rather than relying on an earlier [`Profile::expire`]: a page left open
    /// past an entry's last day must not prefill it.
    pub fn prefill(&self, form: &MergedForm, answers: &mut Answers, now: u64, days: u32) -> Vec<FieldId> {
        let mut filled = Vec::new();
        // Only fields the dictionary lets 我的档案 keep: an entry kept before an element was marked `not_kept`
        // is not offered again.
        for field in form.fields().filter(|f| f.kept_in_profile) {
            let Some(kept) = self.values.get(&field.id.key).filter(|k| !retention::expired(k.kept, now, days)) else {
                continue;
            };
            if answers.get(&field.id).is_none() {
                answers.set(field.id.clone(), kept.value.clone());
                filled.push(field.id.clone());
            }
        }
        filled
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The start-up sweep of a stored profile document: in effect [`Profile::decode`], [`Profile::expire`] and
    /// [`Profile::encode`] (`core/tests/draft.rs` checks that they agree), but read as plain JSON rather than
    /// through the typed codec. The lean build sweeps at every start yet never shows or uses the profile, and the
    /// typed codec's generic code (maps of `FieldKey`, removal, sorting) added about 9 KB brotli to it (measured
    /// 2026-12-05); this reuses what the lean build already has for JSON.
    pub fn sweep_stored(json: &str, now: u64, days: u32) -> StoredProfile {
        let Some(Swept { entries, changed, updated }) = swept_entries(json, now, days) else {
            return StoredProfile::Remove;
        };
        if entries.is_empty() {
            return StoredProfile::Remove;
        }
        if !changed {
            return StoredProfile::Keep;
        }
        // The document `encode` writes, up to the order of the entries (a JSON object's order carries nothing).
        let text = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let mut out = format!("{{\"v\":{PROFILE_FORMAT},\"values\":{{");
        for (i, (key, value, kept)) in entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&format!("{}:{{\"value\":{},\"kept\":{kept}}}", text(key), text(value)));
        }
        out.push_str(&format!("}},\"updated\":{updated}}}"));
        StoredProfile::Rewrite(out)
    }

    /// Reads a stored profile. A format-1 profile is migrated: its one `updated` time becomes every entry's kept
    /// time. It is the only time format 1 recorded (the last change), so an entry kept earlier counts from then:
    /// never from before the user kept it.
    pub fn decode(json: &str) -> Result<Profile, DraftError> {
        match read_versioned(json)? {
            (found, value) if found == u64::from(PROFILE_FORMAT) => shaped(value),
            (1, value) => {
                let old: ProfileV1 = shaped(value)?;
                let values =
                    old.values.into_iter().map(|(k, value)| (k, KeptValue { value, kept: old.updated })).collect();
                Ok(Profile { v: PROFILE_FORMAT, values, updated: old.updated })
            }
            (found, _) => Err(DraftError::UnsupportedFormat { found }),
        }
    }
}

/// What remains of a stored profile after expiry ([`swept_entries`]).
struct Swept {
    /// (key, value, kept time), in the document's order.
    entries: Vec<(String, String, u64)>,
    changed: bool,
    updated: u64,
}

/// What remains of a stored profile after expiry, read as plain JSON under the rules [`Profile::decode`] applies;
/// `None` when the document would not decode.
fn swept_entries(json: &str, now: u64, days: u32) -> Option<Swept> {
    let (format, doc) = read_versioned(json).ok()?;
    let doc = doc.as_object()?;
    if doc.keys().any(|k| !matches!(k.as_str(), "v" | "values" | "updated")) {
        return None;
    }
    let old = match format {
        1 => true,
        f if f == u64::from(PROFILE_FORMAT) => false,
        _ => return None,
    };
    let updated = match doc.get("updated") {
        Some(u) => u.as_u64()?,
        None => 0,
    };
    let empty = serde_json::Map::new();
    let values = match doc.get("values") {
        Some(v) => v.as_object()?,
        None => &empty,
    };
    let (mut entries, mut changed, mut removed) = (Vec::new(), old, false);
    for (key, entry) in values {
        FieldKey::parse(key)?;
        let (value, kept) = if old {
            (entry.as_str()?, updated)
        } else {
            let entry = entry.as_object()?;
            // Exactly `value` and `kept`, as `KeptValue` reads it.
            if entry.len() != 2 {
                return None;
            }
            (entry.get("value")?.as_str()?, entry.get("kept")?.as_u64()?)
        };
        if retention::expired(kept, now, days) {
            removed = true;
            continue;
        }
        changed |= kept > now;
        entries.push((key.clone(), value.to_owned(), kept.min(now)));
    }
    Some(Swept { entries, changed: changed || removed, updated: if removed { now } else { updated } })
}
