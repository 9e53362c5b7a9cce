//! The application's state, as hooks (`ApplyPage` only composes them): the stage files a chain needs, the draft
//! with its autosave, reopening a draft filled against older data, and the merged form.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use sqsb_core::draft::{Draft, DraftChanges, ResumePoint, ResumeStep};
use sqsb_core::engine::{Chain, MergeError, MergedForm};
use yew::prelude::*;

use super::store;
use crate::catalog::Catalog;
use crate::fetch::{ChainData, LoadError};
use crate::route::Step;

/// How long typing must rest before the draft is written (it is also written at once when the page is hidden).
const AUTOSAVE_DELAY_MS: u32 = 600;

/// The downloaded data for the stage files `stems` (`None` while loading), and a callback that tries again after
/// a failure.
#[hook]
pub fn use_chain_data(stems: Vec<String>) -> (Option<Result<Rc<ChainData>, LoadError>>, Callback<()>) {
    let data = use_state(|| None::<Result<Rc<ChainData>, LoadError>>);
    let attempt = use_state(|| 0u32);
    {
        let data = data.clone();
        use_effect_with((stems, *attempt), move |(stems, _)| {
            let stems = stems.clone();
            data.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = ChainData::load(&stems).await;
                // The screen says what to do (请检查网络 and 重试 only when the network failed); the reason is for support.
                if let Err(reason) = &loaded {
                    crate::log::warn(&format!("stage files {stems:?} did not load: {reason}"));
                }
                data.set(Some(loaded.map(Rc::new)));
            });
        });
    }
    let retry = Callback::from(move |()| attempt.set(*attempt + 1));
    ((*data).clone(), retry)
}

/// The draft being filled in, and how it changes.
#[derive(Clone)]
pub struct DraftState {
    /// As of this render (`None`: no such draft on this device).
    pub draft: Option<Draft>,
    /// The last write to storage failed (full, or private mode): the screen says so.
    pub save_failed: bool,
    /// The newest draft, updated synchronously by every change (state updates land only at the next render), so
    /// that quick successive inputs never undo each other.
    current: Rc<RefCell<Option<(String, Draft)>>>,
    /// Changed but not yet written.
    unsaved: Rc<RefCell<Option<Draft>>>,
    pending_save: Rc<RefCell<Option<Timeout>>>,
    set_draft: UseStateSetter<Option<Draft>>,
    set_save_failed: UseStateSetter<bool>,
    id: String,
}

impl DraftState {
    /// The newest draft: this render's, or a later change not rendered yet.
    pub fn newest(&self) -> Option<Draft> {
        let current = self.current.borrow().as_ref().filter(|(id, _)| *id == self.id).map(|(_, d)| d.clone());
        current.or_else(|| self.draft.clone())
    }

    /// Applies `change` to the newest draft; written after a pause in typing.
    pub fn change(&self, change: impl FnOnce(&mut Draft)) {
        let Some(mut next) = self.newest() else { return };
        change(&mut next);
        *self.current.borrow_mut() = Some((self.id.clone(), next.clone()));
        *self.unsaved.borrow_mut() = Some(next.clone());
        self.set_draft.set(Some(next));
        let (id, unsaved, failed) = (self.id.clone(), self.unsaved.clone(), self.set_save_failed.clone());
        *self.pending_save.borrow_mut() = Some(Timeout::new(AUTOSAVE_DELAY_MS, move || {
            if let Some(d) = unsaved.borrow_mut().take() {
                failed.set(store::save(&id, &d).is_err());
            }
        }));
    }

    /// Records where the citizen is ([`Draft::note_position`]). The first answer writes the draft at once: from
    /// then on it is kept on the device and listed on the home.
    pub fn note_position(&self, point: ResumePoint, answered: bool) {
        let Some(mut next) = self.newest() else { return };
        let was_started = next.started();
        if !next.note_position(point, answered) {
            return;
        }
        if was_started {
            self.change(|d| d.at = next.at);
        } else {
            self.replace_and_save(next);
        }
    }

    /// Replaces the draft and writes it at once (a reopened draft, or an item taken out on the problem screen:
    /// nothing was typed, nothing to debounce). A write still waiting for a pause would bring the old draft back:
    /// it is dropped.
    pub fn replace_and_save(&self, draft: Draft) {
        self.pending_save.borrow_mut().take();
        self.unsaved.borrow_mut().take();
        self.set_save_failed.set(store::save(&self.id, &draft).is_err());
        *self.current.borrow_mut() = Some((self.id.clone(), draft.clone()));
        self.set_draft.set(Some(draft));
    }
}

/// The stored draft `id`, saved after every change (debounced), when the page is hidden (mobile browsers may never
/// fire unload), when the application's screen is left, before an app update reloads, and when a panic stops the
/// app (`crash.rs`).
#[hook]
pub fn use_draft_autosave(id: &str) -> DraftState {
    let draft = use_state(|| store::load(id));
    let save_failed = use_state(|| false);
    let current = use_mut_ref(|| None::<(String, Draft)>);
    let unsaved = use_mut_ref(|| None::<Draft>);
    let pending_save = use_mut_ref(|| None::<Timeout>);
    {
        let draft = draft.clone();
        use_effect_with(id.to_owned(), move |id| draft.set(store::load(id)));
    }
    {
        let (unsaved, failed) = (unsaved.clone(), save_failed.setter());
        use_effect_with(id.to_owned(), move |id| {
            let id = id.clone();
            let flush = move || {
                // Also run by the panic hook (crash.rs), in the middle of a panic: never panics on a borrow the
                // panic may hold, and holds none while saving.
                let pending = unsaved.try_borrow_mut().ok().and_then(|mut u| u.take());
                if let Some(d) = pending {
                    failed.set(store::save(&id, &d).is_err());
                }
            };
            let (flush2, on_leave) = (flush.clone(), flush.clone());
            let hidden = EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| flush());
            let update = EventListener::new(&gloo::utils::window(), "sqsb:before-update", move |_| flush2());
            // Leaving the application (首页, a link) within the autosave pause: the last answer is written now, as
            // the pending write goes with the screen.
            move || {
                drop((hidden, update));
                on_leave();
            }
        });
    }
    DraftState {
        draft: (*draft).clone(),
        save_failed: *save_failed,
        current,
        unsaved,
        pending_save,
        set_draft: draft.setter(),
        set_save_failed: save_failed.setter(),
        id: id.to_owned(),
    }
}

/// A draft filled against another catalog or other forms (an update arrived meanwhile), or stored in an older
/// draft format (members of a renamed group move to it: `Draft::reopen`): keeps what still applies,
/// saves it, and returns what changed (shown until the user leaves the application). While this is pending,
/// `outdated` is true and the screen waits.
#[hook]
pub fn use_reopened_draft(
    state: &DraftState,
    catalog: Option<&Catalog>,
    data: Option<&Rc<ChainData>>,
) -> (bool, Option<DraftChanges>) {
    let migrated = use_state(|| None::<DraftChanges>);
    let outdated = match (&state.draft, catalog, data) {
        (Some(d), Some(c), Some(loaded)) => d.outdated(c.index.version(), &loaded.forms.version),
        _ => false,
    };
    {
        let (state, catalog, data, migrated) = (state.clone(), catalog.cloned(), data.cloned(), migrated.clone());
        // Done once, in an effect: rendering only waits for it.
        use_effect_with(outdated, move |outdated| {
            let (true, Some(d), Some(c), Some(loaded)) = (*outdated, state.draft.clone(), catalog, data) else {
                return;
            };
            let reopened = d.reopen(&loaded.engine(&c.index));
            state.replace_and_save(reopened.draft);
            if !reopened.changes.is_empty() {
                migrated.set(Some(reopened.changes));
            }
        });
    }
    (outdated, (*migrated).clone())
}

/// The chain merged into one form (`None` until catalog, chain and data are all there), kept for as long as the
/// chain's leaves and the data stay the same: merging is not per-keystroke work.
#[hook]
pub fn use_merged_form(
    inputs: Option<(&Catalog, &Chain, &Rc<ChainData>)>,
) -> Option<Result<Rc<MergedForm>, MergeError>> {
    let merged = use_mut_ref(|| None::<(Vec<String>, Rc<ChainData>, Rc<MergedForm>)>);
    let (catalog, chain, data) = inputs?;
    let cached = merged
        .borrow()
        .as_ref()
        .filter(|(leaves, cached_data, _)| *leaves == chain.leaves && Rc::ptr_eq(cached_data, data))
        .map(|(_, _, form)| form.clone());
    if let Some(form) = cached {
        return Some(Ok(form));
    }
    let form = match data.engine(&catalog.index).merge(chain) {
        Ok(form) => Rc::new(form),
        Err(e) => return Some(Err(e)),
    };
    *merged.borrow_mut() = Some((chain.leaves.clone(), data.clone(), form.clone()));
    Some(Ok(form))
}

/// Where the citizen is, kept in the draft for 继续办理: opening a step moves a started draft there; an answer
/// on it (an `input` or `change` event from inside the step, reported to the returned callback with its target)
/// starts the draft and notes the field (the closest `sq-f-…` element: the field as the form renders it).
#[hook]
pub fn use_resume_point(state: &DraftState, step: Step) -> Callback<Option<web_sys::EventTarget>> {
    let at = match step {
        Step::Notice => Some(ResumeStep::Notice),
        Step::Form(n) | Step::Edit(n) => Some(ResumeStep::Form(n)),
        Step::Review => Some(ResumeStep::Review),
        Step::Done => None,
    };
    {
        let state = state.clone();
        use_effect_with((state.id.clone(), at), move |(_, at)| {
            if let Some(step) = at {
                state.note_position(ResumePoint { step: *step, field: None }, false);
            }
        });
    }
    let state = state.clone();
    Callback::from(move |target: Option<web_sys::EventTarget>| {
        let Some(step) = at else { return };
        let field = target
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|el| el.closest("[id^='sq-f-']").ok().flatten())
            .map(|el| el.id());
        // After the field's own handler: a choice reports `input` before the `change` that sets its answer, and
        // the first write of the draft must carry the answer.
        let state = state.clone();
        Timeout::new(0, move || state.note_position(ResumePoint { step, field }, true)).forget();
    })
}
