//! Display preferences: 长辈版 (elder mode) and the interface language. Remembered on this device; the host
//! can set them through the page URL (`?elder=1`, `?lang=en`) or the mount options, which win over what was stored.

use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::i18n::Lang;

const PREFS_KEY: &str = "sqsb.prefs.v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Prefs {
    pub elder: bool,
    #[serde(default)]
    pub english: bool,
}

impl Prefs {
    pub fn lang(self) -> Lang {
        if self.english {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// Stored preferences, then what the host set (`elder` / `lang` in the page URL or the mount options) on top.
    pub fn load(elder: Option<bool>, lang: Option<Lang>) -> Prefs {
        let mut prefs: Prefs = LocalStorage::get(PREFS_KEY).unwrap_or_default();
        if let Some(elder) = elder {
            prefs.elder = elder;
        }
        if let Some(lang) = lang {
            prefs.english = lang == Lang::En;
        }
        prefs
    }

    fn save(self) {
        if let Err(e) = LocalStorage::set(PREFS_KEY, self) {
            crate::log::warn(&format!("preferences not saved: {e}"));
        }
    }
}

pub enum PrefsAction {
    SetElder(bool),
    SetEnglish(bool),
}

impl Reducible for Prefs {
    type Action = PrefsAction;

    fn reduce(self: Rc<Self>, action: PrefsAction) -> Rc<Self> {
        let mut next = *self;
        match action {
            PrefsAction::SetElder(on) => next.elder = on,
            PrefsAction::SetEnglish(on) => next.english = on,
        }
        next.save();
        Rc::new(next)
    }
}

pub type PrefsHandle = UseReducerHandle<Prefs>;
