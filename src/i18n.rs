//! Interface strings, kept in data files (data/i18n/<lang>.json), never scattered through components.
//! A missing key shows the key itself rather than failing: a visible gap, never a panic.

use std::collections::HashMap;
use std::rc::Rc;

const ZH: &str = include_str!("../data/i18n/zh.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
}

/// The strings of one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Texts {
    pub lang: Lang,
    map: Rc<HashMap<String, String>>,
}

impl Texts {
    pub fn new(lang: Lang) -> Texts {
        let source = match lang {
            Lang::Zh => ZH,
        };
        Texts { lang, map: Rc::new(serde_json::from_str(source).unwrap_or_default()) }
    }

    /// The string for `key`.
    pub fn t(&self, key: &str) -> String {
        self.map.get(key).cloned().unwrap_or_else(|| key.to_owned())
    }

    /// The string for `key` with `{name}` placeholders filled.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key);
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }
}
