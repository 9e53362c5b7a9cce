//! Search benchmark (`make bench` / `cargo bench -p sqsb-core --bench search`): the time to build the index at
//! start; per-query time over the real catalog and over synthetic catalogs of 100,000 leaves (the real names
//! repeated, as a province's list repeats items per county, and 100,000 distinct names), reported as p50 and p95;
//! then queries of 100,000 characters (a link `#/search?q=…` can carry one), of which search reads the first
//! `MAX_QUERY_CHARS`. Numbers, not assertions.

use std::time::{Duration, Instant};

use sqsb_core::catalog::{Catalog, CatalogIndex};
use sqsb_core::search::SearchIndex;

const QUERIES: &[&str] = &[
    "公司设立登记",
    "设立",
    "登记",
    "出生",
    "护照",
    "上户口",
    "生孩子",
    "买房",
    "去世",
    "低保",
    "市公安局",
    "gongsi",
    "gsdj",
    "gong si deng ji",
    "yinhang",
    "dibao",
    "zhongdu",
    "h",
    "zzzz",
    "公积金提取",
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn run(label: &str, index: &SearchIndex, rounds: usize) {
    let mut times = Vec::with_capacity(QUERIES.len() * rounds);
    for _ in 0..rounds {
        for q in QUERIES {
            let start = Instant::now();
            let hits = index.search(q, 50);
            times.push(start.elapsed());
            std::hint::black_box(hits);
        }
    }
    times.sort();
    println!(
        "{label}: {} entries, {} queries: p50 {:?}, p95 {:?}, max {:?}",
        index.len(),
        times.len(),
        percentile(&times, 0.50),
        percentile(&times, 0.95),
        times[times.len() - 1]
    );
}

/// One 100,000-character query, `rounds` times: its p50 and max.
fn run_long(label: &str, index: &SearchIndex, pattern: &str, rounds: usize) {
    let query: String = pattern.chars().cycle().take(100_000).collect();
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        let hits = index.search(&query, 50);
        times.push(start.elapsed());
        std::hint::black_box(hits);
    }
    times.sort();
    println!(
        "{label}: 100,000 characters, {rounds} runs: p50 {:?}, max {:?}",
        percentile(&times, 0.50),
        times[times.len() - 1]
    );
}

/// The real catalog repeated until it has at least `n` leaves, every name made distinct by a number (which has no
/// pinyin, so pinyin queries still find every copy).
fn distinct_names(real: &Catalog, n: usize) -> Catalog {
    let mut out = real.clone();
    let mut copy = 0;
    while CatalogIndex::new(out.clone()).leaves().count() < n {
        copy += 1;
        let mut more = real.clone();
        for stage in more.lifecycles.iter_mut().flat_map(|lc| &mut lc.stages) {
            for item in stage.scenarios.iter_mut().flat_map(|sc| &mut sc.items) {
                item.name.push_str(&copy.to_string());
                item.subitems.iter_mut().for_each(|s| s.name.push_str(&copy.to_string()));
            }
        }
        for (lc, extra) in out.lifecycles.iter_mut().zip(more.lifecycles) {
            lc.stages.extend(extra.stages);
        }
    }
    out
}

/// Building the index, `rounds` times: p50 and max.
fn run_build(label: &str, catalog: &CatalogIndex, rounds: usize) {
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        std::hint::black_box(SearchIndex::new(catalog));
        times.push(start.elapsed());
    }
    times.sort();
    println!("{label}: index built in p50 {:?}, max {:?}", percentile(&times, 0.50), times[times.len() - 1]);
}

fn main() {
    let catalog = CatalogIndex::bundled().expect("bundled catalog loads");
    run_build("real catalog", &catalog, 50);
    let real = SearchIndex::new(&catalog);
    run("real catalog", &real, 50);
    // Letters only take the pinyin matcher, whose cost grew with the square of the query's length before the cap.
    run_long("real catalog, a 100,000-letter query", &real, "gongsidengji", 50);
    run_long("real catalog, a 100,000-character mixed query", &real, "开公司ab1龘Z9低保", 50);
    let synthetic = SearchIndex::synthetic(&catalog, 100_000);
    run("synthetic 100k leaves (real names repeated)", &synthetic, 3);
    let distinct = CatalogIndex::new(distinct_names(&catalog.catalog, 100_000));
    run_build("synthetic 100k leaves (distinct names)", &distinct, 1);
    run("synthetic 100k leaves (distinct names)", &SearchIndex::new(&distinct), 3);
}
