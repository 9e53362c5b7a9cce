//! Settings: 长辈版 and the interface language (both remembered on this device), 我的档案 (the profile entries the
//! user kept, each with its last day and a 删除), and clearing everything this module keeps on the device.

#[cfg(feature = "full")]
use std::collections::BTreeMap;
#[cfg(feature = "full")]
use std::rc::Rc;

#[cfg(feature = "full")]
use sqsb_core::dictionary::FieldKey;
#[cfg(feature = "full")]
use sqsb_core::retention::kept_until;
use yew::prelude::*;

use crate::apply::store;
use crate::i18n::use_texts;
#[cfg(feature = "full")]
use crate::i18n::Texts;
use crate::prefs::{PrefsAction, PrefsHandle};

#[function_component(SettingsPage)]
pub fn settings_page() -> Html {
    let t = use_texts();
    let Some(prefs) = use_context::<PrefsHandle>() else { return Html::default() };
    let toggle_elder = {
        let prefs = prefs.clone();
        Callback::from(move |_| prefs.dispatch(PrefsAction::SetElder(!prefs.elder)))
    };
    let profile = use_kept_profile();
    let cleared = use_state(|| false);
    let clear = {
        let (cleared, reload) = (cleared.clone(), profile.reload.clone());
        Callback::from(move |_| {
            store::clear_all();
            reload.emit(());
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
            { profile_section(&t, &profile) }
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

/// What 我的档案 shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Kept {
    /// The entries kept (none: the empty state), by key, with the last moment each is kept (ms since the epoch).
    #[cfg(feature = "full")]
    Entries(Rc<Vec<(FieldKey, u64)>>),
    #[cfg(not(feature = "full"))]
    Nothing,
    /// Something is kept, and only the full build reads the profile: the lean build carries no profile codec
    /// (it would cost every first visit several KB), and a profile comes from an application, which the full
    /// build made, so that build is cached already.
    #[cfg(not(feature = "full"))]
    InFullBuild,
}

/// The profile as this build reads it, without entries past their period (even before the next start's sweep).
fn read_kept(days: u32) -> Kept {
    #[cfg(feature = "full")]
    {
        let mut profile = store::load_profile();
        profile.expire(store::now_ms(), days);
        Kept::Entries(Rc::new(
            profile.values.into_iter().map(|(key, kept)| (key, kept_until(kept.kept, days))).collect(),
        ))
    }
    #[cfg(not(feature = "full"))]
    {
        let _ = days;
        if store::profile_stored() {
            Kept::InFullBuild
        } else {
            Kept::Nothing
        }
    }
}

/// 我的档案's content and how to read it again (after a 删除 or 清除本机数据).
#[derive(Clone, PartialEq)]
pub struct KeptProfile {
    pub kept: Kept,
    /// How long each entry is kept, in days.
    pub days: u32,
    pub reload: Callback<()>,
}

/// The kept profile. Read when the screen opens: the settings screen is never prerendered, so there is no
/// server render to keep browser reads out of.
#[hook]
pub fn use_kept_profile() -> KeptProfile {
    let days = store::retention().profile_days;
    let kept = use_state(move || read_kept(days));
    let reload = {
        let kept = kept.clone();
        Callback::from(move |()| kept.set(read_kept(days)))
    };
    KeptProfile { kept: (*kept).clone(), days, reload }
}

/// 我的档案: how long entries are kept; each kept entry, until when, with a 删除; or that nothing is kept. A plain
/// function, not a component: one component more costs the lean build more than this markup.
fn profile_section(t: &crate::i18n::Texts, profile: &KeptProfile) -> Html {
    let content = match &profile.kept {
        #[cfg(feature = "full")]
        Kept::Entries(entries) => html! { <KeptList entries={entries.clone()} reload={profile.reload.clone()} /> },
        #[cfg(not(feature = "full"))]
        Kept::Nothing => html! { <p>{ t.t("settings.profile_empty") }</p> },
        #[cfg(not(feature = "full"))]
        Kept::InFullBuild => html! {
            <crate::upgrade::Upgrade route={crate::route::Route::Settings} loading="settings.profile_loading" failed="app.load_failed" />
        },
    };
    html! {
        <section class="sq-section sq-panel" aria-labelledby={PROFILE_HEADING}>
            <h2 id={PROFILE_HEADING} tabindex="-1">{ t.t("settings.profile") }</h2>
            <p class="sq-help">{ t.f("settings.profile_hint", &[("days", &profile.days.to_string())]) }</p>
            { content }
        </section>
    }
}

/// 我的档案's heading: where the focus goes when the entry whose 删除 had it is gone.
const PROFILE_HEADING: &str = "sq-set-profile";

/// What the kept fields are called, read from the dictionary once there is something to name. Until it arrives,
/// or if it cannot be fetched (offline on a first visit), the map is empty and entries get a generic name.
#[cfg(feature = "full")]
#[hook]
pub fn use_field_names(keys: Vec<FieldKey>) -> Rc<BTreeMap<FieldKey, String>> {
    let names = use_state(|| Rc::new(BTreeMap::new()));
    {
        let names = names.clone();
        use_effect_with(keys, move |keys| {
            let keys = keys.clone();
            // Only fetch for keys that are not named yet: after a 删除 the names at hand still serve.
            if keys.iter().any(|k| !names.contains_key(k)) {
                wasm_bindgen_futures::spawn_local(async move {
                    match crate::fetch::dictionary_text().await {
                        Ok(text) => names.set(Rc::new(sqsb_core::exchange::field_names(&text, &keys))),
                        Err(e) => crate::log::warn(&format!("dictionary.json: {e}")),
                    }
                });
            }
        });
    }
    (*names).clone()
}

/// A date as the interface language writes it (2027年6月3日, June 3, 2027), on the device's calendar: the
/// browser's Intl knows each language's date format, so no format strings are needed.
#[cfg(feature = "full")]
fn date_text(t: &Texts, ms: u64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    for (name, value) in [("year", "numeric"), ("month", "long"), ("day", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &name.into(), &value.into());
    }
    String::from(d.to_locale_date_string(t.lang.tag(), &options))
}

#[cfg(feature = "full")]
#[derive(Properties, PartialEq)]
pub struct KeptListProps {
    pub entries: Rc<Vec<(FieldKey, u64)>>,
    /// Reads the profile again after a 删除.
    pub reload: Callback<()>,
}

/// The kept entries (name, last day, 删除) or that nothing is kept, and what was just deleted.
#[cfg(feature = "full")]
#[function_component(KeptList)]
pub fn kept_list(props: &KeptListProps) -> Html {
    let t = use_texts();
    let names = use_field_names(props.entries.iter().map(|(key, _)| key.clone()).collect());
    let deleted = use_state(|| None::<String>);
    // Never a raw `element@role`: a field the dictionary does not name is “已保存的信息 N”. The dictionary's names
    // are Chinese in both languages, so they are marked as such for screen readers.
    let name_of = |i: usize, key: &FieldKey| match names.get(key) {
        Some(name) => (name.clone(), Some("zh-CN")),
        None => (t.f("settings.profile_entry", &[("n", &(i + 1).to_string())]), None),
    };
    html! {
        <>
            if props.entries.is_empty() {
                <p>{ t.t("settings.profile_empty") }</p>
            } else {
                <ul class="sq-plain-list">
                    { for props.entries.iter().enumerate().map(|(i, (key, until))| {
                        let (name, lang) = name_of(i, key);
                        let onclick = {
                            let (key, reload, deleted, name) = (key.clone(), props.reload.clone(), deleted.clone(), name.clone());
                            // The button goes with its entry: the focus moves to the section's heading, and the
                            // status says what went.
                            Callback::from(move |e: MouseEvent| {
                                if let Err(e) = store::forget_profile_entry(&key) {
                                    crate::log::warn(&format!("profile entry not deleted: {e}"));
                                }
                                reload.emit(());
                                deleted.set(Some(name.clone()));
                                if let Some(heading) = crate::dom::by_id_near(&e, PROFILE_HEADING) {
                                    let _ = heading.focus();
                                }
                            })
                        };
                        html! {
                            <li class="sq-kept">
                                <span class="sq-kept-name" {lang}>{ &name }</span>
                                <span class="sq-muted sq-small">{ t.f("settings.profile_until", &[("date", &date_text(&t, *until))]) }</span>
                                <button class="sq-button sq-button-secondary" type="button" {onclick}
                                    aria-label={t.f("settings.profile_delete_label", &[("label", &name)])}>{ t.t("settings.profile_delete") }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <p role="status">{ deleted.as_ref().map(|name| t.f("settings.profile_deleted", &[("label", name)])).unwrap_or_default() }</p>
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
