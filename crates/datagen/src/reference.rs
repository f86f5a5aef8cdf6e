//! The real public data the generator builds on (see `data/README.md`):
//! EDINET's list of domestic companies and Japan Post's postal towns.

use std::io::Read;
use std::sync::LazyLock;

use flate2::read::GzDecoder;

const EDINET_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/edinet_companies.tsv"
));
const PREFECTURES_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/prefectures.tsv"
));
const POSTAL_TOWNS_GZ: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/postal_towns.tsv.gz"
));

/// A real company from the EDINET code list.
#[derive(Debug, Clone)]
pub struct EdinetCompany {
    /// 法人番号.
    pub corporate_number: &'static str,
    /// Official name as published.
    pub name: &'static str,
    /// Reading as published (often with the legal form's reading).
    pub name_kana: &'static str,
    /// English name, possibly empty.
    pub name_en: &'static str,
    /// Prefecture, empty when it could not be resolved.
    pub prefecture: &'static str,
    /// Address as published (often without the prefecture).
    pub address: &'static str,
}

/// One postal area: a town (町域) of a city in a prefecture.
#[derive(Debug, Clone)]
pub struct PostalTown {
    /// Seven-digit postal code.
    pub postal_code: String,
    /// Index into [`prefectures`].
    pub prefecture: usize,
    /// City, ward or county+town as Japan Post writes it.
    pub city: String,
    /// Town, empty when Japan Post lists none.
    pub town: String,
    /// Town reading in katakana (may be empty).
    pub town_kana: String,
}

/// A prefecture with its reading.
#[derive(Debug, Clone)]
pub struct Prefecture {
    /// Name, e.g. `神奈川県`.
    pub name: &'static str,
    /// Reading, e.g. `カナガワケン`.
    pub kana: &'static str,
}

fn tsv_rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines().skip(1).map(|line| line.split('\t').collect())
}

static EDINET: LazyLock<Vec<EdinetCompany>> = LazyLock::new(|| {
    tsv_rows(EDINET_TSV)
        .filter(|f| f.len() >= 6)
        .map(|f| EdinetCompany {
            corporate_number: f[0],
            name: f[1],
            name_kana: f[2],
            name_en: f[3],
            prefecture: f[4],
            address: f[5],
        })
        .collect()
});

static PREFECTURES: LazyLock<Vec<Prefecture>> = LazyLock::new(|| {
    tsv_rows(PREFECTURES_TSV)
        .filter(|f| f.len() >= 3)
        .map(|f| Prefecture {
            name: f[1],
            kana: f[2],
        })
        .collect()
});

static POSTAL_TOWNS: LazyLock<Vec<PostalTown>> = LazyLock::new(|| {
    let mut text = String::new();
    // The data is compiled in; a decoding failure is a build defect that the
    // tests catch, so an empty list is the graceful outcome here.
    if GzDecoder::new(POSTAL_TOWNS_GZ)
        .read_to_string(&mut text)
        .is_err()
    {
        return Vec::new();
    }
    let prefectures = prefectures();
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let name = *f.get(1)?;
            let prefecture = prefectures.iter().position(|p| p.name == name)?;
            Some(PostalTown {
                postal_code: f.first()?.to_string(),
                prefecture,
                city: f.get(2)?.to_string(),
                town: f.get(3).copied().unwrap_or_default().to_string(),
                town_kana: f.get(4).copied().unwrap_or_default().to_string(),
            })
        })
        .collect()
});

/// The real companies of the EDINET list.
pub fn edinet_companies() -> &'static [EdinetCompany] {
    &EDINET
}

/// The 47 prefectures in JIS order.
pub fn prefectures() -> &'static [Prefecture] {
    &PREFECTURES
}

/// All postal towns.
pub fn postal_towns() -> &'static [PostalTown] {
    &POSTAL_TOWNS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_decodes() {
        assert!(edinet_companies().len() > 4_000);
        assert_eq!(prefectures().len(), 47);
        assert!(postal_towns().len() > 100_000);
        let sakata = edinet_companies()
            .iter()
            .find(|c| c.corporate_number == "6020001008662")
            .map(|c| c.prefecture);
        assert_eq!(sakata, Some("神奈川県"));
    }
}
