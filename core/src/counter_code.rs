//! The counter code `SQSB2`: a whole submission in a few QR codes, for the 一窗受理 counter when no host takes it.
//!
//! Without a host the citizen walks to the counter with the receipt; the clerk scans its QR codes and gets every
//! application, not just the reference. The format is documented in data/README.md (“The counter code (SQSB2)”):
//!
//! 1. **Layout**: the submission as a small binary record (lengths as LEB128 varints, texts as UTF-8). Field keys
//!    are indices into the dictionary version's [`key_table`], so a code carries no labels or names; a key missing
//!    from the table travels as text, so nothing is lost. Item names are left out: the counter has the catalog
//!    ([`Submission::name_items`]).
//! 2. **Compression**: zlib (`miniz_oxide`), whose Adler-32 covers the whole layout.
//! 3. **Parts**: the compressed bytes in chunks of at most [`CHUNK_BYTES`], each written in base45 (RFC 9285,
//!    the QR alphanumeric alphabet) under a header:
//!    `SQSB2:<index>/<count>:<submission id>:<part check>:<body>`. The submission id (CRC-32 of all compressed
//!    bytes, 6 base36 characters) ties the parts together and is checked again once they are joined; the part
//!    check (CRC-32 of the part without the check, 8 hex digits) catches any single changed character.
//!
//! Encoding happens on the citizen's phone, decoding at the counter ([`Assembler`]): parts in any order, a
//! duplicate is harmless, a part of another submission is refused without disturbing the rest.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use miniz_oxide::inflate::TINFLStatus;

use crate::catalog::CatalogIndex;
use crate::dictionary::{Dictionary, FieldKey};
use crate::engine::{Member, Payload};
use crate::forms::ITEM_ROLE;
use crate::messages::is_reference;

/// What every part starts with, up to the first `:`. A later layout gets a new number (`SQSB3`); `SQSB1` is the
/// receipt's reference-only code.
pub const PREFIX: &str = "SQSB2";

/// The longest part, header included. 970 is the capacity of a version 20 QR code at ECC level M in alphanumeric
/// mode (97 × 97 modules): about 3 CSS pixels a module across a 390 px phone screen, which counter scanners read
/// from a screen; version 25 (the largest we allow, 117 modules) would pack 1,451 characters into finer modules.
pub const PART_CHARS: usize = 970;

/// The longest part a reader takes: what a version 25 QR code holds at ECC M in alphanumeric mode. Encoders may
/// grow [`PART_CHARS`] up to it without a new format version; anything longer is not a part.
pub const READ_LIMIT_CHARS: usize = 1451;

/// The most parts a submission may take: the index and count are at most two digits, and beyond a few dozen
/// codes the application file is the better way to the counter.
pub const MAX_PARTS: usize = 99;

/// The longest header: `SQSB2:99/99:XXXXXX:XXXXXXXX:`.
const MAX_HEADER_CHARS: usize = PREFIX.len() + 1 + 5 + 1 + ID_CHARS + 1 + CHECK_CHARS + 1;

/// Compressed bytes per part: base45 writes two bytes as three characters, and the longest header must fit too.
pub const CHUNK_BYTES: usize = (PART_CHARS - MAX_HEADER_CHARS) / 3 * 2;

/// The largest layout a code may carry once inflated (a zip-bomb guard: 99 parts could otherwise inflate to
/// tens of megabytes). Real submissions are a few kilobytes.
pub const MAX_LAYOUT_BYTES: usize = 1 << 20;

// A full chunk and the longest header fit a part; chunks are whole pairs of bytes (base45 wastes nothing).
const _: () = assert!(MAX_HEADER_CHARS + CHUNK_BYTES / 2 * 3 <= PART_CHARS && CHUNK_BYTES % 2 == 0);

const ID_CHARS: usize = 6;
const CHECK_CHARS: usize = 8;
/// 36^6: the submission id is the CRC-32 reduced to six base36 digits.
const ID_RANGE: u32 = 2_176_782_336;

/// A submission as the counter needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub catalog_version: String,
    /// The dictionary whose [`key_table`] numbers the field keys.
    pub dictionary_version: String,
    /// `SQ…` ([`is_reference`]).
    pub reference: String,
    /// The applications in order. Decoded ones have an empty `item_name` until [`Submission::name_items`].
    pub applications: Vec<Payload>,
}

impl Submission {
    /// Fills each application's `item_name` from the catalog (a code does not carry names); an item the catalog
    /// does not know keeps an empty name.
    pub fn name_items(&mut self, catalog: &CatalogIndex) {
        for a in &mut self.applications {
            a.item_name = catalog.leaf(&a.item_id).map(|l| l.name.to_owned()).unwrap_or_default();
        }
    }

    /// Fills each application's `units` from the dictionary (a code does not carry them; a field's unit is its
    /// element's, which no form changes).
    pub fn restore_units(&mut self, dict: &Dictionary) {
        for a in &mut self.applications {
            a.units = a
                .fields
                .keys()
                .filter_map(|key| {
                    let unit = dict.element(&FieldKey::parse(key)?.element)?.unit.clone()?;
                    Some((key.clone(), unit))
                })
                .collect();
        }
    }
}

/// Why a code could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    /// Not a counter code at all (another QR code, or text).
    NotACode,
    /// A counter code of another format version (`found`: e.g. `SQSB1`, the reference-only receipt code).
    OtherVersion { found: String },
    /// The part does not read as it was written: its check fails (`part` as read, 1-based) or its header is
    /// malformed (`part: None`).
    Damaged { part: Option<usize> },
    /// A well-formed part whose index is outside its own count.
    OutOfRange { part: usize, count: usize },
    /// The part belongs to another submission than the parts scanned before it.
    Foreign,
    /// The part says there are `count` parts, the ones scanned before it said `expected`.
    WrongCount { part: usize, count: usize, expected: usize },
    /// These parts (1-based) have not been scanned yet; empty: none has.
    Missing { parts: Vec<usize> },
    /// The parts are all there and checked, yet their content does not read (base45, inflate or layout).
    Undecodable,
    /// The key table of this dictionary version is not available.
    UnknownDictionary { version: String },
    /// Over [`MAX_LAYOUT_BYTES`] inflated, or more than [`MAX_PARTS`] parts.
    TooLarge,
    /// The reference is not one this module hands out.
    BadReference,
}

impl CodeError {
    /// The message for the counter clerk (or, for the errors of [`encode`], the citizen).
    pub fn message_zh(&self) -> String {
        match self {
            CodeError::NotACode => "这不是申请的柜台二维码，请让申请人打开受理回执中的二维码".to_owned(),
            CodeError::OtherVersion { .. } => {
                "这张二维码的版本与本系统不符，无法读取。请让申请人出示受理回执中的最新二维码，或改用申请文件"
                    .to_owned()
            }
            CodeError::Damaged { part: Some(n) } => format!("第 {n} 张二维码已损坏，请让申请人重新出示这一张"),
            CodeError::Damaged { part: None } => "这张二维码已损坏，请让申请人重新出示".to_owned(),
            CodeError::OutOfRange { part, count } => {
                format!("这张二维码的编号不对（第 {part} 张，共 {count} 张），请让申请人重新生成二维码")
            }
            CodeError::Foreign => "这张二维码属于另一份申请，请只扫描同一份申请的二维码".to_owned(),
            CodeError::WrongCount { part, count, expected } => format!(
                "第 {part} 张二维码标明共 {count} 张，与已扫描的（共 {expected} 张）不一致，请让申请人重新出示全部二维码"
            ),
            CodeError::Missing { parts } if parts.is_empty() => "还没有扫描二维码".to_owned(),
            CodeError::Missing { parts } => {
                let list: Vec<String> = parts.iter().map(usize::to_string).collect();
                format!("还缺第 {} 张二维码，请继续扫描", list.join("、"))
            }
            CodeError::Undecodable => {
                "二维码内容无法读取，请让申请人重新生成二维码，或改用申请文件".to_owned()
            }
            CodeError::UnknownDictionary { version } => {
                format!("本系统没有这份申请所用的字段字典（版本 {version}），请升级受理系统后再读取")
            }
            CodeError::TooLarge => "申请内容过多，无法用二维码传递，请改用申请文件".to_owned(),
            CodeError::BadReference => "申请编号无效，无法使用这组二维码".to_owned(),
        }
    }
}

/// Every key a code of this dictionary version can number: each `element@role` the dictionary allows (every
/// element with every role, the role `item` included), each group key and each group element name. Sorted by
/// their UTF-8 bytes, no duplicates: the same dictionary gives the same table on every device.
pub fn key_table(dict: &Dictionary) -> Vec<String> {
    let mut keys = BTreeSet::new();
    for element in dict.elements.keys() {
        for role in dict.roles.keys().map(String::as_str).chain([ITEM_ROLE]) {
            keys.insert(format!("{element}@{role}"));
        }
    }
    for group in dict.groups.values() {
        keys.insert(group.key.clone());
        keys.extend(group.elements.iter().cloned());
    }
    keys.into_iter().collect()
}

/// The parts of `sub`, in order; field keys numbered by `dict`, which must be `sub.dictionary_version`.
pub fn encode(sub: &Submission, dict: &Dictionary) -> Result<Vec<String>, CodeError> {
    if dict.version != sub.dictionary_version {
        return Err(CodeError::UnknownDictionary { version: sub.dictionary_version.clone() });
    }
    encode_with_table(sub, &key_table(dict))
}

/// The parts of `sub` with field keys numbered by `table`, the key table of `sub.dictionary_version` (a counter
/// decodes with the table of the version the code names).
pub fn encode_with_table(sub: &Submission, table: &[String]) -> Result<Vec<String>, CodeError> {
    if !is_reference(&sub.reference) {
        return Err(CodeError::BadReference);
    }
    let layout = write_layout(sub, table);
    if layout.len() >= MAX_LAYOUT_BYTES {
        return Err(CodeError::TooLarge);
    }
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&layout, 10);
    // Equal chunks (even, so base45 wastes nothing) rather than full ones and a short tail: smaller codes scan
    // more easily, and none is harder than it needs to be.
    let count = compressed.len().div_ceil(CHUNK_BYTES).max(1);
    if count > MAX_PARTS {
        return Err(CodeError::TooLarge);
    }
    let chunk = compressed.len().div_ceil(count).next_multiple_of(2).max(2);
    let chunks: Vec<&[u8]> = compressed.chunks(chunk).collect();
    let id = submission_id(&compressed);
    let n = chunks.len();
    Ok(chunks
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            let body = base45_encode(bytes);
            let checked = format!("{PREFIX}:{}/{n}:{id}:{body}", i + 1);
            format!("{PREFIX}:{}/{n}:{id}:{:08X}:{body}", i + 1, crc32(checked.as_bytes()))
        })
        .collect())
}

/// How far the scanning is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Different parts scanned.
    pub have: usize,
    /// Parts in the submission.
    pub of: usize,
}

/// Collects the parts of one submission as the counter scans them.
#[derive(Debug, Clone, Default)]
pub struct Assembler {
    /// The submission id and part count, set by the first part accepted.
    set: Option<(String, usize)>,
    /// Each part's text and its decoded bytes, by index − 1.
    parts: Vec<Option<(String, Vec<u8>)>>,
}

/// A part's header and body, read but not yet checked.
struct RawPart<'a> {
    index: usize,
    count: usize,
    id: &'a str,
    check: u32,
    body: &'a str,
}

impl Assembler {
    pub fn new() -> Self {
        Assembler::default()
    }

    /// Adds one scanned part (any order). What scanners add around it is dropped: surrounding whitespace and line
    /// ends; lower case is read as upper case (a keyboard-wedge scanner types lower case with Caps Lock on, and a
    /// part has no lower-case letters). A part already scanned changes nothing. A refused part leaves the parts
    /// scanned so far as they were.
    pub fn add(&mut self, part: &str) -> Result<Progress, CodeError> {
        let trimmed = part.trim();
        // Nothing longer is a part: refused before it is copied and checked (a scanner may send anything).
        if trimmed.chars().nth(READ_LIMIT_CHARS).is_some() {
            let ours = trimmed.get(..PREFIX.len()).is_some_and(|p| p.eq_ignore_ascii_case(PREFIX));
            return Err(if ours { CodeError::Damaged { part: None } } else { CodeError::NotACode });
        }
        let text = trimmed.to_ascii_uppercase();
        let raw = read_part(&text)?;
        let checked = format!("{PREFIX}:{}/{}:{}:{}", raw.index, raw.count, raw.id, raw.body);
        if crc32(checked.as_bytes()) != raw.check {
            return Err(CodeError::Damaged { part: Some(raw.index) });
        }
        if raw.index == 0 || raw.index > raw.count || raw.count > MAX_PARTS {
            return Err(CodeError::OutOfRange { part: raw.index, count: raw.count });
        }
        if let Some((id, count)) = &self.set {
            if id != raw.id {
                return Err(CodeError::Foreign);
            }
            if *count != raw.count {
                return Err(CodeError::WrongCount { part: raw.index, count: raw.count, expected: *count });
            }
        }
        match self.parts.get(raw.index - 1) {
            Some(Some((seen, _))) if *seen == text => return Ok(self.progress()),
            // The same place taken by a different, well-checked part: two codes that only share an id.
            Some(Some(_)) => return Err(CodeError::Foreign),
            _ => {}
        }
        let bytes = base45_decode(raw.body).ok_or(CodeError::Undecodable)?;
        if self.set.is_none() {
            self.set = Some((raw.id.to_owned(), raw.count));
            self.parts = vec![None; raw.count];
        }
        if let Some(slot) = self.parts.get_mut(raw.index - 1) {
            *slot = Some((text, bytes));
        }
        Ok(self.progress())
    }

    pub fn progress(&self) -> Progress {
        Progress { have: self.parts.iter().flatten().count(), of: self.parts.len() }
    }

    pub fn is_complete(&self) -> bool {
        !self.parts.is_empty() && self.parts.iter().all(Option::is_some)
    }

    /// The parts (1-based) not scanned yet; empty before the first part too.
    pub fn missing(&self) -> Vec<usize> {
        self.parts.iter().enumerate().filter(|(_, p)| p.is_none()).map(|(i, _)| i + 1).collect()
    }

    /// The submission, once every part is in. `dicts(version)` gives the key table of a dictionary version (a
    /// newer counter reads older codes when it ships their tables); item names are left empty
    /// ([`Submission::name_items`]).
    pub fn finish(&self, dicts: &dyn Fn(&str) -> Option<Vec<String>>) -> Result<Submission, CodeError> {
        let Some((id, _)) = &self.set else {
            return Err(CodeError::Missing { parts: Vec::new() });
        };
        let missing = self.missing();
        if !missing.is_empty() {
            return Err(CodeError::Missing { parts: missing });
        }
        let compressed: Vec<u8> = self.parts.iter().flatten().flat_map(|(_, bytes)| bytes.iter().copied()).collect();
        // Each part was checked; this catches parts of two encodings of one submission cut differently.
        if submission_id(&compressed) != *id {
            return Err(CodeError::Undecodable);
        }
        let layout = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&compressed, MAX_LAYOUT_BYTES).map_err(
            |e| match e.status {
                TINFLStatus::HasMoreOutput => CodeError::TooLarge,
                _ => CodeError::Undecodable,
            },
        )?;
        read_layout(&layout, dicts)
    }
}

/// Splits a part into its fields, checking their form only.
fn read_part(text: &str) -> Result<RawPart<'_>, CodeError> {
    let Some(rest) = text.strip_prefix(PREFIX).and_then(|r| r.strip_prefix(':')) else {
        // `SQSB` and a number other than 2 (`SQSB1|…`, `SQSB3:…`) is another version; `SQSB2` not followed by
        // `:`, or `SQSB` and no number, a damaged header.
        let version: String = text.chars().take_while(char::is_ascii_alphanumeric).take(16).collect();
        let number = version.strip_prefix("SQSB").unwrap_or_default();
        return Err(if text.starts_with(PREFIX) || (text.starts_with("SQSB") && number.is_empty()) {
            CodeError::Damaged { part: None }
        } else if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
            CodeError::OtherVersion { found: version }
        } else {
            CodeError::NotACode
        });
    };
    let malformed = CodeError::Damaged { part: None };
    let mut fields = rest.splitn(4, ':');
    let (Some(position), Some(id), Some(check), Some(body)) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Err(malformed);
    };
    let (index, count) = position.split_once('/').ok_or(CodeError::Damaged { part: None })?;
    let number = |s: &str| {
        let canonical = (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0');
        canonical.then(|| s.parse::<usize>().ok()).flatten()
    };
    let (Some(index), Some(count)) = (number(index), number(count)) else {
        return Err(malformed);
    };
    let id_ok = id.len() == ID_CHARS && id.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    // Upper-case hex only, so that each check has one spelling and a changed letter is a changed check.
    let hex_ok = check.len() == CHECK_CHARS && check.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
    let check = u32::from_str_radix(check, 16).ok().filter(|_| hex_ok);
    match check {
        Some(check) if id_ok && !body.is_empty() => Ok(RawPart { index, count, id, check, body }),
        _ => Err(malformed),
    }
}

/// The submission id: CRC-32 of the compressed bytes as six base36 digits.
fn submission_id(compressed: &[u8]) -> String {
    const DIGITS: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut n = crc32(compressed) % ID_RANGE;
    let mut id = [b'0'; ID_CHARS];
    for slot in id.iter_mut().rev() {
        *slot = DIGITS[(n % 36) as usize];
        n /= 36;
    }
    id.iter().map(|&b| char::from(b)).collect()
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

fn put_uint(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

fn put_text(out: &mut Vec<u8>, s: &str) {
    put_uint(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// A key: 0 and the text when the table lacks it, else its position + 1.
fn put_key(out: &mut Vec<u8>, index: &HashMap<&str, usize>, key: &str) {
    match index.get(key) {
        Some(&i) => put_uint(out, i + 1),
        None => {
            put_uint(out, 0);
            put_text(out, key);
        }
    }
}

fn put_member(out: &mut Vec<u8>, index: &HashMap<&str, usize>, member: &Member) {
    put_uint(out, member.len());
    for (element, value) in member {
        put_key(out, index, element);
        put_text(out, value);
    }
}

fn write_layout(sub: &Submission, table: &[String]) -> Vec<u8> {
    let index: HashMap<&str, usize> = table.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    let mut out = Vec::new();
    put_text(&mut out, &sub.catalog_version);
    put_text(&mut out, &sub.dictionary_version);
    put_text(&mut out, &sub.reference);
    put_uint(&mut out, sub.applications.len());
    for a in &sub.applications {
        put_text(&mut out, &a.item_id);
        // Nearly always the submission's own: one byte then.
        if a.catalog_version == sub.catalog_version {
            put_uint(&mut out, 0);
        } else {
            put_uint(&mut out, 1);
            put_text(&mut out, &a.catalog_version);
        }
        put_uint(&mut out, a.fields.len());
        for (key, value) in &a.fields {
            put_key(&mut out, &index, key);
            put_text(&mut out, value);
        }
        put_uint(&mut out, a.groups.len());
        for (key, members) in &a.groups {
            put_key(&mut out, &index, key);
            put_uint(&mut out, members.len());
            for m in members {
                put_member(&mut out, &index, m);
            }
        }
    }
    out
}

/// Reads a layout; `None` at the first thing out of place.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    /// A LEB128 number of at most five bytes that fits 32 bits.
    fn uint(&mut self) -> Option<usize> {
        let mut n: u64 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return usize::try_from(u32::try_from(n).ok()?).ok();
            }
        }
        None
    }

    fn text(&mut self) -> Option<String> {
        let len = self.uint()?;
        let end = self.pos.checked_add(len)?;
        let s = std::str::from_utf8(self.bytes.get(self.pos..end)?).ok()?.to_owned();
        self.pos = end;
        Some(s)
    }

    fn key(&mut self, table: &[String]) -> Option<String> {
        match self.uint()? {
            0 => self.text(),
            i => table.get(i - 1).cloned(),
        }
    }

    /// A map of `count` entries; a key twice is refused (no encoder writes one).
    fn map<V>(&mut self, mut entry: impl FnMut(&mut Self) -> Option<(String, V)>) -> Option<BTreeMap<String, V>> {
        let count = self.uint()?;
        let mut map = BTreeMap::new();
        for _ in 0..count {
            let (k, v) = entry(self)?;
            if map.insert(k, v).is_some() {
                return None;
            }
        }
        Some(map)
    }

    fn application(&mut self, table: &[String], catalog_version: &str) -> Option<Payload> {
        let item_id = self.text()?;
        let catalog_version = match self.uint()? {
            0 => catalog_version.to_owned(),
            1 => self.text()?,
            _ => return None,
        };
        let fields = self.map(|r| Some((r.key(table)?, r.text()?)))?;
        let groups = self.map(|r| {
            let key = r.key(table)?;
            let count = r.uint()?;
            let mut members = Vec::new();
            for _ in 0..count {
                members.push(r.map(|r| Some((r.key(table)?, r.text()?)))?);
            }
            Some((key, members))
        })?;
        Some(Payload { item_id, item_name: String::new(), catalog_version, fields, groups, units: BTreeMap::new() })
    }
}

fn read_layout(layout: &[u8], dicts: &dyn Fn(&str) -> Option<Vec<String>>) -> Result<Submission, CodeError> {
    let mut r = Reader { bytes: layout, pos: 0 };
    let bad = CodeError::Undecodable;
    let catalog_version = r.text().ok_or(bad.clone())?;
    let dictionary_version = r.text().ok_or(bad.clone())?;
    // The version is shown to the clerk: only a short, printable one is taken as a version at all.
    if dictionary_version.is_empty()
        || dictionary_version.chars().count() > 64
        || dictionary_version.chars().any(char::is_control)
    {
        return Err(bad);
    }
    let table = dicts(&dictionary_version)
        .ok_or_else(|| CodeError::UnknownDictionary { version: dictionary_version.clone() })?;
    let reference = r.text().ok_or(bad.clone())?;
    if !is_reference(&reference) {
        return Err(CodeError::BadReference);
    }
    let count = r.uint().ok_or(bad.clone())?;
    let mut applications = Vec::new();
    for _ in 0..count {
        applications.push(r.application(&table, &catalog_version).ok_or(bad.clone())?);
    }
    if r.pos != layout.len() {
        return Err(bad);
    }
    Ok(Submission { catalog_version, dictionary_version, reference, applications })
}

// ---------------------------------------------------------------------------------------------
// Base45 and CRC-32
// ---------------------------------------------------------------------------------------------

/// The base45 alphabet (RFC 9285): the QR alphanumeric characters.
const BASE45: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Base45 (RFC 9285): each two bytes as three characters, least significant first; a last single byte as two.
pub fn base45_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    for pair in bytes.chunks(2) {
        let (mut n, digits) = match *pair {
            [a, b] => (usize::from(a) * 256 + usize::from(b), 3),
            [a] => (usize::from(a), 2),
            _ => continue,
        };
        for _ in 0..digits {
            out.push(char::from(BASE45[n % 45]));
            n /= 45;
        }
    }
    out
}

/// Base45 back to bytes; `None` for a character outside the alphabet, a length of 3k + 1, or a group worth more
/// than its bytes can hold.
pub fn base45_decode(text: &str) -> Option<Vec<u8>> {
    let values: Vec<usize> =
        text.bytes().map(|b| BASE45.iter().position(|&c| c == b)).collect::<Option<Vec<usize>>>()?;
    let mut out = Vec::with_capacity(values.len() / 3 * 2 + 1);
    for group in values.chunks(3) {
        match *group {
            [c, d, e] => {
                let n = c + d * 45 + e * 45 * 45;
                let n = u16::try_from(n).ok()?;
                out.extend_from_slice(&n.to_be_bytes());
            }
            [c, d] => out.push(u8::try_from(c + d * 45).ok()?),
            _ => return None,
        }
    }
    Some(out)
}

/// CRC-32 (IEEE 802.3, as zip and PNG use it). Bit by bit: parts are a kilobyte, and a table would only add size.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_check_value() {
        // The catalogued check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn submission_ids_are_six_base36_digits() {
        assert_eq!(submission_id(b""), "000000");
        let id = submission_id(b"123456789");
        assert_eq!(id.len(), 6);
        assert_eq!(u64::from_str_radix(&id, 36).ok(), Some(u64::from(0xCBF4_3926u32 % ID_RANGE)));
    }

    #[test]
    fn the_longest_header_is_counted_right() {
        assert_eq!(MAX_HEADER_CHARS, "SQSB2:99/99:XXXXXX:XXXXXXXX:".len());
    }
}
