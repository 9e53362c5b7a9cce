//! QR codes as inline SVG (a `<path>` of dark modules), from the `qrcodegen` crate.

use qrcodegen::{QrCode, QrCodeEcc};

/// An SVG image of `text` as a QR code, with a quiet zone of 4 modules; empty if the text cannot be encoded.
pub fn svg(text: &str) -> String {
    let Ok(qr) = QrCode::encode_text(text, QrCodeEcc::Medium) else { return String::new() };
    let size = qr.size();
    let border = 4;
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    let dim = size + 2 * border;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {dim} {dim}\" role=\"img\" aria-label=\"二维码\" class=\"sq-qr-img\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    )
}
