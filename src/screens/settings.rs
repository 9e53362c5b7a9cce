//! Settings: 长辈版 and the interface language (both remembered on this device), 我的档案 (the profile entries the
//! user kept, each with its last day and a 删除), and clearing everything this module keeps on the device.

use std::collections::BTreeMap;
use std::rc::Rc;

use sqsb_core::dictionary::FieldKey;
use sqsb_core::retention::kept_until;
use yew::prelude::*;

use crate::app::use_texts;
use crate::apply::store;
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
            <ProfileSection profile={profile} />
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

/// One kept profile entry as the settings screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptEntry {
    pub key: FieldKey,
    /// The last moment it is kept (milliseconds since the Unix epoch).
    pub until: u64,
}

/// The profile's entries, and how to forget one or read them again.
#[derive(Clone, PartialEq)]
pub struct KeptProfile {
    pub entries: Rc<Vec<KeptEntry>>,
    /// How long each entry is kept, in days.
    pub days: u32,
    pub forget: Callback<FieldKey>,
    pub reload: Callback<()>,
}

/// The kept profile entries, read after the first render (storage is this device's, and effects are where
/// browser reads belong). Entries already past their period are not shown even before the next start's sweep
/// removes them.
#[hook]
pub fn use_kept_profile() -> KeptProfile {
    let days = store::retention().profile_days;
    let read = move || {
        let mut profile = store::load_profile();
        profile.expire(store::now_ms(), days);
        let entries =
            profile.values.into_iter().map(|(key, kept)| KeptEntry { key, until: kept_until(kept.kept, days) });
        Rc::new(entries.collect::<Vec<_>>())
    };
    let entries = use_state(|| Rc::new(Vec::new()));
    let reload = {
        let entries = entries.clone();
        use_callback((), move |_: (), _| entries.set(read()))
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload.emit(()));
    }
    let forget = {
        let reload = reload.clone();
        use_callback((), move |key: FieldKey, _| {
            if let Err(e) = store::forget_profile_entry(&key) {
                web_sys::console::warn_1(&format!("profile entry not deleted: {e}").into());
            }
            reload.emit(());
        })
    };
    KeptProfile { entries: (*entries).clone(), days, forget, reload }
}

/// What the kept fields are called, read from the dictionary once there is something to name. Until it arrives,
/// or if it cannot be fetched (offline on a first visit), the map is empty and entries get a generic name.
#[hook]
pub fn use_field_names(keys: Vec<FieldKey>) -> Rc<BTreeMap<FieldKey, String>> {
    let names = use_state(|| Rc::new(BTreeMap::new()));
    {
        let names = names.clone();
        use_effect_with(keys, move |keys| {
            let keys = keys.clone();
            // Only fetch for keys that are not named yet: after a 删除 the names at hand still serve.
            if !keys.is_empty() && keys.iter().any(|k| !names.contains_key(k)) {
                wasm_bindgen_futures::spawn_local(async move {
                    match crate::fetch::dictionary_text().await {
                        Ok(text) => names.set(Rc::new(sqsb_core::exchange::field_names(&text, &keys))),
                        Err(e) => web_sys::console::warn_1(&format!("dictionary.json: {e}").into()),
                    }
                });
            }
        });
    }
    (*names).clone()
}

/// A date as the interface language writes it (2027年6月3日, June 3, 2027), on the device's calendar: the
/// browser's Intl knows each language's date format, so no format strings are needed.
fn date_text(t: &Texts, ms: u64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    for (name, value) in [("year", "numeric"), ("month", "long"), ("day", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &name.into(), &value.into());
    }
    String::from(d.to_locale_date_string(t.lang.tag(), &options))
}

#[derive(Properties, PartialEq)]
pub struct ProfileSectionProps {
    pub profile: KeptProfile,
}

/// 我的档案: what is kept for prefilling, until when, and a 删除 for each entry.
#[function_component(ProfileSection)]
pub fn profile_section(props: &ProfileSectionProps) -> Html {
    let t = use_texts();
    let KeptProfile { entries, days, forget, .. } = props.profile.clone();
    let names = use_field_names(entries.iter().map(|e| e.key.clone()).collect());
    let heading = use_node_ref();
    let deleted = use_state(|| None::<String>);
    // Never a raw `element@role`: a field the dictionary does not name is “已保存的信息 N”. The dictionary's names
    // are Chinese in both languages, so they are marked as such for screen readers.
    let name_of = |i: usize, key: &FieldKey| match names.get(key) {
        Some(name) => (name.clone(), Some("zh-CN")),
        None => (t.f("settings.profile_entry", &[("n", &(i + 1).to_string())]), None),
    };
    html! {
        <section class="sq-section sq-panel" aria-labelledby="sq-set-profile">
            <h2 id="sq-set-profile" tabindex="-1" ref={heading.clone()}>{ t.t("settings.profile") }</h2>
            <p class="sq-help">{ t.f("settings.profile_hint", &[("days", &days.to_string())]) }</p>
            if entries.is_empty() {
                <p>{ t.t("settings.profile_empty") }</p>
            } else {
                <ul class="sq-plain-list">
                    { for entries.iter().enumerate().map(|(i, entry)| {
                        let (name, lang) = name_of(i, &entry.key);
                        let onclick = {
                            let (forget, key, deleted, heading, name) =
                                (forget.clone(), entry.key.clone(), deleted.clone(), heading.clone(), name.clone());
                            // The button goes with its entry: the focus moves to the section, and the status says
                            // what was deleted.
                            Callback::from(move |_| {
                                forget.emit(key.clone());
                                deleted.set(Some(name.clone()));
                                if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                                    let _ = h.focus();
                                }
                            })
                        };
                        html! {
                            <li class="sq-kept">
                                <span class="sq-kept-name" {lang}>{ &name }</span>
                                <span class="sq-muted sq-small">{ t.f("settings.profile_until", &[("date", &date_text(&t, entry.until))]) }</span>
                                <button class="sq-button sq-button-secondary" type="button" {onclick}
                                    aria-label={t.f("settings.profile_delete_label", &[("label", &name)])}>{ t.t("settings.profile_delete") }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <p role="status">{ deleted.as_ref().map(|name| t.f("settings.profile_deleted", &[("label", name)])).unwrap_or_default() }</p>
        </section>
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
