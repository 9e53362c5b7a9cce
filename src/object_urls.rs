//! Object URLs this module hands out (downloads of a submission), recorded so that 清除本机数据 can revoke them:
//! an object URL keeps its blob — personal data — alive and readable by the page until it is revoked or the page
//! closes. Create every object URL here, never with `Url::create_object_url_with_blob` directly.

use std::cell::RefCell;

thread_local! {
    static URLS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// An object URL for `blob`, recorded for [`revoke_all`]; `None` if the browser refuses one.
pub fn create(blob: &web_sys::Blob) -> Option<String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
    URLS.with(|urls| urls.borrow_mut().push(url.clone()));
    Some(url)
}

/// Revokes one object URL created through [`create`] (a download replaced by a newer one).
pub fn revoke(url: &str) {
    URLS.with(|urls| urls.borrow_mut().retain(|u| u != url));
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Revokes every object URL created through [`create`] (a link still showing one then downloads nothing).
pub fn revoke_all() {
    let urls = URLS.with(|urls| std::mem::take(&mut *urls.borrow_mut()));
    for url in urls {
        let _ = web_sys::Url::revoke_object_url(&url);
    }
}

/// How many object URLs are live (for tests).
pub fn live() -> usize {
    URLS.with(|urls| urls.borrow().len())
}
