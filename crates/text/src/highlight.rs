//! Highlights of a saved plan in its original text: where its targets, task headings,
//! responsible units and phases sit, as character ranges of the text as uploaded.
//!
//! The saved items carry offsets into the *normalised* text (what the extractor read at
//! import). The text is normalised again here (a pure, deterministic repair), each item is
//! located near its offset, and the range is mapped back to the original characters. Items
//! whose offset no longer fits (added by hand, or edited) are searched for instead, and
//! left out when not found: a highlight is never placed on text that does not match.

use crate::extract::{extract, Options};
use crate::normalize::simplify;
use serde::Serialize;

/// What a highlight marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanKind {
    Target,
    Task,
    Lead,
    Coop,
    Joint,
    Phase,
}

/// One highlight: `[start, end)` in characters (Unicode scalar values) of the original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub kind: SpanKind,
    /// The caller's key of the item (e.g. `target-12`).
    pub key: String,
    pub start: usize,
    pub end: usize,
}

/// A saved target: its normalised-text offset and verbatim clause.
#[derive(Debug, Clone)]
pub struct TargetRef {
    pub key: String,
    pub offset: Option<usize>,
    pub source_text: String,
}

/// A saved task: numbering offset, number, title and its units (`name`, `lead|coop|joint`).
#[derive(Debug, Clone)]
pub struct TaskRef {
    pub key: String,
    pub offset: Option<usize>,
    pub number: String,
    pub title: String,
    pub units: Vec<(String, String)>,
}

/// A saved phase (only its text is kept; its place is found by extracting again).
#[derive(Debug, Clone)]
pub struct PhaseRef {
    pub key: String,
    pub text: String,
}

/// Normalised text in both scripts, for matching.
struct Hay {
    simp: Vec<char>,
    disp: Vec<char>,
}

impl Hay {
    fn len(&self) -> usize {
        self.simp.len()
    }
    /// First index in `[from, to)` where `needle` starts, in either script.
    fn find(&self, needle: &str, from: usize, to: usize) -> Option<usize> {
        let n: Vec<char> = needle.trim().chars().collect();
        if n.is_empty() {
            return None;
        }
        let s: Vec<char> = simplify(needle.trim()).chars().collect();
        let to = to.min(self.len());
        if from >= to || to - from < n.len() {
            return None;
        }
        (from..=to - n.len()).find(|&i| {
            self.disp[i..i + n.len()] == n[..]
                || (s.len() == n.len() && self.simp[i..i + s.len()] == s[..])
        })
    }
    /// End of the clause that starts at `o`: the next stop within `max` characters.
    fn clause_end(&self, o: usize, max: usize, stops: &[char]) -> usize {
        let mut e = o + 1;
        while e < self.len() && e < o + max && !stops.contains(&self.simp[e]) {
            e += 1;
        }
        e.min(self.len())
    }
}

const CLAUSE_STOPS: &[char] = &[',', '。', ';', ';', ',', '!', '?', '!', '?', '\n'];

fn target_span(h: &Hay, t: &TargetRef) -> Option<(usize, usize)> {
    let n = t.source_text.trim().chars().count();
    match t.offset.filter(|o| *o < h.len()) {
        Some(o) => {
            if n > 0 {
                if let Some(i) = h.find(&t.source_text, o.saturating_sub(n + 2), o + n + 2) {
                    if i <= o && o <= i + n {
                        return Some((i, i + n));
                    }
                }
            }
            Some((o, h.clause_end(o, 24, CLAUSE_STOPS)))
        }
        None if n > 0 => h.find(&t.source_text, 0, h.len()).map(|i| (i, i + n)),
        None => None,
    }
}

fn task_span(h: &Hay, t: &TaskRef) -> Option<(usize, usize)> {
    let title_len = t.title.trim().chars().count();
    let o = t.offset.filter(|o| *o < h.len()).filter(|&o| {
        // the numbering must be there (within a bracket or two of the offset)
        t.number.is_empty()
            || h.find(&t.number, o, o + t.number.chars().count() + 2)
                .is_some()
    });
    let o = match o {
        Some(o) => o,
        None => {
            // no usable offset: the title itself, when it is written out in full
            let i = h.find(&t.title, 0, h.len())?;
            return Some((i, i + title_len));
        }
    };
    if let Some(i) = h.find(&t.title, o, o + 80 + title_len) {
        return Some((o, i + title_len));
    }
    Some((o, h.clause_end(o, 30, &['。', '\n'])))
}

/// Locates the items in `original`. `published` (YYYY-MM-DD) resolves relative years the way
/// the import did. Spans are sorted by start; they may overlap (a target inside a task).
pub fn locate(
    original: &str,
    published: Option<&str>,
    targets: &[TargetRef],
    tasks: &[TaskRef],
    phases: &[PhaseRef],
) -> Vec<Span> {
    let x = extract(
        original,
        &Options {
            published: published.map(str::to_string),
            indicators: Vec::new(),
        },
    );
    let h = Hay {
        simp: x.text.chars().collect(),
        disp: x.display_text.chars().collect(),
    };
    let mut out: Vec<(SpanKind, String, usize, usize)> = Vec::new();
    for t in targets {
        if let Some((a, b)) = target_span(&h, t) {
            out.push((SpanKind::Target, t.key.clone(), a, b));
        }
    }
    // task headings first, then each task's units between its heading and the next task
    let mut heads: Vec<(usize, usize, &TaskRef)> = tasks
        .iter()
        .filter_map(|t| task_span(&h, t).map(|(a, b)| (a, b, t)))
        .collect();
    heads.sort_by_key(|(a, _, _)| *a);
    for (i, (a, b, t)) in heads.iter().enumerate() {
        out.push((SpanKind::Task, t.key.clone(), *a, *b));
        let region_end = heads
            .get(i + 1)
            .map(|n| n.0)
            .unwrap_or(h.len())
            .min(b + 600);
        let mut used: Vec<(usize, usize)> = Vec::new();
        for (k, (name, role)) in t.units.iter().enumerate() {
            let len = name.trim().chars().count();
            let mut from = *b;
            while let Some(p) = h.find(name, from, region_end) {
                if used.iter().all(|(ua, ub)| p + len <= *ua || p >= *ub) {
                    used.push((p, p + len));
                    let kind = match role.as_str() {
                        "lead" => SpanKind::Lead,
                        "joint" => SpanKind::Joint,
                        _ => SpanKind::Coop,
                    };
                    out.push((kind, format!("{}-unit-{k}", t.key), p, p + len));
                    break;
                }
                from = p + 1;
            }
        }
    }
    // phases: the extractor's own occurrences, in order; a phase it no longer finds is
    // searched for
    let mut taken = vec![false; x.phases.len()];
    for p in phases {
        let len = p.text.trim().chars().count();
        let hit = x
            .phases
            .iter()
            .enumerate()
            .find(|(i, e)| !taken[*i] && e.text.trim() == p.text.trim())
            .map(|(i, e)| {
                taken[i] = true;
                e.offset
            })
            .or_else(|| h.find(&p.text, 0, h.len()));
        if let Some(a) = hit.filter(|a| a + len <= h.len() && len > 0) {
            out.push((SpanKind::Phase, p.key.clone(), a, a + len));
        }
    }
    // back to the original's characters
    let orig_len = original.chars().count();
    let mut spans: Vec<Span> = out
        .into_iter()
        .filter(|(_, _, a, b)| a < b && *b <= h.len())
        .filter_map(|(kind, key, a, b)| {
            let start = x.original_offset(a)?;
            let end = (x.original_offset(b - 1)? + 1).min(orig_len);
            (start < end).then_some(Span {
                kind,
                key,
                start,
                end,
            })
        })
        .collect();
    spans.sort_by(|p, q| p.start.cmp(&q.start).then(q.end.cmp(&p.end)));
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(s: &str, sp: &Span) -> String {
        s.chars().skip(sp.start).take(sp.end - sp.start).collect()
    }

    const DOC: &str = "到2027年,全社会研发经费投入强度达到3.3%以上。\n一、重点任务\n1.建设实验室。(市科技局牵头,市财政局配合)\n2.培育企业。(市工信局牵头)\n";

    /// The extractor's tasks as saved: key, offset, number, title, lead and cooperating units.
    fn task_refs(x: &crate::Extraction) -> Vec<TaskRef> {
        x.tasks
            .iter()
            .enumerate()
            .map(|(i, t)| TaskRef {
                key: format!("task-{i}"),
                offset: Some(t.offset),
                number: t.number.clone(),
                title: t.title.clone(),
                units: t
                    .lead
                    .iter()
                    .map(|n| (n.clone(), "lead".to_string()))
                    .chain(t.cooperating.iter().map(|n| (n.clone(), "coop".into())))
                    .collect(),
            })
            .collect()
    }

    fn refs() -> (Vec<TargetRef>, Vec<TaskRef>, Vec<PhaseRef>) {
        let x = extract(DOC, &Options::default());
        let targets = x
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| TargetRef {
                key: format!("target-{i}"),
                offset: Some(t.offset),
                source_text: t.source_text.clone(),
            })
            .collect();
        let phases = x
            .phases
            .iter()
            .enumerate()
            .map(|(i, p)| PhaseRef {
                key: format!("phase-{i}"),
                text: p.text.clone(),
            })
            .collect();
        (targets, task_refs(&x), phases)
    }

    #[test]
    fn spans_point_at_their_items() {
        let (tg, tk, ph) = refs();
        let spans = locate(DOC, None, &tg, &tk, &ph);
        let of = |kind: SpanKind| -> Vec<String> {
            spans
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| slice(DOC, s))
                .collect()
        };
        assert!(of(SpanKind::Target)[0].contains("3.3%"), "{spans:?}");
        assert_eq!(of(SpanKind::Task), vec!["1.建设实验室", "2.培育企业"]);
        assert_eq!(of(SpanKind::Lead), vec!["市科技局", "市工信局"]);
        assert_eq!(of(SpanKind::Coop), vec!["市财政局"]);
        assert!(
            of(SpanKind::Phase).iter().any(|p| p.contains("2027")),
            "{spans:?}"
        );
        assert!(spans.windows(2).all(|w| w[0].start <= w[1].start));
    }

    #[test]
    fn offsets_map_back_through_repairs() {
        // full-width digits and inline pinyin are repaired before extraction; the spans
        // still cut the original text at the right characters
        let doc = "１.建设实验室(shí yàn shì)。(市科技局牵头)\n２.培育企业。(市工信局牵头)\n";
        let x = extract(doc, &Options::default());
        assert!(x.text.chars().count() < doc.chars().count(), "{}", x.text);
        let spans = locate(doc, None, &[], &task_refs(&x), &[]);
        let leads: Vec<String> = spans
            .iter()
            .filter(|s| s.kind == SpanKind::Lead)
            .map(|s| slice(doc, s))
            .collect();
        assert_eq!(leads, vec!["市科技局", "市工信局"]);
    }

    #[test]
    fn stale_offsets_and_unknown_items_are_left_out() {
        let t = TaskRef {
            key: "x".into(),
            offset: Some(10_000),
            number: "9".into(),
            title: "不存在的任务".into(),
            units: vec![("市不存在局".into(), "lead".into())],
        };
        let tg = TargetRef {
            key: "t".into(),
            offset: None,
            source_text: "没有这句话".into(),
        };
        let ph = PhaseRef {
            key: "p".into(),
            text: "2099年".into(),
        };
        assert!(locate(DOC, None, &[tg], &[t], &[ph]).is_empty());
    }
}
