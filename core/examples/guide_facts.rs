//! How many guides of each stage state a fact concretely (and with a source), for README's table:
//!   cargo run -q -p sqsb-core --example guide_facts
//! 法定时限: `legal_days` (working days) or `legal_calendar_days` set, each only with its rule in `basis`;
//! 收费: `fee.free` known, and “有依据” when its basis names a law or document (《…》); 网办: `online` known;
//! 到现场: `visits` known;
//! 地点: `place` names the office without leaving anything to 以受理部门公布为准 (most name the office and leave
//! the address or window to the department). Prints a Markdown table.

use sqsb_core::bundled::Bundled;
use sqsb_core::guides::Online;

#[derive(Default)]
struct Row {
    guides: usize,
    legal_days: usize,
    fee_known: usize,
    fee_sourced: usize,
    online: usize,
    visits: usize,
    place: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Bundled { catalog, guides, .. } = Bundled::load()?;
    let mut rows: Vec<(String, Row)> = Vec::new();
    for lifecycle in &catalog.catalog.lifecycles {
        for stage in &lifecycle.stages {
            rows.push((format!("{} {}. {}", lifecycle.name, stage.no, stage.name), Row::default()));
        }
    }
    let offsets: Vec<usize> = catalog
        .catalog
        .lifecycles
        .iter()
        .scan(0, |n, l| {
            let start = *n;
            *n += l.stages.len();
            Some(start)
        })
        .collect();
    for leaf in catalog.leaves() {
        let Some(g) = guides.guide(leaf.id.as_str()) else { continue };
        let Some(row) = offsets.get(leaf.place.lifecycle).and_then(|o| rows.get_mut(o + leaf.place.stage)) else {
            continue;
        };
        let r = &mut row.1;
        r.guides += 1;
        r.legal_days += usize::from(g.legal_days.is_some() || g.legal_calendar_days.is_some());
        r.fee_known += usize::from(g.fee.free.is_some());
        r.fee_sourced += usize::from(g.fee.free.is_some() && g.fee.basis.contains('《'));
        r.online += usize::from(g.online != Online::Unknown);
        r.visits += usize::from(g.visits.is_some());
        r.place += usize::from(!g.place.contains("为准"));
    }
    println!("| 阶段 | 指南 | 法定时限 | 收费已知 | 收费有依据 | 网办情况 | 到现场次数 | 地点无待公布 |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut total = Row::default();
    for (name, r) in &rows {
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            r.guides, r.legal_days, r.fee_known, r.fee_sourced, r.online, r.visits, r.place
        );
        total.guides += r.guides;
        total.legal_days += r.legal_days;
        total.fee_known += r.fee_known;
        total.fee_sourced += r.fee_sourced;
        total.online += r.online;
        total.visits += r.visits;
        total.place += r.place;
    }
    println!(
        "| **合计** | {} | {} | {} | {} | {} | {} | {} |",
        total.guides, total.legal_days, total.fee_known, total.fee_sourced, total.online, total.visits, total.place
    );
    Ok(())
}
