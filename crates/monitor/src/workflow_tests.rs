//! Every state × action × role, written out by hand.

use super::*;
use crate::rules::RuleKind;

fn standing(role: Role, own_org: bool) -> Standing {
    Standing { role, own_org }
}

/// (action, from, to): every allowed transition.
const TRANSITIONS: [(Action, State, State); 11] = [
    (Action::Save, State::Draft, State::Draft),
    (Action::Save, State::Returned, State::Returned),
    (Action::Import, State::Draft, State::Draft),
    (Action::Import, State::Returned, State::Returned),
    (Action::Submit, State::Draft, State::Submitted),
    (Action::Submit, State::Returned, State::Submitted),
    (Action::Approve, State::Submitted, State::Approved),
    (Action::Return, State::Submitted, State::Returned),
    (Action::Accept, State::Approved, State::Accepted),
    (Action::Unapprove, State::Approved, State::Returned),
    (Action::Unapprove, State::Accepted, State::Returned),
];

/// (role, own organisation, permitted actions in [`Action::ALL`] order: `.` yes, `x` no).
const WHO: [(Role, bool, &str); 14] = [
    (Role::Admin, false, "......."),
    (Role::Admin, true, "......."),
    (Role::Coordinator, false, "x.x..x."),
    (Role::Coordinator, true, ".....x."),
    (Role::DeptReporter, false, "xxxxxxx"),
    (Role::DeptReporter, true, "...xxxx"),
    (Role::CountyReporter, false, "xxxxxxx"),
    (Role::CountyReporter, true, "...xxxx"),
    (Role::Expert, false, "xxxxxxx"),
    (Role::Expert, true, "...xxxx"),
    (Role::Reviewer, false, "xxxxx.x"),
    (Role::Reviewer, true, "...xx.x"),
    (Role::Viewer, false, "xxxxxxx"),
    (Role::Viewer, true, "...xxxx"),
];

fn denial(a: Action) -> Denied {
    match a {
        Action::Save => Denied::Fill,
        Action::Submit => Denied::Submit,
        Action::Import => Denied::Import,
        _ => Denied::Review,
    }
}

#[test]
fn every_state_action_and_role() {
    for (role, own_org, who) in WHO {
        let s = Standing { role, own_org };
        for (a, allowed) in Action::ALL.into_iter().zip(who.chars()) {
            for from in State::ALL {
                let want = TRANSITIONS
                    .iter()
                    .find(|(x, f, _)| *x == a && *f == from)
                    .map(|(_, _, to)| *to);
                let got = decide(s, a, from);
                let expected = match (allowed, want) {
                    ('x', _) => Err(Refusal::Denied(denial(a))),
                    (_, Some(to)) => Ok(to),
                    (_, None) => Err(Refusal::BadState { action: a, from }),
                };
                assert_eq!(got, expected, "{role:?} own={own_org} {a:?} from {from:?}");
                assert_eq!(a.next(from), want);
            }
        }
    }
}

#[test]
fn every_role_is_in_the_table_twice() {
    for r in Role::ALL {
        assert_eq!(WHO.iter().filter(|(x, _, _)| *x == r).count(), 2, "{r:?}");
    }
}

#[test]
fn codes_labels_and_reasons() {
    for s in State::ALL {
        assert_eq!(State::parse(s.as_str()), Some(s));
        assert!(s.label_en().is_ascii());
        assert_eq!(label_zh(s.as_str()), s.label_zh());
    }
    assert_eq!(label_zh("archived"), "未知");
    assert_eq!(State::parse("DRAFT"), None);
    for a in Action::ALL {
        assert_eq!(Action::parse(a.as_str()), Some(a));
        assert!(a.label_en().is_ascii() && !a.label_zh().is_empty());
    }
    let reasons: Vec<Action> = Action::ALL
        .into_iter()
        .filter(|a| a.needs_reason())
        .collect();
    assert_eq!(reasons, [Action::Return, Action::Unapprove]);
    assert_eq!(Action::parse_review("approve"), Some(Action::Approve));
    assert_eq!(Action::parse_review("submit"), None);
    assert_eq!(Action::parse_review("save"), None);
    assert_eq!(Action::Save.audit_action(), "save_values");
    assert_eq!(Action::Return.audit_action(), "return");
}

#[test]
fn state_groups() {
    let pick = |f: fn(State) -> bool| -> Vec<&str> {
        State::ALL
            .into_iter()
            .filter(|s| f(*s))
            .map(State::as_str)
            .collect()
    };
    assert_eq!(pick(State::open), ["draft", "returned"]);
    assert_eq!(
        pick(State::submitted),
        ["submitted", "approved", "accepted"]
    );
    assert_eq!(pick(State::approved), ["approved", "accepted"]);
    assert_eq!(pick(|s| s.visible(true)), ["approved", "accepted"]);
    assert_eq!(
        pick(|s| s.visible(false)),
        ["submitted", "approved", "accepted"]
    );
}

#[test]
fn refusals_name_the_state_and_the_code() {
    let reporter = standing(Role::DeptReporter, true);
    let e = decide(reporter, Action::Save, State::Submitted).unwrap_err();
    assert_eq!(e.code(), "locked");
    assert_eq!(e.message_zh(), "报表状态为 已提交,数据已锁定");
    assert!(e.message_en().contains("Submitted"));
    let e = decide(reporter, Action::Submit, State::Approved).unwrap_err();
    assert_eq!(
        (e.code(), e.message_zh().as_str()),
        ("bad_state", "报表状态为 已审核,不能提交")
    );
    let admin = standing(Role::Admin, false);
    let e = decide(admin, Action::Accept, State::Draft).unwrap_err();
    assert_eq!(e.message_zh(), "报表状态为 草稿,不能执行此操作");
    let e = decide(reporter, Action::Approve, State::Submitted).unwrap_err();
    assert_eq!(e.code(), "forbidden");
    assert_eq!(e.message_zh(), "无权审核本报表");
    assert_eq!(Denied::Fill.to_string(), "只有填报机构可以填写本报表");
}

#[test]
fn offered_actions_by_state() {
    let coord = standing(Role::Coordinator, false);
    let reviewer = standing(Role::Reviewer, false);
    let reporter = standing(Role::CountyReporter, true);
    assert_eq!(
        offered(coord, State::Submitted),
        [Action::Approve, Action::Return]
    );
    assert_eq!(offered(coord, State::Approved), [Action::Unapprove]);
    assert_eq!(offered(coord, State::Draft), []);
    assert_eq!(offered(reviewer, State::Approved), [Action::Accept]);
    assert_eq!(offered(reporter, State::Returned), [Action::Submit]);
    assert_eq!(offered(reporter, State::Submitted), []);
}

#[test]
fn hidden_values_and_who_reads_them() {
    let other = standing(Role::Coordinator, false);
    let owner = standing(Role::DeptReporter, true);
    let admin = standing(Role::Admin, false);
    for s in State::ALL {
        assert_eq!(other.hidden(s), s.open(), "{s:?}");
        assert!(!owner.hidden(s) && !admin.hidden(s));
    }
    // Submitted or later: everyone in scope reads it.
    let viewer = standing(Role::Viewer, false);
    assert!(viewer.reads(Some(State::Submitted), true));
    assert!(!viewer.reads(Some(State::Draft), true));
    assert!(!viewer.reads(None, true));
    assert!(admin.reads(Some(State::Draft), false));
    assert!(owner.reads(Some(State::Returned), false));
    // Coordinators read a returned value once its assignment was submitted.
    assert!(other.reads(Some(State::Returned), true));
    assert!(!other.reads(Some(State::Draft), false));
}

#[test]
fn unassigned_rows_are_for_managers_and_approved() {
    for r in Role::ALL {
        let want = matches!(r, Role::Admin | Role::Coordinator).then_some(State::Approved);
        assert_eq!(unassigned_import(r), want, "{r:?}");
    }
}

fn violation(items: &[&str], importance: Importance) -> Violation {
    Violation {
        rule: "r".into(),
        name: "n".into(),
        kind: RuleKind::Consistency,
        importance,
        items: items.iter().map(|s| s.to_string()).collect(),
        left: 2.0,
        right: 1.0,
        message: innocity_domain::Msg::new("rule_violated", "甲不超过乙", "A exceeds B"),
    }
}

#[test]
fn submission_needs_filled_items_and_comments_on_high_violations() {
    let row = |item, filled, commented| RowFacts {
        item,
        filled,
        commented,
    };
    let rows = [
        row("a", true, false),
        row("b", false, false),
        row("c", true, true),
    ];
    let e = submission_problems(&rows, &[]);
    assert_eq!(e.keys().collect::<Vec<_>>(), ["values.b"]);
    assert_eq!(e["values.b"].zh, "请填写数值或缺失原因");
    assert_eq!(e["values.b"].code, "required");
    // A high violation over a and b with no comment: keyed by its first item.
    let v = [violation(&["b", "a"], Importance::High)];
    let e = submission_problems(&rows, &v);
    assert_eq!(e.len(), 1);
    assert_eq!(e["values.b"].zh, "甲不超过乙 — 请修正或在备注中说明");
    assert_eq!(
        e["values.b"].en,
        "A exceeds B — correct it or explain it in a comment"
    );
    // A comment on one of its items, or a lower importance, lets it pass.
    let v = [
        violation(&["a", "c"], Importance::High),
        violation(&["a"], Importance::Medium),
    ];
    let done = [row("a", true, false), row("c", true, true)];
    assert!(submission_problems(&done, &v).is_empty());
    assert!(submission_problems(
        &[row("a", true, false)],
        &[violation(&["a"], Importance::High)]
    )
    .contains_key("values.a"));
}
