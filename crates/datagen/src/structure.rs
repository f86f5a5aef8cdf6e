//! Measuring the structures of a company list that make linking hard: how
//! many companies share a street address (office towers, group head offices,
//! funds and their vehicles), how many share a name stem (company groups),
//! how many carry the same name (namesakes) and whether their legal forms
//! differ, and how often one company's name lies inside another's
//! (superstring names). The figures are taken from the real EDINET list so
//! that the generator and the training episodes reproduce them at the
//! measured rates, and from any other table to compare it with reality.
//!
//! Everything is measured on the library's normal forms: a street address is
//! the prefecture, municipality, town, 丁目 and block numbers of
//! [`parse_address`] (the building, floor and room are left out, so tenants
//! of one building share it); a name is the [`normalize_name`] core.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use nayose::features::words::split_business_words;
use nayose::normalize::{LegalForm, normalize_name, parse_address};

/// Leading characters two cores must share to count as one name family
/// (a company group's stem): two when the core starts with a kanji
/// (`三菱`, `住友`, `野村`), four otherwise (`ソフトバ`, `ＳＢＩホ`). A
/// common surname (`山田`) makes families of unrelated firms too, so the
/// figure is an upper bound on groups; a shared stem *and* street address
/// is the sharper sign of a group.
pub const STEM_CHARS: usize = 4;

/// [`STEM_CHARS`] for a core that starts with a kanji.
pub const KANJI_STEM_CHARS: usize = 2;

/// Shortest core counted as contained in another (shorter ones, such as
/// `ＫＤ`, lie inside many names by chance).
pub const MIN_CONTAINED_CHARS: usize = 2;

/// One company as the measurement sees it.
#[derive(Debug, Clone, Copy)]
pub struct StructureInput<'a> {
    /// The registered name.
    pub name: &'a str,
    /// The address as written (with the prefecture where known).
    pub address: &'a str,
}

/// A group of companies sharing something, for the examples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// What they share (the address or the stem).
    pub shared: String,
    /// How many companies share it.
    pub companies: usize,
    /// A few of their names.
    pub names: Vec<String>,
}

/// Companies sharing a key, as counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sharing {
    /// Companies that have the key at all.
    pub with_key: usize,
    /// Companies whose key at least one other company has.
    pub sharing: usize,
    /// Groups (keys held by two or more companies).
    pub groups: usize,
    /// Number of groups by size (2, 3, …).
    pub group_sizes: BTreeMap<usize, usize>,
    /// The largest groups, largest first.
    pub largest: Vec<Example>,
}

/// The measured structures of one company list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    /// Companies measured.
    pub companies: usize,
    /// Street addresses (to the block number) shared by several companies.
    pub addresses: Sharing,
    /// Name stems ([`STEM_CHARS`] leading characters of the core) shared by
    /// several companies whose cores are longer than the stem.
    pub stems: Sharing,
    /// Companies that share both a stem and a street address with another
    /// company (a group sibling in the same building).
    pub stem_and_address: usize,
    /// Companies that share a street address with another company whose
    /// core keeps their stem but ends with other business words
    /// (`マネックス証券` / `マネックスファイナンス`;
    /// [`nayose::features::words`]).
    pub address_stem_words_differ: usize,
    /// Companies that share a street address with another company whose
    /// core ends with the same business words on another stem
    /// (`モリタホールディングス` / `パルグループホールディングス`).
    pub address_words_stem_differs: usize,
    /// Identical cores held by several companies (namesakes).
    pub namesakes: Sharing,
    /// Namesake groups whose legal forms are not all the same.
    pub namesakes_legal_forms_differ: usize,
    /// Companies whose core lies strictly inside another company's core;
    /// `None` when not measured (it is quadratic).
    pub contained: Option<usize>,
    /// Pairs (contained, containing) behind [`Structure::contained`], and a
    /// few examples.
    pub contained_pairs: Option<(usize, Vec<(String, String)>)>,
}

/// Largest list whose superstring names are measured.
pub const SUPERSTRING_LIMIT: usize = 50_000;

/// How many examples of each kind are kept.
const EXAMPLES: usize = 5;

/// The street-address key of an address: prefecture, municipality, town,
/// 丁目 and block numbers; `None` without a municipality or block numbers
/// (such an address does not single out a building).
#[must_use]
pub fn street_key(address: &str) -> Option<String> {
    let parsed = parse_address(address);
    let city = parsed.city?;
    let block = parsed.block?;
    Some(format!(
        "{}{}{}{}{}",
        parsed.prefecture.unwrap_or_default(),
        city,
        parsed.town.unwrap_or_default(),
        parsed.chome.map(|c| format!("{c}丁目")).unwrap_or_default(),
        block
    ))
}

/// The stem of a core: its first [`KANJI_STEM_CHARS`] characters when it
/// starts with a kanji, else its first [`STEM_CHARS`]; `None` for a shorter
/// core. Namesakes share their stem.
#[must_use]
pub fn stem(core: &str) -> Option<String> {
    let first = core.chars().next()?;
    let length = if is_kanji(first) {
        KANJI_STEM_CHARS
    } else {
        STEM_CHARS
    };
    let stem: String = core.chars().take(length).collect();
    (stem.chars().count() == length).then_some(stem)
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

/// Counts the companies sharing each key (`None`: no key) and keeps the
/// largest groups as examples.
fn sharing(keys: &[Option<String>], names: &[&str]) -> Sharing {
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(key) = key {
            groups.entry(key.as_str()).or_default().push(i);
        }
    }
    let mut result = Sharing {
        with_key: keys.iter().flatten().count(),
        ..Sharing::default()
    };
    let mut shared: Vec<(&str, &Vec<usize>)> = groups
        .iter()
        .filter(|(_, members)| members.len() > 1)
        .map(|(key, members)| (*key, members))
        .collect();
    for (_, members) in &shared {
        result.sharing += members.len();
        result.groups += 1;
        *result.group_sizes.entry(members.len()).or_default() += 1;
    }
    // Largest first, ties by key, so the examples do not depend on hashing.
    shared.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    result.largest = shared
        .iter()
        .take(EXAMPLES)
        .map(|(key, members)| Example {
            shared: (*key).to_owned(),
            companies: members.len(),
            names: members
                .iter()
                .take(4)
                .map(|&i| names[i].to_owned())
                .collect(),
        })
        .collect();
    result
}

/// Measures the structures of `companies` (names inside names only up to
/// [`SUPERSTRING_LIMIT`] companies).
#[must_use]
pub fn measure(companies: &[StructureInput<'_>]) -> Structure {
    measure_with(companies, companies.len() <= SUPERSTRING_LIMIT)
}

/// [`measure`] without the quadratic names-inside-names count.
#[must_use]
pub fn measure_sharing(companies: &[StructureInput<'_>]) -> Structure {
    measure_with(companies, false)
}

fn measure_with(companies: &[StructureInput<'_>], superstring: bool) -> Structure {
    let names: Vec<&str> = companies.iter().map(|c| c.name).collect();
    let normalized: Vec<_> = companies.iter().map(|c| normalize_name(c.name)).collect();
    let cores: Vec<Option<String>> = normalized
        .iter()
        .map(|n| Some(n.core.clone()).filter(|c| !c.is_empty()))
        .collect();
    let addresses: Vec<Option<String>> = companies.iter().map(|c| street_key(c.address)).collect();
    let stems: Vec<Option<String>> = cores
        .iter()
        .map(|core| core.as_deref().and_then(stem))
        .collect();

    let namesakes = sharing(&cores, &names);
    let mut forms: HashMap<&str, Vec<Option<LegalForm>>> = HashMap::new();
    for (core, name) in cores.iter().zip(&normalized) {
        if let Some(core) = core {
            forms
                .entry(core.as_str())
                .or_default()
                .push(name.legal_form);
        }
    }
    let namesakes_legal_forms_differ = forms
        .values()
        .filter(|f| f.len() > 1 && f.iter().any(|form| *form != f[0]))
        .count();

    let mut by_stem_and_address: HashMap<(&str, &str), usize> = HashMap::new();
    for (stem, address) in stems.iter().zip(&addresses) {
        if let (Some(stem), Some(address)) = (stem, address) {
            *by_stem_and_address
                .entry((stem.as_str(), address.as_str()))
                .or_default() += 1;
        }
    }
    let stem_and_address = by_stem_and_address.values().filter(|&&n| n > 1).sum();
    let (address_stem_words_differ, address_words_stem_differs) =
        business_words_at_one_address(&cores, &addresses);

    let (contained, contained_pairs) = if superstring {
        let (count, pairs, examples) = superstrings(&cores, &names);
        (Some(count), Some((pairs, examples)))
    } else {
        (None, None)
    };

    Structure {
        companies: companies.len(),
        addresses: sharing(&addresses, &names),
        stems: sharing(&stems, &names),
        stem_and_address,
        address_stem_words_differ,
        address_words_stem_differs,
        namesakes,
        namesakes_legal_forms_differ,
        contained,
        contained_pairs,
    }
}

/// Companies at a shared street address with another company of the same
/// business-word stem and other business words, and with another company
/// of the same business words and another stem.
fn business_words_at_one_address(
    cores: &[Option<String>],
    addresses: &[Option<String>],
) -> (usize, usize) {
    let mut at: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for (core, address) in cores.iter().zip(addresses) {
        if let (Some(core), Some(address)) = (core, address) {
            let split = split_business_words(core);
            at.entry(address.as_str())
                .or_default()
                .push((split.stem, split.words));
        }
    }
    let (mut words_differ, mut stem_differs) = (0, 0);
    for tenants in at.values().filter(|t| t.len() > 1) {
        for (i, (stem, words)) in tenants.iter().enumerate() {
            if words.is_empty() {
                continue;
            }
            let others = tenants
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, t)| t);
            let mut differ = false;
            let mut same_words = false;
            for (other_stem, other_words) in others {
                differ |= other_stem == stem && !other_words.is_empty() && other_words != words;
                same_words |= other_words == words && other_stem != stem;
            }
            words_differ += usize::from(differ);
            stem_differs += usize::from(same_words);
        }
    }
    (words_differ, stem_differs)
}

/// Companies whose core lies strictly inside another's core (at least
/// [`MIN_CONTAINED_CHARS`] characters), the number of such pairs, and a few
/// examples (contained name, containing name).
fn superstrings(cores: &[Option<String>], names: &[&str]) -> (usize, usize, Vec<(String, String)>) {
    let (mut contained, mut pairs) = (0, 0);
    let mut examples = Vec::new();
    for (i, inner) in cores.iter().enumerate() {
        let Some(inner) = inner
            .as_deref()
            .filter(|c| c.chars().count() >= MIN_CONTAINED_CHARS)
        else {
            continue;
        };
        let mut found = false;
        for (j, outer) in cores.iter().enumerate() {
            if let Some(outer) = outer
                && i != j
                && outer.len() > inner.len()
                && outer.contains(inner)
            {
                pairs += 1;
                if !found && examples.len() < EXAMPLES * 2 {
                    examples.push((names[i].to_owned(), names[j].to_owned()));
                }
                found = true;
            }
        }
        contained += usize::from(found);
    }
    (contained, pairs, examples)
}

fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        "–".to_owned()
    } else {
        format!("{:.1} %", 100.0 * part as f64 / whole as f64)
    }
}

/// Group sizes as `2: n, 3: n, 4–5: n, 6–10: n, 11+: n`.
fn size_buckets(sizes: &BTreeMap<usize, usize>) -> String {
    let buckets = [(2, 2), (3, 3), (4, 5), (6, 10), (11, usize::MAX)];
    buckets
        .iter()
        .map(|&(lo, hi)| {
            let n: usize = sizes.range(lo..=hi).map(|(_, n)| n).sum();
            let label = match (lo, hi) {
                (lo, hi) if lo == hi => lo.to_string(),
                (lo, usize::MAX) => format!("{lo}+"),
                (lo, hi) => format!("{lo}–{hi}"),
            };
            format!("{label}: {n}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Structure {
    /// The figures as Markdown table rows `| figure | value |` (no header),
    /// in a fixed order, so two lists can be put side by side.
    #[must_use]
    pub fn rows(&self) -> Vec<(String, String)> {
        let n = self.companies;
        let max = |s: &Sharing| s.group_sizes.keys().last().copied().unwrap_or(0);
        let mut rows = vec![
            ("companies".to_owned(), n.to_string()),
            (
                "with a street address (to the block number)".to_owned(),
                format!(
                    "{} ({})",
                    self.addresses.with_key,
                    share(self.addresses.with_key, n)
                ),
            ),
            (
                "sharing their street address with another company".to_owned(),
                format!(
                    "{} ({} of those with one)",
                    self.addresses.sharing,
                    share(self.addresses.sharing, self.addresses.with_key)
                ),
            ),
            (
                "shared street addresses, by companies at one address".to_owned(),
                format!(
                    "{} ({}; largest {})",
                    self.addresses.groups,
                    size_buckets(&self.addresses.group_sizes),
                    max(&self.addresses)
                ),
            ),
            (
                format!(
                    "sharing a name stem ({KANJI_STEM_CHARS} leading kanji or {STEM_CHARS} other characters) with another company"
                ),
                format!("{} ({})", self.stems.sharing, share(self.stems.sharing, n)),
            ),
            (
                "name stems shared, by companies per stem".to_owned(),
                format!(
                    "{} ({}; largest {})",
                    self.stems.groups,
                    size_buckets(&self.stems.group_sizes),
                    max(&self.stems)
                ),
            ),
            (
                "sharing both a stem and the street address with another company".to_owned(),
                format!(
                    "{} ({})",
                    self.stem_and_address,
                    share(self.stem_and_address, n)
                ),
            ),
            (
                "at a shared street address with a company of the same stem and other business words (証券 / ファイナンス)".to_owned(),
                format!(
                    "{} ({})",
                    self.address_stem_words_differ,
                    share(self.address_stem_words_differ, n)
                ),
            ),
            (
                "at a shared street address with a company of the same business words and another stem (Ａホールディングス / Ｂホールディングス)".to_owned(),
                format!(
                    "{} ({})",
                    self.address_words_stem_differs,
                    share(self.address_words_stem_differs, n)
                ),
            ),
            (
                "carrying a name (core) another company also carries".to_owned(),
                format!(
                    "{} ({}) in {} groups",
                    self.namesakes.sharing,
                    share(self.namesakes.sharing, n),
                    self.namesakes.groups
                ),
            ),
            (
                "namesake groups whose legal forms differ".to_owned(),
                format!(
                    "{} of {} ({})",
                    self.namesakes_legal_forms_differ,
                    self.namesakes.groups,
                    share(self.namesakes_legal_forms_differ, self.namesakes.groups)
                ),
            ),
        ];
        rows.push((
            format!(
                "whose name lies inside another company's name (≥ {MIN_CONTAINED_CHARS} characters)"
            ),
            match (self.contained, &self.contained_pairs) {
                (Some(c), Some((pairs, _))) => format!("{c} ({}), {pairs} pairs", share(c, n)),
                _ => "not measured".to_owned(),
            },
        ));
        rows
    }

    /// The examples as Markdown bullet lists.
    #[must_use]
    pub fn examples_markdown(&self) -> String {
        let mut out = String::new();
        let mut list = |title: &str, examples: &[Example]| {
            let _ = writeln!(out, "{title}\n");
            for e in examples {
                let _ = writeln!(
                    out,
                    "- `{}` ({}): {}",
                    e.shared,
                    e.companies,
                    e.names.join("、")
                );
            }
            out.push('\n');
        };
        list("Most shared street addresses:", &self.addresses.largest);
        list("Most shared name stems:", &self.stems.largest);
        list("Largest namesake groups:", &self.namesakes.largest);
        if let Some((_, pairs)) = &self.contained_pairs {
            let _ = writeln!(out, "Names inside other names:\n");
            for (inner, outer) in pairs {
                let _ = writeln!(out, "- {inner} ⊂ {outer}");
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(name: &'a str, address: &'a str) -> StructureInput<'a> {
        StructureInput { name, address }
    }

    #[test]
    fn street_keys_ignore_the_building_and_need_a_block() {
        assert_eq!(
            street_key("東京都千代田区丸の内一丁目1番1号 パレスビル5階"),
            street_key("東京都千代田区丸の内1-1-1")
        );
        assert!(street_key("東京都千代田区丸の内1-1-1").is_some());
        assert_eq!(street_key("東京都千代田区"), None);
        assert_ne!(
            street_key("東京都千代田区丸の内1-1-1"),
            street_key("東京都千代田区丸の内1-1-2")
        );
    }

    #[test]
    fn stems_are_two_kanji_or_four_other_characters() {
        assert_eq!(stem("ミツビシショウジ").as_deref(), Some("ミツビシ"));
        assert_eq!(stem("ミツビシ").as_deref(), Some("ミツビシ"));
        assert_eq!(stem("三菱商事").as_deref(), Some("三菱"));
        assert_eq!(stem("ABC"), None);
        assert_eq!(stem("三"), None);
    }

    #[test]
    fn business_words_of_tenants_are_compared() {
        let companies = [
            input(
                "株式会社モリタホールディングス",
                "大阪府大阪市中央区道修町3-6-1",
            ),
            input(
                "株式会社パルグループホールディングス",
                "大阪府大阪市中央区道修町3-6-1",
            ),
            input("マネックス証券株式会社", "東京都港区赤坂1-12-32"),
            input("マネックスファイナンス株式会社", "東京都港区赤坂1-12-32"),
            input("マネックス株式会社", "東京都港区赤坂1-12-32"),
            input("株式会社サカタのタネ", "東京都港区赤坂1-12-32"),
        ];
        let s = measure(&companies);
        assert_eq!(s.address_stem_words_differ, 2);
        assert_eq!(s.address_words_stem_differs, 0);
        let same_words = [
            input(
                "株式会社モリタホールディングス",
                "大阪府大阪市中央区道修町3-6-1",
            ),
            input(
                "株式会社パルホールディングス",
                "大阪府大阪市中央区道修町3-6-1",
            ),
        ];
        assert_eq!(measure(&same_words).address_words_stem_differs, 2);
    }

    #[test]
    fn shared_addresses_groups_namesakes_and_superstrings_are_counted() {
        let companies = [
            input("アルファ総研株式会社", "東京都千代田区丸の内1-1-1"),
            input(
                "ベータ・ファンド合同会社",
                "東京都千代田区丸の内一丁目1番1号 10階",
            ),
            input("ガンマ商事株式会社", "東京都千代田区丸の内1-1-1"),
            input("山田電機株式会社", "大阪府大阪市北区梅田1-1-1"),
            input("山田電機商事株式会社", "大阪府大阪市北区梅田1-1-1"),
            input("有限会社キタムラ", "北海道札幌市中央区北一条西1-1"),
            input("株式会社キタムラ", "福岡県福岡市中央区天神1-1"),
            input("キタムラ株式会社", "沖縄県那覇市泉崎1-1"),
        ];
        let s = measure(&companies);
        assert_eq!(s.companies, 8);
        assert_eq!(s.addresses.with_key, 8);
        // Three at 丸の内1-1-1, two at 梅田1-1-1.
        assert_eq!(s.addresses.sharing, 5);
        assert_eq!(s.addresses.groups, 2);
        assert_eq!(s.addresses.group_sizes, BTreeMap::from([(2, 1), (3, 1)]));
        assert_eq!(s.addresses.largest[0].companies, 3);
        // 山田電機 and 山田電機商事 share the stem 山田 and the address; the
        // three キタムラ share theirs as namesakes do.
        assert_eq!(s.stems.sharing, 5);
        assert_eq!(s.stem_and_address, 2);
        // Stem 山田, business words 電機 and 電機商事.
        assert_eq!(s.address_stem_words_differ, 2);
        assert_eq!(s.address_words_stem_differs, 0);
        // Three キタムラ, two of the same legal form, one 有限会社.
        assert_eq!(s.namesakes.sharing, 3);
        assert_eq!(s.namesakes.groups, 1);
        assert_eq!(s.namesakes_legal_forms_differ, 1);
        // 山田電機 ⊂ 山田電機商事.
        assert_eq!(s.contained, Some(1));
        assert_eq!(s.contained_pairs.as_ref().map(|p| p.0), Some(1));
        let rows = s.rows();
        assert!(
            rows.iter()
                .any(|(k, v)| k.starts_with("sharing their street address")
                    && v.starts_with("5 (62.5 %")),
            "{rows:?}"
        );
        assert!(
            s.examples_markdown()
                .contains("山田電機株式会社 ⊂ 山田電機商事株式会社")
        );
    }
}
