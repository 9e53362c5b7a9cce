//! Prints the resolved form of items, for data reviews:  cargo run -p sqsb-core --example show_form -- P004 E002

use sqsb_core::bundled::Bundled;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Bundled { dict, forms, .. } = Bundled::load()?;
    for id in std::env::args().skip(1) {
        let Some(spec) = forms.spec(&id) else {
            println!("{id}: no form");
            continue;
        };
        let spec = spec?;
        println!("{id} (family {:?}; based on {})", spec.family, spec.based_on);
        for f in &spec.fields {
            let label = dict.element(&f.field.element).map_or("?", |e| e.label.as_str());
            let role = dict.role(&f.field.role).map_or("?", |r| r.label.as_str());
            let when = f
                .when
                .as_ref()
                .map(|w| format!(" when {}", serde_json::to_string(w).unwrap_or_default()))
                .unwrap_or_default();
            println!("  {}{} {}（{}）{}", if f.required { "*" } else { " " }, f.field, label, role, when);
        }
        for g in &spec.groups {
            println!("  [group {} {}..{}]", g.group, g.min, g.max);
        }
    }
    Ok(())
}
