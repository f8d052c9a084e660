//! Messages made where they arise: a stable code, and the text in Chinese (canonical) with
//! English beside it.
//!
//! Every message the server shows a person — a field error, a refusal, a notification title,
//! a status or deadline phrase — is a [`Msg`]. The code says what happened (`required`,
//! `not_found`, `sv.sign.person_required`, …) and stays the same in every language, so
//! clients and tests key on it; the two texts are written together at the source, so neither
//! language is ever derived from the other. The edge (web, CLI, documents) picks the text for
//! its reader with [`Msg::text`].
//!
//! ```
//! use innocity_domain::{msg, Lang};
//! let name = "德州";
//! let m = msg!("not_found", "没有名为“{name}”的机构", "No organisation is named “{name}”");
//! assert_eq!(m.code, "not_found");
//! assert_eq!(m.text(Lang::En), "No organisation is named “德州”");
//! ```

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// The language of a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Simplified Chinese, the canonical language.
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag (`zh-CN`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// A message: stable code, Chinese text, English text.
///
/// In JSON a message is an object `{"$msg": code, "zh": …, "en": …}`; the edge replaces it by
/// the text in its reader's language with [`localize_json`] before anything leaves the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub code: Cow<'static, str>,
    pub zh: String,
    pub en: String,
}

impl Msg {
    pub fn new(
        code: impl Into<Cow<'static, str>>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Msg {
        Msg {
            code: code.into(),
            zh: zh.into(),
            en: en.into(),
        }
    }
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
    /// The same texts under another code.
    pub fn with_code(mut self, code: impl Into<Cow<'static, str>>) -> Msg {
        self.code = code.into();
        self
    }
    /// Both texts wrapped: `zh` and `en` are format strings with one `{}` each.
    pub fn wrap(&self, zh: &str, en: &str) -> Msg {
        Msg {
            code: self.code.clone(),
            zh: zh.replacen("{}", &self.zh, 1),
            en: en.replacen("{}", &self.en, 1),
        }
    }
    /// Messages joined, each language with its own separator.
    pub fn join(parts: &[Msg], code: &'static str) -> Msg {
        Msg {
            code: code.into(),
            zh: parts
                .iter()
                .map(|m| m.zh.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            en: parts
                .iter()
                .map(|m| m.en.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

impl Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry(MARK, &self.code)?;
        m.serialize_entry("zh", &self.zh)?;
        m.serialize_entry("en", &self.en)?;
        m.end()
    }
}

impl<'de> Deserialize<'de> for Msg {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Msg, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(rename = "$msg", alias = "code")]
            code: String,
            zh: String,
            en: String,
        }
        let r = Raw::deserialize(d)?;
        Ok(Msg::new(r.code, r.zh, r.en))
    }
}

/// In the API's documents a message is a string: the edge renders it before it leaves.
impl schemars::JsonSchema for Msg {
    fn schema_name() -> Cow<'static, str> {
        "Message".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "Text in the reader's language (Accept-Language)"
        })
    }
}

/// The key that marks a serialized [`Msg`].
pub const MARK: &str = "$msg";

/// Replaces every serialized [`Msg`] in `v` by its text in `lang`.
pub fn localize_json(v: &mut serde_json::Value, lang: Lang) {
    use serde_json::Value;
    match v {
        Value::Object(o) if o.contains_key(MARK) => {
            let key = match lang {
                Lang::Zh => "zh",
                Lang::En => "en",
            };
            *v = o.remove(key).unwrap_or(Value::Null);
        }
        Value::Object(o) => o.values_mut().for_each(|x| localize_json(x, lang)),
        Value::Array(a) => a.iter_mut().for_each(|x| localize_json(x, lang)),
        _ => {}
    }
}

/// Chinese, the canonical text (logs, `Display` of errors).
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.zh)
    }
}

/// A message from a code and two format strings (inline `{name}` arguments work in both).
#[macro_export]
macro_rules! msg {
    ($code:expr, $zh:literal, $en:literal $(,)?) => {
        $crate::msg::Msg::new($code, format!($zh), format!($en))
    };
    ($code:expr, $zh:literal, $en:literal, $($arg:tt)+) => {
        $crate::msg::Msg::new($code, format!($zh, $($arg)+), format!($en, $($arg)+))
    };
}

/// Messages used everywhere.
pub mod common {
    use super::Msg;
    use std::fmt;

    pub fn required() -> Msg {
        msg!("required", "必填", "Required")
    }
    pub fn invalid_date() -> Msg {
        msg!(
            "invalid_date",
            "日期格式须为 YYYY-MM-DD",
            "Use a date of the form YYYY-MM-DD"
        )
    }
    pub fn invalid_number() -> Msg {
        msg!("invalid_number", "数值无效", "Not a valid number")
    }
    pub fn too_long(max: usize) -> Msg {
        msg!(
            "too_long",
            "不能超过 {max} 个字符",
            "At most {max} characters"
        )
    }
    /// `用户不存在` / `User not found` (code `not_found`).
    pub fn not_found(zh: &str, en: &str) -> Msg {
        msg!("not_found", "{zh}不存在", "{en} not found")
    }
    /// `地区不存在或不在您的范围内` / `Region not found, or outside your scope`.
    pub fn not_in_scope(zh: &str, en: &str) -> Msg {
        msg!(
            "not_found",
            "{zh}不存在或不在您的范围内",
            "{en} not found, or outside your scope"
        )
    }
    /// `用户名 bob 已存在` / `Username bob already exists` (code `duplicate`).
    pub fn already_exists(zh: &str, en: &str) -> Msg {
        msg!("duplicate", "{zh} 已存在", "{en} already exists")
    }
    /// `年份须在 1949–2100 之间` / `Year must be between 1949 and 2100` (code `out_of_range`).
    pub fn between(zh: &str, en: &str, lo: impl fmt::Display, hi: impl fmt::Display) -> Msg {
        msg!(
            "out_of_range",
            "{zh}须在 {lo}–{hi} 之间",
            "{en} must be between {lo} and {hi}"
        )
    }
    /// An unknown choice: `未知角色` / `Unknown role` (code `invalid_choice`).
    pub fn unknown(zh: &str, en: &str) -> Msg {
        msg!("invalid_choice", "未知{zh}", "Unknown {en}")
    }
    /// `须为 lead、coop 或 joint` / `Must be lead, coop or joint` (code `invalid_choice`).
    pub fn one_of(choices: &[&str]) -> Msg {
        let (last, head) = choices.split_last().unwrap_or((&"", &[]));
        let (zh, en) = if head.is_empty() {
            (last.to_string(), last.to_string())
        } else {
            (
                format!("{} 或 {last}", head.join("、")),
                format!("{} or {last}", head.join(", ")),
            )
        };
        msg!("invalid_choice", "须为 {zh}", "Must be {en}")
    }
    pub fn invalid_input() -> Msg {
        msg!("invalid", "输入有误", "Invalid input")
    }
    pub fn internal() -> Msg {
        msg!(
            "internal",
            "服务器内部错误,请稍后再试",
            "Server error; please try again later"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_arguments_reach_both_languages() {
        let n = 3;
        let m = msg!("x", "共 {n} 项", "{n} items");
        assert_eq!((m.zh.as_str(), m.en.as_str()), ("共 3 项", "3 items"));
        let m = msg!("y", "{} 与 {}", "{} and {}", 1, 2);
        assert_eq!(m.text(Lang::En), "1 and 2");
    }

    #[test]
    fn wrap_and_join_keep_languages_apart() {
        let a = msg!("a", "甲", "A");
        let b = msg!("b", "乙", "B");
        let j = Msg::join(&[a.clone(), b], "many");
        assert_eq!((j.zh.as_str(), j.en.as_str()), ("甲;乙", "A; B"));
        let w = a.wrap("第 2 行:{}", "row 2: {}");
        assert_eq!(w.text(Lang::En), "row 2: A");
        assert_eq!(w.code, "a");
    }

    #[test]
    fn json_messages_become_text_in_the_readers_language() {
        let mut v = serde_json::json!({
            "status": "signed",
            "status_label": msg!("signed", "已签收", "Signed"),
            "reasons": [msg!("r", "还剩 3 天", "3 days left")],
        });
        let mut en = v.clone();
        localize_json(&mut en, Lang::En);
        assert_eq!(en["status_label"], "Signed");
        assert_eq!(en["reasons"][0], "3 days left");
        let back: Vec<Msg> = serde_json::from_value(v["reasons"].clone()).unwrap();
        assert_eq!(back[0].en, "3 days left");
        localize_json(&mut v, Lang::Zh);
        assert_eq!(v["status_label"], "已签收");
        assert_eq!(v["status"], "signed");
    }
}
