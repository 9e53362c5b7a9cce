//! The catalog context: the catalog in use (bundled, or a newer one the deployment published) with its search
//! index, built once and shared with every screen (provided by `app.rs`).

use std::rc::Rc;

use sqsb_core::catalog::CatalogIndex;
use sqsb_core::search::SearchIndex;
use yew::prelude::*;

#[derive(Clone)]
pub struct Catalog {
    pub index: Rc<CatalogIndex>,
    pub search: Rc<SearchIndex>,
}

impl Catalog {
    /// The catalog with its search index (built here: the work of a start, not of a screen).
    pub fn new(index: CatalogIndex) -> Catalog {
        let search = Rc::new(SearchIndex::new(&index));
        Catalog { index: Rc::new(index), search }
    }
}

impl PartialEq for Catalog {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.index, &other.index)
    }
}

/// The catalog, or `None` outside the app (never in practice: the app renders no screen without one).
#[hook]
pub fn use_catalog() -> Option<Catalog> {
    use_context::<Catalog>()
}
