//! Conditions on answers: "show this field / require this material only when …".
//!
//! Written in data as one of
//! `{"field": "sfdb@applicant", "equals": "1"}`, `{"field": …, "in": ["1", "2"]}`, `{"field": …, "filled": true}`,
//! `{"all": [ … ]}`, `{"any": [ … ]}`, `{"not": { … }}`.
//! Yes/no answers are `"1"` (是) and `"0"` (否); a multi-choice answer is its codes joined by `,`, and `equals` /
//! `in` then ask whether it contains the code.

use serde::{Deserialize, Serialize};

use crate::dictionary::FieldKey;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<FieldKey>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Condition>>,
}

impl Condition {
    pub fn equals(field: FieldKey, value: &str) -> Self {
        Condition { field: Some(field), equals: Some(value.to_owned()), ..Condition::default() }
    }

    /// Whether the condition has exactly one well-formed shape. Returns a Chinese reason otherwise.
    pub fn check_shape(&self) -> Result<(), String> {
        let tests = [self.equals.is_some(), self.one_of.is_some(), self.filled.is_some()];
        let n_tests = tests.iter().filter(|t| **t).count();
        let n_combinators = [self.all.is_some(), self.any.is_some(), self.not.is_some()].iter().filter(|t| **t).count();
        match (self.field.is_some(), n_tests, n_combinators) {
            (true, 1, 0) => {
                if self.one_of.as_ref().is_some_and(Vec::is_empty) {
                    return Err("“in”不能为空列表".to_owned());
                }
                Ok(())
            }
            (false, 0, 1) => {
                for c in self.all.iter().chain(&self.any).flatten().chain(self.not.as_deref()) {
                    c.check_shape()?;
                }
                if self.all.as_ref().or(self.any.as_ref()).is_some_and(Vec::is_empty) {
                    return Err("“all”或“any”不能为空列表".to_owned());
                }
                Ok(())
            }
            _ => Err("条件必须是 field+equals、field+in、field+filled、all、any 或 not 中的一种".to_owned()),
        }
    }

    /// Every field the condition reads, with the values it compares against.
    pub fn references(&self) -> Vec<(&FieldKey, Vec<&str>)> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<(&'a FieldKey, Vec<&'a str>)>) {
        if let Some(f) = &self.field {
            let mut values: Vec<&str> = self.equals.iter().map(String::as_str).collect();
            values.extend(self.one_of.iter().flatten().map(String::as_str));
            out.push((f, values));
        }
        for c in self.all.iter().chain(&self.any).flatten().chain(self.not.as_deref()) {
            c.collect(out);
        }
    }

    /// Evaluates against answers (`None` = not answered). A malformed condition is false, never a panic.
    /// Whether a choice this condition tests (`equals` / `in`) is still unanswered: the condition cannot be
    /// decided yet (a checklist then says 视情况 rather than 无需提交). `filled` tests never wait: blank is an answer.
    pub fn awaits(&self, answer: &dyn Fn(&FieldKey) -> Option<String>) -> bool {
        if let Some(field) = &self.field {
            let tests_choice = self.equals.is_some() || self.one_of.is_some();
            return tests_choice && answer(field).is_none_or(|v| v.trim().is_empty());
        }
        self.all.iter().chain(&self.any).flatten().chain(self.not.as_deref()).any(|c| c.awaits(answer))
    }

    pub fn holds(&self, answer: &dyn Fn(&FieldKey) -> Option<String>) -> bool {
        if let Some(field) = &self.field {
            let value = answer(field).filter(|v| !v.trim().is_empty());
            let has = |code: &str| value.as_deref().is_some_and(|v| v == code || v.split(',').any(|part| part == code));
            if let Some(expected) = &self.equals {
                return has(expected);
            }
            if let Some(list) = &self.one_of {
                return list.iter().any(|code| has(code));
            }
            if let Some(filled) = self.filled {
                return value.is_some() == filled;
            }
            return false;
        }
        if let Some(all) = &self.all {
            return all.iter().all(|c| c.holds(answer));
        }
        if let Some(any) = &self.any {
            return any.iter().any(|c| c.holds(answer));
        }
        if let Some(not) = &self.not {
            return !not.holds(answer);
        }
        false
    }
}
