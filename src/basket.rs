//! The basket (办事篮): leaf ids the user collected to apply for together, kept in localStorage and shared with
//! every screen as a context. Storage failures (private mode, quota) are logged and the basket carries on in
//! memory.

use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use yew::prelude::*;

const BASKET_KEY: &str = "sqsb.basket.v1";

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Basket {
    pub items: Vec<String>,
}

pub enum BasketAction {
    Add(String),
    Remove(String),
}

impl Basket {
    /// The stored basket (empty when there is none or it cannot be read).
    pub fn load() -> Basket {
        Basket { items: LocalStorage::get::<Vec<String>>(BASKET_KEY).unwrap_or_default() }
    }
}

impl Reducible for Basket {
    type Action = BasketAction;

    fn reduce(self: Rc<Self>, action: BasketAction) -> Rc<Self> {
        let mut items = self.items.clone();
        match action {
            BasketAction::Add(id) if !items.contains(&id) => items.push(id),
            BasketAction::Add(_) => return self,
            BasketAction::Remove(id) => items.retain(|i| *i != id),
        }
        if let Err(e) = LocalStorage::set(BASKET_KEY, &items) {
            crate::log::warn(&format!("basket not saved: {e}"));
        }
        Rc::new(Basket { items })
    }
}

/// The basket as screens hold it (provided by `app.rs`).
pub type BasketHandle = UseReducerHandle<Basket>;
