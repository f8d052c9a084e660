//! Administrative regions (行政区划, GB/T 2260) and the scoping rule built on them.

use serde::{Deserialize, Serialize};

/// Level of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    /// 全国 (the root).
    Nation,
    /// 省级.
    Province,
    /// 地市级.
    City,
    /// 县(市、区).
    County,
    /// 开发区 / 高新区 / 港务区 (development zone).
    Zone,
}

impl RegionLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RegionLevel::Nation => "nation",
            RegionLevel::Province => "province",
            RegionLevel::City => "city",
            RegionLevel::County => "county",
            RegionLevel::Zone => "zone",
        }
    }

    /// The label as a message (code: the value's own code).
    pub fn label(self) -> crate::Msg {
        crate::Msg::new(self.as_str(), self.label_zh(), self.label_en())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            RegionLevel::Nation => "全国",
            RegionLevel::Province => "省级",
            RegionLevel::City => "地市级",
            RegionLevel::County => "县(市、区)",
            RegionLevel::Zone => "开发区",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            RegionLevel::Nation => "Nation",
            RegionLevel::Province => "Province",
            RegionLevel::City => "City",
            RegionLevel::County => "County / district",
            RegionLevel::Zone => "Development zone",
        }
    }

    pub fn parse(s: &str) -> Option<RegionLevel> {
        [
            RegionLevel::Nation,
            RegionLevel::Province,
            RegionLevel::City,
            RegionLevel::County,
            RegionLevel::Zone,
        ]
        .into_iter()
        .find(|l| l.as_str() == s)
    }
}

/// Checks a GB/T 2260 code: six ASCII digits (`000000` is the nation).
pub fn valid_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

/// True when `code` lies in the subtree rooted at `root`, given a parent lookup.
///
/// The lookup walks up parents; a cycle or an unknown parent ends the walk.
pub fn within<'a>(code: &'a str, root: &str, parent_of: impl Fn(&str) -> Option<&'a str>) -> bool {
    let mut cur = Some(code);
    let mut steps = 0;
    while let Some(c) = cur {
        if c == root {
            return true;
        }
        steps += 1;
        if steps > 16 {
            return false;
        }
        cur = parent_of(c);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn subtree_membership() {
        let parents: HashMap<&str, &str> = [
            ("371400", "370000"),
            ("371402", "371400"),
            ("370100", "370000"),
        ]
        .into();
        let p = |c: &str| parents.get(c).copied();
        assert!(within("371402", "371400", p));
        assert!(within("371402", "370000", p));
        assert!(!within("370100", "371400", p));
        assert!(within("371400", "371400", p));
    }

    #[test]
    fn codes() {
        assert!(valid_code("371400"));
        assert!(!valid_code("37140"));
        assert!(!valid_code("37140a"));
        assert_eq!(RegionLevel::parse("zone"), Some(RegionLevel::Zone));
        assert_eq!(RegionLevel::County.label_zh(), "县(市、区)");
        assert_eq!(RegionLevel::Zone.label_en(), "Development zone");
    }
}
