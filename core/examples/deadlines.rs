//! Prints the README's 办事日程 table from data/deadlines.json and the catalog:
//! `cargo run -p sqsb-core --example deadlines`. Paste it between the README's marks (a test compares).

use sqsb_core::schedule::{report_markdown, DeadlineData};
use sqsb_core::CatalogIndex;

fn main() -> Result<(), String> {
    let index = CatalogIndex::bundled().map_err(|e| e.message_zh())?;
    let data = DeadlineData::bundled()?;
    print!("{}", report_markdown(&data, &index));
    Ok(())
}
