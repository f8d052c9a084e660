//! The permission matrix, written out by hand.

use super::*;

const LEAD: Option<Part> = Some(Part::Lead);
const JOINT: Option<Part> = Some(Part::Joint);
const COOP: Option<Part> = Some(Part::Coop);

fn standing(coord: bool, part: Option<Part>, acts: bool) -> Standing {
    Standing {
        coordinator_in_scope: coord,
        unit_part: part,
        acts_for_unit: acts,
    }
}

const OPS: [TaskOp; 8] = [
    TaskOp::Edit,
    TaskOp::ChangeUnits,
    TaskOp::Urge,
    TaskOp::Answer {
        urged: true,
        answered: false,
    },
    TaskOp::Answer {
        urged: false,
        answered: false,
    },
    TaskOp::Upload,
    TaskOp::Attach { own_report: true },
    TaskOp::Attach { own_report: false },
];

/// Every standing — (coordinator in scope, part, acts for unit) — then the loop actions in
/// [`Action::ALL`] order (S step, C contribution, c coordinators only, u carrying units only),
/// then [`OPS`] (`.` allowed, `x` denied).
const MATRIX: [(bool, Option<Part>, bool, &str, &str); 16] = [
    (false, None, false, "cuuuccc", "xxxxxx.x"),
    (false, None, true, "cuuuccc", "xxx.xx.x"),
    (false, LEAD, false, "cuuuccc", "xxxxxx.x"),
    (false, LEAD, true, "cSSSccc", "xxx.x..x"),
    (false, JOINT, false, "cuuuccc", "xxxxxx.x"),
    (false, JOINT, true, "cSSSccc", "xxx.x..x"),
    (false, COOP, false, "cuuuccc", "xxxxxx.x"),
    (false, COOP, true, "cuCuccc", "xxx.x..x"),
    (true, None, false, "SuuuSSS", "...xx..."),
    (true, None, true, "SuuuSSS", "....x..."),
    (true, LEAD, false, "SuuuSSS", "...xx..."),
    (true, LEAD, true, "SSSSSSS", "....x..."),
    (true, JOINT, false, "SuuuSSS", "...xx..."),
    (true, JOINT, true, "SSSSSSS", "....x..."),
    (true, COOP, false, "SuuuSSS", "...xx..."),
    (true, COOP, true, "SuCuSSS", "....x..."),
];

fn grant_char(r: Result<Grant, Denied>) -> char {
    match r {
        Ok(Grant::Step) => 'S',
        Ok(Grant::Contribution) => 'C',
        Err(Denied::Coordinate) => 'c',
        Err(Denied::Carry) => 'u',
        Err(d) => panic!("unexpected denial {d:?}"),
    }
}

#[test]
fn the_matrix_of_actions_and_task_operations() {
    for (coord, part, acts, actions, ops) in MATRIX {
        let s = standing(coord, part, acts);
        let got: String = Action::ALL
            .into_iter()
            .map(|a| grant_char(may(s, a)))
            .collect();
        assert_eq!(got, actions, "{s:?}");
        let got: String = OPS
            .into_iter()
            .map(|op| if may_on_task(s, op).is_ok() { '.' } else { 'x' })
            .collect();
        assert_eq!(got, ops, "{s:?}");
    }
}

#[test]
fn every_standing_is_in_the_matrix_once() {
    let mut seen = std::collections::HashSet::new();
    for (coord, part, acts, _, _) in MATRIX {
        assert!(seen.insert((coord, part.map(Part::as_str), acts)));
    }
    assert_eq!(seen.len(), 2 * 4 * 2);
}

#[test]
fn steps_follow_the_loop_for_every_status_and_action() {
    // A coordinator who also acts for the lead unit may take every action.
    let all = standing(true, LEAD, true);
    let allowed = [
        (Action::Assign, Status::Draft, Status::Assigned),
        (Action::Sign, Status::Assigned, Status::Signed),
        (Action::Report, Status::Signed, Status::Signed),
        (Action::RequestClose, Status::Signed, Status::Closing),
        (Action::Approve, Status::Closing, Status::Closed),
        (Action::SendBack, Status::Closing, Status::Signed),
        (Action::Reopen, Status::Closed, Status::Signed),
    ];
    for a in Action::ALL {
        for from in Status::ALL {
            let want = allowed
                .iter()
                .find(|(x, f, _)| *x == a && *f == from)
                .map(|(_, _, to)| *to);
            match step(all, a, from) {
                Ok(st) => {
                    assert_eq!(Some(st.next), want, "{a:?} from {from:?}");
                    assert!(!st.contribution);
                    assert_eq!(st.event_kind(), a.as_str());
                }
                Err(e) => {
                    assert_eq!(want, None, "{a:?} from {from:?}");
                    assert_eq!(e, Refusal::BadState { from });
                }
            }
        }
    }
}

#[test]
fn a_cooperating_unit_contributes_only_while_signed() {
    let coop = standing(false, COOP, true);
    for from in Status::ALL {
        let r = step(coop, Action::Report, from);
        if from == Status::Signed {
            let st = r.unwrap();
            assert_eq!((st.next, st.contribution), (Status::Signed, true));
            assert_eq!(st.event_kind(), "contribution");
        } else {
            assert_eq!(r, Err(Refusal::BadState { from }));
        }
        // Its other steps are denied whatever the status.
        assert_eq!(
            step(coop, Action::Sign, from),
            Err(Refusal::Denied(Denied::Carry))
        );
        assert_eq!(
            step(coop, Action::Approve, from),
            Err(Refusal::Denied(Denied::Coordinate))
        );
    }
}

#[test]
fn permission_is_checked_before_the_status() {
    let viewer = Standing::of(Role::Viewer, true, LEAD);
    for a in Action::ALL {
        for from in Status::ALL {
            assert!(matches!(step(viewer, a, from), Err(Refusal::Denied(_))));
        }
    }
    let lead = standing(false, LEAD, true);
    assert_eq!(
        on_task(lead, TaskOp::Edit, Status::Closed),
        Err(Refusal::Denied(Denied::EditTask))
    );
    let stranger = TaskOp::Answer {
        urged: false,
        answered: true,
    };
    assert_eq!(
        on_task(lead, stranger, Status::Signed),
        Err(Refusal::Denied(Denied::Answer))
    );
}

#[test]
fn offered_steps_leave_out_contributions() {
    let lead = standing(false, LEAD, true);
    let coop = standing(false, COOP, true);
    let coord = standing(true, None, false);
    assert_eq!(
        offered(lead, Status::Signed),
        [Action::Report, Action::RequestClose]
    );
    assert_eq!(offered(lead, Status::Assigned), [Action::Sign]);
    assert_eq!(offered(lead, Status::Closing), []);
    assert_eq!(offered(coop, Status::Signed), []);
    assert_eq!(
        offered(coord, Status::Closing),
        [Action::Approve, Action::SendBack]
    );
    assert_eq!(offered(coord, Status::Draft), [Action::Assign]);
    assert_eq!(offered(coord, Status::Closed), [Action::Reopen]);
    assert_eq!(offered(coord, Status::Signed), []);
}

#[test]
fn task_operations_check_the_status() {
    let coord = standing(true, None, true);
    for from in Status::ALL {
        let closed = from == Status::Closed;
        assert_eq!(
            on_task(coord, TaskOp::Edit, from).is_err(),
            closed,
            "{from:?}"
        );
        assert_eq!(on_task(coord, TaskOp::ChangeUnits, from).is_err(), closed);
        assert_eq!(
            on_task(coord, TaskOp::Urge, from).is_err(),
            matches!(from, Status::Draft | Status::Closed)
        );
        assert_eq!(on_task(coord, TaskOp::Upload, from), Ok(()));
    }
    assert_eq!(
        on_task(coord, TaskOp::Urge, Status::Draft),
        Err(Refusal::NotUrgeable)
    );
    let answered = TaskOp::Answer {
        urged: true,
        answered: true,
    };
    assert_eq!(
        on_task(coord, answered, Status::Signed),
        Err(Refusal::Answered)
    );
    let e = on_task(coord, TaskOp::ChangeUnits, Status::Closed).unwrap_err();
    assert_eq!(e.code(), "bad_state");
    assert!(e.message_zh().contains("调整责任单位"));
    let e = on_task(coord, TaskOp::Edit, Status::Closed).unwrap_err();
    assert!(e.message_zh().contains("不能修改"));
    assert_eq!(Refusal::Answered.code(), "answered");
    assert_eq!(Refusal::Denied(Denied::Urge).code(), "forbidden");
}

#[test]
fn management_is_for_admins_and_coordinators() {
    for r in Role::ALL {
        for m in [Manage::CreateTask, Manage::AssignPlan, Manage::SetRules] {
            assert_eq!(
                may_manage(r, m).is_ok(),
                matches!(r, Role::Admin | Role::Coordinator),
                "{r:?} {m:?}"
            );
        }
    }
    assert_eq!(
        may_manage(Role::Viewer, Manage::SetRules),
        Err(Denied::SetRules)
    );
    assert_eq!(
        may_manage(Role::Expert, Manage::AssignPlan),
        Err(Denied::AssignPlan)
    );
}

#[test]
fn standing_from_role_and_scope() {
    let acting: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|r| Standing::of(*r, false, None).acts_for_unit)
        .collect();
    assert_eq!(
        acting,
        [
            Role::Admin,
            Role::Coordinator,
            Role::DeptReporter,
            Role::CountyReporter
        ]
    );
    assert!(Standing::of(Role::Coordinator, true, None).coordinator_in_scope);
    assert!(!Standing::of(Role::Coordinator, false, None).coordinator_in_scope);
    assert!(!Standing::of(Role::Reviewer, true, None).coordinator_in_scope);
    let scope: Vec<Role> = Role::ALL.into_iter().filter(|r| sees_scope(*r)).collect();
    assert_eq!(
        scope,
        [Role::Admin, Role::Coordinator, Role::Reviewer, Role::Viewer]
    );
}

#[test]
fn the_best_part_prefers_carrying_units() {
    assert_eq!(best_part([COOP, LEAD]), LEAD);
    assert_eq!(best_part([None, COOP, JOINT]), JOINT);
    assert_eq!(best_part([JOINT, LEAD]), JOINT);
    assert_eq!(best_part([COOP, None]), COOP);
    assert_eq!(best_part([None]), None);
    assert_eq!(best_part([]), None);
}

#[test]
fn every_denial_and_refusal_has_both_messages() {
    let all = [
        Denied::Coordinate,
        Denied::Carry,
        Denied::EditTask,
        Denied::ChangeUnits,
        Denied::Urge,
        Denied::Answer,
        Denied::Upload,
        Denied::AttachToOthers,
        Denied::CreateTask,
        Denied::AssignPlan,
        Denied::SetRules,
    ];
    let zh: std::collections::HashSet<_> = all.iter().map(|d| d.message_zh()).collect();
    assert_eq!(zh.len(), all.len(), "messages are distinct");
    for d in all {
        assert!(d.message_en().is_ascii(), "{d:?}");
        assert_eq!(d.to_string(), d.message_zh());
    }
    let r = Refusal::BadState {
        from: Status::Closing,
    };
    assert!(r.message_zh().contains("待审核"));
    assert!(r.message_en().contains("Under review"));
}
