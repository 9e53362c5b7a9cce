//! Shared by the engine tests and the engine benchmark: the bundled data, and a valid answer for any field.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use sqsb_core::catalog::CatalogIndex;
use sqsb_core::dictionary::{Dictionary, Kind};
use sqsb_core::engine::{Answers, Constraints, Engine, MergedForm};
use sqsb_core::forms::FormSet;
use sqsb_core::guides::{GuideSet, MaterialDictionary};
use sqsb_core::validate::{id_check_char, Date};

pub struct Data {
    pub catalog: CatalogIndex,
    pub dict: Dictionary,
    pub forms: FormSet,
    pub guides: GuideSet,
    pub materials: MaterialDictionary,
}

/// The bundled data, loaded once per test binary.
pub fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| Data {
        catalog: CatalogIndex::bundled().expect("catalog loads"),
        dict: Dictionary::bundled().expect("dictionary loads"),
        forms: FormSet::bundled().expect("forms load"),
        guides: GuideSet::bundled().expect("guides load"),
        materials: MaterialDictionary::bundled().expect("materials load"),
    })
}

pub fn engine() -> Engine<'static> {
    let d = data();
    Engine::new(&d.catalog, &d.dict, &d.forms, &d.guides, &d.materials)
}

/// The fixed "today" of the tests.
pub fn today() -> Date {
    Date::new(2025, 6, 1).expect("a real date")
}

/// A valid resident ID number (Weihai 环翠区 371002) born on `birth` (`YYYYMMDD`), with sequence `seq` (odd male).
pub fn resident_id(birth: &str, seq: &str) -> String {
    let first17 = format!("371002{birth}{seq}");
    let check = id_check_char(first17.as_bytes()).expect("17 digits");
    format!("{first17}{}", check as char)
}

fn is_minor(role: &str) -> bool {
    matches!(role, "newborn" | "child")
}

/// Roles of minors get a recent birth (a girl), everyone else an adult one (a man), so birth-order rules hold.
fn id_for_role(role: &str) -> String {
    if is_minor(role) {
        resident_id("20250101", "002")
    } else {
        resident_id("19800101", "001")
    }
}

/// The birth date and sex code that [`id_for_role`] encodes.
fn birth_and_sex(role: &str) -> (&'static str, &'static str) {
    if is_minor(role) {
        ("2025-01-01", "2")
    } else {
        ("1980-01-01", "1")
    }
}

/// A valid answer for a field with `constraints` (first allowed option for choices) about `role`.
pub fn sample(c: &Constraints, role: &str) -> String {
    let text = || "威".repeat(c.min_len.unwrap_or(2).max(2) as usize);
    match c.kind {
        Kind::Text | Kind::LongText | Kind::Address => text(),
        Kind::Enum | Kind::MultiEnum => {
            let resident = c.options.iter().find(|o| o.code == "resident_id");
            resident.or(c.options.first()).map(|o| o.code.clone()).unwrap_or_default()
        }
        Kind::Date => "2000-01-01".to_owned(),
        Kind::Number | Kind::Money => format!("{}", c.min.unwrap_or(0.0).max(1.0)),
        Kind::ResidentId | Kind::DocumentNumber => id_for_role(role),
        Kind::Uscc => "91110000600037341L".to_owned(),
        Kind::Mobile => "13800138000".to_owned(),
        Kind::Landline => "0631-5201234".to_owned(),
        Kind::PostalCode => "264200".to_owned(),
        Kind::Email => "a@example.com".to_owned(),
        Kind::Passport => "G12345678".to_owned(),
        Kind::HkMacauPermit => "CA1234567".to_owned(),
        Kind::HomeReturnPermit => "H12345678".to_owned(),
        Kind::TaiwanPermit => "12345678".to_owned(),
        Kind::YesNo => "1".to_owned(),
    }
}

/// Valid answers to every field and the fewest members every group allows (at least one). 证件类型 is the
/// 居民身份证 wherever it can be; birth dates and sexes agree with the role's ID number.
pub fn full_answers(form: &MergedForm) -> Answers {
    let mut answers = Answers::default();
    for f in form.fields() {
        let role = f.id.key.role.as_str();
        let value = match f.id.key.element.as_str() {
            "csrq" => birth_and_sex(role).0.to_owned(),
            "xb" if f.constraints.options.iter().any(|o| o.code == birth_and_sex(role).1) => {
                birth_and_sex(role).1.to_owned()
            }
            _ => sample(&f.constraints, role),
        };
        answers.set(f.id.clone(), value);
    }
    for g in form.groups() {
        let member: BTreeMap<String, String> =
            g.members.iter().map(|m| (m.element.clone(), sample(&m.constraints, &g.role))).collect();
        let count = g.min.max(1).min(g.max) as usize;
        answers.groups.insert(g.key.clone(), vec![member; count]);
    }
    answers
}
