//! The basket (办事篮): items collected across both lifecycles, kept on this device.

use yew::prelude::*;

use crate::basket::{BasketAction, BasketHandle};
use crate::catalog::use_catalog;
use crate::i18n::use_texts;
use crate::route::{Route, Start};

#[function_component(BasketPage)]
pub fn basket_page() -> Html {
    let t = use_texts();
    let basket = use_context::<BasketHandle>();
    let Some(catalog) = use_catalog() else {
        return Html::default();
    };
    let Some(basket) = basket else {
        return Html::default();
    };
    html! {
        <>
            <h1 class="sq-page-title">{ t.t("basket.title") }</h1>
            if basket.items.is_empty() {
                <p class="sq-empty">{ t.t("basket.empty") }</p>
            } else {
                <p class="sq-muted" role="status">{ t.f("basket.count", &[("n", &basket.items.len().to_string())]) }</p>
                <p><a class="sq-button" href={Route::Start(Start::Basket).to_hash()}>{ t.t("basket.apply") }</a></p>
                <ul class="sq-item-list">
                    { for basket.items.iter().filter_map(|id| catalog.index.leaf(id)).map(|leaf| {
                        let id = leaf.id.as_str().to_owned();
                        let remove = {
                            let basket = basket.clone();
                            let id = id.clone();
                            Callback::from(move |_| basket.dispatch(BasketAction::Remove(id.clone())))
                        };
                        html! {
                            <li class="sq-item sq-basket-item">
                                <a class="sq-item-link" href={Route::Item { id: id.clone() }.to_hash()}>
                                    <span class="sq-item-name">{ t.item_name(leaf.id, leaf.name) }</span>
                                    <span class="sq-item-meta"><span class="sq-dept">{ t.departments(leaf.lead) }</span></span>
                                </a>
                                <button class="sq-button sq-button-secondary" type="button" onclick={remove}
                                    aria-label={t.labelled(&t.t("basket.remove"), leaf.name)}>{ t.t("basket.remove") }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </>
    }
}
