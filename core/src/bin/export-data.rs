//! Writes the on-demand data the app fetches after its first screen, resolved and checked:
//! `cargo run -p sqsb-core --bin export-data -- <out dir>`
//!
//! - `guides-<E|P><stage>.json`: the guides of one stage's leaves (families applied) with the materials they name;
//! - `forms-<E|P><stage>.json`: the resolved form of each leaf of that stage;
//! - `dictionary.json`: the field dictionary every form refers to.
//!
//! `export-data --dictionary-fingerprint` prints the fingerprint of the `dictionary.json` it would write, for the
//! app to be built with (tools/build.sh): the app skips its check of that file, and only of that file.
//! `export-data --forms-version` prints the forms version the `forms-*.json` files record, for the app's drafts.
//!
//! Splitting by stage keeps each download small; the service worker caches them all for offline use.

use std::path::Path;
use std::process::ExitCode;

use sqsb_core::bundled::{Bundled, StageFiles};
use sqsb_core::dictionary::Dictionary;
use sqsb_core::exchange::Fingerprint;
use sqsb_core::forms::FormSet;

fn run(out: &Path) -> Result<usize, String> {
    let data = Bundled::load()?;
    data.check()?;
    let StageFiles { guides: guide_files, forms: form_files } = data.stage_files()?;
    let dict = &data.dict;
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    let write = |name: String, json: String| std::fs::write(out.join(&name), json).map_err(|e| format!("{name}: {e}"));
    let mut n = 0;
    for (stem, f) in &guide_files {
        write(format!("guides-{stem}.json"), serde_json::to_string(f).map_err(|e| e.to_string())?)?;
        n += 1;
    }
    for (stem, f) in &form_files {
        write(format!("forms-{stem}.json"), serde_json::to_string(f).map_err(|e| e.to_string())?)?;
        n += 1;
    }
    let dictionary = dictionary_json(dict)?;
    // The app skips its check of exactly the file checked here (`Dictionary::from_exchange_built`): the fingerprint
    // it was built with (tools/build.sh runs `--dictionary-fingerprint` first) must be this file's.
    if let Ok(embedded) = std::env::var(FINGERPRINT_VAR) {
        let written = Fingerprint::of(&dictionary).to_string();
        if embedded != written {
            return Err(format!("dictionary.json is {written}, the app was built with {FINGERPRINT_VAR}={embedded}"));
        }
    }
    write("dictionary.json".into(), dictionary)?;
    // Every dictionary the counter codes of earlier builds were made with (data/counter/): the counter page reads
    // an older code with its own version's key table (`sqsb_core::counter_code`).
    let archive = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/counter");
    let mut archived = 0;
    for entry in std::fs::read_dir(&archive).map_err(|e| format!("{}: {e}", archive.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).filter(|n| n.starts_with("dictionary-")) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
        Dictionary::from_exchange(&text).map_err(|e| format!("{name}: {e}"))?;
        write(name.to_owned(), text)?;
        archived += 1;
    }
    Ok(n + 1 + archived)
}

/// The variable tools/build.sh builds the app with (read by `option_env!` in src/fetch.rs).
const FINGERPRINT_VAR: &str = "SQSB_DICTIONARY_FINGERPRINT";

fn dictionary_json(dict: &Dictionary) -> Result<String, String> {
    serde_json::to_string(&dict.to_exchange()).map_err(|e| e.to_string())
}

/// The fingerprint of the `dictionary.json` an export would write, from the checked data, writing nothing.
fn dictionary_fingerprint() -> Result<Fingerprint, String> {
    let data = Bundled::load()?;
    data.check()?;
    Ok(Fingerprint::of(&dictionary_json(&data.dict)?))
}

fn main() -> ExitCode {
    let Some(out) = std::env::args().nth(1) else {
        eprintln!("usage: export-data <out dir> | export-data --dictionary-fingerprint | export-data --forms-version");
        return ExitCode::FAILURE;
    };
    // The forms version the stage files record (`FormsFile::forms_version`), for the app's drafts (src/fetch.rs).
    if out == "--forms-version" {
        return match FormSet::bundled() {
            Ok(forms) => {
                println!("{}", forms.version);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("[export-data] {}", e.message_zh());
                ExitCode::FAILURE
            }
        };
    }
    if out == "--dictionary-fingerprint" {
        return match dictionary_fingerprint() {
            Ok(fingerprint) => {
                println!("{fingerprint}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("[export-data] {e}");
                ExitCode::FAILURE
            }
        };
    }
    match run(Path::new(&out)) {
        Ok(n) => {
            println!("[export-data] wrote {n} files to {out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("[export-data] {e}");
            ExitCode::FAILURE
        }
    }
}
