//! The screens prerendered at build time (src/bin/prerender.rs): the home in the app-zone page is the app's home for
//! the bundled catalog and passes the strict CSP; every stage and scenario has its file, the app's own screen.
#![cfg(all(feature = "prerender", not(target_arch = "wasm32")))]

use sqsb_core::catalog::{CatalogIndex, LifecycleId};
use sqsb_core::search::MAX_QUERY_CHARS;
use sqsb_core::validate::Date;
use weihai_sqsb::app::StaticScreenProps;
use weihai_sqsb::prerender::{check_markup, page_file, static_routes};
use weihai_sqsb::route::Route;

fn render(route: Route) -> String {
    weihai_sqsb::prerender::render(StaticScreenProps { route, application: None })
}

fn home() -> String {
    render(Route::Home)
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

#[test]
fn every_stage_and_scenario_is_prerendered_as_the_app_shows_it() {
    let catalog = CatalogIndex::bundled().expect("bundled catalog");
    let routes = static_routes(&catalog.catalog);
    let stages: usize = catalog.catalog.lifecycles.iter().map(|lc| lc.stages.len()).sum();
    let scenarios: usize =
        catalog.catalog.lifecycles.iter().flat_map(|lc| &lc.stages).map(|stage| stage.scenarios.len()).sum();
    assert_eq!(routes.len(), stages + scenarios + 1, "and the search screen");
    let files: std::collections::BTreeSet<String> = routes.iter().filter_map(page_file).collect();
    assert_eq!(files.len(), routes.len(), "one file for each, no two alike");

    // A scenario: its items with their departments, its link to apply, the breadcrumb back to its stage.
    let birth = render(Route::Scenario { lifecycle: LifecycleId::Personal, code: "1.1".into() });
    check_markup(&birth).expect("passes the CSP check");
    assert!(birth.contains("data-build=\"static\""));
    assert!(birth.contains("href=\"#/item/P006\""), "links to its items");
    assert!(birth.contains("协同部门：市公安局"));
    assert!(birth.contains("href=\"#/start/scenario/personal/1.1\""), "办理这一件事");
    assert!(birth.contains("href=\"#/stage/personal/1\""), "breadcrumb to the stage");
    assert!(!birth.contains("sq-boot"), "a screen, not the loading state");

    // The search screen without a query: the box (boot.js fills in the query) and an empty place for the results.
    let search = render(Route::Search { query: String::new() });
    check_markup(&search).expect("passes the CSP check");
    assert!(search.contains("id=\"sq-q\""));
    assert!(search.contains(&format!("maxlength=\"{MAX_QUERY_CHARS}\"")), "typing stops where search stops reading");
    assert!(search.contains("<div class=\"sq-results\"></div>"));

    // A stage: every scenario of it.
    let route = Route::Stage { lifecycle: LifecycleId::Enterprise, no: 1 };
    let opening = render(route);
    let stage = &catalog.catalog.lifecycles[0].stages[0];
    for sc in &stage.scenarios {
        assert!(opening.contains(&format!("href=\"#/scenario/enterprise/{}\"", sc.code)), "scenario {}", sc.code);
    }
}

/// The first-screen search (first/) answers before the app has arrived, and the app then replaces its results with
/// its own: they must be the same markup, or the screen would jump when the app mounts.
#[test]
fn the_first_screen_search_renders_the_results_exactly_as_the_app() {
    let first = sqsb_first::Search::with_stored(None, Date::default()).expect("bundled catalog");
    // Past the query length search reads (MAX_QUERY_CHARS), found and not found: a link can carry any length.
    let long = [format!("开公司{}", "龘".repeat(200)), "龘".repeat(200)];
    let queries = [
        "出生",
        "生孩子",
        "shengxiaohai",
        "老人去世",
        "hkdj",
        "开公司",
        "社保",
        "gs",
        "退休 养老",
        "E001",
        "<b>&\"'",
        "没有这个事项",
        "   ",
        "",
    ];
    for query in queries.into_iter().chain(long.iter().map(String::as_str)) {
        let app = render(Route::Search { query: query.into() });
        let expected = format!("<div class=\"sq-results\">{}</div>", first.results_html(query));
        assert!(app.contains(&expected), "query {query:?}:\napp:   {app}\nfirst: {expected}");
    }
}
