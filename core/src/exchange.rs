//! The documents the app downloads on demand (written by `export-data`, read in the browser): guides and forms
//! per stage, and the field dictionary. Resolved at build time, so the app needs no family logic.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{CatalogIndex, LifecycleId};
use crate::data::DataError;
use crate::dictionary::{Dictionary, Element, FieldKey, Group, OptionList, Role, SameAddress, SamePerson};
use crate::forms::FormSpec;
use crate::guides::{Guide, Material};

/// Which stage file an item's data is in: `E1` … `E6`, `P1` … `P11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct StageKey {
    pub lifecycle: LifecycleId,
    pub stage_no: u32,
}

impl StageKey {
    pub fn of(catalog: &CatalogIndex, id: &str) -> Option<StageKey> {
        let place = catalog.place(id)?;
        Some(StageKey { lifecycle: catalog.lifecycle_at(place).id, stage_no: catalog.stage_at(place).no })
    }

    pub fn file_stem(self) -> String {
        format!("{}{}", self.lifecycle.id_prefix(), self.stage_no)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GuidesFile {
    pub catalog_version: String,
    pub guides_version: String,
    pub guides: BTreeMap<String, Guide>,
    /// The materials these guides name, so the file stands alone.
    pub materials: BTreeMap<String, Material>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormsFile {
    pub catalog_version: String,
    /// The version of the forms data these specs were resolved from (`data/forms`): a draft filled against other
    /// forms is reopened ([`crate::draft::Draft::outdated`]). Empty in files written before it was recorded.
    #[serde(default)]
    pub forms_version: String,
    pub forms: BTreeMap<String, FormSpec>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DictionaryDoc {
    pub version: String,
    pub roles: Vec<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_person: Option<SamePerson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_address: Option<SameAddress>,
    pub option_lists: Vec<OptionList>,
    pub elements: Vec<Element>,
    pub groups: Vec<Group>,
}

impl Dictionary {
    pub fn to_exchange(&self) -> DictionaryDoc {
        DictionaryDoc {
            version: self.version.clone(),
            roles: self.roles.values().cloned().collect(),
            same_person: self.same_person.clone(),
            same_address: self.same_address.clone(),
            option_lists: self.option_lists.values().cloned().collect(),
            elements: self.elements.values().cloned().collect(),
            groups: self.groups.values().cloned().collect(),
        }
    }

    /// Reads a downloaded dictionary and checks it as the bundled one is checked. Plain serde_json (no path
    /// tracking): the file is machine-written and was checked at build time.
    pub fn from_exchange(json: &str) -> Result<Dictionary, DataError> {
        Dictionary::from_exchange_built(json, None)
    }

    /// [`Dictionary::from_exchange`], without the cross-reference check when `json` is exactly the file the build
    /// wrote and checked (`built`, its [`Fingerprint`] printed by `export-data` and embedded in the app): in the
    /// page, on a slow phone, the check costs a noticeable part of the wait for the notice (README, “The
    /// application flow, side by side”) for a result known at build time. Any other text — a catalog update's, an older build's from a cache, a damaged one — is checked.
    pub fn from_exchange_built(json: &str, built: Option<Fingerprint>) -> Result<Dictionary, DataError> {
        let doc: DictionaryDoc =
            serde_json::from_str(json).map_err(|e| DataError::new("dictionary.json", "", e.to_string()))?;
        let d = Dictionary {
            version: doc.version,
            roles: doc.roles.into_iter().map(|r| (r.key.clone(), r)).collect(),
            same_person: doc.same_person,
            same_address: doc.same_address,
            option_lists: doc.option_lists.into_iter().map(|o| (o.key.clone(), o)).collect(),
            elements: doc.elements.into_iter().map(|e| (e.key.clone(), e)).collect(),
            groups: doc.groups.into_iter().map(|g| (g.key.clone(), g)).collect(),
        };
        match built {
            Some(built) if built == Fingerprint::of(json) => {}
            _ => d.check()?,
        }
        Ok(d)
    }
}

/// What identifies a file's content cheaply: its length in bytes and its FNV-1a 64 hash. For recognising the file
/// a build wrote (the hash of 120 KB costs well under a millisecond), not against someone who forges one: whoever
/// can change the app's files can change the app too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: usize,
    pub fnv1a: u64,
}

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        let fnv1a = text.bytes().fold(OFFSET_BASIS, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME));
        Fingerprint { len: text.len(), fnv1a }
    }

    /// Reads what [`Fingerprint`]'s `Display` writes (`121429-0123456789abcdef`); anything else is `None`.
    pub fn parse(text: &str) -> Option<Fingerprint> {
        let (len, hash) = text.trim().split_once('-')?;
        if hash.len() != 16 {
            return None;
        }
        Some(Fingerprint { len: len.parse().ok()?, fnv1a: u64::from_str_radix(hash, 16).ok()? })
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:016x}", self.len, self.fnv1a)
    }
}

/// The names the given fields read as (`姓名（申请人）`, as forms name them: [`crate::validate::field_name`]),
/// read from a downloaded `dictionary.json` without building a [`Dictionary`]: for screens that only name
/// fields (the settings screen's kept profile entries, in the lean build too, which carries no form engine). A key
/// whose element or role the file does not have is left out, never shown as a key; a file that is not a
/// dictionary gives no names.
pub fn field_names<'a>(
    dictionary_json: &str,
    keys: impl IntoIterator<Item = &'a FieldKey>,
) -> BTreeMap<FieldKey, String> {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(dictionary_json) else {
        return BTreeMap::new();
    };
    let label = |list: &str, key: &str| {
        doc.get(list)?
            .as_array()?
            .iter()
            .find(|entry| entry.get("key").and_then(serde_json::Value::as_str) == Some(key))?
            .get("label")?
            .as_str()
            .filter(|l| !l.trim().is_empty())
    };
    keys.into_iter()
        .filter_map(|key| {
            let element = label("elements", &key.element)?;
            let role = label("roles", &key.role)?;
            Some((key.clone(), crate::validate::field_name(element, role, key.role == crate::forms::ITEM_ROLE)))
        })
        .collect()
}

impl crate::forms::FormSet {
    /// A form set from downloaded stage files: their specs, and the newest forms version among them (all files of
    /// one build have the same).
    pub fn from_files<'a>(files: impl IntoIterator<Item = &'a FormsFile> + Clone) -> crate::forms::FormSet {
        let mut set = crate::forms::FormSet::from_specs(files.clone().into_iter().flat_map(|f| f.forms.values()));
        set.version = files.into_iter().map(|f| f.forms_version.as_str()).max().unwrap_or_default().to_owned();
        set
    }

    /// A form set with no forms, of a known version: what a draft records before the forms are downloaded (the
    /// build's own forms version, so that a draft made by this build is not reopened for nothing).
    pub fn empty_of_version(version: &str) -> crate::forms::FormSet {
        crate::forms::FormSet { version: version.to_owned(), ..crate::forms::FormSet::default() }
    }

    /// A form set from resolved specs (downloaded stage files): each spec becomes a family-less entry.
    pub fn from_specs<'a>(specs: impl IntoIterator<Item = &'a FormSpec>) -> crate::forms::FormSet {
        let entries = specs
            .into_iter()
            .map(|s| {
                let entry = crate::forms::FormEntry {
                    item: s.item.clone(),
                    family: None,
                    based_on: Some(s.based_on.clone()),
                    fields: s.fields.clone(),
                    remove: Vec::new(),
                    groups: s.groups.clone(),
                    remove_groups: Vec::new(),
                };
                (s.item.clone(), ("download".to_owned(), entry))
            })
            .collect();
        crate::forms::FormSet { version: String::new(), families: BTreeMap::new(), entries }
    }
}

impl crate::guides::GuideSet {
    /// A guide set from downloaded stage files.
    pub fn from_files<'a>(files: impl IntoIterator<Item = &'a GuidesFile>) -> crate::guides::GuideSet {
        let mut set = crate::guides::GuideSet::default();
        for f in files {
            if f.guides_version > set.version {
                set.version = f.guides_version.clone();
            }
            for (id, g) in &f.guides {
                set.guides.insert(id.clone(), ("download".to_owned(), g.clone()));
            }
        }
        set
    }
}

impl crate::guides::MaterialDictionary {
    /// The materials named by downloaded stage files.
    pub fn from_files<'a>(files: impl IntoIterator<Item = &'a GuidesFile>) -> crate::guides::MaterialDictionary {
        let mut d = crate::guides::MaterialDictionary::default();
        for f in files {
            d.materials.extend(f.materials.iter().map(|(k, m)| (k.clone(), m.clone())));
        }
        d
    }
}
