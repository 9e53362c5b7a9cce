//! The first-screen search: the catalog and its search index without the UI framework, so that a first visit can
//! search as soon as this small module has arrived (www/boot.src.js loads it right after the prerendered page, and
//! the app after it). It answers with the HTML of the results, exactly as the app's search screen
//! (`src/screens/search.rs`) renders them: `tests/prerender.rs` compares the two for a set of queries, so a change
//! to one that the other does not follow fails there. Chinese only, like the prerendered screens.

use std::cell::RefCell;

use sqsb_core::catalog::{CatalogIndex, LifecycleId};
use sqsb_core::search::{Hit, SearchIndex, SearchScreen};
use sqsb_core::validate::Date;
use wasm_bindgen::prelude::*;

/// The `search.*` strings of data/i18n/zh.json (build.rs).
const ZH: &str = include_str!(concat!(env!("OUT_DIR"), "/search-texts.json"));

/// The catalog, its search index and the words the results use.
pub struct Search {
    index: CatalogIndex,
    search: SearchIndex,
    texts: serde_json::Value,
    screen: SearchScreen,
}

impl Search {
    pub fn new(index: CatalogIndex) -> Search {
        Search {
            search: SearchIndex::new(&index),
            index,
            texts: serde_json::from_str(ZH).unwrap_or_default(),
            screen: SearchScreen::bundled(),
        }
    }

    /// Over the catalog the app would use: the update it stored (`stored`: the value of localStorage
    /// `sqsb.catalog.v1`, as src/catalog_update.rs writes it) while that is newer than the bundled catalog, else the
    /// bundled one. `today` is the device's date, which an update's version may not be after (as in the app). None
    /// only if the bundled catalog does not load, which its tests rule out.
    pub fn with_stored(stored: Option<&str>, today: Date) -> Option<Search> {
        let bundled = CatalogIndex::bundled().ok()?;
        let update = stored
            .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .and_then(|v| v["json"].as_str().map(str::to_owned))
            .and_then(|json| sqsb_core::update::check_update(bundled.version(), &json, today).ok());
        Some(Search::new(update.map(CatalogIndex::new).unwrap_or(bundled)))
    }

    fn t(&self, key: &str) -> String {
        self.texts[key].as_str().unwrap_or(key).to_owned()
    }

    fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key);
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// What goes inside the search screen's `<div class="sq-results">` for `query`. Attributes in the order the app's
    /// renderer writes them (`class` last), so that the two compare equal.
    pub fn results_html(&self, query: &str) -> String {
        let mut out = String::new();
        let q = query.trim();
        if q.is_empty() {
            return out;
        }
        let hits = self.search.search(query, self.screen.limit);
        if hits.is_empty() {
            out.push_str("<div role=\"status\" class=\"sq-empty\"><p>");
            text(&mut out, &self.f("search.empty", &[("q", q)]));
            out.push_str("</p><p>");
            text(&mut out, &self.t("search.empty_hint"));
            out.push_str("</p><h2>");
            text(&mut out, &self.t("search.popular"));
            out.push_str("</h2><ul class=\"sq-link-list\">");
            for leaf in self.screen.popular.iter().filter_map(|id| self.index.leaf(id)) {
                out.push_str("<li><a href=\"");
                attribute(&mut out, &item_hash(leaf.id.as_str()));
                out.push_str("\">");
                text(&mut out, leaf.name);
                out.push_str("</a></li>");
            }
            out.push_str("</ul></div>");
            return out;
        }
        out.push_str("<p role=\"status\" class=\"sq-muted\">");
        text(&mut out, &self.f("search.results", &[("n", &hits.len().to_string())]));
        out.push_str("</p>");
        self.scenarios(&mut out, query);
        for (lc, key) in [(LifecycleId::Enterprise, "search.enterprise"), (LifecycleId::Personal, "search.personal")] {
            self.group(&mut out, &hits, lc, key);
        }
        out
    }

    /// The 一件事 the query asks for, above the items (as the app's `scenario_results`).
    fn scenarios(&self, out: &mut String, query: &str) {
        let scenarios = self.search.scenarios(query);
        if scenarios.is_empty() {
            return;
        }
        out.push_str(
            "<section aria-labelledby=\"sq-results-scenarios\" class=\"sq-section\"><h2 id=\"sq-results-scenarios\">",
        );
        text(out, &self.t("search.scenarios"));
        out.push_str("</h2><ul class=\"sq-item-list\">");
        for s in scenarios {
            out.push_str("<li class=\"sq-item\"><a href=\"");
            attribute(out, &format!("#/scenario/{}/{}", s.lifecycle.as_str(), s.code));
            out.push_str("\" class=\"sq-item-link sq-scenario-hit\"><span class=\"sq-item-name\">");
            text(out, &s.name);
            out.push_str("</span><span class=\"sq-item-meta\">");
            text(out, &self.t("search.scenario_go"));
            out.push_str("</span></a></li>");
        }
        out.push_str("</ul></section>");
    }

    fn group(&self, out: &mut String, hits: &[Hit], lc: LifecycleId, key: &str) {
        let list: Vec<&Hit> = hits.iter().filter(|h| h.lifecycle == lc).collect();
        if list.is_empty() {
            return;
        }
        let id = format!("sq-results-{}", lc.as_str());
        out.push_str("<section aria-labelledby=\"");
        attribute(out, &id);
        out.push_str("\" class=\"sq-section\"><h2 id=\"");
        attribute(out, &id);
        out.push_str("\">");
        text(out, &self.t(key));
        out.push_str("<span class=\"sq-count\">");
        text(out, &format!("（{}）", list.len()));
        out.push_str("</span></h2><ul class=\"sq-item-list\">");
        for hit in list {
            out.push_str("<li class=\"sq-item\"><a href=\"");
            attribute(out, &item_hash(&hit.id));
            out.push_str("\" class=\"sq-item-link\"><span class=\"sq-item-name\">");
            highlighted(out, &hit.name, &hit.highlight);
            out.push_str("</span></a></li>");
        }
        out.push_str("</ul></section>");
    }
}

/// An item's route, as `Route::Item` writes it.
fn item_hash(id: &str) -> String {
    format!("#/item/{}", sqsb_core::encode_uri_component(id))
}

/// The name with the matched character ranges in `<mark>` (as the app's `highlighted`).
fn highlighted(out: &mut String, name: &str, ranges: &[(usize, usize)]) {
    let chars: Vec<char> = name.chars().collect();
    let mut at = 0;
    for &(start, end) in ranges {
        let (start, end) = (start.min(chars.len()), end.min(chars.len()));
        if start < at || start >= end {
            continue;
        }
        text(out, &chars[at..start].iter().collect::<String>());
        out.push_str("<mark>");
        text(out, &chars[start..end].iter().collect::<String>());
        out.push_str("</mark>");
        at = end;
    }
    text(out, &chars[at..].iter().collect::<String>());
}

/// Text content, escaped as the app's renderer escapes it.
fn text(out: &mut String, s: &str) {
    escaped(out, s, false);
}

/// A double-quoted attribute value, escaped.
fn attribute(out: &mut String, s: &str) {
    escaped(out, s, true);
}

fn escaped(out: &mut String, s: &str, in_attribute: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

thread_local! {
    static SEARCH: RefCell<Option<Search>> = const { RefCell::new(None) };
}

/// Builds the search index, over the stored catalog update if there is one (see [`Search::with_stored`]). `year`,
/// `month` (1–12) and `day` are the device's date, passed in so that this module needs no clock of its own (and no
/// js-sys); with no real date, a stored update is not used (the app, which reads the clock itself, will). Returns
/// whether search is ready.
#[wasm_bindgen]
pub fn prepare(stored_catalog: Option<String>, year: u32, month: u32, day: u32) -> bool {
    let search = match Date::new(year, month, day) {
        Some(today) => Search::with_stored(stored_catalog.as_deref(), today),
        None => Search::with_stored(None, Date::default()),
    };
    let ready = search.is_some();
    SEARCH.with(|cell| *cell.borrow_mut() = search);
    ready
}

/// The results' HTML for `query` (empty before [`prepare`] or if the catalog did not load: the app shows them then).
#[wasm_bindgen]
pub fn results(query: &str) -> String {
    SEARCH.with(|cell| cell.borrow().as_ref().map(|s| s.results_html(query)).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search() -> Search {
        Search::with_stored(None, today()).expect("bundled catalog")
    }

    /// After every version these tests store.
    fn today() -> Date {
        Date::new(2100, 1, 1).unwrap_or_default()
    }

    #[test]
    fn results_are_grouped_by_lifecycle_with_counts_and_marks() {
        let html = search().results_html("出生");
        assert!(html.starts_with("<p role=\"status\" class=\"sq-muted\">共找到 "), "{html}");
        assert!(html.contains("<h2 id=\"sq-results-personal\">个人事项<span class=\"sq-count\">（"));
        assert!(html.contains("href=\"#/item/P003\""), "户口登记（出生登记）");
        assert!(html.contains("<mark>出生</mark>"));
    }

    #[test]
    fn pinyin_initials_and_everyday_words_find_items() {
        assert!(search().results_html("hkdj").contains("href=\"#/item/P003\""));
        assert!(search().results_html("开公司").contains("href=\"#/item/E001-1\""));
    }

    #[test]
    fn everyday_words_show_the_whole_scenario_above_the_items() {
        let html = search().results_html("生孩子");
        let scenario = html.find("href=\"#/scenario/personal/1.1\"").expect("出生 offered");
        let items = html.find("sq-results-personal").expect("the items too");
        assert!(scenario < items, "{html}");
        assert!(html.contains("<span class=\"sq-item-meta\">办理这一件事</span>"), "{html}");
        assert!(!search().results_html("护照").contains("#/scenario/"));
    }

    #[test]
    fn no_match_offers_the_popular_items_and_escapes_the_query() {
        let html = search().results_html("<b>&\"");
        assert!(
            html.starts_with("<div role=\"status\" class=\"sq-empty\"><p>没有找到与“&lt;b&gt;&amp;\"”相关的事项。</p>")
        );
        assert!(html.contains("<ul class=\"sq-link-list\"><li><a href=\"#/item/P003\">"));
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn every_popular_item_of_data_ui_search_json_is_in_the_catalog() {
        let s = search();
        assert!(s.screen.popular.len() >= 4, "{:?}", s.screen.popular);
        for id in &s.screen.popular {
            assert!(s.index.leaf(id).is_some(), "{id} in data/ui/search.json is not a leaf of the catalog");
        }
        assert_eq!(s.screen.limit, 60);
    }

    #[test]
    fn an_empty_query_has_no_results_and_nothing_is_answered_before_prepare() {
        assert_eq!(search().results_html("   "), "");
        assert_eq!(results("出生"), "", "not prepared yet on this thread");
        assert!(prepare(None, 2100, 1, 1));
        assert!(results("出生").contains("P003"));
    }

    #[test]
    fn a_stored_update_is_used_only_while_newer_and_valid() {
        let bundled = search();
        let mut catalog: serde_json::Value =
            serde_json::from_str(sqsb_core::catalog::BUNDLED_JSON).expect("bundled catalog JSON");
        catalog["version"] = serde_json::Value::from("2099-01-01.1");
        catalog["lifecycles"][1]["stages"][0]["scenarios"][0]["items"][2]["name"] =
            serde_json::Value::from("户口登记（出生登记，龘）");
        let stored = serde_json::json!({ "etag": null, "json": catalog.to_string() }).to_string();
        let updated = Search::with_stored(Some(&stored), today()).expect("loads");
        let found = "<a href=\"#/item/P003\" class=\"sq-item-link\">";
        assert!(updated.results_html("龘").contains(found));
        assert!(!bundled.results_html("龘").contains(found), "nothing found: only the popular items");
        // Garbage or an older catalog: the bundled one.
        for bad in ["not json", "{\"json\":\"{}\"}"] {
            let s = Search::with_stored(Some(bad), today()).expect("falls back");
            assert!(!s.results_html("龘").contains(found), "{bad}");
        }
        // Dated after the device's tomorrow, as the app would refuse it: the bundled one.
        let before = Date::new(2098, 12, 30).unwrap_or_default();
        let s = Search::with_stored(Some(&stored), before).expect("falls back");
        assert!(!s.results_html("龘").contains(found), "a version from the future");
        // Through the wasm export: no real date, no stored update.
        assert!(prepare(Some(stored.clone()), 2100, 1, 1));
        assert!(results("龘").contains(found));
        assert!(prepare(Some(stored), 0, 0, 0));
        assert!(!results("龘").contains(found), "no date, no update");
    }
}
