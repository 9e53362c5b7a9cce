//! A department's statutory time limit is counted, not only written (issue 20): where a guide's `time_note` says
//! the department decides “自受理申请之日起 20 日内”, the guide carries the limit in `legal_days` (working days) or
//! `legal_calendar_days`, so that the notice, the guide page and README's table show and count it.

use sqsb_core::catalog::CatalogIndex;
use sqsb_core::guides::GuideSet;

/// `20`, `一`, `十五`, `三十` → the number (the guides write limits in digits or as the law prints them).
fn number(text: &str) -> Option<u32> {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok();
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).and_then(|n| u32::try_from(n).ok());
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// A department's limit stated in words: in a clause with “自受理…之日起” or “自收到…申请之日起”, the number
/// before “个工作日内” (working days) or “日内” (as the law counts). Returns (days, in working days).
fn limits_in_words(note: &str) -> Vec<(u32, bool)> {
    let mut out = Vec::new();
    for clause in note.split(['；', '。']) {
        let from_application = clause.contains("自受理") || (clause.contains("自收到") && clause.contains("申请"));
        let Some(start) = clause.find("之日起").filter(|_| from_application) else { continue };
        let rest = clause[start + "之日起".len()..].trim_start();
        let digits: String =
            rest.chars().take_while(|c| c.is_ascii_digit() || "零一二三四五六七八九十".contains(*c)).collect();
        let after = rest[digits.len()..].trim_start();
        let working = after.starts_with("个工作日内");
        if let (Some(n), true) = (number(&digits), working || after.starts_with("日内")) {
            out.push((n, working));
        }
    }
    out
}

#[test]
fn limits_in_words_are_read_as_a_clerk_reads_them() {
    assert_eq!(number("20"), Some(20));
    assert_eq!(number("一"), Some(1));
    assert_eq!(number("十"), Some(10));
    assert_eq!(number("十五"), Some(15));
    assert_eq!(number("三十"), Some(30));
    assert_eq!(number("二十五"), Some(25));
    assert_eq!(number("第"), None);
    assert_eq!(
        limits_in_words("实行简化管理的，自受理申请之日起 20 日内作出审批决定；车辆管理所自受理申请之日起一日内办结。"),
        [(20, false), (1, false)]
    );
    assert_eq!(limits_in_words("社会保险经办机构自收到申请之日起 10 个工作日内办理完毕。"), [(10, true)]);
    // The applicant's own deadline is not the department's limit.
    assert!(limits_in_words("用人单位应当自成立之日起 30 日内申请办理社会保险登记。").is_empty());
    assert!(limits_in_words("当事人应当自收到行政处罚决定书之日起十五日内缴纳罚款。").is_empty());
}

/// Whether `n` is written in the note, in digits or as the law prints it (`一日`).
fn written(note: &str, n: u32) -> bool {
    let cn = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let chinese = match n {
        0..=9 => cn[n as usize].to_owned(),
        10..=19 => format!("十{}", if n == 10 { "" } else { cn[(n - 10) as usize] }),
        _ => format!("{}十{}", cn[(n / 10 % 10) as usize], if n % 10 == 0 { "" } else { cn[(n % 10) as usize] }),
    };
    [format!("{n} "), format!("{n}个"), format!("{n}日"), format!("{chinese}个"), format!("{chinese}日")]
        .iter()
        .any(|form| note.contains(form.as_str()))
}

#[test]
fn guides_count_the_limit_their_note_states() {
    let catalog = CatalogIndex::bundled().expect("bundled catalog");
    let guides = GuideSet::bundled().expect("bundled guides");
    let mut counted = 0;
    for leaf in catalog.leaves() {
        let id = leaf.id.as_str();
        let Some(g) = guides.guide(id) else { continue };
        let Some(note) = g.time_note.as_deref() else { continue };
        let limits = limits_in_words(note);
        if limits.is_empty() {
            continue;
        }
        let counted_days = g.legal_days.or(g.legal_calendar_days);
        let Some(days) = counted_days else {
            panic!(
                "{id}: the note states a statutory limit ({limits:?}) but legal_days / legal_calendar_days is empty"
            );
        };
        counted += 1;
        assert!(written(note, days), "{id}: {days} days counted, but the note never says so: {note}");
        let longest = limits.iter().map(|(n, _)| *n).max().unwrap_or(0);
        assert!(days >= longest, "{id}: {days} days counted, but the note allows up to {longest}");
        // Working days where the law says 个工作日, or where it counts its 日 as working days (行政许可法 第八十二条,
        // 机动车登记规定 第九十二条) and the note says so.
        let working = limits.iter().all(|(_, w)| *w) || note.contains("指工作日") || note.contains("按工作日计算");
        assert_eq!(g.legal_days.is_some(), working, "{id}: the unit of the counted limit is not the note's");
    }
    // E004, E005, E012, E033, E054-2…5, E078, E099, E100, E104, E105, P072-2…5 at least.
    assert!(counted >= 17, "only {counted} guides with a limit in words: is the reader still finding them?");
}
