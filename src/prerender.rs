//! Putting the build-time render of the home screen into the app-zone page, and naming the files of the other
//! prerendered screens (`src/bin/prerender.rs`). Plain string work, tested natively.

use sqsb_core::catalog::Catalog;

use crate::route::Route;

/// Where the home goes in `www/index.template.html`.
pub const START: &str = "<!-- sqsb:prerender -->";
pub const END: &str = "<!-- /sqsb:prerender -->";

/// The page with `home` in place of what stands between the marks. Refuses markup the page's Content-Security-Policy
/// would block (inline scripts, style attributes, inline handlers): the prerendered home must look and work as the app.
pub fn fill(page: &str, home: &str) -> Result<String, String> {
    let start = page.find(START).ok_or("no <!-- sqsb:prerender --> mark")?;
    let end = page.find(END).filter(|end| *end > start).ok_or("no <!-- /sqsb:prerender --> mark after the first")?;
    check_markup(home)?;
    Ok(format!("{}{START}{home}{}", &page[..start], &page[end..]))
}

/// Refuses a rendered screen that is not the app's markup or that the page's Content-Security-Policy would block
/// (inline scripts, style attributes, inline handlers): a prerendered screen must look and work as the app.
pub fn check_markup(screen: &str) -> Result<(), String> {
    if !screen.contains("class=\"sq-app") {
        return Err("the rendered screen has no .sq-app root".into());
    }
    let lower = screen.to_lowercase();
    for forbidden in ["<script", "<style", " style=", " onclick=", " onsubmit=", " oninput=", "javascript:"] {
        if lower.contains(forbidden) {
            return Err(format!("the rendered screen contains `{}`, which the page's CSP forbids", forbidden.trim()));
        }
    }
    Ok(())
}

/// The screens prerendered to files besides the home: every stage and every scenario of the catalog, and the search
/// screen without a query. They are what a tap or a search on the prerendered home leads to; `boot.js` shows them
/// until the app runs (and fills the search screen's results with the first-screen search, first/).
pub fn static_routes(catalog: &Catalog) -> Vec<Route> {
    let mut routes = vec![Route::Search { query: String::new() }];
    for lc in &catalog.lifecycles {
        for stage in &lc.stages {
            routes.push(Route::Stage { lifecycle: lc.id, no: stage.no });
            for sc in &stage.scenarios {
                routes.push(Route::Scenario { lifecycle: lc.id, code: sc.code.clone() });
            }
        }
    }
    routes
}

/// The file a prerendered screen is written to (in `pkg/pages/`), named after its route: `#/stage/enterprise/1` →
/// `stage-enterprise-1.html`, `#/scenario/personal/1.1` → `scenario-personal-1.1.html`, the search screen (any
/// query: `boot.js` fills in the query and the results) `search.html`. `boot.js` derives the same name from the hash
/// (`staticScreenFile`); None for screens that are not prerendered.
pub fn page_file(route: &Route) -> Option<String> {
    match route {
        Route::Search { .. } => Some("search.html".to_owned()),
        Route::Stage { lifecycle, no } => Some(format!("stage-{}-{no}.html", lifecycle.as_str())),
        Route::Scenario { lifecycle, code } => Some(format!("scenario-{}-{code}.html", lifecycle.as_str())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<div id=\"app\"><!-- sqsb:prerender --><p>加载中</p><!-- /sqsb:prerender --></div>";

    #[test]
    fn the_home_replaces_what_stands_between_the_marks() {
        let filled = fill(PAGE, "<div class=\"sq-app\">首页</div>").expect("filled");
        assert_eq!(
            filled,
            "<div id=\"app\"><!-- sqsb:prerender --><div class=\"sq-app\">首页</div><!-- /sqsb:prerender --></div>"
        );
    }

    #[test]
    fn markup_the_csp_would_block_is_refused() {
        for home in [
            "<div class=\"sq-app\"><script>x()</script></div>",
            "<div class=\"sq-app\" style=\"color:red\"></div>",
            "<div class=\"sq-app\"><a href=\"javascript:x()\">x</a></div>",
        ] {
            assert!(fill(PAGE, home).is_err(), "{home}");
        }
    }

    #[test]
    fn stage_and_scenario_screens_are_named_after_their_route_and_others_have_no_file() {
        use sqsb_core::catalog::LifecycleId;
        let stage = Route::Stage { lifecycle: LifecycleId::Enterprise, no: 1 };
        assert_eq!(page_file(&stage).as_deref(), Some("stage-enterprise-1.html"));
        let scenario = Route::Scenario { lifecycle: LifecycleId::Personal, code: "1.1".into() };
        assert_eq!(page_file(&scenario).as_deref(), Some("scenario-personal-1.1.html"));
        assert_eq!(page_file(&Route::Search { query: "出生".into() }).as_deref(), Some("search.html"));
        assert_eq!(page_file(&Route::Home), None);
        assert_eq!(page_file(&Route::Item { id: "P003".into() }), None);
    }

    #[test]
    fn a_template_without_marks_or_a_home_without_the_app_is_refused() {
        assert!(fill("<div id=\"app\"></div>", "<div class=\"sq-app\"></div>").is_err());
        assert!(fill("<!-- /sqsb:prerender --><!-- sqsb:prerender -->", "<div class=\"sq-app\"></div>").is_err());
        assert!(fill(PAGE, "<div>首页</div>").is_err());
    }
}
