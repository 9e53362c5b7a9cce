//! Build-time data preparation: the bundled catalog is embedded minified (data/catalog.json is kept
//! pretty-printed for review and diffs). A build from a tree whose data is not JSON fails here, loudly.

use std::{env, fs, path::Path};

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let catalog = data.join("catalog.json");
    println!("cargo:rerun-if-changed={}", catalog.display());
    let text = fs::read_to_string(&catalog)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", catalog.display()));
    let value: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", catalog.display()));
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog.min.json");
    fs::write(
        &out,
        serde_json::to_string(&value).expect("a JSON value serialises"),
    )
    .unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
