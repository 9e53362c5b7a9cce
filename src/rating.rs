//! 好差评: a five-level rating (非常满意 … 非常不满意, GB/T 39734) with an optional comment, handed to the host.

use yew::prelude::*;

use crate::i18n::use_texts;

#[derive(Properties, PartialEq)]
pub struct RatingProps {
    /// What is rated: an item id or a submission reference.
    pub subject: String,
}

#[function_component(Rating)]
pub fn rating(props: &RatingProps) -> Html {
    let t = use_texts();
    let level = use_state(|| None::<u8>);
    let comment = use_state(String::new);
    let sent = use_state(|| false);
    let handoff = crate::handoff::use_handoff();
    let name = format!("sq-rate-{}", props.subject);
    if *sent {
        return html! { <p class="sq-panel" role="status">{ t.t("rating.thanks") }</p> };
    }
    let submit = {
        let (level, comment, sent, subject) = (level.clone(), comment.clone(), sent.clone(), props.subject.clone());
        Callback::from(move |_| {
            if let Some(l) = *level {
                if let Some(channel) = handoff.as_ref().and_then(|h| h.channel.as_ref()) {
                    channel.rate(&sqsb_core::messages::rating(&subject, l, &comment));
                }
                sent.set(true);
            }
        })
    };
    html! {
        <section class="sq-panel sq-rating" aria-labelledby={format!("{name}-title")}>
            <h2 id={format!("{name}-title")}>{ t.t("rating.title") }</h2>
            <fieldset class="sq-fieldset">
                <legend>{ t.t("rating.prompt") }</legend>
                { for (1..=5u8).rev().map(|l| {
                    let level = level.clone();
                    html! {
                        <label class="sq-choice">
                            <input type="radio" name={name.clone()} checked={*level == Some(l)} onchange={Callback::from(move |_| level.set(Some(l)))} />
                            <span>{ t.t(&format!("rating.{l}")) }</span>
                        </label>
                    }
                }) }
            </fieldset>
            <label class="sq-label" for={format!("{name}-comment")}>{ t.t("rating.comment") }</label>
            <textarea id={format!("{name}-comment")} class="sq-input sq-textarea" rows="2" value={(*comment).clone()}
                oninput={{ let c = comment.clone(); Callback::from(move |e: InputEvent| c.set(e.target_dyn_into::<web_sys::HtmlTextAreaElement>().map(|x| x.value()).unwrap_or_default())) }} />
            <button class="sq-button" type="button" disabled={level.is_none()} onclick={submit}>{ t.t("rating.submit") }</button>
        </section>
    }
}
