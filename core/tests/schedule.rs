//! 办事日程: period arithmetic per 《中华人民共和国民法典》第二百零一条–第二百零三条, the 2026 holiday calendar, the
//! deadline data against the catalog and data/citations.json, a chain's plan, and the iCalendar writer.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use sqsb_core::catalog::{CatalogIndex, LifecycleId};
use sqsb_core::ical::{self, CalendarEvent};
use sqsb_core::schedule::{
    add_days, add_months, day_number, days_between, due, due_as_of, events_needed, from_day_number, next_kept_deadline,
    plan, report_markdown, weekday, Calendar, DeadlineData, KeptSchedule, Period,
};
use sqsb_core::validate::Date;

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap_or_else(|| panic!("{s} is a date"))
}

fn calendar() -> Calendar {
    Calendar::bundled().expect("data/holidays.json loads")
}

fn last_day(event: &str, period: Period, cal: &Calendar) -> String {
    due(d(event), period, cal).expect("a due date").last_day.to_string()
}

// ---------------------------------------------------------------------------------------------
// Day arithmetic
// ---------------------------------------------------------------------------------------------

#[test]
fn day_numbers_count_from_1970_and_weekdays_follow() {
    assert_eq!(day_number(d("1970-01-01")), 0);
    assert_eq!(day_number(d("2000-03-01")), 11_017);
    assert_eq!(from_day_number(-1), Some(d("1969-12-31")));
    assert_eq!(weekday(d("1970-01-01")), 4, "a Thursday");
    assert_eq!(weekday(d("2026-02-28")), 6, "a Saturday");
    assert_eq!(weekday(d("2026-03-01")), 7, "a Sunday");
    assert_eq!(days_between(d("2025-12-31"), d("2026-01-01")), 1);
    assert_eq!(add_days(d("2024-02-28"), 1), Some(d("2024-02-29")));
    assert_eq!(add_days(d("9999-12-31"), 1), None);
}

#[test]
fn a_month_ends_on_the_corresponding_day_or_the_month_end() {
    // 第二百零二条: no 31 February, so the month's last day.
    assert_eq!(add_months(d("2026-01-31"), 1), Some(d("2026-02-28")));
    assert_eq!(add_months(d("2024-01-31"), 1), Some(d("2024-02-29")), "a leap year's February");
    assert_eq!(add_months(d("2026-03-31"), 1), Some(d("2026-04-30")));
    assert_eq!(add_months(d("2026-01-15"), 1), Some(d("2026-02-15")));
    // Across a year end.
    assert_eq!(add_months(d("2025-12-31"), 1), Some(d("2026-01-31")));
    assert_eq!(add_months(d("2025-11-30"), 3), Some(d("2026-02-28")));
    // 29 February plus a year: 2025 has no 29 February.
    assert_eq!(add_months(d("2024-02-29"), 12), Some(d("2025-02-28")));
    assert_eq!(add_months(d("2024-02-29"), 48), Some(d("2028-02-29")));
}

// ---------------------------------------------------------------------------------------------
// Periods with the calendar
// ---------------------------------------------------------------------------------------------

#[test]
fn the_day_of_the_event_is_not_counted() {
    let cal = calendar();
    // 第二百零一条: 30 days from 1 June end on 1 July (a Wednesday in 2026), not 30 June.
    assert_eq!(last_day("2026-06-01", Period::Days(30), &cal), "2026-07-01");
    assert_eq!(last_day("2026-06-01", Period::Days(1), &cal), "2026-06-02");
}

#[test]
fn a_birth_on_31_january_2026_is_registered_by_28_february() {
    // 户口登记条例第七条: one month. 28 February 2026 is a Saturday, but the State Council made it a working day
    // (春节调休, 2月28日（周六）上班), so 第二百零三条 does not move it.
    let cal = calendar();
    let result = due(d("2026-01-31"), Period::Months(1), &cal).expect("due");
    assert_eq!(result.last_day, d("2026-02-28"));
    assert_eq!(result.unmoved, d("2026-02-28"));
    assert!(!result.approximate, "2026's arrangement is on file");
    // With weekends only, the same Saturday would move to Monday 2 March, and the date is only approximate.
    let rough = due(d("2026-01-31"), Period::Months(1), &Calendar::weekends_only()).expect("due");
    assert_eq!((rough.last_day, rough.approximate), (d("2026-03-02"), true));
}

#[test]
fn a_last_day_on_a_weekend_moves_to_monday() {
    let cal = calendar();
    // 12 February + 30 days = Saturday 14 March 2026 → Monday 16 March.
    let result = due(d("2026-02-12"), Period::Days(30), &cal).expect("due");
    assert_eq!((result.unmoved, result.last_day), (d("2026-03-14"), d("2026-03-16")));
}

#[test]
fn a_last_day_in_the_spring_festival_moves_past_the_whole_holiday() {
    let cal = calendar();
    // 15 January + 1 month = Sunday 15 February, the first day of 春节 (15–23 February): the next working day is
    // Tuesday 24 February.
    assert_eq!(last_day("2026-01-15", Period::Months(1), &cal), "2026-02-24");
    // 国庆节 1–7 October: 1 September + 30 days = 1 October → 8 October.
    assert_eq!(last_day("2026-09-01", Period::Days(30), &cal), "2026-10-08");
    // A Sunday made a working day (4 January 2026) is a working day.
    assert_eq!(last_day("2025-12-04", Period::Months(1), &cal), "2026-01-04");
}

#[test]
fn a_year_period_from_29_february_ends_on_28_february() {
    let cal = calendar();
    // 2025 is not on file: weekends only, approximate. 28 February 2025 is a Friday.
    let result = due(d("2024-02-29"), Period::Years(1), &cal).expect("due");
    assert_eq!((result.last_day, result.approximate), (d("2025-02-28"), true));
}

#[test]
fn a_period_into_a_year_without_an_arrangement_is_approximate() {
    let cal = calendar();
    assert!(cal.covers(2026) && !cal.covers(2027));
    // 15 December 2026 + 30 days = Thursday 14 January 2027.
    let result = due(d("2026-12-15"), Period::Days(30), &cal).expect("due");
    assert_eq!((result.last_day, result.approximate), (d("2027-01-14"), true));
    // Inside 2026 it is exact.
    assert!(!due(d("2026-03-02"), Period::Days(30), &cal).expect("due").approximate);
}

#[test]
fn working_days_skip_rest_days_and_count_working_weekends() {
    let cal = calendar();
    // Friday 13 February 2026: Saturday 14 February is a working day (调休), then 15–23 February are off.
    assert_eq!(last_day("2026-02-13", Period::WorkingDays(1), &cal), "2026-02-14");
    assert_eq!(last_day("2026-02-13", Period::WorkingDays(2), &cal), "2026-02-24");
    assert_eq!(last_day("2026-03-02", Period::WorkingDays(5), &cal), "2026-03-09");
}

fn yearly(json: &str) -> Result<Period, String> {
    serde_json::from_str::<Period>(json).map_err(|e| e.to_string())
}

/// 《企业信息公示暂行条例》第八条: 每年1月1日至6月30日 报送上一年度年度报告; 当年设立登记的企业，自下一年起报送.
fn annual_report() -> Period {
    yearly(r#"{"yearly":{"from":"01-01","to":"06-30"}}"#).expect("a yearly window")
}

#[test]
fn a_yearly_window_is_read_from_data_and_checked() {
    let Period::Yearly(w) = annual_report() else { panic!("not a yearly window") };
    assert_eq!((w.from.month, w.from.day, w.to.month, w.to.day), (1, 1, 6, 30));
    assert_eq!(annual_report().text_zh(), "每年1月1日至6月30日");
    assert_eq!(annual_report().text_en(), "every year from 1 January to 30 June");
    for bad in [
        r#"{"yearly":{"from":"06-31","to":"07-01"}}"#,
        r#"{"yearly":{"from":"13-01","to":"12-31"}}"#,
        r#"{"yearly":{"from":"0101","to":"06-30"}}"#,
        r#"{"yearly":{"from":"1-1","to":"06-30"}}"#,
        r#"{"yearly":{"from":"07-01","to":"06-30"}}"#,
        r#"{"yearly":{"from":"01-01"}}"#,
    ] {
        assert!(yearly(bad).is_err(), "{bad} is refused");
    }
    // 29 February exists in some years; in a common year the window ends on 28 February (第二百零二条's rule).
    let leap_end = yearly(r#"{"yearly":{"from":"01-01","to":"02-29"}}"#).expect("29 February is a day of the year");
    let cal = Calendar::weekends_only();
    assert_eq!(due(d("2026-03-01"), leap_end, &cal).expect("due").unmoved, d("2027-02-28"));
    assert_eq!(due(d("2027-03-01"), leap_end, &cal).expect("due").unmoved, d("2028-02-29"));
}

#[test]
fn a_company_founded_this_year_reports_from_the_next_year() {
    let cal = calendar();
    // Founded 2 March 2026: the first annual report is due in the window of 2027, not 2026's.
    let first = due(d("2026-03-02"), annual_report(), &cal).expect("due");
    assert_eq!((first.opens, first.last_day), (Some(d("2027-01-01")), d("2027-06-30")));
    assert!(first.approximate, "2027's arrangement is not on file");
    // Still so in the rest of 2026, whatever today is.
    for today in ["2026-03-02", "2026-06-30", "2026-12-31"] {
        let got = due_as_of(d("2026-03-02"), annual_report(), &cal, d(today)).expect("due");
        assert_eq!(got.last_day, d("2027-06-30"), "today {today}");
    }
    // Founded on 31 December: the next year all the same.
    assert_eq!(due(d("2026-12-31"), annual_report(), &cal).expect("due").last_day, d("2027-06-30"));
}

#[test]
fn an_older_company_is_shown_the_next_window_that_has_not_closed() {
    let cal = calendar();
    let founded = d("2019-05-20");
    let as_of = |today: &str| due_as_of(founded, annual_report(), &cal, d(today)).expect("due");
    // Before and on the last day of 2026's window: 2026's (Tuesday 30 June, exact: 2026 is on file).
    for today in ["2026-01-01", "2026-03-15", "2026-06-30"] {
        let got = as_of(today);
        assert_eq!((got.opens, got.last_day, got.approximate), (Some(d("2026-01-01")), d("2026-06-30"), false));
    }
    // The day after it closed: 2027's.
    assert_eq!(as_of("2026-07-01").last_day, d("2027-06-30"));
    assert_eq!(as_of("2026-12-05").opens, Some(d("2027-01-01")));
    // A period that runs once from the event is not rolled forward: overdue stays overdue.
    assert_eq!(due_as_of(founded, Period::Days(30), &cal, d("2026-12-05")), due(founded, Period::Days(30), &cal));
}

#[test]
fn a_yearly_window_ending_on_a_rest_day_moves_like_any_period() {
    let cal = calendar();
    // 《企业所得税法》第五十四条: 自年度终了之日起五个月内 — 1 January to 31 May. 31 May 2026 is a Sunday.
    let tax = yearly(r#"{"yearly":{"from":"01-01","to":"05-31"}}"#).expect("a yearly window");
    let got = due_as_of(d("2024-08-01"), tax, &cal, d("2026-02-01")).expect("due");
    assert_eq!((got.unmoved, got.last_day), (d("2026-05-31"), d("2026-06-01")));
    // 31 May 2027 is a Monday: no move.
    let got = due_as_of(d("2026-08-01"), tax, &cal, d("2026-12-05")).expect("due");
    assert_eq!((got.unmoved, got.last_day), (d("2027-05-31"), d("2027-05-31")));
}

#[test]
fn the_holiday_file_is_checked() {
    let cal = calendar();
    assert!(cal.is_rest_day(d("2026-02-23")), "正月初七 is off");
    assert!(!cal.is_rest_day(d("2026-02-28")), "a Saturday made a working day");
    assert!(cal.is_rest_day(d("2026-03-01")), "an ordinary Sunday");
    assert!(!cal.is_rest_day(d("2026-03-02")));
    let with = |work: &str, from: &str, to: &str| {
        format!(
            r#"{{"note":"","years":[{{"year":2026,"notice":"","sources":[],"off":[{{"name":"x","from":"{from}","to":"{to}"}}],"work":["{work}"]}}]}}"#
        )
    };
    assert!(Calendar::parse(&with("2026-02-14", "2026-02-15", "2026-02-23")).is_ok());
    // A working day that is a weekday, a range backwards, a date of another year: refused.
    assert!(Calendar::parse(&with("2026-02-13", "2026-02-15", "2026-02-23")).is_err());
    assert!(Calendar::parse(&with("2026-02-14", "2026-02-23", "2026-02-15")).is_err());
    assert!(Calendar::parse(&with("2026-02-14", "2025-02-15", "2026-02-23")).is_err());
}

fn any_date() -> impl Strategy<Value = Date> {
    (day_number(Date::new(2000, 1, 1).expect("date"))..day_number(Date::new(2060, 12, 31).expect("date")))
        .prop_map(|n| from_day_number(n).expect("in range"))
}

fn any_period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (1u32..400).prop_map(Period::Days),
        (1u32..36).prop_map(Period::Months),
        (1u32..6).prop_map(Period::Years),
        (1u32..60).prop_map(Period::WorkingDays),
    ]
}

proptest! {
    #[test]
    fn day_numbers_round_trip(n in -700_000i64..2_900_000) {
        let date = from_day_number(n).expect("in range");
        prop_assert_eq!(day_number(date), n);
        prop_assert_eq!(Date::parse_iso(&date.to_string()), Some(date));
        prop_assert_eq!(weekday(add_days(date, 7).expect("in range")), weekday(date));
    }

    #[test]
    fn the_last_day_is_after_the_event_and_a_working_day(event in any_date(), period in any_period()) {
        let cal = calendar();
        let result = due(event, period, &cal).expect("a due date");
        prop_assert!(result.last_day > event);
        prop_assert!(result.last_day >= result.unmoved);
        prop_assert!(!cal.is_rest_day(result.last_day));
        // The longest rest is the nine days of 春节 2026 (plus the day after).
        prop_assert!(days_between(result.unmoved, result.last_day) <= 10);
        // Outside the years on file, the result says it is approximate.
        if !cal.covers(result.last_day.year()) {
            prop_assert!(result.approximate);
        }
    }

    #[test]
    fn a_later_event_never_gives_an_earlier_last_day(a in any_date(), gap in 0i64..400, period in any_period()) {
        let cal = calendar();
        let b = add_days(a, gap).expect("in range");
        let (da, db) = (due(a, period, &cal).expect("due"), due(b, period, &cal).expect("due"));
        prop_assert!(da.last_day <= db.last_day, "{a} → {}, {b} → {}", da.last_day, db.last_day);
    }

    #[test]
    fn a_month_period_lands_on_the_same_day_or_the_month_end(event in any_date(), months in 1u32..60) {
        let end = add_months(event, months).expect("in range");
        let span = (end.year() * 12 + end.month()) - (event.year() * 12 + event.month());
        prop_assert_eq!(span, months);
        prop_assert!(end.day() == event.day() || (end.day() < event.day() && add_days(end, 1).expect("date").day() == 1));
    }
}

// ---------------------------------------------------------------------------------------------
// The deadline data
// ---------------------------------------------------------------------------------------------

fn data() -> DeadlineData {
    DeadlineData::bundled().expect("data/deadlines.json loads")
}

fn index() -> CatalogIndex {
    CatalogIndex::bundled().expect("catalog loads")
}

fn leaves_of(index: &CatalogIndex, lifecycle: LifecycleId, name: &str) -> Vec<String> {
    let lc = index.catalog.lifecycles.iter().find(|l| l.id == lifecycle).expect("lifecycle");
    let stage = lc.stages.iter().find(|s| s.name == name).expect("stage");
    let ids: BTreeSet<&str> =
        stage.scenarios.iter().flat_map(|s| &s.items).map(|i| i.id.as_str()).collect::<BTreeSet<_>>();
    index.leaves().filter(|l| ids.contains(l.item.id.as_str())).map(|l| l.id.as_str().to_owned()).collect()
}

#[test]
fn the_deadline_file_agrees_with_the_catalog() {
    let problems = data().check(&index());
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A deadline's basis is the guides' type, where the article is optional: the file check still demands one
/// (data/citations.json's check of the article itself is core/tests/citations.rs).
#[test]
fn a_deadline_without_its_article_is_refused() {
    let (index, mut data) = (index(), data());
    data.deadlines[0].basis.article = None;
    let item = data.deadlines[0].item.clone();
    assert_eq!(data.check(&index), [format!("deadline of {item}: its basis names no article")]);
    let mut data = self::data();
    data.deadlines[0].basis.unnumbered = true;
    assert_eq!(data.check(&index).len(), 1, "an unnumbered document sets no deadline");
}

#[test]
fn the_birth_death_and_company_life_chains_are_reviewed_leaf_by_leaf() {
    let (index, data) = (index(), data());
    for (lifecycle, stage) in [
        (LifecycleId::Personal, "出生"),
        (LifecycleId::Personal, "身后"),
        (LifecycleId::Enterprise, "企业开办"),
        (LifecycleId::Enterprise, "投资建设"),
        (LifecycleId::Enterprise, "企业变更"),
        (LifecycleId::Enterprise, "企业退出"),
    ] {
        let leaves = leaves_of(&index, lifecycle, stage);
        assert!(!leaves.is_empty());
        let missing: Vec<&String> = leaves.iter().filter(|l| !data.reviewed(l)).collect();
        assert!(missing.is_empty(), "{stage}: not reviewed: {missing:?}");
    }
}

#[test]
fn a_birth_chain_plans_the_registration_and_the_vaccination_certificate() {
    let (index, data, cal) = (index(), data(), calendar());
    let leaves = leaves_of(&index, LifecycleId::Personal, "出生");
    let needed: Vec<&str> = events_needed(&data, &leaves).iter().map(|e| e.key.as_str()).collect();
    assert_eq!(needed, ["birth"], "one date asked once");
    // Without the date: the deadlines are there, undated.
    let undated = plan(&data, &leaves, &BTreeMap::new(), &cal, d("2026-02-01"));
    assert_eq!(undated.iter().map(|p| p.deadline.item.as_str()).collect::<Vec<_>>(), ["P002", "P003"]);
    assert!(undated.iter().all(|p| p.due.is_none()));
    let events = BTreeMap::from([("birth".to_owned(), d("2026-01-31"))]);
    let planned = plan(&data, &leaves, &events, &cal, d("2026-02-01"));
    let got: Vec<(String, &str)> =
        planned.iter().map(|p| (p.due.expect("dated").last_day.to_string(), p.deadline.item.as_str())).collect();
    assert_eq!(got, [("2026-02-28".to_owned(), "P002"), ("2026-02-28".to_owned(), "P003")]);
    // What the draft keeps for the home: dates and item ids, read back; the next one skips what is done or past.
    let kept = KeptSchedule::from_plan(&events, &planned);
    let raw = kept.encode();
    assert_eq!(raw, r#"{"due":[["2026-02-28","P002"],["2026-02-28","P003"]],"events":{"birth":"2026-01-31"},"v":1}"#);
    assert_eq!(KeptSchedule::decode(&raw), Some(kept.clone()));
    assert_eq!(kept.next(d("2026-02-01"), |_| false), Some((d("2026-02-28"), "P002")));
    assert_eq!(kept.next(d("2026-02-01"), |item| item == "P002"), Some((d("2026-02-28"), "P003")));
    assert_eq!(kept.next(d("2026-03-01"), |_| false), None);
    // The home's reader agrees, from the text.
    for (today, done) in [("2026-02-01", ""), ("2026-02-01", "P002"), ("2026-03-01", "")] {
        assert_eq!(
            next_kept_deadline(&raw, d(today), |item| item == done),
            kept.next(d(today), |item| item == done).map(|(date, item)| (date, item.to_owned())),
        );
    }
    // Out of order in the file, the earliest still comes first.
    let raw = r#"{"v":1,"events":{},"due":[["2026-04-01","E006"],["2026-03-16","E003"],["bad","E004"]]}"#;
    assert_eq!(next_kept_deadline(raw, d("2026-03-01"), |_| false), Some((d("2026-03-16"), "E003".to_owned())));
}

#[test]
fn a_kept_schedule_that_is_damaged_is_read_as_far_as_it_is_good() {
    assert_eq!(KeptSchedule::decode("not json"), None);
    assert_eq!(KeptSchedule::decode(r#"{"v":2,"events":{},"due":[]}"#), None);
    let kept = KeptSchedule::decode(
        r#"{"v":1,"events":{"birth":"2026-02-30","death":"2026-03-01"},"due":[["2026-04-01","P111"],["x","P003"],[1]]}"#,
    )
    .expect("version 1");
    assert_eq!(kept.events.keys().collect::<Vec<_>>(), ["death"]);
    assert_eq!(kept.due, [(d("2026-04-01"), "P111".to_owned())]);
}

#[test]
fn a_company_chain_plans_tax_social_insurance_and_housing_fund_in_date_order() {
    let (index, data, cal) = (index(), data(), calendar());
    let leaves = leaves_of(&index, LifecycleId::Enterprise, "企业开办");
    // Licence issued Monday 2 March 2026: 30 days → Wednesday 1 April.
    let events = BTreeMap::from([("licence".to_owned(), d("2026-03-02"))]);
    let planned = plan(&data, &leaves, &events, &cal, d("2026-03-02"));
    let items: Vec<&str> = planned.iter().map(|p| p.deadline.item.as_str()).collect();
    assert_eq!(items, ["E003", "E004", "E005", "E006"]);
    assert!(planned.iter().all(|p| p.due.map(|d| d.last_day.to_string()).as_deref() == Some("2026-04-01")));
    // What happens when missed is stated where the law states it, with the article.
    assert!(planned.iter().all(|p| p.deadline.missed.is_some() && p.deadline.missed_basis.is_some()));
}

// ---------------------------------------------------------------------------------------------
// iCalendar
// ---------------------------------------------------------------------------------------------

fn unfold(text: &str) -> String {
    text.replace("\r\n ", "")
}

#[test]
fn text_is_escaped_as_rfc_5545_says() {
    assert_eq!(ical::escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    assert_eq!(ical::escape_text("一\r\n二\r三"), "一\\n二\\n三");
    assert_eq!(
        ical::escape_text("《户口登记条例》第七条：出生后一个月以内"),
        "《户口登记条例》第七条：出生后一个月以内"
    );
}

#[test]
fn long_chinese_lines_fold_at_75_octets_between_characters() {
    let line = format!(
        "DESCRIPTION:{}",
        "婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。".repeat(3)
    );
    let folded = ical::fold_line(&line);
    assert!(folded.ends_with("\r\n"));
    let physical: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
    assert!(physical.len() > 3, "{} lines", physical.len());
    for (i, l) in physical.iter().enumerate() {
        assert!(l.len() <= 75, "line {i} has {} octets", l.len());
        assert_eq!(i > 0, l.starts_with(' '), "continuation lines start with a space");
        // Nothing was split: each physical line is whole characters (a `&str`), and a full line is within one
        // character of the limit (3-octet characters).
        if i + 1 < physical.len() {
            assert!(l.len() > 72, "line {i} is folded too early ({} octets)", l.len());
        }
    }
    assert_eq!(unfold(&folded), format!("{line}\r\n"));
    // Short lines stay as they are.
    assert_eq!(ical::fold_line("VERSION:2.0"), "VERSION:2.0\r\n");
}

#[test]
fn a_calendar_has_one_all_day_event_with_a_reminder_per_deadline() {
    let events = vec![
        CalendarEvent {
            uid: ical::uid("P003", "birth", d("2026-01-31")),
            date: d("2026-02-28"),
            summary: "户口登记（出生登记）截止".into(),
            description: "向婴儿常住地户口登记机关申报出生登记；依据：《中华人民共和国户口登记条例》第七条".into(),
            remind_days_before: 3,
        },
        CalendarEvent {
            uid: ical::uid("P002", "birth", d("2026-01-31")),
            date: d("2026-12-31"),
            summary: "a, b; c".into(),
            description: "line one\nline two".into(),
            remind_days_before: 1,
        },
    ];
    // 2026-12-05 08:30:15 UTC.
    let text = ical::calendar("办事日程", &events, 1_796_459_415_000);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    assert!(text.split("\r\n").all(|l| l.len() <= 75));
    let text = unfold(&text);
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
    assert_eq!(text.matches("BEGIN:VALARM").count(), 2);
    assert!(text.contains("UID:P003.birth.20260131@weihai-sqsb\r\n"));
    assert!(text.contains("DTSTAMP:20261205T083015Z\r\n"));
    assert!(text.contains("DTSTART;VALUE=DATE:20260228\r\nDTEND;VALUE=DATE:20260301\r\n"));
    // Across the year end.
    assert!(text.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"));
    // 3 days before at 09:00 (2 days 15 hours before midnight of the day); 1 day before at 09:00.
    assert!(text.contains("TRIGGER:-P2DT15H\r\n"));
    assert!(text.contains("TRIGGER:-P0DT15H\r\n"));
    assert!(text.contains("SUMMARY:a\\, b\\; c\r\n"));
    assert!(text.contains("DESCRIPTION:line one\\nline two\r\n"));
    assert!(text.contains("X-WR-CALNAME:办事日程\r\n"));
    // The same deadline exported again has the same UID; another event date, another.
    assert_eq!(ical::uid("P003", "birth", d("2026-01-31")), events[0].uid);
    assert_ne!(ical::uid("P003", "birth", d("2026-02-01")), events[0].uid);
}

#[test]
fn the_readme_lists_the_deadlines_as_the_data_has_them() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).expect("README.md");
    let (start, end) = ("<!-- deadlines:start -->\n", "<!-- deadlines:end -->");
    let from = readme.find(start).expect("the start mark") + start.len();
    let to = readme.find(end).expect("the end mark");
    let expected = sqsb_core::schedule::report_markdown(&data(), &index());
    assert!(
        readme[from..to] == expected,
        "README.md's 办事日程 table is out of date: run `cargo run -p sqsb-core --example deadlines` and paste it"
    );
}

#[test]
fn a_work_injury_runs_two_clocks_from_one_date() {
    let (data, cal) = (data(), calendar());
    let leaves = vec!["P048".to_owned()];
    assert_eq!(events_needed(&data, &leaves).len(), 1, "the accident's date, asked once");
    // An accident on Friday 13 March 2026: the employer has 30 days (Sunday 12 April → Monday 13 April); the
    // worker one year (Saturday 13 March 2027 → Monday 15 March, approximate: 2027 is not on file).
    let events = BTreeMap::from([("injury".to_owned(), d("2026-03-13"))]);
    let planned = plan(&data, &leaves, &events, &cal, d("2026-03-13"));
    let got: Vec<(String, bool)> =
        planned.iter().map(|p| p.due.map(|d| (d.last_day.to_string(), d.approximate)).expect("dated")).collect();
    assert_eq!(got, [("2026-04-13".to_owned(), false), ("2027-03-15".to_owned(), true)]);
}

// ---------------------------------------------------------------------------------------------
// Event dates from the form
// ---------------------------------------------------------------------------------------------

#[test]
fn every_event_field_is_a_date_of_the_dictionary() {
    let dictionary = sqsb_core::dictionary::Dictionary::bundled().expect("the dictionary loads");
    let data = data();
    let mut mapped = 0;
    for event in &data.events {
        for field in &event.fields {
            let key = sqsb_core::dictionary::FieldKey::parse(field).unwrap_or_else(|| panic!("{field} is a field key"));
            assert!(dictionary.has_field(&key), "{}: {field} is not in data/dictionary", event.key);
            let element = dictionary.element(&key.element).expect("its element");
            assert_eq!(element.kind, sqsb_core::dictionary::Kind::Date, "{}: {field} is not a date", event.key);
            mapped += 1;
        }
    }
    // The births, deaths and companies of the notice's chains at least.
    for key in ["birth", "death", "licence"] {
        assert!(!data.event(key).expect("event").fields.is_empty(), "{key} maps to a form field");
    }
    assert!(mapped >= 3);
}

#[test]
fn a_draft_that_has_the_date_gives_it_to_the_schedule() {
    use sqsb_core::engine::{Answers, FieldId};
    let data = data();
    let field = |s: &str| FieldId::parse(s).unwrap_or_else(|| panic!("{s}"));
    let mut answers = Answers::default();
    assert!(data.dates_from_answers(&answers).is_empty(), "nothing answered, nothing given");
    // As the form's validation reads dates: full-width digits and 年月日 too.
    answers.fields.insert(field("csrq@newborn"), "２０２６年1月31日".into());
    answers.fields.insert(field("swrq@deceased"), "not a date".into());
    answers.fields.insert(field("csrq@applicant"), "1990-05-01".into());
    let got = data.dates_from_answers(&answers);
    assert_eq!(got, BTreeMap::from([("birth".to_owned(), d("2026-01-31"))]), "a bad answer is passed over");
    // The plan from those dates is the one the e2e test expects on the 出生 notice.
    let (index, cal) = (index(), calendar());
    let leaves = leaves_of(&index, LifecycleId::Personal, "出生");
    let planned = plan(&data, &leaves, &got, &cal, d("2026-02-01"));
    assert!(planned.iter().all(|p| p.due.map(|due| due.last_day) == Some(d("2026-02-28"))));
    // A blank answer is no answer.
    answers.fields.insert(field("csrq@newborn"), "  ".into());
    assert!(data.dates_from_answers(&answers).is_empty());
}

#[test]
fn an_event_field_must_be_a_shared_field_key() {
    let index = index();
    for bad in [r#""fields": ["csrq@item#P003"]"#, r#""fields": ["csrq"]"#] {
        let json = sqsb_core::schedule::DEADLINES_JSON.replacen(r#""fields": ["csrq@newborn"]"#, bad, 1);
        assert_ne!(json, sqsb_core::schedule::DEADLINES_JSON, "the birth event names its field");
        let problems = DeadlineData::parse(&json).expect("still parses").check(&index);
        assert!(
            problems.iter().any(|p| p.contains("event birth") && p.contains("not a shared form field")),
            "{bad}: {problems:?}"
        );
    }
}

#[test]
fn the_travel_chain_asks_each_vehicle_date_once_and_plans_what_is_dated() {
    let (index, data, cal) = (index(), data(), calendar());
    let leaves = leaves_of(&index, LifecycleId::Personal, "出行");
    let needed: Vec<&str> = events_needed(&data, &leaves).iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        needed,
        [
            "learner_permit",
            "vehicle_alteration",
            "vehicle_delivery",
            "vehicle_purchase",
            "vehicle_registration",
            "violation_notice",
            "penalty_decision"
        ]
    );
    // A used car handed over and bought on Monday 2 March 2026: the transfer registration within 30 days
    // (《机动车登记规定》第二十五条: Wednesday 1 April); the purchase tax within 60 days (《车辆购置税法》第十二条:
    // Friday 1 May, 劳动节 1–5 May, so Wednesday 6 May). The dates not given stay undated, in chain order.
    let events = BTreeMap::from([
        ("vehicle_delivery".to_owned(), d("2026-03-02")),
        ("vehicle_purchase".to_owned(), d("2026-03-02")),
    ]);
    let planned = plan(&data, &leaves, &events, &cal, d("2026-03-01"));
    let got: Vec<(Option<String>, &str)> =
        planned.iter().map(|p| (p.due.map(|d| d.last_day.to_string()), p.deadline.item.as_str())).collect();
    assert_eq!(
        got,
        [
            (Some("2026-04-01".to_owned()), "P072-3"),
            (Some("2026-05-06".to_owned()), "P073"),
            (None, "P071"),
            (None, "P072-2"),
            (None, "P074"),
            (None, "P077"),
            (None, "P078"),
        ]
    );
    // Each of them says what happens when it is missed, with the article that says so.
    assert!(planned.iter().all(|p| p.deadline.missed.is_some() && p.deadline.missed_basis.is_some()));
    let late_tax = planned[1].deadline.missed_basis.as_ref().map(|b| b.text());
    assert_eq!(late_tax.as_deref(), Some("《中华人民共和国税收征收管理法》第六十二条"));
}

#[test]
fn a_divorce_certificate_is_applied_for_within_sixty_days_or_the_application_lapses() {
    let (index, data, cal) = (index(), data(), calendar());
    let leaves = leaves_of(&index, LifecycleId::Personal, "婚育");
    let needed: Vec<&str> = events_needed(&data, &leaves).iter().map(|e| e.key.as_str()).collect();
    assert_eq!(needed, ["divorce_application"], "marriage registration has no deadline; divorce has one date");
    // Received Monday 9 March 2026: 30 days of 冷静期, then 30 days to apply for the certificate (民法典第一千零七十七条),
    // Friday 8 May.
    let events = BTreeMap::from([("divorce_application".to_owned(), d("2026-03-09"))]);
    let planned = plan(&data, &leaves, &events, &cal, d("2026-03-01"));
    let got: Vec<(String, &str)> =
        planned.iter().map(|p| (p.due.expect("dated").last_day.to_string(), p.deadline.item.as_str())).collect();
    assert_eq!(got, [("2026-05-08".to_owned(), "P084"), ("2026-05-08".to_owned(), "P085")]);
    assert!(planned.iter().all(|p| p.deadline.missed.as_deref() == Some("视为撤回离婚登记申请")));
}

#[test]
fn short_personal_periods_move_past_the_holidays() {
    let (data, cal) = (data(), calendar());
    let last_day_of = |item: &str, event: &str, date: &str| {
        let leaves = vec![item.to_owned()];
        let events = BTreeMap::from([(event.to_owned(), d(date))]);
        plan(&data, &leaves, &events, &cal, d("2026-03-01")).first().and_then(|p| p.due).map(|d| d.last_day.to_string())
    };
    // 户口登记条例第十三条: three days from arriving on Thursday 2 April 2026 is Sunday 5 April, inside 清明节 (4–6
    // April): Tuesday 7 April.
    assert_eq!(last_day_of("P025", "arrival", "2026-04-02").as_deref(), Some("2026-04-07"));
    // 行政处罚法第六十七条: a decision received on Sunday 20 September 2026 (a working day that year): 15 days is
    // Monday 5 October, inside 国庆节: Thursday 8 October.
    assert_eq!(last_day_of("P078", "penalty_decision", "2026-09-20").as_deref(), Some("2026-10-08"));
    // 《道路交通安全违法行为处理程序规定》第二十条: a camera-recorded violation notified on Saturday 5 September
    // 2026 is dealt with within 30 days, Monday 5 October, inside 国庆节: Thursday 8 October.
    assert_eq!(last_day_of("P077", "violation_notice", "2026-09-05").as_deref(), Some("2026-10-08"));
    // 护士条例第七条: three years from the examination, into a year whose arrangement is not on file.
    let leaves = vec!["P035-1".to_owned()];
    let events = BTreeMap::from([("nurse_exam".to_owned(), d("2026-05-09"))]);
    let nurse = plan(&data, &leaves, &events, &cal, d("2026-03-01"))[0].due.expect("dated");
    assert_eq!((nurse.last_day.to_string(), nurse.approximate), ("2029-05-09".to_owned(), true));
}

#[test]
fn a_home_purchase_files_its_contract_within_the_period_from_signing() {
    let (index, data, cal) = (index(), data(), calendar());
    let leaves = leaves_of(&index, LifecycleId::Personal, "置业");
    let needed: Vec<&str> = events_needed(&data, &leaves).iter().map(|e| e.key.as_str()).collect();
    // 企业—个人 转移登记 (P057-2) adds the handover of an off-plan home and the contract of a completed one
    // (《城市房地产开发经营管理条例》第三十二条): a buyer answers the one that applies.
    assert_eq!(
        needed,
        ["presale_contract", "registrable", "handover", "spot_sale_contract", "resale_contract"],
        "each contract date asked once"
    );
    // Both contracts signed on Saturday 31 January 2026. 《山东省商品房销售条例》第十一条: the developer files the
    // pre-sale contract within 30 days, Monday 2 March. 《城市房地产转让管理规定》第七条: the resale is applied
    // for within 90 days, Friday 1 May, inside 劳动节 (1–5 May): Wednesday 6 May.
    let events = BTreeMap::from([
        ("presale_contract".to_owned(), d("2026-01-31")),
        ("resale_contract".to_owned(), d("2026-01-31")),
    ]);
    let planned = plan(&data, &leaves, &events, &cal, d("2026-01-31"));
    let dated: Vec<(String, &str)> =
        planned.iter().filter_map(|p| p.due.map(|due| (due.last_day.to_string(), p.deadline.item.as_str()))).collect();
    assert_eq!(dated, [("2026-03-02".to_owned(), "P055"), ("2026-05-06".to_owned(), "P058")]);
    // Neither rule says what happens when the period is missed, so the schedule claims no consequence.
    let filings: Vec<_> = planned.iter().filter(|p| matches!(p.deadline.item.as_str(), "P055" | "P058")).collect();
    assert_eq!(filings.len(), 2);
    assert!(filings.iter().all(|p| p.deadline.missed.is_none() && p.deadline.missed_basis.is_none()));
}

// ---------------------------------------------------------------------------------------------
// Periods counted back from an expiry (renewals)
// ---------------------------------------------------------------------------------------------

#[test]
fn days_before_an_expiry_count_back_from_the_day_before_it() {
    let cal = calendar();
    // 《排污许可管理条例》第十四条 届满60日前: expiry Wed 2026-12-30 → Sat 2026-10-31 → back to Fri 2026-10-30.
    let result = due(d("2026-12-30"), Period::DaysBefore(60), &cal).expect("due");
    assert_eq!(result.unmoved, d("2026-10-31"), "60 days before the expiry");
    assert_eq!(result.last_day, d("2026-10-30"), "a Saturday moves earlier, never later");
    assert!(result.opens.is_none());
    // A working day stays: expiry 2026-06-30 − 60 days = Fri 2026-05-01, 劳动节 (5月1日–5日 off) → Thu 2026-04-30.
    let holiday = due(d("2026-06-30"), Period::DaysBefore(60), &cal).expect("due");
    assert_eq!(holiday.unmoved, d("2026-05-01"));
    assert_eq!(holiday.last_day, d("2026-04-30"), "the holiday moves the last day before it");
    // 2026-07-04 − 60 days = Tue 2026-05-05, still 劳动节 → Thu 2026-04-30.
    assert_eq!(last_day("2026-07-04", Period::DaysBefore(60), &cal), "2026-04-30");
    // Across a new year, and a plain working day.
    assert_eq!(last_day("2027-01-15", Period::DaysBefore(60), &Calendar::weekends_only()), "2026-11-16");
}

#[test]
fn months_before_an_expiry_take_the_corresponding_day_or_the_months_last() {
    let cal = Calendar::weekends_only();
    // 《安全生产许可证条例》第九条 期满前3个月.
    assert_eq!(due(d("2027-05-31"), Period::MonthsBefore(3), &cal).expect("due").unmoved, d("2027-02-28"));
    assert_eq!(due(d("2028-05-31"), Period::MonthsBefore(3), &cal).expect("due").unmoved, d("2028-02-29"));
    assert_eq!(due(d("2027-03-15"), Period::MonthsBefore(3), &cal).expect("due").unmoved, d("2026-12-15"));
    assert_eq!(due(d("2027-02-10"), Period::MonthsBefore(12), &cal).expect("due").unmoved, d("2026-02-10"));
    // Sun 2027-02-28 → Fri 2027-02-26; 2027 is not on file with weekends only, so the date is approximate.
    let result = due(d("2027-05-31"), Period::MonthsBefore(3), &cal).expect("due");
    assert_eq!(result.last_day, d("2027-02-26"));
    assert!(result.approximate);
    assert_eq!(due(d("0001-02-10"), Period::MonthsBefore(3), &cal), None, "before year 1");
}

#[test]
fn a_renewal_is_planned_the_same_on_any_day_and_overdue_stays_overdue() {
    let cal = calendar();
    let early = due_as_of(d("2026-12-30"), Period::DaysBefore(60), &cal, d("2026-01-01"));
    let late = due_as_of(d("2026-12-30"), Period::DaysBefore(60), &cal, d("2026-12-01"));
    assert_eq!(early, late);
    assert_eq!(late.map(|x| x.last_day), Some(d("2026-10-30")));
    assert!(Period::DaysBefore(1).is_before() && Period::MonthsBefore(1).is_before());
    assert!(!Period::Days(1).is_before() && !Period::Months(1).is_before());
    assert_eq!(Period::DaysBefore(60).text_zh(), "前 60 日");
    assert_eq!(Period::MonthsBefore(1).text_en(), "1 month before expiry");
}

#[test]
fn renewal_periods_read_from_data() {
    let data = DeadlineData::bundled().expect("deadlines load");
    let e008: Vec<_> = data.of_item("E008").collect();
    assert_eq!(e008.len(), 1);
    assert_eq!(e008[0].period, Period::MonthsBefore(3));
    assert_eq!(e008[0].event, "safety_permit_expiry");
    let e012: Vec<_> = data.of_item("E012").collect();
    assert_eq!(e012[0].period, Period::DaysBefore(60));
    assert!(DeadlineData::parse(r#"{"version":"1","note":"","events":[],"deadlines":[{"item":"E008","event":"x","period":{"days_before":"60"},"duty":"","duty_en":"","basis":{"law":"","article":""}}],"no_deadline":[]}"#).is_err());
}

#[test]
fn a_pharmacist_applies_to_renew_thirty_days_before_the_registration_expires() {
    let (data, cal) = (data(), calendar());
    // 《执业药师职业资格制度规定》第十六条 有效期届满三十日前: a registration expiring on Monday 12 October 2026 is
    // renewed by Saturday 12 September, a rest day, so by the working day before it: Friday 11 September.
    let leaves = vec!["P036".to_owned()];
    let events = BTreeMap::from([("pharmacist_registration_expiry".to_owned(), d("2026-10-12"))]);
    let planned = plan(&data, &leaves, &events, &cal, d("2026-03-01"));
    let due = planned.first().and_then(|p| p.due).expect("dated");
    assert_eq!((due.unmoved.to_string(), due.last_day.to_string()), ("2026-09-12".to_owned(), "2026-09-11".to_owned()));
    assert_eq!(planned[0].deadline.period, Period::DaysBefore(30));
}

proptest! {
    /// Counted back, the last day is never after the unmoved day, never a rest day, at most a rest stretch earlier,
    /// and days_before and months_before agree with plain day and month arithmetic.
    #[test]
    fn a_renewal_deadline_is_a_working_day_on_or_before_n_before_expiry(
        day in 0i64..(365 * 30), n in 1u32..400, m in 1u32..60,
    ) {
        let cal = calendar();
        let expiry = from_day_number(day + day_number(d("2010-01-01"))).expect("a date");
        let r = due(expiry, Period::DaysBefore(n), &cal).expect("due");
        prop_assert_eq!(days_between(r.unmoved, expiry), i64::from(n));
        prop_assert!(r.last_day <= r.unmoved);
        prop_assert!(days_between(r.last_day, r.unmoved) < 12);
        prop_assert!(!cal.is_rest_day(r.last_day));
        let mr = due(expiry, Period::MonthsBefore(m), &cal).expect("due");
        prop_assert!(mr.unmoved < expiry);
        prop_assert_eq!(add_months(mr.unmoved, m).map(|back| back <= expiry), Some(true));
        prop_assert!(!cal.is_rest_day(mr.last_day));
    }
}

#[test]
fn a_working_days_window_before_an_expiry_counts_working_days_back() {
    let cal = calendar();
    let window = |from, to| {
        DeadlineData::parse(&format!(
            r#"{{"version":"1","note":"","events":[],"deadlines":[{{"item":"E011","event":"x","period":{{"working_days_before":{{"from":{from},"to":{to}}}}},"duty":"","duty_en":"","basis":{{"law":"","article":""}}}}],"no_deadline":[]}}"#
        ))
        .map(|data| data.deadlines[0].period)
    };
    let period = window(90, 30).expect("a window");
    // 《医疗器械生产监督管理办法》第十七条 届满前90个工作日至30个工作日期间. Expiry Thu 2026-12-31: December has 22
    // working days before the 31st (1–30), so the 30th working day back is the 8th of November's from its end,
    // Thu 19 November.
    let result = due(d("2026-12-31"), period, &cal).expect("due");
    assert_eq!(result.last_day, d("2026-11-19"));
    assert_eq!(result.unmoved, result.last_day, "a working day: nothing moves");
    assert_eq!(result.opens, Some(d("2026-08-21")));
    assert!(!result.approximate);
    // Over the National Day holiday (1–7 October off, its weekend working days counted): 2026-11-10 → 22 September.
    let over_holiday = due(d("2026-11-10"), period, &cal).expect("due");
    assert_eq!((over_holiday.opens, over_holiday.last_day), (Some(d("2026-07-01")), d("2026-09-22")));
    // A year not on file is approximate.
    assert!(due(d("2027-12-31"), period, &cal).expect("due").approximate);
    assert!(window(30, 30).is_err() && window(30, 90).is_err() && window(5, 0).is_err(), "not a window");
    assert_eq!(period.text_zh(), "前 30 个工作日（最早前 90 个工作日）");
}

// ---------------------------------------------------------------------------------------------
// Annex 1 leaves checked in December 2026 (employment registration, fire acceptance filing, renewals)
// ---------------------------------------------------------------------------------------------

#[test]
fn an_employer_registers_each_hire_within_30_days_and_each_leaving_within_15() {
    let (data, cal) = (data(), calendar());
    // 《就业服务与就业管理规定》第六十二条 grounds both 就业登记 (E036) and 劳动用工备案 (E037): the two items of one
    // chain ask 用工日期 and 劳动关系终止或者解除日期 once each.
    let leaves = vec!["E036".to_owned(), "E037".to_owned()];
    let needed: Vec<&str> = events_needed(&data, &leaves).iter().map(|e| e.key.as_str()).collect();
    assert_eq!(needed, ["hire", "employment_end"]);
    for item in ["E036", "E037"] {
        let articles: Vec<(String, u32)> = data
            .of_item(item)
            .map(|d| {
                (
                    d.basis.text(),
                    match d.period {
                        Period::Days(n) => n,
                        other => panic!("{other:?}"),
                    },
                )
            })
            .collect();
        let article = "《就业服务与就业管理规定》第六十二条".to_owned();
        assert_eq!(articles, [(article.clone(), 30), (article, 15)], "{item}");
    }
    // Hired on Friday 16 January 2026: 30 days is Sunday 15 February, inside 春节 (15–23 February): Tuesday 24
    // February. Left on Tuesday 22 September: 15 days is Wednesday 7 October, inside 国庆节: Thursday 8 October.
    let events = BTreeMap::from([("hire".to_owned(), d("2026-01-16")), ("employment_end".to_owned(), d("2026-09-22"))]);
    let planned = plan(&data, &leaves, &events, &cal, d("2026-01-16"));
    let got: Vec<(&str, &str, String)> = planned
        .iter()
        .map(|p| (p.deadline.item.as_str(), p.deadline.event.as_str(), p.due.expect("dated").last_day.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("E036", "hire", "2026-02-24".to_owned()),
            ("E037", "hire", "2026-02-24".to_owned()),
            ("E036", "employment_end", "2026-10-08".to_owned()),
            ("E037", "employment_end", "2026-10-08".to_owned()),
        ]
    );
}

#[test]
fn other_building_works_are_filed_within_five_working_days_of_acceptance() {
    let (data, cal) = (data(), calendar());
    let e087: Vec<_> = data.of_item("E087").collect();
    assert_eq!(e087.len(), 1);
    assert_eq!((e087[0].event.as_str(), e087[0].period), ("acceptance", Period::WorkingDays(5)));
    assert_eq!(e087[0].basis.text(), "《建设工程消防设计审查验收管理暂行规定》第三十六条");
    assert_eq!(e087[0].missed_basis.as_ref().map(|b| b.text()).as_deref(), Some("《中华人民共和国消防法》第五十八条"));
    // Accepted on Tuesday 29 September 2026: Wednesday 30 September (1), 1–7 October off, Thursday 8 (2), Friday 9
    // (3), Saturday 10 October, a working day that year (4), Monday 12 October (5).
    let leaves = vec!["E087".to_owned()];
    let events = BTreeMap::from([("acceptance".to_owned(), d("2026-09-29"))]);
    let planned = plan(&data, &leaves, &events, &cal, d("2026-09-29"));
    assert_eq!(planned[0].due.map(|d| d.last_day), Some(d("2026-10-12")));
}

#[test]
fn permits_without_a_rule_of_their_own_are_renewed_thirty_days_before_expiry() {
    let (data, cal) = (data(), calendar());
    // 《中华人民共和国行政许可法》第五十条 (届满三十日前) for 公共场所卫生许可, 烟草专卖零售许可 and 排水许可; a permit
    // not renewed is cancelled (第七十条).
    for (item, event) in
        [("E013", "public_health_permit_expiry"), ("E016", "tobacco_permit_expiry"), ("E082", "drainage_permit_expiry")]
    {
        let deadlines: Vec<_> = data.of_item(item).collect();
        assert_eq!(deadlines.len(), 1, "{item}");
        let deadline = deadlines[0];
        assert_eq!((deadline.event.as_str(), deadline.period), (event, Period::DaysBefore(30)), "{item}");
        assert_eq!(deadline.basis.text(), "《中华人民共和国行政许可法》第五十条");
        assert_eq!(
            deadline.missed_basis.as_ref().map(|b| b.text()).as_deref(),
            Some("《中华人民共和国行政许可法》第七十条")
        );
        // Expiry Tuesday 30 June 2026: 30 days before is Sunday 31 May, moved earlier to Friday 29 May. Expiry
        // Thursday 4 June: Tuesday 5 May, inside 劳动节 (1–5 May): Thursday 30 April.
        let leaves = vec![item.to_owned()];
        for (expiry, last) in [("2026-06-30", "2026-05-29"), ("2026-06-04", "2026-04-30")] {
            let events = BTreeMap::from([(event.to_owned(), d(expiry))]);
            let planned = plan(&data, &leaves, &events, &cal, d("2026-01-01"));
            assert_eq!(planned[0].due.map(|d| d.last_day.to_string()).as_deref(), Some(last), "{item} {expiry}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Recurring duties (periodic inspections)
// ---------------------------------------------------------------------------------------------

fn recurring(json: &str) -> Result<Period, String> {
    serde_json::from_str::<Period>(&format!(r#"{{"recurring": {json}}}"#)).map_err(|e| e.to_string())
}

/// The plan of P074 as data/deadlines.json states it.
fn inspection() -> Period {
    data().of_item("P074").next().expect("P074 has a deadline").period
}

#[test]
fn a_recurring_plan_is_read_from_data_and_checked() {
    let two_phases =
        r#"{"phases": [{"every_months": 24, "until_months": 120}, {"every_months": 12}], "opens_months_before": 3}"#;
    let Ok(Period::Recurring(plan)) = recurring(two_phases) else { panic!("reads") };
    assert_eq!(plan.phases().len(), 2);
    assert_eq!(plan.opens_months_before, Some(3));
    assert_eq!(plan.offsets().take(8).collect::<Vec<_>>(), [24, 48, 72, 96, 120, 132, 144, 156]);
    assert_eq!(Period::Recurring(plan), inspection(), "the data's plan for P074");
    // 条例第十六条第三项 as written: three phases, the last every 6 months.
    let Ok(Period::Recurring(statute)) = recurring(
        r#"{"phases": [{"every_months": 24, "until_months": 72}, {"every_months": 12, "until_months": 180}, {"every_months": 6}]}"#,
    ) else {
        panic!("reads")
    };
    let offsets: Vec<u32> = statute.offsets().take(15).collect();
    assert_eq!(offsets, [24, 48, 72, 84, 96, 108, 120, 132, 144, 156, 168, 180, 186, 192, 198]);
    for bad in [
        r#"{"phases": []}"#,
        r#"{"phases": [{"every_months": 0}]}"#,
        r#"{"phases": [{"every_months": 24, "until_months": 120}]}"#,
        r#"{"phases": [{"every_months": 24}, {"every_months": 12}]}"#,
        r#"{"phases": [{"every_months": 24, "until_months": 70}, {"every_months": 12}]}"#,
        r#"{"phases": [{"every_months": 24, "until_months": 120}, {"every_months": 12, "until_months": 120}, {"every_months": 6}]}"#,
        r#"{"phases": [{"every_months": 12}], "opens_months_before": 0}"#,
        r#"{"phases": [{"every_months": 12}], "opens": 3}"#,
    ] {
        assert!(recurring(bad).is_err(), "{bad} is refused");
    }
    assert_eq!(inspection().text_zh(), "10 年内每 2 年一次，此后每年一次");
    assert_eq!(inspection().text_en(), "every 2 years for the first 10 years, then every year");
    assert_eq!(statute.text_zh(), "6 年内每 2 年一次，此后至满 15 年每年一次，此后每 6 个月一次");
}

#[test]
fn an_inspection_is_shown_at_its_next_occurrence_never_a_past_one() {
    let cal = calendar();
    let next = |registered: &str, today: &str| {
        let due = due_as_of(d(registered), inspection(), &cal, d(today)).expect("an occurrence");
        (due.last_day.to_string(), due.opens.map(|o| o.to_string()))
    };
    // Registered 15 March 2020: years 2, 4 and 6 fall on 15 March 2022, 2024, 2026; on 10 January 2026 the next is
    // the 6th year's, its window open from 15 December 2025 (《机动车登记规定》第五十四条: 三个月内).
    assert_eq!(next("2020-03-15", "2026-01-10"), ("2026-03-15".into(), Some("2025-12-15".into())));
    // On the day itself it is still today's; the day after, the 8th year's.
    assert_eq!(next("2020-03-15", "2026-03-15").0, "2026-03-15");
    assert_eq!(next("2020-03-15", "2026-03-16").0, "2028-03-15");
    // After ten years every year: registered 31 August 2014, on 5 December 2026 the next is 31 August 2027.
    assert_eq!(next("2014-08-31", "2026-12-05").0, "2027-08-31");
    // 第二百零二条 from the registration each time, not from the previous occurrence: 29 February 2016 gives
    // 28 February 2018 (no 29th), then 29 February 2020 again.
    assert_eq!(next("2016-02-29", "2017-01-01").0, "2018-02-28");
    assert_eq!(next("2016-02-29", "2018-03-01").0, "2020-02-29");
    // A window that opens on a day the month lacks: 31 May − 3 months is 28 February.
    assert_eq!(next("2024-05-31", "2025-01-01"), ("2026-05-31".into(), Some("2026-02-28".into())));
    // Before the registration (a date typed wrong way round), the first occurrence; `due` alone gives it too.
    assert_eq!(next("2026-06-01", "2020-01-01").0, "2028-06-01");
    assert_eq!(due(d("2026-06-01"), inspection(), &cal).expect("due").last_day, d("2028-06-01"));
    // A validity's end is not moved over a rest day (Sunday 15 March 2026 stays), and is never approximate.
    let sunday = due_as_of(d("2020-03-15"), inspection(), &cal, d("2026-01-10")).expect("due");
    assert_eq!(weekday(sunday.last_day), 7);
    assert_eq!((sunday.unmoved, sunday.approximate), (sunday.last_day, false));
}

fn any_plan() -> impl Strategy<Value = Period> {
    (1u32..30, 1u32..6, 1u32..30).prop_map(|(first, count, then)| {
        let phases = [
            sqsb_core::schedule::RecurringPhase { every_months: first, until_months: Some(first * count) },
            sqsb_core::schedule::RecurringPhase { every_months: then, until_months: None },
        ];
        Period::Recurring(sqsb_core::schedule::RecurringPlan::new(&phases, Some(3)).expect("a valid plan"))
    })
}

proptest! {
    #[test]
    fn the_next_occurrence_is_the_first_not_past(event in any_date(), ahead in 0i64..8000, period in any_plan()) {
        let cal = calendar();
        let today = add_days(event, ahead).expect("in range");
        let Period::Recurring(plan) = period else { unreachable!("a recurring plan") };
        let got = due_as_of(event, period, &cal, today).expect("an occurrence");
        prop_assert!(got.last_day >= today && got.last_day > event);
        // It is an occurrence, and the one before it (if any) is past.
        let offsets: Vec<u32> = plan.offsets().take_while(|&m| add_months(event, m).is_some_and(|d| d <= got.last_day)).collect();
        let last = *offsets.last().expect("at least one occurrence up to it");
        prop_assert_eq!(add_months(event, last), Some(got.last_day));
        if offsets.len() >= 2 {
            let before = add_months(event, offsets[offsets.len() - 2]).expect("date");
            prop_assert!(before < today || before <= event, "{before} was not past on {today}");
        }
        prop_assert_eq!(got.opens, sqsb_core::schedule::sub_months(got.last_day, 3));
    }
}

#[test]
fn p074_and_p072_5_are_reviewed_with_the_articles_that_were_read() {
    let data = data();
    let p074 = data.of_item("P074").next().expect("P074");
    assert_eq!(p074.event, "vehicle_registration");
    assert_eq!(p074.basis.text(), "《中华人民共和国道路交通安全法实施条例》第十六条");
    assert_eq!(p074.missed_basis.as_ref().map(|b| b.text()).as_deref(), Some("《机动车登记规定》第七十八条"));
    assert!(p074.note.as_deref().is_some_and(|n| n.contains("非营运小型、微型载客汽车") && n.contains("第五十四条")));
    assert!(data.of_item("P072-5").next().is_none());
    assert!(data.no_deadline.iter().any(|n| n.item == "P072-5" && n.reason.contains("第三十七条")));
}

// ---------------------------------------------------------------------------------------------
// 用工日期 from the form's employees
// ---------------------------------------------------------------------------------------------

fn member(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

#[test]
fn the_hire_date_is_the_earliest_employees_from_the_form() {
    use sqsb_core::engine::Answers;
    let (data, cal) = (data(), calendar());
    let hire = data.event("hire").expect("the hire event");
    let groups: Vec<(&str, &str)> = hire.group_fields().collect();
    assert_eq!(groups, [("sbcbry", "zyrq"), ("ybcbry", "zyrq"), ("gjjkhzg", "zyrq")]);
    let mut answers = Answers::default();
    answers.groups.insert(
        "sbcbry".into(),
        vec![
            member(&[("xm", "张三"), ("zyrq", "2026-03-10")]),
            member(&[("xm", "李四"), ("zyrq", "2026年2月20日")]),
            member(&[("xm", "王五"), ("zyrq", "not a date")]),
        ],
    );
    answers.groups.insert("gjjkhzg".into(), vec![member(&[("xm", "赵六"), ("zyrq", "2026-02-25")])]);
    let dates = data.dates_from_answers(&answers);
    assert_eq!(dates.get("hire"), Some(&d("2026-02-20")), "the earliest valid date of every listed group");
    // 社会保险法第五十八条: 30 days from 20 February is Sunday 22 March 2026 → Monday 23 March.
    let leaves: Vec<String> = ["E038-1", "E039", "E045-1"].map(str::to_owned).to_vec();
    let planned = plan(&data, &leaves, &dates, &cal, d("2026-03-01"));
    assert_eq!(planned.len(), 3);
    assert!(planned.iter().all(|p| p.due.map(|due| due.last_day) == Some(d("2026-03-23"))));
    // No date in the groups: nothing given, the schedule asks.
    answers.groups.values_mut().flatten().for_each(|m| {
        m.remove("zyrq");
    });
    assert!(!data.dates_from_answers(&answers).contains_key("hire"));
}

#[test]
fn every_event_group_field_is_a_date_element_of_its_group() {
    let dictionary = sqsb_core::dictionary::Dictionary::bundled().expect("the dictionary loads");
    let data = data();
    let mut mapped = 0;
    for event in &data.events {
        assert_eq!(event.group_fields().count(), event.group_fields.len(), "{}: group.element", event.key);
        for (group, element) in event.group_fields() {
            let g = dictionary.groups.get(group).unwrap_or_else(|| panic!("{}: no group {group}", event.key));
            assert!(g.elements.iter().any(|e| e == element), "{}: {group} has no {element}", event.key);
            let kind = dictionary.element(element).expect("its element").kind;
            assert_eq!(kind, sqsb_core::dictionary::Kind::Date, "{}: {group}.{element} is not a date", event.key);
            mapped += 1;
        }
    }
    assert!(mapped >= 3);
    // A malformed entry is named by the check.
    let json = sqsb_core::schedule::DEADLINES_JSON.replacen("\"sbcbry.zyrq\"", "\"sbcbry-zyrq\"", 1);
    let problems = DeadlineData::parse(&json).expect("parses").check(&index());
    assert!(problems.iter().any(|p| p.contains("event hire") && p.contains("sbcbry-zyrq")), "{problems:?}");
}

#[test]
fn the_employees_hire_dates_reach_the_three_items_payloads() {
    use sqsb_core::engine::{ChainSpec, Selections};
    let engine = support::engine();
    let chain = engine
        .chain(&ChainSpec::Basket(vec!["E038-1".into(), "E039".into(), "E045-1".into()]), &Selections::new())
        .expect("a chain");
    let form = engine.merge(&chain).expect("a form");
    let mut answers = support::full_answers(&form);
    // Each item's own list of employees asks 招用日期, required.
    for (group, date) in [("sbcbry", "2026-02-20"), ("ybcbry", "2026-02-21"), ("gjjkhzg", "2026-02-22")] {
        let g = form.group(group).unwrap_or_else(|| panic!("the form asks {group}"));
        let zyrq = g.members.iter().find(|m| m.element == "zyrq").unwrap_or_else(|| panic!("{group} asks 招用日期"));
        assert!(zyrq.required, "{group}: 招用日期 is required");
        for m in answers.groups.get_mut(group).expect("members") {
            m.insert("zyrq".into(), date.into());
        }
    }
    // The schedule takes the earliest, and each department receives its employees' dates.
    assert_eq!(data().dates_from_answers(&answers).get("hire"), Some(&d("2026-02-20")));
    let payloads = support::payloads(&form, &answers);
    for (item, group, date) in
        [("E038-1", "sbcbry", "2026-02-20"), ("E039", "ybcbry", "2026-02-21"), ("E045-1", "gjjkhzg", "2026-02-22")]
    {
        let payload = payloads.iter().find(|p| p.item_id == item).unwrap_or_else(|| panic!("{item}'s payload"));
        let members = payload.groups.get(group).unwrap_or_else(|| panic!("{item} carries {group}"));
        assert!(!members.is_empty());
        assert!(members.iter().all(|m| m.get("zyrq").map(String::as_str) == Some(date)), "{item}: {members:?}");
    }
}

/// The one deadline of `item` that runs from `event`, planned with the event on `date`: (its period, the unmoved
/// last day, the last day, whether it is approximate).
fn plan_one(item: &str, event: &str, date: &str) -> (Period, String, String, bool) {
    let (data, cal) = (data(), calendar());
    let leaves = vec![item.to_owned()];
    let events = BTreeMap::from([(event.to_owned(), d(date))]);
    let planned = plan(&data, &leaves, &events, &cal, d("2026-01-01"));
    let mine: Vec<_> = planned.iter().filter(|p| p.deadline.event == event).collect();
    assert_eq!(mine.len(), 1, "{item} has one deadline from {event}");
    let due = mine[0].due.unwrap_or_else(|| panic!("{item} from {event} is dated"));
    (mine[0].deadline.period, due.unmoved.to_string(), due.last_day.to_string(), due.approximate)
}

fn basis_of(item: &str, event: &str) -> (String, Option<String>) {
    let data = data();
    let deadline = data.of_item(item).find(|d| d.event == event).unwrap_or_else(|| panic!("{item} {event}"));
    (deadline.basis.text(), deadline.missed_basis.as_ref().map(|b| b.text()))
}

#[test]
fn a_medical_institution_applies_for_validation_three_months_before_the_period_ends() {
    // 《医疗机构管理条例实施细则》第三十五条 校验期满前3个月; overdue and still practising: 《医疗机构管理条例》第四十五条.
    assert_eq!(
        basis_of("E029", "medical_validation_due"),
        ("《医疗机构管理条例实施细则》第三十五条".to_owned(), Some("《医疗机构管理条例》第四十五条".to_owned()))
    );
    // Period ends Monday 31 August 2026: 3 months before is Sunday 31 May, moved earlier to Friday 29 May.
    assert_eq!(
        plan_one("E029", "medical_validation_due", "2026-08-31"),
        (Period::MonthsBefore(3), "2026-05-31".to_owned(), "2026-05-29".to_owned(), false)
    );
}

#[test]
fn a_special_equipment_operator_applies_for_review_three_months_before_it_falls_due() {
    // 《特种设备作业人员监督管理办法》第二十二条: reviewed every 4 years, applied for 3 months before; a certificate not
    // reviewed in time is cancelled (the same article).
    let article = "《特种设备作业人员监督管理办法》第二十二条".to_owned();
    assert_eq!(basis_of("P037", "operator_certificate_review"), (article.clone(), Some(article)));
    // Review due Saturday 4 July 2026: Saturday 4 April is inside 清明节 (4–6 April): Friday 3 April.
    assert_eq!(
        plan_one("P037", "operator_certificate_review", "2026-07-04"),
        (Period::MonthsBefore(3), "2026-04-04".to_owned(), "2026-04-03".to_owned(), false)
    );
}

#[test]
fn a_new_disability_rating_is_applied_for_within_three_years_of_the_injury() {
    // 《伤残抚恤管理办法》第五条 (新办: 3年内); no consequence stated.
    assert_eq!(basis_of("P030", "service_injury"), ("《伤残抚恤管理办法》第五条".to_owned(), None));
    // Injured on 15 February 2023: 15 February 2026 is 春节 (15–23 February): Tuesday 24 February.
    assert_eq!(
        plan_one("P030", "service_injury", "2023-02-15"),
        (Period::Years(3), "2026-02-15".to_owned(), "2026-02-24".to_owned(), false)
    );
    // 29 February 2024 + 3 years: no 29 February 2027, so Sunday 28 February; 2027 is counted with weekends only
    // (its arrangement is not on file): Monday 1 March, approximate.
    assert_eq!(
        plan_one("P030", "service_injury", "2024-02-29"),
        (Period::Years(3), "2027-02-28".to_owned(), "2027-03-01".to_owned(), true)
    );
}

#[test]
fn a_new_home_is_registered_within_ninety_days_of_handover_or_of_the_contract() {
    // 《城市房地产开发经营管理条例》第三十二条: off-plan from the handover, a completed home from the contract; the
    // advance registration's 90 days (民法典第二百二十一条) stay as they were.
    let data = data();
    let events: Vec<&str> = data.of_item("P057-2").map(|d| d.event.as_str()).collect();
    assert_eq!(events, ["registrable", "handover", "spot_sale_contract"]);
    for event in ["handover", "spot_sale_contract"] {
        assert_eq!(basis_of("P057-2", event), ("《城市房地产开发经营管理条例》第三十二条".to_owned(), None));
    }
    // Handed over on Friday 3 July 2026: 90 days is Thursday 1 October, inside 国庆节 (1–7 October): Thursday 8.
    assert_eq!(
        plan_one("P057-2", "handover", "2026-07-03"),
        (Period::Days(90), "2026-10-01".to_owned(), "2026-10-08".to_owned(), false)
    );
    // Contract of Monday 5 January 2026: 90 days is Sunday 5 April, inside 清明节 (4–6 April): Tuesday 7 April.
    assert_eq!(
        plan_one("P057-2", "spot_sale_contract", "2026-01-05"),
        (Period::Days(90), "2026-04-05".to_owned(), "2026-04-07".to_owned(), false)
    );
}

#[test]
fn a_veterinary_drug_trader_reports_changes_within_working_days() {
    // 《兽药管理条例》第二十四条: a new name or legal representative, 15 working days after the change registration;
    // 《兽药经营质量管理规范》第四条: a change of floor area filed within 30 working days; the renewal stays.
    let data = data();
    let events: Vec<&str> = data.of_item("E027").map(|d| d.event.as_str()).collect();
    assert_eq!(events, ["vet_drug_permit_expiry", "vet_drug_business_change", "vet_drug_premises_change"]);
    assert_eq!(basis_of("E027", "vet_drug_business_change"), ("《兽药管理条例》第二十四条".to_owned(), None));
    assert_eq!(basis_of("E027", "vet_drug_premises_change"), ("《兽药经营质量管理规范》第四条".to_owned(), None));
    // Registered on Friday 18 September 2026: Sunday 20 September, a working day that year (1), 21–24 September
    // (2–5), 中秋节 25–27 off, 28–30 (6–8), 国庆节 1–7 October off, Thursday 8 (9), Friday 9 (10), Saturday 10
    // October, a working day (11), 12–15 October (12–15): Thursday 15 October. Calendar days would have given
    // Saturday 3 October.
    assert_eq!(
        plan_one("E027", "vet_drug_business_change", "2026-09-18"),
        (Period::WorkingDays(15), "2026-10-15".to_owned(), "2026-10-15".to_owned(), false)
    );
    // Changed on Friday 30 January 2026: 2–13 February (1–10), Saturday 14 February, a working day (11), 春节 15–23
    // off, 24–27 February (12–15), Saturday 28 February, a working day (16), 2–13 March (17–26), 16–19 March
    // (27–30): Thursday 19 March.
    assert_eq!(
        plan_one("E027", "vet_drug_premises_change", "2026-01-30"),
        (Period::WorkingDays(30), "2026-03-19".to_owned(), "2026-03-19".to_owned(), false)
    );
}

#[test]
fn a_used_car_exporter_deregisters_within_two_months_of_customs_clearance() {
    // 《机动车登记规定》第三十七条第三款; other owners have no period (the note says so).
    let data = data();
    let deadlines: Vec<_> = data.of_item("E054-5").collect();
    assert_eq!(deadlines.len(), 1);
    assert_eq!(basis_of("E054-5", "export_clearance"), ("《机动车登记规定》第三十七条".to_owned(), None));
    assert!(deadlines[0].note.as_deref().is_some_and(|n| n.contains("只适用于二手车出口企业")));
    // Cleared Friday 31 July 2026: Wednesday 30 September. Cleared Saturday 1 August: Thursday 1 October, 国庆节:
    // Thursday 8 October.
    assert_eq!(
        plan_one("E054-5", "export_clearance", "2026-07-31"),
        (Period::Months(2), "2026-09-30".to_owned(), "2026-09-30".to_owned(), false)
    );
    assert_eq!(
        plan_one("E054-5", "export_clearance", "2026-08-01"),
        (Period::Months(2), "2026-10-01".to_owned(), "2026-10-08".to_owned(), false)
    );
}

#[test]
fn a_resale_tax_return_has_no_date_of_its_own() {
    // 《中华人民共和国契税法》第十条、第十一条: paid before the transfer registration, which is refused without it.
    let data = data();
    assert!(data.of_item("P059").next().is_none());
    assert!(data.reviewed("P059"));
    let reason = data.no_deadline.iter().find(|n| n.item == "P059").map(|n| n.reason.as_str()).unwrap_or_default();
    assert!(reason.contains("《中华人民共和国契税法》第十条"), "{reason}");
}

#[test]
fn unemployment_benefit_is_claimed_within_sixty_days_of_the_contract_ending() {
    // 《失业保险金申领发放办法》第六条: 终止或者解除劳动合同之日起60日内; the rule states no consequence.
    assert_eq!(basis_of("P054", "employment_end"), ("《失业保险金申领发放办法》第六条".to_owned(), None));
    // Ended Tuesday 31 March 2026: 30 days to 30 April, 60 to Saturday 30 May, a weekend: Monday 1 June.
    assert_eq!(
        plan_one("P054", "employment_end", "2026-03-31"),
        (Period::Days(60), "2026-05-30".to_owned(), "2026-06-01".to_owned(), false)
    );
}

#[test]
fn a_taxi_operator_applies_to_continue_sixty_days_before_the_operating_right_expires() {
    // 《巡游出租汽车经营服务管理规定》第十九条: 车辆经营权有效期届满60日前; the article states no consequence.
    assert_eq!(
        basis_of("E024", "taxi_operating_right_expiry"),
        ("《巡游出租汽车经营服务管理规定》第十九条".to_owned(), None)
    );
    // Expiry Thursday 31 December 2026: 60 days before is Sunday 1 November, moved earlier to Friday 30 October.
    assert_eq!(
        plan_one("E024", "taxi_operating_right_expiry", "2026-12-31"),
        (Period::DaysBefore(60), "2026-11-01".to_owned(), "2026-10-30".to_owned(), false)
    );
}

#[test]
fn a_bus_line_operating_right_has_no_application_period() {
    // 《城市公共汽车和电车客运管理规定》第十八条: at expiry the authority chooses the operator again; nothing for the
    // applicant to apply for by a date.
    let data = data();
    for item in ["E022-1", "E022-2"] {
        assert!(data.of_item(item).next().is_none(), "{item}");
        assert!(data.reviewed(item), "{item}");
        let reason = data.no_deadline.iter().find(|n| n.item == item).map(|n| n.reason.as_str()).unwrap_or_default();
        assert!(reason.contains("第十八条"), "{item}: {reason}");
    }
}

#[test]
fn an_export_is_declared_for_refund_within_thirty_six_months_counted_in_natural_days() {
    // 《中华人民共和国增值税法实施条例》第四十八条: 按照规定期限申报；逾期未申报的，按照视同向境内销售的规定缴纳增值税.
    // The period, 36 months from the export declaration, 按自然天数计算, is 财政部 税务总局公告2026年第11号's.
    let article = "《中华人民共和国增值税法实施条例》第四十八条".to_owned();
    assert_eq!(basis_of("E052", "goods_export"), (article.clone(), Some(article)));
    let data = data();
    let deadline = data.of_item("E052").next().expect("E052 has a deadline");
    let note = deadline.note.as_deref().unwrap_or_default();
    assert!(note.contains("2026年第11号"), "{note}");
    assert_eq!(deadline.applies_from(), Some(d("2026-01-01")), "the 36 months are for exports from 2026 on");
    // Declared for export on Tuesday 10 March 2026: 36 months end on Saturday 10 March 2029, and stay there —
    // no rest day moves a period the rule counts in natural days, so 2029's missing arrangement does not matter.
    assert_eq!(
        plan_one("E052", "goods_export", "2026-03-10"),
        (Period::MonthsUnextended(36), "2029-03-10".to_owned(), "2029-03-10".to_owned(), false)
    );
    // The same date as an ordinary period of months would have moved to Monday 12 March, by weekends only.
    let ordinary = due(d("2026-03-10"), Period::Months(36), &calendar()).expect("due");
    assert_eq!((ordinary.last_day, ordinary.approximate), (d("2029-03-12"), true));
}

#[test]
fn an_event_before_the_rule_applies_gets_no_date_and_says_why() {
    // 公告2026年第11号: exports up to 31 December 2025 keep the former rules, without the 36 months. The plan gives
    // them no date (a date from the new rule would be wrong, and the former rule is not on file) and marks them, so
    // the screen explains instead of asking for the date it already has.
    let (data, cal) = (data(), calendar());
    let leaves = vec!["E052".to_owned()];
    let plan_on = |date: &str| {
        let events = BTreeMap::from([("goods_export".to_owned(), d(date))]);
        let planned = plan(&data, &leaves, &events, &cal, d("2026-06-01"));
        assert_eq!(planned.len(), 1);
        (planned[0].due.map(|due| due.last_day.to_string()), planned[0].before_rule)
    };
    assert_eq!(plan_on("2025-12-31"), (None, true));
    assert_eq!(plan_on("2026-01-01"), (Some("2029-01-01".to_owned()), false));
    // Not given yet: undated, not "before the rule".
    let planned = plan(&data, &leaves, &BTreeMap::new(), &cal, d("2026-06-01"));
    assert_eq!((planned[0].due, planned[0].before_rule), (None, false));
    // Nothing undated is kept for the home's 即将到期.
    let events = BTreeMap::from([("goods_export".to_owned(), d("2025-12-31"))]);
    let kept = KeptSchedule::from_plan(&events, &plan(&data, &leaves, &events, &cal, d("2026-06-01")));
    assert!(kept.due.is_empty());
    // README's table says from when the rule applies.
    let report = report_markdown(&data, &index());
    assert!(report.contains("货物报关出口日期在2026年1月1日及以后的适用本期限"), "{report}");
}

#[test]
fn a_malformed_applies_from_is_reported() {
    let mut data = data();
    let e052 = data.deadlines.iter_mut().find(|d| d.item == "E052").expect("E052");
    e052.applies_from = Some("2026-13-01".to_owned());
    let problems = data.check(&index());
    assert!(problems.iter().any(|p| p.contains("E052") && p.contains("applies_from")), "{problems:?}");
}

#[test]
fn a_period_in_natural_days_is_counted_like_months_and_never_moved() {
    let cal = calendar();
    // On a holiday on file: 1 October 2023 + 36 months = Thursday 1 October 2026, 国庆节; not moved to 8 October
    // as 第二百零三条 would move an ordinary period.
    assert_eq!(last_day("2023-10-01", Period::MonthsUnextended(36), &cal), "2026-10-01");
    assert_eq!(last_day("2023-10-01", Period::Months(36), &cal), "2026-10-08");
    // 第二百零二条 still decides the day: no 29 February 2031, so 28 February; the month end stays the month end.
    assert_eq!(last_day("2028-02-29", Period::MonthsUnextended(36), &cal), "2031-02-28");
    assert_eq!(last_day("2026-01-31", Period::MonthsUnextended(1), &cal), "2026-02-28");
    let result = due(d("2026-06-30"), Period::MonthsUnextended(36), &cal).expect("due");
    assert_eq!((result.unmoved, result.last_day, result.opens), (d("2029-06-30"), d("2029-06-30"), None));
    assert_eq!(Period::MonthsUnextended(36).text_zh(), "36 个月，按自然天数计算，遇休假日不顺延");
    assert!(!Period::MonthsUnextended(36).is_before());
}
