//! Interface strings, kept in data files (data/i18n/<lang>.json), never scattered through components.
//! A missing key shows the key itself rather than failing: a visible gap, never a panic.

use std::collections::HashMap;
use std::rc::Rc;

const ZH: &str = include_str!("../data/i18n/zh.json");
// English is in the full build only: the lean first-visit build switches to it for English (`upgrade.rs`).
#[cfg(feature = "full")]
const EN: &str = include_str!("../data/i18n/en.json");
/// English names of catalog entries (enterprise items; both lifecycles' stages and scenarios).
#[cfg(feature = "full")]
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
    /// Catalog names in this language, by `lifecycles/…`, `stages/<lc>/<no>`, `scenarios/<lc>/<code>`, `items/<id>`,
    /// and closed vocabularies of the data by their Chinese: `types/…`, `levels/…`, `departments/…`,
    /// `materialForms/…`, `needs/…`.
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

#[cfg(feature = "full")]
fn read_names(source: &str) -> HashMap<String, String> {
    let value: serde_json::Value = serde_json::from_str(source).unwrap_or_default();
    let mut out = HashMap::new();
    for section in
        ["lifecycles", "stages", "scenarios", "items", "types", "levels", "departments", "materialForms", "needs"]
    {
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
    /// Whether this build has the language. The lean first-visit build is Chinese only (English adds 7 KB brotli that
    /// most visitors never use); asked for English, it switches to the full build.
    pub const fn available(lang: Lang) -> bool {
        cfg!(feature = "full") || matches!(lang, Lang::Zh)
    }

    /// The strings of `lang`; Chinese where this build lacks the language (see [`Texts::available`]).
    pub fn new(lang: Lang) -> Texts {
        let fallback = Rc::new(read_map(ZH));
        match lang {
            #[cfg(feature = "full")]
            Lang::En => Texts { lang, map: Rc::new(read_map(EN)), fallback, names: Rc::new(read_names(CATALOG_EN)) },
            _ => Texts { lang: Lang::Zh, map: fallback.clone(), fallback, names: Rc::default() },
        }
    }

    /// A catalog entry's name in this language (`key` like `items/E001`), or the Chinese name given.
    pub fn name(&self, key: &str, chinese: &str) -> String {
        self.names.get(key).cloned().unwrap_or_else(|| chinese.to_owned())
    }

    /// A catalog item's name (`E001`, `P003-2`) in this language, or the Chinese name given.
    pub fn item_name(&self, id: impl std::fmt::Display, chinese: &str) -> String {
        match self.lang {
            Lang::Zh => chinese.to_owned(),
            Lang::En => self.name(&format!("items/{id}"), chinese),
        }
    }

    /// A term of a closed vocabulary of the data (`section` like `departments`) in this language, or the Chinese
    /// given. Chinese needs no lookup.
    fn term(&self, section: &str, chinese: &str) -> String {
        match self.lang {
            Lang::Zh => chinese.to_owned(),
            Lang::En => self.name(&format!("{section}/{chinese}"), chinese),
        }
    }

    /// An item type (事项类型 such as 行政许可) in this language.
    pub fn item_type(&self, chinese: &str) -> String {
        self.term("types", chinese)
    }

    /// A level note (县级事项, 省级事项) in this language.
    pub fn level(&self, chinese: &str) -> String {
        self.term("levels", chinese)
    }

    /// A department's name (市公安局…) in this language.
    pub fn department(&self, chinese: &str) -> String {
        self.term("departments", chinese)
    }

    /// Departments in this language, joined as a list.
    pub fn departments(&self, chinese: &[String]) -> String {
        chinese.iter().map(|d| self.department(d)).collect::<Vec<_>>().join(self.list_separator())
    }

    /// A material's form (原件, 复印件…) in this language.
    pub fn material_form(&self, chinese: &str) -> String {
        self.term("materialForms", chinese)
    }

    /// Whether a material is needed (需提交, 视情况, 无需提交) in this language.
    pub fn need(&self, chinese: &str) -> String {
        self.term("needs", chinese)
    }

    /// What separates the entries of an inline list: 、 in Chinese, a comma in English.
    pub fn list_separator(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "、",
            Lang::En => ", ",
        }
    }

    /// `text` in brackets: full-width in Chinese, `" (…)"` in English.
    pub fn bracketed(&self, text: &str) -> String {
        match self.lang {
            Lang::Zh => format!("（{text}）"),
            Lang::En => format!(" ({text})"),
        }
    }

    /// `label：value` in Chinese, `label: value` in English.
    pub fn labelled(&self, label: &str, value: &str) -> String {
        match self.lang {
            Lang::Zh => format!("{label}：{value}"),
            Lang::En => format!("{label}: {value}"),
        }
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

/// The interface texts in the language in use (provided by `app.rs`; Chinese outside the app).
#[yew::hook]
pub fn use_texts() -> Texts {
    yew::use_context::<Texts>().unwrap_or_else(|| Texts::new(Lang::Zh))
}
