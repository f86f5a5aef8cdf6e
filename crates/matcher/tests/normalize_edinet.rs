//! Normalisation alone, measured on the ~4,900 real companies of
//! `data/edinet_companies.tsv`: for messy variants of each name, reading,
//! English name and address, the share whose normalised form equals the
//! original's. Run with `--nocapture` to see the figures.

use nayose::normalize::{normalize_english, normalize_name, normalize_reading, parse_address};

const EDINET: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/edinet_companies.tsv"
));

/// Full-width katakana and ASCII to half-width (the inverse of the fold),
/// as old systems and bank transfers write them.
fn to_half_width(s: &str) -> String {
    const HALF: &str = "ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ";
    const FULL: &str = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
    let full: Vec<char> = FULL.chars().collect();
    let half: Vec<char> = HALF.chars().collect();
    let mut out = String::new();
    for c in s.chars() {
        if let Some(i) = full.iter().position(|&f| f == c) {
            out.push(half[i]);
            continue;
        }
        // voiced / semi-voiced katakana
        let base = char::from_u32(c as u32 - 1).and_then(|b| full.iter().position(|&f| f == b));
        let base2 = char::from_u32(c as u32 - 2).and_then(|b| full.iter().position(|&f| f == b));
        match (c, base, base2) {
            ('ガ'..='ド' | 'バ' | 'ビ' | 'ブ' | 'ベ' | 'ボ', Some(i), _) => {
                out.push(half[i]);
                out.push('ﾞ');
            }
            ('パ' | 'ピ' | 'プ' | 'ペ' | 'ポ', _, Some(i)) => {
                out.push(half[i]);
                out.push('ﾟ');
            }
            ('ヴ', _, _) => out.push_str("ｳﾞ"),
            ('\u{FF01}'..='\u{FF5E}', _, _) => {
                out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c))
            }
            ('　', _, _) => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn kanji_numerals(s: &str) -> String {
    const K: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    s.chars()
        .map(|c| match c {
            '０'..='９' => K[(c as u32 - '０' as u32) as usize],
            '0'..='9' => K[(c as u32 - '0' as u32) as usize],
            _ => c,
        })
        .collect()
}

struct Rate {
    name: &'static str,
    hits: usize,
    total: usize,
    misses: Vec<String>,
}

impl Rate {
    fn new(name: &'static str) -> Self {
        Rate {
            name,
            hits: 0,
            total: 0,
            misses: Vec::new(),
        }
    }
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.total += 1;
        if ok {
            self.hits += 1;
        } else if self.misses.len() < 5 {
            self.misses.push(what());
        }
    }
    fn share(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.hits as f64 / self.total as f64
        }
    }
}

#[test]
fn edinet_variants() {
    let mut rates = vec![
        Rate::new("name: legal form moved/abbreviated (株式会社X ↔ X(株), ㈱X)"),
        Rate::new("name: branch appended (X 東京支店, X 営業部 御中)"),
        Rate::new("name: half-width kana and ASCII"),
        Rate::new("reading: half-width, legal-form reading dropped or 全銀 style"),
        Rate::new("reading: hiragana"),
        Rate::new("English: case and legal suffix spelling"),
        Rate::new("address: prefecture omitted"),
        Rate::new("address: kanji numerals"),
        Rate::new("address: half-width, postal code, building"),
    ];
    for line in EDINET.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 6 {
            continue;
        }
        let (name, kana, en, pref, addr) = (f[1], f[2], f[3], f[4], f[5]);
        let core = normalize_name(name).core;
        // Legal form moved.
        let variants: Vec<String> = if let Some(bare) = name.strip_prefix("株式会社") {
            vec![
                format!("{bare}(株)"),
                format!("㈱{bare}"),
                format!("{bare}株式会社"),
            ]
        } else if let Some(bare) = name.strip_suffix("株式会社") {
            vec![
                format!("（株）{bare}"),
                format!("{bare}㈱"),
                format!("株式会社 {bare}"),
            ]
        } else {
            vec![]
        };
        for v in variants {
            let got = normalize_name(&v).core;
            rates[0].check(got == core, || format!("{name} / {v}: {core} ≠ {got}"));
        }
        for v in [
            format!("{name} 東京支店"),
            format!("{name} 営業部 御中"),
            format!("{name}大阪営業所"),
        ] {
            let got = normalize_name(&v).core;
            rates[1].check(got == core, || format!("{name} / {v}: {core} ≠ {got}"));
        }
        let hw = to_half_width(name);
        let got = normalize_name(&hw).core;
        rates[2].check(got == core, || format!("{name} / {hw}: {core} ≠ {got}"));

        if !kana.is_empty() && kana != "カブシキガイシャ" {
            let r = normalize_reading(kana);
            let hw = to_half_width(&r.core);
            for v in [
                to_half_width(kana),
                hw.clone(),
                format!("ｶ){hw}"),
                format!("{hw}(ｶ"),
            ] {
                let got = normalize_reading(&v).core;
                rates[3].check(got == r.core, || {
                    format!("{kana} / {v}: {} ≠ {got}", r.core)
                });
            }
            let hira: String = r
                .core
                .chars()
                .map(|c| {
                    if ('ァ'..='ヶ').contains(&c) {
                        char::from_u32(c as u32 - 0x60).unwrap_or(c)
                    } else {
                        c
                    }
                })
                .collect();
            let got = normalize_reading(&hira).core;
            rates[4].check(got == r.core, || {
                format!("{kana} / {hira}: {} ≠ {got}", r.core)
            });
        }
        if en.chars().any(char::is_alphanumeric) {
            let e = normalize_english(en).core;
            let stem = e.clone();
            for v in [
                en.to_uppercase(),
                en.to_lowercase(),
                format!("{stem} Co., Ltd."),
                format!("{} CORPORATION", stem.to_uppercase()),
            ] {
                let got = normalize_english(&v).core;
                rates[5].check(got == e, || format!("{en} / {v}: {e} ≠ {got}"));
            }
        }
        let full = parse_address(&format!("{pref}{addr}"));
        let key = |a: &nayose::normalize::ParsedAddress| {
            (a.city.clone(), a.town.clone(), a.chome, a.block.clone())
        };
        let a = parse_address(addr);
        rates[6].check(
            key(&a) == key(&full) && a.prefecture == full.prefecture,
            || format!("{addr}: {a:?} ≠ {full:?}"),
        );
        let k = kanji_numerals(&format!("{pref}{addr}"));
        let a = parse_address(&k);
        rates[7].check(key(&a) == key(&full), || format!("{k}: {a:?} ≠ {full:?}"));
        let v = format!("〒100-0001 {} ", to_half_width(&format!("{pref}{addr}")));
        let a = parse_address(&v);
        rates[8].check(key(&a) == key(&full), || format!("{v}: {a:?} ≠ {full:?}"));
    }
    let mut report = String::new();
    for r in &rates {
        report.push_str(&format!(
            "{:>6.2}%  {:>6}  {}\n",
            100.0 * r.share(),
            r.total,
            r.name
        ));
        for m in &r.misses {
            report.push_str(&format!("          miss: {m}\n"));
        }
    }
    println!("{report}");
    for r in &rates {
        assert!(r.share() >= 0.95, "{} below 95%:\n{report}", r.name);
    }
}
