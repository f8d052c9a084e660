//! Markup removal before character repair: HTML and Markdown pasted from web pages.
//!
//! The result is a character stream where every character keeps its offset in the original
//! text, so that highlights land on the original.

/// True when the text looks like HTML: several tags that are known block or inline elements.
pub(crate) fn looks_like_html(chars: &[char]) -> bool {
    if !chars.contains(&'<') {
        return false;
    }
    let mut tags = 0;
    let mut k = 0;
    while k + 3 < chars.len() && tags < 3 {
        if chars[k] == '<' {
            let mut j = k + 1;
            if chars.get(j) == Some(&'/') {
                j += 1;
            }
            let name: String = chars[j..(j + 6).min(chars.len())]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if KNOWN.contains(&name.as_str()) {
                tags += 1;
            }
        }
        k += 1;
    }
    tags >= 2
}

const KNOWN: [&str; 28] = [
    "p", "br", "div", "span", "td", "th", "tr", "table", "tbody", "thead", "li", "ul", "ol", "h1",
    "h2", "h3", "h4", "h5", "h6", "html", "body", "head", "font", "strong", "b", "a", "section",
    "article",
];

/// Tags that end a line (block elements and `<br>`).
const BLOCK: [&str; 20] = [
    "p",
    "br",
    "div",
    "tr",
    "table",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "blockquote",
    "pre",
    "hr",
    "title",
];

/// Decode an HTML entity starting at `&` (`&amp;`, `&nbsp;`, `&#12290;`, `&#x3002;`).
/// Returns the character and the entity length.
pub(crate) fn entity(chars: &[char], i: usize) -> Option<(char, usize)> {
    let end = (i + 1..(i + 12).min(chars.len())).find(|&k| chars[k] == ';')?;
    let name: String = chars[i + 1..end].iter().collect();
    let c = match name.as_str() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "times" => '×',
        "divide" => '÷',
        "le" => '≤',
        "ge" => '≥',
        "permil" => '‰',
        "deg" => '°',
        _ => {
            let v = if let Some(h) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(h, 16).ok()
            } else if let Some(d) = name.strip_prefix('#') {
                d.parse::<u32>().ok()
            } else {
                None
            };
            v.and_then(char::from_u32).filter(|c| *c != '\0')?
        }
    };
    Some((c, end + 1 - i))
}

/// HTML → text: block tags and `<br>` become line breaks, `<td>`/`<th>` become tab-separated
/// cells of one line per row, other tags and their attributes disappear, `<script>`/`<style>`
/// content is dropped and entities are decoded. Returns the characters with their original
/// offsets.
pub(crate) fn html_to_text(chars: &[char]) -> (Vec<char>, Vec<u32>) {
    let n = chars.len();
    let mut out: Vec<char> = Vec::with_capacity(n);
    let mut src: Vec<u32> = Vec::with_capacity(n);
    let mut i = 0;
    let mut open_len = usize::MAX;
    let push_break = |out: &mut Vec<char>, src: &mut Vec<u32>, c: char, at: usize| {
        // at most one blank line in a row; a cell break only inside a row
        let len = out.len();
        if c == '\n' && len >= 2 && out[len - 1] == '\n' && out[len - 2] == '\n' {
            return;
        }
        if c == '\t' && (len == 0 || out[len - 1] == '\n') {
            return;
        }
        out.push(c);
        src.push(at as u32);
    };
    while i < n {
        let c = chars[i];
        if c == '<' {
            let close = (i + 1..(i + 2000).min(n)).find(|&k| chars[k] == '>');
            let Some(close) = close else {
                out.push(c);
                src.push(i as u32);
                i += 1;
                continue;
            };
            let mut j = i + 1;
            let end_tag = chars.get(j) == Some(&'/');
            if end_tag {
                j += 1;
            }
            let name: String = chars[j..close]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            let is_comment = chars.get(i + 1) == Some(&'!');
            let letter = name.starts_with(|c: char| c.is_ascii_alphabetic());
            if !letter && !is_comment {
                // a lone '<' in text ("<5%")
                out.push(c);
                src.push(i as u32);
                i += 1;
                continue;
            }
            if !end_tag && (name == "script" || name == "style") {
                // skip to the matching end tag, whatever the content holds
                let stop: Vec<char> = format!("</{name}").chars().collect();
                let mut k = close + 1;
                while k + stop.len() <= n
                    && !chars[k..k + stop.len()]
                        .iter()
                        .zip(&stop)
                        .all(|(a, b)| a.to_ascii_lowercase() == *b)
                {
                    k += 1;
                }
                i = (k..n).find(|&j| chars[j] == '>').map_or(n, |j| j + 1);
                continue;
            } else if name == "td" || name == "th" {
                if !end_tag {
                    push_break(&mut out, &mut src, '\t', i);
                }
            } else if BLOCK.contains(&name.as_str()) {
                // one line break per block; an empty block (<p></p>) is a blank line
                let empty =
                    end_tag && out.len() == open_len && matches!(name.as_str(), "p" | "div");
                if empty || out.last().is_some_and(|c| *c != '\n') {
                    push_break(&mut out, &mut src, '\n', i);
                }
                open_len = if end_tag { usize::MAX } else { out.len() };
            }
            i = close + 1;
            continue;
        }
        if c == '&' {
            if let Some((d, len)) = entity(chars, i) {
                out.push(d);
                src.push(i as u32);
                i += len;
                continue;
            }
        }
        // source line breaks inside HTML are layout, not text
        if c == '\n' || c == '\r' {
            let prev = out.last().copied();
            if prev.is_some_and(|p| p != '\n' && p != ' ' && p != '\t') {
                let next = chars.get(i + 1).copied().unwrap_or(' ');
                if next.is_ascii() && prev.is_some_and(|p| p.is_ascii_alphanumeric()) {
                    out.push(' ');
                    src.push(i as u32);
                }
            }
            i += 1;
            continue;
        }
        out.push(c);
        src.push(i as u32);
        i += 1;
    }
    (out, src)
}

#[cfg(test)]
mod tests {
    use super::*;
    fn text(s: &str) -> String {
        let c: Vec<char> = s.chars().collect();
        html_to_text(&c).0.into_iter().collect()
    }
    #[test]
    fn html_blocks_cells_entities() {
        let s = "<p class=\"x\">一、任务</p>\n<p>1.建设&nbsp;平台<br/>（市科技局&amp;财政局）</p><table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>甲</td></tr></table>";
        assert!(looks_like_html(&s.chars().collect::<Vec<_>>()));
        assert_eq!(
            text(s),
            "一、任务\n1.建设 平台\n（市科技局&财政局）\n序号\t任务\n1\t甲\n"
        );
        assert_eq!(text("<script>x<y</script><p>a<5%</p>"), "a<5%\n");
        assert_eq!(text("<p>a</p><p></p><p>b</p>"), "a\n\nb\n");
    }
}
