//! The item catalog of both lifecycles (annexes 1 and 2 of the notice), as a typed model.
//!
//! Loading goes in two steps so that every error names its place:
//! 1. serde_json parses the text; a hand-written reader turns the value into a tolerant *raw* shape (every
//!    field optional, enums as strings), reporting a wrong JSON type with its path.
//! 2. [`Catalog::from_raw`] checks the raw shape against the contract (data/README.md) and builds the typed model.
//!
//! Nothing here panics on input: a bad document is a [`CatalogError`] with a path such as
//! `lifecycles[1].stages[3].scenarios[0].items[2].type`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The catalog document format this build reads. Bump only with a migration.
pub const SCHEMA: u32 = 1;

/// The catalog bundled with the app (the notice, transcribed). See data/README.md.
/// Minified at build time from data/catalog.json by build.rs.
pub const BUNDLED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog.min.json"));

// ---------------------------------------------------------------------------------------------
// Typed model
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LifecycleId {
    Enterprise,
    Personal,
}

impl LifecycleId {
    pub const ALL: [LifecycleId; 2] = [LifecycleId::Enterprise, LifecycleId::Personal];

    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleId::Enterprise => "enterprise",
            LifecycleId::Personal => "personal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The letter that starts every item id of this lifecycle (E001, P001).
    pub fn id_prefix(self) -> char {
        match self {
            LifecycleId::Enterprise => 'E',
            LifecycleId::Personal => 'P',
        }
    }
}

/// 事项类型, exactly as the notice prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ItemType {
    #[serde(rename = "行政许可")]
    Licence,
    #[serde(rename = "行政确认")]
    Confirmation,
    #[serde(rename = "行政给付")]
    Benefit,
    #[serde(rename = "公共服务")]
    PublicService,
    #[serde(rename = "其他行政权力")]
    OtherPower,
    #[serde(rename = "其他")]
    Other,
}

impl ItemType {
    pub const ALL: [ItemType; 6] = [
        ItemType::Licence,
        ItemType::Confirmation,
        ItemType::Benefit,
        ItemType::PublicService,
        ItemType::OtherPower,
        ItemType::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ItemType::Licence => "行政许可",
            ItemType::Confirmation => "行政确认",
            ItemType::Benefit => "行政给付",
            ItemType::PublicService => "公共服务",
            ItemType::OtherPower => "其他行政权力",
            ItemType::Other => "其他",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.label() == s)
    }
}

/// The notice's level note (行使层级) on some rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Level {
    #[serde(rename = "县级事项")]
    County,
    #[serde(rename = "省级事项")]
    Province,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::County => "县级事项",
            Level::Province => "省级事项",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Level::County, Level::Province].into_iter().find(|l| l.label() == s)
    }
}

/// A stable item id: `E001`…`E107`, `P001`…`P113`, sub-items `E001-1`…. Never reused or renumbered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemId(String);

impl ItemId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id an item with 序号 `no` has in `lifecycle`.
    pub fn for_item(lifecycle: LifecycleId, no: u32) -> Self {
        ItemId(format!("{}{:03}", lifecycle.id_prefix(), no))
    }

    /// The id of the `k`-th (1-based) sub-item of `parent`.
    pub fn for_subitem(parent: &ItemId, k: usize) -> Self {
        ItemId(format!("{}-{}", parent.0, k))
    }

    /// Parses and checks the shape only (`[EP]\d{3}` with an optional `-\d+`).
    pub fn parse(s: &str) -> Option<Self> {
        let (head, tail) = match s.split_once('-') {
            Some((h, t)) => (h, Some(t)),
            None => (s, None),
        };
        let mut chars = head.chars();
        let prefix_ok = matches!(chars.next(), Some('E' | 'P'));
        let digits: Vec<char> = chars.collect();
        let head_ok = prefix_ok && digits.len() == 3 && digits.iter().all(|c| c.is_ascii_digit());
        let tail_ok = match tail {
            None => true,
            Some(t) => !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit()) && !t.starts_with('0'),
        };
        (head_ok && tail_ok).then(|| ItemId(s.to_owned()))
    }

    pub fn lifecycle(&self) -> LifecycleId {
        if self.0.starts_with('E') {
            LifecycleId::Enterprise
        } else {
            LifecycleId::Personal
        }
    }

    /// The item this id belongs to: itself for an item, the parent for a sub-item.
    pub fn item_part(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    pub schema: u32,
    pub version: String,
    pub source: String,
    pub lifecycles: Vec<Lifecycle>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lifecycle {
    pub id: LifecycleId,
    pub name: String,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stage {
    pub no: u32,
    pub name: String,
    pub scenarios: Vec<Scenario>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    pub code: String,
    pub name: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub id: ItemId,
    pub no: u32,
    pub name: String,
    /// `None` exactly when the item is a group (has sub-items).
    #[serde(rename = "type")]
    pub item_type: Option<ItemType>,
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    pub level: Option<Level>,
    pub subitems: Vec<SubItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubItem {
    pub id: ItemId,
    pub name: String,
    #[serde(rename = "type")]
    pub item_type: ItemType,
    pub level: Option<Level>,
    /// Set only where the notice prints a department on the sub-item's own row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partners: Option<Vec<String>>,
}

impl Item {
    pub fn is_group(&self) -> bool {
        !self.subitems.is_empty()
    }
}

/// A leaf: something a person actually applies for (a sub-item, or an item without sub-items).
#[derive(Debug, Clone, Copy)]
pub struct Leaf<'a> {
    pub id: &'a ItemId,
    pub name: &'a str,
    pub item_type: ItemType,
    pub level: Option<Level>,
    pub lead: &'a [String],
    pub partners: &'a [String],
    /// The item it belongs to (itself when the item has no sub-items).
    pub item: &'a Item,
    pub place: Place,
}

/// Where an item or sub-item sits in the catalog, as indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub lifecycle: usize,
    pub stage: usize,
    pub scenario: usize,
    pub item: usize,
    pub subitem: Option<usize>,
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// What is wrong with a catalog document. Tests match on this; people read [`CatalogError::message_zh`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogErrorKind {
    /// Not JSON at all.
    Syntax {
        line: usize,
        column: usize,
    },
    /// A value of the wrong JSON type (e.g. a string where a number belongs).
    WrongType {
        detail: String,
    },
    MissingField,
    UnsupportedSchema {
        found: u32,
    },
    EmptyText,
    UnknownLifecycle {
        found: String,
    },
    DuplicateLifecycle {
        id: String,
    },
    MissingLifecycle {
        id: String,
    },
    UnknownType {
        found: String,
    },
    UnknownLevel {
        found: String,
    },
    /// A group (with sub-items) must have `type: null`; a leaf must have a type.
    GroupHasType,
    LeafWithoutType,
    BadId {
        found: String,
        expected: String,
    },
    DuplicateId {
        id: String,
    },
    /// Stage, scenario or item numbers out of sequence.
    BadNumber {
        found: String,
        expected: String,
    },
    NoLead,
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    /// JSON path of the offending value, e.g. `lifecycles[0].stages[1].scenarios[0].items[3].type`.
    pub path: String,
    pub kind: CatalogErrorKind,
}

impl CatalogError {
    fn new(path: impl Into<String>, kind: CatalogErrorKind) -> Self {
        CatalogError { path: path.into(), kind }
    }

    /// A message for people, in Chinese, naming the place.
    pub fn message_zh(&self) -> String {
        use CatalogErrorKind::*;
        let what = match &self.kind {
            Syntax { line, column } => format!("不是有效的 JSON（第 {line} 行第 {column} 列）"),
            WrongType { detail } => format!("数据类型不正确（{detail}）"),
            MissingField => "缺少必填字段".to_owned(),
            UnsupportedSchema { found } => format!("格式版本 {found} 不受支持（本程序读取版本 {SCHEMA}）"),
            EmptyText => "不能为空".to_owned(),
            UnknownLifecycle { found } => format!("未知的生命周期“{found}”（应为 enterprise 或 personal）"),
            DuplicateLifecycle { id } => format!("生命周期“{id}”重复出现"),
            MissingLifecycle { id } => format!("缺少生命周期“{id}”"),
            UnknownType { found } => {
                format!("未知的事项类型“{found}”（应为行政许可、行政确认、行政给付、公共服务、其他行政权力或其他）")
            }
            UnknownLevel { found } => format!("未知的层级“{found}”（应为县级事项、省级事项或空）"),
            GroupHasType => "含子项的事项不应有事项类型（类型写在子项上）".to_owned(),
            LeafWithoutType => "缺少事项类型".to_owned(),
            BadId { found, expected } => format!("编号“{found}”不正确，应为“{expected}”"),
            DuplicateId { id } => format!("编号“{id}”重复"),
            BadNumber { found, expected } => format!("序号 {found} 不连续，应为 {expected}"),
            NoLead => "缺少牵头部门".to_owned(),
            Empty => "不能为空列表".to_owned(),
        };
        if self.path.is_empty() {
            format!("事项清单有误：{what}")
        } else {
            format!("事项清单有误：{} {what}", self.path)
        }
    }
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_zh())
    }
}

impl std::error::Error for CatalogError {}

// ---------------------------------------------------------------------------------------------
// Raw (tolerant) shape, read from a JSON value by hand so that every wrong type names its path
// (and the browser bundle carries no path-tracking deserializer).
// ---------------------------------------------------------------------------------------------

struct RawCatalog {
    schema: Option<u32>,
    version: Option<String>,
    source: Option<String>,
    lifecycles: Option<Vec<RawLifecycle>>,
}

struct RawLifecycle {
    id: Option<String>,
    name: Option<String>,
    stages: Option<Vec<RawStage>>,
}

struct RawStage {
    no: Option<u32>,
    name: Option<String>,
    scenarios: Option<Vec<RawScenario>>,
}

struct RawScenario {
    code: Option<String>,
    name: Option<String>,
    items: Option<Vec<RawItem>>,
}

struct RawItem {
    id: Option<String>,
    no: Option<u32>,
    name: Option<String>,
    item_type: Option<String>,
    lead: Option<Vec<String>>,
    partners: Option<Vec<String>>,
    level: Option<String>,
    subitems: Option<Vec<RawSubItem>>,
}

struct RawSubItem {
    id: Option<String>,
    name: Option<String>,
    item_type: Option<String>,
    level: Option<String>,
    lead: Option<Vec<String>>,
    partners: Option<Vec<String>>,
}

fn wrong(path: String, expected: &str) -> CatalogError {
    CatalogError::new(path, CatalogErrorKind::WrongType { detail: format!("应为{expected}") })
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>, CatalogError> {
    v.as_object().ok_or_else(|| wrong(path.to_owned(), "对象"))
}

/// A present, non-null value under `key`.
fn field<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    m.get(key).filter(|v| !v.is_null())
}

fn opt_str(m: &Map<String, Value>, key: &str, path: &str) -> Result<Option<String>, CatalogError> {
    field(m, key).map(|v| v.as_str().map(str::to_owned).ok_or_else(|| wrong(join(path, key), "文本"))).transpose()
}

fn opt_u32(m: &Map<String, Value>, key: &str, path: &str) -> Result<Option<u32>, CatalogError> {
    field(m, key)
        .map(|v| v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| wrong(join(path, key), "正整数")))
        .transpose()
}

fn opt_list<T>(
    m: &Map<String, Value>,
    key: &str,
    path: &str,
    each: impl Fn(&Value, &str) -> Result<T, CatalogError>,
) -> Result<Option<Vec<T>>, CatalogError> {
    let Some(v) = field(m, key) else { return Ok(None) };
    let p = join(path, key);
    let list = v.as_array().ok_or_else(|| wrong(p.clone(), "列表"))?;
    list.iter().enumerate().map(|(i, x)| each(x, &format!("{p}[{i}]"))).collect::<Result<Vec<T>, _>>().map(Some)
}

fn text_value(v: &Value, path: &str) -> Result<String, CatalogError> {
    v.as_str().map(str::to_owned).ok_or_else(|| wrong(path.to_owned(), "文本"))
}

fn opt_texts(m: &Map<String, Value>, key: &str, path: &str) -> Result<Option<Vec<String>>, CatalogError> {
    opt_list(m, key, path, text_value)
}

impl RawCatalog {
    fn read(v: &Value) -> Result<RawCatalog, CatalogError> {
        let m = object(v, "")?;
        Ok(RawCatalog {
            schema: opt_u32(m, "schema", "")?,
            version: opt_str(m, "version", "")?,
            source: opt_str(m, "source", "")?,
            lifecycles: opt_list(m, "lifecycles", "", RawLifecycle::read)?,
        })
    }
}

impl RawLifecycle {
    fn read(v: &Value, path: &str) -> Result<RawLifecycle, CatalogError> {
        let m = object(v, path)?;
        Ok(RawLifecycle {
            id: opt_str(m, "id", path)?,
            name: opt_str(m, "name", path)?,
            stages: opt_list(m, "stages", path, RawStage::read)?,
        })
    }
}

impl RawStage {
    fn read(v: &Value, path: &str) -> Result<RawStage, CatalogError> {
        let m = object(v, path)?;
        Ok(RawStage {
            no: opt_u32(m, "no", path)?,
            name: opt_str(m, "name", path)?,
            scenarios: opt_list(m, "scenarios", path, RawScenario::read)?,
        })
    }
}

impl RawScenario {
    fn read(v: &Value, path: &str) -> Result<RawScenario, CatalogError> {
        let m = object(v, path)?;
        Ok(RawScenario {
            code: opt_str(m, "code", path)?,
            name: opt_str(m, "name", path)?,
            items: opt_list(m, "items", path, RawItem::read)?,
        })
    }
}

impl RawItem {
    fn read(v: &Value, path: &str) -> Result<RawItem, CatalogError> {
        let m = object(v, path)?;
        Ok(RawItem {
            id: opt_str(m, "id", path)?,
            no: opt_u32(m, "no", path)?,
            name: opt_str(m, "name", path)?,
            item_type: opt_str(m, "type", path)?,
            lead: opt_texts(m, "lead", path)?,
            partners: opt_texts(m, "partners", path)?,
            level: opt_str(m, "level", path)?,
            subitems: opt_list(m, "subitems", path, RawSubItem::read)?,
        })
    }
}

impl RawSubItem {
    fn read(v: &Value, path: &str) -> Result<RawSubItem, CatalogError> {
        let m = object(v, path)?;
        Ok(RawSubItem {
            id: opt_str(m, "id", path)?,
            name: opt_str(m, "name", path)?,
            item_type: opt_str(m, "type", path)?,
            level: opt_str(m, "level", path)?,
            lead: opt_texts(m, "lead", path)?,
            partners: opt_texts(m, "partners", path)?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Loading and checking
// ---------------------------------------------------------------------------------------------

fn required<T>(value: Option<T>, path: &str) -> Result<T, CatalogError> {
    value.ok_or_else(|| CatalogError::new(path, CatalogErrorKind::MissingField))
}

fn text(value: Option<String>, path: &str) -> Result<String, CatalogError> {
    let s = required(value, path)?;
    if s.trim().is_empty() {
        return Err(CatalogError::new(path, CatalogErrorKind::EmptyText));
    }
    Ok(s)
}

fn non_empty<T>(value: Option<Vec<T>>, path: &str) -> Result<Vec<T>, CatalogError> {
    let v = required(value, path)?;
    if v.is_empty() {
        return Err(CatalogError::new(path, CatalogErrorKind::Empty));
    }
    Ok(v)
}

fn departments(value: Vec<String>, path: &str) -> Result<Vec<String>, CatalogError> {
    for (i, d) in value.iter().enumerate() {
        if d.trim().is_empty() {
            return Err(CatalogError::new(format!("{path}[{i}]"), CatalogErrorKind::EmptyText));
        }
    }
    Ok(value)
}

fn parse_item_type(value: &str, path: &str) -> Result<ItemType, CatalogError> {
    ItemType::parse(value)
        .ok_or_else(|| CatalogError::new(path, CatalogErrorKind::UnknownType { found: value.to_owned() }))
}

fn parse_level(value: Option<String>, path: &str) -> Result<Option<Level>, CatalogError> {
    match value {
        None => Ok(None),
        Some(s) => Level::parse(&s)
            .map(Some)
            .ok_or_else(|| CatalogError::new(path, CatalogErrorKind::UnknownLevel { found: s })),
    }
}

fn expect_id(found: String, expected: ItemId, path: &str) -> Result<ItemId, CatalogError> {
    if found == expected.as_str() {
        Ok(expected)
    } else {
        Err(CatalogError::new(path, CatalogErrorKind::BadId { found, expected: expected.as_str().to_owned() }))
    }
}

impl Catalog {
    /// The catalog bundled with this build. The bundled file is checked by the test suite, so this
    /// fails only if a build was made from a broken tree; callers still handle the error.
    pub fn bundled() -> Result<Catalog, CatalogError> {
        Catalog::from_json(BUNDLED_JSON)
    }

    /// Reads and checks a catalog document (the bundled file or a published update).
    pub fn from_json(json: &str) -> Result<Catalog, CatalogError> {
        let value: Value = serde_json::from_str(json)
            .map_err(|e| CatalogError::new("", CatalogErrorKind::Syntax { line: e.line(), column: e.column() }))?;
        Catalog::from_raw(RawCatalog::read(&value)?)
    }

    fn from_raw(raw: RawCatalog) -> Result<Catalog, CatalogError> {
        let schema = required(raw.schema, "schema")?;
        if schema != SCHEMA {
            return Err(CatalogError::new("schema", CatalogErrorKind::UnsupportedSchema { found: schema }));
        }
        let version = text(raw.version, "version")?;
        let source = text(raw.source, "source")?;
        let raw_lifecycles = non_empty(raw.lifecycles, "lifecycles")?;

        let mut seen_ids: HashSet<String> = HashSet::new();
        let mut lifecycles = Vec::with_capacity(raw_lifecycles.len());
        for (li, rl) in raw_lifecycles.into_iter().enumerate() {
            let lp = format!("lifecycles[{li}]");
            let id_text = text(rl.id, &format!("{lp}.id"))?;
            let id = LifecycleId::parse(&id_text).ok_or_else(|| {
                CatalogError::new(format!("{lp}.id"), CatalogErrorKind::UnknownLifecycle { found: id_text.clone() })
            })?;
            if lifecycles.iter().any(|l: &Lifecycle| l.id == id) {
                return Err(CatalogError::new(
                    format!("{lp}.id"),
                    CatalogErrorKind::DuplicateLifecycle { id: id_text },
                ));
            }
            let name = text(rl.name, &format!("{lp}.name"))?;
            let stages = check_stages(id, rl.stages, &lp, &mut seen_ids)?;
            lifecycles.push(Lifecycle { id, name, stages });
        }
        for id in LifecycleId::ALL {
            if !lifecycles.iter().any(|l| l.id == id) {
                return Err(CatalogError::new(
                    "lifecycles",
                    CatalogErrorKind::MissingLifecycle { id: id.as_str().to_owned() },
                ));
            }
        }
        Ok(Catalog { schema, version, source, lifecycles })
    }

    /// The catalog as a JSON document of the published shape.
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn lifecycle(&self, id: LifecycleId) -> Option<&Lifecycle> {
        self.lifecycles.iter().find(|l| l.id == id)
    }
}

fn check_stages(
    lifecycle: LifecycleId,
    raw: Option<Vec<RawStage>>,
    lp: &str,
    seen_ids: &mut HashSet<String>,
) -> Result<Vec<Stage>, CatalogError> {
    let raw = non_empty(raw, &format!("{lp}.stages"))?;
    let mut next_item_no = 1u32;
    let mut stages = Vec::with_capacity(raw.len());
    for (si, rs) in raw.into_iter().enumerate() {
        let sp = format!("{lp}.stages[{si}]");
        let no = required(rs.no, &format!("{sp}.no"))?;
        let expected_no = si as u32 + 1;
        if no != expected_no {
            return Err(CatalogError::new(
                format!("{sp}.no"),
                CatalogErrorKind::BadNumber { found: no.to_string(), expected: expected_no.to_string() },
            ));
        }
        let name = text(rs.name, &format!("{sp}.name"))?;
        let raw_scenarios = non_empty(rs.scenarios, &format!("{sp}.scenarios"))?;
        let mut scenarios = Vec::with_capacity(raw_scenarios.len());
        for (ci, rc) in raw_scenarios.into_iter().enumerate() {
            let cp = format!("{sp}.scenarios[{ci}]");
            let code = text(rc.code, &format!("{cp}.code"))?;
            let expected_code = format!("{no}.{}", ci + 1);
            if code != expected_code {
                return Err(CatalogError::new(
                    format!("{cp}.code"),
                    CatalogErrorKind::BadNumber { found: code, expected: expected_code },
                ));
            }
            let name = text(rc.name, &format!("{cp}.name"))?;
            let raw_items = non_empty(rc.items, &format!("{cp}.items"))?;
            let mut items = Vec::with_capacity(raw_items.len());
            for (ii, ri) in raw_items.into_iter().enumerate() {
                let ip = format!("{cp}.items[{ii}]");
                let item = check_item(lifecycle, ri, next_item_no, &ip, seen_ids)?;
                next_item_no += 1;
                items.push(item);
            }
            scenarios.push(Scenario { code, name, items });
        }
        stages.push(Stage { no, name, scenarios });
    }
    Ok(stages)
}

fn remember_id(id: &ItemId, path: &str, seen_ids: &mut HashSet<String>) -> Result<(), CatalogError> {
    if !seen_ids.insert(id.as_str().to_owned()) {
        return Err(CatalogError::new(path, CatalogErrorKind::DuplicateId { id: id.as_str().to_owned() }));
    }
    Ok(())
}

fn check_item(
    lifecycle: LifecycleId,
    ri: RawItem,
    expected_no: u32,
    ip: &str,
    seen_ids: &mut HashSet<String>,
) -> Result<Item, CatalogError> {
    let id_path = format!("{ip}.id");
    let id_text = text(ri.id, &id_path)?;
    let no = required(ri.no, &format!("{ip}.no"))?;
    // An id is checked before the number so that a duplicated row reads as a duplicate id.
    let shaped = ItemId::parse(&id_text).filter(|id| id.lifecycle() == lifecycle && !id.as_str().contains('-'));
    let Some(shaped) = shaped else {
        return Err(CatalogError::new(
            id_path,
            CatalogErrorKind::BadId { found: id_text, expected: ItemId::for_item(lifecycle, no).0 },
        ));
    };
    remember_id(&shaped, &id_path, seen_ids)?;
    if no != expected_no {
        return Err(CatalogError::new(
            format!("{ip}.no"),
            CatalogErrorKind::BadNumber { found: no.to_string(), expected: expected_no.to_string() },
        ));
    }
    let id = expect_id(shaped.0, ItemId::for_item(lifecycle, no), &id_path)?;
    let name = text(ri.name, &format!("{ip}.name"))?;
    let lead = departments(non_empty(ri.lead, &format!("{ip}.lead")).map_err(no_lead)?, &format!("{ip}.lead"))?;
    let partners = departments(ri.partners.unwrap_or_default(), &format!("{ip}.partners"))?;
    let level = parse_level(ri.level, &format!("{ip}.level"))?;
    let raw_subitems = ri.subitems.unwrap_or_default();
    let type_path = format!("{ip}.type");
    let item_type = match (&ri.item_type, raw_subitems.is_empty()) {
        (Some(_), false) => return Err(CatalogError::new(type_path, CatalogErrorKind::GroupHasType)),
        (None, true) => return Err(CatalogError::new(type_path, CatalogErrorKind::LeafWithoutType)),
        (None, false) => None,
        (Some(t), true) => Some(parse_item_type(t, &type_path)?),
    };
    let mut subitems = Vec::with_capacity(raw_subitems.len());
    for (k, rs) in raw_subitems.into_iter().enumerate() {
        let sp = format!("{ip}.subitems[{k}]");
        let sid_path = format!("{sp}.id");
        let sid_text = text(rs.id, &sid_path)?;
        if let Some(parsed) = ItemId::parse(&sid_text) {
            remember_id(&parsed, &sid_path, seen_ids)?;
        }
        let sid = expect_id(sid_text, ItemId::for_subitem(&id, k + 1), &sid_path)?;
        let name = text(rs.name, &format!("{sp}.name"))?;
        let type_path = format!("{sp}.type");
        let t = required(rs.item_type, &type_path)
            .map_err(|e| CatalogError { kind: CatalogErrorKind::LeafWithoutType, ..e })?;
        let item_type = parse_item_type(&t, &type_path)?;
        let level = parse_level(rs.level, &format!("{sp}.level"))?;
        let lead = match rs.lead {
            None => None,
            Some(l) if l.is_empty() => return Err(CatalogError::new(format!("{sp}.lead"), CatalogErrorKind::NoLead)),
            Some(l) => Some(departments(l, &format!("{sp}.lead"))?),
        };
        let partners = rs.partners.map(|p| departments(p, &format!("{sp}.partners"))).transpose()?;
        subitems.push(SubItem { id: sid, name, item_type, level, lead, partners });
    }
    Ok(Item { id, no, name, item_type, lead, partners, level, subitems })
}

fn no_lead(e: CatalogError) -> CatalogError {
    CatalogError { kind: CatalogErrorKind::NoLead, ..e }
}

// ---------------------------------------------------------------------------------------------
// Indexes
// ---------------------------------------------------------------------------------------------

/// A checked catalog with the look-ups the UI needs. Built once per loaded catalog.
#[derive(Debug, Clone)]
pub struct CatalogIndex {
    pub catalog: Catalog,
    places: HashMap<ItemId, Place>,
    leaves: Vec<Place>,
    by_department: BTreeMap<String, Vec<ItemId>>,
}

impl CatalogIndex {
    pub fn new(catalog: Catalog) -> Self {
        let mut places = HashMap::new();
        let mut leaves = Vec::new();
        let mut by_department: BTreeMap<String, Vec<ItemId>> = BTreeMap::new();
        for (l, lc) in catalog.lifecycles.iter().enumerate() {
            for (s, stage) in lc.stages.iter().enumerate() {
                for (c, sc) in stage.scenarios.iter().enumerate() {
                    for (i, item) in sc.items.iter().enumerate() {
                        let place = Place { lifecycle: l, stage: s, scenario: c, item: i, subitem: None };
                        places.insert(item.id.clone(), place);
                        for dept in item.lead.iter().chain(&item.partners) {
                            let ids = by_department.entry(dept.clone()).or_default();
                            if !ids.contains(&item.id) {
                                ids.push(item.id.clone());
                            }
                        }
                        if item.subitems.is_empty() {
                            leaves.push(place);
                        }
                        for (k, sub) in item.subitems.iter().enumerate() {
                            let sub_place = Place { subitem: Some(k), ..place };
                            places.insert(sub.id.clone(), sub_place);
                            leaves.push(sub_place);
                            for dept in sub.lead.iter().flatten().chain(sub.partners.iter().flatten()) {
                                let ids = by_department.entry(dept.clone()).or_default();
                                if !ids.contains(&item.id) {
                                    ids.push(item.id.clone());
                                }
                            }
                        }
                    }
                }
            }
        }
        CatalogIndex { catalog, places, leaves, by_department }
    }

    pub fn bundled() -> Result<Self, CatalogError> {
        Catalog::bundled().map(CatalogIndex::new)
    }

    pub fn version(&self) -> &str {
        &self.catalog.version
    }

    pub fn place(&self, id: &str) -> Option<Place> {
        ItemId::parse(id).and_then(|id| self.places.get(&id).copied())
    }

    pub fn lifecycle_at(&self, place: Place) -> &Lifecycle {
        &self.catalog.lifecycles[place.lifecycle]
    }

    pub fn stage_at(&self, place: Place) -> &Stage {
        &self.lifecycle_at(place).stages[place.stage]
    }

    pub fn scenario_at(&self, place: Place) -> &Scenario {
        &self.stage_at(place).scenarios[place.scenario]
    }

    pub fn item_at(&self, place: Place) -> &Item {
        &self.scenario_at(place).items[place.item]
    }

    /// The item with this id (for a sub-item id: its parent item).
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.place(id).map(|p| self.item_at(p))
    }

    /// The scenario an item or sub-item belongs to.
    pub fn scenario_of(&self, id: &str) -> Option<&Scenario> {
        self.place(id).map(|p| self.scenario_at(p))
    }

    pub fn scenario(&self, lifecycle: LifecycleId, code: &str) -> Option<&Scenario> {
        self.catalog.lifecycle(lifecycle)?.stages.iter().flat_map(|s| &s.scenarios).find(|s| s.code == code)
    }

    fn leaf_at(&self, place: Place) -> Leaf<'_> {
        let item = self.item_at(place);
        match place.subitem.and_then(|k| item.subitems.get(k)) {
            Some(sub) => Leaf {
                id: &sub.id,
                name: &sub.name,
                item_type: sub.item_type,
                level: sub.level.or(item.level),
                lead: sub.lead.as_deref().unwrap_or(&item.lead),
                partners: sub.partners.as_deref().unwrap_or(&item.partners),
                item,
                place,
            },
            // A leaf item always has a type (checked on load); `Other` is unreachable in practice.
            None => Leaf {
                id: &item.id,
                name: &item.name,
                item_type: item.item_type.unwrap_or(ItemType::Other),
                level: item.level,
                lead: &item.lead,
                partners: &item.partners,
                item,
                place,
            },
        }
    }

    /// The leaf with this id, if it is one (a group item is not a leaf).
    pub fn leaf(&self, id: &str) -> Option<Leaf<'_>> {
        let place = self.place(id)?;
        let item = self.item_at(place);
        if place.subitem.is_none() && item.is_group() {
            return None;
        }
        Some(self.leaf_at(place))
    }

    /// Every leaf in document order.
    pub fn leaves(&self) -> impl Iterator<Item = Leaf<'_>> + '_ {
        self.leaves.iter().map(|&p| self.leaf_at(p))
    }

    pub fn leaf_count(&self) -> usize {
        self.leaves.len()
    }

    /// Items (not sub-items) a department leads or works on, in document order.
    pub fn items_by_department(&self, department: &str) -> &[ItemId] {
        self.by_department.get(department).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn departments(&self) -> impl Iterator<Item = &str> {
        self.by_department.keys().map(String::as_str)
    }
}
