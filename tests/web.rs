//! Browser glue in real headless Chromium (`wasm-pack test --headless --chrome`): mounting renders the screen
//! the location hash names, from the bundled catalog; unmounting removes it.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use weihai_sqsb::route::Route;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("create div");
    gloo::utils::body().append_child(&root).expect("append root");
    root
}

fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("valid selector");
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.text_content()).collect()
}

async fn mounted_at(hash: &str) -> (web_sys::Element, weihai_sqsb::MountHandle) {
    let _ = gloo::utils::window().location().set_hash(hash);
    let root = fresh_root();
    let handle = weihai_sqsb::mount_page(root.clone(), wasm_bindgen::JsValue::UNDEFINED);
    yew::scheduler::flush().await;
    (root, handle)
}

#[wasm_bindgen_test]
async fn home_shows_both_lifecycles_by_stage_and_the_featured_chains() {
    let (root, mut handle) = mounted_at("#/").await;
    let headings = texts(&root, ".sq-lifecycle h2");
    assert_eq!(headings, ["我是企业企业全生命周期（107 项）", "我是个人个人全生命周期（113 项）"]);
    let stages = texts(&root, ".sq-stage-card");
    assert_eq!(stages.len(), 6 + 11);
    assert_eq!(stages[0], "企业开办7 项");
    let featured = texts(&root, ".sq-feature-title");
    assert!(featured.contains(&"出生一件事".to_owned()), "{featured:?}");

    handle.unmount();
    yew::scheduler::flush().await;
    assert_eq!(root.child_element_count(), 0, "unmount removes what mount rendered");
    handle.unmount(); // a second call is harmless
}

#[wasm_bindgen_test]
async fn a_scenario_deep_link_lists_its_items() {
    let (root, mut handle) = mounted_at("#/scenario/personal/1.1").await;
    assert_eq!(texts(&root, "h1"), ["出生一件事"]);
    let items = texts(&root, ".sq-item-name");
    assert_eq!(items.len(), 6);
    assert_eq!(items[2], "户口登记（出生登记）");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_group_item_offers_its_sub_items() {
    let (root, mut handle) = mounted_at("#/item/E001").await;
    assert_eq!(texts(&root, "h1"), ["公司（企业）设立登记"]);
    assert_eq!(texts(&root, ".sq-item-name").len(), 6);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn search_from_the_url_finds_everyday_words() {
    let (root, mut handle) = mounted_at("#/search?q=%E4%B8%8A%E6%88%B7%E5%8F%A3").await; // 上户口
    let results = texts(&root, ".sq-results .sq-item-name");
    assert_eq!(results.first().map(String::as_str), Some("户口登记（出生登记）"), "{results:?}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn an_unknown_link_says_so() {
    let (root, mut handle) = mounted_at("#/item/E999").await;
    assert_eq!(texts(&root, "h1"), ["没有找到这个事项"]);
    handle.unmount();
    let _ = gloo::utils::window().location().set_hash("#/");
}

/// A portal's `mount(element, options)`: a shadow root with the stylesheet, the start screen from the options,
/// links that move only this instance (the page's URL stays), and an unmount that empties the shadow root.
#[wasm_bindgen_test]
async fn a_portal_mount_lives_in_a_shadow_root_with_its_own_route() {
    use wasm_bindgen::{JsCast, JsValue};
    let _ = gloo::utils::window().location().set_hash("#/basket");
    let root = fresh_root();
    let options = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&options, &JsValue::from_str(k), v).expect("set option");
    set("scenario", &JsValue::from_str("personal/1.1"));
    set("assetBase", &JsValue::from_str("./"));
    let mut handle = weihai_sqsb::mount(root.clone(), options.clone().into());
    yew::scheduler::flush().await;
    let shadow = root.shadow_root().expect("mount attaches a shadow root");
    let in_shadow = |selector: &str| shadow.query_selector(selector).ok().flatten();
    let h1 = |shadow: &web_sys::ShadowRoot| shadow.query_selector("h1").ok().flatten().and_then(|h| h.text_content());
    assert_eq!(h1(&shadow).as_deref(), Some("出生一件事"));
    assert!(in_shadow("link[rel=stylesheet][href='./app.css']").is_some());
    assert_eq!(root.child_element_count(), 0, "nothing in the light DOM");

    let link: web_sys::HtmlElement = in_shadow("a.sq-item-link").expect("an item link").dyn_into().expect("an element");
    let name = link.query_selector(".sq-item-name").ok().flatten().and_then(|n| n.text_content());
    link.click();
    yew::scheduler::flush().await;
    assert_eq!(h1(&shadow), name, "the link moved this instance");
    assert_eq!(gloo::utils::window().location().hash().ok().as_deref(), Some("#/basket"), "the page URL stays");

    handle.unmount();
    yew::scheduler::flush().await;
    assert_eq!(shadow.child_nodes().length(), 0, "unmount empties the shadow root");
    // Mounting again into the same element reuses its shadow root.
    let mut again = weihai_sqsb::mount(root.clone(), options.into());
    yew::scheduler::flush().await;
    assert_eq!(h1(&shadow).as_deref(), Some("出生一件事"));
    again.unmount();
    let _ = gloo::utils::window().location().set_hash("#/");
}

#[wasm_bindgen_test]
fn host_origins_must_be_exact() {
    use weihai_sqsb::config::exact_origin;
    assert_eq!(exact_origin("https://portal.example.gov.cn").as_deref(), Some("https://portal.example.gov.cn"));
    assert_eq!(exact_origin("https://portal.example.gov.cn/").as_deref(), Some("https://portal.example.gov.cn"));
    assert_eq!(exact_origin("http://127.0.0.1:8080").as_deref(), Some("http://127.0.0.1:8080"));
    for bad in ["*", "", "portal.example.gov.cn", "https://portal.example.gov.cn/path", "javascript:alert(1)"] {
        assert_eq!(exact_origin(bad), None, "{bad}");
    }
}

#[wasm_bindgen_test]
fn routes_round_trip_and_never_panic() {
    for r in [
        Route::Home,
        Route::Stage { lifecycle: sqsb_core::LifecycleId::Personal, no: 11 },
        Route::Scenario { lifecycle: sqsb_core::LifecycleId::Enterprise, code: "1.1".into() },
        Route::Item { id: "E001-1".into() },
        Route::Search { query: "上户口 gsdj & =?".into() },
        Route::Basket,
    ] {
        assert_eq!(Route::parse(&r.to_hash()), r);
    }
    for junk in ["", "#", "#/nope", "#/stage/x/1", "#/stage/personal/x", "#/search?q=%E4", "#/item/%", "#//////"] {
        let _ = Route::parse(junk);
    }
    assert_eq!(Route::parse("#/stage/enterprise/abc"), Route::NotFound);
    // The route's own encoder (Rust, so that routes also render natively) writes what the browser's would.
    for query in ["上户口 gsdj & =?", "-_.!~*'()", "a+b/c#d%e", "𠀀é\u{0}\t"] {
        let browser = js_sys::encode_uri_component(query).as_string().unwrap_or_default();
        assert_eq!(Route::Search { query: query.into() }.to_hash(), format!("#/search?q={browser}"), "{query}");
    }
}

// ---------------------------------------------------------------------------------------------
// Drafts on the device (apply::store): autosave and resume, expiry, wipe, corrupted entries
// ---------------------------------------------------------------------------------------------

mod drafts {
    use super::*;
    use sqsb_core::draft::{Draft, ResumePoint, ResumeStep};
    use sqsb_core::engine::{Answers, ChainSpec, FieldId};
    use weihai_sqsb::apply::store;

    fn draft(updated: u64) -> Draft {
        let catalog = sqsb_core::CatalogIndex::bundled().expect("catalog");
        let chain = weihai_sqsb::apply::with_catalog_engine(&catalog, |e| {
            e.chain(&ChainSpec::Basket(vec!["P003".into()]), &Default::default()).expect("chain")
        });
        let mut answers = Answers::default();
        answers.set(FieldId::parse("xm@newborn").expect("field"), "张小明");
        let mut d = weihai_sqsb::apply::with_catalog_engine(&catalog, |e| Draft::new(e, &chain, answers, updated));
        // The citizen typed that name: an answer starts the draft (a notice only looked at is not stored as one).
        let typed = ResumePoint { step: ResumeStep::Form(0), field: Some("sq-f-xm-newborn".into()) };
        assert!(d.note_position(typed, true), "an answer starts the draft");
        d.updated = updated;
        d
    }

    #[wasm_bindgen_test]
    fn a_chain_only_looked_at_is_not_a_draft() {
        store::clear_all();
        let catalog = sqsb_core::CatalogIndex::bundled().expect("catalog");
        let chain = weihai_sqsb::apply::with_catalog_engine(&catalog, |e| {
            e.chain(&ChainSpec::Basket(vec!["P003".into()]), &Default::default()).expect("chain")
        });
        let looked = weihai_sqsb::apply::with_catalog_engine(&catalog, |e| {
            Draft::new(e, &chain, Answers::default(), store::now_ms())
        });
        store::save("seen", &looked).expect("kept as opened");
        assert!(store::list().is_empty(), "not listed among the drafts to continue");
        assert!(store::load("seen").is_some(), "a reload of the same address still opens the chain");
        // The first answer makes it a draft, listed once.
        store::save("seen", &draft(store::now_ms())).expect("saved");
        assert_eq!(store::list().iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["seen"]);
    }

    #[wasm_bindgen_test]
    fn a_saved_draft_resumes_with_its_answers_and_is_listed() {
        store::clear_all();
        let d = draft(store::now_ms());
        store::save("t1", &d).expect("saved");
        let back = store::load("t1").expect("resumes");
        assert_eq!(back, d);
        assert_eq!(store::list().iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["t1"]);
    }

    #[wasm_bindgen_test]
    fn an_expired_draft_is_dropped() {
        store::clear_all();
        let old = store::now_ms() - (store::DRAFT_DAYS + 1) * 24 * 60 * 60 * 1000;
        store::save("old", &draft(old)).expect("saved");
        store::save("new", &draft(store::now_ms())).expect("saved");
        assert!(store::load("old").is_none());
        assert_eq!(store::list().len(), 1);
    }

    #[wasm_bindgen_test]
    fn a_corrupted_entry_loses_only_itself() {
        store::clear_all();
        store::save("good", &draft(store::now_ms())).expect("saved");
        store::save("bad", &draft(store::now_ms())).expect("saved");
        let storage = gloo::utils::window().local_storage().ok().flatten().expect("localStorage");
        storage.set_item("sqsb.draft.bad", "{\"v\":1,\"cv\":").expect("write");
        assert!(store::load("bad").is_none(), "unreadable, never a panic");
        assert!(store::load("good").is_some(), "other drafts untouched");
    }

    #[wasm_bindgen_test]
    fn removing_and_clearing_wipe_personal_data() {
        store::clear_all();
        store::save("a", &draft(store::now_ms())).expect("saved");
        store::save_ticks("a", &["jmsfz".to_owned()]);
        store::remove("a");
        assert!(store::load("a").is_none());
        assert!(store::load_ticks("a").is_empty());
        store::save("b", &draft(store::now_ms())).expect("saved");
        store::clear_all();
        let storage = gloo::utils::window().local_storage().ok().flatten().expect("localStorage");
        let left: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with("sqsb."))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
