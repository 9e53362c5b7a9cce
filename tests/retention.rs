//! Retention in a real browser (`wasm-pack test --headless --chrome … -- --test retention`): the start-up sweep
//! removes exactly what is past its period or unreadable, and 清除本机数据 also revokes object URLs and deletes
//! the service worker's runtime caches.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeSet;

use sqsb_core::draft::Profile;
use sqsb_core::retention::{Retention, DAY_MS};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use weihai_sqsb::apply::store;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: u64 = 1_800_000_000_000;

fn storage() -> web_sys::Storage {
    gloo::utils::window().local_storage().ok().flatten().expect("localStorage in the test browser")
}

/// Starts from an empty localStorage.
fn empty_storage() -> web_sys::Storage {
    let s = storage();
    s.clear().expect("clear");
    s
}

fn keys(s: &web_sys::Storage) -> BTreeSet<String> {
    (0..s.length().unwrap_or(0)).filter_map(|i| s.key(i).ok().flatten()).collect()
}

fn get(s: &web_sys::Storage, key: &str) -> Option<String> {
    s.get_item(key).ok().flatten()
}

/// A draft document as the app writes it, last saved at `updated`.
fn draft_json(updated: u64) -> String {
    format!(
        r#"{{"v":1,"cv":"2026-11-26.1","chain":{{"basket":["P003"]}},"items":["P003"],"created":{updated},"updated":{updated}}}"#
    )
}

fn set(s: &web_sys::Storage, key: &str, value: &str) {
    s.set_item(key, value).expect("set item");
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
fn the_sweep_removes_exactly_what_is_expired_unreadable_or_orphaned() {
    let s = empty_storage();
    // Drafts: one past 30 days, one fresh, one not JSON, one of an unknown format.
    set(&s, "sqsb.draft.old", &draft_json(NOW - 30 * DAY_MS - 1));
    set(&s, "sqsb.ticks.old", r#"["m1"]"#);
    set(&s, "sqsb.prefilled.old", r#"["xm@applicant"]"#);
    set(&s, "sqsb.draft.fresh", &draft_json(NOW - DAY_MS));
    set(&s, "sqsb.ticks.fresh", r#"["m2"]"#);
    set(&s, "sqsb.prefilled.fresh", r#"["xm@applicant"]"#);
    set(&s, "sqsb.draft.bad", "{\"v\":1,\"cv\":");
    set(&s, "sqsb.draft.future", r#"{"v":9,"updated":1}"#);
    // Ticks and prefill notes of a draft that no longer exists.
    set(&s, "sqsb.ticks.ghost", r#"["m3"]"#);
    set(&s, "sqsb.prefilled.ghost", "[]");
    // The index lists gone drafts and misses one that exists (written by a save that failed halfway).
    set(&s, "sqsb.draft.unlisted", &draft_json(NOW - 2 * DAY_MS));
    set(&s, "sqsb.drafts.v1", r#"["old","bad","ghost","fresh"]"#);
    // The profile: one entry past 180 days, one kept 10 days ago.
    let profile = format!(
        r#"{{"v":2,"values":{{"sjhm@applicant":{{"value":"13800000000","kept":{}}},"xm@applicant":{{"value":"张三","kept":{}}}}},"updated":{}}}"#,
        NOW - 10 * DAY_MS,
        NOW - 180 * DAY_MS - 1,
        NOW - 10 * DAY_MS
    );
    set(&s, "sqsb.profile.v1", &profile);
    // Not the sweep's: receipts, the outbox, the basket, another app's data.
    set(&s, "sqsb.receipt.old", r#"{"reference":"x","items":[],"time":0}"#);
    set(&s, "sqsb.outbox.v1", "[]");
    set(&s, "sqsb.basket.v1", r#"["P003"]"#);
    set(&s, "other.app", "kept");

    store::sweep(NOW, &Retention::default());

    let expected: BTreeSet<String> = [
        "sqsb.draft.fresh",
        "sqsb.ticks.fresh",
        "sqsb.prefilled.fresh",
        "sqsb.draft.unlisted",
        "sqsb.drafts.v1",
        "sqsb.profile.v1",
        "sqsb.receipt.old",
        "sqsb.outbox.v1",
        "sqsb.basket.v1",
        "other.app",
    ]
    .iter()
    .map(|k| (*k).to_owned())
    .collect();
    assert_eq!(keys(&s), expected);
    assert_eq!(get(&s, "sqsb.drafts.v1").as_deref(), Some(r#"["fresh","unlisted"]"#));
    assert_eq!(get(&s, "sqsb.draft.fresh"), Some(draft_json(NOW - DAY_MS)), "a kept draft is not rewritten");
    let profile = Profile::decode(&get(&s, "sqsb.profile.v1").unwrap_or_default()).expect("profile still readable");
    let kept: Vec<String> = profile.values.keys().map(ToString::to_string).collect();
    assert_eq!(kept, ["sjhm@applicant"]);
    assert_eq!(profile.values.values().next().map(|k| k.value.as_str()), Some("13800000000"));
    assert_eq!(profile.updated, NOW);
    assert_eq!(get(&s, "other.app").as_deref(), Some("kept"));

    // A second sweep at the same time changes nothing.
    let before: Vec<(String, Option<String>)> = keys(&s).into_iter().map(|k| (k.clone(), get(&s, &k))).collect();
    store::sweep(NOW, &Retention::default());
    let after: Vec<(String, Option<String>)> = keys(&s).into_iter().map(|k| (k.clone(), get(&s, &k))).collect();
    assert_eq!(before, after);
}

#[wasm_bindgen_test]
fn a_profile_is_deleted_when_empty_or_unreadable_and_migrated_when_old() {
    let s = empty_storage();
    let short = Retention { profile_days: 7, receipt_days: 90 };
    // Every entry past the period: the key goes.
    set(
        &s,
        "sqsb.profile.v1",
        &format!(r#"{{"v":2,"values":{{"xm@applicant":{{"value":"张三","kept":{}}}}},"updated":0}}"#, NOW - 8 * DAY_MS),
    );
    store::sweep(NOW, &short);
    assert_eq!(get(&s, "sqsb.profile.v1"), None);
    assert_eq!(store::retention(), short, "the periods applied are what the screens count with");
    // Unreadable: the key goes.
    set(&s, "sqsb.profile.v1", "{\"v\":2,\"values\":{\"not a key\":1}}");
    store::sweep(NOW, &short);
    assert_eq!(get(&s, "sqsb.profile.v1"), None);
    // Format 1: rewritten in the current format, entries stamped with its time.
    set(&s, "sqsb.profile.v1", &format!(r#"{{"v":1,"values":{{"xm@applicant":"张三"}},"updated":{}}}"#, NOW - DAY_MS));
    store::sweep(NOW, &short);
    let stored = get(&s, "sqsb.profile.v1").unwrap_or_default();
    assert!(stored.starts_with("{\"v\":2,"), "{stored}");
    let profile = Profile::decode(&stored).expect("readable");
    assert_eq!(profile.values.values().map(|k| k.kept).collect::<Vec<_>>(), [NOW - DAY_MS]);
    assert_eq!(store::load_profile(), profile);
    // Forgetting the last entry deletes the key.
    let key = profile.values.keys().next().cloned().expect("one entry");
    store::forget_profile_entry(&key).expect("storage works");
    assert_eq!(get(&s, "sqsb.profile.v1"), None);
    store::sweep(NOW, &Retention::default());
}

async fn cache_names() -> BTreeSet<String> {
    let caches = gloo::utils::window().caches().expect("Cache Storage in the test page");
    let names = JsFuture::from(caches.keys()).await.expect("keys");
    let names: js_sys::Array = names.dyn_into().expect("array");
    names.iter().filter_map(|n| n.as_string()).collect()
}

#[wasm_bindgen_test]
async fn clearing_removes_storage_object_urls_and_runtime_caches() {
    let s = empty_storage();
    set(&s, "sqsb.profile.v1", r#"{"v":2,"values":{},"updated":0}"#);
    set(&s, "sqsb.draft.a", &draft_json(NOW));
    set(&s, "other.app", "kept");
    let caches = gloo::utils::window().caches().expect("Cache Storage in the test page");
    for name in ["sqsb-runtime-test1", "sqsb-runtime-test2", "sqsb-precache-test", "someone-else"] {
        JsFuture::from(caches.open(name)).await.expect("open cache");
    }
    let parts = js_sys::Array::of1(&"{\"personal\":true}".into());
    let blob = web_sys::Blob::new_with_str_sequence(&parts).expect("blob");
    let url = weihai_sqsb::object_urls::create(&blob).expect("object URL");
    let readable = JsFuture::from(gloo::utils::window().fetch_with_str(&url)).await;
    assert!(readable.is_ok(), "the URL works before clearing");
    assert_eq!(weihai_sqsb::object_urls::live(), 1);

    store::clear_all();

    assert_eq!(keys(&s), BTreeSet::from(["other.app".to_owned()]));
    assert_eq!(weihai_sqsb::object_urls::live(), 0);
    let revoked = JsFuture::from(gloo::utils::window().fetch_with_str(&url)).await;
    assert!(revoked.is_err(), "a revoked object URL gives nothing");
    // The caches go asynchronously.
    let mut names = cache_names().await;
    for _ in 0..50 {
        if !names.iter().any(|n| n.starts_with("sqsb-runtime-")) {
            break;
        }
        sleep(20).await;
        names = cache_names().await;
    }
    assert_eq!(names, BTreeSet::from(["sqsb-precache-test".to_owned(), "someone-else".to_owned()]));
    for name in names {
        JsFuture::from(caches.delete(&name)).await.expect("tidy up");
    }
}
