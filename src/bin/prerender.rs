//! Renders the home screen to HTML at build time and writes the app-zone page with it inside `#app`, so that a
//! first visit shows the home (stages, scenarios, the search box) as soon as the HTML and CSS have arrived, before
//! the wasm. The running app replaces it when it mounts (`www/boot.src.js`).
//!
//!     cargo run --features prerender --bin prerender -- www/index.template.html www/index.html
//!
//! The template marks the place with `<!-- sqsb:prerender -->` … `<!-- /sqsb:prerender -->`; the home replaces what
//! is between the marks (the template's own loading state). A page opened elsewhere than the home gets its loading
//! state from boot.js.

use std::process::ExitCode;

use weihai_sqsb::app::StaticHome;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [template, output] = args.as_slice() else {
        eprintln!("usage: prerender <template.html> <output.html>");
        return ExitCode::FAILURE;
    };
    let page = match std::fs::read_to_string(template) {
        Ok(page) => page,
        Err(e) => {
            eprintln!("prerender: cannot read {template}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let home = futures::executor::block_on(yew::ServerRenderer::<StaticHome>::new().hydratable(false).render());
    match weihai_sqsb::prerender::fill(&page, &home) {
        Ok(filled) => match std::fs::write(output, filled) {
            Ok(()) => {
                println!("[prerender] {output}: home screen, {} bytes of HTML", home.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("prerender: cannot write {output}: {e}");
                ExitCode::FAILURE
            }
        },
        Err(problem) => {
            eprintln!("prerender: {template}: {problem}");
            ExitCode::FAILURE
        }
    }
}
