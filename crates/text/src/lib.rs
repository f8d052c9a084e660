//! `innocity-text`: pure text extraction for plan documents (规划, 实施方案, 实施意见, news).
//!
//! No file, network or process IO happens here: callers hand in bytes or text.
//!
//! * [`decode`] / [`docx_to_text`] / [`decode_any`] turn bytes into text (UTF-8, GB18030/GBK,
//!   `.docx` paragraphs).
//! * [`normalize`] repairs scraped text (full-width forms, inline pinyin, traditional
//!   characters) and keeps an offset map back to the original.
//! * [`extract`] finds the document metadata, quantitative targets, numbered tasks with their
//!   responsible units, and plan phases. Its [`Extraction`] serialises to the JSON object of
//!   the `innocity doc extract` contract; `Extraction::text` / `display_text` keep the
//!   repaired text so that a UI can highlight items by their `offset`.
//! * [`locate`] finds a saved plan's items (targets, task headings, responsible units,
//!   phases) in its original text again, as character ranges of that original.
//!
//! ```
//! use innocity_text::{decode, extract, IndicatorRef, Options};
//! let text = decode("到2027年,全社会研发经费投入强度达到3.3%以上。\n一、重点任务\n1.建设实验室。(市科技局牵头,市财政局配合)\n".as_bytes()).unwrap();
//! let lib = vec![IndicatorRef { code: "rd_intensity".into(), names: vec!["研发经费投入强度".into()] }];
//! let x = extract(&text, &Options { published: None, indicators: lib });
//! assert_eq!(x.targets[0].indicator.as_deref(), Some("rd_intensity"));
//! assert_eq!(x.tasks[0].lead, vec!["市科技局"]);
//! ```

mod decode;
mod extract;
mod highlight;
mod layout;
mod markup;
mod meta;
mod normalize;
mod outline;
mod quantity;
mod resp;
mod t2s_table;
mod years;

pub use decode::{decode, decode_any, docx_to_text, docx_xml_to_text, looks_like_zip, DecodeError};
pub use extract::{
    extract, Comparator, DocumentMeta, Extraction, IndicatorRef, Options, PartInfo, Phase,
    PhaseKind, Target, Task, Warning,
};
pub use highlight::{locate, PhaseRef, Span, SpanKind, TargetRef, TaskRef};
pub use normalize::{is_pinyin, normalize, simplify, t2s_char, Normalized};
pub use outline::SectionClass;
pub use quantity::parse_cn_numeral;
pub use resp::{looks_like_org, parse_clause, split_names, Responsibility};
