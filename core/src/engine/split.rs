//! Splitting the filled shared form into one application per leaf item, for the host.
//!
//! Each payload carries only what its item asked and showed under its own conditions: a field another item
//! asks, or one this item hides, is left out. The JSON format is documented in data/README.md
//! (“Application payloads (to the host)”).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dictionary::is_answered_by_link;

use super::{group_visible, member_is_blank, visible_fields, Answers, Member, MergedForm};

/// One item's application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    pub item_id: String,
    pub item_name: String,
    pub catalog_version: String,
    /// `"element@role"` → answer (an item's own questions are plain `"element@item"` here).
    pub fields: BTreeMap<String, String>,
    /// Group key → members, each `element` → answer.
    #[serde(default)]
    pub groups: BTreeMap<String, Vec<Member>>,
    /// `"element@role"` → the unit its number is in (`"zczb@enterprise": "万元"`), for every answered field
    /// whose element has one: `100.00` alone would be read as 元 by a system that does not know the dictionary.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub units: BTreeMap<String, String>,
}

/// One payload per item of the form, in catalog order. Pass the normalised answers of a successful
/// [`super::validate`] (derived fields filled); blank answers and blank group members are left out.
pub fn split(form: &MergedForm, answers: &Answers) -> Vec<Payload> {
    form.items
        .iter()
        .map(|item| {
            let visible = visible_fields(form, answers, Some(&item.id));
            let answered: Vec<_> = form
                .fields()
                .filter(|f| visible.contains(&f.id))
                // 同一人 / 同地址 is how the citizen answered, not what the department asked: the person's fields
                // and the address are here.
                .filter(|f| !is_answered_by_link(&f.id.key.element))
                .filter_map(|f| Some((f, answers.get(&f.id)?.to_owned())))
                .collect();
            let units = answered
                .iter()
                .filter_map(|(f, _)| Some((f.id.key.to_string(), f.constraints.unit.clone()?)))
                .collect();
            let fields = answered.into_iter().map(|(f, value)| (f.id.key.to_string(), value)).collect();
            let groups = form
                .groups()
                .filter(|g| group_visible(g, answers, &visible, Some(&item.id)))
                .map(|g| {
                    let elements: Vec<&str> = g.members.iter().map(|m| m.element.as_str()).collect();
                    let members = answers
                        .groups
                        .get(&g.key)
                        .map(Vec::as_slice)
                        .unwrap_or(&[])
                        .iter()
                        .filter(|m| !member_is_blank(m))
                        .map(|m| own_elements(m, &elements))
                        .collect();
                    (g.key.clone(), members)
                })
                .collect();
            Payload {
                item_id: item.id.clone(),
                item_name: item.name.clone(),
                catalog_version: form.catalog_version.clone(),
                fields,
                groups,
                units,
            }
        })
        .collect()
}

/// A member restricted to the group's elements, blank answers dropped.
fn own_elements(member: &Member, elements: &[&str]) -> Member {
    member
        .iter()
        .filter(|(k, v)| elements.contains(&k.as_str()) && !is_answered_by_link(k) && !v.trim().is_empty())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}
