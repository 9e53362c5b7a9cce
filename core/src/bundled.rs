//! The data bundled into the core at build time (`build.rs`), loaded in one call: what the build-time tools, the
//! examples, the tests and the benchmarks read. The app itself downloads the guides and forms per stage instead
//! (`exchange.rs`), so nothing here reaches its bundle.

use crate::catalog::CatalogIndex;
use crate::dictionary::Dictionary;
use crate::engine::Engine;
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
}
