//! Settings: 长辈版 and the interface language (both remembered on this device).

use yew::prelude::*;

use crate::app::use_texts;
use crate::prefs::{PrefsAction, PrefsHandle};

#[function_component(SettingsPage)]
pub fn settings_page() -> Html {
    let t = use_texts();
    let Some(prefs) = use_context::<PrefsHandle>() else { return Html::default() };
    let toggle_elder = {
        let prefs = prefs.clone();
        Callback::from(move |_| prefs.dispatch(PrefsAction::SetElder(!prefs.elder)))
    };
    let cleared = use_state(|| false);
    let clear = {
        let cleared = cleared.clone();
        Callback::from(move |_| {
            crate::apply::store::clear_all();
            cleared.set(true);
        })
    };
    let set_lang = |english: bool| {
        let prefs = prefs.clone();
        Callback::from(move |_| prefs.dispatch(PrefsAction::SetEnglish(english)))
    };
    html! {
        <>
            <h1 class="sq-page-title">{ t.t("settings.title") }</h1>
            <section class="sq-section sq-panel" aria-labelledby="sq-set-display">
                <h2 id="sq-set-display">{ t.t("settings.display") }</h2>
                <label class="sq-switch">
                    <input type="checkbox" checked={prefs.elder} onchange={toggle_elder} />
                    <span>{ t.t("settings.elder") }</span>
                </label>
            </section>
            <section class="sq-section sq-panel">
                <fieldset class="sq-fieldset">
                    <legend>{ t.t("settings.language") }</legend>
                    <label class="sq-choice">
                        <input type="radio" name="sq-lang" checked={!prefs.english} onchange={set_lang(false)} />
                        <span lang="zh-CN">{ t.t("settings.zh") }</span>
                    </label>
                    <label class="sq-choice">
                        <input type="radio" name="sq-lang" checked={prefs.english} onchange={set_lang(true)} />
                        <span lang="en">{ t.t("settings.en") }</span>
                    </label>
                </fieldset>
            </section>
            <section class="sq-section sq-panel" aria-labelledby="sq-set-data">
                <h2 id="sq-set-data">{ t.t("settings.data") }</h2>
                <p class="sq-help">{ t.t("settings.clear_hint") }</p>
                <button class="sq-button sq-button-secondary" type="button" onclick={clear}>{ t.t("settings.clear") }</button>
                if *cleared { <p role="status">{ t.t("settings.cleared") }</p> }
            </section>
            <p class="sq-muted sq-small">{ t.t("settings.saved") }</p>
        </>
    }
}

/// The prominent 长辈版 switch on the home screen.
#[function_component(ElderSwitch)]
pub fn elder_switch() -> Html {
    let t = use_texts();
    let Some(prefs) = use_context::<PrefsHandle>() else { return Html::default() };
    let onclick = {
        let prefs = prefs.clone();
        Callback::from(move |_| prefs.dispatch(PrefsAction::SetElder(!prefs.elder)))
    };
    html! {
        <div class="sq-elder-switch">
            <button type="button" class="sq-button sq-button-secondary sq-elder-button" aria-pressed={prefs.elder.to_string()} {onclick}>
                <span class="sq-elder-box" aria-hidden="true">{ if prefs.elder { "✓" } else { "" } }</span>
                { t.t("home.elder_switch") }
            </button>
            <span class="sq-muted sq-small">{ t.t("home.elder_switch_hint") }</span>
        </div>
    }
}
