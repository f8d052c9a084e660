//! English for the API's common error messages.
//!
//! Chinese stays the canonical language: repositories write their messages in Chinese, and
//! every answer in Chinese is unchanged. At the boundary each field message is classified
//! into a stable `code` (`required`, `too_long`, `invalid_date`, `not_found`, `duplicate`,
//! `out_of_range`, …), sent as `field_codes` whatever the language; when the request asks for
//! English (`Accept-Language: en…`), the messages this table knows are answered in English.
//! A message it does not know keeps its Chinese text (and the code `invalid`), so nothing is
//! ever lost in translation.

use axum::http::HeaderMap;

pub use innocity_domain::Lang;

/// The preferred of `zh` and `en` in an `Accept-Language` header (by q-value, then order);
/// Chinese when neither is named.
pub fn lang(headers: &HeaderMap) -> Lang {
    let Some(v) = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return Lang::Zh;
    };
    let mut best: Option<(f32, Lang)> = None;
    for part in v.split(',') {
        let mut it = part.split(';');
        let tag = it.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = it
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let l = match tag.split('-').next() {
            Some("en") => Lang::En,
            Some("zh") => Lang::Zh,
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, l));
        }
    }
    best.map(|(_, l)| l).unwrap_or(Lang::Zh)
}

/// Whole messages.
const EXACT: &[(&str, &str, &str)] = &[
    ("必填", "required", "Required"),
    ("请填写进展情况", "required", "Describe the progress"),
    (
        "请填写办结情况",
        "required",
        "Describe how the task was completed",
    ),
    ("请填写理由", "required", "Give a reason"),
    ("请选择任务", "required", "Choose a task"),
    (
        "请粘贴文本或上传文件",
        "required",
        "Paste a text or upload a file",
    ),
    (
        "请填写数值或缺失原因",
        "required",
        "Enter a value or the reason it is missing",
    ),
    (
        "数值为空时须填写缺失原因",
        "required",
        "Give the reason the value is missing",
    ),
    (
        "日期格式须为 YYYY-MM-DD",
        "invalid_date",
        "Use a date of the form YYYY-MM-DD",
    ),
    (
        "发布日期格式须为 YYYY-MM-DD",
        "invalid_date",
        "Use a publication date of the form YYYY-MM-DD",
    ),
    ("数值无效", "invalid_number", "Not a valid number"),
    (
        "电子邮箱格式无效",
        "invalid_email",
        "Not a valid e-mail address",
    ),
    (
        "区划代码须为 6 位数字",
        "invalid_format",
        "Must be 6 digits",
    ),
    (
        "只能包含字母、数字、下划线、点和连字符",
        "invalid_chars",
        "Only letters, digits, _ . and - are allowed",
    ),
    (
        "代码只能包含小写字母、数字和下划线",
        "invalid_chars",
        "Only lower-case letters, digits and _ are allowed",
    ),
    (
        "原密码不正确",
        "wrong_password",
        "The current password is wrong",
    ),
    ("密码至少 10 个字符", "too_short", "At least 10 characters"),
    (
        "密码须同时包含字母和数字",
        "weak_password",
        "Must contain both letters and digits",
    ),
    (
        "密码不能包含用户名",
        "weak_password",
        "Must not contain the username",
    ),
    (
        "新密码不能与旧密码相同",
        "weak_password",
        "Must differ from the current password",
    ),
    ("未知角色", "invalid_choice", "Unknown role"),
    (
        "未知机构类型",
        "invalid_choice",
        "Unknown kind of organisation",
    ),
    ("未知级别", "invalid_choice", "Unknown level"),
    ("未知状态", "invalid_choice", "Unknown status"),
    ("未知颜色", "invalid_choice", "Unknown colour"),
    ("条目过多", "too_many", "Too many entries"),
    ("单位过多", "too_many", "Too many units"),
    ("节点过多", "too_many", "Too many milestones"),
    ("单位重复", "duplicate", "A unit is listed twice"),
    (
        "上级不能是自身",
        "invalid_parent",
        "A region cannot be its own parent",
    ),
    (
        "上级不能是自身的下级",
        "invalid_parent",
        "The parent cannot lie below the region itself",
    ),
    (
        "时限不能早于今天",
        "out_of_range",
        "The deadline cannot be before today",
    ),
    (
        "开始日期不能晚于结束日期",
        "out_of_range",
        "The start date cannot be after the end date",
    ),
    (
        "节点不能晚于任务时限",
        "out_of_range",
        "A milestone cannot be after the task's deadline",
    ),
    (
        "进度须为 0–100",
        "out_of_range",
        "Must be between 0 and 100",
    ),
    ("须为 1–30 天", "out_of_range", "Must be 1 to 30 days"),
    (
        "至少需要一个牵头或共同负责单位",
        "required",
        "At least one lead or shared-duty unit is needed",
    ),
    (
        "至少选择一个数据项",
        "required",
        "Choose at least one data item",
    ),
    (
        "至少选择两个参与城市/县",
        "required",
        "Choose at least two participants",
    ),
    // top-level messages
    ("请先登录", "unauthenticated", "Please sign in"),
    (
        "用户名或密码错误",
        "unauthenticated",
        "Wrong username or password",
    ),
    (
        "首次登录请先修改密码",
        "password_change_required",
        "Change your password first",
    ),
    (
        "CSRF 令牌缺失或无效,请刷新页面后重试",
        "csrf",
        "Security token missing or invalid; reload the page and try again",
    ),
    (
        "服务器内部错误,请稍后再试",
        "internal",
        "Server error; please try again later",
    ),
    (
        "需要系统管理员权限",
        "forbidden",
        "Administrator rights are required",
    ),
    (
        "无权查看审计日志",
        "forbidden",
        "You may not read the audit log",
    ),
];

/// Things that may not exist or may already exist, by their Chinese name.
const NOUNS: &[(&str, &str)] = &[
    ("机构", "Organisation"),
    ("用户", "User"),
    ("用户名", "Username"),
    ("参与城市/县", "Participant"),
    ("数据项", "Data item"),
    ("数据", "Data"),
    ("指标", "Indicator"),
    ("指标代码", "Indicator code"),
    ("区划代码", "Region code"),
    ("上级区划", "Parent region"),
    ("行政区划", "Region"),
    ("地区", "Region"),
    ("实施方案", "Plan"),
    ("被修订的方案", "The plan being revised"),
    ("报表", "Form"),
    ("报表分配", "Form assignment"),
    ("节点", "Milestone"),
    ("任务", "Task"),
    ("上级任务", "Parent task"),
    ("督办任务", "Task"),
    ("文件", "File"),
    ("专项", "Programme"),
    ("建设计划", "Programme"),
    ("评价方法", "Evaluation method"),
    ("评价运行", "Evaluation run"),
    ("通知", "Notification"),
];

/// `机构 12` → `Organisation 12`; `None` when the noun is not in the table.
fn noun(thing: &str) -> Option<String> {
    let thing = thing.trim();
    let (head, rest) = match thing.split_once(' ') {
        Some((h, r)) => (h, format!(" {}", r.trim())),
        None => (thing, String::new()),
    };
    NOUNS
        .iter()
        .find(|(zh, _)| *zh == head)
        .map(|(_, en)| format!("{en}{rest}"))
}

/// The stable code of a Chinese message and its English text, when known.
pub fn classify(zh: &str) -> (&'static str, Option<String>) {
    let m = zh.trim();
    if let Some((_, code, en)) = EXACT.iter().find(|(z, _, _)| *z == m) {
        return (code, Some((*en).to_string()));
    }
    // "… 不能超过 N 个字符"
    if let Some((_, tail)) = m.split_once("不能超过 ") {
        if let Some(n) = tail.strip_suffix(" 个字符") {
            return ("too_long", Some(format!("At most {n} characters")));
        }
    }
    // "年份须在 1949–2100 之间"
    if let Some((_, tail)) = m.split_once("须在 ") {
        if let Some(range) = tail.strip_suffix(" 之间") {
            let en = range
                .split_once('–')
                .map(|(a, b)| format!("Must be between {a} and {b}"));
            return ("out_of_range", en);
        }
    }
    // "x 超出范围 [lo, hi]"
    if let Some((what, range)) = m.split_once(" 超出范围 ") {
        return (
            "out_of_range",
            Some(format!("{what} is outside the range {range}")),
        );
    }
    if let Some(thing) = m.strip_suffix("不存在或不在您的范围内") {
        return (
            "not_found",
            noun(thing).map(|t| format!("{t} not found, or outside your scope")),
        );
    }
    if let Some(thing) = m.strip_suffix("不存在") {
        return ("not_found", noun(thing).map(|t| format!("{t} not found")));
    }
    if let Some(thing) = m.strip_suffix(" 已存在") {
        return (
            "duplicate",
            noun(thing).map(|t| format!("{t} already exists")),
        );
    }
    if let Some(name) = m.strip_suffix("已是其他机构的名称或别名") {
        return (
            "duplicate",
            Some(format!(
                "{name} is already the name or alias of another organisation"
            )),
        );
    }
    // "方向须为 positive 或 negative", "须为 lead、coop 或 joint"
    if let Some((_, choices)) = m.split_once("须为 ") {
        if choices.contains(" 或 ") && ascii_list(choices) {
            let en = choices.replace('、', ", ").replace(" 或 ", " or ");
            return ("invalid_choice", Some(format!("Must be {en}")));
        }
    }
    if let Some(rest) = m.strip_prefix("请求体无效: ") {
        return ("bad_request", Some(format!("Invalid request body: {rest}")));
    }
    if let Some(rest) = m.strip_prefix("查询参数无效: ") {
        return (
            "bad_request",
            Some(format!("Invalid query parameters: {rest}")),
        );
    }
    if let Some(rest) = m.strip_prefix("没有这个接口: ") {
        return ("not_found", Some(format!("No such endpoint: {rest}")));
    }
    if let Some(id) = m
        .strip_prefix("编号 ")
        .and_then(|r| r.strip_suffix(" 无效"))
    {
        return ("not_found", Some(format!("Invalid id {id}")));
    }
    if m.starts_with("未知") {
        return ("invalid_choice", None);
    }
    ("invalid", None)
}

/// Only ASCII words joined by 、 and 或: a list of codes, safe to reuse in English.
fn ascii_list(s: &str) -> bool {
    s.replace('、', " ")
        .replace(" 或 ", " ")
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '_' || c == '/')
}

/// A message in the requested language (the Chinese one when no English is known).
pub fn message(zh: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => classify(zh).1.unwrap_or_else(|| zh.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn common_messages_have_codes_and_english() {
        let cases = [
            ("必填", "required", "Required"),
            ("不能超过 200 个字符", "too_long", "At most 200 characters"),
            (
                "说明不能超过 500 个字符",
                "too_long",
                "At most 500 characters",
            ),
            (
                "日期格式须为 YYYY-MM-DD",
                "invalid_date",
                "Use a date of the form YYYY-MM-DD",
            ),
            (
                "年份须在 1949–2100 之间",
                "out_of_range",
                "Must be between 1949 and 2100",
            ),
            ("机构 12 不存在", "not_found", "Organisation 12 not found"),
            (
                "用户名 bob 已存在",
                "duplicate",
                "Username bob already exists",
            ),
            (
                "参与城市/县 7 不存在或不在您的范围内",
                "not_found",
                "Participant 7 not found, or outside your scope",
            ),
            (
                "须为 lead、coop 或 joint",
                "invalid_choice",
                "Must be lead, coop or joint",
            ),
            (
                "需要系统管理员权限",
                "forbidden",
                "Administrator rights are required",
            ),
        ];
        for (zh, code, en) in cases {
            assert_eq!(classify(zh), (code, Some(en.to_string())), "{zh}");
        }
    }

    #[test]
    fn unknown_messages_keep_their_chinese() {
        assert_eq!(classify("“某某”不像一个机构"), ("invalid", None));
        assert_eq!(
            message("“某某”不像一个机构", Lang::En),
            "“某某”不像一个机构"
        );
        // an unknown noun: the code is still known
        assert_eq!(classify("某物 3 不存在"), ("not_found", None));
        // a list of Chinese words is not reused as English
        assert_eq!(classify("须为 甲 或 乙").1, None);
    }

    #[test]
    fn accept_language_picks_the_preferred_of_zh_and_en() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(
                axum::http::header::ACCEPT_LANGUAGE,
                HeaderValue::from_str(v).unwrap(),
            );
            lang(&m)
        };
        assert_eq!(lang(&HeaderMap::new()), Lang::Zh);
        assert_eq!(h("en"), Lang::En);
        assert_eq!(h("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(h("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh);
        assert_eq!(h("fr;q=1.0, en;q=0.5, zh;q=0.4"), Lang::En);
        assert_eq!(h("de"), Lang::Zh);
    }
}
