//! Roles (角色) and what each may do.

use serde::{Deserialize, Serialize};

/// A user's role. Every user also belongs to one organisation, which scopes what they see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员: users, organisations, regions, indicator library, backups.
    Admin,
    /// 协调员 (市科技局): runs the programme for its region and the regions below.
    Coordinator,
    /// 部门填报员: a city department's reporter.
    DeptReporter,
    /// 县区填报员: a county or district government's reporter; sees its own region only.
    CountyReporter,
    /// 评审专家: acceptance panel member.
    Expert,
    /// 省/部审核员: province or ministry reviewer.
    Reviewer,
    /// 只读用户: leadership dashboards.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Coordinator,
        Role::DeptReporter,
        Role::CountyReporter,
        Role::Expert,
        Role::Reviewer,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::DeptReporter => "dept_reporter",
            Role::CountyReporter => "county_reporter",
            Role::Expert => "expert",
            Role::Reviewer => "reviewer",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The label as a message (code: the value's own code).
    pub fn label(self) -> crate::Msg {
        crate::Msg::new(self.as_str(), self.label_zh(), self.label_en())
    }
    /// Chinese label shown in the UI.
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Admin => "系统管理员",
            Role::Coordinator => "协调员",
            Role::DeptReporter => "部门填报员",
            Role::CountyReporter => "县区填报员",
            Role::Expert => "评审专家",
            Role::Reviewer => "省/部审核员",
            Role::Viewer => "只读用户",
        }
    }

    /// English label shown in the UI (as `/meta` serves it).
    pub fn label_en(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Coordinator => "Coordinator",
            Role::DeptReporter => "Department reporter",
            Role::CountyReporter => "County reporter",
            Role::Expert => "Expert",
            Role::Reviewer => "Province/ministry reviewer",
            Role::Viewer => "Viewer",
        }
    }

    /// May manage users, organisations, regions and the indicator library.
    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }

    /// May change programme registry records (participants' status) within scope.
    pub fn may_manage_programmes(self) -> bool {
        matches!(self, Role::Admin | Role::Coordinator | Role::Reviewer)
    }

    /// Sees every region (national or provincial oversight) rather than its own subtree.
    pub fn sees_all_regions(self) -> bool {
        matches!(self, Role::Admin | Role::Reviewer)
    }

    /// May read the audit log (admins see all, coordinators their region's).
    pub fn may_read_audit(self) -> bool {
        matches!(self, Role::Admin | Role::Coordinator)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn every_role_has_distinct_labels_in_both_languages() {
        let en: std::collections::HashSet<_> = Role::ALL.iter().map(|r| r.label_en()).collect();
        let zh: std::collections::HashSet<_> = Role::ALL.iter().map(|r| r.label_zh()).collect();
        assert_eq!((en.len(), zh.len()), (Role::ALL.len(), Role::ALL.len()));
        assert!(en.iter().all(|l| l.is_ascii()));
        assert_eq!(Role::CountyReporter.label_en(), "County reporter");
    }

    #[test]
    fn only_admin_and_reviewer_see_everything() {
        let all: Vec<_> = Role::ALL
            .into_iter()
            .filter(|r| r.sees_all_regions())
            .collect();
        assert_eq!(all, vec![Role::Admin, Role::Reviewer]);
    }
}
