//! Browser glue in real headless Chromium (`wasm-pack test --headless --chrome`): mounting the app into a DOM
//! element renders the catalog's home screen, and unmounting removes it.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("create div");
    gloo::utils::body()
        .append_child(&root)
        .expect("append root");
    root
}

#[wasm_bindgen_test]
async fn mount_renders_both_lifecycles_with_their_stages() {
    let root = fresh_root();
    let mut handle = weihai_sqsb::mount(root.clone());
    yew::scheduler::flush().await;

    let headings: Vec<String> = {
        let list = root.query_selector_all("h2").expect("query h2");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.text_content())
            .collect()
    };
    assert_eq!(
        headings,
        ["企业全生命周期（107 项）", "个人全生命周期（113 项）"]
    );

    let stages = root
        .query_selector_all(".sq-stage-card")
        .expect("query stages");
    assert_eq!(
        stages.length(),
        6 + 11,
        "six enterprise stages and eleven personal stages"
    );
    let first = stages
        .item(0)
        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        .expect("first stage");
    assert_eq!(first.text_content().as_deref(), Some("企业开办7 项"));

    handle.unmount();
    yew::scheduler::flush().await;
    assert_eq!(
        root.child_element_count(),
        0,
        "unmount removes what mount rendered"
    );
    handle.unmount(); // a second call is harmless
}

#[wasm_bindgen_test]
async fn mount_replaces_the_loading_placeholder() {
    let root = fresh_root();
    root.set_inner_html(r#"<div class="sq-boot">正在加载</div>"#);
    let mut handle = weihai_sqsb::mount(root.clone());
    yew::scheduler::flush().await;
    assert!(root.query_selector(".sq-boot").expect("query").is_none());
    assert!(root.query_selector(".sq-app").expect("query").is_some());
    handle.unmount();
}
