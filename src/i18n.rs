//! Interface strings, kept in data files (data/i18n/<lang>.json), never scattered through components.
//! A missing key shows the key itself rather than failing: a visible gap, never a panic.

use std::collections::HashMap;
use std::rc::Rc;

const ZH: &str = include_str!("../data/i18n/zh.json");
const EN: &str = include_str!("../data/i18n/en.json");
/// English names of catalog entries (enterprise items; both lifecycles' stages and scenarios).
const CATALOG_EN: &str = include_str!("../data/i18n/catalog-en.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag for the `lang` attribute (screen readers pick their voice by it).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// The strings of one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Texts {
    pub lang: Lang,
    map: Rc<HashMap<String, String>>,
    /// Chinese strings, shown where the language lacks one.
    fallback: Rc<HashMap<String, String>>,
    /// Catalog names in this language, by `lifecycles/…`, `stages/<lc>/<no>`, `scenarios/<lc>/<code>`, `items/<id>`.
    names: Rc<HashMap<String, String>>,
}

fn read_map(source: &str) -> HashMap<String, String> {
    // Read through `serde_json::Value` (already used for the catalog) rather than a typed map: one less
    // deserializer in the bundle.
    serde_json::from_str::<serde_json::Value>(source)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .map(|m| m.into_iter().filter_map(|(k, v)| Some((k, v.as_str()?.to_owned()))).collect())
        .unwrap_or_default()
}

fn read_names(source: &str) -> HashMap<String, String> {
    let value: serde_json::Value = serde_json::from_str(source).unwrap_or_default();
    let mut out = HashMap::new();
    for section in ["lifecycles", "stages", "scenarios", "items"] {
        if let Some(map) = value.get(section).and_then(|v| v.as_object()) {
            for (k, v) in map {
                if let Some(name) = v.as_str() {
                    out.insert(format!("{section}/{k}"), name.to_owned());
                }
            }
        }
    }
    out
}

impl Texts {
    pub fn new(lang: Lang) -> Texts {
        let fallback = Rc::new(read_map(ZH));
        match lang {
            Lang::Zh => Texts { lang, map: fallback.clone(), fallback, names: Rc::default() },
            Lang::En => Texts { lang, map: Rc::new(read_map(EN)), fallback, names: Rc::new(read_names(CATALOG_EN)) },
        }
    }

    /// A catalog entry's name in this language (`key` like `items/E001`), or the Chinese name given.
    pub fn name(&self, key: &str, chinese: &str) -> String {
        self.names.get(key).cloned().unwrap_or_else(|| chinese.to_owned())
    }

    /// The string for `key`.
    pub fn t(&self, key: &str) -> String {
        self.map.get(key).or_else(|| self.fallback.get(key)).cloned().unwrap_or_else(|| key.to_owned())
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
