//! Every law article a guide or a deadline (data/deadlines.json) cites has been checked against the law's text: it is listed in data/citations.json
//! with the source it was read from. A new citation fails here until someone has checked it and listed it.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use sqsb_core::guides::{articles_in, Basis};
use sqsb_core::schedule::DeadlineData;

fn data_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// `第十条、第二十三条` or `第五十七条第一款` → the articles (`第十条`, `第二十三条`, `第五十七条`): the core's
/// reading ([`Basis::articles`]), the same for a guide's basis, a deadline's and running text.
fn articles(text: &str) -> Vec<String> {
    articles_in(text).into_iter().map(str::to_owned).collect()
}

/// The (law, article) pairs a basis cites.
fn basis_citations(basis: &Basis) -> impl Iterator<Item = (String, String)> + '_ {
    basis.articles().into_iter().map(|a| (basis.law.clone(), a.to_owned()))
}

/// Citations in running text: `《law》第…条`, also several joined by `、` (`《law》第七条、第八条`).
fn cited_in_text(text: &str, out: &mut BTreeSet<(String, String)>) {
    let mut rest = text;
    while let Some(open) = rest.find('《') {
        let Some(close) = rest[open..].find('》').map(|c| open + c + '》'.len_utf8()) else { break };
        let law = &rest[open..close];
        let after = &rest[close..];
        // The article list runs while it is made of 第…条 (with 款/项) and 、.
        let list: String = after
            .chars()
            .take_while(|c| {
                !matches!(c, '，' | '。' | '；' | '（' | '）' | '《' | ',' | ' ') && !c.is_ascii_whitespace()
            })
            .collect();
        if list.starts_with('第') {
            for article in articles(&list) {
                out.insert((law.to_owned(), article));
            }
        }
        rest = after;
    }
}

fn cited(value: &Value, out: &mut BTreeSet<(String, String)>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("law") {
                // Every object naming a law is a basis (a guide's, a deadline's), read as the core reads it.
                let basis: Basis = serde_json::from_value(value.clone())
                    .unwrap_or_else(|e| panic!("{value}: a law cited as something other than a basis ({e})"));
                out.extend(basis_citations(&basis));
            }
            map.values().for_each(|v| cited(v, out));
        }
        Value::Array(list) => list.iter().for_each(|v| cited(v, out)),
        Value::String(text) => cited_in_text(text, out),
        _ => {}
    }
}

fn all_citations() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let dir = data_dir().join("guides");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("data/guides").filter_map(Result::ok).collect();
    files.sort_by_key(|f| f.file_name());
    for file in files {
        let text = std::fs::read_to_string(file.path()).expect("readable guide file");
        let value: Value = serde_json::from_str(&text).expect("guide file is JSON");
        cited(&value, &mut out);
    }
    // The deadlines of 办事日程 cite the articles that set them (and what happens when they are missed).
    let text = std::fs::read_to_string(data_dir().join("deadlines.json")).expect("data/deadlines.json");
    cited(&serde_json::from_str(&text).expect("data/deadlines.json is JSON"), &mut out);
    out
}

fn checked() -> BTreeSet<(String, String)> {
    let text = std::fs::read_to_string(data_dir().join("citations.json")).expect("data/citations.json");
    let value: Value = serde_json::from_str(&text).expect("data/citations.json is JSON");
    let list = value["articles"].as_array().expect("an `articles` list");
    list.iter()
        .map(|entry| {
            let law = entry["law"].as_str().expect("law").to_owned();
            let article = entry["article"].as_str().expect("article").to_owned();
            let source = entry["source"].as_str().expect("source");
            assert!(source.starts_with("http"), "{law}{article}: a source to read it at, not {source:?}");
            assert_eq!(articles(&article), vec![article.clone()], "one article per entry: {law}{article}");
            (law, article)
        })
        .collect()
}

#[test]
fn the_article_lists_are_read_as_a_person_reads_them() {
    assert_eq!(articles("第十条、第二十三条、第六十条"), ["第十条", "第二十三条", "第六十条"]);
    assert_eq!(articles("第五十七条第一款"), ["第五十七条"]);
    let mut out = BTreeSet::new();
    cited_in_text(
        "自受理之日起 45 日内审查完毕（《安全生产许可证条例》第七条、《建筑施工企业安全生产许可证管理规定》第七条）。\
         期满前 3 个月办理（《安全生产许可证条例》第九条）；依照《中华人民共和国民法典》的规定。",
        &mut out,
    );
    let found: Vec<(&str, &str)> = out.iter().map(|(l, a)| (l.as_str(), a.as_str())).collect();
    assert_eq!(
        found,
        [
            ("《安全生产许可证条例》", "第七条"),
            ("《安全生产许可证条例》", "第九条"),
            ("《建筑施工企业安全生产许可证管理规定》", "第七条"),
        ]
    );
}

#[test]
fn every_article_a_guide_cites_has_been_checked_against_the_law() {
    let cited = all_citations();
    assert!(cited.len() > 150, "the guides cite {} articles: is the reader still finding them?", cited.len());
    let checked = checked();
    let unchecked: Vec<String> = cited.difference(&checked).map(|(law, article)| format!("{law}{article}")).collect();
    assert!(
        unchecked.is_empty(),
        "cited in data/guides but not checked (data/citations.json): {}",
        unchecked.join("、")
    );
}

/// Every `basis` entry of a guide or a family in data/guides: (file, guide item or family key, entry).
fn basis_entries() -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    let dir = data_dir().join("guides");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("data/guides").filter_map(Result::ok).collect();
    files.sort_by_key(|f| f.file_name());
    for file in files {
        let name = file.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(file.path()).expect("readable guide file");
        let value: Value = serde_json::from_str(&text).expect("guide file is JSON");
        for section in ["families", "guides"] {
            for guide in value[section].as_array().into_iter().flatten() {
                let id = guide["item"].as_str().or_else(|| guide["key"].as_str()).expect("an item or a key");
                for entry in guide["basis"].as_array().into_iter().flatten() {
                    out.push((name.clone(), id.to_owned(), entry.clone()));
                }
            }
        }
    }
    out
}

/// data/citations.json `awaiting_article`: (law, item) pairs, each group with the reason it has no article yet.
fn awaiting_article() -> BTreeSet<(String, String)> {
    let text = std::fs::read_to_string(data_dir().join("citations.json")).expect("data/citations.json");
    let value: Value = serde_json::from_str(&text).expect("data/citations.json is JSON");
    let list = value["awaiting_article"].as_array().expect("an `awaiting_article` list");
    let mut out = BTreeSet::new();
    for group in list {
        let law = group["law"].as_str().expect("law");
        let why = group["why"].as_str().unwrap_or_default();
        assert!(!why.trim().is_empty(), "{law}: say why it has no article yet");
        let items = group["items"].as_array().expect("items");
        assert!(!items.is_empty(), "{law}: an awaiting group lists the items that cite it");
        for item in items {
            let item = item.as_str().expect("an item code or family key");
            assert!(out.insert((law.to_owned(), item.to_owned())), "{law} {item} listed twice in awaiting_article");
        }
    }
    out
}

#[test]
fn every_basis_entry_names_its_article_or_says_why_not() {
    let entries = basis_entries();
    assert!(entries.len() > 300, "only {} basis entries: is the reader still finding them?", entries.len());
    let mut unnumbered = BTreeSet::new();
    let mut numbered = BTreeSet::new();
    let mut missing = BTreeSet::new();
    for (file, id, entry) in &entries {
        let law = entry["law"].as_str().expect("law").to_owned();
        let has_article = entry["article"].as_str().is_some_and(|a| !a.trim().is_empty());
        let is_unnumbered = entry["unnumbered"].as_bool().unwrap_or(false);
        assert!(
            !(has_article && is_unnumbered),
            "{file} {id}: {law} names an article and is marked unnumbered: a document with 条 is not unnumbered"
        );
        if is_unnumbered {
            unnumbered.insert(law);
        } else if has_article {
            numbered.insert(law);
        } else {
            missing.insert((law, id.clone()));
        }
    }
    // A document cited by article anywhere has numbered articles, so it can never be marked unnumbered.
    let both: Vec<&String> = unnumbered.intersection(&numbered).collect();
    assert!(both.is_empty(), "marked unnumbered but cited by article elsewhere: {both:?}");

    let awaiting = awaiting_article();
    let unlisted: Vec<String> = missing.difference(&awaiting).map(|(law, id)| format!("{id} {law}")).collect();
    assert!(
        unlisted.is_empty(),
        "basis entries without `article` that are neither `unnumbered` nor listed in data/citations.json \
         `awaiting_article`: {}",
        unlisted.join("、")
    );
    let stale: Vec<String> = awaiting.difference(&missing).map(|(law, id)| format!("{id} {law}")).collect();
    assert!(
        stale.is_empty(),
        "listed in data/citations.json `awaiting_article` but the guide now names the article, is unnumbered or no \
         longer cites the law (remove them): {}",
        stale.join("、")
    );
}

/// A deadline's basis is the article that sets the period, listed as it is checked: one article exactly (not a
/// list, no 款), and what happens when it is missed likewise. The period rules shown with every deadline (民法典
/// 第二百零一条–第二百零三条) are checked too.
#[test]
fn every_deadline_cites_one_article_checked_against_the_law() {
    let checked = checked();
    let data = DeadlineData::bundled().expect("data/deadlines.json");
    assert!(data.deadlines.len() >= 7);
    for deadline in &data.deadlines {
        for basis in deadline.articles() {
            let article = basis.article.as_deref().unwrap_or_default();
            assert_eq!(basis.articles(), [article], "{}: {} names one article", deadline.item, basis.text());
            let cited: Vec<(String, String)> = basis_citations(basis).collect();
            assert!(
                cited.iter().all(|c| checked.contains(c)),
                "{}: {} is not in data/citations.json",
                deadline.item,
                basis.text()
            );
        }
    }
    for article in ["第二百零一条", "第二百零二条", "第二百零三条"] {
        assert!(checked.contains(&("《中华人民共和国民法典》".to_owned(), article.to_owned())));
    }
}
