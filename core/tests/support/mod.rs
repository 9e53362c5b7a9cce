//! Shared by the engine, draft, validator and counter-code tests, the engine benchmark and the `counter_sizes` example (each
//! includes this file): the bundled data, a valid answer for any field, and every scenario's filled form.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use sqsb_core::dictionary::{is_answered_by_link, DateRange, Kind, SAME_PERSON_ELEMENT};
use sqsb_core::engine::{split, validate, Answers, ChainSpec, Constraints, Engine, MergedForm, Payload, Selections};
use sqsb_core::validate::{id_check_char, Date};

pub use sqsb_core::bundled::Bundled as Data;

/// The bundled data, loaded once per test binary.
pub fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| Data::load().unwrap_or_else(|e| panic!("the bundled data loads: {e}")))
}

pub fn engine() -> Engine<'static> {
    data().engine()
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
        Kind::Text if c.digits_only => "6222 0202 0011 2233 445".to_owned(),
        Kind::Text | Kind::LongText | Kind::Address => text(),
        Kind::Enum | Kind::MultiEnum => {
            let resident = c.options.iter().find(|o| o.code == "resident_id");
            resident.or(c.options.first()).map(|o| o.code.clone()).unwrap_or_default()
        }
        Kind::Date if c.dates == Some(DateRange::NotPast) => today().to_string(),
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
    // 同一人 and 同地址 are left unanswered: every person and address is given in full, as before the questions
    // existed.
    for f in form.fields().filter(|f| !is_answered_by_link(&f.id.key.element)) {
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
        let member: BTreeMap<String, String> = g
            .members
            .iter()
            .filter(|m| m.element != SAME_PERSON_ELEMENT)
            .map(|m| (m.element.clone(), sample(&m.constraints, &g.role)))
            .collect();
        let count = g.min.max(1).min(g.max) as usize;
        answers.groups.insert(g.key.clone(), vec![member; count]);
    }
    answers
}

/// Every scenario of the notice (the engine's preset chains) as a merged form, the first sub-item picked in each
/// group item that asks for a choice, with a label `personal/1.1 出生`.
pub fn scenario_forms() -> Vec<(String, MergedForm)> {
    let e = engine();
    e.preset_chains()
        .into_iter()
        .map(|spec| {
            let open = e.chain(&spec, &Selections::new()).expect("a preset chain");
            let picks: Selections =
                open.pending.iter().map(|p| (p.group.clone(), [p.options[0].0.clone()].into())).collect();
            let chain = e.chain(&spec, &picks).expect("a preset chain with picks");
            let form = e.merge(&chain).expect("a preset chain merges");
            let label = match &spec {
                ChainSpec::Scenario { lifecycle, code } => {
                    let name = data().catalog.scenario(*lifecycle, code).map_or("", |s| s.name.as_str());
                    format!("{}/{code} {name}", lifecycle.as_str())
                }
                ChainSpec::Basket(items) => items.join(" "),
            };
            (label, form)
        })
        .collect()
}

/// Names, places and phrases for the free-text answers of [`plausible_answers`].
const NAMES: [&str; 10] = ["王小明", "李华", "张伟", "刘芳", "陈静", "杨洋", "赵磊", "黄丽", "周杰", "吴敏"];
const ADDRESSES: [&str; 6] = [
    "山东省威海市环翠区文化西路18号3单元502室",
    "山东省威海市高区火炬路213号",
    "山东省威海市经区青岛中路106号",
    "山东省威海市文登区峰山路18号",
    "山东省荣成市成山大道399号",
    "山东省乳山市胜利街56号2号楼",
];
const PHRASES: [&str; 8] = [
    "威海市环翠区",
    "威海某某科技有限公司",
    "因工作调动需要办理",
    "按规定申请办理相关手续",
    "无",
    "本人自愿申请，所填信息真实有效",
    "山东省威海市人民医院",
    "家庭困难，申请救助",
];

/// The answers of [`full_answers`] with free text that looks like real answers instead of repeated 威 (which
/// compresses far better than people's answers do): names, addresses and phrases picked per field. With
/// `required_only`, only the fields some item requires are answered (a typical form; split drops hidden ones).
pub fn plausible_answers(form: &MergedForm, required_only: bool) -> Answers {
    let mut answers = full_answers(form);
    let pick = |key: &str, c: &Constraints, pool: &[&str]| -> Option<String> {
        let start = key.bytes().fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(usize::from(b)));
        (0..pool.len()).map(|i| pool[(start + i) % pool.len()]).find_map(|v| {
            let len = v.chars().count() as u32;
            let fits = c.min_len.is_none_or(|m| len >= m) && c.max_len.is_none_or(|m| len <= m);
            fits.then(|| v.to_owned())
        })
    };
    let text = |element: &str, key: &str, c: &Constraints| match c.kind {
        Kind::Text if c.digits_only => None,
        Kind::Text if matches!(element, "xm" | "ztmc" | "lxr") => pick(key, c, &NAMES),
        Kind::Address => pick(key, c, &ADDRESSES),
        Kind::Text | Kind::LongText => pick(key, c, &PHRASES),
        _ => None,
    };
    for f in form.fields() {
        if let Some(v) = text(&f.id.key.element, &f.id.to_string(), &f.constraints) {
            answers.set(f.id.clone(), v);
        }
    }
    for g in form.groups() {
        for (i, member) in answers.groups.get_mut(&g.key).into_iter().flatten().enumerate() {
            for m in &g.members {
                if let Some(v) = text(&m.element, &format!("{}{i}{}", g.key, m.element), &m.constraints) {
                    member.insert(m.element.clone(), v);
                }
            }
        }
    }
    if required_only {
        let required: Vec<_> =
            form.fields().filter(|f| f.askers.iter().any(|a| a.required)).map(|f| f.id.clone()).collect();
        answers.fields.retain(|id, _| required.contains(id));
    }
    answers
}

/// The applications the app hands over for these answers: validated (normalised, derived fields filled), split.
pub fn payloads(form: &MergedForm, answers: &Answers) -> Vec<Payload> {
    split(form, &validate(form, answers, today()).answers)
}
