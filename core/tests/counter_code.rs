//! The counter code SQSB2: base45 against RFC 9285, every scenario of the notice through encode → shuffle →
//! assemble, damage and foreign parts refused, older dictionary tables, limits.
//!
//! Decoded applications carry no item names; the tests restore them from the catalog
//! (`Submission::name_items`) and then compare whole submissions, names included.

mod support;

use std::sync::OnceLock;

use proptest::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};
use sqsb_core::counter_code::{
    base45_decode, base45_encode, encode, encode_with_table, key_table, Assembler, CodeError, Progress, Submission,
    MAX_PARTS, PART_CHARS, PREFIX, READ_LIMIT_CHARS,
};
use sqsb_core::dictionary::FieldKey;
use support::{data, payloads, plausible_answers, scenario_forms};

const REFERENCE: &str = "SQ20250601ABC123";

fn submission(applications: Vec<sqsb_core::engine::Payload>) -> Submission {
    Submission {
        catalog_version: data().catalog.version().to_owned(),
        dictionary_version: data().dict.version.clone(),
        reference: REFERENCE.to_owned(),
        applications,
    }
}

/// Every scenario, every field answered with plausible values, as `(label, submission)`.
fn scenarios() -> &'static [(String, Submission)] {
    static ALL: OnceLock<Vec<(String, Submission)>> = OnceLock::new();
    ALL.get_or_init(|| {
        scenario_forms()
            .into_iter()
            .map(|(label, form)| {
                let sub = submission(payloads(&form, &plausible_answers(&form, false)));
                (label, sub)
            })
            .collect()
    })
}

fn birth() -> &'static Submission {
    &scenarios().iter().find(|(label, _)| label.starts_with("personal/1.1 ")).expect("the 出生 scenario").1
}

fn current_table(version: &str) -> Option<Vec<String>> {
    (version == data().dict.version).then(|| key_table(&data().dict))
}

/// Adds the parts in this order and reads the submission back, names restored.
fn assemble(parts: &[String]) -> Result<Submission, CodeError> {
    let mut a = Assembler::new();
    for p in parts {
        a.add(p)?;
    }
    let mut sub = a.finish(&current_table)?;
    sub.name_items(&data().catalog);
    sub.restore_units(&data().dict);
    Ok(sub)
}

/// A permutation from a seed (xorshift; Fisher–Yates).
fn shuffled<T: Clone>(items: &[T], mut seed: u64) -> Vec<T> {
    let mut out = items.to_vec();
    for i in (1..out.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The format, rebuilt here from data/README.md: it checks the documentation as much as the code.
// ---------------------------------------------------------------------------------------------

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn base36(mut n: u32) -> String {
    let mut digits = Vec::new();
    for _ in 0..6 {
        digits.push(char::from(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(n % 36) as usize]));
        n /= 36;
    }
    digits.iter().rev().collect()
}

/// One part as the README describes it, for any header values.
fn make_part(index: usize, count: usize, id: &str, body: &str) -> String {
    let checked = format!("SQSB2:{index}/{count}:{id}:{body}");
    format!("SQSB2:{index}/{count}:{id}:{:08X}:{body}", crc32(checked.as_bytes()))
}

/// Parts carrying `compressed` (any bytes) as the README describes them.
fn parts_of(compressed: &[u8]) -> Vec<String> {
    let id = base36(crc32(compressed) % 2_176_782_336);
    let chunks: Vec<&[u8]> = compressed.chunks(600).collect();
    chunks.iter().enumerate().map(|(i, c)| make_part(i + 1, chunks.len(), &id, &base45_encode(c))).collect()
}

fn uint(out: &mut Vec<u8>, n: usize) {
    let mut n = n;
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn text(out: &mut Vec<u8>, s: &str) {
    uint(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// A layout by hand: catalog, dictionary, reference, then one application with one field carried as text.
fn layout(reference: &str) -> Vec<u8> {
    let mut out = Vec::new();
    text(&mut out, "2021-06-25.1");
    text(&mut out, &data().dict.version);
    text(&mut out, reference);
    uint(&mut out, 1);
    text(&mut out, "P003");
    uint(&mut out, 0); // the submission's catalog version
    uint(&mut out, 1);
    uint(&mut out, 0); // a key as text
    text(&mut out, "xm@newborn");
    text(&mut out, "王小明");
    uint(&mut out, 0); // no groups
    out
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(bytes, 6)
}

// ---------------------------------------------------------------------------------------------
// Base45 (RFC 9285)
// ---------------------------------------------------------------------------------------------

#[test]
fn base45_matches_the_rfc_vectors() {
    for (bytes, text) in [("AB", "BB8"), ("Hello!!", "%69 VD92EX0"), ("base-45", "UJCLQE7W581"), ("ietf!", "QED8WEX0")]
    {
        assert_eq!(base45_encode(bytes.as_bytes()), text);
        assert_eq!(base45_decode(text).as_deref(), Some(bytes.as_bytes()), "{text}");
    }
    assert_eq!(base45_encode(b""), "");
    assert_eq!(base45_decode(""), Some(Vec::new()));
}

#[test]
fn base45_refuses_what_is_not_base45() {
    // GGW is 65536, one more than two bytes hold (the RFC's own example); ZZ is 1610, more than one byte.
    for bad in ["GGW", "ZZ", "A", "BB8A", "bb8", "BB8\n", "QED8WEX0é", "::::"] {
        assert_eq!(base45_decode(bad), None, "{bad:?}");
    }
}

proptest! {
    #[test]
    fn base45_round_trips_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = base45_encode(&bytes);
        prop_assert_eq!(text.len(), bytes.len() / 2 * 3 + bytes.len() % 2 * 2);
        prop_assert_eq!(base45_decode(&text), Some(bytes));
    }
}

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

#[test]
fn key_table_is_sorted_unique_and_covers_fields_groups_and_members() {
    let table = key_table(&data().dict);
    assert!(table.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
    for key in ["gmsfhm@mother", "xm@newborn", "lqfs@item", "shareholders", "ztmc"] {
        assert!(table.binary_search(&key.to_owned()).is_ok(), "{key}");
    }
    let d = &data().dict;
    assert!(table.len() >= d.elements.len() * d.roles.len());
    assert_eq!(table, key_table(&data().dict.clone()), "the same dictionary, the same table");
}

#[test]
fn every_scenario_round_trips_through_shuffled_parts() {
    assert_eq!(scenarios().len(), scenario_forms().len());
    for (seed, (label, sub)) in scenarios().iter().enumerate() {
        assert!(!sub.applications.is_empty(), "{label}");
        assert!(sub.applications.iter().any(|a| !a.fields.is_empty()), "{label}: answers reach the payloads");
        let parts = encode(sub, &data().dict).unwrap_or_else(|e| panic!("{label}: {}", e.message_zh()));
        assert_eq!(parts, encode(sub, &data().dict).unwrap(), "{label}: deterministic");
        for (i, p) in parts.iter().enumerate() {
            assert!(p.len() <= PART_CHARS, "{label} part {}: {} characters", i + 1, p.len());
            assert!(p.starts_with(&format!("SQSB2:{}/{}:", i + 1, parts.len())), "{p}");
        }
        // Two codes today at most; more means the forms or the format grew, and the counter's patience is finite.
        assert!(parts.len() <= 3, "{label}: {} QR codes", parts.len());
        let back = assemble(&shuffled(&parts, seed as u64 + 1)).unwrap_or_else(|e| panic!("{label}: {e:?}"));
        assert_eq!(&back, sub, "{label}");
    }
}

#[test]
fn names_are_not_carried_but_restored_from_the_catalog() {
    let sub = birth();
    let mut a = Assembler::new();
    for p in encode(sub, &data().dict).unwrap() {
        a.add(&p).unwrap();
    }
    let mut back = a.finish(&current_table).unwrap();
    assert!(back.applications.iter().all(|p| p.item_name.is_empty()));
    back.name_items(&data().catalog);
    assert_eq!(back.applications[2].item_name, "户口登记（出生登记）");
    assert_eq!(&back, sub);
}

/// Values with emoji, combining marks, the QR alphabet's own characters (`:` is the header's separator), blanks.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,30}",
        "[😀-🙏🇨🇳👨‍👩‍👧]{0,6}",
        "[0-9A-Z $%*+./:-]{0,40}",
        Just(String::new()),
        Just(" ".to_owned()),
        Just("\r\n\t".to_owned()),
        Just("SQSB2:1/2:ABCDEF:00000000:".to_owned()),
    ]
}

/// A key a newer form might use, or anything at all: carried as text when the table lacks it.
fn unknown_key() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z_]{1,8}@[a-z]{1,8}", "\\PC{1,10}"]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_values_round_trip(
        scenario in 0usize..1000,
        changes in proptest::collection::vec((any::<usize>(), value()), 1..12),
        added in proptest::collection::vec((any::<usize>(), unknown_key(), value()), 0..4),
        member_values in proptest::collection::vec((any::<usize>(), value()), 0..4),
        other_catalog in proptest::option::of("[0-9.-]{1,12}"),
        seed in any::<u64>(),
    ) {
        let all = scenarios();
        let (label, original) = &all[scenario % all.len()];
        let mut sub = original.clone();
        let n = sub.applications.len();
        for (pick, v) in changes {
            let app = &mut sub.applications[pick % n];
            let keys: Vec<String> = app.fields.keys().cloned().collect();
            if !keys.is_empty() {
                app.fields.insert(keys[(pick / n) % keys.len()].clone(), v);
            }
        }
        for (pick, key, v) in added {
            // A field's unit is its element's (`restore_units`): a key of a newer form whose element the
            // dictionary gives a unit (`ts@a`, 胎) reads back with it.
            let unit = FieldKey::parse(&key).and_then(|k| data().dict.element(&k.element)?.unit.clone());
            let app = &mut sub.applications[pick % n];
            if let Some(unit) = unit {
                app.units.insert(key.clone(), unit);
            }
            app.fields.insert(key, v);
        }
        for (pick, v) in member_values {
            let app = &mut sub.applications[pick % n];
            let member = app.groups.values_mut().flatten().next();
            if let Some(member) = member {
                let keys: Vec<String> = member.keys().cloned().collect();
                if !keys.is_empty() {
                    member.insert(keys[pick % keys.len()].clone(), v);
                }
            }
        }
        if let Some(c) = other_catalog {
            sub.applications[0].catalog_version = c;
        }
        let parts = encode(&sub, &data().dict).map_err(|e| TestCaseError::fail(format!("{label}: {e:?}")))?;
        prop_assert!(parts.iter().all(|p| p.len() <= PART_CHARS));
        let back = assemble(&shuffled(&parts, seed)).map_err(|e| TestCaseError::fail(format!("{label}: {e:?}")))?;
        prop_assert_eq!(back, sub);
    }
}

#[test]
fn a_scanner_s_whitespace_line_ends_and_caps_lock_are_harmless() {
    let parts = encode(birth(), &data().dict).unwrap();
    let scanned: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| match i % 3 {
            0 => format!("  {p}\r\n"),
            1 => p.to_ascii_lowercase(),
            _ => format!("\t{p}\n"),
        })
        .collect();
    assert_eq!(&assemble(&scanned).unwrap(), birth());
}

// ---------------------------------------------------------------------------------------------
// Damage
// ---------------------------------------------------------------------------------------------

/// Changes each character of `parts[k]` to each of `replacements` and adds it to an assembler holding all the
/// other parts: each is refused — by the part check, or as a malformed header — never read as something else.
/// Returns how many changes were tried.
fn assert_changes_detected(parts: &[String], k: usize, replacements: &[char]) -> usize {
    // The other parts are in already, so a change that slipped through would complete a wrong submission.
    let mut others = Assembler::new();
    for (j, p) in parts.iter().enumerate() {
        if j != k {
            others.add(p).unwrap();
        }
    }
    let part = &parts[k];
    let body_start = part.match_indices(':').nth(3).map(|(i, _)| i + 1).unwrap();
    let mut tried = 0;
    for (pos, original) in part.char_indices() {
        for &c in replacements.iter().filter(|&&c| c != original) {
            let mut changed = part.clone();
            changed.replace_range(pos..pos + original.len_utf8(), c.encode_utf8(&mut [0; 4]));
            let mut a = others.clone();
            match a.add(&changed) {
                // The index as read: a changed index digit names another part.
                Err(CodeError::Damaged { part: Some(n) }) => {
                    assert!(n == k + 1 || pos == "SQSB2:".len(), "{changed}: part {n}");
                }
                Err(CodeError::Damaged { part: None }) | Err(CodeError::NotACode) => {
                    assert!(pos < body_start, "a changed body must fail the check: {pos} {c:?}");
                }
                Err(CodeError::OtherVersion { .. }) => assert!(pos < PREFIX.len(), "{changed}"),
                other => panic!("part {} position {pos} → {c:?}: {other:?}", k + 1),
            }
            assert_eq!(a.progress(), others.progress(), "a refused part changes nothing");
            tried += 1;
        }
    }
    tried
}

/// Every character of the 出生 code, replaced by each character of the QR alphabet's kinds and a few outside it
/// (lower case is not among them: it reads as upper case, the same part).
#[test]
fn any_single_changed_character_is_detected() {
    let replacements = ['0', '7', 'A', 'Z', ' ', '$', '%', '*', '+', '-', '.', '/', ':', '#', 'é', '中', '\u{3000}'];
    let parts = encode(birth(), &data().dict).unwrap();
    let mut tried = 0;
    for k in 0..parts.len() {
        tried += assert_changes_detected(&parts, k, &replacements);
    }
    assert!(tried >= 8_000, "{tried}");
    // And a middle part of a code of several.
    let parts = encode(&large(), &data().dict).unwrap();
    assert!(parts.len() >= 3);
    assert!(assert_changes_detected(&parts, 1, &['0', 'Z', ':', ' ']) >= 3_000);
}

// ---------------------------------------------------------------------------------------------
// Dictionary versions
// ---------------------------------------------------------------------------------------------

#[test]
fn a_code_made_with_an_older_key_table_reads_with_that_table_only() {
    // An "older" dictionary: some keys the birth forms use did not exist yet, and the rest was numbered otherwise.
    let removed = ["xm@newborn", "csrq@newborn", "gmsfhm@mother", "lqfs@item", "xb@newborn"];
    let mut old: Vec<String> = key_table(&data().dict).into_iter().filter(|k| !removed.contains(&k.as_str())).collect();
    old.reverse();
    let third = old.len() / 3;
    old.rotate_left(third);
    let mut sub = birth().clone();
    sub.dictionary_version = "2021-01-01.1".to_owned();
    assert!(sub.applications.iter().any(|a| a.fields.contains_key("xm@newborn")));
    let parts = encode_with_table(&sub, &old).unwrap();

    let old_table = old.clone();
    let both = move |v: &str| match v {
        "2021-01-01.1" => Some(old_table.clone()),
        v => current_table(v),
    };
    let mut a = Assembler::new();
    for p in &parts {
        a.add(p).unwrap();
    }
    let mut back = a.finish(&both).unwrap();
    back.name_items(&data().catalog);
    assert_eq!(back, sub, "keys outside the older table travel as text");

    let err = a.finish(&current_table).unwrap_err();
    assert_eq!(err, CodeError::UnknownDictionary { version: "2021-01-01.1".to_owned() });
    assert!(err.message_zh().contains("2021-01-01.1"), "{}", err.message_zh());

    // `encode` numbers with the dictionary it is given, so it must be the submission's.
    assert_eq!(encode(&sub, &data().dict), Err(CodeError::UnknownDictionary { version: "2021-01-01.1".to_owned() }));
}

// ---------------------------------------------------------------------------------------------
// Parts: foreign, duplicate, missing, out of range
// ---------------------------------------------------------------------------------------------

/// The 出生 submission with a long value nothing compresses, so that it takes several parts.
fn large() -> Submission {
    let mut sub = birth().clone();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let noise: String = (0..3000)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            char::from_u32(0x4E00 + (seed % 0x5000) as u32).unwrap_or('威')
        })
        .collect();
    sub.applications[0].fields.insert("bz@item".to_owned(), noise);
    sub
}

#[test]
fn parts_of_another_submission_are_refused_and_duplicates_are_harmless() {
    let ours = encode(&large(), &data().dict).unwrap();
    let mut theirs_sub = large();
    theirs_sub.reference = "SQ20250601XYZ999".to_owned();
    let theirs = encode(&theirs_sub, &data().dict).unwrap();
    assert!(ours.len() >= 4, "{}", ours.len());
    let n = ours.len();

    let mut a = Assembler::new();
    assert_eq!(a.finish(&current_table), Err(CodeError::Missing { parts: vec![] }));
    assert_eq!(a.add(&ours[1]), Ok(Progress { have: 1, of: n }));
    assert_eq!(a.add(&theirs[0]), Err(CodeError::Foreign));
    assert_eq!(a.add(&format!(" {}\r\n", ours[1])), Ok(Progress { have: 1, of: n }), "a duplicate");
    assert_eq!(a.add(&ours[n - 1]), Ok(Progress { have: 2, of: n }));
    let missing: Vec<usize> = (1..=n).filter(|&i| i != 2 && i != n).collect();
    assert_eq!(a.missing(), missing);
    assert!(!a.is_complete());
    let err = a.finish(&current_table).unwrap_err();
    assert_eq!(err, CodeError::Missing { parts: missing });
    assert!(err.message_zh().starts_with("还缺第 1、3"), "{}", err.message_zh());
    for p in &ours {
        a.add(p).unwrap();
    }
    assert!(a.is_complete());
    assert_eq!(a.add(&theirs[2]), Err(CodeError::Foreign), "still ours only");
    let mut back = a.finish(&current_table).unwrap();
    back.name_items(&data().catalog);
    assert_eq!(back, large());

    // Starting with the other submission's part, ours are the foreign ones.
    let mut b = Assembler::new();
    b.add(&theirs[0]).unwrap();
    assert_eq!(b.add(&ours[0]), Err(CodeError::Foreign));
}

#[test]
fn out_of_range_and_inconsistent_counts_are_refused() {
    let ours = encode(&large(), &data().dict).unwrap();
    let n = ours.len();
    let id = &ours[0][ours[0].find(&format!("/{n}:")).unwrap() + format!("/{n}:").len()..][..6];
    let mut a = Assembler::new();
    a.add(&ours[0]).unwrap();
    assert_eq!(a.add(&make_part(n + 1, n, id, "BB8")), Err(CodeError::OutOfRange { part: n + 1, count: n }));
    assert_eq!(
        a.add(&make_part(2, n + 1, id, "BB8")),
        Err(CodeError::WrongCount { part: 2, count: n + 1, expected: n })
    );
    assert_eq!(a.add(&make_part(2, n, id, "BB8")), Ok(Progress { have: 2, of: n }), "well-formed, wrong bytes");
    assert_eq!(a.add(&ours[1]), Err(CodeError::Foreign), "its place is taken by a different part");
    for p in &ours[2..] {
        a.add(p).unwrap();
    }
    assert_eq!(a.finish(&current_table), Err(CodeError::Undecodable), "the joined bytes fail the submission id");
    // Malformed headers.
    for bad in ["SQSB2:0/3:ABCDEF:00000000:BB8", "SQSB2:01/3:ABCDEF:00000000:BB8", "SQSB2:1/3:ABCDE:00000000:BB8"] {
        assert_eq!(Assembler::new().add(bad), Err(CodeError::Damaged { part: None }), "{bad}");
    }
    assert_eq!(Assembler::new().add(&make_part(1, MAX_PARTS + 1, id, "BB8")), Err(CodeError::Damaged { part: None }));
}

#[test]
fn other_codes_and_versions_are_named_as_such() {
    assert_eq!(
        Assembler::new().add("SQSB1|SQ20250601ABC123|P001,P003"),
        Err(CodeError::OtherVersion { found: "SQSB1".to_owned() })
    );
    assert_eq!(
        Assembler::new().add("SQSB3:1/1:ABCDEF:00000000:BB8"),
        Err(CodeError::OtherVersion { found: "SQSB3".to_owned() })
    );
    for other in ["", "   ", "https://www.sd.gov.cn/", "SQ20250601ABC123", "中文"] {
        assert_eq!(Assembler::new().add(other), Err(CodeError::NotACode), "{other:?}");
    }
    assert_eq!(Assembler::new().add("SQSB2 1/1"), Err(CodeError::Damaged { part: None }));
}

// ---------------------------------------------------------------------------------------------
// Bodies that are checked but wrong, and limits
// ---------------------------------------------------------------------------------------------

fn finish_parts(parts: &[String]) -> Result<Submission, CodeError> {
    let mut a = Assembler::new();
    for p in parts {
        a.add(p)?;
    }
    a.finish(&current_table)
}

#[test]
fn the_documented_format_reads() {
    let back = finish_parts(&parts_of(&zlib(&layout(REFERENCE)))).unwrap();
    assert_eq!(back.reference, REFERENCE);
    assert_eq!(back.catalog_version, "2021-06-25.1");
    assert_eq!(back.applications.len(), 1);
    assert_eq!(back.applications[0].catalog_version, "2021-06-25.1");
    assert_eq!(back.applications[0].fields["xm@newborn"], "王小明");
}

#[test]
fn well_checked_parts_with_a_bad_body_are_refused() {
    // Not zlib; zlib of a layout with bytes left over, cut short, or with a bad reference; base45 that is not.
    let mut trailing = layout(REFERENCE);
    trailing.push(0);
    let whole = layout(REFERENCE);
    let short = &whole[..whole.len() - 3];
    assert_eq!(finish_parts(&parts_of(b"not zlib at all")), Err(CodeError::Undecodable));
    assert_eq!(finish_parts(&parts_of(&zlib(&trailing))), Err(CodeError::Undecodable));
    assert_eq!(finish_parts(&parts_of(&zlib(short))), Err(CodeError::Undecodable));
    assert_eq!(finish_parts(&parts_of(&zlib(&layout("SQ-1")))), Err(CodeError::BadReference));
    let mut compressed = zlib(&whole);
    let last = compressed.len() - 1;
    compressed[last] ^= 1; // the Adler-32 of the whole layout
    assert_eq!(finish_parts(&parts_of(&compressed)), Err(CodeError::Undecodable));
    let id = base36(crc32(b"") % 2_176_782_336);
    assert_eq!(Assembler::new().add(&make_part(1, 1, &id, "GGW")), Err(CodeError::Undecodable));
}

#[test]
fn a_zip_bomb_stops_at_the_limit() {
    // 4 MiB of zeros compress to a few kilobytes: well-formed parts, far too much inside.
    let bomb = zlib(&vec![0u8; 4 << 20]);
    let parts = parts_of(&bomb);
    assert!(parts.len() < 20, "{}", parts.len());
    assert_eq!(finish_parts(&parts), Err(CodeError::TooLarge));
}

#[test]
fn too_much_for_a_code_is_refused_when_encoding() {
    let mut sub = birth().clone();
    sub.applications[0].fields.insert("bz@item".to_owned(), "0".repeat(1 << 20));
    assert_eq!(encode(&sub, &data().dict), Err(CodeError::TooLarge));
    // Incompressible text over 99 parts' worth.
    let mut seed = 1u64;
    let noise: String = (0..40_000)
        .map(|_| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            char::from_u32(0x4E00 + ((seed >> 33) % 0x5000) as u32).unwrap_or('威')
        })
        .collect();
    sub.applications[0].fields.insert("bz@item".to_owned(), noise);
    assert_eq!(encode(&sub, &data().dict), Err(CodeError::TooLarge));
    let mut bad = birth().clone();
    bad.reference = "12345".to_owned();
    assert_eq!(encode(&bad, &data().dict), Err(CodeError::BadReference));
}

#[test]
fn every_part_fits_a_version_20_qr_code_at_ecc_m() {
    let version = |text: &str| QrCode::encode_text(text, QrCodeEcc::Medium).map(|q| q.version().value()).unwrap_or(99);
    let longest = "SQSB2:99/99:ABCDEF:01234567:".to_owned() + &"%".repeat(PART_CHARS - 28);
    assert_eq!(longest.len(), PART_CHARS);
    assert_eq!(version(&longest), 20, "PART_CHARS is the capacity of version 20-M");
    assert_eq!(version(&(longest.clone() + "%")), 21);
    for p in encode(&large(), &data().dict).unwrap() {
        assert!(version(&p) <= 20, "{} characters", p.len());
    }
    // What a reader takes at most is what version 25-M holds.
    let widest = "%".repeat(READ_LIMIT_CHARS);
    assert_eq!(version(&widest), 25);
    assert_eq!(version(&(widest + "%")), 26);
}

#[test]
fn a_reader_takes_parts_up_to_a_version_25_code_and_nothing_longer() {
    // Well-formed and checked: a 1-of-2 part whose body fills exactly the limit, then one character more.
    let header = "SQSB2:1/2:ABCDEF:01234567:".len();
    let body = |chars: usize| "0".repeat(chars - header);
    let fits = make_part(1, 2, "ABCDEF", &body(READ_LIMIT_CHARS));
    assert_eq!(fits.chars().count(), READ_LIMIT_CHARS);
    assert_eq!(Assembler::new().add(&fits), Ok(Progress { have: 1, of: 2 }));
    let over = make_part(1, 2, "ABCDEF", &body(READ_LIMIT_CHARS + 1));
    assert_eq!(Assembler::new().add(&over), Err(CodeError::Damaged { part: None }));
    assert_eq!(Assembler::new().add(&"中".repeat(100_000)), Err(CodeError::NotACode));
}

#[test]
fn messages_for_the_clerk_are_chinese_and_name_no_code() {
    let all = [
        CodeError::NotACode,
        CodeError::OtherVersion { found: "SQSB1".to_owned() },
        CodeError::Damaged { part: Some(2) },
        CodeError::Damaged { part: None },
        CodeError::OutOfRange { part: 5, count: 3 },
        CodeError::Foreign,
        CodeError::WrongCount { part: 2, count: 4, expected: 3 },
        CodeError::Missing { parts: vec![] },
        CodeError::Missing { parts: vec![2, 3] },
        CodeError::Undecodable,
        CodeError::UnknownDictionary { version: "2021-01-01.1".to_owned() },
        CodeError::TooLarge,
        CodeError::BadReference,
    ];
    for e in &all {
        let m = e.message_zh();
        assert!(m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{e:?}: {m}");
        assert!(!m.contains("SQSB") && !m.contains("base45") && !m.contains("CRC"), "{e:?}: {m}");
    }
    assert_eq!(CodeError::Damaged { part: Some(2) }.message_zh(), "第 2 张二维码已损坏，请让申请人重新出示这一张");
    assert!(CodeError::Foreign.message_zh().starts_with("这张二维码属于另一份申请"));
    assert_eq!(CodeError::Missing { parts: vec![2, 3] }.message_zh(), "还缺第 2、3 张二维码，请继续扫描");
}

/// Every dictionary version a counter code may state is archived in data/counter/, the current one included: a
/// change to the dictionary's keys without a new version, or a new version without its archive copy, fails here,
/// so that a counter page of a later build can still read today's codes.
#[test]
fn the_current_dictionary_is_archived_for_the_counter() {
    let dict = sqsb_core::dictionary::Dictionary::bundled().expect("bundled dictionary");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../data/counter/dictionary-{}.json", dict.version));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: copy pkg/data/dictionary.json there", path.display()));
    let archived = sqsb_core::dictionary::Dictionary::from_exchange(&text).expect("archived dictionary reads");
    assert_eq!(archived.version, dict.version);
    assert_eq!(
        sqsb_core::counter_code::key_table(&archived),
        sqsb_core::counter_code::key_table(&dict),
        "the dictionary's keys changed: give it a new version and archive it in data/counter/"
    );
}

// ---------------------------------------------------------------------------------------------
// The counter page's fixtures
// ---------------------------------------------------------------------------------------------

/// A file of tests/e2e/fixtures (written by `examples/counter_parts.rs`).
fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/e2e/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The counter page's end-to-end test reads these codes and this file with the dictionary and catalog of the build:
/// once either changes, the fixtures must be written again (tests/e2e/fixtures/README.md), or that test fails for
/// a reason far from its cause.
#[test]
fn the_counter_page_fixtures_read_with_this_dictionary() {
    let again = "write the fixtures again: tests/e2e/fixtures/README.md";
    let parts = fixture("birth.sqsb2.txt");
    let parts: Vec<&str> = parts.lines().collect();
    assert_eq!(parts.len(), 3, "the page's test reads three parts");
    let mut a = Assembler::new();
    for part in parts.iter().rev() {
        a.add(part).unwrap_or_else(|e| panic!("birth.sqsb2.txt: {} ({again})", e.message_zh()));
    }
    let mut sub = a.finish(&current_table).unwrap_or_else(|e| panic!("birth.sqsb2.txt: {} ({again})", e.message_zh()));
    sub.name_items(&data().catalog);
    sub.restore_units(&data().dict);
    assert_eq!(sub.reference, "SQ20250601BIRTH1");
    let file: Vec<sqsb_core::engine::Payload> =
        serde_json::from_str(&fixture("birth.payloads.json")).unwrap_or_else(|e| panic!("birth.payloads.json: {e}"));
    assert_eq!(sub.applications, file, "the code and the file are the same applications ({again})");
    for application in &file {
        assert!(!application.item_name.is_empty(), "{}: in the catalog ({again})", application.item_id);
        for key in application.fields.keys() {
            let known = sqsb_core::dictionary::FieldKey::parse(key).is_some_and(|k| data().dict.has_field(&k));
            assert!(known, "{key}: in the dictionary ({again})");
        }
    }

    let other = fixture("other.sqsb2.txt");
    let mut b = Assembler::new();
    for part in other.lines() {
        b.add(part).unwrap_or_else(|e| panic!("other.sqsb2.txt: {}", e.message_zh()));
    }
    assert!(b.finish(&current_table).is_ok_and(|s| s.reference == "SQ20250602OTHER1"), "{again}");
    assert_eq!(a.add(other.lines().next().unwrap_or_default()), Err(CodeError::Foreign));
}
