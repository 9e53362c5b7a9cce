//! A real counter code (SQSB2) without the citizen's screens: the parts of a submission, one per line, as the
//! receipt would show them as QR codes; or, with `--payloads`, the application file the receipt offers (the
//! applications as a JSON array). For the counter page's end-to-end test (tests/e2e/fixtures/README.md) and for
//! trying a scanner by hand.
//!
//! The submission is a basket of whole scenarios of the notice, filled as `counter_sizes` fills them: every field
//! answered with plausible values (the test support's filler), the first sub-item of each group item picked.
//!
//! `cargo run -q -p sqsb-core --example counter_parts -- [--payloads] [--reference SQ…] [lifecycle/code …]`
//!
//! Without scenarios: 出生, 社会保障 and 购置新房 together (`personal/1.1 personal/4.3 personal/5.1`), a young
//! family's basket, three codes long.

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::ExitCode;

use sqsb_core::catalog::LifecycleId;
use sqsb_core::counter_code::{encode, Submission};
use sqsb_core::engine::{ChainSpec, Selections};
use support::{data, engine, payloads, plausible_answers};

const FAMILY: [&str; 3] = ["personal/1.1", "personal/4.3", "personal/5.1"];

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("counter_parts: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut as_file = false;
    let mut reference = "SQ20250601BIRTH1".to_owned();
    let mut scenarios = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--payloads" => as_file = true,
            "--reference" => reference = args.next().ok_or("--reference needs a value (SQ…)")?,
            _ => scenarios.push(arg),
        }
    }
    if scenarios.is_empty() {
        scenarios = FAMILY.iter().map(|s| (*s).to_owned()).collect();
    }
    let mut items = Vec::new();
    for scenario in &scenarios {
        let (lifecycle, code) = scenario.split_once('/').ok_or_else(|| format!("{scenario}: not lifecycle/code"))?;
        let lifecycle = match lifecycle {
            "personal" => LifecycleId::Personal,
            "enterprise" => LifecycleId::Enterprise,
            other => return Err(format!("{other}: no such lifecycle")),
        };
        let found = data().catalog.scenario(lifecycle, code).ok_or_else(|| format!("{scenario}: no such scenario"))?;
        items.extend(found.items.iter().map(|i| i.id.as_str().to_owned()));
    }
    let e = engine();
    let spec = ChainSpec::Basket(items);
    let open = e.chain(&spec, &Selections::new()).map_err(|err| format!("{err:?}"))?;
    let picks: Selections = open.pending.iter().map(|p| (p.group.clone(), [p.options[0].0.clone()].into())).collect();
    let chain = e.chain(&spec, &picks).map_err(|err| format!("{err:?}"))?;
    let form = e.merge(&chain).map_err(|err| format!("{err:?}"))?;
    let applications = payloads(&form, &plausible_answers(&form, false));
    if as_file {
        // As the receipt's download writes it (src/handoff/mod.rs, `download_url`).
        println!("{}", serde_json::to_string_pretty(&applications).map_err(|err| err.to_string())?);
        return Ok(());
    }
    let sub = Submission {
        catalog_version: data().catalog.version().to_owned(),
        dictionary_version: data().dict.version.clone(),
        reference,
        applications,
    };
    for part in encode(&sub, &data().dict).map_err(|err| err.message_zh())? {
        println!("{part}");
    }
    Ok(())
}
