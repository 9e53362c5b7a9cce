//! Try the search from a terminal:  cargo run -p sqsb-core --example search -- 上户口 gsdj yinhang

use sqsb_core::catalog::CatalogIndex;
use sqsb_core::search::SearchIndex;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let index = SearchIndex::new(&CatalogIndex::bundled()?);
    for q in std::env::args().skip(1) {
        println!("{q}:");
        for h in index.search(&q, 5) {
            println!("  {:<8} {:?} {} {}", h.id, h.kind, h.score, h.name);
        }
    }
    Ok(())
}
