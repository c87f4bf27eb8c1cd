//! `GET /files/{hash}`: a stored signature, photo or document, with its content type.

use super::{ApiErr, Caller};
use app::backend::{files, AppState};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub async fn get(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(hash): Path<String>,
) -> Result<Response, ApiErr> {
    let (content_type, bytes) = files::read_for(&state, &user, &hash).await?;
    Ok(([(header::CONTENT_TYPE, content_type)], bytes).into_response())
}
