//! Drafts on this device (localStorage): one entry per draft plus an index, so a corrupted entry loses only
//! itself. Drafts expire after [`DRAFT_DAYS`] days and are wiped after submission. Storage failures are
//! reported to the caller (the UI says so) and never touch other drafts.

use gloo::storage::{LocalStorage, Storage};
use sqsb_core::draft::{Draft, DraftSummary, Profile};

/// How long an unfinished draft is kept.
pub const DRAFT_DAYS: u64 = 30;
const DAY_MS: u64 = 24 * 60 * 60 * 1000;
const INDEX_KEY: &str = "sqsb.drafts.v1";
const PROFILE_KEY: &str = "sqsb.profile.v1";
const PREFIX: &str = "sqsb.";

fn draft_key(id: &str) -> String {
    format!("sqsb.draft.{id}")
}

fn ticks_key(id: &str) -> String {
    format!("sqsb.ticks.{id}")
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

/// Saves a draft. An error means storage is full or unavailable, or the draft was submitted (a second tab's
/// autosave, or a migration on the receipt screen, must never bring it back); nothing else was changed.
pub fn save(id: &str, draft: &Draft) -> Result<(), String> {
    if crate::handoff::receipts::exists(id) {
        return Err("这份申请已经提交，草稿不再保存".to_owned());
    }
    let raw = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).ok_or("没有本机存储")?;
    raw.set_item(&draft_key(id), &draft.encode()).map_err(|e| format!("{e:?}"))?;
    let mut ids = index();
    if !ids.iter().any(|i| i == id) {
        ids.push(id.to_owned());
        set_index(&ids)?;
    }
    Ok(())
}

/// Reads a draft. `None` when missing, expired or unreadable (an unreadable entry is reported in the console
/// and left alone, so it can be inspected; it never breaks other drafts).
pub fn load(id: &str) -> Option<Draft> {
    let raw = web_sys::window()?.local_storage().ok()??.get_item(&draft_key(id)).ok()??;
    match Draft::decode(&raw) {
        Ok(d) if now_ms().saturating_sub(d.updated) <= DRAFT_DAYS * DAY_MS => Some(d),
        Ok(_) => {
            remove(id);
            None
        }
        Err(e) => {
            web_sys::console::warn_1(&format!("draft {id} unreadable: {}", e.message_zh()).into());
            None
        }
    }
}

pub fn remove(id: &str) {
    LocalStorage::delete(draft_key(id));
    LocalStorage::delete(ticks_key(id));
    let ids: Vec<String> = index().into_iter().filter(|i| i != id).collect();
    let _ = set_index(&ids);
}

/// Unfinished drafts, newest first, as summaries (the home screen needs no more); expired ones are removed on the
/// way, unreadable ones are left alone (see [`load`]).
pub fn list() -> Vec<(String, DraftSummary)> {
    let raw = LocalStorage::raw();
    let mut out: Vec<(String, DraftSummary)> = index()
        .into_iter()
        .filter_map(|id| {
            let summary = DraftSummary::decode(&raw.get_item(&draft_key(&id)).ok()??).ok()?;
            if now_ms().saturating_sub(summary.updated) > DRAFT_DAYS * DAY_MS {
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
    LocalStorage::get::<Vec<String>>(ticks_key(id)).unwrap_or_default()
}

pub fn save_ticks(id: &str, ticks: &[String]) {
    let _ = LocalStorage::set(ticks_key(id), ticks);
}

pub fn load_profile() -> Profile {
    LocalStorage::raw()
        .get_item(PROFILE_KEY)
        .ok()
        .flatten()
        .and_then(|raw| Profile::decode(&raw).ok())
        .unwrap_or_default()
}

pub fn save_profile(profile: &Profile) -> Result<(), String> {
    LocalStorage::raw().set_item(PROFILE_KEY, &profile.encode()).map_err(|e| format!("{e:?}"))
}

/// Removes everything this module keeps on the device (drafts, basket, profile, settings).
pub fn clear_all() {
    let storage = LocalStorage::raw();
    let len = storage.length().unwrap_or(0);
    let keys: Vec<String> =
        (0..len).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(PREFIX)).collect();
    for k in keys {
        let _ = storage.remove_item(&k);
    }
}
