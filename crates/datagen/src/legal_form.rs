//! Legal forms with their share of Japanese registrations, readings, the
//! abbreviations clients write, and English renderings.

/// What kind of organisation a legal form makes, which decides how its names look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// 株式会社, 有限会社, 合同会社, 合資会社, 合名会社.
    Company,
    /// 一般社団法人 and the like: 〇〇協会.
    Association,
    /// 一般財団法人 and the like: 〇〇財団.
    Foundation,
    /// 医療法人: 〇〇会.
    Medical,
    /// 社会福祉法人: 〇〇福祉会.
    Welfare,
    /// 学校法人: 〇〇学園.
    School,
    /// 宗教法人: 〇〇寺, 〇〇神社.
    Religious,
    /// 特定非営利活動法人.
    NonProfit,
    /// 協同組合: the form closes the name.
    Cooperative,
}

/// One legal form.
#[derive(Debug)]
pub struct LegalFormSpec {
    /// Canonical spelling.
    pub name: &'static str,
    /// Reading in katakana.
    pub reading: &'static str,
    /// Share of registrations, percent.
    pub weight: f64,
    /// Share of names that put the form first (前株).
    pub prefix_share: f64,
    /// Abbreviations clients write.
    pub abbreviations: &'static [&'static str],
    /// The half-width bank-transfer abbreviation (`ｶ`, `ﾕ`…).
    pub bank_code: &'static str,
    /// English renderings.
    pub english: &'static [&'static str],
    /// Kind of organisation.
    pub kind: FormKind,
}

/// The legal forms, with the real mix of registrations.
pub const LEGAL_FORMS: &[LegalFormSpec] = &[
    LegalFormSpec {
        name: "株式会社",
        reading: "カブシキガイシャ",
        weight: 55.0,
        prefix_share: 0.5,
        abbreviations: &["(株)", "（株）", "㈱", "㍿"],
        bank_code: "ｶ",
        english: &["Co., Ltd.", "Corporation", "Inc.", "K.K.", "CO.,LTD."],
        kind: FormKind::Company,
    },
    LegalFormSpec {
        name: "有限会社",
        reading: "ユウゲンガイシャ",
        weight: 20.0,
        prefix_share: 0.55,
        abbreviations: &["(有)", "（有）", "㈲"],
        bank_code: "ﾕ",
        english: &["Ltd.", "Co., Ltd.", "Y.K."],
        kind: FormKind::Company,
    },
    LegalFormSpec {
        name: "合同会社",
        reading: "ゴウドウガイシャ",
        weight: 8.0,
        prefix_share: 0.45,
        abbreviations: &["(同)", "（同）"],
        bank_code: "ﾄﾞ",
        english: &["LLC", "G.K."],
        kind: FormKind::Company,
    },
    LegalFormSpec {
        name: "合資会社",
        reading: "ゴウシガイシャ",
        weight: 1.5,
        prefix_share: 0.5,
        abbreviations: &["(資)", "㈾"],
        bank_code: "ｼ",
        english: &["Limited Partnership"],
        kind: FormKind::Company,
    },
    LegalFormSpec {
        name: "合名会社",
        reading: "ゴウメイガイシャ",
        weight: 0.5,
        prefix_share: 0.5,
        abbreviations: &["(名)", "㈴"],
        bank_code: "ﾒ",
        english: &["General Partnership"],
        kind: FormKind::Company,
    },
    LegalFormSpec {
        name: "一般社団法人",
        reading: "イッパンシャダンホウジン",
        weight: 3.0,
        prefix_share: 1.0,
        abbreviations: &["(一社)", "（一社）"],
        bank_code: "ｼｬ",
        english: &["General Incorporated Association"],
        kind: FormKind::Association,
    },
    LegalFormSpec {
        name: "一般財団法人",
        reading: "イッパンザイダンホウジン",
        weight: 1.0,
        prefix_share: 1.0,
        abbreviations: &["(一財)", "（一財）"],
        bank_code: "ｻﾞｲ",
        english: &["General Incorporated Foundation"],
        kind: FormKind::Foundation,
    },
    LegalFormSpec {
        name: "公益社団法人",
        reading: "コウエキシャダンホウジン",
        weight: 0.5,
        prefix_share: 1.0,
        abbreviations: &["(公社)", "（公社）"],
        bank_code: "ｼｬ",
        english: &["Public Interest Incorporated Association"],
        kind: FormKind::Association,
    },
    LegalFormSpec {
        name: "公益財団法人",
        reading: "コウエキザイダンホウジン",
        weight: 0.5,
        prefix_share: 1.0,
        abbreviations: &["(公財)", "（公財）"],
        bank_code: "ｻﾞｲ",
        english: &["Public Interest Incorporated Foundation"],
        kind: FormKind::Foundation,
    },
    LegalFormSpec {
        name: "医療法人社団",
        reading: "イリョウホウジンシャダン",
        weight: 2.0,
        prefix_share: 1.0,
        abbreviations: &["(医)", "（医）", "医療法人"],
        bank_code: "ｲ",
        english: &["Medical Corporation"],
        kind: FormKind::Medical,
    },
    LegalFormSpec {
        name: "医療法人",
        reading: "イリョウホウジン",
        weight: 1.0,
        prefix_share: 1.0,
        abbreviations: &["(医)", "（医）"],
        bank_code: "ｲ",
        english: &["Medical Corporation"],
        kind: FormKind::Medical,
    },
    LegalFormSpec {
        name: "社会福祉法人",
        reading: "シャカイフクシホウジン",
        weight: 2.0,
        prefix_share: 1.0,
        abbreviations: &["(福)", "（福）", "(社福)"],
        bank_code: "ﾌｸ",
        english: &["Social Welfare Corporation"],
        kind: FormKind::Welfare,
    },
    LegalFormSpec {
        name: "特定非営利活動法人",
        reading: "トクテイヒエイリカツドウホウジン",
        weight: 2.0,
        prefix_share: 1.0,
        abbreviations: &["NPO法人", "(特非)", "（特非）"],
        bank_code: "ﾄｸﾋ",
        english: &["NPO"],
        kind: FormKind::NonProfit,
    },
    LegalFormSpec {
        name: "学校法人",
        reading: "ガッコウホウジン",
        weight: 0.5,
        prefix_share: 1.0,
        abbreviations: &["(学)", "（学）"],
        bank_code: "ｶﾞｸ",
        english: &["Educational Corporation"],
        kind: FormKind::School,
    },
    LegalFormSpec {
        name: "宗教法人",
        reading: "シュウキョウホウジン",
        weight: 1.0,
        prefix_share: 1.0,
        abbreviations: &["(宗)", "（宗）"],
        bank_code: "ｼｭｳ",
        english: &["Religious Corporation"],
        kind: FormKind::Religious,
    },
    LegalFormSpec {
        name: "協同組合",
        reading: "キョウドウクミアイ",
        weight: 1.5,
        prefix_share: 0.0,
        abbreviations: &["(協)", "（協）"],
        bank_code: "ｷｮｳ",
        english: &["Cooperative"],
        kind: FormKind::Cooperative,
    },
];

/// Finds the legal form a real company's name starts or ends with:
/// `(form index, is prefix, core)`.
pub fn split_legal_form(name: &str) -> Option<(usize, bool, String)> {
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    // Longest first, so 医療法人社団 wins over 医療法人.
    let mut order: Vec<usize> = (0..LEGAL_FORMS.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(LEGAL_FORMS[i].name.len()));
    for i in order {
        let form = LEGAL_FORMS[i].name;
        if let Some(core) = compact.strip_prefix(form).filter(|c| !c.is_empty()) {
            return Some((i, true, core.to_owned()));
        }
        if let Some(core) = compact.strip_suffix(form).filter(|c| !c.is_empty()) {
            return Some((i, false, core.to_owned()));
        }
    }
    None
}

/// Removes a legal form's reading from the start or end of a reading.
pub fn strip_form_reading(reading: &str) -> String {
    let compact: String = reading.chars().filter(|c| !c.is_whitespace()).collect();
    for form in LEGAL_FORMS {
        let voiceless = form.reading.replace("ガイシャ", "カイシャ");
        for r in [form.reading, voiceless.as_str()] {
            if let Some(core) = compact.strip_prefix(r).filter(|c| !c.is_empty()) {
                return core.to_owned();
            }
            if let Some(core) = compact.strip_suffix(r).filter(|c| !c.is_empty()) {
                return core.to_owned();
            }
        }
    }
    compact
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_sum_to_one_hundred() {
        let total: f64 = LEGAL_FORMS.iter().map(|f| f.weight).sum();
        assert!((total - 100.0).abs() < 1e-9, "{total}");
    }

    #[test]
    fn splits_real_names() {
        let (form, prefix, core) = split_legal_form("株式会社　サカタのタネ").unwrap();
        assert_eq!(
            (LEGAL_FORMS[form].name, prefix, core.as_str()),
            ("株式会社", true, "サカタのタネ")
        );
        let (form, prefix, _) = split_legal_form("医療法人社団健生会").unwrap();
        assert_eq!((LEGAL_FORMS[form].name, prefix), ("医療法人社団", true));
        assert_eq!(
            strip_form_reading("カブシキガイシャ　サカタノタネ"),
            "サカタノタネ"
        );
        assert_eq!(strip_form_reading("ホクトカブシキカイシャ"), "ホクト");
    }
}
