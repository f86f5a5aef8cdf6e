//! Prefectures and municipalities from Japan Post's data (`data/*.tsv`),
//! embedded and indexed once on first use.

use super::text::{FoldMode, fold};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

const PREFECTURES_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/prefectures.tsv"
));
const CITIES_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/cities.tsv"
));

/// Regions and other place words that precede 支店/本社 in branch names.
const REGIONS: &[&str] = &[
    "関東",
    "関西",
    "東日本",
    "西日本",
    "北日本",
    "中部",
    "東北",
    "北陸",
    "甲信越",
    "信越",
    "東海",
    "近畿",
    "中国",
    "四国",
    "九州",
    "山陰",
    "山陽",
    "首都圏",
    "中京",
    "北関東",
    "南関東",
    "南九州",
    "北九州",
    "阪神",
    "京阪",
    "湘南",
    "多摩",
    "城南",
    "城北",
    "城東",
    "城西",
    "道央",
    "道東",
    "道南",
    "道北",
    "海外",
    "国際",
    "東京本",
    "日本橋",
    "丸の内",
    "梅田",
    "心斎橋",
    "天神",
    "栄",
    "博多",
    "三河",
];

/// One way of writing a municipality, found at the start of an address.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// Index into [`Gazetteer::prefectures`].
    pub pref: u8,
    /// The official name to output (`横浜市都筑区`, `横浜市` for a key naming
    /// only the designated city).
    pub city: &'static str,
    /// Whether the key is the full official name.
    pub full: bool,
}

/// FNV-1a: a fast hash for the short keys of the gazetteer (the keys come
/// from our own data, so flooding is not a concern).
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// The hasher builder for [`Fnv`].
pub(crate) type FnvBuild = std::hash::BuildHasherDefault<Fnv>;

pub(crate) struct Gazetteer {
    /// The 47 prefecture names, in code order.
    pub prefectures: Vec<&'static str>,
    /// Prefecture names without 都/府/県 (北海道 kept whole).
    pub pref_short: Vec<&'static str>,
    /// Key (folded with [`key_fold`]) → entries.
    pub keys: HashMap<String, Vec<Entry>, FnvBuild>,
    /// Longest key, in characters.
    pub max_key_chars: usize,
    /// Place names (name-folded) for branch detection.
    pub places: HashSet<String, FnvBuild>,
}

/// Folds what people write interchangeably in place names (ヶ/ケ/が/ガ,
/// の/ノ/之), keeping every byte offset: each such character is three bytes
/// in UTF-8, and so is its replacement.
pub(crate) fn key_fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ヶ' | 'が' | 'ガ' | 'ヵ' => 'ケ',
            'の' | '之' => 'ノ',
            _ => c,
        })
        .collect()
}

pub(crate) static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(build);

fn build() -> Gazetteer {
    let mut prefectures = Vec::with_capacity(47);
    for line in PREFECTURES_TSV.lines().skip(1) {
        if let Some(p) = line.split('\t').nth(1) {
            prefectures.push(p);
        }
    }
    let pref_short: Vec<&'static str> = prefectures
        .iter()
        .map(|p| {
            if *p == "北海道" {
                p
            } else {
                p.strip_suffix(['都', '府', '県']).unwrap_or(p)
            }
        })
        .collect();
    let mut keys: HashMap<String, Vec<Entry>, FnvBuild> =
        HashMap::with_capacity_and_hasher(4096, FnvBuild::default());
    let mut places: HashSet<String, FnvBuild> =
        HashSet::with_capacity_and_hasher(8192, FnvBuild::default());
    let add = |key: &str, e: Entry, keys: &mut HashMap<String, Vec<Entry>, FnvBuild>| {
        let k = key_fold(&fold(key, FoldMode::Address));
        let v = keys.entry(k).or_default();
        if !v
            .iter()
            .any(|x| x.pref == e.pref && x.city == e.city && x.full == e.full)
        {
            v.push(e);
        }
    };
    for (i, p) in prefectures.iter().enumerate() {
        places.insert(fold(p, FoldMode::Name));
        places.insert(fold(pref_short[i], FoldMode::Name));
    }
    for r in REGIONS {
        places.insert(fold(r, FoldMode::Name));
    }
    for line in CITIES_TSV.lines().skip(1) {
        let mut f = line.split('\t');
        let (Some(pref), Some(city)) = (f.next(), f.next()) else {
            continue;
        };
        let Some(pi) = prefectures.iter().position(|p| *p == pref) else {
            continue;
        };
        let pref = pi as u8;
        add(
            city,
            Entry {
                pref,
                city,
                full: true,
            },
            &mut keys,
        );
        let mut place = |n: &str| {
            if n.chars().count() >= 2 {
                places.insert(fold(n, FoldMode::Name));
            }
            if let Some(stem) = n.strip_suffix(['市', '区', '町', '村'])
                && stem.chars().count() >= 2
            {
                places.insert(fold(stem, FoldMode::Name));
            }
        };
        if let Some(g) = city.find('郡') {
            let town = &city[g + '郡'.len_utf8()..];
            if !town.is_empty() {
                add(
                    town,
                    Entry {
                        pref,
                        city,
                        full: false,
                    },
                    &mut keys,
                );
                place(town);
            }
        } else if let Some(s) = city.find('市')
            && city.ends_with('区')
            && s + '市'.len_utf8() < city.len()
        {
            let shi = &city[..s + '市'.len_utf8()];
            let ku = &city[s + '市'.len_utf8()..];
            add(
                shi,
                Entry {
                    pref,
                    city: shi,
                    full: false,
                },
                &mut keys,
            );
            add(
                ku,
                Entry {
                    pref,
                    city,
                    full: false,
                },
                &mut keys,
            );
            place(shi);
            place(ku);
        } else {
            place(city);
        }
    }
    let max_key_chars = keys.keys().map(|k| k.chars().count()).max().unwrap_or(0);
    Gazetteer {
        prefectures,
        pref_short,
        keys,
        max_key_chars,
        places,
    }
}

/// Whether `s` (name-folded) is a place name: prefecture, municipality (with
/// or without 市/区/町/村) or region.
pub(crate) fn is_place(s: &str) -> bool {
    GAZETTEER.places.contains(s)
}

/// The start of the longest place name ending `s` that leaves something
/// before it; 0 when there is none.
pub(crate) fn place_suffix_start(s: &str) -> usize {
    let n = s.chars().count();
    for (k, (i, _)) in s.char_indices().enumerate() {
        if k == 0 || n - k > 8 {
            continue;
        }
        if is_place(&s[i..]) {
            return i;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads() {
        let g = &*GAZETTEER;
        assert_eq!(g.prefectures.len(), 47);
        assert_eq!(g.pref_short[12], "東京");
        assert!(g.keys.contains_key("千代田区"));
        assert!(g.keys.contains_key("東神楽町"));
        assert!(g.keys.contains_key("都筑区"));
        assert!(g.keys.contains_key(&key_fold("竜ケ崎市")));
        assert!(g.max_key_chars >= 8);
        assert!(is_place("横浜"));
        assert!(is_place("東京"));
        assert!(!is_place("データ"));
        assert_eq!(place_suffix_start("サカタノタネ横浜"), "サカタノタネ".len());
    }
}
