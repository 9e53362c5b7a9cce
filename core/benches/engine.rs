//! Form-engine benchmark (`cargo bench -p sqsb-core --bench engine`): merging the largest preset chain, merging a
//! 30-item basket across both lifecycles, validating a fully answered form, splitting it and building its notice;
//! before that, reading the downloaded field dictionary as the app does (`Dictionary::from_exchange`).
//! Reports the median and p95 of many runs. Numbers, not assertions.

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use sqsb_core::engine::{split, validate, Chain, Engine, MergedForm, Selections};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn time<T>(label: &str, runs: usize, mut f: impl FnMut() -> T) {
    for _ in 0..runs / 10 {
        black_box(f());
    }
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        black_box(f());
        times.push(start.elapsed());
    }
    times.sort();
    println!("{label}: median {:?}, p95 {:?} ({runs} runs)", percentile(&times, 0.5), percentile(&times, 0.95));
}

/// The preset chain with the most leaves that merges, every sub-item of its groups picked.
fn largest_preset(e: &Engine<'_>) -> (Chain, MergedForm) {
    let mut best: Option<(Chain, MergedForm)> = None;
    for spec in e.preset_chains() {
        let Ok(open) = e.chain(&spec, &Selections::new()) else { continue };
        let mut all = Selections::new();
        for p in &open.pending {
            all.insert(p.group.clone(), p.options.iter().map(|(id, _)| id.clone()).collect());
        }
        for selections in [all, Selections::new()] {
            let Ok(chain) = e.chain(&spec, &selections) else { continue };
            if let Ok(form) = e.merge(&chain) {
                if best.as_ref().is_none_or(|(c, _)| chain.leaves.len() > c.leaves.len()) {
                    best = Some((chain, form));
                }
                break;
            }
        }
    }
    best.expect("some preset chain merges")
}

/// 30 leaves spread over both lifecycles (every tenth leaf, skipping any that would conflict).
fn basket(e: &Engine<'_>) -> Vec<String> {
    let leaves: Vec<String> = e.catalog.leaves().map(|l| l.id.as_str().to_owned()).collect();
    let mut picked: Vec<String> = Vec::new();
    for offset in 0..10 {
        for id in leaves.iter().skip(offset).step_by(10) {
            if picked.len() == 30 {
                return picked;
            }
            picked.push(id.clone());
            if e.merge_items(&picked).is_err() {
                picked.pop();
            }
        }
    }
    picked
}

fn main() {
    // What the application flow does first in the browser, after the download: read `dictionary.json` (as exported
    // by `export-data`) into a checked `Dictionary`.
    let dictionary_json =
        serde_json::to_string(&support::data().dict.to_exchange()).expect("the dictionary serialises");
    println!("dictionary.json: {} bytes", dictionary_json.len());
    time("read dictionary.json (from_exchange, with its check)", 200, || {
        sqsb_core::dictionary::Dictionary::from_exchange(&dictionary_json)
    });
    // As the app reads the file its build checked: the fingerprint compared instead of the check.
    let built = sqsb_core::exchange::Fingerprint::of(&dictionary_json);
    time("read dictionary.json the build checked (from_exchange_built, check skipped)", 200, || {
        sqsb_core::dictionary::Dictionary::from_exchange_built(&dictionary_json, Some(built))
    });
    time("fingerprint of dictionary.json (FNV-1a 64)", 200, || sqsb_core::exchange::Fingerprint::of(&dictionary_json));
    time("parse dictionary.json only (serde)", 200, || {
        serde_json::from_str::<sqsb_core::exchange::DictionaryDoc>(&dictionary_json)
    });

    let e = support::engine();
    let (chain, form) = largest_preset(&e);
    println!(
        "largest preset chain {:?}: {} leaves, {} fields, {} groups",
        chain.spec,
        chain.leaves.len(),
        form.field_count(),
        form.groups().count()
    );
    time("merge largest preset chain", 2000, || e.merge(&chain));

    let items = basket(&e);
    let basket_form = e.merge_items(&items).expect("the basket merges");
    let lifecycles: std::collections::BTreeSet<char> = items.iter().filter_map(|i| i.chars().next()).collect();
    println!("basket: {} leaves ({:?}), {} fields", items.len(), lifecycles, basket_form.field_count());
    time("merge 30-item basket", 1000, || e.merge_items(&items));

    for (label, form) in [("largest preset", &form), ("30-item basket", &basket_form)] {
        let answers = support::full_answers(form);
        let checked = validate(form, &answers, support::today());
        println!("{label}: {} answers, {} errors", answers.fields.len(), checked.errors.len());
        time(&format!("validate full form ({label})"), 2000, || validate(form, &answers, support::today()));
        time(&format!("split ({label})"), 2000, || split(form, &checked.answers));
        time(&format!("notice ({label})"), 2000, || e.notice(form, &checked.answers));
    }
}
