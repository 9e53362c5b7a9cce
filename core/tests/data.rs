//! The field dictionary, form specifications, materials and guides: complete for every leaf, consistent with
//! each other, honest; and the loaders give located errors on bad data.

use sqsb_core::catalog::CatalogIndex;
use sqsb_core::dictionary::{Dictionary, FieldKey, Kind, Sensitivity};
use sqsb_core::forms::FormSet;
use sqsb_core::guides::{phone_like, ExemptSource, GuideSet, MaterialDictionary, UNKNOWN};

struct All {
    catalog: CatalogIndex,
    dict: Dictionary,
    forms: FormSet,
    materials: MaterialDictionary,
    guides: GuideSet,
}

fn all() -> All {
    let fail = |e: &dyn std::fmt::Display| -> ! { panic!("{e}") };
    All {
        catalog: CatalogIndex::bundled().unwrap_or_else(|e| fail(&e)),
        dict: Dictionary::bundled().unwrap_or_else(|e| fail(&e)),
        forms: FormSet::bundled().unwrap_or_else(|e| fail(&e)),
        materials: MaterialDictionary::bundled().unwrap_or_else(|e| fail(&e)),
        guides: GuideSet::bundled().unwrap_or_else(|e| fail(&e)),
    }
}

fn key(s: &str) -> FieldKey {
    FieldKey::parse(s).unwrap_or_else(|| panic!("{s} is element@role"))
}

// ---------------------------------------------------------------------------------------------
// The real data
// ---------------------------------------------------------------------------------------------

#[test]
fn the_dictionary_follows_the_national_standards() {
    let a = all();
    let id = a.dict.element("gmsfhm").expect("公民身份号码");
    assert_eq!(
        (id.label.as_str(), id.identifier.as_deref(), id.kind),
        ("公民身份号码", Some("GMSFHM"), Kind::ResidentId)
    );
    assert!(id.synonyms.iter().any(|s| s == "身份证号") && id.synonyms.iter().any(|s| s == "居民身份证号"));
    assert!(id.standard.as_deref().is_some_and(|s| s.contains("GB 11643")));
    assert_eq!(id.sensitivity, Sensitivity::Sensitive);
    assert_eq!(a.dict.option_codes("xb"), ["0", "1", "2", "9"], "GB/T 2261.1 sex codes");
    let nations = a.dict.option_codes("mz");
    assert_eq!((nations.len(), nations[0], nations[55]), (58, "01", "56"), "GB 3304: 56 nations + 97, 98");
    assert_eq!(a.dict.element("tyshxydm").map(|e| e.kind), Some(Kind::Uscc));
    // Minors' data is sensitive whatever the element's own mark (PIPL Art. 28).
    assert_eq!(a.dict.sensitivity(&key("xm@newborn")), Sensitivity::Sensitive);
    assert_eq!(a.dict.sensitivity(&key("xm@applicant")), Sensitivity::Personal);
    for (k, e) in &a.dict.elements {
        if matches!(e.kind, Kind::Enum | Kind::MultiEnum) {
            assert!(!a.dict.option_codes(k).is_empty(), "{k} has options");
        }
    }
}

#[test]
fn every_leaf_has_a_form_that_checks() {
    let a = all();
    if let Err(e) = a.forms.check(&a.catalog, &a.dict) {
        panic!("{e}");
    }
    assert_eq!(a.forms.entries.len(), 303);
}

#[test]
fn every_leaf_has_a_guide_that_checks() {
    let a = all();
    if let Err(e) = a.guides.check(&a.catalog, &a.materials, &a.forms, &a.dict) {
        panic!("{e}");
    }
    assert_eq!(a.guides.guides.len(), 303);
}

/// A form made only of who-is-applying fields (name, ID, phone, address…) would be a stub.
#[test]
fn no_form_is_a_generic_stub() {
    let a = all();
    let generic = [
        "xm", "gmsfhm", "xb", "csrq", "mz", "sjhm", "gddh", "dzyx", "yzbm", "jzdz", "hjdz", "zjlx", "zjhm", "sfdb",
        "bz", "qymc", "tyshxydm",
    ];
    for leaf in a.catalog.leaves() {
        let spec = a.forms.spec(leaf.id.as_str()).expect("has a form").expect("resolves");
        // Specific: an element beyond identity/contact, or any field about someone other than the applicant side
        // (the newborn, the deceased, a house…).
        let applicant_side = ["applicant", "agent", "enterprise", "legal_rep", "liaison"];
        let specific = spec
            .fields
            .iter()
            .filter(|f| {
                !generic.contains(&f.field.element.as_str()) || !applicant_side.contains(&f.field.role.as_str())
            })
            .count()
            + spec.groups.len();
        assert!(specific >= 1, "{} {} asks only generic fields", leaf.id, leaf.name);
        assert!(spec.fields.len() >= 3, "{} {} asks fewer than 3 fields", leaf.id, leaf.name);
    }
}

/// A person may apply through someone else (代办); an organisation always acts through its 经办人, so there the
/// agent is asked unconditionally.
#[test]
fn agent_fields_are_asked_only_when_someone_applies_on_anothers_behalf() {
    let a = all();
    for leaf in a.catalog.leaves() {
        let spec = a.forms.spec(leaf.id.as_str()).expect("has a form").expect("resolves");
        let organisation = spec.fields.iter().any(|f| f.field.role == "enterprise" || f.field.element == "qymc");
        if organisation {
            continue;
        }
        for f in spec.fields.iter().filter(|f| f.field.role == "agent") {
            let when = f.when.as_ref().unwrap_or_else(|| panic!("{} {} is unconditional", leaf.id, f.field));
            assert!(
                when.references().iter().any(|(k, _)| k.element == "sfdb"),
                "{} {} depends on 是否委托他人代办",
                leaf.id,
                f.field
            );
        }
    }
}

#[test]
fn shared_licences_are_marked_exempt() {
    let a = all();
    for k in ["jmsfz", "hkb", "yyzz", "jhz", "csyxzm", "bdcqzs", "shbzk"] {
        let m = a.materials.get(k).unwrap_or_else(|| panic!("{k} exists"));
        assert_eq!(m.exempt.as_ref().map(|e| e.source), Some(ExemptSource::ELicence), "{k}");
    }
    // Every guide lists the application form, generated by 一表申请.
    for (id, (_, g)) in &a.guides.guides {
        assert!(g.materials.iter().any(|m| m.key == "sqb"), "{id} lists the application form");
    }
}

#[test]
fn guides_are_honest() {
    let a = all();
    for (id, (_, g)) in &a.guides.guides {
        // A legal time limit is only given with the law that sets it.
        if g.legal_days.is_some() {
            assert!(!g.basis.is_empty(), "{id}");
        }
        // The department's own commitment is not ours to state.
        assert_eq!(g.promised_days, None, "{id}: 承诺时限以受理部门公布为准");
        if g.fee.free.is_none() {
            // 以受理部门公布为准, or the body that publishes it (以中国人民银行征信中心公布为准).
            assert!(
                g.fee.basis.contains(UNKNOWN) || g.fee.basis.contains("公布为准"),
                "{id}: an unknown fee says {UNKNOWN}"
            );
        }
        assert!(g.consult.contains("12345") || g.complaint.contains("12345"), "{id} names the 12345 hotline");
    }
}

#[test]
fn the_phone_number_check_catches_numbers_and_spares_laws_and_dates() {
    assert_eq!(phone_like("咨询电话：0631-5200000"), Some("0631-5200000".into()));
    assert_eq!(phone_like("请拨打 13800138000"), Some("13800138000".into()));
    assert_eq!(phone_like("5200 000"), Some("5200 000".into()));
    assert_eq!(phone_like("12345 政务服务便民热线"), None);
    assert_eq!(phone_like("国务院令第746号，2021年6月25日，第四十二条"), None);
    assert_eq!(phone_like("20 个工作日"), None);
}

// ---------------------------------------------------------------------------------------------
// Bad data gives located errors, never a panic
// ---------------------------------------------------------------------------------------------

fn bundle(files: &[(&str, serde_json::Value)]) -> String {
    serde_json::Value::Array(files.iter().map(|(f, d)| serde_json::json!({ "file": f, "doc": d })).collect())
        .to_string()
}

fn tiny_dictionary() -> serde_json::Value {
    serde_json::json!({
        "roles": [ { "key": "applicant", "label": "申请人", "kind": "person", "order": 10 },
                   { "key": "agent", "label": "代办人", "kind": "person", "order": 12 },
                   { "key": "shareholder", "label": "股东", "kind": "person", "order": 28 },
                   { "key": "item", "label": "本事项", "kind": "item", "order": 90 } ],
        "option_lists": [ { "key": "sex", "label": "性别", "options": [ { "code": "1", "label": "男" }, { "code": "2", "label": "女" } ] } ],
        "elements": [ { "key": "xm", "label": "姓名", "kind": "text", "sensitivity": "personal" },
                      { "key": "xb", "label": "性别", "kind": "enum", "sensitivity": "personal", "options": "sex" },
                      { "key": "sfdb", "label": "是否委托他人代办", "kind": "yes_no", "sensitivity": "public" } ],
        "groups": [ { "key": "shareholders", "label": "股东", "role": "shareholder", "elements": ["xm"], "required": ["xm"] } ]
    })
}

fn dict() -> Dictionary {
    Dictionary::from_bundle(&bundle(&[("common.json", tiny_dictionary())])).expect("tiny dictionary")
}

fn dictionary_error(files: &[(&str, serde_json::Value)]) -> String {
    match Dictionary::from_bundle(&bundle(files)) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.message_zh(),
    }
}

#[test]
fn dictionary_errors_are_located() {
    let mut dup = tiny_dictionary();
    dup["elements"].as_array_mut().expect("array").push(serde_json::json!({ "key": "name2", "label": "名字", "synonyms": ["姓名"], "kind": "text", "sensitivity": "personal" }));
    let msg = dictionary_error(&[("common.json", dup)]);
    assert!(
        msg.contains("“姓名”同时用于数据元“name2”和“xm”") || msg.contains("“姓名”同时用于数据元“xm”和“name2”"),
        "{msg}"
    );

    let other = serde_json::json!({ "elements": [ { "key": "xm", "label": "姓名（另）", "kind": "text", "sensitivity": "personal" } ] });
    let msg = dictionary_error(&[("a.json", tiny_dictionary()), ("b.json", other)]);
    assert!(msg.contains("dictionary/b.json elements[0]") && msg.contains("重复定义"), "{msg}");

    let mut no_list = tiny_dictionary();
    no_list["elements"][1]["options"] = "nation".into();
    assert!(dictionary_error(&[("c.json", no_list)]).contains("选项表“nation”不存在"));

    let mut bad_kind = tiny_dictionary();
    bad_kind["elements"][0]["kind"] = "phone".into();
    let msg = dictionary_error(&[("c.json", bad_kind)]);
    assert!(msg.contains("dictionary/c.json elements[0].kind"), "{msg}");

    let broken = serde_json::Value::String("不是有效的 JSON：expected value at line 1".into());
    assert!(dictionary_error(&[("d.json", broken)]).contains("dictionary/d.json"));

    let mut bad_group = tiny_dictionary();
    bad_group["groups"][0]["elements"] = serde_json::json!(["xm", "nope"]);
    assert!(dictionary_error(&[("e.json", bad_group)]).contains("数据元“nope”不存在"));
}

fn form_error(doc: serde_json::Value, item: &str) -> String {
    let forms = match FormSet::from_bundle(&bundle(&[("t.json", doc)])) {
        Ok(f) => f,
        Err(e) => return e.message_zh(),
    };
    match forms.spec(item) {
        None => "no spec".into(),
        Some(Err(e)) => e.message_zh(),
        Some(Ok(spec)) => match sqsb_core::forms::check_spec(&spec, &dict()) {
            Ok(()) => panic!("expected an error for {item}: {spec:?}"),
            Err((path, msg)) => format!("{path} {msg}"),
        },
    }
}

fn one_form(fields: serde_json::Value) -> serde_json::Value {
    serde_json::json!({ "forms": [ { "item": "E002", "based_on": "测试", "fields": fields } ] })
}

#[test]
fn form_errors_are_located() {
    let cases: Vec<(serde_json::Value, &str)> = vec![
        (one_form(serde_json::json!([{ "field": "nope@applicant" }])), "数据元“nope”不存在"),
        (one_form(serde_json::json!([{ "field": "xm@nobody" }])), "角色“nobody”不存在"),
        (
            one_form(serde_json::json!([{ "field": "xm@applicant" }, { "field": "xm@applicant" }])),
            ".fields[1] 字段“xm@applicant”重复",
        ),
        (one_form(serde_json::json!([{ "field": "xb@applicant", "options": ["3"] }])), "选项“3”不在选项表中"),
        (one_form(serde_json::json!([{ "field": "xb@applicant", "options": [] }])), "限定的选项不能为空"),
        (one_form(serde_json::json!([{ "field": "xm@applicant", "options": ["1"] }])), "只有选择类字段可以限定选项"),
        (
            one_form(
                serde_json::json!([{ "field": "xm@agent", "when": { "field": "sfdb@applicant", "equals": "1" } }]),
            ),
            "条件引用的字段“sfdb@applicant”不在本表单中",
        ),
        (
            one_form(
                serde_json::json!([{ "field": "sfdb@applicant" }, { "field": "xm@agent", "when": { "field": "sfdb@applicant", "equals": "是" } }]),
            ),
            "条件中的取值“是”不是字段“sfdb@applicant”的选项",
        ),
        (
            one_form(
                serde_json::json!([{ "field": "sfdb@applicant" }, { "field": "xm@agent", "when": { "field": "sfdb@applicant" } }]),
            ),
            ".fields[1].when 条件必须是",
        ),
        (one_form(serde_json::json!([{ "field": "xm" }])), "不是“数据元@角色”形式的字段"),
        (one_form(serde_json::json!([])), "表单没有字段"),
    ];
    for (doc, expected) in cases {
        let msg = form_error(doc, "E002");
        assert!(msg.contains(expected), "expected “{expected}” in “{msg}”");
    }
}

#[test]
fn family_errors_are_located() {
    let cycle = serde_json::json!({
        "families": [ { "key": "a", "label": "A", "based_on": "x", "extends": "b", "fields": [ { "field": "xm@applicant" } ] },
                      { "key": "b", "label": "B", "based_on": "x", "extends": "a" } ],
        "forms": [ { "item": "E002", "family": "a" } ] });
    assert!(form_error(cycle, "E002").contains("继承成环"));
    let remove = serde_json::json!({
        "families": [ { "key": "a", "label": "A", "based_on": "x", "fields": [ { "field": "xm@applicant" } ] } ],
        "forms": [ { "item": "E002", "family": "a", "remove": ["xb@applicant"] } ] });
    assert!(form_error(remove, "E002").contains("forms.E002.remove 要删除的字段“xb@applicant”不在表单族中"));
    let missing = serde_json::json!({ "forms": [ { "item": "E002", "family": "zzz" } ] });
    assert!(form_error(missing, "E002").contains("表单族“zzz”不存在"));
    let no_basis = serde_json::json!({ "forms": [ { "item": "E002", "fields": [ { "field": "xm@applicant" } ] } ] });
    assert!(form_error(no_basis, "E002").contains("必须写明 based_on"));
    let groups = serde_json::json!({ "forms": [ { "item": "E002", "based_on": "x", "fields": [ { "field": "xm@applicant" } ],
        "groups": [ { "group": "shareholders", "min": 3, "max": 2 } ] } ] });
    assert!(form_error(groups, "E002").contains("重复组人数范围 3–2 不正确"));
    let in_group = serde_json::json!({ "forms": [ { "item": "E002", "based_on": "x",
        "fields": [ { "field": "xm@applicant", "when": { "field": "xm@shareholder", "filled": true } } ],
        "groups": [ { "group": "shareholders", "min": 1, "max": 2 } ] } ] });
    assert!(form_error(in_group, "E002").contains("条件不能引用重复组中的字段"));
    let twice =
        serde_json::json!({ "forms": [ { "item": "E002", "based_on": "x" }, { "item": "E002", "based_on": "y" } ] });
    assert!(form_error(twice, "E002").contains("forms/t.json forms[1] 事项“E002”的表单重复定义"));
}

fn guide_doc(patch: serde_json::Value) -> serde_json::Value {
    let mut g = serde_json::json!({
        "item": "E002", "handler": "市公安局", "target": "企业", "conditions": ["已领取营业执照"],
        "materials": [ { "key": "sqb", "form": "电子", "count": 1, "required": true } ],
        "steps": [ { "name": "申请", "detail": "提交申请" } ],
        "legal_days": null, "promised_days": null, "fee": { "free": null, "basis": UNKNOWN },
        "place": UNKNOWN, "online": "unknown", "visits": null,
        "basis": [ { "law": "《印铸刻字业暂行管理规则》" } ],
        "consult": "12345 政务服务便民热线", "complaint": "12345 政务服务便民热线" });
    if let (Some(obj), Some(p)) = (g.as_object_mut(), patch.as_object()) {
        for (k, v) in p {
            obj.insert(k.clone(), v.clone());
        }
    }
    serde_json::json!({ "guides": [ g ] })
}

fn guide_error(patch: serde_json::Value) -> String {
    let a = all();
    let guides = match GuideSet::from_bundle(&bundle(&[("t.json", guide_doc(patch))])) {
        Ok(g) => g,
        Err(e) => return e.message_zh(),
    };
    match guides.check_items(&a.catalog, &a.materials, &a.forms, &a.dict, &["E002"]) {
        Ok(()) => panic!("expected an error"),
        Err(e) => e.message_zh(),
    }
}

#[test]
fn guide_errors_are_located() {
    let cases = [
        (
            serde_json::json!({ "consult": "请拨打 0631-5200000" }),
            "guides.E002.consult 指南中不得出现电话号码“0631-5200000”",
        ),
        (serde_json::json!({ "legal_days": 5, "promised_days": 10 }), "承诺时限 10 天超过法定时限 5 天"),
        (
            serde_json::json!({ "materials": [ { "key": "nope", "form": "原件", "count": 1, "required": true } ] }),
            "材料“nope”不在材料目录中",
        ),
        (
            serde_json::json!({ "materials": [ { "key": "sqwts", "form": "原件", "count": 1, "required": false } ] }),
            "非必需材料必须用文字写明",
        ),
        (
            serde_json::json!({ "materials": [ { "key": "sqwts", "form": "原件", "count": 1, "required": false, "condition": "委托时",
                "when": { "field": "zzz@applicant", "equals": "1" } } ] }),
            ".materials[0].when",
        ),
        (
            serde_json::json!({ "materials": [ { "key": "sqb", "form": "电子", "count": 0, "required": true } ] }),
            "份数不能为 0",
        ),
        (serde_json::json!({ "steps": [] }), "办理流程不能为空"),
        (serde_json::json!({ "basis": [] }), "设定依据不能为空"),
        (serde_json::json!({ "target": " " }), "guides.E002.target 不能为空"),
        (serde_json::json!({ "online": "sometimes" }), "guides[0].online"),
        (
            serde_json::json!({ "materials": [ { "key": "sqb", "form": "扫描件", "count": 1, "required": true } ] }),
            "guides[0].materials[0].form",
        ),
    ];
    for (patch, expected) in cases {
        let msg = guide_error(patch);
        assert!(msg.contains(expected), "expected “{expected}” in “{msg}”");
    }
}

#[test]
fn guide_families_overlay_and_edit_materials() {
    let doc = serde_json::json!({
        "families": [ { "key": "fam", "handler": "市公安局", "target": "企业", "conditions": ["c"],
            "materials": [ { "key": "sqb", "form": "电子", "count": 1, "required": true }, { "key": "yyzz", "form": "原件", "count": 1, "required": true } ],
            "steps": [ { "name": "申请", "detail": "d" } ], "legal_days": null, "promised_days": null,
            "fee": { "free": null, "basis": UNKNOWN }, "place": UNKNOWN, "online": "unknown", "visits": null,
            "basis": [ { "law": "《某条例》" } ], "consult": "12345", "complaint": "12345" } ],
        "guides": [ { "item": "E002", "family": "fam", "target": "新设企业", "remove_materials": ["yyzz"],
            "add_materials": [ { "key": "gszc", "form": "复印件", "count": 1, "required": true } ] } ] });
    let set = GuideSet::from_bundle(&bundle(&[("f.json", doc)])).expect("loads");
    let g = set.guide("E002").expect("resolved");
    assert_eq!(g.target, "新设企业");
    assert_eq!(g.handler, "市公安局");
    assert_eq!(g.materials.iter().map(|m| m.key.as_str()).collect::<Vec<_>>(), ["sqb", "gszc"]);
}
