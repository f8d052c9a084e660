//! Password policy (密码策略).

use crate::msg::Msg;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Common passwords, lower case (`data/common_passwords.txt`, shipped in the binary).
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common_passwords.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
});

/// Whether a password is a common one, or a common one with digits and punctuation only
/// around it (`password2026!`, `2026Dragon`): guessing tools try those first.
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    if COMMON.contains(lower.as_str()) {
        return true;
    }
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    core.chars().count() >= 4 && COMMON.contains(core)
}

/// Checks a new password; returns a message for the user when it fails.
///
/// Rules: at least 10 characters, at most 128, at least one letter and one digit, not the
/// username, not the old password, not a common password ([`is_common`]).
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
    if is_common(password) {
        return Err(msg!(
            "common_password",
            "这个密码太常见,很容易被猜到,请换一个",
            "This password is too common and easy to guess; choose another"
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
        for common in [
            "password123",
            "Qwerty123456",
            "1qaz2wsx3edc",
            "Password2026!",
            "2026dragon!!",
        ] {
            let e = check_policy(common, "alice", None).unwrap_err();
            assert_eq!(e.code, "common_password", "{common}");
        }
        assert!(check_policy("Demo-pass-2026", "alice", None).is_ok());
    }
}
