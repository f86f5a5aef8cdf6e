//! Addresses and phone numbers with the notations real tables and client lists mix.

use crate::kana::to_full_width_ascii;
use crate::reference::prefectures;
use crate::rng::Rng;
use crate::vocab::BUILDING_WORDS;

/// A structured address of a synthetic company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// Index into [`prefectures`].
    pub prefecture: usize,
    /// City, ward or county+town.
    pub city: String,
    /// Town (may be empty).
    pub town: String,
    /// 丁目 number.
    pub chome: Option<u32>,
    /// 番地・号 numbers.
    pub block: Vec<u32>,
    /// Building, floor or room.
    pub building: Option<String>,
    /// Seven-digit postal code.
    pub postal_code: String,
}

/// How the numbers of an address are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notation {
    /// `2丁目7番1号`.
    Banchi,
    /// `2-7-1`.
    Hyphen,
    /// `２－７－１`.
    FullWidth,
    /// `二丁目七番一号`.
    KanjiNumerals,
}

/// All notations.
pub const NOTATIONS: [Notation; 4] = [
    Notation::Banchi,
    Notation::Hyphen,
    Notation::FullWidth,
    Notation::KanjiNumerals,
];

/// How to render an address.
#[derive(Debug, Clone, Copy)]
pub struct AddressStyle {
    /// Number notation.
    pub notation: Notation,
    /// Start with the prefecture.
    pub with_prefecture: bool,
    /// Keep the building part.
    pub with_building: bool,
}

/// Kanji numeral for 1–99 (`23` → `二十三`).
pub fn kanji_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_owned(),
        10..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            let mut s = String::new();
            if tens > 1 {
                s.push_str(DIGITS[tens as usize]);
            }
            s.push('十');
            if ones > 0 {
                s.push_str(DIGITS[ones as usize]);
            }
            s
        }
        _ => n.to_string(),
    }
}

/// A street address several companies share: an office building's
/// numbers and name. Each tenant adds its own floor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// 丁目 number.
    pub chome: Option<u32>,
    /// 番地・号 numbers.
    pub block: Vec<u32>,
    /// The building's name (`〇〇ビル`).
    pub building: String,
}

impl Site {
    /// Draws a building in a town (`named_town`: the town has a name, so a
    /// 丁目 can be given).
    pub fn draw(rng: &mut Rng, named_town: bool) -> Self {
        let chome = (named_town && rng.chance(0.55)).then(|| rng.range(1, 6));
        let block = if rng.chance(0.7) {
            vec![rng.range(1, 30), rng.range(1, 25)]
        } else {
            vec![rng.range(1, 40), rng.range(1, 20), rng.range(1, 9)]
        };
        let building = format!("{}ビル", rng.pick(BUILDING_WORDS));
        Self {
            chome,
            block,
            building,
        }
    }
}

impl Address {
    /// Draws the numbers and building of an address in a postal town.
    pub fn draw(
        rng: &mut Rng,
        prefecture: usize,
        city: &str,
        town: &str,
        postal_code: &str,
    ) -> Self {
        let chome = (!town.is_empty() && rng.chance(0.55)).then(|| rng.range(1, 6));
        let block = match rng.below(10) {
            0..=5 => vec![rng.range(1, 30), rng.range(1, 25)],
            6..=8 => vec![rng.range(1, 2999)],
            _ => vec![rng.range(1, 40), rng.range(1, 20), rng.range(1, 9)],
        };
        let building = rng.chance(0.2).then(|| {
            let word = rng.pick(BUILDING_WORDS);
            match rng.below(3) {
                0 => format!("{word}ビル{}F", rng.range(1, 12)),
                1 => format!("{word}ビル{}階", rng.range(1, 12)),
                _ => format!("{word}マンション{}号室", rng.range(101, 905)),
            }
        });
        Self {
            prefecture,
            city: city.to_owned(),
            town: town.to_owned(),
            chome,
            block,
            building,
            postal_code: postal_code.to_owned(),
        }
    }

    /// A tenant's address at `site` in a postal town: the site's numbers
    /// and building, on a floor of its own.
    pub fn at_site(
        rng: &mut Rng,
        site: &Site,
        prefecture: usize,
        city: &str,
        town: &str,
        postal_code: &str,
    ) -> Self {
        let floor = rng.range(1, 30);
        let building = if rng.chance(0.5) {
            format!("{}{floor}F", site.building)
        } else {
            format!("{}{floor}階", site.building)
        };
        Self {
            prefecture,
            city: city.to_owned(),
            town: town.to_owned(),
            chome: site.chome,
            block: site.block.clone(),
            building: Some(building),
            postal_code: postal_code.to_owned(),
        }
    }

    /// The address as text in `style`.
    pub fn render(&self, style: AddressStyle) -> String {
        let mut out = String::new();
        if style.with_prefecture {
            out.push_str(prefectures()[self.prefecture].name);
        }
        out.push_str(&self.city);
        out.push_str(&self.town);
        let number = |n: u32| match style.notation {
            Notation::KanjiNumerals => kanji_number(n),
            Notation::FullWidth => to_full_width_ascii(&n.to_string()),
            Notation::Banchi | Notation::Hyphen => n.to_string(),
        };
        match style.notation {
            Notation::Banchi | Notation::KanjiNumerals => {
                if let Some(c) = self.chome {
                    out.push_str(&number(c));
                    out.push_str("丁目");
                }
                match self.block.as_slice() {
                    [a] => out.push_str(&format!("{}番地", number(*a))),
                    [a, b] => out.push_str(&format!("{}番{}号", number(*a), number(*b))),
                    [a, b, c] => {
                        out.push_str(&format!("{}番{}号{}", number(*a), number(*b), number(*c)))
                    }
                    _ => {}
                }
            }
            Notation::Hyphen | Notation::FullWidth => {
                let dash = if style.notation == Notation::FullWidth {
                    "－"
                } else {
                    "-"
                };
                let numbers: Vec<String> = self
                    .chome
                    .iter()
                    .chain(self.block.iter())
                    .map(|n| number(*n))
                    .collect();
                out.push_str(&numbers.join(dash));
            }
        }
        if style.with_building
            && let Some(building) = &self.building
        {
            out.push(' ');
            out.push_str(building);
        }
        out
    }
}

/// A phone number: area code and the remaining digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// Area code with its leading 0 (`03`, `045`, `0138`, or `090` for mobiles).
    pub area: String,
    /// The other digits.
    pub rest: String,
}

impl Phone {
    /// A landline in one of the prefecture's area codes, or (rarely) a mobile.
    pub fn draw(rng: &mut Rng, area_codes: &[&str]) -> Self {
        if rng.chance(0.08) {
            let area = rng.pick(&["090", "080", "070"]).to_string();
            let rest = format!("{:08}", rng.below(100_000_000));
            return Self { area, rest };
        }
        Self::draw_landline(rng, area_codes)
    }

    /// A landline in one of `area_codes`.
    pub fn draw_landline(rng: &mut Rng, area_codes: &[&str]) -> Self {
        let area = rng.pick(area_codes).to_string();
        let digits = 10 - area.len();
        let first = rng.range(2, 9);
        let tail = rng.below(10usize.pow(digits as u32 - 1));
        let rest = format!("{first}{tail:0width$}", width = digits - 1);
        Self { area, rest }
    }

    /// All digits.
    pub fn digits(&self) -> String {
        format!("{}{}", self.area, self.rest)
    }

    /// The number in one of the formats people write (`style` 0–5).
    pub fn render(&self, style: usize) -> String {
        let split = self.rest.len() - 4;
        let (local, line) = self.rest.split_at(split);
        match style % 6 {
            0 => format!("{}-{local}-{line}", self.area),
            1 => self.digits(),
            2 => format!("{}({local}){line}", self.area),
            3 => format!("+81-{}-{local}-{line}", &self.area[1..]),
            4 => format!("{} {local} {line}", self.area),
            _ => to_full_width_ascii(&format!("{}-{local}-{line}", self.area)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Address {
        Address {
            prefecture: 13,
            city: "横浜市都筑区".into(),
            town: "仲町台".into(),
            chome: Some(2),
            block: vec![7, 1],
            building: Some("中央ビル3F".into()),
            postal_code: "2248520".into(),
        }
    }

    #[test]
    fn renders_each_notation() {
        let a = sample();
        let style = |notation, with_prefecture| AddressStyle {
            notation,
            with_prefecture,
            with_building: false,
        };
        assert_eq!(
            a.render(style(Notation::Banchi, true)),
            "神奈川県横浜市都筑区仲町台2丁目7番1号"
        );
        assert_eq!(
            a.render(style(Notation::Hyphen, false)),
            "横浜市都筑区仲町台2-7-1"
        );
        assert_eq!(
            a.render(style(Notation::FullWidth, false)),
            "横浜市都筑区仲町台２－７－１"
        );
        assert_eq!(
            a.render(style(Notation::KanjiNumerals, false)),
            "横浜市都筑区仲町台二丁目七番一号"
        );
    }

    #[test]
    fn kanji_numbers() {
        assert_eq!(kanji_number(10), "十");
        assert_eq!(kanji_number(11), "十一");
        assert_eq!(kanji_number(23), "二十三");
    }

    #[test]
    fn phones_have_ten_digits_and_render() {
        let mut rng = Rng::new(3, 3);
        for _ in 0..200 {
            let phone = Phone::draw(&mut rng, &["03", "0138"]);
            let len = phone.digits().len();
            assert!(
                len == 10 || (len == 11 && phone.area.starts_with("0") && phone.area.len() == 3),
                "{phone:?}"
            );
        }
        let phone = Phone {
            area: "045".into(),
            rest: "1234567".into(),
        };
        assert_eq!(phone.render(0), "045-123-4567");
        assert_eq!(phone.render(3), "+81-45-123-4567");
        assert_eq!(phone.render(2), "045(123)4567");
    }
}
