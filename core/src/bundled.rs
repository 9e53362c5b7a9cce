//! The data bundled into the core at build time (`build.rs`), loaded in one call: what the build-time tools, the
//! examples, the tests and the benchmarks read. The app itself downloads the guides and forms per stage instead
//! (`exchange.rs`), so nothing here reaches its bundle.

use std::collections::BTreeMap;

use crate::catalog::CatalogIndex;
use crate::dictionary::Dictionary;
use crate::engine::Engine;
use crate::exchange::{FormsFile, GuidesFile, StageKey};
use crate::forms::FormSet;
use crate::guides::{GuideSet, MaterialDictionary};

/// The catalog, the field dictionary, the forms, the guides and the materials dictionary, as bundled.
#[derive(Debug, Clone)]
pub struct Bundled {
    pub catalog: CatalogIndex,
    pub dict: Dictionary,
    pub forms: FormSet,
    pub guides: GuideSet,
    pub materials: MaterialDictionary,
}

impl Bundled {
    /// Loads everything; the first file that does not load is the error (its located message).
    pub fn load() -> Result<Bundled, String> {
        Ok(Bundled {
            catalog: CatalogIndex::bundled().map_err(|e| e.to_string())?,
            dict: Dictionary::bundled().map_err(|e| e.to_string())?,
            forms: FormSet::bundled().map_err(|e| e.to_string())?,
            guides: GuideSet::bundled().map_err(|e| e.to_string())?,
            materials: MaterialDictionary::bundled().map_err(|e| e.to_string())?,
        })
    }

    /// The cross-file checks: every form against the catalog and the dictionary, every guide against the
    /// catalog, the materials, the forms and the dictionary.
    pub fn check(&self) -> Result<(), String> {
        self.forms.check(&self.catalog, &self.dict).map_err(|e| e.to_string())?;
        self.guides.check(&self.catalog, &self.materials, &self.forms, &self.dict).map_err(|e| e.to_string())
    }

    pub fn engine(&self) -> Engine<'_> {
        Engine::new(&self.catalog, &self.dict, &self.forms, &self.guides, &self.materials)
    }

    /// The guides and forms the app downloads, split by stage file stem (`E1` … `P11`) as `export-data` writes them
    /// to `pkg/data/guides-<stem>.json` and `forms-<stem>.json`: each leaf's guide (families applied) with the
    /// materials it names, and its resolved form. One function for the build and the tests that compare what the
    /// app reads with what the build-time screens were rendered from.
    pub fn stage_files(&self) -> Result<StageFiles, String> {
        let mut files = StageFiles::default();
        for leaf in self.catalog.leaves() {
            let stem = StageKey::of(&self.catalog, leaf.id.as_str()).ok_or("leaf without a stage")?.file_stem();
            let id = leaf.id.as_str().to_owned();
            let guide = self.guides.guide(&id).ok_or_else(|| format!("{id} has no guide"))?.clone();
            let guides = files.guides.entry(stem.clone()).or_insert_with(|| GuidesFile {
                catalog_version: self.catalog.version().to_owned(),
                guides_version: self.guides.version.clone(),
                ..GuidesFile::default()
            });
            for m in &guide.materials {
                if let Some(material) = self.materials.get(&m.key) {
                    guides.materials.insert(m.key.clone(), material.clone());
                }
            }
            guides.guides.insert(id.clone(), guide);
            let spec = self.forms.spec(&id).ok_or_else(|| format!("{id} has no form"))?.map_err(|e| e.to_string())?;
            files
                .forms
                .entry(stem)
                .or_insert_with(|| FormsFile {
                    catalog_version: self.catalog.version().to_owned(),
                    forms_version: self.forms.version.clone(),
                    ..FormsFile::default()
                })
                .forms
                .insert(id, spec);
        }
        Ok(files)
    }
}

/// The per-stage documents of [`Bundled::stage_files`], by file stem.
#[derive(Debug, Clone, Default)]
pub struct StageFiles {
    pub guides: BTreeMap<String, GuidesFile>,
    pub forms: BTreeMap<String, FormsFile>,
}
