//! Checks the form and guide data of some items and prints what is wrong, for people editing data/.
//!   cargo run -p sqsb-core --example check_data -- E001 E002 P04     (id prefixes; none = all leaves)
//! Exit code 1 when anything listed is wrong. The full check is `cargo test -p sqsb-core --test data`.

use std::collections::BTreeSet;
use std::process::ExitCode;

use sqsb_core::bundled::Bundled;
use sqsb_core::forms::check_spec;

fn main() -> ExitCode {
    let prefixes: Vec<String> = std::env::args().skip(1).collect();
    let Bundled { catalog, dict, forms, guides, materials } = match Bundled::load() {
        Ok(all) => all,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let mut problems = 0;
    let mut checked = 0;
    for leaf in catalog.leaves() {
        let id = leaf.id.as_str();
        if !prefixes.is_empty() && !prefixes.iter().any(|p| id.starts_with(p.as_str())) {
            continue;
        }
        checked += 1;
        match forms.spec(id) {
            None => {
                problems += 1;
                println!("{id} {}：没有表单", leaf.name);
            }
            Some(Err(e)) => {
                problems += 1;
                println!("{id}：{e}");
            }
            Some(Ok(spec)) => {
                if let Err((path, msg)) = check_spec(&spec, &dict) {
                    problems += 1;
                    println!("{id} 表单{path}：{msg}");
                }
            }
        }
        if guides.guide(id).is_none() {
            problems += 1;
            println!("{id} {}：没有办事指南", leaf.name);
        }
    }
    // The guide checks need every guide's form; run them and keep only the listed items' errors.
    let listed: BTreeSet<&str> = catalog
        .leaves()
        .map(|l| l.id.as_str())
        .filter(|id| prefixes.is_empty() || prefixes.iter().any(|p| id.starts_with(p.as_str())))
        .collect();
    for id in &listed {
        if guides.guides.contains_key(*id) && matches!(forms.spec(id), Some(Ok(_))) {
            if let Err(e) = guides.check_items(&catalog, &materials, &forms, &dict, &[id]) {
                problems += 1;
                println!("{id} 指南：{e}");
            }
        }
    }
    println!("checked {checked} leaves: {problems} problem(s)");
    if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
