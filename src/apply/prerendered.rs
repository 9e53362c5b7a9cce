//! The application's first screens rendered at build time (`src/bin/prerender.rs`): for each scenario of the
//! notice, the chain the app starts at `#/start/scenario/<lifecycle>/<code>` (the situations' defaults, nothing
//! answered), its 一次告知 and the form's first step, with the app's own components. `boot.js` shows them before the
//! wasm has arrived and hands what was typed to the app when it mounts. Native only: nothing from a device.

use std::rc::Rc;

use sqsb_core::catalog::{CatalogIndex, LifecycleId};
use sqsb_core::draft::Draft;
use sqsb_core::engine::{Answers, ChainSpec};
use yew::prelude::*;

use super::{form_steps, situations, step_screen, with_catalog_engine, Application, ApplicationProp, ChainData};
use crate::i18n::use_texts;
use crate::route::Step;

/// The draft id the prerendered screens carry in their markup (the 开始填表 link, the checklist's ticks): the real
/// one is made by the app when it mounts, and `boot.js` never lets the citizen follow a link that names this one.
pub const DRAFT_ID: &str = "prerendered";

/// Marks a render as the build-time one: screens leave out what cannot be right without the device — the
/// 办事日程, whose dates and windows depend on today (the app renders it when it takes over).
#[derive(Clone, PartialEq)]
pub struct Prerendering;

/// The application as the app starts it for a scenario (`StartPage`: the situations' defaults, no answers), over
/// `data`, or why there is none (an unknown scenario, a chain whose forms do not merge).
pub fn application(
    index: &CatalogIndex,
    data: Rc<ChainData>,
    lifecycle: LifecycleId,
    code: &str,
) -> Result<Application, String> {
    let spec = ChainSpec::Scenario { lifecycle, code: code.to_owned() };
    let chain = with_catalog_engine(index, |e| e.chain(&spec, &situations::situations().defaults(e, &spec)))
        .map_err(|e| e.message_zh())?;
    let draft = with_catalog_engine(index, |e| Draft::new(e, &chain, Answers::default(), 0));
    // As `ApplyPage` reads it back: the chain of the draft's spec and selections, merged over the stage data.
    let chain = with_catalog_engine(index, |e| e.chain(&draft.chain, &draft.selections)).map_err(|e| e.message_zh())?;
    let form = data.engine(index).merge(&chain).map_err(|e| format!("{e:?}"))?;
    let answers = draft.answers.clone();
    Ok(Application {
        id: DRAFT_ID.to_owned(),
        draft,
        chain,
        data,
        form: Rc::new(form),
        set_answers: Callback::noop(),
        set_selection: Callback::noop(),
        newest_answers: Rc::new(move || answers.clone()),
        save_failed: false,
    })
}

/// The form's first step as the notice's 开始填表 opens it.
pub fn first_step(app: &Application) -> Step {
    Step::Form(form_steps(app).first().copied().unwrap_or(0))
}

#[derive(Properties, PartialEq)]
pub struct StaticStepProps {
    pub app: ApplicationProp,
    pub step: Step,
}

/// One step of the application, as `ApplyPage` renders it, for the build-time prerender.
#[function_component(StaticStep)]
pub fn static_step(props: &StaticStepProps) -> Html {
    let t = use_texts();
    html! {
        <ContextProvider<Prerendering> context={Prerendering}>
            { step_screen(&t, &props.app.0, props.step, None, Callback::noop()) }
        </ContextProvider<Prerendering>>
    }
}
