//! GB/T 2260 region codes: which regions lie inside a participant's region.
//!
//! A code is six digits: two for the province, two for the city, two for the county. A province
//! ends in `0000`, a city (not a province) in `00`; anything else is a county-level unit.

/// True when `code` is six ASCII digits.
pub fn is_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

/// Whether region `r` lies inside participant region `p`: `r = p`, or `p` is a province
/// (`xx0000`) and `r` starts with its first two digits, or `p` is a city (`xxxx00`, not a
/// province) and `r` starts with its first four digits. Malformed codes are only inside an
/// identical code.
pub fn inside(r: &str, p: &str) -> bool {
    if r == p {
        return true;
    }
    if !is_code(r) || !is_code(p) {
        return false;
    }
    if p.ends_with("0000") {
        r.get(..2) == p.get(..2)
    } else if p.ends_with("00") {
        r.get(..4) == p.get(..4)
    } else {
        false
    }
}

/// Whether two codes name the same province (share their first two digits).
pub fn same_province(a: &str, b: &str) -> bool {
    is_code(a) && is_code(b) && a.get(..2) == b.get(..2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_city_county() {
        // province 山东 370000
        assert!(inside("370000", "370000"));
        assert!(inside("371400", "370000"));
        assert!(inside("371402", "370000"));
        assert!(!inside("110000", "370000"));
        // city 德州 371400
        assert!(inside("371400", "371400"));
        assert!(inside("371402", "371400"));
        assert!(
            !inside("370000", "371400"),
            "the province is not inside its city"
        );
        assert!(!inside("371500", "371400"));
        assert!(!inside("370100", "371400"));
        // county 德城区 371402
        assert!(inside("371402", "371402"));
        assert!(!inside("371403", "371402"));
        assert!(!inside("371400", "371402"));
    }

    #[test]
    fn malformed_codes_never_panic() {
        assert!(!inside("37", "370000"));
        assert!(!inside("三七一四〇〇", "370000"));
        assert!(!inside("371400", "37140"));
        assert!(inside("x", "x"));
        assert!(!same_province("3", "370000"));
        assert!(!same_province("é70000", "370000"));
    }

    #[test]
    fn same_province_by_first_two_digits() {
        assert!(same_province("370100", "371400"));
        assert!(same_province("370000", "371402"));
        assert!(!same_province("110000", "371400"));
    }
}
