//! Putting the build-time render of the home screen into the app-zone page, and naming the files of the other
//! prerendered screens (`src/bin/prerender.rs`). Plain string work, tested natively.

use sqsb_core::catalog::{Catalog, LifecycleId};

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

/// What a date field's `min`/`max` holds in the prerendered application screens where the app writes today
/// (`clock::today` natively): `boot.js` replaces it with the citizen's today before showing the screen.
pub const TODAY_STAND_IN: &str = "1000-01-01";

/// What apply-screens.js must read on this device before it shows an application's prerendered screens: whether the
/// app would continue a stored draft of the chain or prefill from a stored profile (一人一档) instead. The names are
/// the app's own (`apply::store`), written by the build as data attributes on the prerendered notice's root
/// (`with_storage_keys`), so that a key renamed in Rust is renamed in the page with it; apply-screens.js counts a
/// notice without them as "stored" (the app decides).
pub const STORAGE_KEY_ATTRIBUTES: [(&str, &str); 3] = [
    ("data-stored-profile", crate::apply::store::PROFILE_KEY),
    ("data-stored-drafts", crate::apply::store::INDEX_KEY),
    ("data-stored-draft-prefix", crate::apply::store::DRAFT_PREFIX),
];

/// The prerendered screen with [`STORAGE_KEY_ATTRIBUTES`] on its root (the element marked `data-build="static"`).
pub fn with_storage_keys(screen: &str) -> Result<String, String> {
    const MARK: &str = "data-build=\"static\"";
    let at = screen.find(MARK).ok_or("the rendered screen is not marked data-build=\"static\"")? + MARK.len();
    let attributes: String = STORAGE_KEY_ATTRIBUTES.iter().map(|(name, key)| format!(" {name}=\"{key}\"")).collect();
    Ok(format!("{}{attributes}{}", &screen[..at], &screen[at..]))
}

/// The scenarios whose application's first screens are prerendered: every scenario of the catalog, opened at
/// `#/start/scenario/<lifecycle>/<code>` (the notice's and the home's 开始办理).
pub fn application_routes(catalog: &Catalog) -> Vec<(LifecycleId, String)> {
    let scenarios = catalog.lifecycles.iter().flat_map(|lc| {
        lc.stages.iter().flat_map(move |st| st.scenarios.iter().map(move |sc| (lc.id, sc.code.clone())))
    });
    scenarios.collect()
}

/// The files of an application's prerendered notice and first form step: `start-personal-1.1.html` and
/// `start-personal-1.1-form.html`. `boot.js` derives the same names from the hash (`applicationFiles`).
pub fn application_files(lifecycle: LifecycleId, code: &str) -> (String, String) {
    let stem = format!("start-{}-{code}", lifecycle.as_str());
    (format!("{stem}.html"), format!("{stem}-form.html"))
}

/// Renders a screen as the page shows it before the wasm (`app::StaticScreen`).
#[cfg(feature = "prerender")]
pub fn render(props: crate::app::StaticScreenProps) -> String {
    // Local: the application's props hold `Rc`s (one thread renders, as in the browser).
    let renderer = yew::LocalServerRenderer::<crate::app::StaticScreen>::with_props(props);
    futures::executor::block_on(renderer.hydratable(false).render())
}

/// An application's notice and first form step, rendered as the app renders them when it starts the scenario on a
/// first visit, checked against the page's Content-Security-Policy.
#[cfg(feature = "prerender")]
pub fn render_application(
    index: &sqsb_core::catalog::CatalogIndex,
    data: std::rc::Rc<crate::fetch::ChainData>,
    lifecycle: LifecycleId,
    code: &str,
) -> Result<(String, String), String> {
    use crate::apply::{prerendered, ApplicationProp};
    use crate::route::{Start, Step};
    let app = prerendered::application(index, data, lifecycle, code)?;
    let first = prerendered::first_step(&app);
    let route = Route::Start(Start::Scenario { lifecycle, code: code.to_owned() });
    let screen = |step: Step| {
        let props = crate::app::StaticScreenProps {
            route: route.clone(),
            application: Some((ApplicationProp(app.clone()), step)),
        };
        let html = render(props);
        check_markup(&html).map(|()| html)
    };
    Ok((with_storage_keys(&screen(Step::Notice)?)?, screen(first)?))
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

    #[test]
    fn the_storage_keys_go_on_the_marked_root_and_a_screen_without_the_mark_is_refused() {
        let screen = "<div class=\"sq-app\" data-build=\"static\" data-host=\"\"><main></main></div>";
        let marked = with_storage_keys(screen).expect("marked");
        for (name, key) in STORAGE_KEY_ATTRIBUTES {
            assert_eq!(root_attribute(&marked, name).as_deref(), Some(key), "{name}");
            // Written as they are: nothing in a key may need escaping in an attribute.
            assert!(!key.contains(['"', '<', '>', '&']) && !key.is_empty(), "{key}");
        }
        assert!(marked.ends_with("<main></main></div>"), "the rest is untouched: {marked}");
        assert!(with_storage_keys("<div class=\"sq-app\"><main></main></div>").is_err());
    }

    /// The value of an attribute of the first element of `html` (its root), as a browser's `dataset` reads it.
    fn root_attribute(html: &str, name: &str) -> Option<String> {
        let root = &html[..html.find('>')?];
        let rest = root.split(&format!(" {name}=\"")).nth(1)?;
        rest.split('"').next().map(str::to_owned)
    }

    /// Every stage's data, as `src/bin/prerender.rs` reads it.
    #[cfg(feature = "prerender")]
    fn bundled_data() -> std::rc::Rc<crate::fetch::ChainData> {
        use sqsb_core::{dictionary::Dictionary, forms::FormSet, guides::GuideSet, guides::MaterialDictionary};
        std::rc::Rc::new(crate::fetch::ChainData {
            dict: Dictionary::bundled().expect("bundled dictionary"),
            forms: FormSet::bundled().expect("bundled forms"),
            guides: GuideSet::bundled().expect("bundled guides"),
            materials: MaterialDictionary::bundled().expect("bundled materials"),
        })
    }

    /// The `sq-f-…` ids of the form controls in rendered markup, in order.
    #[cfg(feature = "prerender")]
    fn field_ids(html: &str) -> Vec<String> {
        html.split(" id=\"sq-f-")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(|id| format!("sq-f-{id}"))
            .collect()
    }

    #[cfg(feature = "prerender")]
    #[test]
    fn every_scenario_has_a_notice_and_a_first_step_with_the_fields_the_engine_merges_for_it() {
        use crate::apply::{fields::dom_id, form_steps, prerendered};
        let index = sqsb_core::catalog::CatalogIndex::bundled().expect("bundled catalog");
        let data = bundled_data();
        let routes = application_routes(&index.catalog);
        let scenarios: usize =
            index.catalog.lifecycles.iter().flat_map(|lc| &lc.stages).map(|st| st.scenarios.len()).sum();
        assert_eq!(routes.len(), scenarios, "one application per scenario");
        let mut names = std::collections::BTreeSet::new();
        for (lifecycle, code) in routes {
            let (notice, form) = render_application(&index, data.clone(), lifecycle, &code).expect("rendered");
            let (notice_file, form_file) = application_files(lifecycle, &code);
            assert!(names.insert(notice_file.clone()) && names.insert(form_file), "{notice_file} named once");
            // The notice as the app renders it, with its way on (a chain the defaults leave open says so instead).
            assert!(notice.contains("id=\"sq-notice-title\""), "{notice_file}: no notice");
            assert!(notice.contains("开始填表") || notice.contains("请至少选择一项"), "{notice_file}: no way on");
            // The 办事日程 is the app's: its dates depend on today.
            assert!(!notice.contains("sq-schedule"), "{notice_file}: the schedule was rendered");
            // The first step: the visible fields of the merged form's first shown section, in the form's order.
            if !notice.contains("开始填表") {
                continue; // the defaults leave sub-items to pick: the first step comes after the app's notice
            }
            let app = prerendered::application(&index, data.clone(), lifecycle, &code).expect("application");
            let first = form_steps(&app).first().copied().expect("a section to fill in");
            let section = &app.form.sections[first];
            let visible = app.form.visible(&app.draft.answers);
            let expected: Vec<String> =
                section.fields.iter().filter(|f| visible.contains(&f.id)).map(|f| dom_id(&f.id.to_string())).collect();
            let rendered = field_ids(&form);
            assert!(!expected.is_empty() || !section.groups.is_empty(), "{notice_file}: an empty first step");
            for id in &expected {
                assert!(rendered.contains(id), "{notice_file}: the first step lacks {id}");
            }
            assert!(
                form.contains(&format!("<h1 class=\"sq-page-title\">{}</h1>", section.title)),
                "{notice_file}: section title"
            );
        }
    }

    #[cfg(feature = "prerender")]
    #[test]
    fn the_birth_chain_is_rendered_as_the_app_starts_it_and_today_is_left_to_the_page() {
        use sqsb_core::catalog::LifecycleId;
        let index = sqsb_core::catalog::CatalogIndex::bundled().expect("bundled catalog");
        let (notice, form) = render_application(&index, bundled_data(), LifecycleId::Personal, "1.1").expect("出生");
        assert!(notice.contains("一次告知") || notice.contains("sq-notice"), "the notice");
        assert!(notice.contains("data-build=\"static\""), "marked as the prerendered screen");
        // The link names the stand-in draft, which boot.js never follows.
        assert!(notice.contains("#/apply/prerendered/form/"), "开始填表 leads to the first step");
        // The first step asks whether someone else applies (one choice), as the app's 出生 does.
        assert!(form.contains("name=\"sq-f-sfdb-applicant\""), "the first step's question");
        // Where the app writes today (a date field's min or max), the build writes the stand-in boot.js replaces.
        assert_eq!(crate::clock::today().to_string(), TODAY_STAND_IN);
        assert!(!form.contains("sq-error-summary"), "no errors before anything is answered");
    }

    #[cfg(feature = "prerender")]
    #[test]
    fn the_prerendered_notice_carries_the_apps_storage_key_names() {
        use crate::apply::store::{DRAFT_PREFIX, INDEX_KEY, PROFILE_KEY};
        use sqsb_core::catalog::LifecycleId;
        let index = sqsb_core::catalog::CatalogIndex::bundled().expect("bundled catalog");
        for (lifecycle, code) in application_routes(&index.catalog) {
            let (notice, _) = render_application(&index, bundled_data(), lifecycle, &code).expect("rendered");
            // The names apply-screens.js reads (`dataset.storedProfile` …) hold the app's own keys.
            assert_eq!(root_attribute(&notice, "data-stored-profile").as_deref(), Some(PROFILE_KEY), "{code}");
            assert_eq!(root_attribute(&notice, "data-stored-drafts").as_deref(), Some(INDEX_KEY), "{code}");
            assert_eq!(root_attribute(&notice, "data-stored-draft-prefix").as_deref(), Some(DRAFT_PREFIX), "{code}");
        }
        // And a stored draft names its scenario where apply-screens.js looks for it (`chain.scenario`).
        let app =
            crate::apply::prerendered::application(&index, bundled_data(), LifecycleId::Personal, "1.1").expect("出生");
        let stored: serde_json::Value = serde_json::from_str(&app.draft.encode()).expect("a draft is JSON");
        assert_eq!(stored["chain"]["scenario"]["lifecycle"], "personal");
        assert_eq!(stored["chain"]["scenario"]["code"], "1.1");
    }

    /// What the app downloads for a chain and builds its data from (`fetch::ChainData::load`): the dictionary and
    /// the guides and forms files of the stages the chain's leaves are in, as the JSON `export-data` writes to
    /// `pkg/data/` (the same `Bundled::stage_files`), read back.
    #[cfg(feature = "prerender")]
    fn downloaded_data(
        files: &sqsb_core::bundled::StageFiles,
        dictionary_json: &str,
        stems: &[String],
    ) -> std::rc::Rc<crate::fetch::ChainData> {
        use sqsb_core::exchange::{FormsFile, GuidesFile};
        use sqsb_core::{dictionary::Dictionary, forms::FormSet, guides::GuideSet, guides::MaterialDictionary};
        let mut specs = Vec::new();
        let mut guide_files = Vec::new();
        for stem in stems {
            let forms = serde_json::to_string(&files.forms[stem]).expect("forms file");
            specs.extend(serde_json::from_str::<FormsFile>(&forms).expect("forms file read").forms.into_values());
            let guides = serde_json::to_string(&files.guides[stem]).expect("guides file");
            guide_files.push(serde_json::from_str::<GuidesFile>(&guides).expect("guides file read"));
        }
        std::rc::Rc::new(crate::fetch::ChainData {
            dict: Dictionary::from_exchange(dictionary_json).expect("dictionary.json"),
            forms: FormSet::from_specs(specs.iter()),
            guides: GuideSet::from_files(guide_files.iter()),
            materials: MaterialDictionary::from_files(guide_files.iter()),
        })
    }

    /// The prerendered screens are rendered from the bundled data (every stage at once); the app renders the same
    /// screens from the per-stage files it downloads. For every scenario, both must be the same markup, so that
    /// the hand-over changes nothing the citizen has read.
    #[cfg(feature = "prerender")]
    #[test]
    fn every_scenario_renders_the_same_from_the_stage_files_the_app_downloads() {
        use crate::apply::{prerendered, stems};
        let bundled = sqsb_core::bundled::Bundled::load().expect("bundled data");
        let files = bundled.stage_files().expect("stage files");
        let dictionary_json = serde_json::to_string(&bundled.dict.to_exchange()).expect("dictionary.json");
        let index = &bundled.catalog;
        let all_stages = bundled_data();
        for (lifecycle, code) in application_routes(&index.catalog) {
            let app = prerendered::application(index, all_stages.clone(), lifecycle, &code).expect("application");
            let stems = stems(index, &app.chain.leaves);
            // Empty for a notice that asks for sub-items first (no leaf yet): the app then downloads the dictionary only.
            let downloaded = downloaded_data(&files, &dictionary_json, &stems);
            let prerendered = render_application(index, all_stages.clone(), lifecycle, &code).expect("prerendered");
            let from_files = render_application(index, downloaded, lifecycle, &code).expect("from the stage files");
            assert!(prerendered.0 == from_files.0, "{}/{code}: the notice differs", lifecycle.as_str());
            assert!(prerendered.1 == from_files.1, "{}/{code}: the first step differs", lifecycle.as_str());
        }
    }
}
