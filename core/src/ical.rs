//! An iCalendar file (RFC 5545) of deadlines: one all-day VEVENT per deadline with a reminder a few days before,
//! for 办事日程's 加入日历. UTF-8, CRLF line ends, content lines folded at 75 octets without splitting a character
//! (§3.1), TEXT values escaped (§3.3.11). The time stamp is passed in: the core never reads the clock.

use crate::schedule::{add_days, from_day_number};
use crate::validate::Date;

/// One deadline as a calendar event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stable across exports of the same deadline, so a calendar updates the event instead of adding a copy.
    pub uid: String,
    /// The last day (an all-day event on it).
    pub date: Date,
    pub summary: String,
    /// The item, the duty, the consequence and the article.
    pub description: String,
    /// The reminder: this many days before the day, at 09:00 local time.
    pub remind_days_before: u32,
}

/// A UID for a deadline: the item, its event and the event's date (`P003.birth.20260131@weihai-sqsb`). The same
/// chain exported twice gives the same UIDs; a corrected event date gives new ones.
pub fn uid(item: &str, event: &str, event_date: Date) -> String {
    format!("{item}.{event}.{}@weihai-sqsb", compact(event_date))
}

/// `YYYYMMDD` (the DATE value form).
fn compact(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// TEXT escaping (§3.3.11): backslash, semicolon and comma escaped, a line break written `\n`.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded (§3.1): at most 75 octets a line, the break before a character, never inside one;
/// continuation lines start with a space, which counts towards their 75.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
    out
}

/// The UTC time stamp `YYYYMMDDTHHMMSSZ` of milliseconds since 1970.
fn utc_stamp(ms: u64) -> String {
    let secs = ms / 1000;
    let day = i64::try_from(secs / 86_400).unwrap_or(0);
    let date = from_day_number(day).unwrap_or_default();
    let rest = secs % 86_400;
    format!("{}T{:02}{:02}{:02}Z", compact(date), rest / 3600, rest % 3600 / 60, rest % 60)
}

/// The calendar: `name` as its display name (X-WR-CALNAME, read by common calendar apps), the events in order,
/// DTSTAMP `stamp_ms` (when the file was made).
pub fn calendar(name: &str, events: &[CalendarEvent], stamp_ms: u64) -> String {
    let stamp = utc_stamp(stamp_ms);
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Weihai SQSB//Schedule//ZH".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape_text(name)),
    ];
    for e in events {
        let next = add_days(e.date, 1).unwrap_or(e.date);
        // The reminder is relative to the start, midnight of the day: n days before at 09:00 is n − 1 days and
        // 15 hours earlier.
        let trigger = match e.remind_days_before {
            0 => "PT0S".to_owned(),
            n => format!("-P{}DT15H", n - 1),
        };
        lines.extend([
            "BEGIN:VEVENT".into(),
            format!("UID:{}", escape_text(&e.uid)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", compact(e.date)),
            format!("DTEND;VALUE=DATE:{}", compact(next)),
            format!("SUMMARY:{}", escape_text(&e.summary)),
            format!("DESCRIPTION:{}", escape_text(&e.description)),
            "TRANSP:TRANSPARENT".into(),
            "BEGIN:VALARM".into(),
            "ACTION:DISPLAY".into(),
            format!("DESCRIPTION:{}", escape_text(&e.summary)),
            format!("TRIGGER:{trigger}"),
            "END:VALARM".into(),
            "END:VEVENT".into(),
        ]);
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold_line(l)).collect()
}
