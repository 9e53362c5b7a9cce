//! The documents the app downloads on demand (written by `export-data`, read in the browser): guides and forms
//! per stage, and the field dictionary. Resolved at build time, so the app needs no family logic.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{CatalogIndex, LifecycleId};
use crate::data::DataError;
use crate::dictionary::{Dictionary, Element, Group, OptionList, Role};
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
    pub forms: BTreeMap<String, FormSpec>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DictionaryDoc {
    pub version: String,
    pub roles: Vec<Role>,
    pub option_lists: Vec<OptionList>,
    pub elements: Vec<Element>,
    pub groups: Vec<Group>,
}

impl Dictionary {
    pub fn to_exchange(&self) -> DictionaryDoc {
        DictionaryDoc {
            version: self.version.clone(),
            roles: self.roles.values().cloned().collect(),
            option_lists: self.option_lists.values().cloned().collect(),
            elements: self.elements.values().cloned().collect(),
            groups: self.groups.values().cloned().collect(),
        }
    }

    /// Reads a downloaded dictionary and checks it as the bundled one is checked.
    pub fn from_exchange(json: &str) -> Result<Dictionary, DataError> {
        let doc: DictionaryDoc = crate::data::parse("dictionary.json", json)?;
        let file = serde_json::json!({
            "version": doc.version, "roles": doc.roles, "option_lists": doc.option_lists,
            "elements": doc.elements, "groups": doc.groups,
        });
        Dictionary::from_bundle(&serde_json::json!([{ "file": "dictionary.json", "doc": file }]).to_string())
    }
}
