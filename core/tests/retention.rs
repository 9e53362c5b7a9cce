//! Retention periods: the deployment file's shape, the bounds, the expiry rule, and naming kept fields.

use sqsb_core::dictionary::{Dictionary, FieldKey};
use sqsb_core::exchange::field_names;
use sqsb_core::retention::{expired, kept_until, Retention, DAY_MS};

/// The longest period `Retention::check` accepts.
const MAX_DAYS: u32 = 3650;

#[test]
fn the_defaults_are_180_and_90_days() {
    assert_eq!(Retention::default(), Retention { profile_days: 180, receipt_days: 90 });
    assert_eq!(Retention::default().check(), Ok(()));
    assert_eq!(DAY_MS, 86_400_000);
}

#[test]
fn a_deployment_file_names_the_periods_in_camel_case() {
    let r: Retention = serde_json::from_str(r#"{ "profileDays": 30, "receiptDays": 7 }"#).unwrap();
    assert_eq!(r, Retention { profile_days: 30, receipt_days: 7 });
    assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"profileDays":30,"receiptDays":7}"#);
    // A missing period takes its default.
    let r: Retention = serde_json::from_str(r#"{ "receiptDays": 7 }"#).unwrap();
    assert_eq!(r, Retention { profile_days: 180, receipt_days: 7 });
    let r: Retention = serde_json::from_str("{}").unwrap();
    assert_eq!(r, Retention::default());
    // A misspelt key is an error, not a silent default.
    assert!(serde_json::from_str::<Retention>(r#"{ "profile_days": 30 }"#).is_err());
    assert!(serde_json::from_str::<Retention>(r#"{ "profileDays": -1 }"#).is_err());
    assert!(serde_json::from_str::<Retention>(r#"{ "profileDays": "30" }"#).is_err());
}

#[test]
fn periods_are_between_one_day_and_ten_years() {
    let ok = |p, r| Retention { profile_days: p, receipt_days: r }.check();
    assert_eq!(ok(1, 1), Ok(()));
    assert_eq!(ok(MAX_DAYS, MAX_DAYS), Ok(()));
    let zero = ok(0, 90).unwrap_err();
    assert!(zero.contains("profileDays"), "{zero}");
    let long = ok(180, MAX_DAYS + 1).unwrap_err();
    assert!(long.contains("receiptDays"), "{long}");
}

#[test]
fn expiry_is_after_exactly_the_period() {
    let t = 1_750_000_000_000;
    assert!(!expired(t, t, 1));
    assert!(!expired(t, t + DAY_MS, 1), "the whole last day is kept");
    assert!(expired(t, t + DAY_MS + 1, 1));
    assert!(!expired(t + 5 * DAY_MS, t, 1), "a stamp in the future is not expired");
    assert!(expired(0, u64::MAX, MAX_DAYS));
    assert!(!expired(u64::MAX, u64::MAX, 1));
    assert_eq!(kept_until(t, 2), t + 2 * DAY_MS);
    assert!(!expired(t, kept_until(t, 2), 2) && expired(t, kept_until(t, 2) + 1, 2));
    assert_eq!(kept_until(u64::MAX, 1), u64::MAX, "saturates");
}

#[test]
fn kept_fields_are_named_as_forms_name_them() {
    let json = serde_json::to_string(&Dictionary::bundled().unwrap().to_exchange()).unwrap();
    let keys: Vec<FieldKey> = ["xm@applicant", "qymc@enterprise", "xm@nosuchrole", "nosuch@applicant"]
        .iter()
        .map(|k| FieldKey::parse(k).unwrap())
        .collect();
    let names = field_names(&json, &keys);
    assert_eq!(names.get(&keys[0]).map(String::as_str), Some("姓名（申请人）"));
    assert_eq!(names.get(&keys[1]).map(String::as_str), Some("企业名称（企业）"));
    assert_eq!(names.len(), 2, "unknown elements and roles get no name: {names:?}");
    assert!(field_names("not json", &keys).is_empty());
    assert!(field_names(r#"{"roles":1}"#, &keys).is_empty());
}
