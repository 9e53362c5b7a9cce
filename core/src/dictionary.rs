//! The field dictionary: data elements, roles, option lists and repeatable groups (data/dictionary/*.json).
//!
//! A form field is a [`FieldKey`]: a data element asked about a role (`gmsfhm@mother` — the mother's 公民身份号码).
//! The same element for two roles is two fields, never merged; the same (element, role) in two items of a chain is
//! one field, asked once. Elements follow the national data element standards where one exists (GB/T 39046,
//! GB/T 19488.2, GA/T 543.1 …), recorded per element in `standard`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::data::{parse_bundle, DataError};

/// The dictionary files bundled with the app (built by build.rs from data/dictionary/).
pub const BUNDLED_DICTIONARY: &str = include_str!(concat!(env!("OUT_DIR"), "/dictionary.bundle.json"));

/// What kind of value an element holds; decides the input and the validator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One line of text.
    Text,
    /// Several lines (经营范围, 申请事由).
    LongText,
    /// One choice from an option list.
    Enum,
    /// Several choices from an option list.
    MultiEnum,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A number, with optional `min`, `max`, `decimals` and `unit`.
    Number,
    /// An amount of money in 元 with two decimals (万元 where `unit` says so).
    Money,
    /// 公民身份号码, GB 11643.
    ResidentId,
    /// 统一社会信用代码, GB 32100.
    Uscc,
    /// Mainland mobile number.
    Mobile,
    /// Fixed-line number (area code + number).
    Landline,
    /// 邮政编码, six digits.
    PostalCode,
    Email,
    /// A place: district (Weihai's divisions by default) and a detailed address.
    Address,
    /// 普通护照号码.
    Passport,
    /// 往来港澳通行证号码 (mainland residents).
    HkMacauPermit,
    /// 港澳居民来往内地通行证（回乡证）号码.
    HomeReturnPermit,
    /// 台湾居民来往大陆通行证（台胞证）号码.
    TaiwanPermit,
    /// 是 / 否.
    YesNo,
    /// A document number whose format depends on a sibling 证件类型 answer.
    DocumentNumber,
}

/// Which side of today a date answer must lie on, as a clerk would refuse it (a death cannot be in the future, an
/// appointment cannot be in the past). Today itself is always accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateRange {
    /// Today or earlier: births, deaths, events that have happened.
    NotFuture,
    /// Today or later: appointments, wished-for dates, validity ends.
    NotPast,
}

/// PIPL sensitivity of an element's values, so the UI and drafts can treat them accordingly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// Not personal information (an enterprise's registered name, a project's address).
    Public,
    /// Personal information (PIPL Art. 4).
    Personal,
    /// Sensitive personal information (PIPL Art. 28: identity numbers, health, finance, minors' data…).
    Sensitive,
}

/// What a role stands for; decides the section a field lands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    Person,
    Organisation,
    Thing,
    /// The special role `item`: facts about one item's own application, never shared with another item.
    Item,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub key: String,
    pub label: String,
    pub kind: RoleKind,
    /// Sections are ordered by this number: applicant first, then the business or person concerned, then others.
    pub order: u32,
    /// Whether the people in this role are minors by nature (新生儿, 子女): their data is sensitive (PIPL Art. 28).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub minor: bool,
    /// Roles asked earlier that may be the same person (联系人 may be the 法定代表人): the form then offers
    /// “同法定代表人” instead of asking the person again (see [`SAME_PERSON_ELEMENT`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
    /// A person whose family applies for them (逝者, 新生儿, 未成年子女): the form tells the one filling it in that
    /// they are the applicant, and that 委托代办 means a third person they asked to help.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub family_applies: bool,
    /// Never offered for 我的档案 (逝者): nobody wants a late parent's dates prefilled into their next form.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_kept: bool,
}

/// The field key's element of the “same person as …” answer (同一人 → `tyr@liaison`). It is no data element
/// (the counter code's key table stays as it is, and no payload carries it): its wording is [`SamePerson`].
pub const SAME_PERSON_ELEMENT: &str = "tyr";

/// The field key's element of the “same address as …” answer is this prefix and the address's element
/// (`tdz_yjdz@item#P006`: is this 邮寄地址 the same as one given earlier?). Like [`SAME_PERSON_ELEMENT`] it is
/// no data element: the key table stays as it is and no payload carries it. Its answer is the field id of the
/// earlier address (`jzdz@newborn`).
pub const SAME_ADDRESS_PREFIX: &str = "tdz_";

/// The address element a “same address” question is about (`tdz_yjdz` → `yjdz`).
pub fn same_address_of(element: &str) -> Option<&str> {
    element.strip_prefix(SAME_ADDRESS_PREFIX).filter(|rest| !rest.is_empty())
}

/// Whether an element key is how the citizen answered (同一人, 同地址) rather than what a department asked:
/// never carried in a payload, never kept in 我的档案.
pub fn is_answered_by_link(element: &str) -> bool {
    element == SAME_PERSON_ELEMENT || same_address_of(element).is_some()
}

/// How the form asks whether an address is the same as one given earlier: the question (`{address}` is the
/// address's name), its help, and the option wording (`{whose}`: the role, or `{item}`: the item whose
/// question it was; `{address}`: the earlier address's name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SameAddress {
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub option: String,
    pub option_item: String,
}

impl SameAddress {
    pub fn question(&self, address: &str) -> String {
        self.label.replace("{address}", address)
    }

    pub fn option_label(&self, whose: &str, address: &str) -> String {
        self.option.replace("{whose}", whose).replace("{address}", address)
    }

    pub fn option_item_label(&self, item: &str, address: &str) -> String {
        self.option_item.replace("{item}", item).replace("{address}", address)
    }
}

/// How the form asks whether a role is the same person as an earlier one: the question, its help, and one
/// option per role that others may coincide with (code = role key, label 同法定代表人…).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SamePerson {
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub options: Vec<OptionItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionItem {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionList {
    pub key: String,
    pub label: String,
    /// The standard the codes come from; `None` when the list is ours (codes are then our own keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    pub options: Vec<OptionItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    pub key: String,
    pub label: String,
    /// The standard's identifier (GMSFHM), where the standard gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// The standard the element follows (e.g. `GA/T 543.1 DE00001; GB 11643-1999`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<String>,
    pub kind: Kind,
    pub sensitivity: Sensitivity,
    /// The option list of an enum or multi_enum element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_len: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// A number made of digits only once spaces are removed (银行账号): letters or Chinese are refused, and the
    /// length limits count the digits.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub digits_only: bool,
    /// For a date: whether it may lie in the future or in the past.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<DateRange>,
    /// For a date: the element (same role) it cannot lie before (火化日期 not before 死亡日期).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<String>,
    /// Plain-language help shown under the input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// For an address: the address elements (this one included, for another person or item) it is often the
    /// same as (邮寄地址 → 现居住地址, 户籍地址). Where the form asks one of them earlier, it offers “与…相同”
    /// instead of the address typed again ([`SAME_ADDRESS_PREFIX`], wording [`SameAddress`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
    /// Never offered for 我的档案: the answer says how this one application stands (是否委托他人代办), not who
    /// the citizen or the business is, so it is asked afresh each time ([`Dictionary::kept_in_profile`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_kept: bool,
}

/// What an answer to a field must meet: an element's constraint fields — its kind, its option list resolved to
/// codes and labels, its limits — as the merged form carries them and validation checks them. One place turns an
/// element into constraints ([`Dictionary::constraints`]); the merge only narrows them per asking item
/// (`engine/merge.rs`), and [`crate::validate::check`] reads nothing else, so the two cannot disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Constraints {
    pub kind: Kind,
    /// Allowed options (codes with labels) of a choice field, in list order; empty for other kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<OptionItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_len: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Digits only, spaces removed (see [`Element::digits_only`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub digits_only: bool,
    /// The side of today a date must lie on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<DateRange>,
    /// The element (same role) a date cannot lie before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<String>,
}

impl Constraints {
    /// A kind with no further limits.
    pub fn of_kind(kind: Kind) -> Constraints {
        Constraints {
            kind,
            options: Vec::new(),
            min_len: None,
            max_len: None,
            min: None,
            max: None,
            decimals: None,
            unit: None,
            digits_only: false,
            dates: None,
            not_before: None,
        }
    }

    /// A plain choice among `options` (the 同一人 and 同地址 questions, which are no data elements).
    pub fn choice(options: Vec<OptionItem>) -> Constraints {
        Constraints { options, ..Constraints::of_kind(Kind::Enum) }
    }

    /// An element's own constraints with its option list's `options` (empty for a non-choice element).
    fn of_element(element: &Element, options: Vec<OptionItem>) -> Constraints {
        Constraints {
            kind: element.kind,
            options,
            min_len: element.min_len,
            max_len: element.max_len,
            min: element.min,
            max: element.max,
            decimals: element.decimals,
            unit: element.unit.clone(),
            digits_only: element.digits_only,
            dates: element.dates,
            not_before: element.not_before.clone(),
        }
    }
}

/// A repeatable group of fields about one role (股东, 家庭成员, 随迁人员…). Bounds are set per form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub key: String,
    pub label: String,
    pub role: String,
    /// Element keys asked for each member, in order.
    pub elements: Vec<String>,
    /// Elements of `elements` that each member must answer.
    #[serde(default)]
    pub required: Vec<String>,
    /// For a member who is the same person as a role given earlier (the group's role's `same_as`): the role's
    /// element a member element copies where their keys differ (`ztmc` 主体名称 ← `xm` 姓名).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub same_person_elements: BTreeMap<String, String>,
}

/// One file of data/dictionary/: any of the four lists.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DictionaryFile {
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    roles: Vec<Role>,
    #[serde(default)]
    same_person: Option<SamePerson>,
    #[serde(default)]
    same_address: Option<SameAddress>,
    #[serde(default)]
    option_lists: Vec<OptionList>,
    #[serde(default)]
    elements: Vec<Element>,
    #[serde(default)]
    groups: Vec<Group>,
}

/// A field of a form: a data element about a role, written `element@role`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldKey {
    pub element: String,
    pub role: String,
}

impl FieldKey {
    pub fn parse(s: &str) -> Option<FieldKey> {
        let (element, role) = s.split_once('@')?;
        let ok =
            |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        (ok(element) && ok(role)).then(|| FieldKey { element: element.to_owned(), role: role.to_owned() })
    }
}

impl fmt::Display for FieldKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.element, self.role)
    }
}

impl Serialize for FieldKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FieldKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        FieldKey::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("“{s}”不是“数据元@角色”形式的字段")))
    }
}

/// The merged, checked dictionary.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    pub version: String,
    pub roles: BTreeMap<String, Role>,
    /// The 同一人 question, if any role has `same_as`.
    pub same_person: Option<SamePerson>,
    /// The 同地址 question, if any element has `same_as`.
    pub same_address: Option<SameAddress>,
    pub option_lists: BTreeMap<String, OptionList>,
    pub elements: BTreeMap<String, Element>,
    pub groups: BTreeMap<String, Group>,
}

fn is_key(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn insert_unique<T>(
    map: &mut BTreeMap<String, T>,
    key: &str,
    value: T,
    file: &str,
    path: String,
    what: &str,
) -> Result<(), DataError> {
    if !is_key(key) {
        return Err(DataError::new(file, path, format!("{what}键“{key}”只能由小写字母、数字和下划线组成")));
    }
    if map.insert(key.to_owned(), value).is_some() {
        return Err(DataError::new(file, path, format!("{what}“{key}”重复定义")));
    }
    Ok(())
}

impl Dictionary {
    pub fn bundled() -> Result<Dictionary, DataError> {
        Dictionary::from_bundle(BUNDLED_DICTIONARY)
    }

    pub fn from_bundle(bundle: &str) -> Result<Dictionary, DataError> {
        let files: Vec<(String, DictionaryFile)> = parse_bundle("dictionary", bundle)?;
        let mut d = Dictionary::default();
        for (file, f) in files {
            if let Some(v) = f.version {
                if d.version.is_empty() || v > d.version {
                    d.version = v;
                }
            }
            if let Some(same) = f.same_person {
                if d.same_person.replace(same).is_some() {
                    return Err(DataError::new(&file, "same_person", "“同一人”只能定义一次"));
                }
            }
            if let Some(same) = f.same_address {
                if d.same_address.replace(same).is_some() {
                    return Err(DataError::new(&file, "same_address", "“同地址”只能定义一次"));
                }
            }
            for (i, r) in f.roles.into_iter().enumerate() {
                let key = r.key.clone();
                insert_unique(&mut d.roles, &key, r, &file, format!("roles[{i}]"), "角色")?;
            }
            for (i, o) in f.option_lists.into_iter().enumerate() {
                let key = o.key.clone();
                insert_unique(&mut d.option_lists, &key, o, &file, format!("option_lists[{i}]"), "选项表")?;
            }
            for (i, e) in f.elements.into_iter().enumerate() {
                let key = e.key.clone();
                insert_unique(&mut d.elements, &key, e, &file, format!("elements[{i}]"), "数据元")?;
            }
            for (i, g) in f.groups.into_iter().enumerate() {
                let key = g.key.clone();
                insert_unique(&mut d.groups, &key, g, &file, format!("groups[{i}]"), "重复组")?;
            }
        }
        d.check()?;
        Ok(d)
    }

    /// Cross-references inside the dictionary.
    pub(crate) fn check(&self) -> Result<(), DataError> {
        for (key, list) in &self.option_lists {
            let p = format!("option_lists.{key}");
            if list.options.is_empty() {
                return Err(DataError::new("dictionary", p, "选项表不能为空"));
            }
            let mut codes = BTreeSet::new();
            for o in &list.options {
                if o.code.is_empty() || o.label.trim().is_empty() || !codes.insert(o.code.as_str()) {
                    return Err(DataError::new("dictionary", p, format!("选项“{}”为空或重复", o.code)));
                }
            }
        }
        // One label or synonym names one element: the same thing under two keys would split a field in two.
        let mut names: BTreeMap<String, &str> = BTreeMap::new();
        for (key, e) in &self.elements {
            let p = format!("elements.{key}");
            if e.label.trim().is_empty() {
                return Err(DataError::new("dictionary", p, "数据元名称不能为空"));
            }
            let needs_options = matches!(e.kind, Kind::Enum | Kind::MultiEnum);
            match (&e.options, needs_options) {
                (Some(list), true) if !self.option_lists.contains_key(list) => {
                    return Err(DataError::new("dictionary", p, format!("选项表“{list}”不存在")));
                }
                (None, true) => return Err(DataError::new("dictionary", p, "选择类数据元必须指定选项表")),
                (Some(_), false) => return Err(DataError::new("dictionary", p, "只有选择类数据元可以有选项表")),
                _ => {}
            }
            if let (Some(a), Some(b)) = (e.min_len, e.max_len) {
                if a > b {
                    return Err(DataError::new("dictionary", p, "最小长度大于最大长度"));
                }
            }
            if let (Some(a), Some(b)) = (e.min, e.max) {
                if a > b {
                    return Err(DataError::new("dictionary", p, "最小值大于最大值"));
                }
            }
            if e.digits_only && e.kind != Kind::Text {
                return Err(DataError::new("dictionary", p, "只有文本类数据元可以要求只填数字"));
            }
            if (e.dates.is_some() || e.not_before.is_some()) && e.kind != Kind::Date {
                return Err(DataError::new("dictionary", p, "只有日期类数据元可以限定日期范围或先后"));
            }
            if !e.same_as.is_empty() {
                self.check_same_address(key, e)?;
            }
            if let Some(other) = &e.not_before {
                let is_date = self.elements.get(other).is_some_and(|o| o.kind == Kind::Date);
                if !is_date || other == key {
                    return Err(DataError::new(
                        "dictionary",
                        p,
                        format!("“不早于”所指的“{other}”不是另一个日期数据元"),
                    ));
                }
            }
            for name in std::iter::once(&e.label).chain(&e.synonyms) {
                if let Some(other) = names.insert(name.clone(), key) {
                    if other != key {
                        return Err(DataError::new(
                            "dictionary",
                            p,
                            format!("名称“{name}”同时用于数据元“{other}”和“{key}”：同一数据元不能用两个键定义"),
                        ));
                    }
                }
            }
        }
        for (key, role) in &self.roles {
            self.check_same_as(key, role)?;
        }
        for (key, g) in &self.groups {
            let p = format!("groups.{key}");
            if !self.roles.contains_key(&g.role) {
                return Err(DataError::new("dictionary", p, format!("角色“{}”不存在", g.role)));
            }
            if g.elements.is_empty() {
                return Err(DataError::new("dictionary", p, "重复组没有字段"));
            }
            for el in g.elements.iter().chain(&g.required) {
                if !self.elements.contains_key(el) {
                    return Err(DataError::new("dictionary", p, format!("数据元“{el}”不存在")));
                }
            }
            for (member, role_element) in &g.same_person_elements {
                if !g.elements.contains(member) || !self.elements.contains_key(role_element) {
                    return Err(DataError::new(
                        "dictionary",
                        p,
                        format!("“同一人”对应“{member}”→“{role_element}”不存在"),
                    ));
                }
            }
            if let Some(r) = g.required.iter().find(|r| !g.elements.contains(r)) {
                return Err(DataError::new("dictionary", p, format!("必填字段“{r}”不在重复组字段中")));
            }
        }
        Ok(())
    }

    /// An address element's `same_as`: address elements, and the wording to ask with.
    fn check_same_address(&self, key: &str, e: &Element) -> Result<(), DataError> {
        let p = format!("elements.{key}.same_as");
        if e.kind != Kind::Address {
            return Err(DataError::new("dictionary", p, "只有地址类数据元可以与其他地址相同"));
        }
        if self.same_address.is_none() {
            return Err(DataError::new("dictionary", p, "没有定义“同地址”的问法（same_address）"));
        }
        if key.starts_with(SAME_ADDRESS_PREFIX) {
            return Err(DataError::new("dictionary", p, format!("数据元键不能以“{SAME_ADDRESS_PREFIX}”开头")));
        }
        for other in &e.same_as {
            if self.elements.get(other).is_none_or(|o| o.kind != Kind::Address) {
                return Err(DataError::new("dictionary", p, format!("“{other}”不是地址类数据元")));
            }
        }
        Ok(())
    }

    /// A role's `same_as`: earlier person roles, each a code of the 同一人 element's list.
    fn check_same_as(&self, key: &str, role: &Role) -> Result<(), DataError> {
        let p = format!("roles.{key}.same_as");
        if role.same_as.is_empty() {
            return Ok(());
        }
        let codes: Vec<&str> = self.same_person.iter().flat_map(|s| &s.options).map(|o| o.code.as_str()).collect();
        for other in &role.same_as {
            let earlier = self
                .roles
                .get(other)
                .is_some_and(|o| o.kind == RoleKind::Person && o.order < role.order && role.kind == RoleKind::Person);
            if !earlier {
                return Err(DataError::new("dictionary", p, format!("“{other}”不是排在前面的人员角色")));
            }
            if !codes.contains(&other.as_str()) {
                return Err(DataError::new("dictionary", p, format!("“同一人”选项中没有“{other}”")));
            }
        }
        Ok(())
    }

    pub fn element(&self, key: &str) -> Option<&Element> {
        self.elements.get(key)
    }

    pub fn role(&self, key: &str) -> Option<&Role> {
        self.roles.get(key)
    }

    /// Whether a field exists: its element and its role are both defined.
    pub fn has_field(&self, field: &FieldKey) -> bool {
        self.elements.contains_key(&field.element) && self.roles.contains_key(&field.role)
    }

    /// Whether a field's answer may be offered for 我的档案 (一人一档/一企一档): a data element and a role the
    /// dictionary knows, neither marked `not_kept` (是否… answers; a 逝者's data), and not an item's own question.
    /// How a form was answered (同一人, 同地址) is no data element, so it is never kept either.
    pub fn kept_in_profile(&self, field: &FieldKey) -> bool {
        let element = self.elements.get(&field.element).is_some_and(|e| !e.not_kept);
        let role = self.roles.get(&field.role).is_some_and(|r| !r.not_kept && r.kind != RoleKind::Item);
        element && role
    }

    /// The sensitivity of a field: an element's own mark, raised to sensitive for minors (PIPL Art. 28).
    pub fn sensitivity(&self, field: &FieldKey) -> Sensitivity {
        let own = self.elements.get(&field.element).map_or(Sensitivity::Personal, |e| e.sensitivity);
        let minor = self.roles.get(&field.role).is_some_and(|r| r.minor);
        if minor && own == Sensitivity::Personal {
            Sensitivity::Sensitive
        } else {
            own
        }
    }

    /// An element's own constraints (before any form narrows them), or `None` for an unknown element or a
    /// choice element whose option list is missing (a loaded dictionary has none: [`Dictionary::check`]).
    pub fn constraints(&self, element: &str) -> Option<Constraints> {
        let element = self.elements.get(element)?;
        let options = match element.kind {
            Kind::Enum | Kind::MultiEnum => self.option_lists.get(element.options.as_ref()?)?.options.clone(),
            _ => Vec::new(),
        };
        Some(Constraints::of_element(element, options))
    }

    /// The option codes an element allows (empty for non-choice elements).
    pub fn option_codes(&self, element: &str) -> Vec<&str> {
        self.elements
            .get(element)
            .and_then(|e| e.options.as_ref())
            .and_then(|l| self.option_lists.get(l))
            .map(|l| l.options.iter().map(|o| o.code.as_str()).collect())
            .unwrap_or_default()
    }
}
