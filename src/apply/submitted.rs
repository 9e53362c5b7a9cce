//! The submissions this page holds in memory after 提交, for the receipt's download and 保存到我的档案. Kept in
//! memory only (nothing personal outlives the session after submission) and forgotten by 清除本机数据.

use std::cell::RefCell;
use std::collections::BTreeMap;

use sqsb_core::dictionary::FieldKey;
use sqsb_core::engine::{Answers, Payload};

/// A submission, in memory: the applications, the answers and each shared field's label.
#[derive(Clone)]
pub struct Submitted {
    pub payloads: Vec<Payload>,
    pub answers: Answers,
    /// Each shared field's name and its answer as the user reads it (option labels, not codes).
    pub labels: BTreeMap<FieldKey, (String, String)>,
}

thread_local! {
    static SUBMITTED: RefCell<BTreeMap<String, Submitted>> = const { RefCell::new(BTreeMap::new()) };
}

/// Keeps the submission of draft `id` for the rest of the session.
pub fn remember(id: &str, submitted: Submitted) {
    SUBMITTED.with(|s| s.borrow_mut().insert(id.to_owned(), submitted));
}

/// The submission of draft `id`, if this page made it.
pub fn get(id: &str) -> Option<Submitted> {
    SUBMITTED.with(|s| s.borrow().get(id).cloned())
}

/// Forgets the submission of draft `id` (删除本机保存的申请内容).
pub fn forget(id: &str) {
    SUBMITTED.with(|s| s.borrow_mut().remove(id));
}

/// Forgets every submission held in memory (清除本机数据).
pub fn forget_all() {
    SUBMITTED.with(|s| s.borrow_mut().clear());
}
