//! Password policy (密码策略).

use crate::msg::Msg;

/// Checks a new password; returns a message for the user when it fails.
///
/// Rules: at least 10 characters, at most 128, at least one letter and one digit, not the
/// username, not the old password.
pub fn check_policy(password: &str, username: &str, old: Option<&str>) -> Result<(), Msg> {
    let n = password.chars().count();
    if n < 10 {
        return Err(msg!(
            "too_short",
            "密码至少 10 个字符",
            "At least 10 characters"
        ));
    }
    if n > 128 {
        return Err(msg!(
            "too_long",
            "密码不能超过 128 个字符",
            "At most 128 characters"
        ));
    }
    if !password.chars().any(|c| c.is_alphabetic()) || !password.chars().any(|c| c.is_ascii_digit())
    {
        return Err(msg!(
            "weak_password",
            "密码须同时包含字母和数字",
            "Must contain both letters and digits"
        ));
    }
    if password.eq_ignore_ascii_case(username)
        || password.to_lowercase().contains(&username.to_lowercase()) && username.len() >= 4
    {
        return Err(msg!(
            "weak_password",
            "密码不能包含用户名",
            "Must not contain the username"
        ));
    }
    if old == Some(password) {
        return Err(msg!(
            "weak_password",
            "新密码不能与旧密码相同",
            "Must differ from the current password"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_policy;

    #[test]
    fn policy() {
        assert!(check_policy("short1", "bob", None).is_err());
        assert!(check_policy("onlyletterslong", "bob", None).is_err());
        assert!(check_policy("1234567890123", "bob", None).is_err());
        assert!(check_policy("alice-secret-2026", "alice", None).is_err());
        assert!(check_policy("Good-pass-2026", "alice", Some("Good-pass-2026")).is_err());
        assert!(check_policy("Good-pass-2026", "alice", Some("Old-pass-2025")).is_ok());
    }
}
