//! Form specifications: which fields each leaf item's application asks (data/forms/*.json).
//!
//! Families of similar items share a base (`families`), and an item's entry (`forms`) names its family and
//! lists what differs: fields added or replaced (same field key replaces), fields removed, groups added.
//! A family may extend another family. [`FormSet::spec`] resolves an item to its full, flat [`FormSpec`].

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::catalog::CatalogIndex;
use crate::condition::Condition;
use crate::data::{parse_bundle, DataError};
use crate::dictionary::{Dictionary, FieldKey, Kind, RoleKind};

pub const BUNDLED_FORMS: &str = include_str!(concat!(env!("OUT_DIR"), "/forms.bundle.json"));

/// The role whose fields belong to one item only and are never merged across items.
pub const ITEM_ROLE: &str = "item";

/// A field as one item asks it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRef {
    pub field: FieldKey,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Item-specific help (the element's own help applies otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Allowed option codes for this item: a subset of the element's list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_len: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Asked only when this holds (and required only then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
}

/// A repeatable group as one item asks it, with its bounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRef {
    pub group: String,
    pub min: u32,
    pub max: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// The group this item asked its members under in drafts of an older format (E045-1's employees were
    /// `gjjjczg` until they got a list of their own): reopening such a draft moves them here
    /// ([`crate::draft::Draft::reopen`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formerly: Option<FormerGroup>,
}

/// Where drafts of a format before `until_draft_format` keep the members of a group that was renamed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormerGroup {
    pub group: String,
    /// The first draft format written with the new group ([`crate::draft::DRAFT_FORMAT`] or earlier).
    pub until_draft_format: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub key: String,
    pub label: String,
    /// The national application form or regulation the family follows.
    pub based_on: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    #[serde(default)]
    pub fields: Vec<FieldRef>,
    #[serde(default)]
    pub groups: Vec<GroupRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormEntry {
    pub item: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Required when there is no family; otherwise it refines the family's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub based_on: Option<String>,
    #[serde(default)]
    pub fields: Vec<FieldRef>,
    #[serde(default)]
    pub remove: Vec<FieldKey>,
    #[serde(default)]
    pub groups: Vec<GroupRef>,
    #[serde(default)]
    pub remove_groups: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormsFile {
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    families: Vec<Family>,
    #[serde(default)]
    forms: Vec<FormEntry>,
}

/// An item's complete form, families resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormSpec {
    pub item: String,
    pub family: Option<String>,
    pub based_on: String,
    pub fields: Vec<FieldRef>,
    pub groups: Vec<GroupRef>,
}

impl FormSpec {
    pub fn field(&self, key: &FieldKey) -> Option<&FieldRef> {
        self.fields.iter().find(|f| &f.field == key)
    }
}

#[derive(Debug, Clone, Default)]
pub struct FormSet {
    pub version: String,
    pub families: BTreeMap<String, (String, Family)>,
    /// Entries by item id, with the file they came from.
    pub entries: BTreeMap<String, (String, FormEntry)>,
}

fn upsert_field(fields: &mut Vec<FieldRef>, f: FieldRef) {
    match fields.iter_mut().find(|x| x.field == f.field) {
        Some(slot) => *slot = f,
        None => fields.push(f),
    }
}

fn upsert_group(groups: &mut Vec<GroupRef>, g: GroupRef) {
    match groups.iter_mut().find(|x| x.group == g.group) {
        Some(slot) => *slot = g,
        None => groups.push(g),
    }
}

impl FormSet {
    pub fn bundled() -> Result<FormSet, DataError> {
        FormSet::from_bundle(BUNDLED_FORMS)
    }

    pub fn from_bundle(bundle: &str) -> Result<FormSet, DataError> {
        let files: Vec<(String, FormsFile)> = parse_bundle("forms", bundle)?;
        let mut set = FormSet::default();
        for (file, f) in files {
            if let Some(v) = f.version {
                if v > set.version {
                    set.version = v;
                }
            }
            for (i, fam) in f.families.into_iter().enumerate() {
                let key = fam.key.clone();
                if set.families.insert(key.clone(), (file.clone(), fam)).is_some() {
                    return Err(DataError::new(&file, format!("families[{i}]"), format!("表单族“{key}”重复定义")));
                }
            }
            for (i, entry) in f.forms.into_iter().enumerate() {
                let item = entry.item.clone();
                if set.entries.insert(item.clone(), (file.clone(), entry)).is_some() {
                    return Err(DataError::new(&file, format!("forms[{i}]"), format!("事项“{item}”的表单重复定义")));
                }
            }
        }
        Ok(set)
    }

    /// The fields and groups of a family, its ancestors first. Errors on unknown families and cycles.
    fn family_parts(
        &self,
        key: &str,
        seen: &mut Vec<String>,
    ) -> Result<(Vec<FieldRef>, Vec<GroupRef>, String), DataError> {
        let Some((file, fam)) = self.families.get(key) else {
            return Err(DataError::new("forms", "", format!("表单族“{key}”不存在")));
        };
        if seen.iter().any(|s| s == key) {
            return Err(DataError::new(
                file,
                format!("families.{key}"),
                format!("表单族继承成环：{}", seen.join(" → ")),
            ));
        }
        seen.push(key.to_owned());
        let (mut fields, mut groups, _) = match &fam.extends {
            Some(parent) => self.family_parts(parent, seen)?,
            None => (Vec::new(), Vec::new(), String::new()),
        };
        for f in &fam.fields {
            upsert_field(&mut fields, f.clone());
        }
        for g in &fam.groups {
            upsert_group(&mut groups, g.clone());
        }
        Ok((fields, groups, fam.based_on.clone()))
    }

    /// The resolved form of a leaf item, or `None` when there is no entry for it.
    pub fn spec(&self, item: &str) -> Option<Result<FormSpec, DataError>> {
        let (file, entry) = self.entries.get(item)?;
        Some(self.resolve(file, entry))
    }

    fn resolve(&self, file: &str, entry: &FormEntry) -> Result<FormSpec, DataError> {
        let here = |path: &str, msg: String| DataError::new(file, format!("forms.{}{path}", entry.item), msg);
        let (mut fields, mut groups, family_basis) = match &entry.family {
            Some(fam) => self.family_parts(fam, &mut Vec::new())?,
            None => (Vec::new(), Vec::new(), String::new()),
        };
        for r in &entry.remove {
            let before = fields.len();
            fields.retain(|f| &f.field != r);
            if fields.len() == before {
                return Err(here(".remove", format!("要删除的字段“{r}”不在表单族中")));
            }
        }
        for g in &entry.remove_groups {
            let before = groups.len();
            groups.retain(|x| &x.group != g);
            if groups.len() == before {
                return Err(here(".remove_groups", format!("要删除的重复组“{g}”不在表单族中")));
            }
        }
        // Within one entry a field is listed once; a repeat would silently replace the first.
        for (i, f) in entry.fields.iter().enumerate() {
            if entry.fields[..i].iter().any(|g| g.field == f.field) {
                return Err(here(&format!(".fields[{i}]"), format!("字段“{}”重复", f.field)));
            }
            upsert_field(&mut fields, f.clone());
        }
        for g in &entry.groups {
            upsert_group(&mut groups, g.clone());
        }
        let based_on = match (&entry.based_on, family_basis.is_empty()) {
            (Some(b), _) if !b.trim().is_empty() => b.clone(),
            (_, false) => family_basis,
            _ => return Err(here(".based_on", "没有表单族时必须写明 based_on（依据的申请表或法规）".to_owned())),
        };
        Ok(FormSpec { item: entry.item.clone(), family: entry.family.clone(), based_on, fields, groups })
    }

    /// Checks every entry against the catalog and the dictionary: one form per leaf, references that exist,
    /// options within the element's list, conditions on fields of the same form.
    pub fn check(&self, catalog: &CatalogIndex, dict: &Dictionary) -> Result<(), DataError> {
        for (key, (file, fam)) in &self.families {
            if fam.based_on.trim().is_empty() || fam.label.trim().is_empty() {
                return Err(DataError::new(file, format!("families.{key}"), "表单族必须有名称和依据"));
            }
            self.family_parts(key, &mut Vec::new())?;
        }
        for (item, (file, _)) in &self.entries {
            if catalog.leaf(item).is_none() {
                return Err(DataError::new(file, format!("forms.{item}"), format!("“{item}”不是事项清单中的末级事项")));
            }
        }
        for leaf in catalog.leaves() {
            let Some(spec) = self.spec(leaf.id.as_str()) else {
                return Err(DataError::new("forms", "", format!("事项 {}（{}）没有表单", leaf.id, leaf.name)));
            };
            let spec = spec?;
            let file = &self.entries[leaf.id.as_str()].0;
            check_spec(&spec, dict)
                .map_err(|(path, msg)| DataError::new(file, format!("forms.{}{path}", spec.item), msg))?;
        }
        Ok(())
    }
}

/// Checks one resolved form against the dictionary. Errors as (path suffix, message).
pub fn check_spec(spec: &FormSpec, dict: &Dictionary) -> Result<(), (String, String)> {
    if spec.fields.is_empty() {
        return Err((String::new(), "表单没有字段".to_owned()));
    }
    let mut seen = BTreeSet::new();
    for (i, f) in spec.fields.iter().enumerate() {
        let p = format!(".fields[{i}]");
        let Some(element) = dict.element(&f.field.element) else {
            return Err((p, format!("数据元“{}”不存在", f.field.element)));
        };
        let Some(role) = dict.role(&f.field.role) else {
            return Err((p, format!("角色“{}”不存在", f.field.role)));
        };
        if role.kind == RoleKind::Item && f.field.role != ITEM_ROLE {
            return Err((p, "事项专属角色只能是 item".to_owned()));
        }
        if !seen.insert(&f.field) {
            return Err((p, format!("字段“{}”重复", f.field)));
        }
        if let Some(options) = &f.options {
            if !matches!(element.kind, Kind::Enum | Kind::MultiEnum) {
                return Err((p, "只有选择类字段可以限定选项".to_owned()));
            }
            let allowed = dict.option_codes(&element.key);
            if options.is_empty() {
                return Err((p, "限定的选项不能为空".to_owned()));
            }
            if let Some(bad) = options.iter().find(|o| !allowed.contains(&o.as_str())) {
                return Err((p, format!("选项“{bad}”不在选项表中")));
            }
        }
        if let (Some(a), Some(b)) = (f.min_len.or(element.min_len), f.max_len.or(element.max_len)) {
            if a > b {
                return Err((p, "最小长度大于最大长度".to_owned()));
            }
        }
    }
    let group_elements: BTreeSet<FieldKey> = spec
        .groups
        .iter()
        .filter_map(|g| dict.groups.get(&g.group))
        .flat_map(|g| g.elements.iter().map(move |e| FieldKey { element: e.clone(), role: g.role.clone() }))
        .collect();
    for (i, g) in spec.groups.iter().enumerate() {
        let p = format!(".groups[{i}]");
        let Some(definition) = dict.groups.get(&g.group) else {
            return Err((p, format!("重复组“{}”不存在", g.group)));
        };
        if g.max == 0 || g.min > g.max {
            return Err((p, format!("重复组人数范围 {}–{} 不正确", g.min, g.max)));
        }
        if let Some(former) = &g.formerly {
            let p = format!("{p}.formerly");
            let same_role = dict.groups.get(&former.group).map(|old| old.role == definition.role);
            match same_role {
                None => return Err((p, format!("原重复组“{}”不存在", former.group))),
                Some(false) => return Err((p, format!("原重复组“{}”的角色与“{}”不同", former.group, g.group))),
                Some(true) if former.group == g.group => return Err((p, "原重复组与现重复组相同".to_owned())),
                Some(true) => {}
            }
            // A format this build does not write yet would move the members of every draft, new ones too.
            if former.until_draft_format == 0 || former.until_draft_format > crate::draft::DRAFT_FORMAT {
                return Err((p, format!("草稿格式 {} 不是已有的格式", former.until_draft_format)));
            }
        }
    }
    let conditions = spec
        .fields
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.when.as_ref().map(|c| (format!(".fields[{i}].when"), c)))
        .chain(
            spec.groups
                .iter()
                .enumerate()
                .filter_map(|(i, g)| g.when.as_ref().map(|c| (format!(".groups[{i}].when"), c))),
        );
    for (p, c) in conditions {
        check_condition(c, spec, dict, &group_elements).map_err(|m| (p, m))?;
    }
    Ok(())
}

/// A condition must have one shape, read fields of the same form (not of a repeatable group), and compare
/// choice fields with codes that exist.
pub fn check_condition(
    c: &Condition,
    spec: &FormSpec,
    dict: &Dictionary,
    group_elements: &BTreeSet<FieldKey>,
) -> Result<(), String> {
    c.check_shape()?;
    for (field, values) in c.references() {
        if group_elements.contains(field) {
            return Err(format!("条件不能引用重复组中的字段“{field}”"));
        }
        if spec.field(field).is_none() {
            return Err(format!("条件引用的字段“{field}”不在本表单中"));
        }
        let Some(element) = dict.element(&field.element) else {
            return Err(format!("数据元“{}”不存在", field.element));
        };
        let codes: Vec<&str> = match element.kind {
            Kind::Enum | Kind::MultiEnum => dict.option_codes(&element.key),
            Kind::YesNo => vec!["0", "1"],
            _ => continue,
        };
        if let Some(bad) = values.iter().find(|v| !codes.contains(v)) {
            return Err(format!("条件中的取值“{bad}”不是字段“{field}”的选项"));
        }
    }
    Ok(())
}
