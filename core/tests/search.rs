//! Search ranking against the real catalog: Chinese, pinyin (full, initials, spaced, mixed), polyphonic
//! characters and everyday words, each with the results a person would expect.

use sqsb_core::catalog::{CatalogIndex, LifecycleId};
use sqsb_core::search::{normalize, MatchKind, SearchIndex, MAX_QUERY_CHARS};

fn index() -> SearchIndex {
    SearchIndex::new(&CatalogIndex::bundled().expect("bundled catalog"))
}

fn top(index: &SearchIndex, q: &str, n: usize) -> Vec<String> {
    index.search(q, n).into_iter().map(|h| h.id).collect()
}

/// (query, an id that must be the first result)
const FIRST: &[(&str, &str)] = &[
    // Chinese: exact, prefix, substring
    ("公司设立登记", "E001-1"),
    ("公章刻制备案", "E002"),
    ("食品经营许可", "E015"),
    ("出生医学证明办理", "P001"),
    ("户口登记（出生登记）", "P003"),
    ("护照", "P079"),
    ("结婚", "P082"),
    ("排污", "E012"),
    ("残疾人证", "P092"),
    ("高考", "P010"),
    ("临时救助", "P098"),
    ("火化证明", "P110"),
    ("稳岗", "E058"),
    ("取水许可", "E070"),
    ("供电报装", "E093"),
    // Full-width and spaces are normalised
    ("公司 设立", "E001-1"),
    ("ＹＩＮＨＡＮＧ", "E007"),
    // Pinyin: full, spaced, initials, mixed
    ("yinhang", "E007"),
    ("yin hang", "E007"),
    ("gongzhangkezhi", "E002"),
    ("gzkz", "E002"),
    ("gongzhangkz", "E002"),
    ("huzhao", "P079"),
    ("hzqf", "P079"),
    ("zhongdu", "P095"),
    ("jiaoyan", "E029"),
    ("changqi", "P089-1"),
    ("lvdi", "E080"),
    ("gaokao", "P010"),
    ("dibao", "P096"),
    // Everyday words
    ("上户口", "P003"),
    ("生孩子", "P001"),
    ("出生证", "P001"),
    ("开公司", "E001"),
    ("驾照", "P071"),
    ("低保", "P096"),
    ("失业金", "P054"),
    ("残疾证", "P092"),
    ("去世", "P108"),
    ("买房", "P055"),
    ("刻章", "E002"),
    ("报税", "E050"),
    ("环评", "E067"),
    ("接电", "E093"),
    ("注销公司", "E102"),
    ("老年证", "P101"),
    ("违章", "P077"),
    ("港澳通行证", "P080"),
    ("异地就医", "P089"),
    ("结婚证", "P082"),
];

#[test]
fn first_results_are_what_people_expect() {
    let index = index();
    let mut wrong = Vec::new();
    for (q, id) in FIRST {
        let got = top(&index, q, 3);
        if got.first().map(String::as_str) != Some(*id) {
            wrong.push(format!("{q} → {got:?}, expected {id} first"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// (query, ids that must all appear in the first `n`)
#[test]
fn expected_items_are_near_the_top() {
    let index = index();
    let cases: &[(&str, usize, &[&str])] = &[
        ("gongsi", 5, &["E001-1", "E098-1"]),
        ("gsdj", 5, &["E001-1", "E098-1"]),
        ("gong si deng ji", 5, &["E001-1", "E098-1"]),
        ("生孩子", 6, &["P001", "P002", "P003", "P004", "P005", "P006"]),
        ("去世", 4, &["P108", "P109", "P110", "P111"]),
        ("公积金提取", 12, &["P063-1", "P063-2", "P067-1", "P105-1"]),
        ("退休", 10, &["P102", "P103"]),
        ("设立登记", 7, &["E001", "E001-1", "E001-2", "E001-3", "E001-4", "E001-5", "E001-6"]),
        ("机动车登记", 12, &["E054", "P072", "E054-1", "P072-1"]),
    ];
    for (q, n, ids) in cases {
        let got = top(&index, q, *n);
        for id in *ids {
            assert!(got.iter().any(|g| g == id), "{q}: {id} not in {got:?}");
        }
    }
}

#[test]
fn polyphonic_characters_read_by_word() {
    let index = index();
    // 行 is háng in 银行 and 行业, xíng in 行驶证 and 通行证.
    assert!(top(&index, "yinhang", 2).contains(&"E107".to_owned()));
    assert_eq!(top(&index, "tehanghangye", 1).first().map(String::as_str), None, "no nonsense reading");
    assert_eq!(top(&index, "tezhonghangye", 1).first().map(String::as_str), Some("E020"), "特种行业");
    assert_eq!(top(&index, "xingshizheng", 1).first().map(String::as_str), Some("P075"), "行驶证");
    assert!(top(&index, "yinxing", 5).iter().all(|id| id != "E007"), "银行 is not yin xing");
    // 给 is jǐ in 给付; 长 is cháng in 长期; 校 is jiào in 校验, xiào in 学校.
    assert!(top(&index, "jifu", 5).contains(&"P096".to_owned()));
    assert!(top(&index, "geifu", 5).is_empty());
    assert!(!top(&index, "zhangqi", 5).contains(&"P089-1".to_owned()));
    assert!(top(&index, "xuexiao", 5).contains(&"P013".to_owned()), "学校");
}

#[test]
fn ranking_tiers_are_in_order() {
    let index = index();
    let hits = index.search("出生", 20);
    let kinds: Vec<MatchKind> = hits.iter().map(|h| h.kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted, "tiers never interleave");
    assert_eq!(hits.first().map(|h| h.kind), Some(MatchKind::Prefix));
    assert!(hits.iter().any(|h| h.kind == MatchKind::Context), "items of the 出生 scenario come after names");
    // A department finds its items, below name matches.
    let police = index.search("市公安局", 100);
    assert!(police.iter().all(|h| h.kind == MatchKind::Department));
    assert!(police.iter().any(|h| h.id == "P003"));
}

#[test]
fn hits_carry_lifecycle_and_highlight() {
    let index = index();
    let hits = index.search("登记", 300);
    assert!(hits.iter().any(|h| h.lifecycle == LifecycleId::Enterprise));
    assert!(hits.iter().any(|h| h.lifecycle == LifecycleId::Personal));
    let hit = &index.search("设立登记", 1)[0];
    let chars: Vec<char> = hit.name.chars().collect();
    let (s, e) = hit.highlight[0];
    assert_eq!(chars[s..e].iter().collect::<String>(), "设立登记");
    let hit = &index.search("yinhang", 1)[0];
    let (s, e) = hit.highlight[0];
    assert_eq!(hit.name.chars().skip(s).take(e - s).collect::<String>(), "银行");
}

#[test]
fn nothing_for_nothing_and_no_panic_on_odd_input() {
    let index = index();
    for q in ["", "   ", "　", "zzzzzz", "🙂", "\u{0}", "（", "a", "x-y", "1234", "<script>", "ｇｏｎｇｓｉ"]
    {
        let hits = index.search(q, 10);
        assert!(hits.len() <= 10, "{q}");
    }
    assert!(index.search("", 10).is_empty());
    assert!(index.search("zzzzzz", 10).is_empty());
    assert_eq!(normalize("ＧＯＮＧ　si"), "gongsi");
}

/// `pattern` repeated (and cut) to exactly `n` characters.
fn cycled(pattern: &str, n: usize) -> String {
    pattern.chars().cycle().take(n).collect()
}

#[test]
fn only_the_first_64_characters_of_a_query_count() {
    let index = index();
    assert_eq!(MAX_QUERY_CHARS, 64);
    // 开公司 is an everyday word (found anywhere in a query); 龘 is in no name, word or reading.
    let at_the_end = format!("{}开公司", "龘".repeat(61));
    assert_eq!(at_the_end.chars().count(), 64);
    let hits = index.search(&at_the_end, 10);
    assert_eq!(hits.first().map(|h| h.id.as_str()), Some("E001"), "a query of exactly 64 characters is read whole");
    assert_eq!(hits, index.search("开公司", 10), "as if typed alone");
    // Whitespace does not count against the limit: a spaced query keeps every letter.
    assert_eq!(index.search(&format!(" {}", at_the_end.chars().flat_map(|c| [c, ' ']).collect::<String>()), 10), hits);
    // One character later, the word is cut: nothing.
    assert!(index.search(&format!("{}开公司", "龘".repeat(62)), 10).is_empty());
}

#[test]
fn a_100000_character_query_finds_what_its_first_64_characters_find() {
    let index = index();
    // Letters, Chinese and digits; everyday words after the 64th character (低保, 出生证) would add their items.
    let prefix = format!("开公司{}", cycled("ab1龘Z9", 61));
    let long = format!("{prefix}{}", cycled("低保x9出生证", 100_000 - 64));
    assert_eq!(long.chars().count(), 100_000);
    assert!(long.starts_with(&prefix) && prefix.chars().count() == 64);
    let hits = index.search(&prefix, 60);
    assert!(!hits.is_empty(), "the prefix finds 开公司's items");
    assert!(index.search("低保", 60).iter().all(|h| !hits.contains(h)), "低保 finds other items than the prefix");
    assert_eq!(index.search(&long, 60), hits);
    // All letters: the pinyin matcher's worst case.
    let letters = cycled("gongsidengji", 100_000);
    assert_eq!(index.search(&letters, 60), index.search(&letters[..64], 60));
    assert_eq!(normalize(&letters).len(), 64);
}

#[test]
fn synonyms_cover_every_stage() {
    let catalog = CatalogIndex::bundled().expect("catalog");
    let index = SearchIndex::new(&catalog);
    let file: serde_json::Value = serde_json::from_str(include_str!("../../data/synonyms.json")).expect("json");
    let mappings = file["mappings"].as_array().expect("mappings");
    let words: usize = mappings.iter().map(|m| m["words"].as_array().map_or(0, Vec::len)).sum();
    assert!(mappings.len() >= 60 && words >= 200, "{} mappings, {words} words", mappings.len());
    let mut stages_reached = std::collections::BTreeSet::new();
    for m in mappings {
        for w in m["words"].as_array().into_iter().flatten().filter_map(|w| w.as_str()) {
            let hits = index.search(w, 50);
            assert!(!hits.is_empty(), "everyday word {w} finds nothing");
            for h in hits {
                if let Some(p) = catalog.place(&h.id) {
                    stages_reached.insert((p.lifecycle, p.stage));
                }
            }
        }
    }
    assert_eq!(stages_reached.len(), 6 + 11, "every stage is reachable by an everyday word");
}

#[test]
fn initials_abbreviate_a_name_from_its_start() {
    let index = index();
    // 公司设立登记 / 公司变更登记 are what `gsdj` abbreviates; 外商投资企业分支机构设立登记 merely contains the letters
    // in order from inside the name (构设…登记).
    let first_two: std::collections::BTreeSet<String> = top(&index, "gsdj", 2).into_iter().collect();
    assert_eq!(first_two, ["E001-1".to_owned(), "E098-1".to_owned()].into_iter().collect());
    let hits = top(&index, "gsdj", 10);
    let at = |id: &str| hits.iter().position(|h| h == id).unwrap_or(usize::MAX);
    assert!(at("E001-1") < at("E001-6") && at("E098-1") < at("E001-5"), "{hits:?}");
    // A contiguous initials match still comes first.
    assert_eq!(top(&index, "hkdj", 1), vec!["P003".to_owned()]);
}

#[test]
fn everyday_words_find_the_whole_scenario_above_the_items() {
    let index = index();
    let scenario = |q: &str| index.scenarios(q).first().map(|s| format!("{}/{}", s.lifecycle.as_str(), s.code));
    for (q, expected) in [
        ("生孩子", "personal/1.1"),
        ("生小孩", "personal/1.1"),
        ("shengxiaohai", "personal/1.1"),
        ("shenghaizi", "personal/1.1"),
        ("开饭店", "enterprise/1.1"),
        ("老人去世", "personal/11.1"),
        ("出生", "personal/1.1"),
        ("chusheng", "personal/1.1"),
        ("我要结婚", "personal/7.1"),
    ] {
        assert_eq!(scenario(q).as_deref(), Some(expected), "{q}");
    }
    // 开饭店 also needs the food permit's scenario; never more than a few.
    assert!(index.scenarios("开饭店").iter().any(|s| s.code == "2.2"));
    assert!(index.scenarios("去世").len() <= sqsb_core::search::MAX_SCENARIO_HITS);
    // A word only begun, one letter, or nothing near: no scenario (the items still answer).
    assert_eq!(scenario("出生一件事").as_deref(), Some("personal/1.1"));
    for q in ["生", "s", "shengx", "护照", "gsdj", "出生登记", ""] {
        assert_eq!(index.scenarios(q), Vec::new(), "{q}");
    }
    // The items are found as before.
    assert!(top(&index, "shengxiaohai", 10).contains(&"P003".to_owned()));
}

#[test]
fn every_scenario_named_by_an_everyday_word_is_in_the_catalog() {
    let catalog = CatalogIndex::bundled().expect("catalog");
    let file: serde_json::Value = serde_json::from_str(include_str!("../../data/synonyms.json")).expect("json");
    let mut named = 0;
    for m in file["mappings"].as_array().expect("mappings") {
        for key in m["scenarios"].as_array().into_iter().flatten() {
            let key = key.as_str().expect("a string");
            let (l, code) = key.split_once('/').expect("lifecycle/code");
            let lifecycle = LifecycleId::parse(l).expect("a lifecycle");
            assert!(catalog.scenario(lifecycle, code).is_some(), "{key}");
            named += 1;
        }
    }
    assert!(named >= 7, "{named}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
        #[test]
        fn any_query_is_safe(q in "\\PC{0,20}") {
            let index = index();
            let hits = index.search(&q, 20);
            prop_assert!(hits.len() <= 20);
            for h in hits {
                let len = h.name.chars().count();
                prop_assert!(h.highlight.iter().all(|(s, e)| s < e && *e <= len));
            }
        }
    }
}
