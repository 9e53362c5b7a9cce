//! Prints the merged form of a scenario chain, for reviews and test writing:
//!   cargo run -p sqsb-core --example show_chain -- personal 1.1 [E001-1 …selected sub-items]

use std::collections::BTreeMap;

use sqsb_core::bundled::Bundled;
use sqsb_core::catalog::LifecycleId;
use sqsb_core::engine::{ChainSpec, Selections};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lifecycle = LifecycleId::parse(args.first().map_or("personal", String::as_str)).ok_or("lifecycle")?;
    let code = args.get(1).cloned().unwrap_or_else(|| "1.1".into());
    let data = Bundled::load()?;
    let engine = data.engine();
    let mut sel: Selections = BTreeMap::new();
    for sub in args.iter().skip(2) {
        let group = sub.split('-').next().unwrap_or_default().to_owned();
        sel.entry(group).or_default().insert(sub.clone());
    }
    let chain = engine.chain(&ChainSpec::Scenario { lifecycle, code }, &sel)?;
    let form = engine.merge(&chain).map_err(|e| e.message_zh())?;
    for s in &form.sections {
        println!("== {}", s.title);
        for f in &s.fields {
            let req = f.askers.iter().any(|a| a.required);
            let when = f
                .askers
                .iter()
                .filter_map(|a| a.when.as_ref())
                .map(|w| serde_json::to_string(w).unwrap_or_default())
                .next();
            println!(
                "  {} {} [{:?}] {} {}",
                if req { "*" } else { " " },
                f.id,
                f.constraints.kind,
                f.label,
                when.unwrap_or_default()
            );
        }
        for g in &s.groups {
            println!(
                "  [group {} {}..{}] {:?}",
                g.key,
                g.min,
                g.max,
                g.members.iter().map(|m| &m.element).collect::<Vec<_>>()
            );
        }
    }
    Ok(())
}
