//! A name as parts (legal form before, core, legal form after, branch),
//! and the changes to its legal form and to its core as a whole (a former
//! name).

use super::config::NoiseConfig;
use super::legal::{Form, Split, split_name};
use super::rng::NoiseRng;

/// A name being corrupted, in parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts {
    /// What stands before the core (a legal form written first).
    pub lead: String,
    /// Between `lead` and `core`.
    pub sep_lead: String,
    /// The name proper.
    pub core: String,
    /// Between `core` and `tail`.
    pub sep_tail: String,
    /// What follows the core (a legal form written last).
    pub tail: String,
    /// Between the name and `branch`.
    pub sep_branch: String,
    /// A branch, department or honorific.
    pub branch: String,
}

impl Parts {
    /// The parts of a split name, with its original spacing.
    pub fn from_split(split: &Split) -> Self {
        let mut p = Parts {
            core: split.core.clone(),
            ..Parts::default()
        };
        if split.form.is_some() {
            p.set_form(split.prefix, split.spelled.clone(), split.gap.clone());
        }
        p
    }

    /// Writes `form` before the core (`prefix`) or after it, separated by
    /// `gap`; the other end is left as it is.
    pub fn set_form(&mut self, prefix: bool, form: String, gap: String) {
        if prefix {
            self.lead = form;
            self.sep_lead = gap;
        } else {
            self.tail = form;
            self.sep_tail = gap;
        }
    }

    /// The name written out.
    pub fn render(&self) -> String {
        let mut s = String::with_capacity(
            self.lead.len() + self.core.len() + self.tail.len() + self.branch.len() + 8,
        );
        if !self.lead.is_empty() {
            s.push_str(&self.lead);
            s.push_str(&self.sep_lead);
        }
        s.push_str(&self.core);
        if !self.tail.is_empty() {
            s.push_str(&self.sep_tail);
            s.push_str(&self.tail);
        }
        if !self.branch.is_empty() {
            s.push_str(&self.sep_branch);
            s.push_str(&self.branch);
        }
        s
    }

    /// Applies `f` to every text part (not the separators).
    pub fn map(&mut self, f: impl Fn(&str) -> String) {
        for part in [
            &mut self.lead,
            &mut self.core,
            &mut self.tail,
            &mut self.branch,
        ] {
            *part = f(part);
        }
    }

    /// Removes the legal form.
    pub fn drop_form(&mut self) {
        self.lead.clear();
        self.tail.clear();
        self.sep_lead.clear();
        self.sep_tail.clear();
    }
}

/// Another spelling of `form` than `current` (the bare form with
/// probability `bare`); `None` when the form has no other spelling.
fn respell(form: &Form, current: &str, bare: f64, rng: &mut NoiseRng) -> Option<String> {
    if let Some(b) = form.bare
        && b != current
        && rng.chance(bare)
    {
        return Some(b.to_owned());
    }
    let others: Vec<&str> = form.spellings().filter(|s| *s != current).collect();
    rng.pick(&others).map(|s| (*s).to_owned())
}

/// Respells, moves (前株 ↔ 後株) or drops the legal form. Returns whether
/// the name changed.
pub fn legal_form(parts: &mut Parts, split: &Split, cfg: &NoiseConfig, rng: &mut NoiseRng) -> bool {
    let Some(form) = split.form else {
        return false;
    };
    let before = parts.render();
    let drop = cfg.legal_form_drop.clamp(0.0, 1.0);
    let moved = cfg.legal_form_move.clamp(0.0, 1.0);
    let keep = (1.0 - drop - moved).max(0.0);
    let current = if split.prefix {
        &parts.lead
    } else {
        &parts.tail
    }
    .clone();
    let mut op = rng.weighted(&[keep, moved, drop]);
    let mut spelled = current.clone();
    if op == 0 {
        match respell(form, &current, cfg.legal_form_bare, rng) {
            Some(s) => spelled = s,
            None => op = 1,
        }
    } else if op == 1
        && rng.chance(0.5)
        && let Some(s) = respell(form, &current, cfg.legal_form_bare, rng)
    {
        spelled = s;
    }
    let gap = if spelled.chars().count() == 1 && rng.chance(0.5) {
        " ".to_owned()
    } else {
        split.gap.clone()
    };
    let prefix = if op == 1 { !split.prefix } else { split.prefix };
    parts.drop_form();
    if op != 2 {
        parts.set_form(prefix, spelled, gap);
    }
    parts.render() != before
}

/// Gives the donor's name (its core) with this company's legal form.
/// Returns whether the name changed.
pub fn rename(parts: &mut Parts, donor_name: &str) -> bool {
    let donor = split_name(donor_name);
    if donor.core.trim().is_empty() || donor.core == parts.core {
        return false;
    }
    parts.core = donor.core;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_round_trip() {
        for name in [
            "株式会社 サカタのタネ",
            "サカタのタネ㈱",
            "ホクト",
            "医療法人社団　健康会",
        ] {
            assert_eq!(Parts::from_split(&split_name(name)).render(), name);
        }
    }
}
