//! The home screen prerendered into the app-zone page (src/bin/prerender.rs): it is the app's home for the bundled
//! catalog, and the page it goes into passes the strict CSP.
#![cfg(all(feature = "prerender", not(target_arch = "wasm32")))]

use sqsb_core::catalog::CatalogIndex;
use weihai_sqsb::app::StaticHome;

fn home() -> String {
    futures::executor::block_on(yew::ServerRenderer::<StaticHome>::new().hydratable(false).render())
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn the_prerendered_home_links_every_stage_of_both_lifecycles_with_its_item_count() {
    let html = home();
    let catalog = CatalogIndex::bundled().expect("bundled catalog");
    let mut stages = 0;
    for lc in &catalog.catalog.lifecycles {
        for stage in &lc.stages {
            let link = format!("href=\"#/stage/{}/{}\"", lc.id.as_str(), stage.no);
            assert_eq!(count(&html, &link), 1, "one link to {link}");
            let items = weihai_sqsb::screens::home::item_count(stage);
            let card = format!(
                "<span class=\"sq-stage-name\">{}</span><span class=\"sq-stage-count\">{items} 项</span>",
                stage.name
            );
            assert!(html.contains(&card), "stage card {card}");
            stages += 1;
        }
    }
    assert_eq!(count(&html, "class=\"sq-stage-card\""), stages, "no other stage cards");
    assert!(html.contains(&format!("data-catalog-version=\"{}\"", catalog.version())));
    assert!(html.contains("data-build=\"static\""), "marked as the static page, not the running app");
}

#[test]
fn the_prerendered_home_has_the_search_form_the_elder_switch_and_the_featured_scenarios_and_no_device_data() {
    let html = home();
    assert!(html.contains("<form role=\"search\" class=\"sq-search\">"));
    assert!(html.contains("name=\"q\""));
    assert!(html.contains("class=\"sq-button sq-button-secondary sq-elder-button\""));
    assert!(html.contains("aria-pressed=\"false\""), "长辈版 off: boot.js applies a stored choice");
    assert!(count(&html, "class=\"sq-feature-card\"") >= 4, "featured scenarios from data/ui/home.json");
    assert!(!html.contains("sq-drafts"), "drafts are this device's: the app shows them when it mounts");
    assert!(!html.contains("sq-badge"), "an empty basket");
}

#[test]
fn the_page_with_the_prerendered_home_passes_the_csp_check() {
    let template = include_str!("../www/index.template.html");
    let page = weihai_sqsb::prerender::fill(template, &home()).expect("fills the template");
    assert!(page.contains("<main id=\"sq-main\""));
    assert!(page.contains("<script type=\"module\" src=\"./boot.js\"></script>"), "boot.js still loads the app");
    assert!(!page.contains("正在加载政务服务事项"), "the loading state gave way to the home");
}
