//! 办事日程: the legal clocks a life event starts, planned from one date.
//!
//! Three parts, all browser-free and clock-free (today and the event dates are passed in):
//! - **Period arithmetic** as the civil code counts it (《中华人民共和国民法典》第二百零一条–第二百零三条): the day of the
//!   event is not counted; a period of months or years ends on the corresponding day of the last month, or on that
//!   month's last day when it has none; a last day that is a statutory rest day moves to the day after the rest.
//! - **The rest-day calendar** ([`Calendar`], `data/holidays.json`): weekends, and for the years the State Council's
//!   holiday arrangement is on file, its days off and the weekend days it makes working days. A date in a year
//!   without it is computed with weekends only and marked approximate.
//! - **The deadlines as data** ([`DeadlineData`], `data/deadlines.json`): per leaf item, the event its period runs
//!   from, the period, what the law says happens when it is missed, and the article; leaves without a statutory
//!   deadline are listed as such. [`plan`] puts a chain's deadlines in date order.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::catalog::CatalogIndex;
use crate::engine::{Answers, FieldId};
use crate::validate::{days_in_month, Date};

/// `data/deadlines.json`, bundled (the full build's 办事日程 works offline; the lean build never reaches it).
pub const DEADLINES_JSON: &str = include_str!("../../data/deadlines.json");
/// `data/holidays.json`, bundled.
pub const HOLIDAYS_JSON: &str = include_str!("../../data/holidays.json");

// ---------------------------------------------------------------------------------------------
// Dates as day numbers
// ---------------------------------------------------------------------------------------------

/// Days since 1970-01-01 (the proleptic Gregorian calendar; H. Hinnant's `days_from_civil`).
pub fn day_number(date: Date) -> i64 {
    let (y, m, d) = (i64::from(date.year()), i64::from(date.month()), i64::from(date.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (`None` outside years 1–9999).
pub fn from_day_number(n: i64) -> Option<Date> {
    let z = n.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::new(u32::try_from(y).ok()?, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

/// `date` plus `days` (negative: earlier); `None` outside years 1–9999.
pub fn add_days(date: Date, days: i64) -> Option<Date> {
    from_day_number(day_number(date).checked_add(days)?)
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    day_number(to) - day_number(from)
}

/// ISO weekday: 1 Monday … 7 Sunday.
pub fn weekday(date: Date) -> u32 {
    // 1970-01-01 was a Thursday (4).
    (day_number(date) + 3).rem_euclid(7) as u32 + 1
}

/// 第二百零二条: the corresponding day `months` later, or that month's last day when it has none
/// (31 January + 1 month → 28/29 February; 29 February + 12 months → 28 February).
pub fn add_months(date: Date, months: u32) -> Option<Date> {
    let index = date.year().checked_mul(12)?.checked_add(date.month() - 1)?.checked_add(months)?;
    let (year, month) = (index / 12, index % 12 + 1);
    Date::new(year, month, date.day().min(days_in_month(year, month)))
}

// ---------------------------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------------------------

/// A period as the law states it. In data: `{"days": 30}`, `{"months": 1}`, `{"years": 1}`, `{"working_days": 15}`,
/// a fixed yearly window `{"yearly": {"from": "01-01", "to": "06-30"}}`, or a period counted back from the event
/// (a renewal: `{"days_before": 60}` for 届满60日前, `{"months_before": 3}` for 期满前3个月; the event is the expiry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Period {
    Days(u32),
    Months(u32),
    Years(u32),
    /// Months whose last day is not moved over rest days (`{"months_unextended": 36}`): the rule counts the period
    /// in natural days itself (出口退（免）税: 36个月，按自然天数计算), so 第二百零三条's postponement is not applied.
    /// The unmoved day is also the one on which the applicant is on time however the office reads the rule.
    MonthsUnextended(u32),
    /// Working days of the calendar in use (a law that says 工作日 means them, not calendar days).
    WorkingDays(u32),
    /// The same dates every year (企业年度报告: 每年1月1日至6月30日). The event only decides the first year: the law's
    /// duties of this kind cover a past year (上一年度), so the first window is in the year after the event's
    /// (《企业信息公示暂行条例》第八条: 当年设立登记的企业，自下一年起报送).
    Yearly(YearlyWindow),
    /// At the latest `n` days before the event (届满N日前): see [`due`] for how it is counted.
    DaysBefore(u32),
    /// At the latest `n` months before the event (期满前N个月).
    MonthsBefore(u32),
    /// A window of working days before the event (届满前90个工作日至30个工作日期间): opens on the `from`-th working
    /// day before it, closes on the `to`-th.
    WorkingDaysBefore(WorkingDaysWindow),
    /// A duty that comes back every so often from the event (periodic inspections: 《中华人民共和国道路交通安全法实施
    /// 条例》第十六条 从注册登记之日起 每2年检验1次 …): in data a list of phases,
    /// `{"recurring": {"phases": [{"every_months": 24, "until_months": 120}, {"every_months": 12}],
    /// "opens_months_before": 3}}`. See [`RecurringPlan`].
    Recurring(RecurringPlan),
}

/// The most phases a recurring plan has (条例第十六条第三项 has three: 6年以内每2年, 超过6年每年, 超过15年每6个月).
pub const MAX_RECURRING_PHASES: usize = 4;

/// One phase of a recurring duty: every `every_months` months until `until_months` months after the event
/// (the last phase has no end: the duty recurs as long as its subject exists).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecurringPhase {
    pub every_months: u32,
    #[serde(default)]
    pub until_months: Option<u32>,
}

/// The phases of a recurring duty, in order, each starting where the one before ends. Occurrences fall on
/// `every_months` multiples counted from the phase's start, and each bounded phase ends on one of them (its length
/// is a multiple of its interval), so no occurrence is skipped or doubled at a boundary. An array, not a `Vec`, so
/// that [`Period`] stays `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RecurringPlanRaw")]
pub struct RecurringPlan {
    phases: [RecurringPhase; MAX_RECURRING_PHASES],
    len: usize,
    /// How early each occurrence may be attended to (《机动车登记规定》第五十四条: 检验有效期满前三个月内): the
    /// occurrence's window opens that many months before it; `None`: no earliest day is set.
    pub opens_months_before: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecurringPlanRaw {
    phases: Vec<RecurringPhase>,
    #[serde(default)]
    opens_months_before: Option<u32>,
}

impl TryFrom<RecurringPlanRaw> for RecurringPlan {
    type Error = String;

    fn try_from(raw: RecurringPlanRaw) -> Result<RecurringPlan, String> {
        RecurringPlan::new(&raw.phases, raw.opens_months_before)
    }
}

impl RecurringPlan {
    /// Checks the phases: one to [`MAX_RECURRING_PHASES`], every interval at least a month, every bound after the
    /// previous one by a whole number of intervals, only the last open-ended.
    pub fn new(phases: &[RecurringPhase], opens_months_before: Option<u32>) -> Result<RecurringPlan, String> {
        if phases.is_empty() || phases.len() > MAX_RECURRING_PHASES {
            return Err(format!("recurring: 1 to {MAX_RECURRING_PHASES} phases, not {}", phases.len()));
        }
        let mut start = 0u32;
        for (i, phase) in phases.iter().enumerate() {
            let last = i + 1 == phases.len();
            if phase.every_months == 0 {
                return Err("recurring: every_months must be at least 1".into());
            }
            match (phase.until_months, last) {
                (Some(_), true) => return Err("recurring: the last phase has no until_months".into()),
                (None, false) => return Err("recurring: only the last phase may be open-ended".into()),
                (Some(until), false) => {
                    if until <= start || (until - start) % phase.every_months != 0 {
                        return Err(format!(
                            "recurring: {start} to {until} months is not a whole number of {}-month intervals",
                            phase.every_months
                        ));
                    }
                    start = until;
                }
                (None, true) => {}
            }
        }
        if opens_months_before == Some(0) {
            return Err("recurring: opens_months_before must be at least 1 (or left out)".into());
        }
        let mut plan = RecurringPlan {
            phases: [RecurringPhase::default(); MAX_RECURRING_PHASES],
            len: phases.len(),
            opens_months_before,
        };
        plan.phases[..phases.len()].copy_from_slice(phases);
        Ok(plan)
    }

    pub fn phases(&self) -> &[RecurringPhase] {
        &self.phases[..self.len]
    }

    /// The months after the event of the occurrences, in order, without end.
    pub fn offsets(self) -> impl Iterator<Item = u32> {
        let mut phase = 0;
        let mut offset = 0u32;
        std::iter::from_fn(move || {
            let p = self.phases().get(phase).copied()?;
            let next = offset.checked_add(p.every_months)?;
            offset = next;
            if p.until_months == Some(next) {
                phase += 1;
            }
            Some(next)
        })
    }

    /// How the plan reads in Chinese: `10 年内每 2 年一次，此后每年一次`.
    pub fn text_zh(self) -> String {
        let span = |m: u32| if m % 12 == 0 { format!("{} 年", m / 12) } else { format!("{m} 个月") };
        let every = |m: u32| if m == 12 { "每年".to_owned() } else { format!("每 {}", span(m)) };
        let parts: Vec<String> = self
            .phases()
            .iter()
            .enumerate()
            .map(|(i, p)| match (i, p.until_months) {
                (0, Some(until)) => format!("{}内{}一次", span(until), every(p.every_months)),
                (_, Some(until)) => format!("此后至满 {}{}一次", span(until), every(p.every_months)),
                (0, None) => format!("{}一次", every(p.every_months)),
                (_, None) => format!("此后{}一次", every(p.every_months)),
            })
            .collect();
        parts.join("，")
    }

    /// `every 2 years for the first 10 years, then every year`.
    pub fn text_en(self) -> String {
        let plural = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let span = |m: u32| if m % 12 == 0 { plural(m / 12, "year", "years") } else { plural(m, "month", "months") };
        let every = |m: u32| match m {
            12 => "every year".to_owned(),
            1 => "every month".to_owned(),
            m => format!("every {}", span(m)),
        };
        let parts: Vec<String> = self
            .phases()
            .iter()
            .enumerate()
            .map(|(i, p)| match (i, p.until_months) {
                (0, Some(until)) => format!("{} for the first {}", every(p.every_months), span(until)),
                (_, Some(until)) => format!("then {} until {}", every(p.every_months), span(until)),
                (0, None) => every(p.every_months),
                (_, None) => format!("then {}", every(p.every_months)),
            })
            .collect();
        parts.join(", ")
    }
}

/// `{"from": 90, "to": 30}`: from the 90th to the 30th working day before the event (`from` > `to` ≥ 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "WorkingDaysWindowRaw")]
pub struct WorkingDaysWindow {
    pub from: u32,
    pub to: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkingDaysWindowRaw {
    from: u32,
    to: u32,
}

impl TryFrom<WorkingDaysWindowRaw> for WorkingDaysWindow {
    type Error = String;

    fn try_from(raw: WorkingDaysWindowRaw) -> Result<WorkingDaysWindow, String> {
        if raw.to == 0 || raw.from <= raw.to {
            return Err(format!("working days before: {} to {} is not a window", raw.from, raw.to));
        }
        Ok(WorkingDaysWindow { from: raw.from, to: raw.to })
    }
}

/// A window of the calendar year, `from` ≤ `to` (no window runs over the new year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "YearlyWindowRaw")]
pub struct YearlyWindow {
    pub from: MonthDay,
    pub to: MonthDay,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearlyWindowRaw {
    from: String,
    to: String,
}

impl TryFrom<YearlyWindowRaw> for YearlyWindow {
    type Error = String;

    fn try_from(raw: YearlyWindowRaw) -> Result<YearlyWindow, String> {
        let (from, to) = (MonthDay::parse(&raw.from)?, MonthDay::parse(&raw.to)?);
        if from > to {
            return Err(format!("yearly window {}–{} ends before it starts", raw.from, raw.to));
        }
        Ok(YearlyWindow { from, to })
    }
}

/// A day of the year, `MM-DD` in data. 29 February is allowed: in a common year it is 28 February (第二百零二条's
/// rule for a missing corresponding day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    pub fn parse(s: &str) -> Result<MonthDay, String> {
        let bad = || format!("{s} is not a day of the year (MM-DD)");
        let (m, d) = s.split_once('-').ok_or_else(bad)?;
        if m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let (month, day) = (m.parse::<u32>().map_err(|_| bad())?, d.parse::<u32>().map_err(|_| bad())?);
        // 2000 is a leap year: every day that exists in some year passes.
        if day == 0 || day > days_in_month(2000, month) {
            return Err(bad());
        }
        Ok(MonthDay { month, day })
    }

    /// This day in `year` (28 February for 29 February in a common year).
    pub fn in_year(self, year: u32) -> Option<Date> {
        Date::new(year, self.month, self.day.min(days_in_month(year, self.month)))
    }
}

impl YearlyWindow {
    /// The window's first and last day in `year` (before 第二百零三条 moves the last).
    pub fn in_year(self, year: u32) -> Option<(Date, Date)> {
        Some((self.from.in_year(year)?, self.to.in_year(year)?))
    }
}

impl Period {
    /// Whether the period is counted back from the event (a renewal before an expiry) rather than forward.
    pub fn is_before(self) -> bool {
        matches!(self, Period::DaysBefore(_) | Period::MonthsBefore(_) | Period::WorkingDaysBefore(_))
    }

    /// How the period reads in Chinese (`30 日`, `1 个月`, `15 个工作日`).
    pub fn text_zh(self) -> String {
        match self {
            Period::Days(n) => format!("{n} 日"),
            Period::Months(n) => format!("{n} 个月"),
            Period::MonthsUnextended(n) => format!("{n} 个月，按自然天数计算，遇休假日不顺延"),
            Period::Years(n) => format!("{n} 年"),
            Period::WorkingDays(n) => format!("{n} 个工作日"),
            Period::Yearly(w) => {
                format!("每年{}月{}日至{}月{}日", w.from.month, w.from.day, w.to.month, w.to.day)
            }
            Period::DaysBefore(n) => format!("前 {n} 日"),
            Period::MonthsBefore(n) => format!("前 {n} 个月"),
            Period::WorkingDaysBefore(w) => format!("前 {} 个工作日（最早前 {} 个工作日）", w.to, w.from),
            Period::Recurring(plan) => plan.text_zh(),
        }
    }

    pub fn text_en(self) -> String {
        let plural = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        match self {
            Period::Days(n) => plural(n, "day", "days"),
            Period::Months(n) => plural(n, "month", "months"),
            Period::MonthsUnextended(n) => {
                format!("{}, in calendar days, not extended over rest days", plural(n, "month", "months"))
            }
            Period::Years(n) => plural(n, "year", "years"),
            Period::WorkingDays(n) => plural(n, "working day", "working days"),
            Period::Yearly(w) => format!(
                "every year from {} {} to {} {}",
                w.from.day,
                MONTHS_EN[(w.from.month - 1) as usize % 12],
                w.to.day,
                MONTHS_EN[(w.to.month - 1) as usize % 12]
            ),
            Period::DaysBefore(n) => format!("{} before expiry", plural(n, "day", "days")),
            Period::MonthsBefore(n) => format!("{} before expiry", plural(n, "month", "months")),
            Period::WorkingDaysBefore(w) => {
                format!("{} working days before expiry (at the earliest {} working days before)", w.to, w.from)
            }
            Period::Recurring(plan) => plan.text_en(),
        }
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The last day of a period, in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// The last day on which the thing can still be done.
    pub last_day: Date,
    /// The last day before 第二百零三条 moved it (equal to `last_day` when it did not move).
    pub unmoved: Date,
    /// A day that decided the result lies in a year whose holiday arrangement is not on file: weekends only were
    /// counted, so a holiday may move the date (the UI says so).
    pub approximate: bool,
    /// A window's first day: a yearly window's (the thing cannot be done for that year before it), or a renewal
    /// window's (届满前90个工作日至30个工作日期间: not before the 90th working day); `None` otherwise.
    pub opens: Option<Date>,
}

/// The last day of `period` running from the event on `event` (第二百零一条–第二百零三条); for a yearly window, the
/// first window after the event's year; for a period counted back ([`Period::is_before`]), see [`due_before`].
///
/// `None` only for dates outside years 1–9999.
pub fn due(event: Date, period: Period, calendar: &Calendar) -> Option<Due> {
    if let Period::Yearly(window) = period {
        return window_due(window, event.year().checked_add(1)?, calendar);
    }
    if period.is_before() {
        return due_before(event, period, calendar);
    }
    if let Period::Recurring(plan) = period {
        return recurring_due(event, plan, event);
    }
    if let Period::MonthsUnextended(n) = period {
        // Counted like any period of months (第二百零一条、第二百零二条), but the rule's own 按自然天数计算 leaves the
        // last day where it falls: no rest day moves it, so no holiday arrangement is needed either.
        let last_day = add_months(event, n)?;
        return Some(Due { last_day, unmoved: last_day, approximate: false, opens: None });
    }
    let mut approximate = false;
    let mut rest = |d: Date| {
        approximate |= !calendar.covers(d.year());
        calendar.is_rest_day(d)
    };
    // 第二百零一条: counting starts the day after the event; n days end on the n-th day after it.
    let unmoved = match period {
        Period::Days(n) => add_days(event, i64::from(n))?,
        Period::Months(n) => add_months(event, n)?,
        Period::Years(n) => add_months(event, n.checked_mul(12)?)?,
        Period::Yearly(_)
        | Period::MonthsUnextended(_)
        | Period::DaysBefore(_)
        | Period::MonthsBefore(_)
        | Period::WorkingDaysBefore(_)
        | Period::Recurring(_) => return None,
        Period::WorkingDays(n) => {
            let mut day = event;
            let mut left = n;
            while left > 0 {
                day = add_days(day, 1)?;
                if !rest(day) {
                    left -= 1;
                }
            }
            day
        }
    };
    let last_day = after_rest(unmoved, &mut rest)?;
    Some(Due { last_day, unmoved, approximate, opens: None })
}

/// The last day to act on a period counted back from an expiry (`expiry`), e.g. 《排污许可管理条例》第十四条
/// 届满60日前, 《安全生产许可证条例》第九条 期满前3个月.
///
/// The civil code counts periods forward only, so this mirrors it: the expiry day itself is not counted
/// (第二百零一条), N days before it is the day `expiry − N`, and N months before it is the corresponding day N months
/// earlier, or that month's last day when it has none (第二百零二条: 31 May − 3 months → 28/29 February). That day is
/// the last day to act. 第二百零三条 moves a last day *later*, which here would leave fewer than N days before the
/// expiry; so a last day on a rest day moves *earlier*, to the last working day before it — the date on which a
/// citizen is on time however the office reads 前 (the law does not say whether the day N days before counts).
///
/// A window of working days (届满前90个工作日至30个工作日期间) opens on the 90th working day before the expiry and
/// closes on the 30th, each counted back from the day before the expiry over working days only; both are working days,
/// so nothing moves.
pub fn due_before(expiry: Date, period: Period, calendar: &Calendar) -> Option<Due> {
    if let Period::WorkingDaysBefore(window) = period {
        let mut approximate = false;
        let mut nth_before = |n: u32| {
            let (mut day, mut left) = (expiry, n);
            while left > 0 {
                day = add_days(day, -1)?;
                approximate |= !calendar.covers(day.year());
                if !calendar.is_rest_day(day) {
                    left -= 1;
                }
            }
            Some(day)
        };
        let (opens, last_day) = (nth_before(window.from)?, nth_before(window.to)?);
        return Some(Due { last_day, unmoved: last_day, approximate, opens: Some(opens) });
    }
    let unmoved = match period {
        Period::DaysBefore(n) => add_days(expiry, -i64::from(n))?,
        Period::MonthsBefore(n) => sub_months(expiry, n)?,
        _ => return None,
    };
    let mut approximate = false;
    let mut last_day = unmoved;
    let mut steps = 0;
    while {
        approximate |= !calendar.covers(last_day.year());
        calendar.is_rest_day(last_day)
    } {
        last_day = add_days(last_day, -1)?;
        steps += 1;
        if steps > 366 {
            return None;
        }
    }
    Some(Due { last_day, unmoved, approximate, opens: None })
}

/// 第二百零二条 counted back: the corresponding day `months` earlier, or that month's last day when it has none
/// (31 May − 3 months → 28/29 February). `None` before year 1.
pub fn sub_months(date: Date, months: u32) -> Option<Date> {
    let index = date.year().checked_mul(12)?.checked_add(date.month() - 1)?.checked_sub(months)?;
    let (year, month) = (index / 12, index % 12 + 1);
    Date::new(year, month, date.day().min(days_in_month(year, month)))
}

/// 第二百零三条: a last day that is a rest day moves to the day after the rest ends. Rests are at most a few weeks
/// long, so the bound only guards against a calendar file that marks a whole year off.
fn after_rest(day: Date, rest: &mut impl FnMut(Date) -> bool) -> Option<Date> {
    let mut last_day = day;
    let mut steps = 0;
    while rest(last_day) {
        last_day = add_days(last_day, 1)?;
        steps += 1;
        if steps > 366 {
            return None;
        }
    }
    Some(last_day)
}

/// A yearly window in `year`, its last day moved by 第二百零三条 like any other.
fn window_due(window: YearlyWindow, year: u32, calendar: &Calendar) -> Option<Due> {
    let (opens, unmoved) = window.in_year(year)?;
    let mut approximate = false;
    let last_day = after_rest(unmoved, &mut |d: Date| {
        approximate |= !calendar.covers(d.year());
        calendar.is_rest_day(d)
    })?;
    Some(Due { last_day, unmoved, approximate, opens: Some(opens) })
}

/// The deadline that matters on `today`: [`due`] for a period that runs once from the event (overdue stays
/// overdue); for a yearly window, the first window after the event's year that has not closed by `today` — the
/// windows of earlier years are past and cannot be planned any more.
pub fn due_as_of(event: Date, period: Period, calendar: &Calendar, today: Date) -> Option<Due> {
    if let Period::Recurring(plan) = period {
        return recurring_due(event, plan, today);
    }
    let Period::Yearly(window) = period else { return due(event, period, calendar) };
    let first = event.year().checked_add(1)?;
    // The window of today's year, unless it has closed; never before the first.
    let this_year = window_due(window, today.year(), calendar)?;
    let year = if this_year.last_day >= today { today.year() } else { today.year().checked_add(1)? };
    window_due(window, year.max(first), calendar)
}

/// The first occurrence of a recurring duty on or after `from` (and after the event): the corresponding day
/// (第二百零二条) that many months after the event, with its window's first day when the plan sets one.
///
/// The day is not moved over rest days: it is the end of a validity (检验有效期) the law counts from the event, not
/// a period to act within, and moving it later could pass the validity's end; the window before it leaves months.
/// `None` only for dates outside years 1–9999.
pub fn recurring_due(event: Date, plan: RecurringPlan, from: Date) -> Option<Due> {
    let from = from.max(add_days(event, 1)?);
    // Skip whole years cheaply: no occurrence falls before the months elapsed, less one for day-of-month effects.
    let elapsed = (from.year() * 12 + from.month()).saturating_sub(event.year() * 12 + event.month() + 1);
    let last_day = plan.offsets().skip_while(|&m| m < elapsed).find_map(|m| {
        let day = add_months(event, m);
        match day {
            Some(d) if d < from => None,
            other => Some(other),
        }
    })??;
    let opens = match plan.opens_months_before {
        Some(n) => Some(sub_months(last_day, n)?),
        None => None,
    };
    Some(Due { last_day, unmoved: last_day, approximate: false, opens })
}

// ---------------------------------------------------------------------------------------------
// The rest-day calendar
// ---------------------------------------------------------------------------------------------

/// Rest days. 第二百零三条's 法定休假日 are read, as courts and the State Council's own arrangements read them, as
/// the weekly rest days (Saturday and Sunday, 《国务院关于职工工作时间的规定》第七条) and the public holidays
/// (《全国年节及纪念日放假办法》), as each year's arrangement shifts them: its days off are rest days, and the
/// weekend days it makes working days (调休上班) are not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calendar {
    years: BTreeMap<u32, HolidayYear>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct HolidayYear {
    off: Vec<(Date, Date)>,
    work: Vec<Date>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidaysFile {
    #[allow(dead_code)]
    note: String,
    years: Vec<HolidayYearRaw>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayYearRaw {
    year: u32,
    #[allow(dead_code)]
    notice: String,
    #[allow(dead_code)]
    sources: Vec<String>,
    off: Vec<OffRaw>,
    work: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OffRaw {
    #[allow(dead_code)]
    name: String,
    from: String,
    to: String,
}

impl Calendar {
    /// Weekends only: every year approximate.
    pub fn weekends_only() -> Calendar {
        Calendar::default()
    }

    /// `data/holidays.json`. Every date must be real and in its year, every range in order, every 调休 working
    /// day a weekend day, and a year listed once.
    pub fn parse(json: &str) -> Result<Calendar, String> {
        let file: HolidaysFile = serde_json::from_str(json).map_err(|e| format!("holidays: {e}"))?;
        let mut years = BTreeMap::new();
        for raw in file.years {
            let date = |s: &str| {
                Date::parse_iso(s)
                    .filter(|d| d.year() == raw.year)
                    .ok_or_else(|| format!("holidays {}: {s} is not a date of that year", raw.year))
            };
            let mut year = HolidayYear::default();
            for off in &raw.off {
                let (from, to) = (date(&off.from)?, date(&off.to)?);
                if from > to {
                    return Err(format!("holidays {}: {} ends before it starts", raw.year, off.name));
                }
                year.off.push((from, to));
            }
            for w in &raw.work {
                let d = date(w)?;
                if weekday(d) < 6 {
                    return Err(format!(
                        "holidays {}: {w} is a weekday, not a weekend day made a working day",
                        raw.year
                    ));
                }
                year.work.push(d);
            }
            if years.insert(raw.year, year).is_some() {
                return Err(format!("holidays: {} listed twice", raw.year));
            }
        }
        Ok(Calendar { years })
    }

    /// The bundled `data/holidays.json`.
    pub fn bundled() -> Result<Calendar, String> {
        Calendar::parse(HOLIDAYS_JSON)
    }

    /// Whether the holiday arrangement of `year` is on file.
    pub fn covers(&self, year: u32) -> bool {
        self.years.contains_key(&year)
    }

    /// The years on file.
    pub fn years(&self) -> impl Iterator<Item = u32> + '_ {
        self.years.keys().copied()
    }

    /// Whether `date` is a rest day (see [`Calendar`]).
    pub fn is_rest_day(&self, date: Date) -> bool {
        if let Some(year) = self.years.get(&date.year()) {
            if year.work.contains(&date) {
                return false;
            }
            if year.off.iter().any(|&(from, to)| from <= date && date <= to) {
                return true;
            }
        }
        weekday(date) >= 6
    }
}

// ---------------------------------------------------------------------------------------------
// Deadlines as data
// ---------------------------------------------------------------------------------------------

/// `data/deadlines.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineData {
    pub version: String,
    pub note: String,
    pub events: Vec<EventKind>,
    pub deadlines: Vec<Deadline>,
    pub no_deadline: Vec<NoDeadline>,
}

/// The event a period runs from (出生, 死亡, 营业执照签发 …): asked once per chain as a date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventKind {
    pub key: String,
    /// The date field's label (`出生日期`).
    pub label: String,
    pub label_en: String,
    /// Where the date is found, when that helps (`营业执照上的“成立日期”`).
    #[serde(default)]
    pub hint: Option<String>,
    #[serde(default)]
    pub hint_en: Option<String>,
    /// The form fields that hold this date when a chain's form asks for it (`csrq@newborn`, keys of
    /// `data/dictionary`), in order of preference: a draft that has answered one is not asked the date again.
    #[serde(default)]
    pub fields: Vec<String>,
    /// Date fields of repeatable groups (`group.element`, e.g. `sbcbry.zyrq`: each employee's 招用日期), used when
    /// no shared field gives the date: the earliest date any member gives, since one application for several
    /// people is due by the deadline of the earliest.
    #[serde(default)]
    pub group_fields: Vec<String>,
}

impl EventKind {
    /// The `group.element` pairs of [`EventKind::group_fields`] (malformed ones are left out; `check` names them).
    pub fn group_fields(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.group_fields.iter().filter_map(|f| split_group_field(f))
    }
}

fn split_group_field(f: &str) -> Option<(&str, &str)> {
    let (group, element) = f.split_once('.')?;
    let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    (ok(group) && ok(element)).then_some((group, element))
}

/// A law article, as the guides and `data/citations.json` write it: the guides' own type. A deadline's names its
/// article (`DeadlineData::check`).
pub use crate::guides::Basis;

/// One statutory deadline of one leaf item.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub item: String,
    /// An [`EventKind::key`].
    pub event: String,
    pub period: Period,
    /// What must be done by then, in the law's words made plain (`申报出生登记`).
    pub duty: String,
    pub duty_en: String,
    /// What a calendar entry calls the duty when the item's name does not say it (a yearly window:
    /// `企业所得税年度汇算清缴`); the item's name otherwise.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub title_en: Option<String>,
    /// The article that sets the period.
    pub basis: Basis,
    /// What the law says happens when the period is missed, if it says so (otherwise nothing is shown).
    #[serde(default)]
    pub missed: Option<String>,
    #[serde(default)]
    pub missed_en: Option<String>,
    /// The article that says so.
    #[serde(default)]
    pub missed_basis: Option<Basis>,
    /// A condition or qualification the law attaches (`城市居民应在葬前申报`).
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub note_en: Option<String>,
    /// The first event date the rule covers (`2026-01-01`: 公告2026年第11号's 36 months are for exports from then on).
    /// An earlier event gets no date: the rule before it is not on file, and a date from the new rule would be wrong.
    #[serde(default)]
    pub applies_from: Option<String>,
}

impl Deadline {
    /// [`Deadline::applies_from`] as a date (`None` when unset or malformed; `check` names a malformed one).
    pub fn applies_from(&self) -> Option<Date> {
        self.applies_from.as_deref().and_then(Date::parse_iso)
    }

    /// Whether the rule covers an event on `event` (see [`Deadline::applies_from`]).
    pub fn covers(&self, event: Date) -> bool {
        self.applies_from().is_none_or(|from| event >= from)
    }

    /// Every article this deadline cites (for `core/tests/citations.rs`).
    pub fn articles(&self) -> impl Iterator<Item = &Basis> {
        std::iter::once(&self.basis).chain(self.missed_basis.as_ref())
    }
}

/// A leaf checked and found without a statutory deadline for the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoDeadline {
    pub item: String,
    /// What was checked (the articles the guide cites) and why it sets no deadline.
    pub reason: String,
}

impl DeadlineData {
    pub fn parse(json: &str) -> Result<DeadlineData, String> {
        serde_json::from_str(json).map_err(|e| format!("deadlines: {e}"))
    }

    /// The bundled `data/deadlines.json`.
    pub fn bundled() -> Result<DeadlineData, String> {
        DeadlineData::parse(DEADLINES_JSON)
    }

    pub fn event(&self, key: &str) -> Option<&EventKind> {
        self.events.iter().find(|e| e.key == key)
    }

    /// The deadlines of one leaf, in file order.
    pub fn of_item<'a>(&'a self, item: &'a str) -> impl Iterator<Item = &'a Deadline> + 'a {
        self.deadlines.iter().filter(move |d| d.item == item)
    }

    /// Whether the leaf was checked (with or without a deadline).
    pub fn reviewed(&self, item: &str) -> bool {
        self.deadlines.iter().any(|d| d.item == item) || self.no_deadline.iter().any(|n| n.item == item)
    }

    /// The event dates a draft's answers already give: per event, the first of its [`EventKind::fields`] whose
    /// answer reads as a date (as the form's validation reads it: `2026-01-31`, `2026年1月31日` …), else the
    /// earliest date the members of its [`EventKind::group_fields`] give. An answer that is not a date is passed
    /// over, so the schedule asks for the date instead.
    pub fn dates_from_answers(&self, answers: &Answers) -> BTreeMap<String, Date> {
        self.events
            .iter()
            .filter_map(|event| {
                let shared = event
                    .fields
                    .iter()
                    .filter_map(|f| FieldId::parse(f))
                    .find_map(|id| crate::validate::date(answers.get(&id)?).ok());
                let date = shared.or_else(|| {
                    event
                        .group_fields()
                        .flat_map(|(group, element)| {
                            answers.groups.get(group).into_iter().flatten().filter_map(move |m| m.get(element))
                        })
                        .filter_map(|answer| crate::validate::date(answer).ok())
                        .min()
                })?;
                Some((event.key.clone(), date))
            })
            .collect()
    }

    /// What is wrong with the file against the catalog: unknown or non-leaf items, unknown events, a leaf both with
    /// and without a deadline or listed twice without one, an event nobody uses, a consequence without its article.
    pub fn check(&self, index: &CatalogIndex) -> Vec<String> {
        let mut problems = Vec::new();
        for (i, e) in self.events.iter().enumerate() {
            if self.events[..i].iter().any(|o| o.key == e.key) {
                problems.push(format!("event {} listed twice", e.key));
            }
            // A shared field (`element@role`): an item-scoped one would be one item's date, not the event's.
            for f in e.fields.iter().filter(|f| FieldId::parse(f).is_none_or(|id| id.item.is_some())) {
                problems.push(format!("event {}: {f} is not a shared form field (element@role)", e.key));
            }
            for f in e.group_fields.iter().filter(|f| split_group_field(f).is_none()) {
                problems.push(format!("event {}: {f} is not a group's field (group.element)", e.key));
            }
            if !self.deadlines.iter().any(|d| d.event == e.key) {
                problems.push(format!("event {} is used by no deadline", e.key));
            }
        }
        for d in &self.deadlines {
            if index.leaf(&d.item).is_none() {
                problems.push(format!("deadline of {}: not a leaf item of the catalog", d.item));
            }
            if self.event(&d.event).is_none() {
                problems.push(format!("deadline of {}: unknown event {}", d.item, d.event));
            }
            if d.missed.is_some() != d.missed_basis.is_some() || d.missed.is_some() != d.missed_en.is_some() {
                problems.push(format!("deadline of {}: a consequence needs its English and its article", d.item));
            }
            if d.articles().any(|b| b.article.is_none() || b.unnumbered) {
                problems.push(format!("deadline of {}: its basis names no article", d.item));
            }
            if d.note.is_some() != d.note_en.is_some() {
                problems.push(format!("deadline of {}: a note needs its English", d.item));
            }
            if d.title.is_some() != d.title_en.is_some() {
                problems.push(format!("deadline of {}: a title needs its English", d.item));
            }
            if d.applies_from.is_some() && d.applies_from().is_none() {
                problems.push(format!("deadline of {}: applies_from is not a date (YYYY-MM-DD)", d.item));
            }
        }
        for (i, n) in self.no_deadline.iter().enumerate() {
            if index.leaf(&n.item).is_none() {
                problems.push(format!("no_deadline {}: not a leaf item of the catalog", n.item));
            }
            if self.deadlines.iter().any(|d| d.item == n.item) {
                problems.push(format!("{} is listed both with and without a deadline", n.item));
            }
            if self.no_deadline[..i].iter().any(|o| o.item == n.item) {
                problems.push(format!("no_deadline {} listed twice", n.item));
            }
        }
        problems
    }
}

// ---------------------------------------------------------------------------------------------
// A chain's plan
// ---------------------------------------------------------------------------------------------

/// One deadline of a chain, with its last day once its event's date is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned<'a> {
    pub deadline: &'a Deadline,
    /// `None` while the event's date is not given, or when the rule does not cover it ([`Planned::before_rule`]).
    pub due: Option<Due>,
    /// The event's date is given but earlier than the rule's [`Deadline::applies_from`]: no date is planned, and the
    /// screen says why instead of asking for the date.
    pub before_rule: bool,
}

/// The events a chain's deadlines run from, each once, in the order the chain first needs them.
pub fn events_needed<'a>(data: &'a DeadlineData, leaves: &[String]) -> Vec<&'a EventKind> {
    let mut out: Vec<&EventKind> = Vec::new();
    for d in leaves.iter().flat_map(|leaf| data.of_item(leaf)) {
        if let Some(e) = data.event(&d.event) {
            if !out.iter().any(|o| o.key == e.key) {
                out.push(e);
            }
        }
    }
    out
}

/// The chain's deadlines as of `today` ([`due_as_of`]): dated ones by last day (earliest first), then those whose
/// event date is not given, each group in chain order.
pub fn plan<'a>(
    data: &'a DeadlineData,
    leaves: &'a [String],
    events: &BTreeMap<String, Date>,
    calendar: &Calendar,
    today: Date,
) -> Vec<Planned<'a>> {
    let mut out: Vec<Planned<'a>> = leaves
        .iter()
        .flat_map(|leaf| data.of_item(leaf))
        .map(|deadline| {
            let event = events.get(&deadline.event).copied();
            let before_rule = event.is_some_and(|e| !deadline.covers(e));
            let due =
                event.filter(|_| !before_rule).and_then(|event| due_as_of(event, deadline.period, calendar, today));
            Planned { deadline, due, before_rule }
        })
        .collect();
    // A stable sort keeps chain order among equal days and among the undated.
    out.sort_by_key(|p| p.due.map_or(i64::MAX, |d| day_number(d.last_day)));
    out
}

// ---------------------------------------------------------------------------------------------
// What a draft keeps on the device
// ---------------------------------------------------------------------------------------------

/// A draft's 办事日程 on the device (`sqsb.schedule.<draft>`): the event dates given and the dated deadlines'
/// summary, `{"v":1,"events":{"birth":"2026-01-31"},"due":[["2026-02-28","P003"]]}`. Read as a JSON value, so the
/// lean build's home (即将到期) reads it without the deadline data or another deserializer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeptSchedule {
    pub events: BTreeMap<String, Date>,
    /// Last days and their items, in date order.
    pub due: Vec<(Date, String)>,
}

impl KeptSchedule {
    pub fn from_plan(events: &BTreeMap<String, Date>, planned: &[Planned<'_>]) -> KeptSchedule {
        KeptSchedule {
            events: events.clone(),
            due: planned.iter().filter_map(|p| Some((p.due?.last_day, p.deadline.item.clone()))).collect(),
        }
    }

    pub fn encode(&self) -> String {
        let events: serde_json::Map<String, serde_json::Value> =
            self.events.iter().map(|(k, d)| (k.clone(), d.to_string().into())).collect();
        let due: Vec<serde_json::Value> =
            self.due.iter().map(|(d, item)| serde_json::json!([d.to_string(), item])).collect();
        serde_json::json!({ "v": 1, "events": events, "due": due }).to_string()
    }

    /// `None` for anything that is not a version-1 entry; entries with a bad date are dropped one by one.
    pub fn decode(raw: &str) -> Option<KeptSchedule> {
        let value: serde_json::Value = serde_json::from_str(raw).ok()?;
        if value.get("v")?.as_u64()? != 1 {
            return None;
        }
        let events = value
            .get("events")?
            .as_object()?
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), Date::parse_iso(v.as_str()?)?)))
            .collect();
        let mut due: Vec<(Date, String)> = value
            .get("due")?
            .as_array()?
            .iter()
            .filter_map(|pair| Some((Date::parse_iso(pair.get(0)?.as_str()?)?, pair.get(1)?.as_str()?.to_owned())))
            .collect();
        due.sort();
        Some(KeptSchedule { events, due })
    }

    /// The earliest deadline from `today` on whose item is not done (the home's 即将到期).
    pub fn next(&self, today: Date, done: impl Fn(&str) -> bool) -> Option<(Date, &str)> {
        self.due.iter().find(|(d, item)| *d >= today && !done(item)).map(|(d, item)| (*d, item.as_str()))
    }
}

/// [`KeptSchedule::next`] straight from the stored text, for the lean build's home: it reads only the `due` list,
/// with no map, no sort and no deadline types (each of those is code a first visit would download).
pub fn next_kept_deadline(raw: &str, today: Date, done: impl Fn(&str) -> bool) -> Option<(Date, String)> {
    let value: serde_json::Value = serde_json::from_str(raw).ok()?;
    if value.get("v")?.as_u64()? != 1 {
        return None;
    }
    let mut best: Option<(Date, &str)> = None;
    for pair in value.get("due")?.as_array()? {
        let (Some(date), Some(item)) =
            (pair.get(0).and_then(|d| d.as_str()).and_then(Date::parse_iso), pair.get(1).and_then(|i| i.as_str()))
        else {
            continue;
        };
        if date >= today && !done(item) && best.is_none_or(|(b, _)| date < b) {
            best = Some((date, item));
        }
    }
    best.map(|(d, item)| (d, item.to_owned()))
}

// ---------------------------------------------------------------------------------------------
// The README's table
// ---------------------------------------------------------------------------------------------

/// The README's 办事日程 section body (`cargo run -p sqsb-core --example deadlines`; `core/tests/schedule.rs`
/// fails when README.md differs): the leaves with a statutory deadline, those checked and found without one, and
/// how many are not checked yet, with their ids.
pub fn report_markdown(data: &DeadlineData, index: &CatalogIndex) -> String {
    let mut out = String::new();
    out.push_str("| item | runs from | period | what | if missed | article |\n| --- | --- | --- | --- | --- | --- |\n");
    for leaf in index.leaves() {
        for d in data.of_item(leaf.id.as_str()) {
            let event = data.event(&d.event).map_or(d.event.as_str(), |e| e.label.as_str());
            let missed = match (&d.missed, &d.missed_basis) {
                (Some(m), Some(b)) => format!("{m}（{}）", b.text()),
                _ => "—".to_owned(),
            };
            let mut note = d.note.as_deref().map(|n| format!("；{n}")).unwrap_or_default();
            if let Some(from) = d.applies_from() {
                note.push_str(&format!("；{event}在{}及以后的适用本期限", from.zh()));
            }
            out.push_str(&format!(
                "| {} {} | {event} | {} | {}{note} | {missed} | {} |\n",
                leaf.id.as_str(),
                leaf.name,
                d.period.text_zh(),
                d.duty,
                d.basis.text()
            ));
        }
    }
    out.push_str("\nChecked, no statutory deadline for the applicant:\n\n| item | what was checked |\n| --- | --- |\n");
    for leaf in index.leaves() {
        if let Some(n) = data.no_deadline.iter().find(|n| n.item == leaf.id.as_str()) {
            out.push_str(&format!("| {} {} | {} |\n", leaf.id.as_str(), leaf.name, n.reason));
        }
    }
    let unchecked: Vec<&str> = index.leaves().map(|l| l.id.as_str()).filter(|id| !data.reviewed(id)).collect();
    out.push_str(&format!(
        "\nNot checked yet ({} of {} leaves; the app shows no schedule for them): {}\n",
        unchecked.len(),
        index.leaf_count(),
        unchecked.join(", ")
    ));
    out
}
