//! 窗口读取申请 (`www/counter.html`): the 一窗受理 clerk reads a submission the citizen brings without a host —
//! the counter code's QR parts (`sqsb_core::counter_code`, SQSB2) or the application file of the receipt — and
//! sees every application under its item's name, with its handling department, the answers under their labels
//! and the materials to check. Full build only (`mountCounter` in `mount.rs`): a citizen's first visit never
//! loads it.
//!
//! A USB or Bluetooth scanner is a keyboard: it types the part into the focused box and presses Enter. The
//! camera, where the browser has `BarcodeDetector`, lives in `www/counter.js`: this component asks for it with
//! `sqsb:camera-start` / `sqsb:camera-stop` (bubbling from the camera's slot and box) and receives each code read
//! as a `sqsb:scan` event (detail: the text) on its root, the same way as a typed part.
//!
//! What is read lives in this page's memory only: nothing personal is written to the counter's storage.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::EventListener;
use sqsb_core::catalog::CatalogIndex;
use sqsb_core::counter_code::{key_table, Assembler, CodeError, Submission};
use sqsb_core::dictionary::{Dictionary, FieldKey};
use sqsb_core::engine::Payload;
use sqsb_core::exchange::{field_names, FormsFile, GuidesFile, StageKey};
use sqsb_core::guides::MaterialRef;
use sqsb_core::messages::is_reference;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::answers::display_element;
use crate::i18n::use_texts;
use crate::i18n::Texts;

/// A code read by the camera (`counter.js`): a `CustomEvent` whose detail is the text, on the page's root.
pub const SCAN_EVENT: &str = "sqsb:scan";
/// Asks `counter.js` to show the camera in the event's target (the camera slot) and read codes from it.
pub const CAMERA_START: &str = "sqsb:camera-start";
/// Asks `counter.js` to stop the camera.
pub const CAMERA_STOP: &str = "sqsb:camera-stop";
/// `counter.js` could not open the camera (no permission, no camera, no QR support).
pub const CAMERA_FAILED: &str = "sqsb:camera-failed";

/// The largest application file read: real ones are a few kilobytes; the counter code's own limit on a submission
/// (`MAX_LAYOUT_BYTES`) is the same.
const MAX_FILE_BYTES: f64 = sqsb_core::counter_code::MAX_LAYOUT_BYTES as f64;

/// Where the applications come from, once there is something to show.
#[derive(Clone)]
enum Source {
    /// Every part of a counter code is in.
    Code(Rc<Assembler>),
    /// An application file: its name (which may carry the reference) and its applications.
    File { name: String, payloads: Rc<Vec<Payload>> },
}

// By identity: a new reading is a new value, and the result loads once per reading.
impl PartialEq for Source {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Source::Code(a), Source::Code(b)) => Rc::ptr_eq(a, b),
            (Source::File { payloads: a, .. }, Source::File { payloads: b, .. }) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// What the clerk has read so far.
#[derive(Clone, Default, PartialEq)]
struct Reading {
    /// The parts scanned so far (kept whatever is refused).
    parts: Rc<AssemblerState>,
    source: Option<Source>,
    /// The last refusal, numbered so that the same message twice is announced twice.
    refusal: Option<(u32, Refusal)>,
}

/// Why the last part or file was not taken.
#[derive(Clone, PartialEq)]
enum Refusal {
    Part(CodeError),
    File,
}

/// The assembler and its progress, compared by progress (the assembler itself has no equality).
#[derive(Clone, Default)]
struct AssemblerState(Assembler);

impl PartialEq for AssemblerState {
    fn eq(&self, other: &Self) -> bool {
        self.0.progress() == other.0.progress()
    }
}

enum Action {
    /// A part typed by the scanner (or the clerk) or read by the camera.
    Scan(String),
    /// An application file was read (`None`: it is not one).
    File {
        name: String,
        read: Option<Vec<Payload>>,
    },
    Restart,
}

impl Reducible for Reading {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let refused = |why: Refusal| {
            let n = self.refusal.as_ref().map_or(0, |(n, _)| n.wrapping_add(1));
            Rc::new(Reading { refusal: Some((n, why)), ..(*self).clone() })
        };
        match action {
            Action::Scan(text) if text.trim().is_empty() => self,
            Action::Scan(text) => {
                let mut parts = self.parts.0.clone();
                match parts.add(&text) {
                    // A part read again (the camera sees it many times; a second scan): nothing changes.
                    Ok(progress) if progress == self.parts.0.progress() && self.source.is_some() => {
                        Rc::new(Reading { refusal: None, ..(*self).clone() })
                    }
                    Ok(_) => {
                        let complete = parts.is_complete();
                        let source = complete.then(|| Source::Code(Rc::new(parts.clone())));
                        Rc::new(Reading { parts: Rc::new(AssemblerState(parts)), source, refusal: None })
                    }
                    Err(e) => refused(Refusal::Part(e)),
                }
            }
            // A file replaces whatever was read before: it is the whole submission.
            Action::File { name, read: Some(payloads) } => Rc::new(Reading {
                parts: Rc::default(),
                source: Some(Source::File { name, payloads: Rc::new(payloads) }),
                refusal: None,
            }),
            Action::File { read: None, .. } => refused(Refusal::File),
            Action::Restart => Rc::default(),
        }
    }
}

/// What the clerk is told; a part of another submission also says how to read that one.
fn refusal_message(why: &Refusal, t: &Texts) -> String {
    match why {
        Refusal::Part(e @ CodeError::Foreign) => format!("{}{}", e.message_zh(), t.t("counter.restart_hint")),
        Refusal::Part(e) => e.message_zh(),
        Refusal::File => t.t("counter.file_bad"),
    }
}

/// The page: the reader (scanner box, camera, file) and, once something is read, the applications.
#[function_component(CounterPage)]
pub fn counter_page() -> Html {
    let t = use_texts();
    let reading = use_reducer(Reading::default);
    let root = use_node_ref();
    let input = use_node_ref();
    let scan = {
        let reading = reading.clone();
        Callback::from(move |text: String| reading.dispatch(Action::Scan(text)))
    };
    use_scan_events(&root, scan.clone());
    let restart = {
        let reading = reading.clone();
        let input = input.clone();
        Callback::from(move |_| {
            reading.dispatch(Action::Restart);
            // The scanner types wherever the focus is: back to the box.
            focus(&input);
        })
    };
    let on_file = {
        let reading = reading.clone();
        Callback::from(move |(name, read)| reading.dispatch(Action::File { name, read }))
    };
    let complete = reading.source.is_some();
    html! {
        <div class="sq-app sq-counter" data-build="full" ref={root.clone()}>
            <header class="sq-header">
                <div class="sq-header-row">
                    <p class="sq-home-link">
                        <span class="sq-title">{ t.t("app.title") }</span>
                        <span class="sq-subtitle">{ t.t("counter.subtitle") }</span>
                    </p>
                </div>
            </header>
            <main class="sq-main" id="sq-main">
                <h1 class="sq-page-title">{ t.t("counter.title") }</h1>
                <div class="sq-panel sq-counter-reader sq-no-print">
                    <p class="sq-help">{ t.t("counter.intro") }</p>
                    <ScanBox input={input.clone()} onscan={scan} />
                    <ProgressLine parts={reading.parts.clone()} file={matches!(reading.source, Some(Source::File { .. }))} />
                    if let Some((n, why)) = &reading.refusal {
                        <p class="sq-alert sq-counter-refusal" role="alert" key={n.to_string()}>{ refusal_message(why, &t) }</p>
                    }
                    <Camera stop={complete} />
                    <FileOpener onread={on_file} />
                    <div class="sq-actions">
                        <button class="sq-button sq-button-secondary" type="button" onclick={restart}>{ t.t("counter.restart") }</button>
                    </div>
                </div>
                if let Some(source) = &reading.source {
                    <ResultView source={source.clone()} />
                }
            </main>
        </div>
    }
}

/// Moves the focus to the scanner box.
fn focus(input: &NodeRef) {
    if let Some(input) = input.cast::<web_sys::HtmlElement>() {
        let _ = input.focus();
    }
}

/// Codes the camera read (`counter.js`) arrive as `sqsb:scan` events on the page's root.
#[hook]
fn use_scan_events(root: &NodeRef, onscan: Callback<String>) {
    let root = root.clone();
    use_effect_with((), move |_| {
        let listener = root.cast::<web_sys::Element>().map(|root| {
            EventListener::new(&root, SCAN_EVENT, move |event| {
                let text = event.dyn_ref::<web_sys::CustomEvent>().and_then(|e| e.detail().as_string());
                if let Some(text) = text {
                    onscan.emit(text);
                }
            })
        });
        move || drop(listener)
    });
}

#[derive(Properties, PartialEq)]
struct ScanBoxProps {
    input: NodeRef,
    onscan: Callback<String>,
}

/// The box a scanner types into: on Enter its text is one part, and the box is emptied for the next.
#[function_component(ScanBox)]
fn scan_box(props: &ScanBoxProps) -> Html {
    let t = use_texts();
    {
        // `autofocus` is not enough for an element added after the page loaded: focus it once it is there.
        let input = props.input.clone();
        use_effect_with((), move |_| focus(&input));
    }
    let onkeydown = {
        let onscan = props.onscan.clone();
        Callback::from(move |e: KeyboardEvent| {
            // An input method composing a word also uses Enter: not a scan.
            if e.key() != "Enter" || e.is_composing() {
                return;
            }
            e.prevent_default();
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                let text = input.value();
                input.set_value("");
                onscan.emit(text);
            }
        })
    };
    html! {
        <div class="sq-field">
            <label class="sq-label" for="sq-c-scan">{ t.t("counter.scan_label") }</label>
            <p class="sq-help" id="sq-c-scan-help">{ t.t("counter.scan_help") }</p>
            <input class="sq-input sq-counter-input" id="sq-c-scan" type="text" ref={props.input.clone()} autofocus={true}
                autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="done"
                aria-describedby="sq-c-scan-help" {onkeydown} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ProgressProps {
    parts: Rc<AssemblerState>,
    /// A file is shown: the codes are not being read.
    file: bool,
}

/// 已读取 2 / 3 张，还缺第 3 张.
#[function_component(ProgressLine)]
fn progress_line(props: &ProgressProps) -> Html {
    let t = use_texts();
    let progress = props.parts.0.progress();
    let missing: Vec<String> = props.parts.0.missing().iter().map(usize::to_string).collect();
    let text = if props.file {
        String::new()
    } else if progress.of == 0 {
        t.t("counter.waiting")
    } else if missing.is_empty() {
        t.f("counter.complete", &[("of", &progress.of.to_string())])
    } else {
        t.f(
            "counter.progress",
            &[("have", &progress.have.to_string()), ("of", &progress.of.to_string()), ("parts", &missing.join("、"))],
        )
    };
    // Always in the page, so that a screen reader announces each change.
    html! { <p class="sq-counter-progress" role="status">{ text }</p> }
}

#[derive(Properties, PartialEq)]
struct CameraProps {
    /// Everything is read: the camera turns off.
    stop: bool,
}

/// 用摄像头扫描, where the browser can read QR codes from a camera; the camera itself is `counter.js`'s.
#[function_component(Camera)]
fn camera(props: &CameraProps) -> Html {
    let t = use_texts();
    let supported = use_state(camera_supported);
    let on = use_state(|| false);
    let failed = use_state(|| false);
    let slot = use_node_ref();
    {
        // Everything is read: nothing more to look for.
        let on = on.setter();
        use_effect_with(props.stop, move |stop| {
            if *stop {
                on.set(false);
            }
        });
    }
    let own = use_node_ref();
    use_camera(&own, &slot, *on, failed.setter(), on.setter());
    if !*supported {
        return Html::default();
    }
    let toggle = {
        let on = on.clone();
        let failed = failed.clone();
        Callback::from(move |_| {
            failed.set(false);
            on.set(!*on);
        })
    };
    let running = *on;
    html! {
        <div class="sq-counter-camera" ref={own}>
            <button class="sq-button sq-button-secondary" type="button" onclick={toggle}>
                { if running { t.t("counter.camera_stop") } else { t.t("counter.camera") } }
            </button>
            if *failed { <p class="sq-alert" role="alert">{ t.t("counter.camera_failed") }</p> }
            if running {
                <p class="sq-help">{ t.t("counter.camera_view") }</p>
                <div class="sq-camera-view" ref={slot}></div>
            }
        </div>
    }
}

/// Whether this browser can read QR codes from a camera (Chromium on Android, macOS, ChromeOS; not on Windows or
/// Linux today): the button is not offered where it cannot work.
fn camera_supported() -> bool {
    let window = gloo::utils::window();
    let has = |target: &wasm_bindgen::JsValue, name: &str| js_sys::Reflect::has(target, &name.into()).unwrap_or(false);
    let media = js_sys::Reflect::get(&window.navigator(), &"mediaDevices".into()).ok().filter(|m| !m.is_undefined());
    has(&window, "BarcodeDetector") && media.is_some_and(|m| has(&m, "getUserMedia"))
}

/// Starts `counter.js`'s camera in `slot` while `on`, stops it when not; a failure to open it turns it off. The
/// events bubble through `own` (the camera's box), which hears the failure.
#[hook]
fn use_camera(own: &NodeRef, slot: &NodeRef, on: bool, failed: UseStateSetter<bool>, turned: UseStateSetter<bool>) {
    {
        let own = own.clone();
        use_effect_with((), move |_| {
            let listener = own.cast::<web_sys::Element>().map(|own| {
                EventListener::new(&own, CAMERA_FAILED, move |_| {
                    failed.set(true);
                    turned.set(false);
                })
            });
            move || drop(listener)
        });
    }
    let own = own.clone();
    let slot = slot.clone();
    use_effect_with(on, move |on| {
        if *on {
            if let Some(slot) = slot.cast::<web_sys::Element>() {
                dispatch(&slot, CAMERA_START);
            }
        }
        move || {
            if let Some(own) = own.cast::<web_sys::Element>() {
                dispatch(&own, CAMERA_STOP);
            }
        }
    });
}

/// Dispatches a bubbling event for `counter.js`.
fn dispatch(target: &web_sys::Element, name: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

#[derive(Properties, PartialEq)]
struct FileOpenerProps {
    onread: Callback<(String, Option<Vec<Payload>>)>,
}

/// 打开申请文件（JSON）: the file the receipt offers (`handoff::download_url`), an array of applications.
#[function_component(FileOpener)]
fn file_opener(props: &FileOpenerProps) -> Html {
    let t = use_texts();
    let onchange = {
        let onread = props.onread.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            // Emptied, so that choosing the same file again reads it again.
            input.set_value("");
            let onread = onread.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let read = read_application_file(&file).await;
                onread.emit((file.name(), read));
            });
        })
    };
    html! {
        <div class="sq-field sq-counter-file">
            <label class="sq-label" for="sq-c-file">{ t.t("counter.file") }</label>
            <p class="sq-help" id="sq-c-file-help">{ t.t("counter.file_help") }</p>
            <input class="sq-input" id="sq-c-file" type="file" accept=".json,application/json"
                aria-describedby="sq-c-file-help" {onchange} />
        </div>
    }
}

/// The applications in an application file; `None` when it is not one (too large, not JSON, not applications).
async fn read_application_file(file: &web_sys::File) -> Option<Vec<Payload>> {
    if file.size() > MAX_FILE_BYTES {
        return None;
    }
    let text = JsFuture::from(file.text()).await.ok()?.as_string()?;
    let payloads: Vec<Payload> = serde_json::from_str(&text).ok()?;
    let readable = !payloads.is_empty() && payloads.iter().all(|p| !p.item_id.trim().is_empty());
    readable.then_some(payloads)
}

/// The reference a file's name carries: the receipt names it `<reference>.json`, and a browser may add ` (1)`.
fn reference_in(file_name: &str) -> Option<String> {
    let stem: String = file_name.chars().take_while(char::is_ascii_alphanumeric).collect();
    is_reference(&stem).then_some(stem)
}

// ---------------------------------------------------------------------------------------------------------------
// The result

/// One application as the clerk reads it.
#[derive(Debug, Clone, PartialEq)]
struct ItemShown {
    /// The catalog's name; `None` for an item this catalog does not have.
    name: Option<String>,
    id: String,
    /// `SQ…-1`, as the receipt numbers its items.
    reference: Option<String>,
    department: Option<String>,
    /// Label and answer, in the order of the item's form.
    answers: Vec<(String, String)>,
    /// Each group member's heading and answers.
    members: Vec<(String, String)>,
    materials: Materials,
}

#[derive(Debug, Clone, PartialEq)]
enum Materials {
    /// The guide's materials, each with whether this application's answers rule it out.
    Listed { file: Rc<GuidesFile>, rows: Vec<(MaterialRef, bool)> },
    /// This build has no guide for the item.
    NoGuide,
    /// The stage's guides could not be loaded.
    Unavailable,
}

#[derive(Debug, Clone, PartialEq)]
struct Shown {
    /// `None` for a file that does not carry it.
    reference: Option<String>,
    file: Option<String>,
    items: Vec<ItemShown>,
    /// Read with an earlier dictionary (data/counter/): its version, and the names (as that version called them)
    /// of the fields this build's dictionary no longer has — shown under 其他信息, and named here.
    older: Option<(String, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Loading,
    Ready(Rc<Shown>),
    /// The code does not read (e.g. a dictionary version this counter does not have): the message.
    Refused(String),
    /// The dictionary could not be loaded: retry.
    Unavailable,
}

#[derive(Properties, PartialEq)]
struct ResultProps {
    source: Source,
}

#[function_component(ResultView)]
fn result_view(props: &ResultProps) -> Html {
    let t = use_texts();
    let retry = use_state(|| 0u32);
    let outcome = use_result(props.source.clone(), *retry, t.clone());
    match outcome {
        Outcome::Loading => html! { <p class="sq-muted" role="status">{ t.t("counter.loading") }</p> },
        Outcome::Refused(message) => html! { <p class="sq-alert" role="alert">{ message }</p> },
        Outcome::Unavailable => html! {
            <div class="sq-alert" role="alert">
                <p>{ t.t("counter.dictionary_failed") }</p>
                <button class="sq-button sq-no-print" type="button" onclick={Callback::from(move |_| retry.set(*retry + 1))}>
                    { t.t("counter.retry") }
                </button>
            </div>
        },
        Outcome::Ready(shown) => html! { <Applications shown={shown} /> },
    }
}

#[derive(Properties, PartialEq)]
struct ApplicationsProps {
    shown: Rc<Shown>,
}

/// Every application, one after the other; printed, each starts a page (the department it goes to).
#[function_component(Applications)]
fn applications(props: &ApplicationsProps) -> Html {
    let t = use_texts();
    let shown = &props.shown;
    let print = Callback::from(|_| {
        let _ = gloo::utils::window().print();
    });
    html! {
        <section class="sq-counter-result" aria-labelledby="sq-c-result">
            <h2 id="sq-c-result">{ t.f("counter.result", &[("n", &shown.items.len().to_string())]) }</h2>
            <dl class="sq-facts">
                <dt>{ t.t("counter.reference") }</dt>
                <dd class="sq-reference">{ shown.reference.clone().unwrap_or_else(|| t.t("counter.no_reference")) }</dd>
            </dl>
            if let Some(name) = &shown.file { <p class="sq-muted">{ t.f("counter.file_name", &[("name", name)]) }</p> }
            if let Some((version, gone)) = &shown.older {
                <div class="sq-panel" role="note">
                    <p>{ t.f("counter.older", &[("version", version)]) }</p>
                    if !gone.is_empty() {
                        <p>{ t.f("counter.older_gone", &[("fields", &gone.join("、"))]) }</p>
                    }
                </div>
            }
            <div class="sq-actions sq-no-print">
                <button class="sq-button" type="button" onclick={print}>{ t.t("counter.print") }</button>
            </div>
            { for shown.items.iter().enumerate().map(|(i, item)| html! { <ItemCard n={i + 1} item={item.clone()} /> }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ItemProps {
    n: usize,
    item: ItemShown,
}

#[function_component(ItemCard)]
fn item_card(props: &ItemProps) -> Html {
    let t = use_texts();
    let item = &props.item;
    let heading = format!("sq-c-item-{}", props.n);
    let name = item.name.clone().unwrap_or_else(|| t.f("counter.unknown_item", &[("id", &item.id)]));
    html! {
        <article class="sq-counter-item" aria-labelledby={heading.clone()}>
            <h3 id={heading}>{ format!("{}. {name}", props.n) }</h3>
            <dl class="sq-facts">
                if let Some(d) = &item.department { <dt>{ t.t("counter.department") }</dt><dd class="sq-counter-department">{ d }</dd> }
                if let Some(r) = &item.reference { <dt>{ t.t("counter.reference") }</dt><dd>{ r }</dd> }
            </dl>
            <h4>{ t.t("counter.answers") }</h4>
            if item.answers.is_empty() && item.members.is_empty() {
                <p class="sq-muted">{ t.t("counter.no_answers") }</p>
            } else {
                <dl class="sq-facts sq-review sq-counter-answers">
                    { for item.answers.iter().chain(&item.members).map(|(label, value)| html! { <><dt>{ label }</dt><dd>{ value }</dd></> }) }
                </dl>
            }
            <h4>{ t.t("counter.materials") }</h4>
            { match &item.materials {
                Materials::Listed { file, rows } => html! {
                    <ul class="sq-materials">{ for rows.iter().map(|(m, not_needed)| crate::screens::guide::material_row(&t, m, file, *not_needed)) }</ul>
                },
                Materials::NoGuide => html! { <p class="sq-muted">{ t.t("counter.no_guide") }</p> },
                Materials::Unavailable => html! { <p class="sq-alert">{ t.t("counter.guide_failed") }</p> },
            } }
        </article>
    }
}

/// Loads what the result needs (dictionary, catalog, each item's stage files) and reads the source with it; the
/// newest source wins when the clerk reads another meanwhile. `retry` bumps to try again.
#[hook]
fn use_result(source: Source, retry: u32, t: Texts) -> Outcome {
    let outcome = use_state(|| Outcome::Loading);
    // The reading the newest load is for: an older one finishing late is dropped.
    let latest = use_memo((), |_| Cell::new(0u32));
    {
        let outcome = outcome.clone();
        let latest = latest.clone();
        use_effect_with((source, retry), move |(source, _)| {
            let ticket = latest.get().wrapping_add(1);
            latest.set(ticket);
            outcome.set(Outcome::Loading);
            let source = source.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = load(source, &t).await;
                if latest.get() == ticket {
                    outcome.set(result);
                }
            });
        });
    }
    (*outcome).clone()
}

/// An earlier dictionary this build archived, with its exchange text (for its field names).
async fn older_dictionary(version: &str) -> Option<(Dictionary, String)> {
    let safe = version.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if !safe {
        return None;
    }
    let url = format!("{}dictionary-{version}.json", crate::fetch::data_base());
    let text = crate::fetch::fetch_text(&url).await.ok()?;
    Some((Dictionary::from_exchange(&text).ok()?, text))
}

async fn load(source: Source, t: &Texts) -> Outcome {
    let mut older: Option<(String, String)> = None;
    let Ok(dictionary_json) = crate::fetch::dictionary_text().await else { return Outcome::Unavailable };
    let Ok(dict) = Dictionary::from_exchange(&dictionary_json) else { return Outcome::Unavailable };
    let Ok(catalog) = crate::catalog_update::load() else { return Outcome::Unavailable };
    let (mut submission, file) = match source {
        // The table of the dictionary this build ships, else that of the earlier version the code states, if this
        // build archived it (pkg/data/dictionary-<version>.json, from data/counter/); otherwise refused, naming it.
        Source::Code(parts) => match parts.finish(&|v| (v == dict.version).then(|| key_table(&dict))) {
            Ok(sub) => (sub, None),
            Err(CodeError::UnknownDictionary { version }) => match older_dictionary(&version).await {
                Some(old) => match parts.finish(&|v| (v == version).then(|| key_table(&old.0))) {
                    Ok(sub) => {
                        older = Some((version, old.1));
                        (sub, None)
                    }
                    Err(e) => return Outcome::Refused(e.message_zh()),
                },
                None => return Outcome::Refused(CodeError::UnknownDictionary { version }.message_zh()),
            },
            Err(e) => return Outcome::Refused(e.message_zh()),
        },
        Source::File { name, payloads } => {
            let sub = Submission {
                catalog_version: payloads.first().map(|p| p.catalog_version.clone()).unwrap_or_default(),
                dictionary_version: dict.version.clone(),
                reference: reference_in(&name).unwrap_or_default(),
                applications: (*payloads).clone(),
            };
            (sub, Some(name))
        }
    };
    submission.name_items(&catalog);
    let mut items = Vec::new();
    for (i, application) in submission.applications.iter().enumerate() {
        let stem = StageKey::of(&catalog, &application.item_id).map(|k| k.file_stem());
        let (guides, forms) = match &stem {
            Some(stem) => (crate::fetch::stage_guides(stem).await, crate::fetch::stage_forms(stem).await.ok()),
            None => (Err(String::new()), None),
        };
        let reference = (!submission.reference.is_empty()).then(|| format!("{}-{}", submission.reference, i + 1));
        items.push(item_shown(
            application,
            reference,
            &catalog,
            &dict,
            &dictionary_json,
            stem.is_some().then_some(guides),
            forms,
            t,
        ));
    }
    let reference = (!submission.reference.is_empty()).then_some(submission.reference);
    // What changed since the code was made: its fields this dictionary no longer knows, by their old names.
    let older = older.map(|(version, old_json)| {
        let gone: Vec<sqsb_core::dictionary::FieldKey> = submission
            .applications
            .iter()
            .flat_map(|a| a.fields.keys())
            .filter_map(|k| sqsb_core::dictionary::FieldKey::parse(k))
            .filter(|k| !dict.has_field(k))
            .collect();
        let names = sqsb_core::exchange::field_names(&old_json, gone.iter()).into_values().collect();
        (version, names)
    });
    Outcome::Ready(Rc::new(Shown { reference, file, items, older }))
}

/// One application, read with the dictionary and its item's stage files. `guides`: `None` for an item the catalog
/// does not have (so no stage), an error when the stage's guides could not be loaded.
#[allow(clippy::too_many_arguments)]
fn item_shown(
    application: &Payload,
    reference: Option<String>,
    catalog: &CatalogIndex,
    dict: &Dictionary,
    dictionary_json: &str,
    guides: Option<Result<Rc<GuidesFile>, String>>,
    forms: Option<Rc<FormsFile>>,
    t: &Texts,
) -> ItemShown {
    let leaf = catalog.leaf(&application.item_id);
    let name = (!application.item_name.is_empty()).then(|| application.item_name.clone());
    let guide_file = guides.as_ref().and_then(|g| g.as_ref().ok());
    let guide = guide_file.and_then(|f| f.guides.get(&application.item_id));
    // The guide names the office that handles it; without one, the catalog's lead department.
    let department = guide.map(|g| g.handler.clone()).or_else(|| leaf.map(|l| t.departments(l.lead)));
    let spec = forms.as_ref().and_then(|f| f.forms.get(&application.item_id));
    let materials = match (&guides, guide) {
        (Some(Ok(file)), Some(g)) => {
            let answer = |k: &FieldKey| application.fields.get(&k.to_string()).cloned();
            let rows = g
                .materials
                .iter()
                .map(|m| match &m.when {
                    // Needed for these answers: required; not needed: marked so.
                    Some(when) if when.holds(&answer) => (MaterialRef { required: true, ..m.clone() }, false),
                    Some(_) => (m.clone(), true),
                    None => (m.clone(), false),
                })
                .collect();
            Materials::Listed { file: file.clone(), rows }
        }
        (Some(Err(_)), _) => Materials::Unavailable,
        _ => Materials::NoGuide,
    };
    ItemShown {
        name,
        id: application.item_id.clone(),
        reference,
        department,
        answers: answers_shown(application, dict, dictionary_json, spec, t),
        members: members_shown(application, dict, t),
        materials,
    }
}

/// The answers under their labels, in the item's form order (then the rest by role order); a key the dictionary
/// does not have reads as 其他信息, never as the key.
fn answers_shown(
    application: &Payload,
    dict: &Dictionary,
    dictionary_json: &str,
    spec: Option<&sqsb_core::forms::FormSpec>,
    t: &Texts,
) -> Vec<(String, String)> {
    let keys: Vec<FieldKey> = application.fields.keys().filter_map(|k| FieldKey::parse(k)).collect();
    let names = field_names(dictionary_json, &keys);
    let position = |key: Option<&FieldKey>| {
        let in_form = key.and_then(|k| spec.and_then(|s| s.fields.iter().position(|f| &f.field == k)));
        let role = key.and_then(|k| dict.role(&k.role)).map_or(u32::MAX, |r| r.order);
        (in_form.unwrap_or(usize::MAX), role)
    };
    let mut rows: Vec<((usize, u32), String, String)> = application
        .fields
        .iter()
        .map(|(raw, value)| {
            let key = FieldKey::parse(raw);
            let label = key.as_ref().and_then(|k| names.get(k)).cloned();
            let shown = match (&key, &label) {
                (Some(k), Some(_)) => display_element(dict, &k.element, value, t),
                _ => value.clone(),
            };
            (position(key.as_ref()), label.unwrap_or_else(|| t.t("counter.other")), shown)
        })
        .collect();
    // Stable: keys of equal position stay in key order.
    rows.sort_by_key(|(p, _, _)| *p);
    rows.into_iter().map(|(_, label, value)| (label, value)).collect()
}

/// Each group member as 第 1 位家庭成员 and its answers (姓名：…；关系：…) in the group's order; a group the
/// dictionary does not have as 其他信息 with its answers.
fn members_shown(application: &Payload, dict: &Dictionary, t: &Texts) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, members) in &application.groups {
        let Some(group) = dict.groups.get(key) else {
            out.extend(
                members.iter().map(|m| (t.t("counter.other"), m.values().cloned().collect::<Vec<_>>().join("；"))),
            );
            continue;
        };
        let order = |element: &str| group.elements.iter().position(|e| e == element).unwrap_or(usize::MAX);
        for (n, member) in members.iter().enumerate() {
            let mut answers: Vec<(&String, &String)> = member.iter().collect();
            answers.sort_by_key(|(element, _)| order(element));
            let answers: Vec<String> = answers
                .into_iter()
                .map(|(element, value)| match dict.element(element) {
                    Some(e) => t.labelled(&e.label, &display_element(dict, element, value, t)),
                    None => t.labelled(&t.t("counter.other"), value),
                })
                .collect();
            let heading = t.f("form.member", &[("n", &(n + 1).to_string()), ("label", &group.label)]);
            out.push((heading, answers.join("；")));
        }
    }
    out
}
