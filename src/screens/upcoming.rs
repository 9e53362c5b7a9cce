//! 即将到期 on the home: for each chain the citizen started (a draft on this device) whose 办事日程 has dates, the
//! next deadline not yet passed or submitted. It reads only the small summary the notice keeps with the draft
//! (`sqsb_core::schedule::KeptSchedule`), so the lean build carries no deadline data for it.

use gloo::storage::{LocalStorage, Storage};
use sqsb_core::schedule::KeptSchedule;
use sqsb_core::validate::Date;
use yew::prelude::*;

use crate::app::{use_catalog, use_texts};
use crate::apply::schedule::{date_text, days_left_text};
use crate::apply::store;
use crate::route::{Route, Step};

struct Upcoming {
    draft: String,
    date: Date,
    item: String,
}

/// Each started chain's next deadline, earliest first; submitted items count as done.
fn upcoming(today: Date) -> Vec<Upcoming> {
    let submitted: Vec<String> =
        crate::handoff::receipts::list().into_iter().flat_map(|(_, r)| r.items.into_iter().map(|(id, _)| id)).collect();
    let mut out: Vec<Upcoming> = store::list()
        .into_iter()
        .filter_map(|(draft, _)| {
            let raw = LocalStorage::raw().get_item(&store::schedule_key(&draft)).ok()??;
            let kept = KeptSchedule::decode(&raw)?;
            let (date, item) = kept.next(today, |item| submitted.iter().any(|s| s == item))?;
            Some(Upcoming { date, item: item.to_owned(), draft })
        })
        .collect();
    out.sort_by_key(|u| u.date);
    out
}

#[function_component(UpcomingDeadlines)]
pub fn upcoming_deadlines() -> Html {
    let t = use_texts();
    let catalog = use_catalog();
    let today = use_state(|| None::<Date>);
    // Read after the first render (the prerendered home has no storage and no clock of the device).
    let list = use_state(Vec::new);
    {
        let (list, today) = (list.clone(), today.clone());
        use_effect_with((), move |_| {
            let now = crate::clock::today();
            list.set(upcoming(now));
            today.set(Some(now));
        });
    }
    let (Some(today), Some(catalog)) = (*today, catalog) else { return Html::default() };
    if list.is_empty() {
        return Html::default();
    }
    html! {
        <section class="sq-section sq-panel sq-upcoming" aria-labelledby="sq-upcoming">
            <h2 id="sq-upcoming">{ t.t("upcoming.title") }</h2>
            <ul class="sq-plain-list">
                { for list.iter().map(|u| {
                    let name = t.item_name(&u.item, catalog.index.leaf(&u.item).map_or(u.item.as_str(), |l| l.name));
                    let entry = t.f("upcoming.entry", &[("item", &name), ("date", &date_text(&t, u.date))]);
                    html! {
                        <li class="sq-draft">
                            <span class="sq-draft-name">{ &entry }</span>
                            <time class="sq-small" datetime={u.date.to_string()}>{ days_left_text(&t, today, u.date) }</time>
                            <span class="sq-actions">
                                <a class="sq-button sq-button-secondary" href={Route::Apply { draft: u.draft.clone(), step: Step::Notice }.to_hash()}
                                    aria-label={t.labelled(&t.t("upcoming.open"), &entry)}>{ t.t("upcoming.open") }</a>
                            </span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
