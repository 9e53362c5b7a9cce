//! Shared plumbing for the split data files (dictionary, forms, materials, guides).
//!
//! Each kind of data is authored as several JSON files under `data/<kind>/` (one per family or lifecycle area)
//! so that people can work on them side by side. `build.rs` bundles each folder into one document
//! `[{"file": "common.json", "doc": {…}}, …]`; loaders read that bundle and report errors as
//! `<kind>/<file>: <json path>`.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Deserialize;

/// A problem in a data file, located by file and JSON path. Meant for the people who maintain the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub file: String,
    pub path: String,
    pub message: String,
}

impl DataError {
    pub fn new(file: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        DataError { file: file.to_owned(), path: path.into(), message: message.into() }
    }

    /// `数据有误：forms/enterprise.json forms[3].fields[2].field：…`
    pub fn message_zh(&self) -> String {
        let place = match (self.file.is_empty(), self.path.is_empty()) {
            (true, true) => String::new(),
            (false, true) => format!("{} ", self.file),
            (true, false) => format!("{} ", self.path),
            (false, false) => format!("{} {} ", self.file, self.path),
        };
        format!("数据有误：{place}{}", self.message)
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_zh())
    }
}

impl std::error::Error for DataError {}

/// Deserialises `json` into `T`, turning a serde error into a located [`DataError`].
pub fn parse<T: DeserializeOwned>(file: &str, json: &str) -> Result<T, DataError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = if inner.is_data() {
            format!("数据格式不正确（{inner}）")
        } else {
            format!("不是有效的 JSON（第 {} 行第 {} 列）", inner.line(), inner.column())
        };
        DataError::new(file, if path == "." { String::new() } else { path }, message)
    })?;
    de.end().map_err(|e| DataError::new(file, "", format!("JSON 之后有多余内容（第 {} 行）", e.line())))?;
    Ok(value)
}

#[derive(Deserialize)]
struct BundleEntry {
    file: String,
    doc: serde_json::Value,
}

/// Splits a bundle made by build.rs into `(file, document)` pairs, each document still to be parsed.
pub fn unbundle(kind: &str, bundle: &str) -> Result<Vec<(String, String)>, DataError> {
    let entries: Vec<BundleEntry> = parse(kind, bundle)?;
    Ok(entries.into_iter().map(|e| (format!("{kind}/{}", e.file), e.doc.to_string())).collect())
}

/// Parses every document of a bundle as `T`.
pub fn parse_bundle<T: DeserializeOwned>(kind: &str, bundle: &str) -> Result<Vec<(String, T)>, DataError> {
    unbundle(kind, bundle)?.into_iter().map(|(file, doc)| parse::<T>(&file, &doc).map(|t| (file, t))).collect()
}
