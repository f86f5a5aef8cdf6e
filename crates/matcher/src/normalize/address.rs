//! Japanese addresses parsed into prefecture, municipality, town, 丁目,
//! block numbers, building and postal code.

use super::gazetteer::{Entry, GAZETTEER, key_fold};
use super::text::{FoldMode, fold_into};

/// A parsed address. Every part is optional: a part that cannot be found is
/// `None` rather than a guess.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedAddress {
    /// The prefecture (`東京都`), also when only implied by a unique
    /// municipality name.
    pub prefecture: Option<String>,
    /// The municipality (市区町村 incl. 郡 and a designated city's ward:
    /// `横浜市都筑区`, `上川郡東神楽町`, `千代田区`), official spelling when
    /// known.
    pub city: Option<String>,
    /// The town (町・大字・字) without the 丁目 number; `大字` dropped.
    pub town: Option<String>,
    /// The 丁目 number.
    pub chome: Option<u32>,
    /// 番地・号 numbers as ASCII digits joined by `-` (`5-12`).
    pub block: Option<String>,
    /// What follows the block numbers: building name, floor and room as
    /// written (folded).
    pub building: Option<String>,
    /// The floor, read from the building part (`5F`, `5階`; `B1F`, `地下1階`
    /// are negative).
    pub floor: Option<i32>,
    /// The room number, read from the building part (`305号室`, or a bare
    /// number ending it: `… 1201`).
    pub room: Option<String>,
    /// The postal code, 7 ASCII digits.
    pub postal_code: Option<String>,
}

impl std::fmt::Display for ParsedAddress {
    /// The address written canonically: `〒2248520 神奈川県横浜市都筑区仲町台2丁目7-1 building`.
    /// Parsing this text again gives the same parts.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(p) = &self.postal_code {
            write!(f, "〒{p} ")?;
        }
        for part in [&self.prefecture, &self.city, &self.town]
            .into_iter()
            .flatten()
        {
            f.write_str(part)?;
        }
        let numbers_follow = self.chome.is_some() || self.block.is_some();
        if numbers_follow
            && self.town.as_deref().is_some_and(|t| {
                t.ends_with(|c: char| {
                    c.is_ascii()
                        || !c.is_alphabetic()
                        || kanji_digit(c).is_some()
                        || matches!(c, '十' | '百' | '千')
                })
            })
        {
            // keep 一 + 3 from reading as one number
            f.write_str(" ")?;
        }
        if let Some(c) = self.chome {
            write!(f, "{c}丁目")?;
        }
        if let Some(b) = &self.block {
            let bare = self.postal_code.is_none()
                && self.prefecture.is_none()
                && self.city.is_none()
                && self.town.is_none()
                && self.chome.is_none();
            match b.split_once('-') {
                // `224-8520` alone would read as a postal code.
                Some((a, rest)) if bare => write!(f, "{a}番{rest}")?,
                None if bare => write!(f, "{b}番地")?,
                _ => f.write_str(b)?,
            }
        }
        if let Some(b) = &self.building {
            write!(f, " {b}")?;
        }
        Ok(())
    }
}

/// Parses an address.
///
/// ```
/// use nayose::normalize::address::parse_address;
/// let a = parse_address("〒224-8520 横浜市都筑区仲町台２丁目７番１号");
/// assert_eq!(a.prefecture.as_deref(), Some("神奈川県"));
/// assert_eq!(a.city.as_deref(), Some("横浜市都筑区"));
/// assert_eq!(a.town.as_deref(), Some("仲町台"));
/// assert_eq!(a.chome, Some(2));
/// assert_eq!(a.block.as_deref(), Some("7-1"));
/// assert_eq!(a.postal_code.as_deref(), Some("2248520"));
/// ```
#[must_use]
pub fn parse_address(input: &str) -> ParsedAddress {
    let mut folded = String::with_capacity(input.len());
    fold_into(input, FoldMode::Address, &mut folded);
    let mut out = ParsedAddress::default();
    let (postal, s) = extract_postal(&folded);
    out.postal_code = postal;
    let s = s.trim_start_matches([' ', ',', '、', ':']);
    parse_rest(s, &mut out);
    if let Some(b) = &out.building {
        (out.floor, out.room) = floor_and_room(b);
    }
    out
}

/// Reads the floor and room out of the building part.
fn floor_and_room(building: &str) -> (Option<i32>, Option<String>) {
    let b = building.as_bytes();
    let mut floor = None;
    let mut room = None;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = &building[start..i];
        let after = &building[i..];
        let before = &building[..start];
        let Ok(n) = digits.parse::<i32>() else {
            continue;
        };
        if after.starts_with(['F', 'f']) || after.starts_with('階') {
            let below = before.ends_with(['B', 'b']) || before.ends_with("地下");
            floor = Some(if below { -n } else { n });
        } else if after.starts_with("号室")
            || after.starts_with('室')
            || (after.trim().is_empty()
                && room.is_none()
                && (before.is_empty() || before.ends_with([' ', '-']))
                && (2..=5).contains(&digits.len()))
        {
            room = Some(digits.to_string());
        }
    }
    (floor, room)
}

/// Finds a postal code (`〒224-8520`, `〒 2248520`, or a leading `224-8520`),
/// returning it and the address with it removed.
fn extract_postal(s: &str) -> (Option<String>, String) {
    if let Some(i) = s.find('〒') {
        let after = &s[i + '〒'.len_utf8()..];
        let after_trim = after.trim_start();
        if let Some((code, len)) = postal_at(after_trim) {
            let consumed = i + '〒'.len_utf8() + (after.len() - after_trim.len()) + len;
            let mut rest = String::with_capacity(s.len());
            rest.push_str(s[..i].trim_end());
            if !rest.is_empty() {
                rest.push(' ');
            }
            rest.push_str(s[consumed..].trim_start());
            return (Some(code), collapse(&rest.replace('〒', " ")));
        }
        return (None, collapse(&s.replace('〒', " ")));
    }
    // Without 〒, a leading postal code is only taken when a place name
    // follows (otherwise `224-8520` is as likely a 番地).
    if let Some((code, len)) = postal_at(s) {
        let rest = s[len..].trim_start();
        let g = &*GAZETTEER;
        if g.prefectures
            .iter()
            .chain(g.pref_short.iter())
            .any(|p| rest.starts_with(p))
            || match_city(rest, None).is_some()
        {
            return (Some(code), rest.to_string());
        }
    }
    (None, s.to_string())
}

/// `s` with runs of spaces made one space, trimmed.
fn collapse(s: &str) -> String {
    s.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A postal code at the start of `s`, not followed by another digit.
fn postal_at(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let (code, len) = if (0..3).all(d) && b.get(3) == Some(&b'-') && (4..8).all(d) {
        (format!("{}{}", &s[..3], &s[4..8]), 8)
    } else if (0..7).all(d) {
        (s[..7].to_string(), 7)
    } else {
        return None;
    };
    if d(len) || b.get(len) == Some(&b'-') {
        return None;
    }
    Some((code, len))
}

fn parse_rest(s: &str, out: &mut ParsedAddress) {
    let g = &*GAZETTEER;
    let mut pos = 0;
    let mut pref: Option<u8> = None;
    let first = s.chars().next();
    for (i, p) in g.prefectures.iter().enumerate() {
        if p.chars().next() == first && s.starts_with(p) {
            pref = Some(i as u8);
            pos = p.len();
            break;
        }
    }
    let skip_spaces = |pos: usize| pos + (s[pos..].len() - s[pos..].trim_start().len());
    pos = skip_spaces(pos);
    // A prefecture written twice (東京都東京都文京区…).
    if let Some(p) = pref.and_then(|p| g.prefectures.get(p as usize))
        && s[pos..].starts_with(p)
    {
        pos = skip_spaces(pos + p.len());
    }
    let mut city = match_city(&s[pos..], pref);
    if city.is_none() && pref.is_none() {
        // 東京 / 大阪 … without 都府県.
        for (i, p) in g.pref_short.iter().enumerate() {
            if let Some(rest) = s.strip_prefix(p) {
                let p2 = skip_spaces(p.len());
                if let Some(c) = match_city(&s[p2..], Some(i as u8)) {
                    pref = Some(i as u8);
                    pos = p2;
                    city = Some(c);
                    break;
                }
                let _ = rest;
            }
        }
    }
    // "横浜市 都筑区": a space inside the municipality name.
    let mut city_text: Option<String> = None;
    if let Some((len, _)) = city
        && s[pos + len..].starts_with(' ')
    {
        let joined = format!("{}{}", &s[pos..pos + len], &s[pos + len + 1..]);
        if let Some((len2, resolved2)) = match_city(&joined, pref)
            && len2 > len
        {
            city_text = Some(joined[..len2].to_string());
            city = Some((len2 + 1, resolved2));
        }
    }
    if let Some((len, resolved)) = city {
        let text = city_text.as_deref().unwrap_or(&s[pos..pos + len]);
        match resolved {
            Some(e) => {
                pref = Some(e.pref);
                out.city = Some(e.city.to_string());
            }
            None => out.city = Some(text.to_string()),
        }
        pos = skip_spaces(pos + len);
    }
    if let Some(p) = pref {
        out.prefecture = g.prefectures.get(p as usize).map(|p| (*p).to_string());
    }
    let rest = &s[pos..];
    parse_town_block(rest, out);
}

/// The longest municipality key at the start of `s`: its byte length and,
/// when it resolves to one municipality, that entry.
fn match_city(s: &str, pref: Option<u8>) -> Option<(usize, Option<Entry>)> {
    let g = &*GAZETTEER;
    let ends: Vec<usize> = s
        .char_indices()
        .skip(1)
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .take(g.max_key_chars)
        .collect();
    if ends.is_empty() {
        return None;
    }
    let last = *ends.last().unwrap_or(&0);
    let keyed = key_fold(&s[..last]);
    for &end in ends.iter().rev() {
        let Some(entries) = g.keys.get(&keyed[..end]) else {
            continue;
        };
        let in_pref: Vec<&Entry> = entries
            .iter()
            .filter(|e| pref.is_none_or(|p| p == e.pref))
            .collect();
        if in_pref.is_empty() {
            continue;
        }
        let full: Vec<&&Entry> = in_pref.iter().filter(|e| e.full).collect();
        let pick = if full.len() == 1 {
            Some((*full[0]).clone())
        } else if full.is_empty() && in_pref.len() == 1 {
            Some(in_pref[0].clone())
        } else {
            None
        };
        return Some((end, pick));
    }
    None
}

#[inline]
fn kanji_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A number (ASCII digits or kanji numerals such as 二十三, 一〇五) at the
/// start of `s`: value, byte length, whether it was ASCII.
fn parse_num(s: &str) -> Option<(u32, usize, bool)> {
    let b = s.as_bytes();
    if b.first().is_some_and(u8::is_ascii_digit) {
        let len = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let v = s[..len.min(9)].parse::<u32>().ok()?;
        return Some((v, len, true));
    }
    let mut total: u32 = 0;
    let mut cur: u32 = 0;
    let mut len = 0;
    for (n, c) in s.chars().enumerate() {
        if n >= 12 {
            break;
        }
        if let Some(d) = kanji_digit(c) {
            cur = cur.saturating_mul(10).saturating_add(d);
        } else {
            let unit = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                _ => break,
            };
            total = total.saturating_add(cur.max(1).saturating_mul(unit));
            cur = 0;
        }
        len += c.len_utf8();
    }
    (len > 0).then_some((total + cur, len, false))
}

/// Whether a number at the start of `s` begins the block part (rather than
/// being part of a town name such as 四谷, 一番町, 北1条西).
fn block_starts(s: &str) -> bool {
    let Some((_, len, ascii)) = parse_num(s) else {
        return false;
    };
    let r = &s[len..];
    if r.starts_with("丁目") || r.starts_with("番地") || r.starts_with('号') {
        return true;
    }
    if let Some(a) = r.strip_prefix('番') {
        return !(a.starts_with('町') || a.starts_with('丁'));
    }
    if let Some(a) = r.strip_prefix('-') {
        return parse_num(a).is_some();
    }
    if ascii {
        return !(r.starts_with('条')
            || r.starts_with('線')
            || r.starts_with("地割")
            || r.starts_with('区')
            || r.starts_with('軒'));
    }
    // Kanji digits written positionally (二〇二八, 四八) at the end: a 番地.
    let digits = &s[..len];
    (r.is_empty() || r.starts_with(' '))
        && digits.chars().count() >= 2
        && digits.chars().all(|c| kanji_digit(c).is_some())
}

/// Kanji numbers before 条/線 in Hokkaido (北八条西) written in ASCII digits,
/// as they are in most data (北8条西); Kyoto's 四条通 keeps its kanji.
fn ascii_jo(town: &str) -> std::borrow::Cow<'_, str> {
    if !town.contains(['条', '線']) {
        return std::borrow::Cow::Borrowed(town);
    }
    let mut out = String::with_capacity(town.len());
    let mut i = 0;
    while i < town.len() {
        let rest = &town[i..];
        if let Some((n, len, false)) = parse_num(rest)
            && (rest[len..].starts_with('条') || rest[len..].starts_with('線'))
        {
            out.push_str(&n.to_string());
            i += len;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        out.push(c);
        i += c.len_utf8();
    }
    std::borrow::Cow::Owned(out)
}

fn parse_town_block(s: &str, out: &mut ParsedAddress) {
    // Find where the block numbers start.
    let mut block_at = None;
    let mut space_at = None;
    for (i, c) in s.char_indices() {
        if c == ' ' {
            if space_at.is_none() {
                space_at = Some(i);
            }
            continue;
        }
        if (c.is_ascii_digit() || kanji_digit(c).is_some() || c == '十')
            && (i == 0
                || !s[..i].ends_with(|p: char| {
                    p.is_ascii_digit()
                        || kanji_digit(p).is_some()
                        || p == '十'
                        || p == '百'
                        || p == '千'
                }))
            && block_starts(&s[i..])
        {
            block_at = Some(i);
            break;
        }
    }
    let town_end = match (block_at, space_at) {
        (Some(b), Some(sp)) if sp < b => {
            // A space before the numbers: fine if only the numbers follow it.
            if s[sp..b].trim().is_empty() {
                sp
            } else {
                sp.min(b)
            }
        }
        (Some(b), _) => b,
        (None, Some(sp)) => sp,
        (None, None) => s.len(),
    };
    let town = s[..town_end].trim();
    let mut town = town;
    while out.city.is_some()
        && let Some(t) = town.strip_prefix("大字")
    {
        town = t;
    }
    if !town.is_empty() {
        out.town = Some(if out.prefecture.as_deref() == Some("北海道") {
            ascii_jo(town).into_owned()
        } else {
            town.to_string()
        });
    }
    let Some(b) = block_at.filter(|b| *b >= town_end) else {
        let rest = s[town_end..].trim();
        if !rest.is_empty() {
            out.building = Some(rest.to_string());
        }
        return;
    };
    if space_at.is_some_and(|sp| sp < b) && !s[town_end..b].trim().is_empty() {
        out.building = Some(s[town_end..].trim().to_string());
        return;
    }
    let mut r = &s[b..];
    let mut nums: Vec<(u32, usize)> = Vec::with_capacity(4);
    let mut chome = None;
    let mut explicit = false;
    while let Some((n, len, _)) = parse_num(r) {
        r = &r[len..];
        if let Some(a) = r.strip_prefix("丁目") {
            if chome.is_none() && nums.is_empty() {
                chome = Some(n);
            } else {
                nums.push((n, s.len() - a.len()));
            }
            explicit = true;
            r = a.strip_prefix('-').unwrap_or(a);
            continue;
        }
        let marker = ["番地", "番", "号", "地割"]
            .iter()
            .find_map(|m| r.strip_prefix(m));
        if let Some(a) = marker {
            explicit = true;
            nums.push((n, s.len() - a.len()));
            let is_go = r.starts_with('号');
            r = a;
            if is_go {
                break;
            }
            for sep in ["の", "之", "ノ", "-"] {
                if let Some(x) = r.strip_prefix(sep)
                    && parse_num(x).is_some()
                {
                    r = x;
                    break;
                }
            }
            continue;
        }
        nums.push((n, s.len() - r.len()));
        let mut more = false;
        for sep in ["-", "の", "之", "ノ"] {
            if let Some(x) = r.strip_prefix(sep)
                && parse_num(x).is_some()
            {
                r = x;
                more = true;
                break;
            }
        }
        if !more {
            break;
        }
    }
    if chome.is_none() && !explicit && nums.len() >= 3 {
        chome = Some(nums.remove(0).0);
    }
    let mut building_from = s.len() - r.len();
    if nums.len() > 2 {
        building_from = nums[1].1;
        nums.truncate(2);
    }
    out.chome = chome;
    if !nums.is_empty() {
        let mut block = String::with_capacity(12);
        for (k, (n, _)) in nums.iter().enumerate() {
            if k > 0 {
                block.push('-');
            }
            block.push_str(&n.to_string());
        }
        out.block = Some(block);
    }
    let building = s[building_from..]
        .trim_start_matches([' ', '-', ',', '、', 'の'])
        .trim_end();
    if !building.is_empty() {
        out.building = Some(building.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floors_and_rooms() {
        assert_eq!(floor_and_room("パレスビル5F"), (Some(5), None));
        assert_eq!(
            floor_and_room("ABCビル 3階 301号室"),
            (Some(3), Some("301".into()))
        );
        assert_eq!(floor_and_room("地下1階"), (Some(-1), None));
        assert_eq!(floor_and_room("B2F"), (Some(-2), None));
        assert_eq!(floor_and_room("1201"), (None, Some("1201".into())));
        assert_eq!(
            floor_and_room("ABCマンション 305"),
            (None, Some("305".into()))
        );
        assert_eq!(floor_and_room("第1旅客ターミナルビル"), (None, None));
        assert_eq!(floor_and_room("N館14階"), (Some(14), None));
    }

    #[test]
    fn full_example() {
        let a = parse_address("東京都文京区後楽二丁目２番８号");
        assert_eq!(a.prefecture.as_deref(), Some("東京都"));
        assert_eq!(a.city.as_deref(), Some("文京区"));
        assert_eq!(a.town.as_deref(), Some("後楽"));
        assert_eq!(a.chome, Some(2));
        assert_eq!(a.block.as_deref(), Some("2-8"));
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_num("二十三"), Some((23, 9, false)));
        assert_eq!(parse_num("十一"), Some((11, 6, false)));
        assert_eq!(parse_num("一〇五"), Some((105, 9, false)));
        assert_eq!(parse_num("123a"), Some((123, 3, true)));
        assert!(parse_num("九九九九九九九九九九九九九九").is_some());
    }

    #[test]
    fn inferred_prefecture_and_variants() {
        let a = parse_address("千代田区丸の内1-1-1 パレスビル5F");
        assert_eq!(a.prefecture.as_deref(), Some("東京都"));
        assert_eq!(a.chome, Some(1));
        assert_eq!(a.block.as_deref(), Some("1-1"));
        assert_eq!(a.building.as_deref(), Some("パレスビル5F"));
        assert_eq!(a.floor, Some(5));
        assert_eq!(
            parse_address("茨城県竜ヶ崎市").city.as_deref(),
            Some("龍ケ崎市")
        );
        assert_eq!(
            parse_address("宮城県塩釜市").city.as_deref(),
            Some("塩竈市")
        );
    }
}
