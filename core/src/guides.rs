//! Service guides (办事指南) and the shared materials dictionary (data/guides/*.json, data/materials/*.json).
//!
//! A guide may name a `family`: it then starts from the family's values and its own keys replace them;
//! `add_materials` appends to and `remove_materials` drops from the family's materials list.
//! Unknown values are `null` (numbers) or the text [`UNKNOWN`]; nothing is guessed.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::catalog::CatalogIndex;
use crate::condition::Condition;
use crate::data::{parse, parse_bundle, DataError};
use crate::dictionary::Dictionary;
use crate::forms::{check_condition, FormSet};

pub const BUNDLED_MATERIALS: &str = include_str!(concat!(env!("OUT_DIR"), "/materials.bundle.json"));
pub const BUNDLED_GUIDES: &str = include_str!(concat!(env!("OUT_DIR"), "/guides.bundle.json"));

/// What a guide says where a value is not known from a law, regulation or national rule.
pub const UNKNOWN: &str = "以受理部门公布为准";

/// Where a 免提交 material comes from instead of the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExemptSource {
    /// 电子证照库 (an electronic licence).
    ELicence,
    /// 部门间数据共享 (queried and verified by the department).
    DataSharing,
    /// Produced from the answers of the shared form (一表申请): the applicant fills it here instead.
    GeneratedForm,
}

/// When a material's data-sharing route replaces the paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Replaces {
    /// Always: the applicant never brings it (the generated application form).
    Always,
    /// When the department can retrieve it (e-licence or shared data); otherwise the applicant brings the paper
    /// in the form the guide asks: “可用电子证照代替，无法调取时请带原件”.
    IfRetrieved,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exempt {
    pub source: ExemptSource,
    /// Which licence or data source, e.g. 居民身份证电子证照.
    pub via: String,
    /// When the route replaces the paper.
    pub replaces: Replaces,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<String>,
    /// The data-sharing route (电子证照 / 数据共享 / 一表申请) and when it replaces the paper.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exempt: Option<Exempt>,
    /// Leaf items whose outcome is this document (出生医学证明办理 issues the 出生医学证明): in a chain that
    /// includes one of them, the checklist says the document comes from it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issued_by: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A dated rule that renamed the document (the 2026 death certificate): `name` is the name from `on`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed: Option<Renamed>,
}

/// The document's name changed on a date by a rule: before and after, the rule and where it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renamed {
    /// The first day of the new name, `YYYY-MM-DD`.
    pub on: String,
    /// The name until the day before (kept among the synonyms, so search still finds it).
    pub before: String,
    /// The rule, with its wording.
    pub basis: String,
    /// Where the rule was read (http…).
    pub source: String,
}

impl Material {
    /// The document's name on `date` (`YYYY-MM-DD`; the core never reads the clock): the old name before a
    /// rename took effect, the current one from that day.
    pub fn name_on(&self, date: &str) -> &str {
        match &self.renamed {
            Some(r) if date < r.on.as_str() => &r.before,
            _ => &self.name,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MaterialForm {
    #[serde(rename = "原件")]
    Original,
    #[serde(rename = "复印件")]
    Copy,
    #[serde(rename = "原件及复印件")]
    OriginalAndCopy,
    #[serde(rename = "电子")]
    Electronic,
    #[serde(rename = "原件或电子")]
    OriginalOrElectronic,
    /// The original is handed in and kept (a surrendered licence): no copy or e-licence can stand in for it.
    #[serde(rename = "交回")]
    Surrender,
    /// The original is shown at the counter and handed back.
    #[serde(rename = "现场查验")]
    Inspect,
}

impl MaterialForm {
    pub fn label(self) -> &'static str {
        match self {
            MaterialForm::Original => "原件",
            MaterialForm::Copy => "复印件",
            MaterialForm::OriginalAndCopy => "原件及复印件",
            MaterialForm::Electronic => "电子",
            MaterialForm::OriginalOrElectronic => "原件或电子",
            MaterialForm::Surrender => "交回",
            MaterialForm::Inspect => "现场查验",
        }
    }

    /// Whether the applicant must bring paper in this form (an electronic copy does not do).
    pub fn is_paper(self) -> bool {
        !matches!(self, MaterialForm::Electronic | MaterialForm::OriginalOrElectronic)
    }

    /// How much the form asks of the applicant, for merging several items' needs into one instruction: the
    /// strongest wins (handing in the original covers showing it, an original and a copy cover either).
    pub fn weight(self) -> u8 {
        match self {
            MaterialForm::Electronic => 0,
            MaterialForm::OriginalOrElectronic => 1,
            MaterialForm::Copy => 2,
            MaterialForm::Inspect => 3,
            MaterialForm::Original => 4,
            MaterialForm::OriginalAndCopy => 5,
            MaterialForm::Surrender => 6,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialRef {
    pub key: String,
    pub form: MaterialForm,
    pub count: u32,
    pub required: bool,
    /// The condition in words (shown to the applicant), when the material is needed only sometimes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// The same condition on form answers, where it ties to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Why this item needs the paper itself although the material has a data-sharing route (the police add a
    /// page to the 户口簿; a law requires 交验): the route does not replace it here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
}

impl MaterialRef {
    /// The material's data-sharing route where it stands in for this reference's paper.
    pub fn route<'m>(&self, material: &'m Material) -> Option<&'m Exempt> {
        material.exempt.as_ref().filter(|_| self.paper.is_none())
    }
}

/// Why a reference contradicts its material's data-sharing route, if it does: asks for paper the route claims
/// to replace unconditionally, has the original handed in while claiming an e-licence replaces it, or gives a
/// reason for paper where there is no route to override. A `paper` reason settles it: the applicant is told
/// why the paper is needed (a generated form to be signed, a page added to the 户口簿).
pub fn exemption_conflict(material: &Material, r: &MaterialRef) -> Option<String> {
    if let Some(reason) = &r.paper {
        if reason.trim().is_empty() {
            return Some("“paper”须写明为何需要纸质件本身".to_owned());
        }
        if material.exempt.is_none() {
            return Some(format!("材料“{}”没有免提交途径，不必写“paper”", material.name));
        }
        return None;
    }
    let route = material.exempt.as_ref()?;
    if r.form == MaterialForm::Surrender && route.source != ExemptSource::GeneratedForm {
        return Some(format!("“{}”须交回原件，不能同时以“{}”免提交：请写明“paper”", material.name, route.via));
    }
    if route.replaces == Replaces::Always && r.required && r.form.is_paper() {
        return Some(format!("“{}”必须提交{}，又标为无条件免提交（{}）", material.name, r.form.label(), route.via));
    }
    None
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub name: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// `Some(true)` 不收费, `Some(false)` 收费 (see `amount`), `None` not known (以受理部门公布为准).
    pub free: Option<bool>,
    /// The amount in words (e.g. 工本费 20 元), when not free and stated by a rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    /// The rule that sets the fee or makes it free.
    pub basis: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Online {
    /// 全程网办.
    Full,
    /// 网上申请，现场核验或领取一次.
    OnlineAndVisit,
    /// 现场办理.
    InPerson,
    /// Not known: 以受理部门公布为准.
    Unknown,
}

/// A law cited as a basis, with its article: a guide's 设定依据, a deadline's article (`schedule::Deadline`) —
/// one type, so that `core/tests/citations.rs` checks every citation with the same code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    /// The law or regulation by name, with its 《》.
    pub law: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The document has no numbered articles (a 通知, 意见, 决定 without 条, 目录, 纲要, a national standard), so
    /// the whole document is the citation. Never together with `article`; an entry with neither is listed in
    /// data/citations.json `awaiting_article` (core/tests/citations.rs).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unnumbered: bool,
}

impl Basis {
    /// `《中华人民共和国户口登记条例》第七条`; the law alone when no article is named.
    pub fn text(&self) -> String {
        format!("{}{}", self.law, self.article.as_deref().unwrap_or_default())
    }

    /// The articles cited, as a person reads the list: `第十条、第二十三条` → 第十条, 第二十三条;
    /// `第五十七条第一款` → 第五十七条 (what data/citations.json lists: one article per entry).
    pub fn articles(&self) -> Vec<&str> {
        self.article.as_deref().map(articles_in).unwrap_or_default()
    }
}

/// The articles of a list such as `第十条、第二十三条第二款` (see [`Basis::articles`]).
pub fn articles_in(list: &str) -> Vec<&str> {
    list.split('、')
        .filter_map(|part| {
            let part = part.trim();
            let end = part.find('条')?;
            part.starts_with('第').then(|| &part[..end + '条'.len_utf8()])
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    pub q: String,
    pub a: String,
}

/// A complete guide for one leaf item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    pub item: String,
    /// The office that actually handles the application (may be more specific than the catalog's lead).
    pub handler: String,
    /// 办理对象.
    pub target: String,
    /// 受理条件.
    pub conditions: Vec<String>,
    pub materials: Vec<MaterialRef>,
    /// 办理流程.
    pub steps: Vec<Step>,
    /// 法定办结时限 in working days, where a law states it.
    pub legal_days: Option<u32>,
    /// 法定办结时限 in calendar days (“六十日内”), where a law states it so: never together with `legal_days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_calendar_days: Option<u32>,
    /// 承诺办结时限 in working days, where published.
    pub promised_days: Option<u32>,
    /// Words on time limits (e.g. 当场办结), shown with the numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_note: Option<String>,
    pub fee: Fee,
    /// 办理地点 / 窗口.
    pub place: String,
    pub online: Online,
    /// 到现场次数, where known.
    pub visits: Option<u32>,
    /// 设定依据.
    pub basis: Vec<Basis>,
    /// 咨询.
    pub consult: String,
    /// 投诉.
    pub complaint: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faq: Vec<Faq>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MaterialsFile {
    #[serde(default)]
    #[allow(dead_code)]
    version: Option<String>,
    materials: Vec<Material>,
}

#[derive(Debug, Clone, Default)]
pub struct MaterialDictionary {
    pub materials: BTreeMap<String, Material>,
}

impl MaterialDictionary {
    pub fn bundled() -> Result<Self, DataError> {
        Self::from_bundle(BUNDLED_MATERIALS)
    }

    pub fn from_bundle(bundle: &str) -> Result<Self, DataError> {
        let files: Vec<(String, MaterialsFile)> = parse_bundle("materials", bundle)?;
        let mut d = MaterialDictionary::default();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for (file, f) in files {
            for (i, m) in f.materials.into_iter().enumerate() {
                let p = format!("materials[{i}]");
                if m.key.is_empty() || !m.key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                {
                    return Err(DataError::new(&file, p, format!("材料键“{}”只能由小写字母、数字和下划线组成", m.key)));
                }
                for name in std::iter::once(&m.name).chain(&m.synonyms) {
                    if let Some(other) = names.insert(name.clone(), m.key.clone()) {
                        return Err(DataError::new(
                            &file,
                            p,
                            format!("材料名称“{name}”同时用于“{other}”和“{}”", m.key),
                        ));
                    }
                }
                if let Some(e) = &m.exempt {
                    if e.via.trim().is_empty() {
                        return Err(DataError::new(&file, p, "免提交材料必须写明来源"));
                    }
                    if e.source == ExemptSource::GeneratedForm && e.replaces != Replaces::Always {
                        return Err(DataError::new(&file, p, "一表申请生成的材料总是代替纸质件（replaces: always）"));
                    }
                }
                if let Some(r) = &m.renamed {
                    if let Err(msg) = check_renamed(&m, r) {
                        return Err(DataError::new(&file, format!("{p}.renamed"), msg));
                    }
                }
                let key = m.key.clone();
                if d.materials.insert(key.clone(), m).is_some() {
                    return Err(DataError::new(&file, p, format!("材料“{key}”重复定义")));
                }
            }
        }
        Ok(d)
    }

    pub fn get(&self, key: &str) -> Option<&Material> {
        self.materials.get(key)
    }
}

/// A rename is dated (a real `YYYY-MM-DD`), names the rule and its source, and keeps the old name findable.
fn check_renamed(m: &Material, r: &Renamed) -> Result<(), String> {
    if r.on.len() != 10 || crate::validate::Date::parse_iso(&r.on).is_none() {
        return Err(format!("更名日期“{}”应为 YYYY-MM-DD", r.on));
    }
    if r.before.trim().is_empty() || r.before == m.name {
        return Err("须写明更名前的名称".to_owned());
    }
    if !m.synonyms.contains(&r.before) {
        return Err(format!("更名前的名称“{}”应留在 synonyms 中", r.before));
    }
    if r.basis.trim().is_empty() || !r.source.starts_with("http") {
        return Err("更名须写明依据和出处（http…）".to_owned());
    }
    Ok(())
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GuidesFile {
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    families: Vec<Map<String, Value>>,
    #[serde(default)]
    guides: Vec<Map<String, Value>>,
}

/// All guides, resolved (families applied) and keyed by leaf id.
#[derive(Debug, Clone, Default)]
pub struct GuideSet {
    pub version: String,
    pub guides: BTreeMap<String, (String, Guide)>,
}

/// Applies a guide entry over its family: entry keys win; `add_materials` / `remove_materials` edit the list.
fn overlay(family: &Map<String, Value>, entry: &Map<String, Value>) -> Result<Map<String, Value>, String> {
    let mut out: Map<String, Value> =
        family.iter().filter(|(k, _)| *k != "key").map(|(k, v)| (k.clone(), v.clone())).collect();
    for (k, v) in entry {
        if k != "family" && k != "add_materials" && k != "remove_materials" {
            out.insert(k.clone(), v.clone());
        }
    }
    let mut materials = match out.remove("materials") {
        Some(Value::Array(list)) => list,
        None => Vec::new(),
        Some(_) => return Err("materials 必须是列表".to_owned()),
    };
    if let Some(remove) = entry.get("remove_materials") {
        let keys: Vec<&str> =
            remove.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        for key in keys {
            let before = materials.len();
            materials.retain(|m| m.get("key").and_then(Value::as_str) != Some(key));
            if before == materials.len() {
                return Err(format!("要删除的材料“{key}”不在指南族中"));
            }
        }
    }
    if let Some(add) = entry.get("add_materials") {
        match add.as_array() {
            Some(list) => materials.extend(list.iter().cloned()),
            None => return Err("add_materials 必须是列表".to_owned()),
        }
    }
    out.insert("materials".to_owned(), Value::Array(materials));
    Ok(out)
}

impl GuideSet {
    pub fn bundled() -> Result<Self, DataError> {
        Self::from_bundle(BUNDLED_GUIDES)
    }

    pub fn from_bundle(bundle: &str) -> Result<Self, DataError> {
        let files: Vec<(String, GuidesFile)> = parse_bundle("guides", bundle)?;
        let mut families: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
        for (file, f) in &files {
            for (i, fam) in f.families.iter().enumerate() {
                let Some(key) = fam.get("key").and_then(Value::as_str) else {
                    return Err(DataError::new(file, format!("families[{i}].key"), "指南族缺少 key"));
                };
                if families.insert(key.to_owned(), fam.clone()).is_some() {
                    return Err(DataError::new(file, format!("families[{i}]"), format!("指南族“{key}”重复定义")));
                }
            }
        }
        let mut set = GuideSet::default();
        for (file, f) in files {
            if let Some(v) = f.version {
                if v > set.version {
                    set.version = v;
                }
            }
            for (i, entry) in f.guides.iter().enumerate() {
                let p = format!("guides[{i}]");
                let merged = match entry.get("family") {
                    None => entry.clone(),
                    Some(fam) => {
                        let key = fam.as_str().unwrap_or_default();
                        let Some(family) = families.get(key) else {
                            return Err(DataError::new(&file, p, format!("指南族“{key}”不存在")));
                        };
                        overlay(family, entry).map_err(|m| DataError::new(&file, p.clone(), m))?
                    }
                };
                let guide: Guide = parse(&file, &Value::Object(merged).to_string()).map_err(|e| DataError {
                    path: format!("{p}{}{}", if e.path.is_empty() { "" } else { "." }, e.path),
                    ..e
                })?;
                let item = guide.item.clone();
                if set.guides.insert(item.clone(), (file.clone(), guide)).is_some() {
                    return Err(DataError::new(&file, p, format!("事项“{item}”的指南重复定义")));
                }
            }
        }
        Ok(set)
    }

    pub fn guide(&self, item: &str) -> Option<&Guide> {
        self.guides.get(item).map(|(_, g)| g)
    }

    /// Checks every guide against the catalog, the materials dictionary and the forms.
    pub fn check(
        &self,
        catalog: &CatalogIndex,
        materials: &MaterialDictionary,
        forms: &FormSet,
        dict: &Dictionary,
    ) -> Result<(), DataError> {
        for m in materials.materials.values() {
            if let Some(item) = m.issued_by.iter().find(|i| catalog.leaf(i).is_none()) {
                return Err(DataError::new(
                    "materials",
                    format!("{}.issued_by", m.key),
                    format!("“{item}”不是事项清单中的末级事项"),
                ));
            }
        }
        for (item, (file, _)) in &self.guides {
            if catalog.leaf(item).is_none() {
                return Err(DataError::new(
                    file,
                    format!("guides.{item}"),
                    format!("“{item}”不是事项清单中的末级事项"),
                ));
            }
        }
        let ids: Vec<&str> = catalog.leaves().map(|l| l.id.as_str()).collect();
        self.check_items(catalog, materials, forms, dict, &ids)
    }

    /// Checks the guides of the listed leaves: present, honest texts, known materials, conditions on real fields.
    pub fn check_items(
        &self,
        catalog: &CatalogIndex,
        materials: &MaterialDictionary,
        forms: &FormSet,
        dict: &Dictionary,
        ids: &[&str],
    ) -> Result<(), DataError> {
        for id in ids {
            let name = catalog.leaf(id).map(|l| l.name).unwrap_or_default();
            let Some((file, g)) = self.guides.get(*id) else {
                return Err(DataError::new("guides", "", format!("事项 {id}（{name}）没有办事指南")));
            };
            let here = |path: &str, m: String| DataError::new(file, format!("guides.{}{path}", g.item), m);
            check_guide_text(g).map_err(|(p, m)| here(&p, m))?;
            if g.legal_days.is_some() && g.legal_calendar_days.is_some() {
                return Err(here(".legal_calendar_days", "法定时限只能按工作日或按自然日写一种".to_owned()));
            }
            if let (Some(legal), Some(promised)) = (g.legal_days, g.promised_days) {
                if promised > legal {
                    return Err(here(".promised_days", format!("承诺时限 {promised} 天超过法定时限 {legal} 天")));
                }
            }
            let spec = match forms.spec(&g.item) {
                Some(Ok(spec)) => spec,
                Some(Err(e)) => return Err(e),
                None => return Err(here("", "该事项没有表单，无法核对材料条件".to_owned())),
            };
            let mut seen = BTreeSet::new();
            for (i, m) in g.materials.iter().enumerate() {
                let p = format!(".materials[{i}]");
                let Some(material) = materials.get(&m.key) else {
                    return Err(here(&p, format!("材料“{}”不在材料目录中", m.key)));
                };
                if let Some(conflict) = exemption_conflict(material, m) {
                    return Err(here(&p, conflict));
                }
                if !seen.insert(&m.key) {
                    return Err(here(&p, format!("材料“{}”重复列出", m.key)));
                }
                if m.count == 0 {
                    return Err(here(&p, "份数不能为 0".to_owned()));
                }
                if !m.required && m.condition.as_deref().is_none_or(|c| c.trim().is_empty()) {
                    return Err(here(&p, "非必需材料必须用文字写明在什么情况下需要".to_owned()));
                }
                if let Some(when) = &m.when {
                    check_condition(when, &spec, dict, &BTreeSet::new())
                        .map_err(|msg| here(&format!("{p}.when"), msg))?;
                }
            }
            if g.materials.is_empty() {
                return Err(here(".materials", "申请材料不能为空（至少列出申请表）".to_owned()));
            }
            if g.steps.is_empty() {
                return Err(here(".steps", "办理流程不能为空".to_owned()));
            }
        }
        Ok(())
    }
}

/// Every text of a guide, with its path, for checks that read all of it.
pub fn guide_texts(g: &Guide) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = vec![
        (".handler".into(), &g.handler),
        (".target".into(), &g.target),
        (".place".into(), &g.place),
        (".consult".into(), &g.consult),
        (".complaint".into(), &g.complaint),
        (".fee.basis".into(), &g.fee.basis),
    ];
    out.extend(g.fee.amount.iter().map(|a| (".fee.amount".into(), a.as_str())));
    out.extend(g.time_note.iter().map(|a| (".time_note".into(), a.as_str())));
    out.extend(g.conditions.iter().enumerate().map(|(i, c)| (format!(".conditions[{i}]"), c.as_str())));
    for (i, s) in g.steps.iter().enumerate() {
        out.push((format!(".steps[{i}].name"), &s.name));
        out.push((format!(".steps[{i}].detail"), &s.detail));
    }
    for (i, m) in g.materials.iter().enumerate() {
        out.extend(m.condition.iter().map(|c| (format!(".materials[{i}].condition"), c.as_str())));
        out.extend(m.note.iter().map(|c| (format!(".materials[{i}].note"), c.as_str())));
        out.extend(m.paper.iter().map(|c| (format!(".materials[{i}].paper"), c.as_str())));
    }
    for (i, b) in g.basis.iter().enumerate() {
        out.push((format!(".basis[{i}].law"), &b.law));
        out.extend(b.article.iter().map(|a| (format!(".basis[{i}].article"), a.as_str())));
    }
    for (i, f) in g.faq.iter().enumerate() {
        out.push((format!(".faq[{i}].q"), &f.q));
        out.push((format!(".faq[{i}].a"), &f.a));
    }
    out
}

/// Finds something that looks like a phone number other than 12345: a run of 7+ digits, or digits-dash-digits.
pub fn phone_like(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '-' || chars[i] == ' ') {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let digits = run.chars().filter(char::is_ascii_digit).count();
            let dashed =
                run.trim().contains('-') && run.trim().split('-').filter(|p| !p.trim().is_empty()).count() >= 2;
            if digits >= 7 || (dashed && digits >= 6) {
                return Some(run.trim().to_owned());
            }
        } else {
            i += 1;
        }
    }
    None
}

fn check_guide_text(g: &Guide) -> Result<(), (String, String)> {
    for (path, text) in guide_texts(g) {
        if text.trim().is_empty() {
            return Err((path, "不能为空（未知请写“以受理部门公布为准”）".to_owned()));
        }
        if let Some(phone) = phone_like(text) {
            return Err((path, format!("指南中不得出现电话号码“{phone}”（仅可引用 12345 热线）")));
        }
    }
    if g.basis.is_empty() {
        return Err((".basis".into(), "设定依据不能为空".to_owned()));
    }
    Ok(())
}
