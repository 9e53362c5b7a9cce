//! Drafts and the profile on this device (localStorage): one entry per draft plus an index, so a corrupted entry
//! loses only itself. Drafts expire after [`DRAFT_DAYS`] days and are wiped after submission; profile entries
//! expire one by one ([`sqsb_core::retention`]). [`sweep`] applies all of it at every start, so nothing personal
//! stays longer than its period even if the screen that would notice is never opened. Storage failures are
//! reported to the caller (the UI says so) and never touch other drafts.

use std::cell::Cell;

use gloo::storage::{LocalStorage, Storage};
use sqsb_core::draft::{Draft, DraftSummary, Profile, StoredProfile};
use sqsb_core::retention::{expired, Retention};
use wasm_bindgen::JsCast;

/// How long an unfinished draft is kept.
pub const DRAFT_DAYS: u64 = 30;
/// The same period as [`sqsb_core::retention::expired`] takes it.
const DRAFT_PERIOD: u32 = DRAFT_DAYS as u32;
// The index, the profile and the drafts' prefix are also what the prerendered application screens check before
// showing (`prerender::STORAGE_KEY_ATTRIBUTES` writes them into the page for www/apply-screens.src.js).
pub(crate) const INDEX_KEY: &str = "sqsb.drafts.v1";
pub(crate) const PROFILE_KEY: &str = "sqsb.profile.v1";
const PREFIX: &str = "sqsb.";
pub(crate) const DRAFT_PREFIX: &str = "sqsb.draft.";
/// What belongs to one draft besides the draft itself: the materials ticked, the fields the profile prefilled, the
/// 办事日程's event dates and deadline summary (`schedule_key`). Removed with the draft, swept when it is gone.
const PER_DRAFT_PREFIXES: [&str; 3] = ["sqsb.ticks.", "sqsb.prefilled.", "sqsb.schedule."];
/// The service worker's caches of same-origin answers (`www/sw.js`); `sqsb-precache-*` holds only the app's files.
const RUNTIME_CACHE_PREFIX: &str = "sqsb-runtime-";

fn draft_key(id: &str) -> String {
    format!("{DRAFT_PREFIX}{id}")
}

fn ticks_key(id: &str) -> String {
    format!("sqsb.ticks.{id}")
}

/// A draft's 办事日程: the event dates the citizen gave and the deadlines' summary the home reads (`apply/schedule.rs`).
pub fn schedule_key(id: &str) -> String {
    format!("sqsb.schedule.{id}")
}

/// The fields of a draft the profile filled (read by the form, so it can say so).
pub fn prefilled_key(id: &str) -> String {
    format!("sqsb.prefilled.{id}")
}

/// localStorage, or `None` where it is missing or refused (private modes, storage switched off): the app then
/// runs without it instead of failing at start.
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

thread_local! {
    static RETENTION: Cell<Retention> = Cell::new(Retention::default());
}

/// The periods the last [`sweep`] applied (the defaults before one ran): what prefilling and the settings screen
/// count with, so that they agree with what the sweep removes.
pub fn retention() -> Retention {
    RETENTION.with(Cell::get)
}

pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// A new draft id: time and randomness, URL-safe.
pub fn new_id() -> String {
    let random = (js_sys::Math::random() * 1_679_616.0) as u64; // 36^4
    format!("{}{}", radix36(now_ms()), radix36(random))
}

fn radix36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn index() -> Vec<String> {
    LocalStorage::get::<Vec<String>>(INDEX_KEY).unwrap_or_default()
}

fn set_index(ids: &[String]) -> Result<(), String> {
    LocalStorage::set(INDEX_KEY, ids).map_err(|e| e.to_string())
}

/// A chain opened and not yet answered: no draft (not listed, not in the index), only what a reload or a second
/// tab at the same address needs to show it again — the chain, without answers. Removed at the first answer, with
/// the draft, and by [`sweep`] after [`OPENED_DAYS`].
const OPENED_PREFIX: &str = "sqsb.opened.";
const OPENED_DAYS: u32 = 1;

fn opened_key(id: &str) -> String {
    format!("{OPENED_PREFIX}{id}")
}

/// Whether a draft is kept on the device (listed on the home), as opposed to opened and not yet answered.
fn is_stored(id: &str) -> bool {
    storage().and_then(|s| s.get_item(&draft_key(id)).ok().flatten()).is_some()
}

/// Saves a draft. One not yet answered ([`Draft::started`]) and never stored is only an opened chain
/// ([`OPENED_PREFIX`]): a notice opened and left is no draft. An error means storage is full or unavailable, or the draft was submitted
/// (a second tab's autosave, or a migration on the receipt screen, must never bring it back); nothing else was
/// changed.
pub fn save(id: &str, draft: &Draft) -> Result<(), String> {
    if crate::handoff::receipts::exists(id) {
        return Err("这份申请已经提交，草稿不再保存".to_owned());
    }
    let raw = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).ok_or("没有本机存储")?;
    if !draft.started() && !is_stored(id) {
        // Values the profile prefilled are not written: the form prefills them again on opening.
        let bare = Draft { answers: Default::default(), ..draft.clone() };
        return raw.set_item(&opened_key(id), &bare.encode()).map_err(|e| format!("{e:?}"));
    }
    raw.set_item(&draft_key(id), &draft.encode()).map_err(|e| format!("{e:?}"))?;
    let _ = raw.remove_item(&opened_key(id));
    let mut ids = index();
    if !ids.iter().any(|i| i == id) {
        ids.push(id.to_owned());
        set_index(&ids)?;
    }
    Ok(())
}

/// Reads a draft. `None` when missing, expired or unreadable (an unreadable entry is reported in the console
/// and left for the next start's [`sweep`], which removes it; it never breaks other drafts).
pub fn load(id: &str) -> Option<Draft> {
    let s = storage()?;
    let raw = s.get_item(&draft_key(id)).ok().flatten().or_else(|| s.get_item(&opened_key(id)).ok().flatten())?;
    match Draft::decode(&raw) {
        Ok(d) if !expired(d.updated, now_ms(), DRAFT_PERIOD) => Some(d),
        Ok(_) => {
            remove(id);
            None
        }
        Err(e) => {
            crate::log::warn(&format!("draft {id} unreadable: {}", e.message_zh()));
            None
        }
    }
}

/// The draft to continue for a chain instead of starting another (one per chain): the newest unsubmitted one
/// stored. A chain only opened (not answered) is not continued: nothing of it is the citizen's, and two tabs
/// opening one item at once must not end up writing one draft.
pub fn draft_for_chain(spec: &sqsb_core::engine::ChainSpec) -> Option<String> {
    let s = storage()?;
    let drafts: Vec<(String, Draft)> = index()
        .into_iter()
        .filter(|id| !crate::handoff::receipts::exists(id))
        .filter_map(|id| Some((id.clone(), Draft::decode(&s.get_item(&draft_key(&id)).ok()??).ok()?)))
        .filter(|(_, d)| !expired(d.updated, now_ms(), DRAFT_PERIOD))
        .collect();
    sqsb_core::draft::draft_for_chain(drafts.iter().map(|(id, d)| (id.as_str(), d)), spec).map(str::to_owned)
}

/// What 删除草稿 took off the device, held in memory only (never written anywhere) for 撤销: every stored entry of
/// the draft, and its place in the list.
#[derive(Clone, PartialEq)]
pub struct Removed {
    pub id: String,
    entries: Vec<(String, String)>,
    position: usize,
}

/// Removes a draft and what belongs to it, and returns them for [`restore`] (撤销). Dropping the value is the
/// deletion made final: nothing is left on the device.
pub fn take(id: &str) -> Option<Removed> {
    let s = storage()?;
    let keys = std::iter::once(draft_key(id)).chain(PER_DRAFT_PREFIXES.iter().map(|p| format!("{p}{id}")));
    let entries = keys.filter_map(|k| Some((k.clone(), s.get_item(&k).ok()??))).collect();
    let position = index().iter().position(|i| i == id).unwrap_or(usize::MAX);
    remove(id);
    Some(Removed { id: id.to_owned(), entries, position })
}

/// Puts a draft [`take`] removed back as it was, at its place in the list.
pub fn restore(removed: &Removed) -> Result<(), String> {
    let s = storage().ok_or("没有本机存储")?;
    for (k, v) in &removed.entries {
        s.set_item(k, v).map_err(|e| format!("{e:?}"))?;
    }
    let mut ids: Vec<String> = index().into_iter().filter(|i| *i != removed.id).collect();
    ids.insert(removed.position.min(ids.len()), removed.id.clone());
    set_index(&ids)
}

/// Removes a draft and what belongs to it.
pub fn remove(id: &str) {
    LocalStorage::delete(draft_key(id));
    LocalStorage::delete(opened_key(id));
    for prefix in PER_DRAFT_PREFIXES {
        LocalStorage::delete(format!("{prefix}{id}"));
    }
    let ids: Vec<String> = index().into_iter().filter(|i| i != id).collect();
    let _ = set_index(&ids);
}

/// Unfinished drafts, newest first, as summaries (the home screen needs no more); expired ones are removed on the
/// way, unreadable ones are skipped (the next start's [`sweep`] removes them).
pub fn list() -> Vec<(String, DraftSummary)> {
    let raw = LocalStorage::raw();
    let mut out: Vec<(String, DraftSummary)> = index()
        .into_iter()
        .filter_map(|id| {
            let summary = DraftSummary::decode(&raw.get_item(&draft_key(&id)).ok()??).ok()?;
            if expired(summary.updated, now_ms(), DRAFT_PERIOD) {
                remove(&id);
                return None;
            }
            Some((id, summary))
        })
        .collect();
    out.sort_by_key(|(_, d)| std::cmp::Reverse(d.updated));
    out
}

pub fn load_ticks(id: &str) -> Vec<String> {
    read_during_render(&ticks_key(id))
}

/// What a screen reads from localStorage while rendering. Natively (the build-time prerender of the application's
/// first screens) there is no device and nothing stored: the screen as a first visit sees it.
pub fn read_during_render<T: serde::de::DeserializeOwned + Default>(key: &str) -> T {
    if !cfg!(target_arch = "wasm32") {
        return T::default();
    }
    LocalStorage::get::<T>(key).unwrap_or_default()
}

pub fn save_ticks(id: &str, ticks: &[String]) {
    let _ = LocalStorage::set(ticks_key(id), ticks);
}

pub fn load_profile() -> Profile {
    storage()
        .and_then(|s| s.get_item(PROFILE_KEY).ok().flatten())
        .and_then(|raw| Profile::decode(&raw).ok())
        .unwrap_or_default()
}

/// Saves the profile; an empty one is deleted rather than kept as an empty document.
pub fn save_profile(profile: &Profile) -> Result<(), String> {
    let storage = storage().ok_or("没有本机存储")?;
    if profile.values.is_empty() {
        return storage.remove_item(PROFILE_KEY).map_err(|e| format!("{e:?}"));
    }
    storage.set_item(PROFILE_KEY, &profile.encode()).map_err(|e| format!("{e:?}"))
}

/// Forgets one kept profile entry (the settings screen's 删除).
pub fn forget_profile_entry(key: &sqsb_core::dictionary::FieldKey) -> Result<(), String> {
    let mut profile = load_profile();
    profile.forget(key, now_ms());
    save_profile(&profile)
}

/// Every key this module keeps in localStorage.
fn our_keys(storage: &web_sys::Storage) -> Vec<String> {
    let len = storage.length().unwrap_or(0);
    (0..len).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(PREFIX)).collect()
}

/// Whether a stored draft can be opened, and when it was last saved. The full build reads the whole draft; the
/// lean build, which carries no form-engine types, reads what its draft list reads (the full build's next start
/// applies the stricter test).
fn draft_saved_at(raw: &str) -> Option<u64> {
    #[cfg(feature = "full")]
    return Draft::decode(raw).ok().map(|d| d.updated);
    #[cfg(not(feature = "full"))]
    return DraftSummary::decode(raw).ok().map(|d| d.updated);
}

/// Removes what is past its period or cannot be read, at every start (`app.rs`): drafts older than
/// [`DRAFT_DAYS`] or unreadable, with their ticks and prefill notes; chains opened and never answered after
/// [`OPENED_DAYS`]; ticks and prefill notes whose draft is gone;
/// profile entries older than `retention.profile_days` (the profile is rewritten, or deleted when nothing is left),
/// or the whole profile when it cannot be read. The draft index is rewritten to the drafts that remain. An
/// unreadable entry is removed rather than kept for inspection: it may hold personal data nobody can see or delete
/// any more. Receipts and the outbox are not touched here. `retention` is remembered for [`retention`].
pub fn sweep(now: u64, retention: &Retention) {
    RETENTION.with(|r| r.set(*retention));
    let Some(storage) = storage() else { return };
    let keys = our_keys(&storage);
    let remove = |key: &str| {
        let _ = storage.remove_item(key);
    };
    // Drafts. (Plain vectors, not sets: a handful of ids, and no set code in the lean build.)
    let mut kept: Vec<String> = Vec::new();
    for key in &keys {
        let Some(id) = key.strip_prefix(DRAFT_PREFIX) else { continue };
        // Submitted (its receipt exists) but still here: the page died between storing the submission and deleting
        // the draft. The outbox holds what is sent; the draft's personal data has no use left.
        if crate::handoff::receipts::exists(id) {
            remove(key);
            continue;
        }
        let raw = storage.get_item(key).ok().flatten().unwrap_or_default();
        match draft_saved_at(&raw) {
            Some(updated) if !expired(updated, now, DRAFT_PERIOD) => kept.push(id.to_owned()),
            Some(_) => remove(key),
            None => {
                crate::log::warn(&format!("draft {id} unreadable: removed"));
                remove(key);
            }
        }
    }
    // Chains opened and never answered: kept a day (a reload, a second tab), then gone.
    let mut opened: Vec<String> = Vec::new();
    for key in &keys {
        let Some(id) = key.strip_prefix(OPENED_PREFIX) else { continue };
        let raw = storage.get_item(key).ok().flatten().unwrap_or_default();
        match draft_saved_at(&raw) {
            Some(at) if !expired(at, now, OPENED_DAYS) && !kept.iter().any(|k| k == id) => opened.push(id.to_owned()),
            _ => remove(key),
        }
    }
    // What belonged to drafts that are gone.
    for key in &keys {
        let alive = |id: &str| kept.iter().chain(&opened).any(|k| k == id);
        let orphan = PER_DRAFT_PREFIXES.iter().any(|p| key.strip_prefix(p).is_some_and(|id| !alive(id)));
        if orphan {
            remove(key);
        }
    }
    // The index: the drafts that remain, in their order, then any the index lost (so they can be seen and deleted).
    let stored = storage.get_item(INDEX_KEY).ok().flatten();
    let listed: Vec<String> = stored.as_deref().and_then(|raw| serde_json::from_str(raw).ok()).unwrap_or_default();
    let mut ids: Vec<String> = Vec::new();
    for id in listed.iter().chain(&kept) {
        if kept.contains(id) && !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    if ids.is_empty() {
        if stored.is_some() {
            remove(INDEX_KEY);
        }
    } else if ids != listed {
        let _ = set_index(&ids);
    }
    // The profile, entry by entry (as plain JSON: see `Profile::sweep_stored`).
    if let Some(raw) = storage.get_item(PROFILE_KEY).ok().flatten() {
        match Profile::sweep_stored(&raw, now, retention.profile_days) {
            StoredProfile::Keep => {}
            StoredProfile::Rewrite(json) => {
                let _ = storage.set_item(PROFILE_KEY, &json);
            }
            StoredProfile::Remove => remove(PROFILE_KEY),
        }
    }
}

/// Whether a profile is stored, without reading it (the lean build has no profile codec: `screens/settings.rs`).
pub fn profile_stored() -> bool {
    storage().and_then(|s| s.get_item(PROFILE_KEY).ok().flatten()).is_some()
}

/// Removes everything this module keeps on the device: every `sqsb.*` entry in localStorage (drafts, basket,
/// profile, receipts, settings), the object URLs it handed out (downloads), and the service worker's runtime
/// caches, which hold whatever same-origin requests were answered. The app's own files (`sqsb-precache-*`) stay,
/// so the module still opens offline. The caches go asynchronously; where there is no Cache Storage, nothing
/// happens there.
pub fn clear_all() {
    if let Some(storage) = storage() {
        for k in our_keys(&storage) {
            let _ = storage.remove_item(&k);
        }
    }
    crate::object_urls::revoke_all();
    // The submissions this page still holds in memory for the receipt's download go too.
    super::submitted::forget_all();
    wasm_bindgen_futures::spawn_local(async {
        if let Err(e) = delete_runtime_caches().await {
            crate::log::warn_with("runtime caches not deleted", &e);
        }
    });
}

async fn delete_runtime_caches() -> Result<(), wasm_bindgen::JsValue> {
    let Some(window) = web_sys::window() else { return Ok(()) };
    // `caches` is missing outside secure contexts and in some webviews: read it as a property, never assume it.
    let caches = js_sys::Reflect::get(&window, &"caches".into())?;
    let Ok(caches) = caches.dyn_into::<web_sys::CacheStorage>() else { return Ok(()) };
    let names: js_sys::Array = wasm_bindgen_futures::JsFuture::from(caches.keys()).await?.dyn_into()?;
    for name in names.iter().filter_map(|n| n.as_string()) {
        if name.starts_with(RUNTIME_CACHE_PREFIX) {
            wasm_bindgen_futures::JsFuture::from(caches.delete(&name)).await?;
        }
    }
    Ok(())
}
