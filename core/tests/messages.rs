//! The host message schema v1: what goes out, and exactly which messages come in.

use proptest::prelude::*;
use serde_json::{json, Value};
use sqsb_core::messages::{rating, submission, Inbound};

fn parse(v: Value) -> Result<Inbound, String> {
    Inbound::parse(&v)
}

#[test]
fn outbound_messages_carry_type_and_version() {
    let s = submission("SQ123", &[]);
    assert_eq!(s, json!({ "type": "sqsb.submit", "v": 1, "reference": "SQ123", "applications": [] }));
    let r = rating("P003", 5, "很方便");
    assert_eq!(r, json!({ "type": "sqsb.rate", "v": 1, "subject": "P003", "level": 5, "comment": "很方便" }));
}

#[test]
fn the_two_inbound_messages_are_read() {
    assert_eq!(
        parse(json!({ "type": "sqsb.navigate", "v": 1, "route": "#/item/E001" })),
        Ok(Inbound::Navigate { route: "#/item/E001".into() })
    );
    assert_eq!(
        parse(json!({ "type": "sqsb.config", "v": 1, "elder": true, "lang": "en" })),
        Ok(Inbound::Config { elder: Some(true), lang: Some("en".into()) })
    );
    // Either setting may be left out, or null.
    assert_eq!(
        parse(json!({ "type": "sqsb.config", "v": 1, "elder": null })),
        Ok(Inbound::Config { elder: None, lang: None })
    );
    assert_eq!(
        parse(json!({ "type": "sqsb.config", "v": 1, "lang": "zh" })),
        Ok(Inbound::Config { elder: None, lang: Some("zh".into()) })
    );
}

#[test]
fn everything_off_the_schema_is_refused_with_a_reason() {
    let cases = [
        (json!("sqsb.navigate"), "not an object"),
        (json!(null), "not an object"),
        (json!({ "v": 1, "route": "#/" }), "no type"),
        (json!({ "type": 3, "v": 1 }), "no type"),
        (json!({ "type": "sqsb.submit", "v": 1 }), "unknown type"),
        (json!({ "type": "sqsb.navigate", "v": 1, "route": "#/", "extra": 1 }), "unknown field \"extra\""),
        (json!({ "type": "sqsb.config", "v": 1, "route": "#/" }), "unknown field \"route\""),
        (json!({ "type": "sqsb.navigate", "route": "#/" }), "version"),
        (json!({ "type": "sqsb.navigate", "v": 2, "route": "#/" }), "version"),
        (json!({ "type": "sqsb.navigate", "v": "1", "route": "#/" }), "version"),
        (json!({ "type": "sqsb.navigate", "v": 1 }), "in-app route"),
        (json!({ "type": "sqsb.navigate", "v": 1, "route": "https://evil.example/" }), "in-app route"),
        (json!({ "type": "sqsb.navigate", "v": 1, "route": "javascript:alert(1)" }), "in-app route"),
        (json!({ "type": "sqsb.navigate", "v": 1, "route": 7 }), "route must be a string"),
        (json!({ "type": "sqsb.config", "v": 1, "elder": "yes" }), "elder must be true or false"),
        (json!({ "type": "sqsb.config", "v": 1, "lang": "fr" }), "lang must be"),
        (json!({ "type": "sqsb.config", "v": 1, "lang": ["en"] }), "lang must be a string"),
    ];
    for (message, reason) in cases {
        let refused = parse(message.clone()).expect_err(&message.to_string());
        assert!(refused.contains(reason), "{message}: {refused}");
    }
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        prop_oneof![Just("sqsb.navigate".to_owned()), Just("sqsb.config".to_owned()), Just("#/".to_owned()), ".{0,8}"]
            .prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("type".to_owned()),
                    Just("v".to_owned()),
                    Just("route".to_owned()),
                    Just("elder".to_owned()),
                    Just("lang".to_owned()),
                    "[a-z]{1,5}"
                ],
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever a page posts, reading it never panics, and what is accepted is exactly in the schema.
    #[test]
    fn any_json_is_read_or_refused_never_panics(value in arbitrary_json()) {
        if let Ok(message) = Inbound::parse(&value) {
            prop_assert_eq!(value.get("v").and_then(Value::as_u64), Some(1));
            match message {
                Inbound::Navigate { route } => prop_assert!(route.starts_with("#/")),
                Inbound::Config { lang, .. } => prop_assert!(lang.is_none_or(|l| l == "zh" || l == "en")),
                Inbound::Ack { reference, message, .. } => {
                    prop_assert!(sqsb_core::messages::is_reference(&reference));
                    prop_assert!(message.is_none_or(|m| m.chars().count() <= 200));
                }
            }
        }
    }
}
