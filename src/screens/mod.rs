//! One module per screen. Screens read the catalog, texts and basket from context (see app.rs).

use yew::prelude::*;

use crate::i18n::use_texts;
use crate::route::Route;

pub mod basket;
pub mod browse;
pub mod guide;
pub mod home;
pub mod item;
pub mod search;
pub mod settings;
pub mod upcoming;

/// A route that names nothing in the catalog (a stale link, an item an update removed).
#[function_component(NotFound)]
pub fn not_found() -> Html {
    let t = use_texts();
    html! {
        <div class="sq-empty">
            <h1 class="sq-page-title">{ t.t("item.not_found") }</h1>
            <p>{ t.t("item.not_found_hint") }</p>
            <p><a class="sq-button" href={Route::Home.to_hash()}>{ t.t("nav.home") }</a></p>
        </div>
    }
}
