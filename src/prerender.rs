//! Putting the build-time render of the home screen into the app-zone page (`src/bin/prerender.rs`).
//! Plain string work, tested natively.

/// Where the home goes in `www/index.template.html`.
pub const START: &str = "<!-- sqsb:prerender -->";
pub const END: &str = "<!-- /sqsb:prerender -->";

/// The page with `home` in place of what stands between the marks. Refuses markup the page's Content-Security-Policy
/// would block (inline scripts, style attributes, inline handlers): the prerendered home must look and work as the app.
pub fn fill(page: &str, home: &str) -> Result<String, String> {
    let start = page.find(START).ok_or("no <!-- sqsb:prerender --> mark")?;
    let end = page.find(END).filter(|end| *end > start).ok_or("no <!-- /sqsb:prerender --> mark after the first")?;
    if !home.contains("class=\"sq-app") {
        return Err("the rendered home has no .sq-app root".into());
    }
    let lower = home.to_lowercase();
    for forbidden in ["<script", "<style", " style=", " onclick=", " onsubmit=", " oninput=", "javascript:"] {
        if lower.contains(forbidden) {
            return Err(format!("the rendered home contains `{}`, which the page's CSP forbids", forbidden.trim()));
        }
    }
    Ok(format!("{}{START}{home}{}", &page[..start], &page[end..]))
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
    fn a_template_without_marks_or_a_home_without_the_app_is_refused() {
        assert!(fill("<div id=\"app\"></div>", "<div class=\"sq-app\"></div>").is_err());
        assert!(fill("<!-- /sqsb:prerender --><!-- sqsb:prerender -->", "<div class=\"sq-app\"></div>").is_err());
        assert!(fill(PAGE, "<div>首页</div>").is_err());
    }
}
