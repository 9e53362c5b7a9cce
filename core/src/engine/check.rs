//! Validation of a whole answer set against a merged form.
//!
//! 1. Every answer is checked by its kind ([`crate::validate`]) and normalised; a 证件号码 by its sibling
//!    证件类型 (same role and scope).
//! 2. Derivation: a valid ID number fills 出生日期 and 性别 of the same role; those fields are read-only and the ID
//!    number wins over an earlier answer (性别 chosen before the ID was typed), so they never contradict it.
//! 3. Shown fields only: a hidden field is neither required nor checked (its answer is kept, for when it shows
//!    again). A shown field is required when a requiring item's condition holds.
//! 4. Cross-field rules: a date is not before the date its element names in `not_before` (same role: 火化日期
//!    not before 死亡日期); a newborn (or child) is born after its parents. Which side of today a date lies on is
//!    the element's own rule (`dates` in the dictionary), checked with the value.
//! 5. Repeatable groups: member counts within the strictest bounds of the items asking, each member's
//!    required elements, each value by its kind.
//!
//! The rules name dictionary elements and roles (`gmsfhm`, `csrq`, `newborn`…), never items.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    group_visible, member_is_blank, visible_fields, Answers, Asker, FieldId, Member, MergedField, MergedForm,
    MergedGroup,
};
use crate::dictionary::{same_address_of, FieldKey, OptionItem, SAME_PERSON_ELEMENT};
use crate::validate::{check, is_choice, resident_id, Context, Date, Problem, ResidentId};

/// 公民身份号码: the source of derived birth date and sex.
pub const ID_ELEMENT: &str = "gmsfhm";
/// 出生日期, derived from the ID number.
pub const BIRTH_DATE_ELEMENT: &str = "csrq";
/// 性别, derived from the ID number.
pub const SEX_ELEMENT: &str = "xb";
/// 证件类型: decides how a sibling 证件号码 is checked.
pub const DOC_TYPE_ELEMENT: &str = "zjlx";
/// 证件号码.
pub const DOC_NUMBER_ELEMENT: &str = "zjhm";
/// The `id_doc_type` code of the 居民身份证.
pub const RESIDENT_ID_DOC: &str = "resident_id";
/// (younger role, parent role): the first is born after the second.
pub const BIRTH_ORDER: &[(&str, &str)] =
    &[("newborn", "mother"), ("newborn", "father"), ("child", "mother"), ("child", "father")];

/// What an error is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Field(FieldId),
    /// A repeatable group as a whole (member count).
    Group(String),
    /// One element of one member (0-based index).
    Member {
        group: String,
        index: usize,
        element: String,
    },
}

impl Target {
    /// The key errors are listed under: `gmsfhm@mother`, `shareholders`, `shareholders[0].zjhm`.
    pub fn key(&self) -> String {
        match self {
            Target::Field(id) => id.to_string(),
            Target::Group(key) => key.clone(),
            Target::Member { group, index, element } => format!("{group}[{index}].{element}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    Value(Problem),
    /// A date before the date it must follow (`earlier` names that field: 死亡日期（逝者）).
    BeforeDate {
        earlier: String,
    },
    /// A birth date not after the parent's (`parent` is the parent's role label).
    BornBeforeParent {
        parent: String,
    },
    TooFewMembers {
        min: u32,
    },
    TooManyMembers {
        max: u32,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub target: Target,
    pub kind: ErrorKind,
    /// The Chinese message, naming the field with its role.
    pub message: String,
    /// The same in English (the field keeps its Chinese name, as the form shows it).
    pub message_en: String,
}

/// The outcome of [`validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    /// The answers normalised, derived fields filled, blank answers and blank group members dropped. Answers
    /// that failed keep what was typed.
    pub answers: Answers,
    /// At most one error per field or member, in form order.
    pub errors: Vec<FieldError>,
    /// Fields filled (or to be filled) from an ID number: these are read-only in the UI.
    pub derived: BTreeMap<FieldId, String>,
    pub visible: BTreeSet<FieldId>,
    pub visible_groups: BTreeSet<String>,
    /// Fields answered by a 同一人 choice (联系人's 姓名 → the 法定代表人's): field → the field it copies. The
    /// form does not ask them; their answers are filled in here, so every item's application carries them.
    pub linked: BTreeMap<FieldId, FieldId>,
}

impl Validation {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The error listed under a key (see [`Target::key`]).
    pub fn error(&self, key: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.target.key() == key)
    }

    pub fn errors_by_key(&self) -> BTreeMap<String, &FieldError> {
        self.errors.iter().map(|e| (e.target.key(), e)).collect()
    }

    /// The choices to show for a field: for a 同地址 question only the earlier addresses shown now (the
    /// father's 户籍地址 is not offered when only the mother's was asked), else all of its options.
    pub fn offered<'f>(&self, field: &'f MergedField) -> Vec<&'f OptionItem> {
        let is_address_question = same_address_of(&field.id.key.element).is_some();
        field
            .constraints
            .options
            .iter()
            .filter(|o| !is_address_question || FieldId::parse(&o.code).is_some_and(|id| self.visible.contains(&id)))
            .collect()
    }
}

/// Validates `answers` against `form`; `today` bounds birth dates.
pub fn validate(form: &MergedForm, answers: &Answers, today: Date) -> Validation {
    let mut run = Run {
        form,
        today,
        out: Answers { fields: answers.fields.clone(), groups: BTreeMap::new() },
        problems: BTreeMap::new(),
        derived: BTreeMap::new(),
    };
    let shown_before_links = visible_fields(form, &run.out, None);
    let mut links = shown_same_person_links(form, &run.out);
    let not_asked = same_address_links(form, &run.out, &shown_before_links, &mut links);
    copy_links(form, &mut run.out, &mut links);
    run.normalise_fields();
    let before_derivation = visible_fields(form, &run.out, None);
    run.derive(&before_derivation);
    let mut visible = visible_fields(form, &run.out, None);
    visible.retain(|id| !not_asked.contains(id));
    run.require(&visible);
    run.date_order(&visible);
    run.birth_order(&visible);
    let mut errors = Vec::new();
    let mut visible_groups = BTreeSet::new();
    for section in &form.sections {
        for field in &section.fields {
            // A copied answer's problem is its source's, reported there.
            let own = visible.contains(&field.id) && !links.iter().any(|(copy, _)| copy == &field.id);
            if let Some(kind) = run.problems.remove(&field.id).filter(|_| own) {
                errors.push(field_error(field, kind));
            }
        }
        for group in &section.groups {
            let members = answers.groups.get(&group.key).map(Vec::as_slice).unwrap_or(&[]);
            if group_visible(group, &run.out, &visible, None) {
                visible_groups.insert(group.key.clone());
                let linked: Vec<Member> =
                    members.iter().map(|m| with_member_links(form, group, m, &run.out, &visible)).collect();
                let checked = check_group(group, &linked, &run.out, &visible, today, &mut errors);
                // A copied answer's problem is reported at the field it copies, as for linked fields.
                let copied: Vec<Vec<String>> = linked
                    .iter()
                    .filter(|m| !member_is_blank(m))
                    .map(|m| {
                        super::member_links(form, group, m, &visible).into_iter().map(|(element, _)| element).collect()
                    })
                    .collect();
                errors.retain(|e| match &e.target {
                    Target::Member { group: key, index, element } if key == &group.key => {
                        !copied.get(*index).is_some_and(|c| c.contains(element))
                    }
                    _ => true,
                });
                run.out.groups.insert(group.key.clone(), checked);
            } else if !members.is_empty() {
                run.out.groups.insert(group.key.clone(), members.to_vec());
            }
        }
    }
    for (key, members) in &answers.groups {
        if form.group(key).is_none() {
            run.out.groups.insert(key.clone(), members.clone());
        }
    }
    let linked = links.into_iter().collect();
    Validation { answers: run.out, errors, derived: run.derived, visible, visible_groups, linked }
}

/// A member with the answers its 同一人 choice copies (normalised, from the chosen role's fields shown).
fn with_member_links(
    form: &MergedForm,
    group: &MergedGroup,
    member: &Member,
    answers: &Answers,
    visible: &BTreeSet<FieldId>,
) -> Member {
    let mut out = member.clone();
    for (element, source) in super::member_links(form, group, member, visible) {
        match answers.get(&source) {
            Some(value) => out.insert(element, value.to_owned()),
            None => out.remove(&element),
        };
    }
    out
}

/// Copies each link's source answer to its copy (a blank source blanks the copy), in form order: a source always
/// comes earlier than its copy, so it holds its final answer. Sorts `links` into that order.
fn copy_links(form: &MergedForm, answers: &mut Answers, links: &mut [(FieldId, FieldId)]) {
    let position: BTreeMap<&FieldId, usize> = form.fields().enumerate().map(|(i, f)| (&f.id, i)).collect();
    links.sort_by_key(|(copy, _)| position.get(copy).copied().unwrap_or(usize::MAX));
    for (copy, source) in links.iter() {
        match answers.get(source).map(str::to_owned) {
            Some(value) => answers.set(copy.clone(), value),
            None => {
                answers.fields.remove(copy);
            }
        }
    }
}

/// The 同一人 links whose source the citizen sees once the links are copied. A copied field is not asked, so a
/// source the form hides (asked only under a condition that no longer holds — a draft from an older form, a
/// situation answer changed afterwards) would send the department an empty or stale answer nobody saw: such a
/// link is refused and its field asked instead. Refusing one link can hide another's source (a condition read a
/// copied answer), so this repeats until every remaining source is shown; links only go, so it ends.
fn shown_same_person_links(form: &MergedForm, answers: &Answers) -> Vec<(FieldId, FieldId)> {
    let mut links = same_person_links(form, answers);
    while !links.is_empty() {
        let mut copied = answers.clone();
        copy_links(form, &mut copied, &mut links);
        let shown = visible_fields(form, &copied, None);
        let before = links.len();
        links.retain(|(_, source)| shown.contains(source));
        if links.len() == before {
            break;
        }
    }
    links
}

/// The fields a 同一人 answer fills, in form order (so that a role linked to a linked role copies the final
/// answers): each shared field of the role whose element the chosen role is also asked, with its source.
fn same_person_links(form: &MergedForm, answers: &Answers) -> Vec<(FieldId, FieldId)> {
    let mut links = Vec::new();
    for choice in form.fields().filter(|f| f.id.key.element == SAME_PERSON_ELEMENT && f.id.item.is_none()) {
        let Some(chosen) = answers.get(&choice.id).filter(|c| choice.constraints.options.iter().any(|o| o.code == *c))
        else {
            continue;
        };
        let role = &choice.id.key.role;
        for field in form.fields().filter(|f| f.id.item.is_none() && &f.id.key.role == role && f.id != choice.id) {
            let source = sibling_of_role(&field.id.key.element, chosen);
            if form.field(&source).is_some() {
                links.push((field.id.clone(), source));
            }
        }
    }
    links
}

/// Adds the addresses a 同地址 answer fills to `links`, in form order (an address linked to a linked address
/// copies the final answer), each with the earlier address it copies. A choice links only an address shown
/// (`shown`): an address the form no longer asks (the mother's 户籍地址 after 随父落户) fills nothing, and the
/// address is asked in full. Returns the 同地址 questions not to ask: those with no earlier address shown, and
/// those of an address a 同一人 answer already fills (the guardian who is the mother has her address).
fn same_address_links(
    form: &MergedForm,
    answers: &Answers,
    shown: &BTreeSet<FieldId>,
    links: &mut Vec<(FieldId, FieldId)>,
) -> BTreeSet<FieldId> {
    let mut not_asked = BTreeSet::new();
    for question in form.fields() {
        let Some(address) = same_address_of(&question.id.key.element) else {
            continue;
        };
        let field = FieldId {
            key: FieldKey { element: address.to_owned(), role: question.id.key.role.clone() },
            item: question.id.item.clone(),
        };
        let offered: Vec<FieldId> = question
            .constraints
            .options
            .iter()
            .filter_map(|o| FieldId::parse(&o.code))
            .filter(|source| shown.contains(source) && form.field(source).is_some())
            .collect();
        if offered.is_empty() || links.iter().any(|(copy, _)| copy == &field) {
            not_asked.insert(question.id.clone());
            continue;
        }
        let chosen = answers.get(&question.id).and_then(FieldId::parse);
        if let Some(source) = chosen.filter(|c| offered.contains(c)) {
            links.push((field, source));
        }
    }
    not_asked
}

/// The state of one validation.
struct Run<'f> {
    form: &'f MergedForm,
    today: Date,
    out: Answers,
    problems: BTreeMap<FieldId, ErrorKind>,
    derived: BTreeMap<FieldId, String>,
}

impl Run<'_> {
    fn problem(&mut self, id: &FieldId, kind: ErrorKind) {
        self.problems.entry(id.clone()).or_insert(kind);
    }

    /// Checks every answered field; 证件号码 last, as they read the normalised 证件类型.
    fn normalise_fields(&mut self) {
        let (documents, others): (Vec<&MergedField>, Vec<&MergedField>) =
            self.form.fields().partition(|f| f.id.key.element == DOC_NUMBER_ELEMENT);
        for field in others.into_iter().chain(documents) {
            let doc_type_id = sibling(&field.id, DOC_TYPE_ELEMENT);
            let doc_type = self.out.get(&doc_type_id).map(str::to_owned);
            let Some(raw) = self.out.fields.get(&field.id).cloned() else {
                continue;
            };
            let ctx = Context { today: self.today, doc_type: doc_type.as_deref() };
            match check(&field.constraints, &raw, ctx) {
                Ok(v) if v.is_empty() => {
                    self.out.fields.remove(&field.id);
                }
                Ok(v) => self.out.set(field.id.clone(), v),
                Err(p) => self.problem(&field.id, ErrorKind::Value(p)),
            }
        }
    }

    /// A valid resident ID number of a shown field of `role`: 公民身份号码, or 证件号码 when its 证件类型 is the
    /// 居民身份证.
    fn id_of_role(&self, role: &str, visible: &BTreeSet<FieldId>) -> Option<(FieldId, ResidentId)> {
        let key = |element: &str| FieldId::shared(FieldKey { element: element.to_owned(), role: role.to_owned() });
        let usable = |id: &FieldId| visible.contains(id) && !self.problems.contains_key(id);
        let id_field = key(ID_ELEMENT);
        let doc_field = key(DOC_NUMBER_ELEMENT);
        let doc_is_id = self.out.get(&key(DOC_TYPE_ELEMENT)) == Some(RESIDENT_ID_DOC);
        [(id_field, true), (doc_field, doc_is_id)].into_iter().filter(|(f, applies)| *applies && usable(f)).find_map(
            |(f, _)| {
                let id = resident_id(self.out.get(&f)?, self.today).ok()?;
                Some((f, id))
            },
        )
    }

    /// Fills 出生日期 and 性别 from a valid ID number of the same role. The ID number is what the department
    /// checks, so its value replaces whatever was answered before (and any problem that answer had): a field
    /// derived from it can never disagree with it or lock the citizen out.
    fn derive(&mut self, visible: &BTreeSet<FieldId>) {
        let form = self.form;
        for field in form.fields().filter(|f| f.derivable) {
            let Some((_, id)) = self.id_of_role(&field.id.key.role, visible) else {
                continue;
            };
            let expected = if field.id.key.element == BIRTH_DATE_ELEMENT {
                id.birth.to_string()
            } else {
                id.sex.code().to_owned()
            };
            self.derived.insert(field.id.clone(), expected.clone());
            self.problems.remove(&field.id);
            self.out.set(field.id.clone(), expected);
        }
    }

    fn require(&mut self, visible: &BTreeSet<FieldId>) {
        let form = self.form;
        for field in form.fields().filter(|f| visible.contains(&f.id)) {
            let required = field.askers.iter().any(|a| a.required && holds(a, &self.out, visible));
            if required && self.out.get(&field.id).is_none() {
                let choice = is_choice(field.constraints.kind);
                self.problem(&field.id, ErrorKind::Value(Problem::Required { choice }));
            }
        }
    }

    fn valid_date(&self, id: &FieldId, visible: &BTreeSet<FieldId>) -> Option<Date> {
        if !visible.contains(id) || self.problems.contains_key(id) {
            return None;
        }
        self.out.get(id).and_then(Date::parse_iso)
    }

    /// A date is not before the date its element must follow (dictionary `not_before`, same role): the one of
    /// the same item's scope if asked so, else the shared one.
    fn date_order(&mut self, visible: &BTreeSet<FieldId>) {
        let form = self.form;
        for field in form.fields() {
            let Some(earlier_element) = &field.constraints.not_before else {
                continue;
            };
            let Some(date) = self.valid_date(&field.id, visible) else {
                continue;
            };
            let scoped = sibling(&field.id, earlier_element);
            let shared = sibling_of_role(earlier_element, &field.id.key.role);
            let earlier = [scoped, shared].into_iter().find_map(|id| Some((self.valid_date(&id, visible)?, id)));
            if let Some((earlier_date, earlier_id)) = earlier {
                if date < earlier_date {
                    let earlier = form.field(&earlier_id).map_or_else(|| earlier_element.clone(), |f| f.name.clone());
                    self.problem(&field.id, ErrorKind::BeforeDate { earlier });
                }
            }
        }
    }

    /// A role's birth date: its 出生日期 answer, or what its ID number says.
    fn birth_of(&self, role: &str, visible: &BTreeSet<FieldId>) -> Option<Date> {
        let field = FieldId::shared(FieldKey { element: BIRTH_DATE_ELEMENT.to_owned(), role: role.to_owned() });
        self.valid_date(&field, visible).or_else(|| self.id_of_role(role, visible).map(|(_, id)| id.birth))
    }

    fn birth_order(&mut self, visible: &BTreeSet<FieldId>) {
        for (younger, parent) in BIRTH_ORDER {
            let (Some(born), Some(parent_born)) = (self.birth_of(younger, visible), self.birth_of(parent, visible))
            else {
                continue;
            };
            if born > parent_born {
                continue;
            }
            let target = [BIRTH_DATE_ELEMENT, ID_ELEMENT]
                .iter()
                .map(|element| sibling_of_role(element, younger))
                .find(|id| visible.contains(id));
            if let Some(target) = target {
                let parent = role_title(self.form, parent);
                self.problem(&target, ErrorKind::BornBeforeParent { parent });
            }
        }
    }
}

fn holds(asker: &Asker, answers: &Answers, visible: &BTreeSet<FieldId>) -> bool {
    super::asker_holds(asker.when.as_ref(), &asker.item, answers, visible)
}

/// The field of `element` next to `id` (same role and scope).
fn sibling(id: &FieldId, element: &str) -> FieldId {
    FieldId { key: FieldKey { element: element.to_owned(), role: id.key.role.clone() }, item: id.item.clone() }
}

fn sibling_of_role(element: &str, role: &str) -> FieldId {
    FieldId::shared(FieldKey { element: element.to_owned(), role: role.to_owned() })
}

/// A role's label as its section shows it, without explanatory brackets.
fn role_title(form: &MergedForm, role: &str) -> String {
    form.sections
        .iter()
        .find(|s| s.role == role && s.item.is_none())
        .map(|s| s.title.split(['（', '(']).next().unwrap_or(&s.title).to_owned())
        .unwrap_or_else(|| role.to_owned())
}

fn field_error(field: &MergedField, kind: ErrorKind) -> FieldError {
    let name = &field.name;
    let message_en = match &kind {
        ErrorKind::Value(p) => p.message_en(name),
        ErrorKind::BeforeDate { earlier } => format!("{name} cannot be earlier than {earlier}."),
        ErrorKind::BornBeforeParent { parent } => format!("{name} must be after {parent}'s date of birth."),
        ErrorKind::TooFewMembers { min } => format!("{name}: at least {min} entries."),
        ErrorKind::TooManyMembers { max } => format!("{name}: at most {max} entries."),
    };
    let message = match &kind {
        ErrorKind::Value(p) => p.message_zh(name),
        ErrorKind::BeforeDate { earlier } => format!("{name}不能早于{earlier}"),
        ErrorKind::BornBeforeParent { parent } => format!("{name}应晚于{parent}的出生日期"),
        ErrorKind::TooFewMembers { min } => format!("{name}至少应填写{min}项"),
        ErrorKind::TooManyMembers { max } => format!("{name}最多只能填写{max}项"),
    };
    FieldError { target: Target::Field(field.id.clone()), kind, message, message_en }
}

/// Checks a shown group's members; returns them normalised (blank members dropped).
fn check_group(
    group: &MergedGroup,
    members: &[Member],
    answers: &Answers,
    visible: &BTreeSet<FieldId>,
    today: Date,
    errors: &mut Vec<FieldError>,
) -> Vec<Member> {
    let active: Vec<_> =
        group.askers.iter().filter(|a| super::asker_holds(a.when.as_ref(), &a.item, answers, visible)).collect();
    let min = active.iter().map(|a| a.min).max().unwrap_or(0);
    let max = active.iter().map(|a| a.max).min().unwrap_or(group.max);
    let members: Vec<&Member> = members.iter().filter(|m| !member_is_blank(m)).collect();
    let count = members.len();
    let count_problem = if count < min as usize {
        Some((
            ErrorKind::TooFewMembers { min },
            format!("{}至少应填写{min}项", group.label),
            format!("{}: at least {min} entries.", group.label),
        ))
    } else if count > max as usize {
        Some((
            ErrorKind::TooManyMembers { max },
            format!("{}最多只能填写{max}项", group.label),
            format!("{}: at most {max} entries.", group.label),
        ))
    } else {
        None
    };
    if let Some((kind, message, message_en)) = count_problem {
        errors.push(FieldError { target: Target::Group(group.key.clone()), kind, message, message_en });
    }
    members.into_iter().enumerate().map(|(index, member)| check_member(group, index, member, today, errors)).collect()
}

fn check_member(
    group: &MergedGroup,
    index: usize,
    member: &Member,
    today: Date,
    errors: &mut Vec<FieldError>,
) -> Member {
    let mut out = member.clone();
    // The member's 证件类型, normalised (a label typed for a code), decides how its 证件号码 is checked.
    let doc_type = group
        .members
        .iter()
        .find(|spec| spec.element == DOC_TYPE_ELEMENT)
        .zip(member.get(DOC_TYPE_ELEMENT))
        .and_then(|(spec, raw)| {
            let ctx = Context { today, doc_type: None };
            check(&spec.constraints, raw, ctx).ok()
        })
        .filter(|v| !v.is_empty());
    for spec in &group.members {
        let name = format!("{}第{}项的{}", group.label, index + 1, spec.label);
        let raw = member.get(&spec.element).map(String::as_str).unwrap_or("");
        let ctx = Context { today, doc_type: doc_type.as_deref() };
        let problem = match check(&spec.constraints, raw, ctx) {
            Ok(v) if v.is_empty() => {
                out.remove(&spec.element);
                spec.required.then_some(Problem::Required { choice: is_choice(spec.constraints.kind) })
            }
            Ok(v) => {
                out.insert(spec.element.clone(), v);
                None
            }
            Err(p) => Some(p),
        };
        if let Some(p) = problem {
            errors.push(FieldError {
                target: Target::Member { group: group.key.clone(), index, element: spec.element.clone() },
                message: p.message_zh(&name),
                message_en: p.message_en(&format!("{} {}, {}", group.label, index + 1, spec.label)),
                kind: ErrorKind::Value(p),
            });
        }
    }
    out
}
