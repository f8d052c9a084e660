//! Text repair with an offset map back to the original: full-width folding, inline pinyin
//! removal and character-level traditional→simplified folding.

use crate::t2s_table::T2S;

/// Repaired text. `simp` and `display` have the same length, character for character:
/// `display` keeps the document's own script, `simp` is folded to simplified characters.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// Repaired text in simplified characters (what the extractor reads).
    pub simp: Vec<char>,
    /// Repaired text in the document's own script (for display strings).
    pub display: Vec<char>,
    /// For each character of `simp`, its character offset in the original text.
    pub map: Vec<u32>,
    /// Number of inline pinyin brackets removed.
    pub pinyin_removed: usize,
    /// Number of characters folded from traditional to simplified.
    pub traditional_converted: usize,
    /// OCR repairs of item numbers (`11。强化` read as `11.强化`), as original character offsets.
    pub ocr_repaired: Vec<u32>,
}

impl Normalized {
    /// Display string for a char range (clamped).
    pub fn disp(&self, a: usize, b: usize) -> String {
        let b = b.min(self.display.len());
        let a = a.min(b);
        self.display[a..b].iter().collect()
    }
    /// Simplified string for a char range (clamped).
    pub fn simp_str(&self, a: usize, b: usize) -> String {
        let b = b.min(self.simp.len());
        let a = a.min(b);
        self.simp[a..b].iter().collect()
    }
}

/// Fold one full-width ASCII form to ASCII; other characters (①, ㎡, ∶ …) are kept.
pub fn fold_char(c: char) -> Option<char> {
    let u = c as u32;
    match u {
        0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0),
        // small form variants (﹒ ﹐ ﹑ ﹙﹚ ﹪) used by some Word exports as item punctuation
        0xFE50..=0xFE6B => Some(match u {
            0xFE50 => ',',
            0xFE51 => '、',
            0xFE52 => '.',
            0xFE54 => ';',
            0xFE55 => ':',
            0xFE56 => '?',
            0xFE57 => '!',
            0xFE59 => '(',
            0xFE5A => ')',
            0xFE5D => '〔',
            0xFE5E => '〕',
            0xFE5F => '#',
            0xFE60 => '&',
            0xFE61 => '*',
            0xFE62 => '+',
            0xFE63 => '-',
            0xFE64 => '<',
            0xFE65 => '>',
            0xFE66 => '=',
            0xFE69 => '$',
            0xFE6A => '%',
            0xFE6B => '@',
            _ => c,
        }),
        0x3000 | 0x00A0 | 0x2002..=0x200A | 0x202F => Some(' '),
        0x200B..=0x200D | 0xFEFF | 0x2060 => None,
        _ => Some(c),
    }
}

/// Bitmap of the Basic Multilingual Plane characters that the table folds: most characters of
/// a simplified text are not in it, and a bit test is cheaper than a binary search.
fn t2s_keys() -> &'static [u64; 1024] {
    static KEYS: std::sync::OnceLock<Box<[u64; 1024]>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut bits = Box::new([0u64; 1024]);
        for (k, _) in T2S {
            let u = *k as u32;
            if u < 0x10000 {
                bits[(u >> 6) as usize] |= 1 << (u & 63);
            }
        }
        bits
    })
}

/// Traditional → simplified for one character (OpenCC character table, 1:1 only).
pub fn t2s_char(c: char) -> char {
    let u = c as u32;
    if u < 0x3400 {
        return c;
    }
    if u < 0x10000 && t2s_keys()[(u >> 6) as usize] & (1 << (u & 63)) == 0 {
        return c;
    }
    match T2S.binary_search_by(|(k, _)| k.cmp(&c)) {
        Ok(i) => T2S.get(i).map(|p| p.1).unwrap_or(c),
        Err(_) => c,
    }
}

/// Fold a string to simplified characters and ASCII punctuation (for matching names).
pub fn simplify(s: &str) -> String {
    s.chars().filter_map(fold_char).map(t2s_char).collect()
}

pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn tone_base(c: char) -> Option<(char, bool)> {
    Some(match c {
        'a'..='z' => (c, false),
        'A'..='Z' => (c.to_ascii_lowercase(), false),
        'ā' | 'á' | 'ǎ' | 'à' => ('a', true),
        'ē' | 'é' | 'ě' | 'è' => ('e', true),
        'ī' | 'í' | 'ǐ' | 'ì' => ('i', true),
        'ō' | 'ó' | 'ǒ' | 'ò' => ('o', true),
        'ū' | 'ú' | 'ǔ' | 'ù' => ('u', true),
        'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => ('v', true),
        'ü' => ('v', false),
        'ń' | 'ň' | 'ǹ' => ('n', true),
        'ḿ' => ('m', true),
        _ => return None,
    })
}

const INITIALS: [&str; 23] = [
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
    "z", "c", "s", "y", "w",
];
const FINALS: [&str; 36] = [
    "iang", "iong", "uang", "ueng", "ang", "eng", "ing", "ong", "ian", "iao", "uai", "uan", "van",
    "ai", "ei", "ao", "ou", "an", "en", "in", "un", "vn", "ia", "ie", "iu", "ua", "uo", "ui", "ue",
    "ve", "er", "a", "o", "e", "i", "u",
];

fn is_syllable(s: &[u8]) -> bool {
    if s.is_empty() {
        return false;
    }
    // byte-wise comparisons: these slices are a few bytes long, a memcmp call costs more
    let eq = |a: &[u8], b: &[u8]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y);
    let rest: &[u8] = INITIALS
        .iter()
        .find(|i| s.len() > i.len() && eq(&s[..i.len()], i.as_bytes()))
        .map(|i| &s[i.len()..])
        .unwrap_or(s);
    FINALS.iter().any(|f| eq(f.as_bytes(), rest))
        || matches!(s, b"ng" | b"m" | b"n" | b"hm" | b"hng")
}

/// True when `content` is one or more pinyin syllables carrying at least one tone mark or
/// tone digit (`chuàng`, `shi2 xian4`); `R&D`, `市` and `gdp` are not.
pub fn is_pinyin(content: &[char]) -> bool {
    if content.is_empty() || content.len() > 40 {
        return false;
    }
    // cheap rejection before any allocation: pinyin carries a tone mark or a tone digit
    if !content
        .iter()
        .any(|c| tone_base(*c).is_some_and(|(_, t)| t) || ('1'..='5').contains(c))
    {
        return false;
    }
    let mut toned = false;
    let mut words: Vec<Vec<u8>> = vec![Vec::new()];
    for &c in content {
        if let Some((b, t)) = tone_base(c) {
            toned |= t;
            if let Some(w) = words.last_mut() {
                w.push(b as u8);
            }
        } else if ('1'..='5').contains(&c) {
            toned = true;
            words.push(Vec::new());
        } else if c == ' ' || c == '\'' || c == '-' {
            words.push(Vec::new());
        } else {
            return false;
        }
    }
    if !toned {
        return false;
    }
    words.iter().filter(|w| !w.is_empty()).all(|w| segment(w))
        && words.iter().any(|w| !w.is_empty())
}

fn segment(w: &[u8]) -> bool {
    // DP over prefixes: can w[..i] be split into syllables?
    let n = w.len();
    // pinyin content is at most 40 characters (see `is_pinyin`)
    let mut ok = [false; 64];
    if n >= ok.len() {
        return false;
    }
    ok[0] = true;
    for i in 0..n {
        if !ok[i] {
            continue;
        }
        for l in 1..=6 {
            if i + l <= n && is_syllable(&w[i..i + l]) {
                ok[i + l] = true;
            }
        }
    }
    ok[n]
}

/// Repair `orig`: drop `\r` and zero-width characters, fold full-width ASCII, remove inline
/// pinyin brackets after a Han character, and fold traditional characters to simplified.
///
/// Before that, HTML markup is turned into lines and cells ([`crate::markup`]); after it, the
/// layout passes of [`crate::layout`] remove PDF spacing, repeated watermark and page-number
/// lines, undo hard wrapping and cut run-together items apart. `map` keeps every character's
/// offset in `orig`.
pub fn normalize(orig: &str) -> Normalized {
    let mut chars: Vec<char> = orig.chars().collect();
    let mut src: Vec<u32> = Vec::new();
    if crate::markup::looks_like_html(&chars) {
        (chars, src) = crate::markup::html_to_text(&chars);
    }
    let at = |i: usize| src.get(i).map_or(i, |v| *v as usize);
    let n = chars.len();
    let mut out = Normalized {
        simp: Vec::with_capacity(n),
        display: Vec::with_capacity(n),
        map: Vec::with_capacity(n),
        ..Default::default()
    };
    let mut i = 0usize;
    while i < n {
        let c = chars[i];
        if c == '\r' {
            if chars.get(i + 1) != Some(&'\n') {
                out.push('\n', '\n', at(i));
            }
            i += 1;
            continue;
        }
        let Some(f) = fold_char(c) else {
            i += 1;
            continue;
        };
        let after_han = || {
            let len = out.display.len();
            out.display.last().is_some_and(|p| is_han(*p))
                || (len >= 2 && out.display[len - 1] == '\n' && is_han(out.display[len - 2]))
        };
        if f == '(' && after_han() {
            // look for the closing bracket
            let mut j = i + 1;
            let mut close = None;
            while j < n && j <= i + 42 {
                let cj = fold_char(chars[j]).unwrap_or(' ');
                if cj == ')' {
                    close = Some(j);
                    break;
                }
                // a hard wrap may fall inside the bracket: "(chu\nàng)"
                if cj == '(' || (cj == '\n' && chars.get(j + 1) == Some(&'\n')) {
                    break;
                }
                j += 1;
            }
            if let Some(cl) = close {
                let content: Vec<char> = chars[i + 1..cl]
                    .iter()
                    .filter(|c| !matches!(c, '\n' | '\r'))
                    .filter_map(|c| fold_char(*c))
                    .collect();
                if is_pinyin(&content) {
                    out.pinyin_removed += 1;
                    // a line break inside the bracket stays, so lines keep their widths
                    if let Some(nl) = (i + 1..cl).find(|&k| chars[k] == '\n') {
                        out.push('\n', '\n', at(nl));
                    }
                    i = cl + 1;
                    continue;
                }
            }
        }
        let s = t2s_char(f);
        if s != f {
            out.traditional_converted += 1;
        }
        out.push(s, f, at(i));
        i += 1;
    }
    crate::layout::repair(&mut out);
    out
}

impl Normalized {
    fn push(&mut self, s: char, d: char, orig: usize) {
        self.simp.push(s);
        self.display.push(d);
        self.map.push(orig as u32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn simp(s: &str) -> String {
        normalize(s).simp.iter().collect()
    }

    #[test]
    fn pinyin_removed_only_when_toned_syllables() {
        assert_eq!(simp("國家創(chuàng)新型城市"), "国家创新型城市");
        assert_eq!(simp("創（chuàng）新驅動發(fā)展戰略"), "创新驱动发展战略");
        assert_eq!(simp("各縣(市、區)政府"), "各县(市、区)政府");
        assert_eq!(simp("研究与开发经费(R&D)占"), "研究与开发经费(R&D)占");
        assert_eq!(simp("总值(gdp)"), "总值(gdp)");
        assert_eq!(simp("實(shi2)現"), "实现");
        let n = normalize("創(chuàng)新(xīn)");
        assert_eq!(n.pinyin_removed, 2);
    }

    #[test]
    fn fullwidth_folded_but_circled_and_units_kept() {
        assert_eq!(
            simp("２０２３年（一）①㎡，达到３.５％"),
            "2023年(一)①㎡,达到3.5%"
        );
    }

    #[test]
    fn offsets_map_back() {
        let n = normalize("創(chuàng)新\r\n型");
        assert_eq!(n.simp.iter().collect::<String>(), "创新\n型");
        assert_eq!(n.map, vec![0, 9, 11, 12]);
        assert_eq!(n.display.iter().collect::<String>(), "創新\n型");
        assert_eq!(n.traditional_converted, 1);
    }
}
