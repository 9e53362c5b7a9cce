//! The hand-off's rules, natively: the deployment file decides who may receive applications; the outbox keeps a
//! submission until its own host acknowledges it; acknowledgements and other inbound messages are read strictly.

use proptest::prelude::*;
use serde_json::json;
use sqsb_core::deployment::{exact_origin, is_identifier, Deployment};
use sqsb_core::messages::{is_reference, submission, Inbound, MAX_INBOUND_BYTES};
use sqsb_core::outbox::{backoff_ms, AckEffect, Entry, Outbox, FIRST_BACKOFF_MS, MAX_BACKOFF_MS};
use sqsb_core::receipt::{Receipt, Status};
use sqsb_core::retention::{Retention, DAY_MS};

const EXAMPLE: &str = include_str!("../../www/sqsb.config.example.json");

#[test]
fn the_documented_example_deployment_reads() {
    let d = Deployment::parse(EXAMPLE).expect("the example in www/ must be valid");
    assert_eq!(d.hosts, ["https://app.example.gov.cn", "https://portal.example.gov.cn"]);
    assert_eq!(d.bridges.android.as_deref(), Some("SqsbAndroid"));
    assert_eq!(d.bridges.ios.as_deref(), Some("sqsb"));
    assert_eq!(d.retention, Retention { profile_days: 180, receipt_days: 90 });
    assert_eq!(d.frame_ancestors(), "frame-ancestors 'self' https://app.example.gov.cn https://portal.example.gov.cn");
}

#[test]
fn a_minimal_deployment_has_no_host_and_default_retention() {
    let d = Deployment::parse(r#"{ "version": 1 }"#).unwrap();
    assert!(d.hosts.is_empty());
    assert_eq!(d.bridges.android, None);
    assert_eq!(d.retention, Retention::default());
    assert_eq!(d.frame_ancestors(), "frame-ancestors 'self'");
}

#[test]
fn a_deployment_with_a_mistake_is_refused_whole() {
    let cases = [
        (r#"{ "version": 2 }"#, "version"),
        (r#"{ }"#, "version"),
        (r#"{ "version": 1, "hosts": ["*"] }"#, "exact origin"),
        (r#"{ "version": 1, "hosts": ["https://app.example.gov.cn/path"] }"#, "exact origin"),
        (r#"{ "version": 1, "hosts": ["https://APP.example.gov.cn"] }"#, "exact origin"),
        (r#"{ "version": 1, "hosts": ["https://app.example.gov.cn:443"] }"#, "exact origin"),
        (r#"{ "version": 1, "hosts": ["app.example.gov.cn"] }"#, "exact origin"),
        (r#"{ "version": 1, "hosts": ["javascript:alert(1)"] }"#, "exact origin"),
        (r#"{ "version": 1, "host": ["https://a.example"] }"#, "unknown field"),
        (r#"{ "version": 1, "hosts": "https://a.example" }"#, "must be a list"),
        (r#"{ "version": 1, "hosts": [1] }"#, "must hold strings"),
        (r#"{ "version": 1, "bridges": { "android": "Sqsb.Android" } }"#, "identifier"),
        (r#"{ "version": 1, "bridges": { "windows": "x" } }"#, "unknown field"),
        (r#"{ "version": 1, "catalogs": ["http://evil.example/c.json"] }"#, "catalogs"),
        (r#"{ "version": 1, "catalogs": ["//evil.example/c.json"] }"#, "catalogs"),
        (r#"{ "version": 1, "retention": { "profileDays": 0 } }"#, "retention"),
        (r#"{ "version": 1, "retention": { "receiptDays": 100000 } }"#, "retention"),
        (r#"{ "version": 1, "retention": { "days": 3 } }"#, "unknown field"),
        (r#"{ "version": 1, "retention": { "profileDays": -3 } }"#, "whole number"),
        ("not json", "not JSON"),
    ];
    for (json, why) in cases {
        let error = Deployment::parse(json).expect_err(json);
        assert!(error.contains(why), "{json}: {error}");
    }
    let huge = format!(r#"{{ "version": 1, "catalogs": ["/{}"] }}"#, "a".repeat(20_000));
    assert!(Deployment::parse(&huge).unwrap_err().contains("larger than"));
}

#[test]
fn a_link_may_only_choose_among_the_deployments_hosts() {
    let d = Deployment::parse(r#"{ "version": 1, "hosts": ["https://a.example.gov.cn", "https://b.example.gov.cn"] }"#)
        .unwrap();
    assert_eq!(d.choose_hosts(&[]).0, d.hosts, "no ?host=: every listed host");
    let (chosen, refused) = d.choose_hosts(&["https://b.example.gov.cn/".into(), "https://evil.example".into()]);
    assert_eq!(chosen, ["https://b.example.gov.cn"]);
    assert_eq!(refused, ["https://evil.example"]);
    let (chosen, _) = d.choose_hosts(&["https://evil.example".into()]);
    assert!(chosen.is_empty(), "a link naming only an unlisted site gets no host at all");
    let none = Deployment::parse(r#"{ "version": 1 }"#).unwrap();
    assert!(none.choose_hosts(&["https://evil.example".into()]).0.is_empty());
    assert!(d.may_frame("https://sqsb.example.gov.cn", "https://a.example.gov.cn"));
    assert!(d.may_frame("https://sqsb.example.gov.cn", "https://sqsb.example.gov.cn"));
    assert!(!d.may_frame("https://sqsb.example.gov.cn", "https://evil.example"));
}

#[test]
fn origins_are_written_as_browsers_write_them() {
    assert_eq!(exact_origin("https://a.example.gov.cn").as_deref(), Some("https://a.example.gov.cn"));
    assert_eq!(exact_origin("HTTPS://A.Example.gov.cn/").as_deref(), Some("https://a.example.gov.cn"));
    assert_eq!(exact_origin("https://a.example:443").as_deref(), Some("https://a.example"));
    assert_eq!(exact_origin("http://127.0.0.1:8080").as_deref(), Some("http://127.0.0.1:8080"));
    assert_eq!(exact_origin("http://[::1]:8080").as_deref(), Some("http://[::1]:8080"));
    for bad in [
        "*",
        "https://",
        "https://a.example/x",
        "https://a.example?x",
        "https://u@a.example",
        "ftp://a.example",
        "https://a.example:0",
        "https://a.example:99999",
        "https://a.example:",
        "https://-a.example",
        "https://a..b",
        "https://a.example:80:80",
        "http://::1",
        "https://a_b.example",
        "https://a.example#x",
    ] {
        assert_eq!(exact_origin(bad), None, "{bad}");
    }
    assert!(is_identifier("SqsbAndroid") && is_identifier("$sqsb_2"));
    assert!(!is_identifier("2sqsb") && !is_identifier("a.b") && !is_identifier("") && !is_identifier("a-b"));
}

#[test]
fn acknowledgements_are_read_strictly() {
    let ack = |v: serde_json::Value| Inbound::parse(&v);
    assert_eq!(
        ack(json!({ "type": "sqsb.ack", "v": 1, "reference": "SQ12AB", "accepted": true })),
        Ok(Inbound::Ack { reference: "SQ12AB".into(), accepted: true, message: None })
    );
    assert_eq!(
        ack(json!({ "type": "sqsb.ack", "v": 1, "reference": "SQ12AB", "accepted": false, "message": "请先登录" })),
        Ok(Inbound::Ack { reference: "SQ12AB".into(), accepted: false, message: Some("请先登录".into()) })
    );
    for bad in [
        json!({ "type": "sqsb.ack", "v": 1, "reference": "SQ12AB" }),
        json!({ "type": "sqsb.ack", "v": 1, "reference": "SQ12AB", "accepted": "yes" }),
        json!({ "type": "sqsb.ack", "v": 1, "reference": "sq12ab", "accepted": true }),
        json!({ "type": "sqsb.ack", "v": 1, "reference": "SQ", "accepted": true }),
        json!({ "type": "sqsb.ack", "v": 1, "reference": 12, "accepted": true }),
        json!({ "type": "sqsb.ack", "v": 2, "reference": "SQ1", "accepted": true }),
        json!({ "type": "sqsb.ack", "v": 1, "reference": "SQ1", "accepted": true, "extra": 1 }),
        json!({ "type": "sqsb.ack", "v": 1, "reference": "SQ1", "accepted": false, "message": "长".repeat(201) }),
    ] {
        assert!(ack(bad.clone()).is_err(), "{bad}");
    }
    let oversized = format!(
        r#"{{"type":"sqsb.ack","v":1,"reference":"SQ1","accepted":true,"pad":"{}"}}"#,
        "x".repeat(MAX_INBOUND_BYTES)
    );
    assert!(Inbound::parse_text(&oversized).unwrap_err().contains("longer than"));
    assert!(Inbound::parse_text("{not json").is_err());
    assert_eq!(
        Inbound::parse_text(r#"{"type":"sqsb.ack","v":1,"reference":"SQ9","accepted":true}"#),
        Ok(Inbound::Ack { reference: "SQ9".into(), accepted: true, message: None })
    );
}

fn entry(reference: &str, target: &str, queued_at: u64) -> Entry {
    Entry {
        reference: reference.into(),
        target: target.into(),
        message: submission(reference, &[]),
        queued_at,
        attempts: 0,
        next_at: 0,
        refused: None,
    }
}

#[test]
fn an_entry_goes_only_to_its_own_target_and_leaves_only_on_acknowledgement() {
    let mut outbox = Outbox::default();
    outbox.add(entry("SQ1", "window:https://a.example", 10));
    outbox.add(entry("SQ2", "android:SqsbAndroid", 20));
    outbox.add(entry("SQ1", "window:https://evil.example", 30));
    assert_eq!(outbox.entries.len(), 2, "a reference is queued once, for its first target");
    assert_eq!(outbox.due("window:https://a.example", 0), ["SQ1"]);
    assert!(outbox.due("window:https://evil.example", 0).is_empty());

    // Tried, no answer: still there, waiting for the backoff.
    outbox.attempted("SQ1", 1_000);
    assert!(outbox.due("window:https://a.example", 1_000 + FIRST_BACKOFF_MS - 1).is_empty());
    assert_eq!(outbox.due("window:https://a.example", 1_000 + FIRST_BACKOFF_MS), ["SQ1"]);
    assert_eq!(outbox.next_due("window:https://a.example", 1_000), Some(1_000 + FIRST_BACKOFF_MS));

    // Refused: kept with the host's words, not retried until sent again.
    assert_eq!(outbox.acknowledge("SQ1", false, Some("请先登录")), AckEffect::Refused("请先登录".into()));
    assert!(outbox.due("window:https://a.example", u64::MAX).is_empty());
    assert_eq!(outbox.get("SQ1").and_then(|e| e.refused.clone()).as_deref(), Some("请先登录"));
    assert!(outbox.send_again("SQ1"));
    assert_eq!(outbox.due("window:https://a.example", 0), ["SQ1"]);

    // Accepted: gone; a second acknowledgement changes nothing.
    assert_eq!(outbox.acknowledge("SQ1", true, None), AckEffect::Delivered);
    assert_eq!(outbox.acknowledge("SQ1", true, None), AckEffect::Unknown);
    assert_eq!(outbox.entries.len(), 1);
}

#[test]
fn a_clock_moved_back_does_not_hold_an_entry_back() {
    // Tried while the phone's clock was a year ahead; the clock is then corrected. The stored next try, a year
    // away by the corrected clock, is further than any backoff: the entry is due now, and a timer waits no longer
    // than the longest backoff (before, it waited a year — or, past a timer's range, fired at once in a loop).
    const YEAR_MS: u64 = 365 * 24 * 60 * 60 * 1000;
    let (target, now) = ("window:https://a.example", 1_750_000_000_000);
    let mut outbox = Outbox::default();
    outbox.add(entry("SQ1", target, now));
    outbox.attempted("SQ1", now + YEAR_MS);
    assert_eq!(outbox.due(target, now), ["SQ1"]);
    assert_eq!(outbox.next_due(target, now), Some(now));
    // Tried again at the right time: the ordinary backoff from then.
    outbox.attempted("SQ1", now);
    assert!(outbox.due(target, now).is_empty());
    assert_eq!(outbox.next_due(target, now), Some(now + backoff_ms(2)));
    // A next try within the longest backoff is never brought forward.
    let mut waiting = Outbox::default();
    waiting.add(entry("SQ2", target, now));
    waiting.attempted("SQ2", now + MAX_BACKOFF_MS - backoff_ms(1));
    assert!(waiting.due(target, now).is_empty());
    assert_eq!(waiting.next_due(target, now), Some(now + MAX_BACKOFF_MS));
}

#[test]
fn backoff_doubles_up_to_ten_minutes() {
    assert_eq!(backoff_ms(1), FIRST_BACKOFF_MS);
    assert_eq!(backoff_ms(2), 2 * FIRST_BACKOFF_MS);
    assert_eq!(backoff_ms(3), 4 * FIRST_BACKOFF_MS);
    assert_eq!(backoff_ms(8), MAX_BACKOFF_MS);
    assert_eq!(backoff_ms(u32::MAX), MAX_BACKOFF_MS);
}

#[test]
fn damaged_outbox_entries_are_dropped_and_counted() {
    let good = entry("SQ7", "callback:portal", 1).to_value();
    let json = json!([good, { "reference": "SQ8" }, 42, { "reference": "x", "target": "t", "message": null,
        "queued_at": 1 }])
    .to_string();
    let (outbox, dropped) = Outbox::decode(&json);
    assert_eq!(outbox.entries.iter().map(|e| e.reference.as_str()).collect::<Vec<_>>(), ["SQ7"]);
    assert_eq!(dropped, 3);
    assert_eq!(Outbox::decode("garbage").1, 1);
    assert_eq!(Outbox::decode("").1, 0);
    assert_eq!(Outbox::decode(&outbox.encode()).0, outbox);
}

#[test]
fn waiting_submissions_and_receipts_expire() {
    let mut outbox = Outbox::default();
    outbox.add(entry("SQ1", "t", 0));
    outbox.add(entry("SQ2", "t", 50 * DAY_MS));
    assert_eq!(outbox.expire(90 * DAY_MS, 90), Vec::<String>::new());
    assert_eq!(outbox.expire(90 * DAY_MS + 1, 90), ["SQ1"]);
    assert_eq!(outbox.entries.len(), 1);

    let receipt = Receipt {
        reference: "SQ3".into(),
        items: vec![("P003".into(), "出生登记".into())],
        time: 0,
        status: Status::Waiting,
    };
    assert!(!receipt.expired(90 * DAY_MS, 90));
    assert!(receipt.expired(90 * DAY_MS + 1, 90));
    assert_eq!(Receipt::decode(&receipt.encode()), Some(receipt.clone()));
    for status in [Status::Delivered { at: 5 }, Status::Refused { message: "请先登录".into() }, Status::NotSent] {
        let r = Receipt { status, ..receipt.clone() };
        assert_eq!(Receipt::decode(&r.encode()), Some(r));
    }
    assert_eq!(Receipt::decode(r#"{"reference":"evil","items":[],"time":0}"#), None);
    assert_eq!(Receipt::decode("[]"), None);
    // A receipt of the earlier format (no status) reads as not sent.
    assert_eq!(Receipt::decode(r#"{"reference":"SQ4","items":[],"time":1}"#).map(|r| r.status), Some(Status::NotSent));
}

proptest! {
    /// Whatever arrives — any text — is either refused or read into one of the known messages, never a panic; an
    /// acknowledgement read from it names a reference this module could have handed out.
    #[test]
    fn any_inbound_text_is_refused_or_known(text in ".{0,300}") {
        if let Ok(Inbound::Ack { reference, .. }) = Inbound::parse_text(&text) {
            prop_assert!(is_reference(&reference));
        }
    }

    /// Any sequence of tries and answers: an entry is never delivered to another target, and it leaves the outbox
    /// only through an acceptance.
    #[test]
    fn entries_leave_only_by_acceptance(ops in prop::collection::vec((0u8..4, 0usize..3, any::<bool>()), 0..40)) {
        let refs = ["SQ1", "SQ2", "SQ3"];
        let mut outbox = Outbox::default();
        for (i, r) in refs.iter().enumerate() {
            outbox.add(entry(r, if i == 2 { "ios:other" } else { "window:https://a.example" }, i as u64));
        }
        let mut accepted = std::collections::BTreeSet::new();
        let mut now = 0u64;
        for (op, which, flag) in ops {
            let r = refs[which];
            now += 1_000;
            match op {
                0 => {
                    for due in outbox.due("window:https://a.example", now) {
                        prop_assert_ne!(due.as_str(), "SQ3");
                        outbox.attempted(&due, now);
                    }
                }
                1 => {
                    if outbox.acknowledge(r, flag, Some("x")) == AckEffect::Delivered {
                        accepted.insert(r);
                    }
                }
                2 => { outbox.send_again(r); }
                _ => now += MAX_BACKOFF_MS,
            }
            for r in refs {
                prop_assert_eq!(outbox.get(r).is_none(), accepted.contains(r));
            }
        }
    }

    /// A deployment never lets a link add a host it does not list.
    #[test]
    fn chosen_hosts_are_always_listed(requested in prop::collection::vec("[a-z:/.0-9*]{0,30}", 0..5)) {
        let d = Deployment::parse(r#"{ "version": 1, "hosts": ["https://a.example.gov.cn"] }"#).unwrap();
        let (chosen, _) = d.choose_hosts(&requested);
        prop_assert!(chosen.iter().all(|h| d.hosts.contains(h)));
    }
}
