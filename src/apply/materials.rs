//! The chain's ONE materials checklist (一套材料): each material once, with ONE instruction — filled in here,
//! issued by an item of this chain, replaced by an e-licence unless it cannot be retrieved, or paper to bring —
//! its need (需提交 / 视情况 with the case / 无需提交) and the items it is for. Ticks are kept per draft.

use sqsb_core::engine::{MergedMaterial, Need, Supply};
use sqsb_core::guides::MaterialForm;
use yew::prelude::*;

use super::store;
use crate::catalog::use_catalog;
use crate::i18n::{use_texts, Texts};

#[derive(Properties, PartialEq)]
pub struct ChecklistProps {
    /// The draft whose ticks these are.
    pub draft: String,
    pub materials: Vec<MergedMaterial>,
}

#[function_component(MaterialsChecklist)]
pub fn materials_checklist(props: &ChecklistProps) -> Html {
    let t = use_texts();
    let (ticks, toggle) = use_ticks(&props.draft);
    let Some(catalog) = use_catalog() else { return Html::default() };
    let item_name = |id: &str| t.item_name(id, catalog.index.leaf(id).map_or(id, |l| l.name));
    html! {
        <ul class="sq-checklist">
            { for props.materials.iter().map(|m| {
                let id = format!("sq-m-{}", m.key);
                let used_by: Vec<String> = m.items().iter().map(|i| item_name(i)).collect();
                let instruction = supply_text(&t, &m.supply, &item_name);
                let condition = conditions(m);
                html! {
                    <li class={classes!("sq-check", (m.need == Need::NotNeeded).then_some("sq-not-needed"))}>
                        <input type="checkbox" id={id.clone()} checked={ticks.contains(&m.key)} onchange={toggle.reform({
                            let key = m.key.clone();
                            move |_| key.clone()
                        })} />
                        <label for={id}>
                            <span class="sq-material-name">{ &m.name }</span>
                            <span class="sq-tag">{ t.need(m.need.label_zh()) }</span>
                            if let Some(text) = instruction { <span class="sq-supply">{ text }</span> }
                            if let Some(c) = condition { <span class="sq-material-note">{ t.labelled(&t.t("notice.when"), &c) }</span> }
                            <span class="sq-material-note">{ t.f("notice.for_items", &[("items", &used_by.join(t.list_separator()))]) }</span>
                        </label>
                    </li>
                }
            }) }
        </ul>
    }
}

/// The draft's ticked materials, and a callback that ticks or unticks one (stored at once).
#[hook]
fn use_ticks(draft: &str) -> (UseStateHandle<Vec<String>>, Callback<String>) {
    let ticks = use_state(|| store::load_ticks(draft));
    let toggle = {
        let ticks = ticks.clone();
        let draft = draft.to_owned();
        Callback::from(move |key: String| {
            let mut next = (*ticks).clone();
            match next.iter().position(|k| *k == key) {
                Some(pos) => {
                    next.remove(pos);
                }
                None => next.push(key),
            }
            store::save_ticks(&draft, &next);
            ticks.set(next);
        })
    };
    (ticks, toggle)
}

/// The worded cases of a 视情况 material (each once), when no answer has settled it.
fn conditions(m: &MergedMaterial) -> Option<String> {
    if m.need != Need::Conditional {
        return None;
    }
    let mut cases: Vec<&str> = Vec::new();
    for c in m.needs.iter().filter(|n| n.need == Need::Conditional).filter_map(|n| n.condition.as_deref()) {
        if !cases.contains(&c) {
            cases.push(c);
        }
    }
    (!cases.is_empty()).then(|| cases.join("；"))
}

/// The one instruction for a material; `None` when nothing is to be done (not needed).
pub fn supply_text(t: &Texts, supply: &Supply, item_name: &dyn Fn(&str) -> String) -> Option<String> {
    let text = match supply {
        Supply::NotNeeded => return None,
        Supply::Generated { paper: None } => t.t("supply.generated"),
        Supply::Generated { paper: Some(paper) } => t.f("supply.generated_signed", &[("paper", paper)]),
        Supply::Retrieved { via } => t.f("supply.retrieved", &[("via", via)]),
        Supply::Shared { via, form } => t.f("supply.shared", &[("via", via), ("bring", &bring(t, *form))]),
        Supply::FromChain { item, form } => {
            t.f("supply.from_chain", &[("item", &item_name(item)), ("bring", &bring(t, *form))])
        }
        Supply::Bring { form, paper: None } => bring(t, *form),
        Supply::Bring { form, paper: Some(paper) } => format!("{}{}", bring(t, *form), t.bracketed(paper)),
    };
    Some(text)
}

/// What to bring, as a request (“请带原件”).
fn bring(t: &Texts, form: MaterialForm) -> String {
    t.t(match form {
        MaterialForm::Original => "supply.bring.original",
        MaterialForm::Copy => "supply.bring.copy",
        MaterialForm::OriginalAndCopy => "supply.bring.original_and_copy",
        MaterialForm::Electronic => "supply.bring.electronic",
        MaterialForm::OriginalOrElectronic => "supply.bring.original_or_electronic",
        MaterialForm::Surrender => "supply.bring.surrender",
        MaterialForm::Inspect => "supply.bring.inspect",
    })
}
