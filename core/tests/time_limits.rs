//! Counted time limits (issue 20): a number in `legal_days` / `legal_calendar_days` is shown to a citizen as
//! “法定办结时限”, so it must name the article that sets it, and the rules read in the law texts stay counted.

use sqsb_core::catalog::CatalogIndex;
use sqsb_core::guides::{Guide, GuideSet};

fn guides() -> GuideSet {
    GuideSet::bundled().expect("guides load")
}

fn guide<'a>(set: &'a GuideSet, item: &str) -> &'a Guide {
    set.guide(item).unwrap_or_else(|| panic!("{item} has a guide"))
}

/// `《law》第…条` somewhere in the text: the article a reader can look up.
fn names_an_article(text: &str) -> bool {
    text.split('《').skip(1).any(|part| part.split_once('》').is_some_and(|(_, after)| after.starts_with('第')))
}

#[test]
fn the_article_reader_needs_the_law_and_its_article() {
    assert!(names_an_article("一日内办结（《机动车登记规定》第二十六条、第九十二条）"));
    assert!(!names_an_article("按照《中华人民共和国残疾人证管理办法》，县级残联在十个工作日内审核完毕"));
    assert!(!names_an_article("第九条规定十个工作日"));
}

#[test]
fn every_counted_limit_names_the_article_that_sets_it() {
    let catalog = CatalogIndex::bundled().expect("catalog loads");
    let set = guides();
    let mut counted = 0;
    for leaf in catalog.leaves() {
        let g = guide(&set, leaf.id.as_str());
        if g.legal_days.is_none() && g.legal_calendar_days.is_none() {
            continue;
        }
        counted += 1;
        let note = g.time_note.as_deref().unwrap_or_default();
        assert!(names_an_article(note), "{}: a counted limit without its article: {note:?}", leaf.id);
        assert!(g.basis.iter().any(|b| b.article.is_some()), "{}: the basis names no article", leaf.id);
    }
    assert!(counted >= 91, "{counted} guides count a limit: were some dropped?");
}

#[test]
fn the_vehicle_rule_counts_its_working_days() {
    // 《机动车登记规定》第九十二条: “一日”…“十五日” are working days, so they go in `legal_days`.
    let set = guides();
    let expected = [
        ("P072-1", 2),
        ("P072-2", 1),
        ("P072-3", 1),
        ("P072-4", 1),
        ("P072-5", 1),
        ("E054-1", 2),
        ("E054-2", 1),
        ("E054-3", 1),
        ("E054-4", 1),
        ("E054-5", 1),
        ("P074", 1),
        ("P075", 1),
        ("P076", 15),
    ];
    for (item, days) in expected {
        let g = guide(&set, item);
        assert_eq!(g.legal_days, Some(days), "{item}");
        assert_eq!(g.legal_calendar_days, None, "{item}");
        let note = g.time_note.as_deref().unwrap_or_default();
        assert!(note.contains("《机动车登记规定》第") && note.contains("第九十二条"), "{item}: {note}");
    }
}

#[test]
fn the_personal_rules_read_in_the_texts_are_counted() {
    let set = guides();
    // 残疾人证: 县级残联 审核 within ten working days after the 公示 (残疾人证管理办法 第九条).
    let p092 = guide(&set, "P092");
    assert_eq!(p092.legal_days, Some(10));
    assert!(p092.time_note.as_deref().is_some_and(|n| n.contains("第九条") && n.contains("公示五个工作日")));
    // 社会保险经办条例: 领取基本养老金 20, 失业保险金 10 working days.
    for item in ["P104-1", "P104-2"] {
        assert_eq!(guide(&set, item).legal_days, Some(20), "{item}");
    }
    assert_eq!(guide(&set, "P054").legal_days, Some(10));
    // 护照法 第六条 “十五日内”, like 身份证法's 六十日: calendar days.
    let p079 = guide(&set, "P079");
    assert_eq!((p079.legal_days, p079.legal_calendar_days), (None, Some(15)));
}

#[test]
fn the_care_subsidy_cites_what_grounds_it() {
    // 重度残疾人护理补贴: 残疾人保障法 第四十八条第四款 (“对生活不能自理的残疾人……给予护理补贴”); the Shandong
    // 办法 第四十七条 that grounds P093 names only the 生活补贴.
    let set = guides();
    let p095 = guide(&set, "P095");
    assert!(p095
        .basis
        .iter()
        .any(|b| b.law == "《中华人民共和国残疾人保障法》" && b.article.as_deref() == Some("第四十八条第四款")));
    assert!(!p095.basis.iter().any(|b| b.law.contains("山东省实施")));
}

#[test]
fn no_rule_asks_a_newborn_for_a_photo() {
    // No national or provincial text read so far requires one for the 社会保障卡: it is left to the department.
    let set = guides();
    let p005 = guide(&set, "P005");
    assert!(!p005.materials.iter().any(|m| m.key == "zjz" && m.required), "P005 requires a photo without a rule");
    assert!(p005.conditions.iter().any(|c| c.contains("照片") && c.contains("以受理部门公布为准")));
}
