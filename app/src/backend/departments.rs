//! The departments' members: read by everyone at the service desk, assignments changed by the
//! admin (audited, whole department at a time).

use super::audit::{self, Change};
use super::store::{liaison as store, users};
use super::{AppState, SessionUser};
use crate::domain::department::{AssignmentInput, DepartmentMembers, Member};
use crate::domain::liaison::belongs;
use crate::domain::service::Department;
use crate::domain::Action;
use crate::error::AppError;

/// At most this many accounts are listed (a company of this size has far fewer).
const USERS: i64 = 1000;

/// `GET /api/v1/departments`: every department with its members (active users).
pub async fn list(state: &AppState, user: &SessionUser) -> Result<Vec<DepartmentMembers>, AppError> {
    user.require(Action::ReadLiaison)?;
    let mut conn = state.db.read.acquire().await?;
    let people: Vec<_> = users::list(&mut conn, None, USERS).await?.into_iter().filter(|u| u.active).collect();
    let assignments = store::all_assignments(&mut conn).await?;
    Ok(Department::ALL
        .into_iter()
        .map(|d| DepartmentMembers {
            department: d,
            members: people
                .iter()
                .filter_map(|u| {
                    let assigned = assignments.iter().any(|(name, dept)| *name == u.username && dept == d.key());
                    let by_role = belongs(&u.roles, &[], d);
                    (assigned || by_role).then(|| Member {
                        username: u.username.clone(),
                        display_name: u.display_name.clone(),
                        by_role,
                        assigned,
                    })
                })
                .collect(),
        })
        .collect())
}

/// `PUT /api/v1/departments/{department}` `{members:[username]}`: the admin replaces the
/// people assigned to a department (members by role stay members). Unknown or inactive
/// users are refused on the field; nothing is half-saved.
pub async fn assign(
    state: &AppState,
    user: &SessionUser,
    department: Department,
    input: &AssignmentInput,
) -> Result<Vec<DepartmentMembers>, AppError> {
    user.require(Action::ManageUsers)?;
    let mut names: Vec<String> = input.members.iter().map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect();
    names.sort();
    names.dedup();
    let mut tx = state.db.begin().await?;
    for name in &names {
        if users::credentials(&mut tx, name).await?.is_none_or(|c| !c.active) {
            return Err(AppError::validation("members", "validation.user_unknown"));
        }
    }
    let before = store::members_of(&mut tx, department.key()).await?;
    store::set_members(&mut tx, department.key(), &names).await?;
    let change = Change {
        actor: user.username(),
        action: "assign",
        entity: "department",
        entity_id: None,
        before: audit::snapshot(&serde_json::json!({"department": department.key(), "members": before})),
        after: audit::snapshot(&serde_json::json!({"department": department.key(), "members": names})),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("settings", 1);
    list(state, user).await
}
