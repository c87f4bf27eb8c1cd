//! `/api/v1/departments`: each department with its members (by role and assigned), and the
//! admin's assignment of people to a department.

use super::{json, ApiErr, ApiJson, ApiResult, Caller};
use app::backend::{departments, AppState};
use app::domain::department::AssignmentInput;
use app::domain::service::Department;
use app::error::AppError;
use axum::extract::{Path, State};
use axum::http::StatusCode;

pub async fn list(State(state): State<AppState>, Caller(user): Caller) -> ApiResult {
    Ok(json(StatusCode::OK, &departments::list(&state, &user).await?))
}

/// `PUT /api/v1/departments/{department}` `{members:[username]}`.
pub async fn assign(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(department): Path<String>,
    body: ApiJson<AssignmentInput>,
) -> ApiResult {
    let department = Department::parse(&department).ok_or(ApiErr(AppError::NotFound))?;
    Ok(json(StatusCode::OK, &departments::assign(&state, &user, department, &body.value).await?))
}
