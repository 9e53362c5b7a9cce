//! Search over the catalog the way people type: Chinese substrings, pinyin (full, initials, mixed, with or
//! without spaces) and everyday words (data/synonyms.json).
//!
//! Ranking, best first: exact name > name prefix > name substring > scenario/stage/department match >
//! pinyin of the name > pinyin of the scenario/stage > everyday word. Within a tier, an earlier match and a
//! shorter name rank higher; ties keep catalog order.
//!
//! Pinyin comes from build time: `build.rs` writes the reading of every character the catalog uses; word-level
//! readings of polyphonic characters (银行 háng, 给付 jǐ) come from data/pinyin-overrides.json.

use std::collections::HashMap;

use crate::catalog::{Catalog, CatalogIndex, LifecycleId};

const PINYIN_CHARS: &str = include_str!(concat!(env!("OUT_DIR"), "/pinyin_chars.json"));
const PINYIN_OVERRIDES: &str = include_str!(concat!(env!("OUT_DIR"), "/pinyin_overrides.json"));
const SYNONYMS: &str = include_str!(concat!(env!("OUT_DIR"), "/synonyms.json"));
const SEARCH_SCREEN: &str = include_str!("../../data/ui/search.json");

/// What the search screen lists (data/ui/search.json): at most `limit` results, and the `popular` items (大家常办)
/// when nothing matches. Read by the app's search screen and by the first-screen search (first/) alike.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchScreen {
    pub limit: usize,
    pub popular: Vec<String>,
}

impl SearchScreen {
    /// The bundled settings, read as a JSON value (no extra deserializer in the bundle); 60 results and no popular
    /// items if the file were unreadable (its test rules that out).
    pub fn bundled() -> SearchScreen {
        let ui: serde_json::Value = serde_json::from_str(SEARCH_SCREEN).unwrap_or_default();
        SearchScreen {
            limit: ui["limit"].as_u64().and_then(|n| usize::try_from(n).ok()).unwrap_or(60),
            popular: ui["popular"]
                .as_array()
                .map(|ids| ids.iter().filter_map(|id| id.as_str().map(str::to_owned)).collect())
                .unwrap_or_default(),
        }
    }
}

/// How a hit matched. Ordered best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    Exact,
    Prefix,
    Substring,
    /// The query is in the item's scenario or stage name.
    Context,
    /// The query is in one of the item's departments.
    Department,
    Pinyin,
    PinyinContext,
    Synonym,
}

impl MatchKind {
    fn base(self) -> u32 {
        match self {
            MatchKind::Exact => 1000,
            MatchKind::Prefix => 900,
            MatchKind::Substring => 800,
            MatchKind::Context => 700,
            MatchKind::Department => 650,
            MatchKind::Pinyin => 600,
            MatchKind::PinyinContext => 500,
            MatchKind::Synonym => 400,
        }
    }
}

/// One search result: an item or sub-item.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub name: String,
    pub lifecycle: LifecycleId,
    pub kind: MatchKind,
    pub score: u32,
    /// Character ranges `[start, end)` of `name` to highlight.
    pub highlight: Vec<(usize, usize)>,
}

/// No leaf: the end of a chain of leaves.
const NO_LEAF: u32 = u32::MAX;

/// One leaf: its id and lifecycle, and where its name and its context are kept. A province's implementation list
/// repeats the same item names for every county and the same scenario and stage for every item, so each distinct
/// name and context is kept, and matched against a query, once.
#[derive(Debug, Clone)]
struct Entry {
    id: String,
    lifecycle: LifecycleId,
    name: u32,
    context: u32,
}

/// A distinct leaf name.
#[derive(Debug, Clone)]
struct Name {
    text: String,
    /// Folded characters of the name (see [`fold`]).
    chars: Vec<char>,
    /// The toneless syllable of each character of the name ("" where it has none: punctuation, digits).
    syllables: Vec<String>,
    /// Letters the syllables contain, and letters a syllable starts with (bit 0 = `a`): a pinyin query whose
    /// letters are not all there, or whose first letter starts no syllable, cannot match (see [`pinyin_match`]).
    letters: u32,
    initials: u32,
}

/// A distinct context: scenario and stage names, departments (each a [`Text`]).
#[derive(Debug, Clone, PartialEq)]
struct Context {
    /// Scenario and stage names.
    context: Vec<u32>,
    departments: Vec<u32>,
}

/// A distinct scenario, stage or department name, with its pinyin and letters (as in [`Name`]).
#[derive(Debug, Clone)]
struct Text {
    text: String,
    syllables: Vec<String>,
    letters: u32,
    initials: u32,
}

/// The letter bits of syllables (bit 0 = `a`): all their letters, and their first letters.
fn letter_masks<'a>(syllables: impl IntoIterator<Item = &'a String>) -> (u32, u32) {
    let bit = |b: u8| if b.is_ascii_lowercase() { 1u32 << (b - b'a') } else { 0 };
    syllables.into_iter().fold((0, 0), |(all, first), s| {
        (all | s.bytes().fold(0, |m, b| m | bit(b)), first | s.bytes().next().map_or(0, bit))
    })
}

#[derive(Debug, Clone, Default)]
struct SynonymMapping {
    words: Vec<String>,
    /// Each word normalised, with its full pinyin and its initials (filled when the index is built).
    word_keys: Vec<(String, String, String)>,
    terms: Vec<String>,
    items: Vec<String>,
    /// The 一件事 the words ask for (`personal/1.1`), shown above the items.
    scenarios: Vec<String>,
}

/// A scenario (一件事) that matches a query: shown above the items, leading to the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioHit {
    pub lifecycle: LifecycleId,
    pub code: String,
    pub name: String,
}

/// A scenario as search compares it.
#[derive(Debug, Clone)]
struct ScenarioEntry {
    key: String,
    hit: ScenarioHit,
    /// Folded name, and its full pinyin.
    name: String,
    full: String,
}

/// At most this many scenarios above the items.
pub const MAX_SCENARIO_HITS: usize = 3;

// The small data files are read as JSON values (the catalog reader needs `Value` anyway), so the browser bundle
// carries no extra deserializer for them.

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

fn parse_synonyms(json: &str) -> Vec<SynonymMapping> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    v["mappings"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|m| SynonymMapping {
                    words: strings(&m["words"]),
                    terms: strings(&m["terms"]),
                    items: strings(&m["items"]),
                    scenarios: strings(&m["scenarios"]),
                    ..SynonymMapping::default()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Pinyin for catalog text: per-character readings plus word overrides.
#[derive(Debug, Clone, Default)]
pub struct Pinyin {
    chars: HashMap<char, String>,
    words: Vec<(Vec<char>, Vec<String>)>,
}

impl Pinyin {
    /// The build-time tables. Malformed tables (a broken build) give an empty table: search still works in Chinese.
    pub fn bundled() -> Pinyin {
        let object = |json: &str, key: Option<&str>| -> serde_json::Map<String, serde_json::Value> {
            let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
            let v = match key {
                Some(k) => v.get(k).cloned().unwrap_or_default(),
                None => v,
            };
            v.as_object().cloned().unwrap_or_default()
        };
        let chars =
            object(PINYIN_CHARS, None).into_iter().filter_map(|(k, v)| Some((k, v.as_str()?.to_owned()))).collect();
        let words = object(PINYIN_OVERRIDES, Some("words")).into_iter().map(|(k, v)| (k, strings(&v))).collect();
        Pinyin::new(chars, words)
    }

    pub fn new(chars: HashMap<String, String>, words: HashMap<String, Vec<String>>) -> Pinyin {
        let chars = chars.into_iter().filter_map(|(k, v)| Some((k.chars().next()?, v))).collect();
        let mut words: Vec<(Vec<char>, Vec<String>)> = words
            .into_iter()
            .map(|(w, s)| (w.chars().collect::<Vec<_>>(), s))
            .filter(|(w, s)| w.len() == s.len() && !w.is_empty())
            .collect();
        words.sort();
        Pinyin { chars, words }
    }

    /// One syllable per character ("" for characters without one).
    pub fn syllables(&self, text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut out: Vec<String> = chars.iter().map(|c| self.chars.get(c).cloned().unwrap_or_default()).collect();
        for (word, readings) in &self.words {
            if word.len() > chars.len() {
                continue;
            }
            for start in 0..=chars.len() - word.len() {
                if chars[start..start + word.len()] == word[..] {
                    out[start..start + word.len()].clone_from_slice(readings);
                }
            }
        }
        out
    }
}

/// One character as search compares it: full-width to half-width (（ → (, ａ → a), lower case, ü → v.
fn fold(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        'ü' | 'Ü' => 'v',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// How much of a query search reads: its first 64 characters once whitespace is removed (see [`normalize`]).
/// Pinyin matching costs grow with the square of the query's length, and a query can arrive from a link
/// (`#/search?q=…`) or a pasted text of any length. Every catalog name is shorter than this in characters; only
/// the full pinyin of the longest ones is longer, and its first 64 letters still find them.
pub const MAX_QUERY_CHARS: usize = 64;

/// A query as search compares it: characters folded, whitespace removed, at most [`MAX_QUERY_CHARS`] characters.
/// Whitespace is dropped before counting, so a spaced query (`gong si deng ji`) keeps all its letters; the rest
/// of a longer query is never read.
pub fn normalize(query: &str) -> String {
    query.chars().map(fold).filter(|c| !c.is_whitespace()).take(MAX_QUERY_CHARS).collect()
}

fn is_pinyin_query(q: &str) -> bool {
    !q.is_empty() && q.bytes().all(|b| b.is_ascii_lowercase())
}

/// How many syllables a pinyin query may skip (公司…登记 for `gsdj`), and from what query length on.
const MAX_GAPS: u32 = 3;
const GAPS_FROM_LEN: usize = 3;

/// A pinyin match: the syllables it spans and how many it skipped inside that span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PinyinSpan {
    first: usize,
    last: usize,
    gaps: u32,
}

/// Matches `query` (letters only) against the syllables in order, each used whole or by a prefix
/// (`gongsi`, `gsdj`, `gongsidengji`, `gsdengji`). Longer queries may skip a few syllables. Returns the best
/// span: fewest gaps, then earliest start.
fn pinyin_match(query: &[u8], syllables: &[String]) -> Option<PinyinSpan> {
    let first = *query.first()?;
    if !syllables.iter().any(|s| s.as_bytes().first() == Some(&first)) {
        return None;
    }
    let allow_gaps = query.len() >= GAPS_FROM_LEN;
    // memo[qpos * (n + 1) + idx]: not yet computed (None) or the outcome.
    let n = syllables.len();
    let mut memo: Vec<Option<Option<(usize, u32)>>> = vec![None; (query.len() + 1) * (n + 1)];
    let mut best: Option<PinyinSpan> = None;
    for start in 0..n {
        if syllables[start].as_bytes().first() != Some(&first) {
            continue;
        }
        if let Some((last, gaps)) = consume(query, 0, syllables, start, allow_gaps, &mut memo) {
            if best.is_none_or(|b| gaps < b.gaps) {
                best = Some(PinyinSpan { first: start, last, gaps });
            }
            if gaps == 0 {
                break;
            }
        }
    }
    best
}

/// Consumes `q[qpos..]` from syllable `idx` on; returns the last syllable used and the gaps, fewest gaps first.
fn consume(
    q: &[u8],
    qpos: usize,
    syl: &[String],
    idx: usize,
    allow_gaps: bool,
    memo: &mut [Option<Option<(usize, u32)>>],
) -> Option<(usize, u32)> {
    let slot = qpos * (syl.len() + 1) + idx.min(syl.len());
    if let Some(known) = memo.get(slot).copied().flatten() {
        return known;
    }
    let mut result: Option<(usize, u32)> = None;
    if let Some(s) = syl.get(idx).map(|s| s.as_bytes()) {
        let rest = &q[qpos..];
        // Longest prefix first: "gongsi" prefers 公+司 over 公(g)+…
        for take in (1..=s.len().min(rest.len())).rev() {
            if s[..take] != rest[..take] {
                continue;
            }
            let candidate = if qpos + take == q.len() {
                Some((idx, 0))
            } else {
                consume(q, qpos + take, syl, idx + 1, allow_gaps, memo)
            };
            if let Some(c) = candidate {
                if result.is_none_or(|r| c.1 < r.1) {
                    result = Some(c);
                }
                if c.1 == 0 {
                    break;
                }
            }
        }
        // Skip this syllable (never the first one matched).
        if allow_gaps && qpos > 0 && result.is_none_or(|r| r.1 > 0) {
            if let Some((last, gaps)) = consume(q, qpos, syl, idx + 1, allow_gaps, memo) {
                if gaps < MAX_GAPS && result.is_none_or(|r| gaps + 1 < r.1) {
                    result = Some((last, gaps + 1));
                }
            }
        }
    }
    if let Some(m) = memo.get_mut(slot) {
        *m = Some(result);
    }
    result
}

/// The search index over one catalog, built once at start. Every leaf points at its distinct name and context;
/// a query is matched once per distinct name and context, and Chinese text is found through an inverted index
/// (character → the names containing it), so a query reads only the names that hold its rarest character.
/// The results are exactly those of a scan over every leaf (`search/scan.rs`, the property tests there).
#[derive(Debug, Clone)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    names: Vec<Name>,
    contexts: Vec<Context>,
    texts: Vec<Text>,
    /// Folded character → the names containing it, ascending, each once. (Hash maps of these key and value
    /// types are in the bundle already; sorting would add a sort's code.)
    postings: HashMap<char, Vec<u32>>,
    /// Leaf id → its first leaf, and each leaf's next leaf of the same id (`NO_LEAF` for none): an everyday word
    /// lists items by id.
    by_id: HashMap<String, u32>,
    same_id: Vec<u32>,
    synonyms: Vec<SynonymMapping>,
    scenarios: Vec<ScenarioEntry>,
}

/// How one leaf matched, kept small until the leaf is among the results.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// Its name matched (see `NameMatch`).
    Name,
    /// Its context matched, with this kind.
    Context(MatchKind),
    /// An everyday word (its index) reached it, through this term if any.
    Synonym { mapping: u32, term: Option<u32>, kind: MatchKind },
}

/// A name's own match: kind, score before nothing else, and the characters to highlight.
#[derive(Debug, Clone, Copy)]
struct NameMatch {
    kind: MatchKind,
    score: u32,
    highlight: (usize, usize),
}

impl SearchIndex {
    pub fn new(index: &CatalogIndex) -> SearchIndex {
        let synonyms = parse_synonyms(SYNONYMS);
        SearchIndex::build(&index.catalog, &Pinyin::bundled(), synonyms)
    }

    fn build(catalog: &Catalog, pinyin: &Pinyin, mut synonyms: Vec<SynonymMapping>) -> SearchIndex {
        for m in &mut synonyms {
            m.word_keys = m
                .words
                .iter()
                .map(|w| {
                    let syl = pinyin.syllables(w);
                    let full: String = syl.concat();
                    let initials: String = syl.iter().filter_map(|s| s.chars().next()).collect();
                    (normalize(w), full, initials)
                })
                .collect();
        }
        let mut index = SearchIndex {
            entries: Vec::new(),
            names: Vec::new(),
            contexts: Vec::new(),
            texts: Vec::new(),
            postings: HashMap::new(),
            by_id: HashMap::new(),
            same_id: Vec::new(),
            synonyms,
            scenarios: Vec::new(),
        };
        let mut name_ids: HashMap<String, u32> = HashMap::new();
        let mut text_ids: HashMap<String, u32> = HashMap::new();
        for lc in &catalog.lifecycles {
            for stage in &lc.stages {
                for sc in &stage.scenarios {
                    index.scenarios.push(ScenarioEntry {
                        key: format!("{}/{}", lc.id.as_str(), sc.code),
                        hit: ScenarioHit { lifecycle: lc.id, code: sc.code.clone(), name: sc.name.clone() },
                        name: normalize(&sc.name),
                        full: pinyin.syllables(&sc.name).concat(),
                    });
                    for item in &sc.items {
                        let mut text = |t: &String| index.text_id(&mut text_ids, t, pinyin);
                        let context = Context {
                            context: vec![text(&sc.name), text(&stage.name)],
                            departments: item.lead.iter().chain(&item.partners).map(text).collect(),
                        };
                        // The items of a scenario follow each other: most share the last context.
                        if index.contexts.last() != Some(&context) {
                            index.contexts.push(context);
                        }
                        let context = index.contexts.len() as u32 - 1;
                        let leaves = std::iter::once((item.id.as_str(), &item.name))
                            .chain(item.subitems.iter().map(|sub| (sub.id.as_str(), &sub.name)));
                        for (id, name) in leaves {
                            let name = index.name_id(&mut name_ids, name, pinyin);
                            index.entries.push(Entry { id: id.to_owned(), lifecycle: lc.id, name, context });
                        }
                    }
                }
            }
        }
        for (n, name) in index.names.iter().enumerate() {
            for &c in &name.chars {
                let list = index.postings.entry(c).or_default();
                if list.last() != Some(&(n as u32)) {
                    list.push(n as u32);
                }
            }
        }
        index.link_ids();
        index
    }

    fn link_ids(&mut self) {
        self.by_id.clear();
        self.same_id = vec![NO_LEAF; self.entries.len()];
        // Backwards, so that each id ends up at its first leaf and the chain runs in catalog order.
        for (leaf, e) in self.entries.iter().enumerate().rev() {
            if let Some(next) = self.by_id.insert(e.id.clone(), leaf as u32) {
                self.same_id[leaf] = next;
            }
        }
    }

    /// The leaves with this id, in catalog order.
    fn leaves_with_id(&self, id: &str) -> impl Iterator<Item = u32> + '_ {
        let first = self.by_id.get(id).copied().unwrap_or(NO_LEAF);
        std::iter::successors(Some(first), |&leaf| self.same_id.get(leaf as usize).copied())
            .take_while(|&leaf| leaf != NO_LEAF)
    }

    /// The id of a distinct name, adding it the first time.
    fn name_id(&mut self, ids: &mut HashMap<String, u32>, name: &str, pinyin: &Pinyin) -> u32 {
        if let Some(&id) = ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        let chars: Vec<char> = name.chars().map(fold).collect();
        let syllables = pinyin.syllables(name);
        let (letters, initials) = letter_masks(&syllables);
        self.names.push(Name { text: name.to_owned(), chars, syllables, letters, initials });
        ids.insert(name.to_owned(), id);
        id
    }

    /// The id of a distinct scenario, stage or department name, adding it the first time.
    fn text_id(&mut self, ids: &mut HashMap<String, u32>, text: &str, pinyin: &Pinyin) -> u32 {
        if let Some(&id) = ids.get(text) {
            return id;
        }
        let syllables = pinyin.syllables(text);
        let (letters, initials) = letter_masks(&syllables);
        self.texts.push(Text { text: text.to_owned(), syllables, letters, initials });
        ids.insert(text.to_owned(), self.texts.len() as u32 - 1);
        self.texts.len() as u32 - 1
    }

    /// A synthetic index of `n` leaves for benchmarks (names built from the real catalog's names, repeated as
    /// the same item is in every county of a province's list).
    pub fn synthetic(index: &CatalogIndex, n: usize) -> SearchIndex {
        let mut out = SearchIndex::new(index);
        let real = std::mem::take(&mut out.entries);
        for i in 0..n {
            let Some(base) = real.get(i % real.len().max(1)) else {
                break;
            };
            let mut e = base.clone();
            e.id = format!("X{i:06}");
            out.entries.push(e);
        }
        out.link_ids();
        out
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The names that may contain `chars` (folded): those holding its rarest character. None if a character is
    /// in no name; the caller checks each candidate.
    fn candidates(&self, chars: impl Iterator<Item = char>) -> Option<&[u32]> {
        let mut rarest: Option<&[u32]> = None;
        for c in chars {
            let list = self.postings.get(&c).map(Vec::as_slice)?;
            if rarest.is_none_or(|r| list.len() < r.len()) {
                rarest = Some(list);
            }
        }
        rarest
    }

    /// The 一件事 a query asks for, best first, at most [`MAX_SCENARIO_HITS`]: its everyday words typed whole (生孩子,
    /// 老人去世, `shengxiaohai`), or the scenario's own name (出生, 出生一件事, `chusheng`). A word only begun does not count:
    /// a scenario is a big step, offered when the query clearly means it.
    pub fn scenarios(&self, query: &str) -> Vec<ScenarioHit> {
        let q = normalize(query);
        if q.chars().count() < 2 {
            return Vec::new();
        }
        let pinyin = is_pinyin_query(&q);
        let mut keys: Vec<&str> = Vec::new();
        for sc in &self.scenarios {
            // The name itself, not a longer query containing it: 出生登记 asks for the item, not the whole 出生.
            let named = if pinyin {
                q == sc.full
            } else {
                q == sc.name || q.strip_suffix("一件事") == Some(sc.name.as_str())
            };
            if named {
                keys.push(&sc.key);
            }
        }
        for m in self.synonyms.iter().filter(|m| !m.scenarios.is_empty()) {
            if m.word_keys.iter().any(|(w, full, _)| q.contains(w.as_str()) || (pinyin && q == *full)) {
                keys.extend(m.scenarios.iter().map(String::as_str));
            }
        }
        let mut seen = Vec::new();
        keys.into_iter()
            .filter(|k| {
                let new = !seen.contains(k);
                seen.push(k);
                new
            })
            .filter_map(|k| self.scenarios.iter().find(|sc| sc.key == k).map(|sc| sc.hit.clone()))
            .take(MAX_SCENARIO_HITS)
            .collect()
    }

    /// Results best first, at most `limit`. An empty or blank query gives nothing; only the first
    /// [`MAX_QUERY_CHARS`] characters of a longer one count.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let q = normalize(query);
        if q.is_empty() {
            return Vec::new();
        }
        let qchars: Vec<char> = q.chars().collect();
        let pinyin = is_pinyin_query(&q);
        let (qletters, qfirst) = letter_masks(std::iter::once(&q));
        // A pinyin query can match only names and contexts holding all its letters and a syllable starting with
        // its first one.
        let may_spell = |letters: u32, initials: u32| letters & qletters == qletters && initials & qfirst != 0;

        // Names: the characters (through the postings), then the pinyin.
        let mut by_name: Vec<Option<NameMatch>> = vec![None; self.names.len()];
        for &n in self.candidates(qchars.iter().copied()).unwrap_or_default() {
            let name = &self.names[n as usize];
            if let Some(pos) = find_chars(&name.chars, &qchars) {
                let kind = if name.chars.len() == qchars.len() {
                    MatchKind::Exact
                } else if pos == 0 {
                    MatchKind::Prefix
                } else {
                    MatchKind::Substring
                };
                by_name[n as usize] =
                    Some(NameMatch { kind, score: score(kind, pos, name), highlight: (pos, pos + qchars.len()) });
            }
        }
        if pinyin {
            for (found, name) in by_name.iter_mut().zip(&self.names) {
                if found.is_some() || !may_spell(name.letters, name.initials) {
                    continue;
                }
                if let Some(span) = pinyin_match(q.as_bytes(), &name.syllables) {
                    // A match that skips syllables ranks below any contiguous pinyin match, of the name or its
                    // context; one that also starts inside the name (`gsdj` in 分支机构设立登记: 构设…登记) ranks
                    // below one that abbreviates the name from its start (公司设立登记), as people shorten names.
                    let inside = if span.gaps > 0 && span.first > 0 { 200 } else { 0 };
                    let score = score(MatchKind::Pinyin, span.first, name).saturating_sub(span.gaps * 100 + inside);
                    *found = Some(NameMatch { kind: MatchKind::Pinyin, score, highlight: (span.first, span.last + 1) });
                }
            }
        }
        // Contexts: scenario and stage, then departments (Chinese), or their pinyin.
        let by_text: Vec<bool> = self
            .texts
            .iter()
            .map(|t| {
                if pinyin {
                    may_spell(t.letters, t.initials) && pinyin_match(q.as_bytes(), &t.syllables).is_some()
                } else {
                    t.text.contains(q.as_str())
                }
            })
            .collect();
        let any = |ids: &[u32]| ids.iter().any(|&t| by_text[t as usize]);
        let by_context: Vec<Option<MatchKind>> = self
            .contexts
            .iter()
            .map(|c| match (any(&c.context), any(&c.departments)) {
                (true, _) if !pinyin => Some(MatchKind::Context),
                (false, true) if !pinyin => Some(MatchKind::Department),
                (true, _) | (_, true) if pinyin => Some(MatchKind::PinyinContext),
                _ => None,
            })
            .collect();
        // Each leaf: its name's match, else its context's.
        let mut best: Vec<Option<(u32, Source)>> = self
            .entries
            .iter()
            .map(|e| match (by_name[e.name as usize], by_context[e.context as usize]) {
                (Some(m), _) => Some((m.score, Source::Name)),
                (None, Some(kind)) => Some((score(kind, 0, &self.names[e.name as usize]), Source::Context(kind))),
                (None, None) => None,
            })
            .collect();
        // Everyday words: a query containing a word (or its whole pinyin), or typed as the start of one, reaches the
        // word's items and terms. A word typed in full ranks above one only begun.
        for (mi, m) in self.synonyms.iter().enumerate() {
            let strength = m
                .word_keys
                .iter()
                .map(|(w, full, initials)| {
                    if q.contains(w.as_str()) || (pinyin && (q == *full || (initials.len() >= 2 && q == *initials))) {
                        2
                    } else if qchars.len() >= 2
                        && (w.starts_with(q.as_str()) || (pinyin && q.len() >= 4 && full.starts_with(&q)))
                    {
                        1
                    } else {
                        0
                    }
                })
                .max()
                .unwrap_or(0);
            if strength == 0 {
                continue;
            }
            // Listed items first, in the order listed; then items named by a term, earlier terms first. A leaf's
            // first term is the earliest found in its name or its context.
            // Each leaf's first position in the list.
            let mut listed: Vec<Option<usize>> = vec![None; self.entries.len()];
            for (k, id) in m.items.iter().enumerate().rev() {
                for leaf in self.leaves_with_id(id) {
                    listed[leaf as usize] = Some(k);
                }
            }
            let mut name_term: Vec<Option<usize>> = vec![None; self.names.len()];
            for (t, term) in m.terms.iter().enumerate().rev() {
                // Every name contains the empty term (which the data checks should keep out).
                let every: Vec<u32>;
                let names = if term.is_empty() {
                    every = (0..self.names.len() as u32).collect();
                    &every[..]
                } else {
                    self.candidates(term.chars().map(fold)).unwrap_or_default()
                };
                for &n in names {
                    if self.names[n as usize].text.contains(term.as_str()) {
                        name_term[n as usize] = Some(t);
                    }
                }
            }
            let text_term: Vec<Option<usize>> =
                self.texts.iter().map(|s| m.terms.iter().position(|t| s.text.contains(t.as_str()))).collect();
            let context_term: Vec<Option<usize>> =
                self.contexts.iter().map(|c| c.context.iter().filter_map(|&s| text_term[s as usize]).min()).collect();
            // An everyday word typed whole in pinyin (`dibao` for 低保) is as good as a pinyin name match.
            let kind = if pinyin && strength == 2 { MatchKind::Pinyin } else { MatchKind::Synonym };
            let base = kind.base() + if strength == 2 { 100 } else { 0 };
            for (i, e) in self.entries.iter().enumerate() {
                let by_term = match (name_term[e.name as usize], context_term[e.context as usize]) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                let bonus = match (listed[i], by_term) {
                    (Some(k), _) => 80u32.saturating_sub(2 * k as u32),
                    (None, Some(t)) => 40u32.saturating_sub(4 * t as u32),
                    (None, None) => continue,
                };
                let name_len = self.names[e.name as usize].chars.len() as u32;
                let score = base + bonus + (40u32.saturating_sub(name_len)) / 20;
                if best[i].is_none_or(|(b, _)| b < score) {
                    let term = by_term.map(|t| t as u32);
                    best[i] = Some((score, Source::Synonym { mapping: mi as u32, term, kind }));
                }
            }
        }
        // Names are cloned only for the results returned.
        let mut hits: Vec<(usize, u32, Source)> =
            best.into_iter().enumerate().filter_map(|(i, h)| h.map(|(s, src)| (i, s, src))).collect();
        let order = |(ia, a, _): &(usize, u32, Source), (ib, b, _): &(usize, u32, Source)| b.cmp(a).then(ia.cmp(ib));
        if hits.len() > limit && limit > 0 {
            hits.select_nth_unstable_by(limit - 1, order);
            hits.truncate(limit);
        }
        hits.sort_by(order);
        hits.into_iter()
            .take(limit)
            .map(|(i, score, source)| {
                let e = &self.entries[i];
                let name = &self.names[e.name as usize];
                let (kind, highlight) = match source {
                    Source::Name => match by_name[e.name as usize] {
                        Some(m) => (m.kind, vec![m.highlight]),
                        None => (MatchKind::Substring, Vec::new()),
                    },
                    Source::Context(kind) => (kind, Vec::new()),
                    Source::Synonym { mapping, term, kind } => {
                        let term = term.and_then(|t| self.synonyms.get(mapping as usize)?.terms.get(t as usize));
                        (kind, term.map(|t| char_ranges(&name.text, t)).unwrap_or_default())
                    }
                };
                Hit { id: e.id.clone(), name: name.text.clone(), lifecycle: e.lifecycle, kind, score, highlight }
            })
            .collect()
    }
}

/// A match's score: its tier, then an earlier match and a shorter name; both bonuses stay below one tier's gap.
fn score(kind: MatchKind, pos: usize, name: &Name) -> u32 {
    let position_bonus = 40u32.saturating_sub(pos as u32);
    let length_bonus = 40u32.saturating_sub(name.chars.len() as u32);
    kind.base() + position_bonus + length_bonus
}

fn find_chars(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

fn char_ranges(name: &str, term: &str) -> Vec<(usize, usize)> {
    let hay: Vec<char> = name.chars().collect();
    let needle: Vec<char> = term.chars().collect();
    find_chars(&hay, &needle).map(|p| vec![(p, p + needle.len())]).unwrap_or_default()
}

#[cfg(test)]
mod scan;
