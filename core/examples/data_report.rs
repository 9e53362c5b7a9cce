//! Numbers about the form and guide data, for issue notes and data reviews:
//!   cargo run -p sqsb-core --example data_report

use std::collections::BTreeMap;

use sqsb_core::bundled::Bundled;
use sqsb_core::guides::{Online, UNKNOWN};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Bundled { catalog, dict, forms, guides, materials } = Bundled::load()?;

    println!(
        "dictionary: {} elements, {} roles, {} option lists, {} groups",
        dict.elements.len(),
        dict.roles.len(),
        dict.option_lists.len(),
        dict.groups.len()
    );
    let with_standard = dict.elements.values().filter(|e| e.standard.is_some()).count();
    println!("  elements citing a standard: {with_standard}");
    let mut counts: Vec<usize> = Vec::new();
    let mut by_family: BTreeMap<String, usize> = BTreeMap::new();
    for leaf in catalog.leaves() {
        if let Some(Ok(spec)) = forms.spec(leaf.id.as_str()) {
            let group_fields: usize =
                spec.groups.iter().filter_map(|g| dict.groups.get(&g.group)).map(|g| g.elements.len()).sum();
            counts.push(spec.fields.len() + group_fields);
            *by_family.entry(spec.family.clone().unwrap_or_else(|| "(none)".into())).or_default() += 1;
        }
    }
    counts.sort_unstable();
    let families_used = by_family.keys().filter(|k| *k != "(none)").count();
    println!(
        "forms: {} leaves with a form; {} families defined, {} used directly; {} leaves without a family",
        counts.len(),
        forms.families.len(),
        families_used,
        by_family.get("(none)").copied().unwrap_or(0)
    );
    if let (Some(min), Some(max)) = (counts.first(), counts.last()) {
        println!(
            "  fields per leaf (group fields counted once): min {min} / median {} / max {max}",
            counts[counts.len() / 2]
        );
    }

    let total = guides.guides.len();
    let mut filled: BTreeMap<&str, usize> = BTreeMap::new();
    let mut shared: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, g) in guides.guides.values() {
        let known = |s: &str| !s.contains(UNKNOWN);
        let mut count = |name: &'static str, yes: bool| *filled.entry(name).or_default() += usize::from(yes);
        count("办理对象", known(&g.target));
        count("受理条件", g.conditions.iter().any(|c| known(c)));
        count("申请材料", !g.materials.is_empty());
        count("办理流程", !g.steps.is_empty());
        count("法定时限", g.legal_days.is_some() || g.legal_calendar_days.is_some());
        count("承诺时限", g.promised_days.is_some());
        count("收费", g.fee.free.is_some());
        count("办理地点", known(&g.place));
        count("网上办理", g.online != Online::Unknown);
        count("到现场次数", g.visits.is_some());
        count("设定依据", g.basis.iter().any(|b| known(&b.law)));
        count("设定依据（含条款）", g.basis.iter().any(|b| b.article.is_some()));
        count("常见问题", !g.faq.is_empty());
        for m in &g.materials {
            *shared.entry(m.key.as_str()).or_default() += 1;
        }
    }
    println!("guides: {total} (fields filled, i.e. not {UNKNOWN}):");
    for (k, v) in &filled {
        println!("  {k}: {v}/{total}");
    }
    let mut top: Vec<(&str, usize)> = shared.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("materials dictionary: {} kinds; most shared:", materials.materials.len());
    for (k, n) in top.iter().take(6) {
        let name = materials.get(k).map_or("?", |m| m.name.as_str());
        println!("  {name} ({k}): {n} guides");
    }
    Ok(())
}
