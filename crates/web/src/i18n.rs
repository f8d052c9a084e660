//! The reader's language, from `Accept-Language`.
//!
//! Messages carry their own English ([`innocity_domain::Msg`]), written where they arise, and
//! the edge only picks the text. The one exception left is transitional: a few messages the
//! web handlers (`api*.rs`, `extract.rs`, `lib.rs`) still make from a Chinese string (code
//! `zh_only`); [`classify`] gives those their code and English until they are written with
//! `msg!`, after which it goes.

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

/// Transitional: the Chinese-only messages the web handlers still make, with their code and
/// English.
const EXACT: &[(&str, &str, &str)] = &[
    (
        "请粘贴文本或上传文件",
        "required",
        "Paste a text or upload a file",
    ),
    (
        "日期格式须为 YYYY-MM-DD",
        "invalid_date",
        "Use a date of the form YYYY-MM-DD",
    ),
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
    ("无权审核数据", "forbidden", "You may not review data"),
    ("无权导入数据", "forbidden", "You may not import data"),
    (
        "只有填报员可以填写数据",
        "forbidden",
        "Only data reporters may enter data",
    ),
    (
        "只有协调员或管理员可以导入实施方案",
        "forbidden",
        "Only coordinators or administrators may import plans",
    ),
    (
        "只有协调员或管理员可以执行该操作",
        "forbidden",
        "Only coordinators or administrators may do this",
    ),
    ("校验规则不存在", "not_found", "Validation rule not found"),
    ("不存在", "not_found", "Not found"),
    ("文本超过 5 MB", "too_large", "The text is larger than 5 MB"),
    ("解析失败", "internal", "The text could not be analysed"),
];

/// Transitional: the code of a Chinese-only message made by a web handler, and its English
/// when known.
pub fn classify(zh: &str) -> (&'static str, Option<String>) {
    let m = zh.trim();
    if let Some((_, code, en)) = EXACT.iter().find(|(z, _, _)| *z == m) {
        return (code, Some((*en).to_string()));
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
    if m.ends_with("不存在") {
        return ("not_found", None);
    }
    ("invalid", None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn handler_messages_have_codes_and_english() {
        let cases = [
            (
                "日期格式须为 YYYY-MM-DD",
                "invalid_date",
                "Use a date of the form YYYY-MM-DD",
            ),
            ("编号 x1 无效", "not_found", "Invalid id x1"),
            (
                "没有这个接口: /api/v1/x",
                "not_found",
                "No such endpoint: /api/v1/x",
            ),
            (
                "请求体无效: missing field",
                "bad_request",
                "Invalid request body: missing field",
            ),
        ];
        for (zh, code, en) in cases {
            assert_eq!(classify(zh), (code, Some(en.to_string())), "{zh}");
        }
        assert_eq!(classify("“某某”不像一个机构"), ("invalid", None));
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
