//! A crash is never silent (`src/crash.rs`): a real panic after mount, through the real hook, in headless Chromium.
//!
//! The panic is deliberate and happens in a task of its own (`spawn_local`), as a panic in the app would: it
//! traps (`unreachable`, wasm is panic=abort), the trap ends that task's microtask and nothing else, and this test
//! goes on to look at what the hook left. A trapped module keeps its panic count up for good, so this file holds
//! one test: every other test runs in a module that never trapped.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("valid selector");
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.text_content()).collect()
}

/// Waits `ms` on the page's own timer: the panicking task runs meanwhile.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn a_panic_after_mount_says_so_in_every_instance_and_keeps_what_was_saved() {
    let storage = gloo::utils::window().local_storage().ok().flatten().expect("localStorage");
    // Something the citizen kept (the basket): an unreadable draft would be swept at start, by design.
    storage.set_item("sqsb.basket.v1", r#"["P003"]"#).expect("seed the basket");
    let document = gloo::utils::document();
    let _ = gloo::utils::window().location().set_hash("#/");
    // The app-zone page's instance, and a portal's (in a shadow root) in 长辈版: both show the message.
    let page = document.create_element("div").expect("div");
    gloo::utils::body().append_child(&page).expect("append");
    let _page_handle = weihai_sqsb::mount_page(page.clone(), wasm_bindgen::JsValue::UNDEFINED);
    let portal = document.create_element("div").expect("div");
    gloo::utils::body().append_child(&portal).expect("append");
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"elder".into(), &true.into()).expect("options");
    let _portal_handle = weihai_sqsb::mount(portal.clone(), options.into());
    yew::scheduler::flush().await;
    assert_eq!(texts(&page, ".sq-stage-card").len(), 17, "the app is running");
    let shadow = portal.shadow_root().expect("the portal instance's shadow root");
    let embed = shadow.query_selector(".sq-embed").ok().flatten().expect("the portal instance's root");
    assert!(embed.query_selector(".sq-app.sq-elder").ok().flatten().is_some(), "the portal instance runs in 长辈版");
    // A form that had typing pending would save it now (apply/mod.rs); here, record that the hook asks.
    let asked = std::rc::Rc::new(std::cell::Cell::new(0));
    let _save = {
        let asked = asked.clone();
        gloo::events::EventListener::new(&gloo::utils::window(), "sqsb:before-update", move |_| {
            asked.set(asked.get() + 1)
        })
    };

    // What the hook logs: console.error, recorded for the moment of the panic (the test runner's own restored
    // after it).
    let console: wasm_bindgen::JsValue = js_sys::Reflect::get(&js_sys::global(), &"console".into()).expect("console");
    let runner_error = js_sys::Reflect::get(&console, &"error".into()).expect("console.error");
    let logged = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let record = {
        let logged = logged.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(wasm_bindgen::JsValue)>::new(move |message: wasm_bindgen::JsValue| {
            logged.borrow_mut().push(message.as_string().unwrap_or_default())
        })
    };
    js_sys::Reflect::set(&console, &"error".into(), record.as_ref()).expect("record console.error");

    wasm_bindgen_futures::spawn_local(async { panic!("deliberate test trap") });
    sleep(50).await;
    js_sys::Reflect::set(&console, &"error".into(), &runner_error).expect("restore console.error");
    // (A debug build's wasm-bindgen also logs the trap passing through an import: not ours.)
    let logged: Vec<String> = logged.borrow().iter().filter(|m| m.starts_with("weihai-sqsb:")).cloned().collect();
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert!(logged[0].starts_with("weihai-sqsb: panicked at tests/crash.rs:"), "{logged:?}");
    assert!(logged[0].ends_with("deliberate test trap"), "{logged:?}");

    for (name, root) in [("page", &page), ("portal", &embed)] {
        let alert = root.query_selector("[role=alert]").ok().flatten().unwrap_or_else(|| panic!("{name}: no alert"));
        let text = alert.text_content().unwrap_or_default();
        assert!(text.contains("很抱歉，页面出现问题，已停止运行。"), "{name}: {text}");
        assert!(text.contains("您填写的内容已自动保存在本机"), "{name}: {text}");
        assert_eq!(texts(root, "button"), ["重新加载"], "{name}: one button, named 重新加载");
        assert!(root.query_selector(".sq-stage-card").ok().flatten().is_none(), "{name}: the app is gone");
        assert_eq!(root.query_selector_all(".sq-crash").map(|l| l.length()).ok(), Some(1), "{name}: shown once");
    }
    // Each instance keeps its 长辈版 for the message; the portal's stylesheet link stays in its shadow root.
    assert!(page.query_selector(".sq-crash.sq-elder").ok().flatten().is_none());
    assert!(embed.query_selector(".sq-crash.sq-elder").ok().flatten().is_some(), "长辈版 in the portal instance");
    assert!(shadow.query_selector("link[rel=stylesheet]").ok().flatten().is_some(), "the portal keeps app.css");
    // Focus was nowhere in particular: the first instance's button has it, ready for Enter.
    let focused = document.active_element().and_then(|e| e.text_content());
    assert_eq!(focused.as_deref(), Some("重新加载"));
    let button = page.query_selector("button").ok().flatten().expect("button");
    assert_eq!(button.get_attribute("type").as_deref(), Some("button"), "a button that submits nothing");
    assert_eq!(asked.get(), 1, "open forms were asked to save, once");
    // What was stored before the crash is untouched.
    assert_eq!(storage.get_item("sqsb.basket.v1").ok().flatten().as_deref(), Some(r#"["P003"]"#));
    storage.remove_item("sqsb.basket.v1").ok();
}
