//! 办事日程 on a chain's notice and on an item's guide (full build): one date field per event the chain's deadlines
//! run from (asked once however many items use it), then the deadlines in date order with days left, what the law
//! says happens when one is missed, and the article; items already submitted on this device show as done. 加入日历
//! downloads the deadlines as an iCalendar file written by `sqsb_core::ical`.
//!
//! On a notice the dates are kept with the draft (`store::schedule_key`: removed with it, swept when it is gone,
//! cleared by 清除本机数据) together with a summary the home's 即将到期 reads; on a guide nothing is kept.

use std::collections::BTreeMap;
use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use sqsb_core::engine::Answers;
use sqsb_core::ical::{self, CalendarEvent};
use sqsb_core::schedule::{
    days_between, events_needed, plan, Calendar, Deadline, DeadlineData, Due, KeptSchedule, Period, Planned,
};
use sqsb_core::validate::Date;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::store;
use crate::catalog::use_catalog;
use crate::i18n::use_texts;
use crate::i18n::{Lang, Texts};

/// Days before a deadline the calendar reminds.
const REMIND_DAYS: u32 = 3;

/// The bundled deadline data and rest-day calendar, parsed once per page. A data file that fails to load leaves
/// the section out (and says why in the console) rather than stopping the notice.
fn schedule_data() -> Option<Rc<(DeadlineData, Calendar)>> {
    thread_local! {
        static DATA: Option<Rc<(DeadlineData, Calendar)>> = match (DeadlineData::bundled(), Calendar::bundled()) {
            (Ok(d), Ok(c)) => Some(Rc::new((d, c))),
            (Err(e), _) | (_, Err(e)) => {
                crate::log::warn(&format!("办事日程 data not loaded: {e}"));
                None
            }
        };
    }
    DATA.with(Clone::clone)
}

#[derive(Properties, PartialEq, Clone)]
pub struct ScheduleProps {
    /// The leaves of the chain (or the one leaf of a guide).
    pub leaves: Vec<String>,
    /// The draft the dates are kept with; `None` keeps nothing (a guide).
    #[prop_or_default]
    pub draft: Option<String>,
    /// The draft's answers: a date the form already has (`fields` of the event in data/deadlines.json) is taken
    /// from them and not asked again.
    #[prop_or_default]
    pub answers: Answers,
}

/// Sets (or, with `None`, clears) the date of one event.
type SetEventDate = Callback<(String, Option<Date>)>;

/// The event dates, read from the draft's entry, and their setter.
#[hook]
fn use_event_dates(draft: Option<String>) -> (BTreeMap<String, Date>, SetEventDate) {
    let dates = use_state(|| {
        draft
            .as_deref()
            .and_then(|id| LocalStorage::raw().get_item(&store::schedule_key(id)).ok().flatten())
            .and_then(|raw| KeptSchedule::decode(&raw))
            .map(|kept| kept.events)
            .unwrap_or_default()
    });
    let set = {
        let dates = dates.clone();
        Callback::from(move |(key, date): (String, Option<Date>)| {
            let mut next = (*dates).clone();
            match date {
                Some(d) => next.insert(key, d),
                None => next.remove(&key),
            };
            dates.set(next);
        })
    };
    ((*dates).clone(), set)
}

/// Keeps the dates and the deadline summary with the draft whenever they change; nothing when there is no draft,
/// and the entry is removed when no date is given.
#[hook]
fn use_keep_schedule(draft: Option<String>, kept: KeptSchedule) {
    use_effect_with((draft, kept), |(draft, kept)| {
        let Some(id) = draft else { return };
        let key = store::schedule_key(id);
        if kept.events.is_empty() {
            LocalStorage::delete(&key);
        } else if let Err(e) = LocalStorage::raw().set_item(&key, &kept.encode()) {
            crate::log::warn(&format!("schedule of {id} not kept: {e:?}"));
        }
    });
}

/// Items submitted on this device (their receipts), read after the first render.
#[hook]
fn use_submitted_items() -> Vec<String> {
    let items = use_state(Vec::new);
    {
        let items = items.clone();
        use_effect_with((), move |_| {
            items.set(
                crate::handoff::receipts::list()
                    .into_iter()
                    .flat_map(|(_, r)| r.items.into_iter().map(|(id, _)| id))
                    .collect(),
            )
        });
    }
    (*items).clone()
}

/// `2026年2月28日` in Chinese, `2026-02-28` in English.
pub fn date_text(t: &Texts, date: Date) -> String {
    match t.lang {
        Lang::Zh => date.zh(),
        Lang::En => date.to_string(),
    }
}

/// A window's first and last day, the year said once when both are in it (`2027年1月1日至5月31日`; in English
/// `2027-01-01 to 2027-05-31`).
fn window_span(t: &Texts, opens: Date, last_day: Date) -> String {
    let to = match t.lang {
        Lang::Zh if opens.year() == last_day.year() => format!("{}月{}日", last_day.month(), last_day.day()),
        _ => date_text(t, last_day),
    };
    t.f("schedule.span", &[("from", &date_text(t, opens)), ("to", &to)])
}

/// A window's dates this time (`本次办理期间：2027年1月1日至5月31日`).
fn window_text(t: &Texts, opens: Date, last_day: Date) -> String {
    t.f("schedule.window", &[("span", &window_span(t, opens, last_day))])
}

/// How far a window is: the days until it opens, then the days left to its last day.
fn window_left_text(t: &Texts, today: Date, opens: Date, last_day: Date) -> String {
    match days_between(today, opens) {
        n if n > 0 => t.f("schedule.opens_in", &[("n", &n.to_string())]),
        _ => days_left_text(t, today, last_day),
    }
}

/// The calendar entry's title: a window reads as a window (`企业所得税年度汇算清缴（2027年1月1日至5月31日）`), a
/// single last day as the item's last day.
fn calendar_summary(t: &Texts, deadline: &Deadline, item_name: &str, due: &Due) -> String {
    let en = t.lang == Lang::En;
    let title = if en { deadline.title_en.as_deref() } else { deadline.title.as_deref() };
    match due.opens {
        Some(opens) => t.f(
            "schedule.cal_window_summary",
            &[("what", title.unwrap_or(item_name)), ("span", &window_span(t, opens, due.last_day))],
        ),
        None => t.f("schedule.cal_summary", &[("item", title.unwrap_or(item_name))]),
    }
}

/// How far the last day is: days left, today, overdue.
pub fn days_left_text(t: &Texts, today: Date, last_day: Date) -> String {
    match days_between(today, last_day) {
        0 => t.t("schedule.last_day_today"),
        n if n > 0 => t.f("schedule.days_left", &[("n", &n.to_string())]),
        n => t.f("schedule.overdue", &[("n", &(-n).to_string())]),
    }
}

/// Whether the frame after the one this component first rendered in has been painted: false on the first render,
/// true from the render after that frame (a timeout queued from the frame's animation callback runs after its
/// paint). An unmounted component's state is not set.
#[hook]
fn use_after_first_paint() -> bool {
    let painted = use_state(|| false);
    {
        let painted = painted.clone();
        use_effect_with((), move |_| {
            let after_paint = wasm_bindgen::closure::Closure::once_into_js(move || {
                gloo::timers::callback::Timeout::new(0, move || painted.set(true)).forget();
            });
            let _ = gloo::utils::window().request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&after_paint));
        });
    }
    *painted
}

/// The 办事日程 of a notice, after the notice's first paint: reading the bundled deadlines and planning them is a
/// noticeable part of the work before the notice shows on a slow phone (README, “The application flow, side by
/// side”), and the section sits below the items, which the citizen reads first. Until then its heading and
/// introduction stand in its place ([`SchedulePlaceholder`]), so that what follows moves as little as possible.
#[function_component(DeferredSchedule)]
pub fn deferred_schedule(props: &ScheduleProps) -> Html {
    if use_after_first_paint() {
        html! { <Schedule ..props.clone() /> }
    } else {
        html! { <SchedulePlaceholder /> }
    }
}

/// The 办事日程's heading and introduction, as the section starts, while its dates are not worked out yet. Its own
/// class and id: what looks for the section (tests, the hand-over) finds the section itself, never this.
#[function_component(SchedulePlaceholder)]
pub fn schedule_placeholder() -> Html {
    let t = use_texts();
    html! {
        <section class="sq-section sq-schedule-pending" aria-labelledby="sq-schedule-pending-title" aria-busy="true">
            <h2 id="sq-schedule-pending-title">{ t.t("schedule.title") }</h2>
            <p>{ t.t("schedule.intro") }</p>
        </section>
    }
}

#[function_component(Schedule)]
pub fn schedule(props: &ScheduleProps) -> Html {
    let t = use_texts();
    let catalog = use_catalog();
    let (typed_dates, set_date) = use_event_dates(props.draft.clone());
    let submitted = use_submitted_items();
    let data = schedule_data();
    let today = crate::clock::today();
    // The form's answer wins over a date typed here earlier: the citizen corrects it in one place, the form.
    let from_form = data.as_ref().map(|data| data.0.dates_from_answers(&props.answers)).unwrap_or_default();
    let mut dates = typed_dates;
    dates.extend(from_form.iter().map(|(k, d)| (k.clone(), *d)));
    let planned_kept = data.as_ref().map(|data| {
        let planned = plan(&data.0, &props.leaves, &dates, &data.1, today);
        KeptSchedule::from_plan(&dates, &planned)
    });
    use_keep_schedule(props.draft.clone(), planned_kept.unwrap_or_default());
    let calendar_url = use_state(|| None::<String>);
    let section = use_node_ref();
    let (Some(data), Some(catalog)) = (data, catalog) else { return nothing() };
    let (deadlines, rest_days) = (&data.0, &data.1);
    let planned = plan(deadlines, &props.leaves, &dates, rest_days, today);
    if planned.is_empty() {
        // Say so only where every item was checked; an item not yet checked may have a deadline.
        let all_checked = props.draft.is_some() && props.leaves.iter().all(|l| deadlines.reviewed(l));
        return if all_checked {
            html! { <p class="sq-panel sq-schedule-none">{ t.t("schedule.none") }</p> }
        } else {
            nothing()
        };
    }
    let item_name = |id: &str| t.item_name(id, catalog.index.leaf(id).map_or(id, |l| l.name));
    let en = t.lang == Lang::En;
    let pick = |zh: &str, en_text: &str| if en { en_text.to_owned() } else { zh.to_owned() };
    let approximate_years: Vec<String> = {
        let mut years: Vec<u32> = planned
            .iter()
            .filter_map(|p| p.due)
            .filter(|d| d.approximate)
            .map(|d| d.last_day.year())
            .filter(|y| !rest_days.covers(*y))
            .collect();
        years.dedup();
        years.iter().map(u32::to_string).collect()
    };
    let calendar_events: Vec<CalendarEvent> = planned
        .iter()
        .filter_map(|p| {
            let due = p.due?;
            let d = p.deadline;
            let event_date = *dates.get(&d.event)?;
            let name = item_name(&d.item);
            let mut description = vec![format!("{name}：{}", pick(&d.duty, &d.duty_en))];
            if let Some(opens) = due.opens {
                description.push(window_text(&t, opens, due.last_day));
            }
            if let (Some(m), Some(m_en)) = (&d.missed, &d.missed_en) {
                description.push(format!("{}{}", t.t("schedule.missed"), pick(m, m_en)));
            }
            description.push(format!("{}{}", t.t("schedule.basis"), d.basis.text()));
            Some(CalendarEvent {
                uid: ical::uid(&d.item, &d.event, event_date),
                date: due.last_day,
                summary: calendar_summary(&t, d, &name, &due),
                description: description.join("\n"),
                remind_days_before: REMIND_DAYS,
            })
        })
        .collect();
    let download = {
        let (calendar_url, section) = (calendar_url.clone(), section.clone());
        let title = t.t("schedule.title");
        let events = calendar_events.clone();
        Callback::from(move |_: MouseEvent| {
            // A fresh file for what is on screen now; the previous one is let go.
            if let Some(old) = &*calendar_url {
                crate::object_urls::revoke(old);
            }
            let url = calendar_file_url(&ical::calendar(&title, &events, store::now_ms()));
            if let (Some(url), Some(section)) = (&url, section.cast::<web_sys::Element>()) {
                save_as(&section, url, "banshi-richeng.ics");
            }
            calendar_url.set(url);
        })
    };
    html! {
        <section class="sq-section sq-schedule" aria-labelledby="sq-schedule-title" ref={section}>
            <h2 id="sq-schedule-title">{ t.t("schedule.title") }</h2>
            <p>{ t.t("schedule.intro") }</p>
            { for events_needed(deadlines, &props.leaves).into_iter().map(|event| {
                let id = format!("sq-event-{}", event.key);
                if let Some(date) = from_form.get(&event.key) {
                    return html! {
                        <div class="sq-field sq-event-from-form">
                            <p class="sq-label">{ pick(&event.label, &event.label_en) }</p>
                            <p><strong>{ date_text(&t, *date) }</strong></p>
                            <p class="sq-help">{ t.t("schedule.from_form") }</p>
                            if !event.group_fields.is_empty() {
                                <p class="sq-help">{ t.t("schedule.from_form_earliest") }</p>
                            }
                        </div>
                    };
                }
                let hint_id = format!("{id}-hint");
                let hint = if en { event.hint_en.clone() } else { event.hint.clone() };
                let value = dates.get(&event.key).map(Date::to_string).unwrap_or_default();
                let onchange = {
                    let set_date = set_date.clone();
                    let key = event.key.clone();
                    Callback::from(move |e: Event| {
                        let raw = e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
                        set_date.emit((key.clone(), Date::parse_iso(raw.trim())));
                    })
                };
                html! {
                    <div class="sq-field">
                        <label class="sq-label" for={id.clone()}>{ pick(&event.label, &event.label_en) }</label>
                        if let Some(hint) = &hint { <p class="sq-help" id={hint_id.clone()}>{ hint }</p> }
                        <input id={id} class="sq-input sq-date-input" type="date" value={value} {onchange}
                            aria-describedby={hint.is_some().then_some(hint_id)} />
                    </div>
                }
            }) }
            <ol class="sq-deadlines">
                { for planned.iter().map(|p| deadline_row(&t, p, today, &item_name(&p.deadline.item), submitted.contains(&p.deadline.item), deadlines)) }
            </ol>
            if !approximate_years.is_empty() {
                <p class="sq-panel sq-schedule-approx" role="note">{ t.f("schedule.approximate", &[("years", &approximate_years.join(t.list_separator()))]) }</p>
            }
            if !calendar_events.is_empty() {
                <div class="sq-actions">
                    <button class="sq-button" type="button" onclick={download}>{ t.t("schedule.calendar") }</button>
                </div>
                <p class="sq-help">{ t.t("schedule.calendar_hint") }</p>
            }
            <p class="sq-muted sq-small">{ t.t("schedule.method") }</p>
        </section>
    }
}

/// What the section renders when it has nothing to show: an element, not an empty list. Yew 0.23 panics
/// ("failed to insert node before next sibling") when a component whose root is empty sits among siblings that
/// come and go as the parent re-renders — the guide going from one item to another did exactly that.
fn nothing() -> Html {
    html! { <div class="sq-schedule-none" hidden=true></div> }
}

fn deadline_row(t: &Texts, p: &Planned<'_>, today: Date, name: &str, done: bool, data: &DeadlineData) -> Html {
    let d = p.deadline;
    let en = t.lang == Lang::En;
    let pick = |zh: &str, en_text: &str| if en { en_text.to_owned() } else { zh.to_owned() };
    let event_label = data.event(&d.event).map(|e| pick(&e.label, &e.label_en)).unwrap_or_default();
    let period = if en { d.period.text_en() } else { d.period.text_zh() };
    // A yearly window is not counted from the event: the event only says from which year it applies.
    // A renewal is counted back from the expiry, not forward from it.
    let rule_key = match d.period {
        Period::Yearly(_) => "schedule.rule_yearly",
        Period::Recurring(_) => "schedule.rule_recurring",
        period if period.is_before() => "schedule.rule_before",
        _ => "schedule.rule",
    };
    let rule = t.f(rule_key, &[("duty", &pick(&d.duty, &d.duty_en)), ("period", &period), ("event", &event_label)]);
    html! {
        <li class={classes!("sq-panel", "sq-deadline", done.then_some("sq-deadline-done"))}>
            <h3 class="sq-deadline-item">{ name }</h3>
            if let Some(due) = p.due {
                <p class="sq-deadline-date">
                    // A window reads as a window: its first and last day, and the days until it opens.
                    <strong>{ match due.opens {
                        Some(opens) => window_text(t, opens, due.last_day),
                        None => t.f("schedule.by", &[("date", &date_text(t, due.last_day))]),
                    } }</strong>
                    <time datetime={due.last_day.to_string()} class="sq-tag">
                        { match (done, due.opens) {
                            (true, _) => t.t("schedule.done"),
                            (false, Some(opens)) => window_left_text(t, today, opens, due.last_day),
                            (false, None) => days_left_text(t, today, due.last_day),
                        } }
                    </time>
                </p>
                if due.last_day > due.unmoved {
                    <p class="sq-help">{ t.f("schedule.moved", &[("date", &date_text(t, due.unmoved))]) }</p>
                } else if due.last_day < due.unmoved {
                    <p class="sq-help">{ t.f("schedule.moved_earlier", &[("date", &date_text(t, due.unmoved))]) }</p>
                }
            } else if !p.before_rule {
                <p class="sq-muted">{ t.t("schedule.undated") }</p>
            }
            // A rule that starts on a date says so wherever it gives no date: before the event date is typed, and
            // for an event before it (no date from the new rule, and the former one is not on file).
            if let (None, Some(from)) = (p.due, d.applies_from()) {
                <p class={if p.before_rule { "sq-deadline-before-rule" } else { "sq-help" }}>
                    { t.f("schedule.before_rule", &[("event", &event_label), ("date", &date_text(t, from))]) }
                </p>
            }
            <p>{ rule }</p>
            if let (Some(note), Some(note_en)) = (&d.note, &d.note_en) {
                <p class="sq-help">{ t.t("schedule.note") }{ pick(note, note_en) }</p>
            }
            if let (Some(missed), Some(missed_en)) = (&d.missed, &d.missed_en) {
                <p>{ t.t("schedule.missed") }{ pick(missed, missed_en) }
                    if let Some(b) = &d.missed_basis { <span class="sq-muted">{ t.bracketed(&b.text()) }</span> }
                </p>
            }
            <p class="sq-muted sq-small">{ t.t("schedule.basis") }{ d.basis.text() }</p>
        </li>
    }
}

/// An object URL for the .ics text (recorded, so that 清除本机数据 revokes it).
fn calendar_file_url(text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/calendar;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    crate::object_urls::create(&blob)
}

/// Downloads `url` as `file_name` through a link placed in `near` for the click (a link outside the document does
/// not download in every browser) and taken out again.
fn save_as(near: &web_sys::Element, url: &str, file_name: &str) {
    let Some(document) = near.owner_document() else { return };
    let Ok(link) = document.create_element("a") else { return };
    let _ = link.set_attribute("href", url);
    let _ = link.set_attribute("download", file_name);
    let _ = link.set_attribute("hidden", "");
    if near.append_child(&link).is_ok() {
        if let Some(link) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&link) {
            link.click();
        }
        link.remove();
    }
}
