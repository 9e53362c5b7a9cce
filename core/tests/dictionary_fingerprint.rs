//! The app reads the downloaded `dictionary.json` without its cross-reference check only when the text is exactly
//! the file the build checked (`Dictionary::from_exchange_built` with the fingerprint `export-data` printed): any
//! other text is checked, and a broken one refused.

use proptest::prelude::*;
use sqsb_core::dictionary::Dictionary;
use sqsb_core::exchange::{DictionaryDoc, Fingerprint};

/// The text `export-data` writes for the bundled dictionary.
fn exported() -> String {
    let dict = Dictionary::bundled().expect("bundled dictionary");
    serde_json::to_string(&dict.to_exchange()).expect("serialises")
}

/// The exported text with one option list's second code made equal to its first (a duplicate code the check
/// refuses), chosen where both codes have the same length, so the broken file is exactly as long as the good one.
fn broken_same_length(good: &str) -> String {
    let mut doc: DictionaryDoc = serde_json::from_str(good).expect("exported dictionary parses");
    let list = doc
        .option_lists
        .iter_mut()
        .find(|l| l.options.len() >= 2 && l.options[0].code.len() == l.options[1].code.len())
        .expect("an option list whose first two codes have the same length");
    list.options[1].code = list.options[0].code.clone();
    let broken = serde_json::to_string(&doc).expect("serialises");
    assert_eq!(broken.len(), good.len(), "the broken file keeps the good one's length");
    broken
}

/// `text` with the byte at `at` replaced by another ASCII letter (the file is JSON: a letter inside a label or a
/// key keeps it JSON of the same length).
fn one_byte_changed(text: &str, at: usize) -> String {
    let mut bytes = text.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'a' { b'b' } else { b'a' };
    String::from_utf8(bytes).expect("ASCII for ASCII keeps UTF-8")
}

#[test]
fn the_built_file_reads_the_same_with_or_without_its_check() {
    let good = exported();
    let checked = Dictionary::from_exchange(&good).expect("the exported dictionary is valid");
    let trusted = Dictionary::from_exchange_built(&good, Some(Fingerprint::of(&good))).expect("reads");
    assert_eq!(trusted.to_exchange(), checked.to_exchange());
    assert_eq!(trusted.version, checked.version);
}

#[test]
fn the_check_is_skipped_only_for_the_fingerprint_the_build_recorded() {
    let good = exported();
    let broken = broken_same_length(&good);
    // Checked, it is refused: the check does catch this file.
    let refused = Dictionary::from_exchange(&broken).expect_err("a duplicate option code is refused");
    assert!(refused.message_zh().contains("重复"), "{}", refused.message_zh());
    // Recorded as the built file (which a build never does for a broken file), it is read unchecked: the skip is real.
    assert!(Dictionary::from_exchange_built(&broken, Some(Fingerprint::of(&broken))).is_ok());
    // The good file's fingerprint on the broken text (same length, other content): checked and refused.
    assert_eq!(Fingerprint::of(&broken).len, Fingerprint::of(&good).len);
    assert_ne!(Fingerprint::of(&broken), Fingerprint::of(&good));
    assert!(Dictionary::from_exchange_built(&broken, Some(Fingerprint::of(&good))).is_err());
    // No recorded fingerprint (a build without one, tests): always checked.
    assert!(Dictionary::from_exchange_built(&broken, None).is_err());
}

#[test]
fn one_changed_byte_anywhere_brings_the_check_back() {
    let broken = broken_same_length(&exported());
    // The fingerprint of the broken text with one letter changed elsewhere (the file the build "checked" differs
    // from the one read by one byte): the check runs and refuses the broken text.
    let at = broken.rfind("label").expect("a label key") + 1;
    let recorded = Fingerprint::of(&one_byte_changed(&broken, at));
    assert_eq!(recorded.len, broken.len());
    assert!(Dictionary::from_exchange_built(&broken, Some(recorded)).is_err());
}

#[test]
fn a_fingerprint_reads_back_what_it_writes_and_nothing_else() {
    let fingerprint = Fingerprint::of(&exported());
    let written = fingerprint.to_string();
    assert_eq!(Fingerprint::parse(&written), Some(fingerprint));
    assert_eq!(Fingerprint::parse(&format!("{written}\n")), Some(fingerprint), "as a shell variable may carry it");
    assert_eq!(Fingerprint::of(""), Fingerprint { len: 0, fnv1a: 0xcbf2_9ce4_8422_2325 }, "FNV-1a 64 basis");
    // The published FNV-1a 64 test vector for "a".
    assert_eq!(Fingerprint::of("a").fnv1a, 0xaf63_dc4c_8601_ec8c);
    for bad in ["", "121429", "121429-", "x-0123456789abcdef", "121429-0123456789abcdeg", "121429-0123", "-1-0"] {
        assert_eq!(Fingerprint::parse(bad), None, "{bad:?}");
    }
}

proptest! {
    /// FNV-1a maps each step's state one-to-one for a given byte (xor, then a multiplication by an odd prime), so
    /// one changed byte always gives another hash: no single-byte change of the built file passes for it.
    #[test]
    fn any_single_changed_byte_changes_the_fingerprint(
        text in "[ -~]{1,200}",
        at in any::<prop::sample::Index>(),
        replacement in 0x20u8..0x7f,
    ) {
        let at = at.index(text.len());
        prop_assume!(text.as_bytes()[at] != replacement);
        let mut bytes = text.as_bytes().to_vec();
        bytes[at] = replacement;
        let changed = String::from_utf8(bytes).expect("ASCII");
        prop_assert_ne!(Fingerprint::of(&changed), Fingerprint::of(&text));
    }
}
