//! Shared parts of the supervision repository: who sees and acts on a task, input checks,
//! loading a task with its units and milestones, its facts for the rules, its summary, notices
//! and warning-colour records.

use super::*;
use crate::Msg;

pub(super) fn parse_day(
    errs: &mut BTreeMap<String, Msg>,
    field: &str,
    s: &str,
) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        Ok(d) if (2000..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
        _ => {
            errs.insert(field.into(), crate::common::invalid_date());
            None
        }
    }
}

/// The caller's standing toward a task (the pure crate decides from it).
pub(super) fn standing(actor: &Actor, t: &sv_task::Model, units: &[sv_unit::Model]) -> Standing {
    Standing::of(
        actor.role,
        actor.scope.allows(&t.region_code),
        part_of(actor, units),
    )
}

/// A refusal as the storage error: `Forbidden` for a denial, else a conflict with its code.
pub(super) fn refused(r: Refusal) -> Error {
    match r {
        Refusal::Denied(d) => denied(d),
        r => Error::Conflict(r.msg()),
    }
}

pub(super) fn denied(d: Denied) -> Error {
    Error::Forbidden(d.msg())
}

/// Whether the caller sees a task: in scope, and (for unit users) their organisation has or
/// had a part in it (a unit taken off a task keeps read access to its own history).
pub(super) fn visible(
    actor: &Actor,
    t: &sv_task::Model,
    units: &[sv_unit::Model],
    former: &[sv_unit::Model],
) -> bool {
    actor.scope.allows(&t.region_code)
        && (sv::sees_scope(actor.role)
            || units.iter().chain(former).any(|u| u.org_id == actor.org_id))
}

pub(super) fn unit_view(u: &sv_unit::Model, orgs: &HashMap<i64, String>) -> UnitView {
    UnitView {
        org_id: u.org_id,
        org_name: orgs.get(&u.org_id).cloned().unwrap_or_default(),
        part: u.part.clone(),
        person: u.person.clone(),
        email: u.email.clone(),
        phone: u.phone.clone(),
        added_on: u.added_on,
        removed_on: u.removed_on,
    }
}

/// The caller's organisation's best part in the task.
pub(super) fn part_of(actor: &Actor, units: &[sv_unit::Model]) -> Option<Part> {
    sv::best_part(
        units
            .iter()
            .filter(|u| u.org_id == actor.org_id)
            .map(|u| Part::parse(&u.part)),
    )
}

pub(super) fn check_text(
    errs: &mut BTreeMap<String, Msg>,
    field: &str,
    v: &str,
    max: usize,
) -> String {
    crate::check_text(errs, field, v, max)
}

pub(super) fn opt_text(
    errs: &mut BTreeMap<String, Msg>,
    field: &str,
    v: &Option<String>,
    max: usize,
) {
    if v.as_deref().is_some_and(|s| s.chars().count() > max) {
        errs.insert(field.into(), crate::common::too_long(max));
    }
}

/// Checks a unit's responsible person, phone and e-mail (field names made by `f`).
pub(super) fn check_contacts(
    errs: &mut BTreeMap<String, Msg>,
    f: impl Fn(&str) -> String,
    person: &Option<String>,
    phone: &Option<String>,
    email: &Option<String>,
) {
    opt_text(errs, &f("person"), person, 40);
    opt_text(errs, &f("phone"), phone, 40);
    if let Some(e) = email.as_deref().filter(|e| !e.is_empty()) {
        let ok = e.len() <= 120
            && !e.contains(char::is_whitespace)
            && e.split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'));
        if !ok {
            let m = msg!(
                "invalid_email",
                "电子邮箱格式无效",
                "Not a valid e-mail address"
            );
            errs.insert(f("email"), m);
        }
    }
}

pub(super) fn status_of(t: &sv_task::Model) -> Status {
    Status::parse(&t.status).unwrap_or(Status::Draft)
}

/// Everything loaded about a set of tasks.
pub(super) struct Loaded {
    /// Units responsible now.
    pub(super) units: HashMap<i64, Vec<sv_unit::Model>>,
    /// Units taken off the task.
    pub(super) former: HashMap<i64, Vec<sv_unit::Model>>,
    pub(super) milestones: HashMap<i64, Vec<sv_milestone::Model>>,
    pub(super) reports: HashMap<i64, Vec<sv_event::Model>>,
    pub(super) open_urges: HashMap<i64, usize>,
    pub(super) orgs: HashMap<i64, String>,
    pub(super) regions: HashMap<String, String>,
}

pub(super) async fn load<C: ConnectionTrait>(c: &C, ids: &[i64]) -> Result<Loaded> {
    let units = sv_unit::Entity::find()
        .filter(sv_unit::Column::TaskId.is_in(ids.iter().copied()))
        .order_by_asc(sv_unit::Column::Id)
        .all(c)
        .await?;
    let orgs: HashMap<i64, String> = org::Entity::find()
        .filter(org::Column::Id.is_in(units.iter().map(|u| u.org_id)))
        .all(c)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut l = Loaded {
        units: HashMap::new(),
        former: HashMap::new(),
        milestones: HashMap::new(),
        reports: HashMap::new(),
        open_urges: HashMap::new(),
        orgs,
        regions: region::Entity::find()
            .all(c)
            .await?
            .into_iter()
            .map(|r| (r.code, r.name))
            .collect(),
    };
    for u in units {
        let map = if u.removed_on.is_some() {
            &mut l.former
        } else {
            &mut l.units
        };
        map.entry(u.task_id).or_default().push(u);
    }
    for m in sv_milestone::Entity::find()
        .filter(sv_milestone::Column::TaskId.is_in(ids.iter().copied()))
        .order_by_asc(sv_milestone::Column::Seq)
        .all(c)
        .await?
    {
        l.milestones.entry(m.task_id).or_default().push(m);
    }
    for e in sv_event::Entity::find()
        .filter(sv_event::Column::TaskId.is_in(ids.iter().copied()))
        .filter(sv_event::Column::Kind.eq("report"))
        .order_by_asc(sv_event::Column::Id)
        .all(c)
        .await?
    {
        l.reports.entry(e.task_id).or_default().push(e);
    }
    for u in sv_urge::Entity::find()
        .filter(sv_urge::Column::TaskId.is_in(ids.iter().copied()))
        .filter(sv_urge::Column::AnsweredOn.is_null())
        .all(c)
        .await?
    {
        *l.open_urges.entry(u.task_id).or_default() += 1;
    }
    Ok(l)
}

pub(super) fn facts(t: &sv_task::Model, l: &Loaded) -> TaskFacts {
    TaskFacts {
        status: status_of(t),
        assigned_on: t.assigned_on,
        signed_on: t.signed_on,
        due: t.due,
        milestones: l
            .milestones
            .get(&t.id)
            .map(|v| {
                v.iter()
                    .map(|m| MilestoneFacts {
                        id: m.id,
                        due: m.due,
                        done_on: m.done_on,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        reports: l
            .reports
            .get(&t.id)
            .map(|v| v.iter().map(|e| e.day).collect())
            .unwrap_or_default(),
        progress: t.progress,
        close_requested_on: t.close_requested_on,
        closed_on: t.closed_on,
    }
}

pub(super) fn summary(
    actor: &Actor,
    t: &sv_task::Model,
    l: &Loaded,
    rules: &Rules,
    today: NaiveDate,
) -> TaskSummary {
    let f = facts(t, l);
    let a: Assessment = sv::assess(rules, &f, today);
    let units = l.units.get(&t.id).cloned().unwrap_or_default();
    let next = if matches!(f.status, Status::Draft | Status::Closed) {
        None
    } else {
        sv::deadlines(rules, &f, today)
            .into_iter()
            .filter(|d| d.met_on.is_none())
            .min_by_key(|d| d.due)
            .map(|d| NextDeadline {
                kind: d.kind,
                label: d.kind.label(),
                due: d.due,
            })
    };
    TaskSummary {
        id: t.id,
        number: t.number.clone(),
        title: t.title.clone(),
        plan_id: t.plan_id,
        parent_id: t.parent_id,
        participant_id: t.participant_id,
        region_code: t.region_code.clone(),
        region_name: l.regions.get(&t.region_code).cloned().unwrap_or_default(),
        status: t.status.clone(),
        status_label: f.status.label(),
        due: t.due,
        assigned_on: t.assigned_on,
        signed_on: t.signed_on,
        closed_on: t.closed_on,
        progress: t.progress,
        colour: a.colour,
        colour_label: a.colour.label(),
        reasons: a.reasons,
        expected_progress: a.expected_progress,
        joint: t.joint,
        my_part: part_of(actor, &units).map(|p| p.as_str().to_string()),
        units: units.iter().map(|u| unit_view(u, &l.orgs)).collect(),
        former_units: l
            .former
            .get(&t.id)
            .into_iter()
            .flatten()
            .map(|u| unit_view(u, &l.orgs))
            .collect(),
        next_deadline: next,
        latest_report: l
            .reports
            .get(&t.id)
            .and_then(|v| v.last())
            .map(|e| e.text.clone()),
        open_urges: l.open_urges.get(&t.id).copied().unwrap_or(0),
    }
}

/// The title of an assignment notice (交办).
pub(super) fn assigned_title(task: &str) -> Msg {
    msg!("assign", "交办:{task}", "Assigned: {task}")
}

/// The body of an assignment notice: sign by `sign_by`, finish by `due`.
pub(super) fn assigned_body(sign_by: NaiveDate, due: Option<NaiveDate>) -> Msg {
    let mut m = msg!(
        "assign",
        "请于 {sign_by} 前签收。",
        "Please sign by {sign_by}."
    );
    if let Some(d) = due {
        m.zh.push_str(&format!("办结时限 {d}。"));
        m.en.push_str(&format!(" Final deadline {d}."));
    }
    m
}

pub(super) async fn notify<C: ConnectionTrait>(
    c: &C,
    org_id: i64,
    task_id: Option<i64>,
    kind: &str,
    title: Msg,
    body: Msg,
    email: Option<String>,
) -> Result<sv_notification::Model> {
    Ok(sv_notification::ActiveModel {
        org_id: Set(org_id),
        task_id: Set(task_id),
        kind: Set(kind.into()),
        title: Set(title.zh),
        body: Set(body.zh),
        title_en: Set(Some(title.en)),
        body_en: Set(Some(body.en)),
        email: Set(email.filter(|e| !e.is_empty())),
        created_at: Set(crate::now()),
        ..Default::default()
    }
    .insert(c)
    .await?)
}

/// Stores the task's colour when it changed, with a history row.
pub(super) async fn record_colour<C: ConnectionTrait>(
    c: &C,
    t: sv_task::Model,
    f: &TaskFacts,
    rules: &Rules,
    today: NaiveDate,
    force_history: bool,
) -> Result<(sv_task::Model, bool)> {
    let a = sv::assess(rules, f, today);
    let changed = a.colour.as_str() != t.colour;
    if changed || force_history {
        sv_colour::ActiveModel {
            task_id: Set(t.id),
            day: Set(today),
            colour: Set(a.colour.as_str().into()),
            reasons: Set(serde_json::to_string(&a.reasons).unwrap_or_default()),
            ..Default::default()
        }
        .insert(c)
        .await?;
    }
    if changed {
        let mut am = t.into_active_model();
        am.colour = Set(a.colour.as_str().into());
        return Ok((am.update(c).await?, true));
    }
    Ok((t, false))
}

/// Adds milestones (title, due day) to a task, numbered on from `after_seq`.
pub(super) async fn add_milestones<C: ConnectionTrait>(
    c: &C,
    task_id: i64,
    after_seq: i32,
    ms: Vec<(String, NaiveDate)>,
) -> Result<()> {
    for (i, (title, due)) in ms.into_iter().enumerate() {
        sv_milestone::ActiveModel {
            task_id: Set(task_id),
            seq: Set(after_seq + i as i32 + 1),
            title: Set(title),
            due: Set(due),
            done_on: Set(None),
            ..Default::default()
        }
        .insert(c)
        .await?;
    }
    Ok(())
}

/// A responsible unit of a task: its part and contacts, and the day it was added (None:
/// from the start).
pub(super) struct NewUnit {
    pub org_id: i64,
    pub part: String,
    pub person: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub added_on: Option<NaiveDate>,
}

impl NewUnit {
    /// A unit with its part and no contacts, there from the start.
    pub fn new(org_id: i64, part: &str) -> NewUnit {
        let (person, email, phone, added_on) = (None, None, None, None);
        let part = part.to_string();
        NewUnit {
            org_id,
            part,
            person,
            email,
            phone,
            added_on,
        }
    }
}

pub(super) async fn add_unit<C: ConnectionTrait>(c: &C, task_id: i64, u: NewUnit) -> Result<()> {
    sv_unit::ActiveModel {
        task_id: Set(task_id),
        org_id: Set(u.org_id),
        part: Set(u.part),
        person: Set(u.person),
        email: Set(u.email),
        phone: Set(u.phone),
        added_on: Set(u.added_on),
        removed_on: Set(None),
        ..Default::default()
    }
    .insert(c)
    .await?;
    Ok(())
}

/// One entry of a task's process record (过程记录), by the actor.
pub(super) struct NewEvent<'a> {
    pub task_id: i64,
    pub kind: &'a str,
    pub at: chrono::DateTime<chrono::Utc>,
    pub day: NaiveDate,
    pub progress: Option<f64>,
    pub text: String,
}

pub(super) async fn record_event<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    e: NewEvent<'_>,
) -> Result<sv_event::Model> {
    Ok(sv_event::ActiveModel {
        task_id: Set(e.task_id),
        kind: Set(e.kind.into()),
        at: Set(e.at),
        day: Set(e.day),
        user_id: Set(actor.user_id),
        username: Set(actor.username.clone()),
        org_id: Set(Some(actor.org_id)),
        progress: Set(e.progress),
        text: Set(e.text),
        ..Default::default()
    }
    .insert(c)
    .await?)
}

/// What every new task starts with: green, owned by the actor's organisation, created now.
pub(super) fn new_task(actor: &Actor, now: chrono::DateTime<chrono::Utc>) -> sv_task::ActiveModel {
    sv_task::ActiveModel {
        colour: Set(Colour::Green.as_str().into()),
        owner_org_id: Set(actor.org_id),
        created_by: Set(actor.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}
