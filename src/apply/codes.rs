//! 出示给窗口: the whole submission as SQSB2 QR codes (`sqsb_core::counter_code`), shown one at a time, large and on
//! white, for the 一窗受理 counter's scanner; 上一张 / 下一张 or a swipe; all of them on paper with 打印. Classes
//! `sq-codes*`, texts `codes.*`; the counter's reader is `src/counter.rs`.
//!
//! The codes are made from the applications still kept on this device (the outbox entry of a submission no host
//! has acknowledged, or the one just submitted), with the dictionary the form was filled against.

use std::rc::Rc;

use sqsb_core::counter_code::{encode, Submission};
use sqsb_core::dictionary::Dictionary;
use sqsb_core::engine::Payload;
use yew::prelude::*;

use crate::i18n::use_texts;

#[derive(Properties, PartialEq)]
pub struct CounterCodesProps {
    pub reference: String,
    pub applications: Rc<Vec<Payload>>,
}

/// The parts of the counter code, once the dictionary has arrived: `None` while loading, `Err` when they cannot be
/// made (the JSON file is still offered).
#[hook]
fn use_counter_parts(reference: String, applications: Rc<Vec<Payload>>) -> Option<Result<Rc<Vec<String>>, ()>> {
    let parts = use_state(|| None::<Result<Rc<Vec<String>>, ()>>);
    {
        let parts = parts.clone();
        use_effect_with((reference, applications), move |(reference, applications)| {
            let (reference, applications) = (reference.clone(), applications.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let made = async {
                    let text = crate::fetch::dictionary_text().await.map_err(|_| ())?;
                    let dict = Dictionary::from_exchange(&text).map_err(|_| ())?;
                    let submission = Submission {
                        catalog_version: applications.first().map(|a| a.catalog_version.clone()).unwrap_or_default(),
                        dictionary_version: dict.version.clone(),
                        reference,
                        applications: applications.as_ref().clone(),
                    };
                    encode(&submission, &dict).map(Rc::new).map_err(|e| {
                        crate::log::warn(&format!("counter code not made: {}", e.message_zh()));
                    })
                };
                parts.set(Some(made.await));
            });
        });
    }
    (*parts).clone()
}

#[function_component(CounterCodes)]
pub fn counter_codes(props: &CounterCodesProps) -> Html {
    let t = use_texts();
    let open = use_state(|| false);
    let shown = use_state(|| 0usize);
    let touch_x = use_mut_ref(|| None::<i32>);
    let parts = use_counter_parts(props.reference.clone(), props.applications.clone());
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let parts = match parts {
        None => return html! { <p class="sq-muted" role="status">{ t.t("codes.preparing") }</p> },
        Some(Err(())) => return html! { <p class="sq-help">{ t.t("codes.unavailable") }</p> },
        Some(Ok(parts)) => parts,
    };
    let n = parts.len();
    let i = (*shown).min(n.saturating_sub(1));
    let go = |to: usize| {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(to))
    };
    // A swipe of 50 px or more turns the page, as on any phone gallery.
    let ontouchstart = {
        let touch_x = touch_x.clone();
        Callback::from(move |e: TouchEvent| *touch_x.borrow_mut() = e.touches().get(0).map(|t| t.client_x()))
    };
    let ontouchend = {
        let (touch_x, shown) = (touch_x.clone(), shown.clone());
        Callback::from(move |e: TouchEvent| {
            let (Some(start), Some(end)) = (touch_x.borrow_mut().take(), e.changed_touches().get(0)) else { return };
            let dx = end.client_x() - start;
            if dx <= -50 && i + 1 < n {
                shown.set(i + 1);
            } else if dx >= 50 && i > 0 {
                shown.set(i - 1);
            }
        })
    };
    let print = Callback::from(|_| {
        let _ = gloo::utils::window().print();
    });
    let qr = |text: &str| Html::from_html_unchecked(AttrValue::from(crate::qr::svg(text)));
    html! {
        <section class="sq-guide-section sq-codes" aria-labelledby="sq-codes-title">
            <h2 id="sq-codes-title">{ t.t("codes.title") }</h2>
            <p>{ t.f("codes.intro", &[("n", &n.to_string())]) }</p>
            <button class="sq-button" type="button" aria-expanded={(*open).to_string()} onclick={toggle}>
                { t.t(if *open { "codes.hide" } else { "codes.show" }) }
            </button>
            if *open {
                <div class="sq-codes-view">
                    <p class="sq-codes-warning">{ t.t("codes.personal") }</p>
                    <p class="sq-help">{ t.t("codes.brightness") }</p>
                    <figure class="sq-code" {ontouchstart} {ontouchend}>
                        { qr(&parts[i]) }
                        <figcaption aria-live="polite">{ t.f("codes.part", &[("i", &(i + 1).to_string()), ("n", &n.to_string())]) }</figcaption>
                    </figure>
                    if n > 1 {
                        <div class="sq-actions">
                            <button class="sq-button sq-button-secondary" type="button" disabled={i == 0} onclick={go(i.saturating_sub(1))}>{ t.t("codes.prev") }</button>
                            <button class="sq-button" type="button" disabled={i + 1 >= n} onclick={go(i + 1)}>{ t.t("codes.next") }</button>
                        </div>
                    }
                    <button class="sq-button sq-button-secondary" type="button" onclick={print}>{ t.t("codes.print") }</button>
                </div>
            }
            // Every part on paper (print CSS shows this and hides the screen's single code).
            <div class="sq-codes-print" aria-hidden="true">
                { for parts.iter().enumerate().map(|(k, part)| html! {
                    <figure class="sq-code">
                        { qr(part) }
                        <figcaption>{ t.f("codes.part", &[("i", &(k + 1).to_string()), ("n", &n.to_string())]) }</figcaption>
                    </figure>
                }) }
            </div>
        </section>
    }
}
