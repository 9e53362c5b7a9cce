//! No dead ends: every pair of leaves a basket can hold either merges into one form, or the citizen is told in
//! plain words (the interface text the UI shows, in both languages) which items cannot go together — and taking
//! out any one of the named items lets the application go on.

mod support;

use std::collections::BTreeMap;

use sqsb_core::engine::{BlockerKind, MergeError};
use support::{data, engine};

fn texts(lang: &str) -> BTreeMap<String, String> {
    let path = format!("{}/../data/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What a citizen must never read: item ids (E001-1, P003), field keys (`qylx@enterprise`), option codes.
fn shows_internal_code(text: &str) -> Option<String> {
    let words = text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '@' || c == '_' || c == '-'));
    words
        .filter(|w| !w.is_empty())
        .find(|w| {
            w.contains('@')
                || w.contains('_')
                || (w.len() >= 2 && w.starts_with(['E', 'P']) && w[1..].chars().all(|c| c.is_ascii_digit() || c == '-'))
                || (w.chars().all(|c| c.is_ascii_lowercase()) && w.len() <= 6 && !ENGLISH_WORDS.contains(w))
        })
        .map(str::to_owned)
}

/// Short lowercase words of the English texts (everything else of that shape would be an option code).
const ENGLISH_WORDS: &[&str] = &[
    "the", "for", "they", "are", "and", "need", "to", "same", "only", "one", "that", "fits", "your", "you", "can",
    "apply", "later", "in", "be", "keep", "please", "other", "others", "cannot", "one", "its", "form", "is", "being",
    "ask", "how", "or", "call", "still", "on", "their", "own", "yet", "of", "this", "so", "it", "for", "now", "not",
    "go", "back", "item", "chose", "last", "then", "at", "error", "items", "a", "an", "online", "fit", "them", "by",
    "as", "with", "from", "basket", "filled", "hotline", "answers",
];

#[test]
fn every_pair_of_leaves_merges_or_is_explained_with_a_way_forward() {
    let e = engine();
    let d = data();
    let (zh, en) = (texts("zh"), texts("en"));
    let leaves: Vec<String> = d.catalog.leaves().map(|l| l.id.as_str().to_owned()).collect();
    let name = |id: &str| d.catalog.leaf(id).map(|l| l.name.to_owned()).unwrap_or_else(|| panic!("{id} is a leaf"));
    let (mut merged, mut explained) = (0usize, 0usize);
    for (i, a) in leaves.iter().enumerate() {
        for b in &leaves[i + 1..] {
            let error = match e.merge_items(&[a, b]) {
                Ok(_) => {
                    merged += 1;
                    continue;
                }
                Err(error) => error,
            };
            let blocker = e.blocker(&error);
            // Only the merge of incompatible items blocks a pair; anything else is a data error to fix in data/.
            assert!(
                matches!(error, MergeError::Conflicts(_)) && blocker.kind == BlockerKind::Together,
                "{a} + {b}: {error}"
            );
            assert!(!blocker.items.is_empty() && blocker.items.iter().all(|id| id == a || id == b), "{a} + {b}");
            assert!(blocker.detail.contains('@'), "the console detail keeps the codes: {}", blocker.detail);
            let names: Vec<String> = blocker.items.iter().map(|id| name(id)).collect();
            for (lang, texts) in [("zh", &zh), ("en", &en)] {
                // As src/apply/problem.rs words it: the names joined by `problem.and`.
                let template = texts.get(blocker.kind.text_key()).unwrap_or_else(|| panic!("{lang} text"));
                let sep = texts.get("problem.and").unwrap_or_else(|| panic!("{lang} problem.and"));
                let shown = template.replace("{items}", &names.join(sep));
                assert!(shown.contains(&names[0]), "{lang}: the message names the items: {shown}");
                if let Some(code) = shows_internal_code(&shown) {
                    panic!("{a} + {b} ({lang}): the message shows “{code}”: {shown}");
                }
            }
            // The way forward the UI offers: take one of the named items out.
            for keep in [a, b] {
                assert!(e.merge_items(&[keep]).is_ok(), "{keep} alone merges");
            }
            explained += 1;
        }
    }
    assert_eq!(merged + explained, leaves.len() * (leaves.len() - 1) / 2);
    assert!(explained > 0, "the exclusive sub-items of 公司（企业）设立登记 are among them");
    println!("{} leaves, {merged} pairs merge, {explained} pairs explained", leaves.len());
}

#[test]
fn the_exclusive_company_registrations_are_explained_without_codes() {
    let e = engine();
    let error = e.merge_items(&["E001-4", "E001-1"]).expect_err("公司设立登记 and 分公司设立登记 exclude each other");
    let blocker = e.blocker(&error);
    assert_eq!(blocker.kind, BlockerKind::Together);
    assert_eq!(blocker.items, vec!["E001-1".to_owned(), "E001-4".to_owned()]);
    assert!(blocker.detail.contains("qylx@enterprise"), "{}", blocker.detail);
    assert_eq!(shows_internal_code("请只保留“公司设立登记”"), None);
    assert_eq!(shows_internal_code("字段 qylx@enterprise"), Some("qylx@enterprise".to_owned()));
    assert_eq!(shows_internal_code("事项 E001-4"), Some("E001-4".to_owned()));
    assert_eq!(shows_internal_code("选项 llc"), Some("llc".to_owned()));
}

#[test]
fn an_item_without_a_form_is_named_not_coded() {
    let e = engine();
    let blocker = e.blocker(&MergeError::NoForm { item: "P001".to_owned() });
    assert_eq!((blocker.kind, blocker.items.clone()), (BlockerKind::NoForm, vec!["P001".to_owned()]));
    for lang in ["zh", "en"] {
        let text = texts(lang).get(blocker.kind.text_key()).cloned().expect("text");
        assert!(text.contains("{item}"), "{lang}: names the item");
        assert!(!text.contains("网络") && !text.to_lowercase().contains("network"), "{lang}: not a network failure");
    }
}

#[test]
fn taking_one_named_item_out_lets_the_chain_merge() {
    use sqsb_core::catalog::LifecycleId;
    use sqsb_core::engine::{take_out, ChainSpec, Selections};
    let e = engine();
    // Picked on the notice of 企业开办: both sub-items of 公司（企业）设立登记.
    let mut spec = ChainSpec::Scenario { lifecycle: LifecycleId::Enterprise, code: "1.1".to_owned() };
    let mut sel = Selections::new();
    sel.insert("E001".to_owned(), ["E001-1".to_owned(), "E001-4".to_owned()].into_iter().collect());
    let chain = e.chain(&spec, &sel).expect("chain");
    let blocker = e.blocker(&e.merge(&chain).expect_err("two kinds of enterprise"));
    assert!(take_out(&mut spec, &mut sel, &blocker.items[0]));
    assert!(e.merge(&e.chain(&spec, &sel).expect("chain")).is_ok());
    // An item the scenario always brings stays.
    assert!(!take_out(&mut spec, &mut sel, "E002"));
    // A basket holding both.
    let mut basket = ChainSpec::Basket(vec!["E001-4".to_owned(), "E001-1".to_owned(), "P003".to_owned()]);
    let mut none = Selections::new();
    assert!(e.merge(&e.chain(&basket, &none).expect("chain")).is_err());
    assert!(take_out(&mut basket, &mut none, "E001-1"));
    assert_eq!(basket, ChainSpec::Basket(vec!["E001-4".to_owned(), "P003".to_owned()]));
    assert!(e.merge(&e.chain(&basket, &none).expect("chain")).is_ok());
}
