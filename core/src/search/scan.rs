//! The linear scan search used before the index (`SearchIndex` in the parent module), kept verbatim as the
//! oracle the index is checked against: for any query, both must return the same hits in the same order
//! (the property tests below). Test-only: it never reaches a bundle.

use super::*;

#[derive(Debug, Clone)]
struct Entry {
    id: String,
    name: String,
    /// Lower-cased characters of the name.
    chars: Vec<char>,
    /// The toneless syllable of each character of the name ("" where it has none: punctuation, digits).
    syllables: Vec<String>,
    lifecycle: LifecycleId,
    /// Scenario and stage names.
    context: Vec<String>,
    /// Pinyin of the scenario, stage and department names.
    context_syllables: Vec<Vec<String>>,
    departments: Vec<String>,
}

/// The search index as it was before the inverted index: every query scans every leaf.
#[derive(Debug, Clone)]
pub struct ScanIndex {
    entries: Vec<Entry>,
    synonyms: Vec<SynonymMapping>,
}

impl ScanIndex {
    fn build(catalog: &Catalog, pinyin: &Pinyin, mut synonyms: Vec<SynonymMapping>) -> ScanIndex {
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
        let mut entries = Vec::new();
        for lc in &catalog.lifecycles {
            for stage in &lc.stages {
                for sc in &stage.scenarios {
                    let context = vec![sc.name.clone(), stage.name.clone()];
                    for item in &sc.items {
                        let mut departments = item.lead.clone();
                        departments.extend(item.partners.iter().cloned());
                        let context_syllables: Vec<Vec<String>> =
                            context.iter().chain(&departments).map(|c| pinyin.syllables(c)).collect();
                        let mut push = |id: &str, name: &str| {
                            entries.push(Entry {
                                id: id.to_owned(),
                                name: name.to_owned(),
                                chars: name.chars().map(fold).collect(),
                                syllables: pinyin.syllables(name),
                                lifecycle: lc.id,
                                context: context.clone(),
                                context_syllables: context_syllables.clone(),
                                departments: departments.clone(),
                            })
                        };
                        push(item.id.as_str(), &item.name);
                        for sub in &item.subitems {
                            push(sub.id.as_str(), &sub.name);
                        }
                    }
                }
            }
        }
        ScanIndex { entries, synonyms }
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
        let mut best: Vec<Option<Scored>> = vec![None; self.entries.len()];
        for (i, e) in self.entries.iter().enumerate() {
            best[i] = self.match_direct(e, &q, &qchars, pinyin);
        }
        // Everyday words: a query containing a word (or its whole pinyin), or typed as the start of one, reaches the
        // word's items and terms. A word typed in full ranks above one only begun.
        for m in &self.synonyms {
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
            {
                for (i, e) in self.entries.iter().enumerate() {
                    // Listed items first, in the order listed; then items named by a term, earlier terms first.
                    let by_item = m.items.iter().position(|id| id == &e.id);
                    let by_term = m
                        .terms
                        .iter()
                        .position(|t| e.name.contains(t.as_str()) || e.context.iter().any(|c| c.contains(t.as_str())));
                    let (bonus, highlight) = match (by_item, by_term) {
                        (Some(k), _) => (
                            80u32.saturating_sub(2 * k as u32),
                            by_term.map(|t| char_ranges(&e.name, &m.terms[t])).unwrap_or_default(),
                        ),
                        (None, Some(t)) => (40u32.saturating_sub(4 * t as u32), char_ranges(&e.name, &m.terms[t])),
                        (None, None) => continue,
                    };
                    // An everyday word typed whole in pinyin (`dibao` for 低保) is as good as a pinyin name match.
                    let kind = if pinyin && strength == 2 { MatchKind::Pinyin } else { MatchKind::Synonym };
                    let base = kind.base() + if strength == 2 { 100 } else { 0 };
                    let mut h = hit(e, kind, 0, highlight);
                    h.score = base + bonus + (40u32.saturating_sub(e.chars.len() as u32)) / 20;
                    if best[i].as_ref().is_none_or(|b| b.score < h.score) {
                        best[i] = Some(h);
                    }
                }
            }
        }
        // Names are cloned only for the results returned.
        let mut hits: Vec<(usize, Scored)> =
            best.into_iter().enumerate().filter_map(|(i, h)| h.map(|h| (i, h))).collect();
        let order = |(ia, a): &(usize, Scored), (ib, b): &(usize, Scored)| b.score.cmp(&a.score).then(ia.cmp(ib));
        if hits.len() > limit && limit > 0 {
            hits.select_nth_unstable_by(limit - 1, order);
            hits.truncate(limit);
        }
        hits.sort_by(order);
        hits.into_iter()
            .take(limit)
            .map(|(i, s)| {
                let e = &self.entries[i];
                Hit {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    lifecycle: e.lifecycle,
                    kind: s.kind,
                    score: s.score,
                    highlight: s.highlight,
                }
            })
            .collect()
    }

    fn match_direct(&self, e: &Entry, q: &str, qchars: &[char], pinyin: bool) -> Option<Scored> {
        if let Some(pos) = find_chars(&e.chars, qchars) {
            let kind = if e.chars.len() == qchars.len() {
                MatchKind::Exact
            } else if pos == 0 {
                MatchKind::Prefix
            } else {
                MatchKind::Substring
            };
            return Some(hit(e, kind, pos, vec![(pos, pos + qchars.len())]));
        }
        if !pinyin {
            if e.context.iter().any(|c| c.contains(q)) {
                return Some(hit(e, MatchKind::Context, 0, Vec::new()));
            }
            if e.departments.iter().any(|d| d.contains(q)) {
                return Some(hit(e, MatchKind::Department, 0, Vec::new()));
            }
            return None;
        }
        if let Some(span) = pinyin_match(q.as_bytes(), &e.syllables) {
            let mut h = hit(e, MatchKind::Pinyin, span.first, vec![(span.first, span.last + 1)]);
            // A match that skips syllables ranks below any contiguous pinyin match, of the name or its context.
            let inside = if span.gaps > 0 && span.first > 0 { 200 } else { 0 };
            h.score = h.score.saturating_sub(span.gaps * 100 + inside);
            return Some(h);
        }
        if e.context_syllables.iter().any(|s| pinyin_match(q.as_bytes(), s).is_some()) {
            return Some(hit(e, MatchKind::PinyinContext, 0, Vec::new()));
        }
        None
    }
}

/// A match before it becomes a [`Hit`].
#[derive(Debug, Clone)]
struct Scored {
    kind: MatchKind,
    score: u32,
    highlight: Vec<(usize, usize)>,
}

fn hit(e: &Entry, kind: MatchKind, pos: usize, highlight: Vec<(usize, usize)>) -> Scored {
    // Earlier matches and shorter names first; both bonuses stay below one tier's gap.
    let position_bonus = 40u32.saturating_sub(pos as u32);
    let length_bonus = 40u32.saturating_sub(e.chars.len() as u32);
    Scored { kind, score: kind.base() + position_bonus + length_bonus, highlight }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::catalog::CatalogIndex;

    fn catalog() -> CatalogIndex {
        CatalogIndex::bundled().unwrap_or_else(|e| panic!("bundled catalog: {}", e.message_zh()))
    }

    /// The real catalog three times over: once as it is, once again (every name and id twice, as a province's
    /// list repeats items per county), and once with every name made distinct by a county-like suffix.
    fn province(real: &Catalog) -> Catalog {
        let mut out = real.clone();
        for (copy, suffix) in [(1, None), (2, Some("（荣成市）"))] {
            let mut more = real.clone();
            for lc in &mut more.lifecycles {
                for stage in &mut lc.stages {
                    for sc in &mut stage.scenarios {
                        for item in &mut sc.items {
                            if let Some(s) = suffix {
                                item.name.push_str(s);
                                item.lead.iter_mut().for_each(|d| d.insert_str(0, "荣成市"));
                                for sub in &mut item.subitems {
                                    sub.name = format!("{}{copy}", sub.name);
                                }
                            }
                        }
                    }
                }
            }
            for (lc, extra) in out.lifecycles.iter_mut().zip(more.lifecycles) {
                lc.stages.extend(extra.stages);
            }
        }
        out
    }

    /// The indexes compared: built from the same catalog, pinyin and everyday words.
    fn pair(catalog: &Catalog) -> (SearchIndex, ScanIndex) {
        let pinyin = Pinyin::bundled();
        let synonyms = parse_synonyms(SYNONYMS);
        (SearchIndex::build(catalog, &pinyin, synonyms.clone()), ScanIndex::build(catalog, &pinyin, synonyms))
    }

    /// Query material from the catalog itself: every character of its names, scenarios, stages and departments,
    /// every syllable, and the everyday words.
    fn alphabet(catalog: &Catalog) -> (Vec<char>, Vec<String>, Vec<String>) {
        let pinyin = Pinyin::bundled();
        let mut texts: Vec<String> = Vec::new();
        for lc in &catalog.lifecycles {
            for stage in &lc.stages {
                texts.push(stage.name.clone());
                for sc in &stage.scenarios {
                    texts.push(sc.name.clone());
                    for item in &sc.items {
                        texts.push(item.name.clone());
                        texts.extend(item.lead.iter().chain(&item.partners).cloned());
                        texts.extend(item.subitems.iter().map(|s| s.name.clone()));
                    }
                }
            }
        }
        let words: Vec<String> = parse_synonyms(SYNONYMS).into_iter().flat_map(|m| m.words).collect();
        texts.extend(words.iter().cloned());
        let mut chars: Vec<char> = texts.iter().flat_map(|t| t.chars()).collect();
        chars.sort_unstable();
        chars.dedup();
        let mut syllables: Vec<String> =
            texts.iter().flat_map(|t| pinyin.syllables(t)).filter(|s| !s.is_empty()).collect();
        syllables.sort();
        syllables.dedup();
        (chars, syllables, texts)
    }

    /// A query as people type them: a piece of a real name or word, pinyin syllables whole or begun (with or without
    /// spaces), random catalog characters, random letters, and mixtures.
    fn query(catalog: &Catalog) -> impl Strategy<Value = String> {
        let (chars, syllables, texts) = alphabet(catalog);
        let (chars2, syllables2) = (chars.clone(), syllables.clone());
        // Everyday words, begun or whole, in characters, full pinyin or initials.
        let pinyin = Pinyin::bundled();
        let words: Vec<(String, String, String)> = parse_synonyms(SYNONYMS)
            .into_iter()
            .flat_map(|m| m.words)
            .map(|w| {
                let syl = pinyin.syllables(&w);
                let initials = syl.iter().filter_map(|s| s.chars().next()).collect();
                (w, syl.concat(), initials)
            })
            .collect();
        prop_oneof![
            (prop::sample::select(words), 0usize..3, 1usize..12).prop_map(|((w, full, initials), form, len)| {
                let text = [w, full, initials].into_iter().nth(form).unwrap_or_default();
                text.chars().take(len).collect()
            }),
            (prop::sample::select(texts), any::<prop::sample::Index>(), 1usize..8).prop_map(|(t, start, len)| {
                let cs: Vec<char> = t.chars().collect();
                let s = start.index(cs.len());
                cs[s..(s + len).min(cs.len())].iter().collect()
            }),
            prop::collection::vec((prop::sample::select(syllables), 1usize..7, any::<bool>()), 1..6).prop_map(
                |parts| parts
                    .into_iter()
                    .map(|(s, take, space)| format!("{}{}", &s[..take.min(s.len())], if space { " " } else { "" }))
                    .collect()
            ),
            prop::collection::vec(prop::sample::select(chars), 1..5).prop_map(|cs| cs.into_iter().collect()),
            "[a-z]{1,6}",
            (
                prop::collection::vec(prop::sample::select(chars2), 0..3),
                prop::sample::select(syllables2),
                "[A-Za-z0-9 ]{0,3}"
            )
                .prop_map(|(cs, s, tail)| format!("{}{s}{tail}", cs.into_iter().collect::<String>())),
        ]
    }

    fn same_results(index: &SearchIndex, scan: &ScanIndex, q: &str) -> Result<(), TestCaseError> {
        for limit in [0, 1, 5, 60, usize::MAX] {
            prop_assert_eq!(index.search(q, limit), scan.search(q, limit), "query {:?}, limit {}", q, limit);
        }
        Ok(())
    }

    #[test]
    fn the_index_finds_what_the_scan_finds_for_every_everyday_word_and_name() {
        let real = catalog();
        let (index, scan) = pair(&real.catalog);
        let (_, syllables, texts) = alphabet(&real.catalog);
        let mut checked = 0;
        for q in texts.iter().chain(&syllables) {
            assert_eq!(index.search(q, usize::MAX), scan.search(q, usize::MAX), "query {q:?}");
            checked += 1;
        }
        assert!(checked > 500, "only {checked} queries");
        // Queries that reach everyday words must be among them, or the synonym path went untested.
        assert!(texts.iter().any(|q| index.search(q, 5).iter().any(|h| h.kind == MatchKind::Synonym)));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn the_index_finds_what_the_scan_finds_over_the_real_catalog(q in query(&catalog().catalog)) {
            thread_local!(static PAIR: (SearchIndex, ScanIndex) = pair(&catalog().catalog));
            PAIR.with(|(index, scan)| same_results(index, scan, &q))?;
        }

        #[test]
        fn the_index_finds_what_the_scan_finds_over_a_province_sized_list(q in query(&catalog().catalog)) {
            thread_local!(static PAIR: (SearchIndex, ScanIndex) = pair(&province(&catalog().catalog)));
            PAIR.with(|(index, scan)| same_results(index, scan, &q))?;
        }
    }
}
