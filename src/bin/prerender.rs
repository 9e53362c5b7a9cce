//! Renders screens to HTML at build time, so that a first visit sees them as soon as the HTML and CSS have arrived,
//! before the wasm: the home, written into the app-zone page inside `#app`; every stage and scenario and the
//! search screen, written to files that `www/boot.src.js` shows when one is tapped or opened before the app runs;
//! and each scenario's application — its 一次告知 and the form's first step — which `boot.js` shows at
//! `#/start/scenario/…` and hands over to the app when it mounts. The running app replaces them when it mounts.
//!
//!     cargo run --features prerender --bin prerender -- www/index.template.html www/index.html pkg/pages
//!
//! The template marks the place with `<!-- sqsb:prerender -->` … `<!-- /sqsb:prerender -->`; the home replaces what
//! is between the marks (the template's own loading state). A page opened at another screen gets its loading state
//! from boot.js.

use std::path::Path;
use std::process::ExitCode;
use std::rc::Rc;

use sqsb_core::catalog::CatalogIndex;
use sqsb_core::dictionary::Dictionary;
use sqsb_core::forms::FormSet;
use sqsb_core::guides::{GuideSet, MaterialDictionary};
use weihai_sqsb::app::StaticScreenProps;
use weihai_sqsb::fetch::ChainData;
use weihai_sqsb::prerender::{
    application_files, application_routes, check_markup, fill, page_file, render, render_application, static_routes,
};
use weihai_sqsb::route::Route;

fn screen(route: Route) -> String {
    render(StaticScreenProps { route, application: None })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [template, output, pages] = args.as_slice() else {
        eprintln!("usage: prerender <template.html> <output.html> <pages directory>");
        return ExitCode::FAILURE;
    };
    match run(template, output, Path::new(pages)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("prerender: {problem}");
            ExitCode::FAILURE
        }
    }
}

fn run(template: &str, output: &str, pages: &Path) -> Result<(), String> {
    let page = std::fs::read_to_string(template).map_err(|e| format!("cannot read {template}: {e}"))?;
    let home = screen(Route::Home);
    let filled = fill(&page, &home).map_err(|e| format!("{template}: {e}"))?;
    std::fs::write(output, filled).map_err(|e| format!("cannot write {output}: {e}"))?;
    println!("[prerender] {output}: home screen, {} bytes of HTML", home.len());

    let catalog = CatalogIndex::bundled().map_err(|e| format!("bundled catalog: {e}"))?;
    // Rewritten whole: a screen the catalog no longer has must not linger.
    let _ = std::fs::remove_dir_all(pages);
    std::fs::create_dir_all(pages).map_err(|e| format!("cannot create {}: {e}", pages.display()))?;
    let write = |file: &str, html: &str| {
        let path = pages.join(file);
        std::fs::write(&path, html).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let (mut count, mut bytes) = (0, 0);
    for route in static_routes(&catalog.catalog) {
        let Some(file) = page_file(&route) else { continue };
        let html = screen(route);
        check_markup(&html).map_err(|e| format!("{file}: {e}"))?;
        write(&file, &html)?;
        count += 1;
        bytes += html.len();
    }
    println!("[prerender] {}: {count} screens (stages, scenarios, search), {bytes} bytes of HTML", pages.display());

    let data = Rc::new(bundled_data()?);
    let (mut count, mut bytes) = (0, 0);
    for (lifecycle, code) in application_routes(&catalog.catalog) {
        let (notice, form) = render_application(&catalog, data.clone(), lifecycle, &code)
            .map_err(|e| format!("application {}/{code}: {e}", lifecycle.as_str()))?;
        let (notice_file, form_file) = application_files(lifecycle, &code);
        write(&notice_file, &notice)?;
        write(&form_file, &form)?;
        count += 1;
        bytes += notice.len() + form.len();
    }
    println!("[prerender] {}: {count} applications (notice and first step), {bytes} bytes of HTML", pages.display());
    Ok(())
}

/// Every stage's data, as the app downloads it per stage (`pkg/data/`, from the same files): the engine reads only
/// what a chain's leaves name.
fn bundled_data() -> Result<ChainData, String> {
    Ok(ChainData {
        dict: Dictionary::bundled().map_err(|e| format!("dictionary: {}", e.message_zh()))?,
        forms: FormSet::bundled().map_err(|e| format!("forms: {}", e.message_zh()))?,
        guides: GuideSet::bundled().map_err(|e| format!("guides: {}", e.message_zh()))?,
        materials: MaterialDictionary::bundled().map_err(|e| format!("materials: {}", e.message_zh()))?,
    })
}
