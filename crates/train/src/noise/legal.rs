//! Legal forms (法人格) as the noise model writes them: the canonical
//! spelling, the abbreviations users type, the kana reading, the bank-transfer
//! (全銀) abbreviation and Latin equivalents; and splitting a name or a
//! reading into legal form and core.

/// One legal form and its spellings.
#[derive(Debug, PartialEq, Eq)]
pub struct Form {
    /// Canonical spelling, e.g. `株式会社`.
    pub canonical: &'static str,
    /// Readings in katakana, the usual one first.
    pub readings: &'static [&'static str],
    /// Abbreviations users write instead of the canonical spelling.
    pub short: &'static [&'static str],
    /// A bare one-character abbreviation (`株` in `株 サカタ`): real, but not
    /// something a normaliser can safely recognise.
    pub bare: Option<&'static str>,
    /// The half-width bank-transfer abbreviation (`ｶ` for 株式会社), or "".
    pub zengin: &'static str,
    /// Latin equivalents used in English names.
    pub latin: &'static [&'static str],
}

/// The forms, longer canonical spellings before those they contain.
pub static FORMS: &[Form] = &[
    Form {
        canonical: "株式会社",
        readings: &["カブシキガイシャ", "カブシキカイシャ"],
        short: &["(株)", "（株）", "㈱"],
        bare: Some("株"),
        zengin: "ｶ",
        latin: &[
            "Co., Ltd.",
            "CO.,LTD.",
            "K.K.",
            "Inc.",
            "Corporation",
            "Corp.",
        ],
    },
    Form {
        canonical: "有限会社",
        readings: &["ユウゲンガイシャ", "ユウゲンカイシャ"],
        short: &["(有)", "（有）", "㈲"],
        bare: Some("有"),
        zengin: "ﾕ",
        latin: &["Ltd.", "Co., Ltd.", "Y.K."],
    },
    Form {
        canonical: "合同会社",
        readings: &["ゴウドウガイシャ", "ゴウドウカイシャ"],
        short: &["(同)", "（同）"],
        bare: None,
        zengin: "ﾄﾞ",
        latin: &["LLC", "G.K."],
    },
    Form {
        canonical: "合資会社",
        readings: &["ゴウシガイシャ", "ゴウシカイシャ"],
        short: &["(資)", "（資）", "㈾"],
        bare: None,
        zengin: "ｼ",
        latin: &[],
    },
    Form {
        canonical: "合名会社",
        readings: &["ゴウメイガイシャ", "ゴウメイカイシャ"],
        short: &["(名)", "（名）", "㈴"],
        bare: None,
        zengin: "ﾒ",
        latin: &[],
    },
    Form {
        canonical: "一般社団法人",
        readings: &["イッパンシャダンホウジン"],
        short: &["(一社)", "（一社）"],
        bare: None,
        zengin: "ｼﾔ",
        latin: &[],
    },
    Form {
        canonical: "一般財団法人",
        readings: &["イッパンザイダンホウジン"],
        short: &["(一財)", "（一財）"],
        bare: None,
        zengin: "ｻﾞｲ",
        latin: &[],
    },
    Form {
        canonical: "公益社団法人",
        readings: &["コウエキシャダンホウジン"],
        short: &["(公社)", "（公社）"],
        bare: None,
        zengin: "ｼﾔ",
        latin: &[],
    },
    Form {
        canonical: "公益財団法人",
        readings: &["コウエキザイダンホウジン"],
        short: &["(公財)", "（公財）"],
        bare: None,
        zengin: "ｻﾞｲ",
        latin: &[],
    },
    Form {
        canonical: "社団法人",
        readings: &["シャダンホウジン"],
        short: &["(社)", "（社）"],
        bare: None,
        zengin: "ｼﾔ",
        latin: &[],
    },
    Form {
        canonical: "財団法人",
        readings: &["ザイダンホウジン"],
        short: &["(財)", "（財）"],
        bare: None,
        zengin: "ｻﾞｲ",
        latin: &[],
    },
    Form {
        canonical: "医療法人社団",
        readings: &["イリョウホウジンシャダン"],
        short: &["(医)", "（医）"],
        bare: None,
        zengin: "ｲ",
        latin: &[],
    },
    Form {
        canonical: "医療法人財団",
        readings: &["イリョウホウジンザイダン"],
        short: &["(医)", "（医）"],
        bare: None,
        zengin: "ｲ",
        latin: &[],
    },
    Form {
        canonical: "社会医療法人",
        readings: &["シャカイイリョウホウジン"],
        short: &[],
        bare: None,
        zengin: "ｲ",
        latin: &[],
    },
    Form {
        canonical: "医療法人",
        readings: &["イリョウホウジン"],
        short: &["(医)", "（医）"],
        bare: None,
        zengin: "ｲ",
        latin: &[],
    },
    Form {
        canonical: "社会福祉法人",
        readings: &["シャカイフクシホウジン"],
        short: &["(福)", "（福）"],
        bare: None,
        zengin: "ﾌｸ",
        latin: &[],
    },
    Form {
        canonical: "学校法人",
        readings: &["ガッコウホウジン"],
        short: &["(学)", "（学）"],
        bare: None,
        zengin: "ｶﾞｸ",
        latin: &[],
    },
    Form {
        canonical: "宗教法人",
        readings: &["シュウキョウホウジン"],
        short: &["(宗)", "（宗）"],
        bare: None,
        zengin: "ｼﾕｳ",
        latin: &[],
    },
    Form {
        canonical: "特定非営利活動法人",
        readings: &["トクテイヒエイリカツドウホウジン"],
        short: &["NPO法人", "(特非)", "（特非）"],
        bare: None,
        zengin: "ﾄｸﾋ",
        latin: &["NPO"],
    },
    Form {
        canonical: "独立行政法人",
        readings: &["ドクリツギョウセイホウジン"],
        short: &["(独)", "（独）"],
        bare: None,
        zengin: "ﾄﾞｸ",
        latin: &[],
    },
    Form {
        canonical: "国立大学法人",
        readings: &["コクリツダイガクホウジン"],
        short: &[],
        bare: None,
        zengin: "",
        latin: &[],
    },
    Form {
        canonical: "事業協同組合",
        readings: &["ジギョウキョウドウクミアイ"],
        short: &[],
        bare: None,
        zengin: "ｷﾖｳ",
        latin: &[],
    },
    Form {
        canonical: "協同組合",
        readings: &["キョウドウクミアイ"],
        short: &["(協)", "（協）"],
        bare: None,
        zengin: "ｷﾖｳ",
        latin: &[],
    },
    Form {
        canonical: "税理士法人",
        readings: &["ゼイリシホウジン"],
        short: &[],
        bare: None,
        zengin: "",
        latin: &[],
    },
    Form {
        canonical: "弁護士法人",
        readings: &["ベンゴシホウジン"],
        short: &[],
        bare: None,
        zengin: "",
        latin: &[],
    },
    Form {
        canonical: "監査法人",
        readings: &["カンサホウジン"],
        short: &[],
        bare: None,
        zengin: "",
        latin: &[],
    },
    Form {
        canonical: "司法書士法人",
        readings: &["シホウショシホウジン"],
        short: &[],
        bare: None,
        zengin: "",
        latin: &[],
    },
    Form {
        canonical: "特許業務法人",
        readings: &["トッキョギョウムホウジン"],
        short: &[],
        bare: None,
        zengin: "",
        latin: &[],
    },
];

impl Form {
    /// Every spelling of the form a Japanese name may carry (canonical
    /// first, then the abbreviations).
    pub fn spellings(&self) -> impl Iterator<Item = &'static str> + use<> {
        std::iter::once(self.canonical).chain(self.short.iter().copied())
    }
}

/// A name (or a reading) split into its legal form and the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    /// The legal form found, if any.
    pub form: Option<&'static Form>,
    /// Whether the form came before the core (前株).
    pub prefix: bool,
    /// The form as it was written.
    pub spelled: String,
    /// The rest, trimmed.
    pub core: String,
    /// The spaces written between form and core (`株式会社 サカタ`).
    pub gap: String,
}

/// Characters trimmed between a legal form and the core.
fn is_gap(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// Finds the longest spelling from `spellings(form)` that starts or ends
/// `text`; the core is what remains.
fn split_with(text: &str, spellings: impl Fn(&'static Form) -> Vec<&'static str>) -> Split {
    let text = text.trim_matches(is_gap);
    let mut best: Option<(usize, &'static Form, bool, &'static str)> = None;
    for form in FORMS {
        for s in spellings(form) {
            for prefix in [true, false] {
                let hit = if prefix {
                    text.starts_with(s)
                } else {
                    text.ends_with(s)
                };
                if hit && text.len() > s.len() && best.is_none_or(|b| s.len() > b.0) {
                    best = Some((s.len(), form, prefix, s));
                }
            }
        }
    }
    match best {
        Some((len, form, prefix, spelled)) => {
            let rest = if prefix {
                text.get(len..)
            } else {
                text.get(..text.len() - len)
            }
            .unwrap_or(text);
            let core = rest.trim_matches(is_gap);
            let gap: String = if prefix {
                rest.chars().take_while(|&c| is_gap(c)).collect()
            } else {
                let n = rest.chars().rev().take_while(|&c| is_gap(c)).count();
                rest.chars().skip(rest.chars().count() - n).collect()
            };
            if core.is_empty() {
                return Split {
                    core: text.to_owned(),
                    ..Split::default()
                };
            }
            Split {
                form: Some(form),
                prefix,
                spelled: spelled.to_owned(),
                core: core.to_owned(),
                gap,
            }
        }
        None => Split {
            core: text.to_owned(),
            ..Split::default()
        },
    }
}

/// Splits a company name into legal form (canonical or abbreviated, at the
/// start or the end) and core.
#[must_use]
pub fn split_name(name: &str) -> Split {
    split_with(name, |f| f.spellings().collect())
}

/// Splits a katakana reading into the legal form's reading and the core
/// reading.
#[must_use]
pub fn split_reading(reading: &str) -> Split {
    split_with(reading, |f| f.readings.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let s = split_name("株式会社サカタのタネ");
        assert_eq!(s.form.map(|f| f.canonical), Some("株式会社"));
        assert!(s.prefix);
        assert_eq!(s.core, "サカタのタネ");
        let s = split_name("サカタのタネ　㈱");
        assert!(!s.prefix);
        assert_eq!(s.spelled, "㈱");
        assert_eq!(s.core, "サカタのタネ");
        assert_eq!(s.gap, "　");
        let s = split_name("医療法人社団 健康会");
        assert_eq!(s.form.map(|f| f.canonical), Some("医療法人社団"));
        assert_eq!(s.core, "健康会");
        let s = split_name("東京都家具事業協同組合");
        assert_eq!(s.form.map(|f| f.canonical), Some("事業協同組合"));
        assert_eq!(split_name("株式会社").core, "株式会社");
        assert_eq!(split_name("").form, None);
        let r = split_reading("ゴヨウケンセツカブシキガイシャ");
        assert_eq!(r.core, "ゴヨウケンセツ");
        assert_eq!(r.form.map(|f| f.canonical), Some("株式会社"));
    }
}
