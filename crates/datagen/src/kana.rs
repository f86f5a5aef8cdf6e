//! Kana conversions used to write names the way clients do: hiragana,
//! half-width katakana, and romanisation for English names and domains.

/// Katakana to hiragana (other characters unchanged).
pub fn to_hiragana(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

const HALF_WIDTH: &[(char, &str)] = &[
    ('ア', "ｱ"),
    ('イ', "ｲ"),
    ('ウ', "ｳ"),
    ('エ', "ｴ"),
    ('オ', "ｵ"),
    ('カ', "ｶ"),
    ('キ', "ｷ"),
    ('ク', "ｸ"),
    ('ケ', "ｹ"),
    ('コ', "ｺ"),
    ('サ', "ｻ"),
    ('シ', "ｼ"),
    ('ス', "ｽ"),
    ('セ', "ｾ"),
    ('ソ', "ｿ"),
    ('タ', "ﾀ"),
    ('チ', "ﾁ"),
    ('ツ', "ﾂ"),
    ('テ', "ﾃ"),
    ('ト', "ﾄ"),
    ('ナ', "ﾅ"),
    ('ニ', "ﾆ"),
    ('ヌ', "ﾇ"),
    ('ネ', "ﾈ"),
    ('ノ', "ﾉ"),
    ('ハ', "ﾊ"),
    ('ヒ', "ﾋ"),
    ('フ', "ﾌ"),
    ('ヘ', "ﾍ"),
    ('ホ', "ﾎ"),
    ('マ', "ﾏ"),
    ('ミ', "ﾐ"),
    ('ム', "ﾑ"),
    ('メ', "ﾒ"),
    ('モ', "ﾓ"),
    ('ヤ', "ﾔ"),
    ('ユ', "ﾕ"),
    ('ヨ', "ﾖ"),
    ('ラ', "ﾗ"),
    ('リ', "ﾘ"),
    ('ル', "ﾙ"),
    ('レ', "ﾚ"),
    ('ロ', "ﾛ"),
    ('ワ', "ﾜ"),
    ('ヲ', "ｦ"),
    ('ン', "ﾝ"),
    ('ァ', "ｧ"),
    ('ィ', "ｨ"),
    ('ゥ', "ｩ"),
    ('ェ', "ｪ"),
    ('ォ', "ｫ"),
    ('ッ', "ｯ"),
    ('ャ', "ｬ"),
    ('ュ', "ｭ"),
    ('ョ', "ｮ"),
    ('ー', "ｰ"),
    ('ガ', "ｶﾞ"),
    ('ギ', "ｷﾞ"),
    ('グ', "ｸﾞ"),
    ('ゲ', "ｹﾞ"),
    ('ゴ', "ｺﾞ"),
    ('ザ', "ｻﾞ"),
    ('ジ', "ｼﾞ"),
    ('ズ', "ｽﾞ"),
    ('ゼ', "ｾﾞ"),
    ('ゾ', "ｿﾞ"),
    ('ダ', "ﾀﾞ"),
    ('ヂ', "ﾁﾞ"),
    ('ヅ', "ﾂﾞ"),
    ('デ', "ﾃﾞ"),
    ('ド', "ﾄﾞ"),
    ('バ', "ﾊﾞ"),
    ('ビ', "ﾋﾞ"),
    ('ブ', "ﾌﾞ"),
    ('ベ', "ﾍﾞ"),
    ('ボ', "ﾎﾞ"),
    ('パ', "ﾊﾟ"),
    ('ピ', "ﾋﾟ"),
    ('プ', "ﾌﾟ"),
    ('ペ', "ﾍﾟ"),
    ('ポ', "ﾎﾟ"),
    ('ヴ', "ｳﾞ"),
    ('・', "･"),
    ('（', "("),
    ('）', ")"),
    ('　', " "),
];

/// Full-width katakana (and ASCII) to the half-width forms bank systems print.
pub fn to_half_width(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if let Some((_, half)) = HALF_WIDTH.iter().find(|(full, _)| *full == c) {
            out.push_str(half);
        } else if ('！'..='～').contains(&c) {
            out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// ASCII letters and digits to full width (Ａ１), as some Excel sheets have them.
pub fn to_full_width_ascii(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            ' ' => '\u{3000}',
            _ => c,
        })
        .collect()
}

const ROMAJI: &[(&str, &str)] = &[
    ("キャ", "kya"),
    ("キュ", "kyu"),
    ("キョ", "kyo"),
    ("シャ", "sha"),
    ("シュ", "shu"),
    ("ショ", "sho"),
    ("チャ", "cha"),
    ("チュ", "chu"),
    ("チョ", "cho"),
    ("ニャ", "nya"),
    ("ニュ", "nyu"),
    ("ニョ", "nyo"),
    ("ヒャ", "hya"),
    ("ヒュ", "hyu"),
    ("ヒョ", "hyo"),
    ("ミャ", "mya"),
    ("ミュ", "myu"),
    ("ミョ", "myo"),
    ("リャ", "rya"),
    ("リュ", "ryu"),
    ("リョ", "ryo"),
    ("ギャ", "gya"),
    ("ギュ", "gyu"),
    ("ギョ", "gyo"),
    ("ジャ", "ja"),
    ("ジュ", "ju"),
    ("ジョ", "jo"),
    ("ビャ", "bya"),
    ("ビュ", "byu"),
    ("ビョ", "byo"),
    ("ピャ", "pya"),
    ("ピュ", "pyu"),
    ("ピョ", "pyo"),
    ("ティ", "ti"),
    ("ディ", "di"),
    ("ファ", "fa"),
    ("フィ", "fi"),
    ("フェ", "fe"),
    ("フォ", "fo"),
    ("ヴィ", "vi"),
    ("ウィ", "wi"),
    ("ウェ", "we"),
    ("ジェ", "je"),
    ("シェ", "she"),
    ("チェ", "che"),
    ("ア", "a"),
    ("イ", "i"),
    ("ウ", "u"),
    ("エ", "e"),
    ("オ", "o"),
    ("カ", "ka"),
    ("キ", "ki"),
    ("ク", "ku"),
    ("ケ", "ke"),
    ("コ", "ko"),
    ("サ", "sa"),
    ("シ", "shi"),
    ("ス", "su"),
    ("セ", "se"),
    ("ソ", "so"),
    ("タ", "ta"),
    ("チ", "chi"),
    ("ツ", "tsu"),
    ("テ", "te"),
    ("ト", "to"),
    ("ナ", "na"),
    ("ニ", "ni"),
    ("ヌ", "nu"),
    ("ネ", "ne"),
    ("ノ", "no"),
    ("ハ", "ha"),
    ("ヒ", "hi"),
    ("フ", "fu"),
    ("ヘ", "he"),
    ("ホ", "ho"),
    ("マ", "ma"),
    ("ミ", "mi"),
    ("ム", "mu"),
    ("メ", "me"),
    ("モ", "mo"),
    ("ヤ", "ya"),
    ("ユ", "yu"),
    ("ヨ", "yo"),
    ("ラ", "ra"),
    ("リ", "ri"),
    ("ル", "ru"),
    ("レ", "re"),
    ("ロ", "ro"),
    ("ワ", "wa"),
    ("ヲ", "o"),
    ("ン", "n"),
    ("ガ", "ga"),
    ("ギ", "gi"),
    ("グ", "gu"),
    ("ゲ", "ge"),
    ("ゴ", "go"),
    ("ザ", "za"),
    ("ジ", "ji"),
    ("ズ", "zu"),
    ("ゼ", "ze"),
    ("ゾ", "zo"),
    ("ダ", "da"),
    ("ヂ", "ji"),
    ("ヅ", "zu"),
    ("デ", "de"),
    ("ド", "do"),
    ("バ", "ba"),
    ("ビ", "bi"),
    ("ブ", "bu"),
    ("ベ", "be"),
    ("ボ", "bo"),
    ("パ", "pa"),
    ("ピ", "pi"),
    ("プ", "pu"),
    ("ペ", "pe"),
    ("ポ", "po"),
    ("ヴ", "vu"),
    ("ァ", "a"),
    ("ィ", "i"),
    ("ゥ", "u"),
    ("ェ", "e"),
    ("ォ", "o"),
    ("ャ", "ya"),
    ("ュ", "yu"),
    ("ョ", "yo"),
];

/// Katakana to simplified Hepburn (long vowels dropped, ッ doubles the next consonant).
pub fn to_romaji(kana: &str) -> String {
    let chars: Vec<char> = kana.chars().collect();
    let mut out = String::new();
    let mut double_next = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == 'ッ' {
            double_next = true;
            i += 1;
            continue;
        }
        if c == 'ー' || c == '・' || c.is_whitespace() {
            i += 1;
            continue;
        }
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        let (syllable, used) = match ROMAJI.iter().find(|(k, _)| *k == two) {
            Some((_, r)) if two.chars().count() == 2 => (*r, 2),
            _ => match ROMAJI
                .iter()
                .find(|(k, _)| k.chars().eq(std::iter::once(c)))
            {
                Some((_, r)) => (*r, 1),
                None => {
                    if c.is_ascii_alphanumeric() {
                        out.push(c.to_ascii_lowercase());
                    }
                    i += 1;
                    continue;
                }
            },
        };
        if double_next {
            if let Some(first) = syllable.chars().next() {
                out.push(if syllable.starts_with("ch") {
                    't'
                } else {
                    first
                });
            }
            double_next = false;
        }
        out.push_str(syllable);
        i += used;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_kana_forms() {
        assert_eq!(to_hiragana("サカタノタネ"), "さかたのたね");
        assert_eq!(to_half_width("ガス（株）"), "ｶﾞｽ(株)");
        assert_eq!(to_full_width_ascii("ABC 21"), "ＡＢＣ\u{3000}２１");
        assert_eq!(to_romaji("サカタノタネ"), "sakatanotane");
        assert_eq!(to_romaji("ハットリ"), "hattori");
        assert_eq!(to_romaji("キョウワ"), "kyouwa");
        assert_eq!(to_romaji("ホーム"), "homu");
    }
}
