//! 即将到期 on the home: a started chain (a draft on this device) whose 办事日程 has dates shows, in its row of
//! 未完成的申请, its next deadline not yet passed or submitted. It reads only the small summary the notice keeps with
//! the draft (`sqsb_core::schedule::next_kept_deadline`): no deadline data, map or sort code in the lean build,
//! and no component of its own (a plain function in the drafts list: each Yew component costs the first visit
//! about 3 KB brotli).

use gloo::storage::{LocalStorage, Storage};
use sqsb_core::schedule::next_kept_deadline;
use yew::prelude::*;

use crate::apply::schedule::{date_text, days_left_text};
use crate::apply::store;
use crate::i18n::Texts;

/// The line for `draft`'s next deadline, or nothing. `submitted` holds the items with a receipt on this device.
pub fn upcoming_line(t: &Texts, index: &sqsb_core::CatalogIndex, draft: &str, submitted: &[String]) -> Html {
    let Some(raw) = LocalStorage::raw().get_item(&store::schedule_key(draft)).ok().flatten() else {
        return Html::default();
    };
    let today = crate::clock::today();
    let Some((date, item)) = next_kept_deadline(&raw, today, |item| submitted.iter().any(|s| s == item)) else {
        return Html::default();
    };
    let name = t.item_name(&item, index.leaf(&item).map_or(item.as_str(), |l| l.name));
    html! {
        <p class="sq-upcoming">
            <span class="sq-tag sq-tag-level">{ t.t("upcoming.title") }</span>
            <span>{ t.f("upcoming.entry", &[("item", &name), ("date", &date_text(t, date))]) }</span>
            <time datetime={date.to_string()}>{ days_left_text(t, today, date) }</time>
        </p>
    }
}

/// The items submitted on this device (their receipts).
pub fn submitted_items() -> Vec<String> {
    crate::handoff::receipts::list().into_iter().flat_map(|(_, r)| r.items.into_iter().map(|(id, _)| id)).collect()
}
