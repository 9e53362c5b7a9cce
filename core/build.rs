//! Build-time data preparation.
//! - The catalog is embedded minified (data/catalog.json is kept pretty-printed for review and diffs).
//! - Each split data folder (data/dictionary, data/forms, data/materials, data/guides) is bundled into one
//!   document `[{"file": "<name>.json", "doc": {…}}, …]` in file-name order; the loaders locate errors by file.
//!
//! A catalog that is not JSON fails the build here, naming the file.

use std::{env, fs, path::Path};

fn minify(path: &Path) -> serde_json::Value {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()))
}

fn bundle(dir: &Path) -> serde_json::Value {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = match fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    let docs = names
        .into_iter()
        .map(|name| {
            // A file that is not JSON is bundled as a string, so the loader reports it (naming the file)
            // instead of the whole build failing while someone is editing another file.
            let path = dir.join(&name);
            println!("cargo:rerun-if-changed={}", path.display());
            let text = fs::read_to_string(&path).unwrap_or_default();
            let doc = serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| serde_json::Value::String(format!("不是有效的 JSON：{e}")));
            serde_json::json!({ "file": name, "doc": doc })
        })
        .collect();
    serde_json::Value::Array(docs)
}

fn write(out: &Path, name: &str, value: &serde_json::Value) {
    let path = out.join(name);
    fs::write(&path, serde_json::to_string(value).expect("a JSON value serialises"))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Every string value under the keys that name things (names, departments) anywhere in the catalog.
fn catalog_texts(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                if matches!(k.as_str(), "name" | "lead" | "partners") {
                    match x {
                        serde_json::Value::String(s) => out.push(s.clone()),
                        serde_json::Value::Array(list) => {
                            out.extend(list.iter().filter_map(|s| s.as_str().map(str::to_owned)))
                        }
                        _ => {}
                    }
                }
                catalog_texts(x, out);
            }
        }
        serde_json::Value::Array(list) => list.iter().for_each(|x| catalog_texts(x, out)),
        _ => {}
    }
}

/// The toneless pinyin of every Chinese character the catalog uses (`{"字": "zi"}`), with ü written v.
/// Word-dependent readings are fixed at run time from data/pinyin-overrides.json.
fn pinyin_of_chars(catalog: &serde_json::Value, synonyms: &serde_json::Value) -> serde_json::Value {
    use pinyin::ToPinyin;
    let mut texts = Vec::new();
    catalog_texts(catalog, &mut texts);
    // Everyday words too, so that `dibao` finds 低保.
    for m in synonyms["mappings"].as_array().into_iter().flatten() {
        texts.extend(m["words"].as_array().into_iter().flatten().filter_map(|w| w.as_str().map(str::to_owned)));
    }
    let mut chars: Vec<char> = texts.iter().flat_map(|t| t.chars()).collect();
    chars.sort_unstable();
    chars.dedup();
    let map: serde_json::Map<String, serde_json::Value> = chars
        .into_iter()
        .filter_map(|c| c.to_pinyin().map(|p| (c.to_string(), serde_json::Value::String(p.plain().replace('ü', "v")))))
        .collect();
    serde_json::Value::Object(map)
}

fn main() {
    // Read when the script runs, not compiled in: cargo may reuse this script's binary for a checkout elsewhere
    // (another worktree sharing the target directory), and the data must be this checkout's.
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let data = Path::new(&manifest_dir).join("../data");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out_dir);
    let catalog = minify(&data.join("catalog.json"));
    write(out, "catalog.min.json", &catalog);
    let synonyms = minify(&data.join("synonyms.json"));
    write(out, "pinyin_chars.json", &pinyin_of_chars(&catalog, &synonyms));
    write(out, "pinyin_overrides.json", &minify(&data.join("pinyin-overrides.json")));
    write(out, "synonyms.json", &synonyms);
    for kind in ["dictionary", "forms", "materials", "guides"] {
        write(out, &format!("{kind}.bundle.json"), &bundle(&data.join(kind)));
    }
}
