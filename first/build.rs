//! Keeps only the strings the search results use (`search.*`) from the interface strings: the first-screen module
//! carries a few hundred bytes of them instead of the whole data/i18n/zh.json.
use std::path::PathBuf;

fn main() {
    let source = "../data/i18n/zh.json";
    println!("cargo:rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let all: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
    let search: serde_json::Map<String, serde_json::Value> =
        all.into_iter().filter(|(key, _)| key.starts_with("search.")).collect();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).join("search-texts.json");
    std::fs::write(&out, serde_json::Value::Object(search).to_string())
        .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
