//! Renders screens to HTML at build time, so that a first visit sees them as soon as the HTML and CSS have arrived,
//! before the wasm: the home, written into the app-zone page inside `#app`; and every stage and scenario and the
//! search screen, written to files that `www/boot.src.js` shows when one is tapped or opened before the app runs.
//! The running app replaces them when it mounts.
//!
//!     cargo run --features prerender --bin prerender -- www/index.template.html www/index.html pkg/pages
//!
//! The template marks the place with `<!-- sqsb:prerender -->` … `<!-- /sqsb:prerender -->`; the home replaces what
//! is between the marks (the template's own loading state). A page opened at another screen gets its loading state
//! from boot.js.

use std::path::Path;
use std::process::ExitCode;

use sqsb_core::catalog::CatalogIndex;
use weihai_sqsb::app::{StaticScreen, StaticScreenProps};
use weihai_sqsb::prerender::{check_markup, fill, page_file, static_routes};
use weihai_sqsb::route::Route;

fn render(route: Route) -> String {
    let renderer = yew::ServerRenderer::<StaticScreen>::with_props(move || StaticScreenProps { route });
    futures::executor::block_on(renderer.hydratable(false).render())
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
    let home = render(Route::Home);
    let filled = fill(&page, &home).map_err(|e| format!("{template}: {e}"))?;
    std::fs::write(output, filled).map_err(|e| format!("cannot write {output}: {e}"))?;
    println!("[prerender] {output}: home screen, {} bytes of HTML", home.len());

    let catalog = CatalogIndex::bundled().map_err(|e| format!("bundled catalog: {e}"))?;
    // Rewritten whole: a screen the catalog no longer has must not linger.
    let _ = std::fs::remove_dir_all(pages);
    std::fs::create_dir_all(pages).map_err(|e| format!("cannot create {}: {e}", pages.display()))?;
    let (mut count, mut bytes) = (0, 0);
    for route in static_routes(&catalog.catalog) {
        let Some(file) = page_file(&route) else { continue };
        let html = render(route);
        check_markup(&html).map_err(|e| format!("{file}: {e}"))?;
        let path = pages.join(&file);
        std::fs::write(&path, &html).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        count += 1;
        bytes += html.len();
    }
    println!("[prerender] {}: {count} screens (stages, scenarios, search), {bytes} bytes of HTML", pages.display());
    Ok(())
}
