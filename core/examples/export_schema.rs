//! The merged form of a scenario chain as JSON Schema (draft-07), for `make bench-apply`: the React + RJSF peer
//! page renders the same fields the engine merges, so both sides of the benchmark fill in the same form.
//!   cargo run -p sqsb-core --example export_schema -- personal 1.1            (no sub-items picked)
//!   cargo run -p sqsb-core --example export_schema -- personal 4.3 --every    (every sub-item of every group)
//! Prints `{"schema": …, "fields": n}`. Built and run at bench time; its output is never committed.
//!
//! What JSON Schema cannot say is left out on the peer's side (which makes the peer's work lighter, not heavier):
//! fields asked only under a condition are listed but not required, and the engine's validators (ID check digits,
//! cross-field rules) become plain patterns where one exists.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};
use sqsb_core::bundled::Bundled;
use sqsb_core::catalog::LifecycleId;
use sqsb_core::dictionary::Kind;
use sqsb_core::engine::{ChainSpec, Constraints, Selections};

fn property(label: &str, c: &Constraints) -> Value {
    let mut p = Map::new();
    p.insert("title".into(), json!(label));
    let options: Vec<Value> = c.options.iter().map(|o| json!({"const": o.code, "title": o.label})).collect();
    match c.kind {
        Kind::Enum => {
            p.insert("type".into(), json!("string"));
            p.insert("oneOf".into(), json!(options));
        }
        Kind::MultiEnum => {
            p.insert("type".into(), json!("array"));
            p.insert("uniqueItems".into(), json!(true));
            p.insert("items".into(), json!({"type": "string", "oneOf": options}));
        }
        Kind::Number | Kind::Money => {
            p.insert("type".into(), json!("number"));
            if let Some(min) = c.min {
                p.insert("minimum".into(), json!(min));
            }
            if let Some(max) = c.max {
                p.insert("maximum".into(), json!(max));
            }
        }
        Kind::Date => {
            p.insert("type".into(), json!("string"));
            p.insert("format".into(), json!("date"));
        }
        kind => {
            p.insert("type".into(), json!("string"));
            let pattern = match kind {
                Kind::ResidentId => Some("^[0-9]{17}[0-9Xx]$"),
                Kind::Uscc => Some("^[0-9A-HJ-NPQRTUWXY]{18}$"),
                Kind::Mobile => Some("^1[3-9][0-9]{9}$"),
                Kind::PostalCode => Some("^[0-9]{6}$"),
                _ => None,
            };
            if let Some(pattern) = pattern {
                p.insert("pattern".into(), json!(pattern));
            }
            if kind == Kind::Email {
                p.insert("format".into(), json!("email"));
            }
            if let Some(n) = c.min_len {
                p.insert("minLength".into(), json!(n));
            }
            if let Some(n) = c.max_len {
                p.insert("maxLength".into(), json!(n));
            }
        }
    }
    Value::Object(p)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lifecycle = LifecycleId::parse(args.first().map_or("personal", String::as_str)).ok_or("lifecycle")?;
    let code = args.get(1).cloned().unwrap_or_else(|| "1.1".into());
    let every = args.iter().any(|a| a == "--every");
    let data = Bundled::load()?;
    let engine = data.engine();
    let spec = ChainSpec::Scenario { lifecycle, code };
    let mut sel: Selections = BTreeMap::new();
    if every {
        for choice in engine.chain(&spec, &sel)?.pending {
            sel.insert(choice.group.clone(), choice.options.into_iter().map(|(id, _)| id).collect());
        }
    }
    let chain = engine.chain(&spec, &sel)?;
    let form = engine.merge(&chain).map_err(|e| e.message_zh())?;
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut fields = 0;
    for section in &form.sections {
        let mut props = Map::new();
        let mut req = Vec::new();
        for f in &section.fields {
            let key = f.id.to_string();
            props.insert(key.clone(), property(&f.label, &f.constraints));
            if f.askers.iter().any(|a| a.required && a.when.is_none()) {
                req.push(json!(key));
            }
            fields += 1;
        }
        for g in &section.groups {
            let mut members = Map::new();
            let mut member_req = Vec::new();
            for m in &g.members {
                members.insert(m.element.clone(), property(&m.label, &m.constraints));
                if m.required {
                    member_req.push(json!(m.element));
                }
                fields += 1;
            }
            props.insert(
                g.key.clone(),
                json!({"type": "array", "title": g.label, "minItems": g.min, "maxItems": g.max,
                       "items": {"type": "object", "properties": members, "required": member_req}}),
            );
        }
        let key = format!("s{}", properties.len());
        properties.insert(
            key.clone(),
            json!({"type": "object", "title": section.title, "properties": props, "required": req}),
        );
        required.push(json!(key));
    }
    let schema = json!({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                        "title": form.items.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join("、"),
                        "properties": properties, "required": required});
    println!("{}", json!({"schema": schema, "fields": fields, "leaves": chain.leaves}));
    Ok(())
}
