//! How big the counter code (SQSB2) is for every scenario of the notice, as a Markdown table.
//!
//! Each scenario is filled as a typical citizen would: every required field answered (names, addresses and
//! phrases for free text, valid numbers and codes elsewhere; the first sub-item of each group item picked), hidden
//! fields dropped by the split. The sizes are read back from the parts as data/README.md describes them.
//!
//! `cargo run -p sqsb-core --example counter_sizes`

#[path = "../tests/support/mod.rs"]
mod support;

use sqsb_core::counter_code::{base45_decode, encode, Submission, PART_CHARS};
use support::{data, payloads, plausible_answers, scenario_forms};

fn main() {
    println!("Parts of at most {PART_CHARS} characters (QR version 20, ECC M).\n");
    println!("| scenario | items | layout bytes | compressed bytes | base45 chars | QR parts |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let mut most = 0;
    for (label, form) in scenario_forms() {
        let applications = payloads(&form, &plausible_answers(&form, true));
        let items = applications.len();
        let sub = Submission {
            catalog_version: data().catalog.version().to_owned(),
            dictionary_version: data().dict.version.clone(),
            reference: "SQ20250601ABC123".to_owned(),
            applications,
        };
        let parts = match encode(&sub, &data().dict) {
            Ok(parts) => parts,
            Err(e) => {
                println!("| {label} | {items} | {} | | | |", e.message_zh());
                continue;
            }
        };
        // The body is what follows the fourth `:` of a part.
        let bodies: Vec<&str> = parts.iter().filter_map(|p| p.splitn(5, ':').nth(4)).collect();
        let compressed: Vec<u8> = bodies.iter().filter_map(|b| base45_decode(b)).flatten().collect();
        let layout = miniz_oxide::inflate::decompress_to_vec_zlib(&compressed).map_or(0, |l| l.len());
        let chars: usize = bodies.iter().map(|b| b.len()).sum();
        most = most.max(parts.len());
        println!("| {label} | {items} | {layout} | {} | {chars} | {} |", compressed.len(), parts.len());
    }
    println!("\nAt most {most} QR codes for a scenario.");
}
