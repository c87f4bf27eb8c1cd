//! Delivery note server functions: the list, a note, the issue form's choices, and each step
//! from approval to loading.

use crate::domain::batch::BatchSummary;
use crate::domain::delivery::{AssignInput, DeliveryNote, LoadInput, NoteFilter, NoteInput, NoteSummary};
use crate::domain::order::Order;
use crate::domain::Page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use serde::{Deserialize, Serialize};

#[server(input = Postcard, output = Postcard)]
pub async fn list_notes(filter: NoteFilter, cursor: Option<String>) -> Result<Page<NoteSummary>, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::delivery_notes::list(&state, &user, &filter, cursor.as_deref(), Some(25)).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn get_note(id: i64) -> Result<DeliveryNote, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::delivery_notes::get(&state, &user, id).await }).await
}

/// What the issue form needs: the order and, per product, the batches a note might take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteChoices {
    pub order: Order,
    pub batches: Vec<BatchSummary>,
}

#[server(input = Postcard, output = Postcard)]
pub async fn note_form_choices(order_id: i64) -> Result<NoteChoices, AppError> {
    super::ctx::run(|state, user| async move {
        user.require(crate::domain::Action::WriteDeliveryNotes)?;
        let order = crate::backend::orders::get(&state, &user, order_id).await?;
        let mut conn = state.db.read.acquire().await?;
        let mut batches = Vec::new();
        let mut products: Vec<i64> = order.lines.iter().map(|l| l.product_id).collect();
        products.dedup();
        for p in products {
            batches.extend(crate::backend::store::batches::candidates(&mut conn, p).await?);
        }
        Ok(NoteChoices { order, batches })
    })
    .await
}

/// Issues (`id` = None) or edits a draft note.
#[server(input = Postcard, output = Postcard)]
pub async fn save_note(id: Option<i64>, input: NoteInput) -> Result<DeliveryNote, AppError> {
    super::ctx::run(|state, user| async move {
        match id {
            None => crate::backend::delivery_notes::create(&state, &user, &input).await,
            Some(id) => crate::backend::delivery_notes::update(&state, &user, id, &input).await,
        }
    })
    .await
}

/// Answers only whether it was done (see `orders::order_step`).
#[server(input = Postcard, output = Postcard)]
pub async fn approve_note(id: i64, version: Option<i64>) -> Result<(), AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::delivery_notes::approve(&state, &user, id, version).await.map(drop)
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn cancel_note(id: i64, reason: String) -> Result<DeliveryNote, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::delivery_notes::cancel(&state, &user, id, &reason, None).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn assign_note(id: i64, input: AssignInput) -> Result<DeliveryNote, AppError> {
    super::ctx::run(
        |state, user| async move { crate::backend::delivery_notes::assign(&state, &user, id, &input).await },
    )
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn load_note(id: i64, input: LoadInput) -> Result<DeliveryNote, AppError> {
    super::ctx::run(
        |state, user| async move { crate::backend::delivery_notes::load_goods(&state, &user, id, &input).await },
    )
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn list_drivers() -> Result<Vec<(String, String)>, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::delivery_notes::drivers(&state, &user).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn delivery_board() -> Result<crate::domain::delivery::DeliveryBoard, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::deliveries::dashboard(&state, &user, Some(14)).await })
        .await
}

/// A note's page: the note, the batches an emergency release could name (for sales, on a
/// draft) and the drivers (for logistics) — one request, so the page hydrates from one resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteWithChoices {
    pub note: DeliveryNote,
    pub candidates: Vec<BatchSummary>,
    pub drivers: Vec<(String, String)>,
    /// The note's emergency releases (requested, approved or rejected).
    pub releases: Vec<crate::domain::batch::EmergencyRelease>,
}

#[server(input = Postcard, output = Postcard)]
pub async fn note_screen(id: i64) -> Result<NoteWithChoices, AppError> {
    super::ctx::run(|state, user| async move {
        use crate::domain::{can, delivery::NoteStatus, Action};
        let note = crate::backend::delivery_notes::get(&state, &user, id).await?;
        let mut candidates = Vec::new();
        if note.status == NoteStatus::Draft && can(&user.me.roles, Action::WriteDeliveryNotes) {
            let mut conn = state.db.read.acquire().await?;
            let mut products: Vec<i64> =
                note.lines.iter().filter(|l| l.batch_id.is_none()).map(|l| l.product_id).collect();
            products.sort_unstable();
            products.dedup();
            for p in products {
                candidates.extend(
                    crate::backend::store::batches::candidates(&mut conn, p)
                        .await?
                        .into_iter()
                        .filter(|b| b.status.inspection_open()),
                );
            }
        }
        let drivers = if can(&user.me.roles, Action::AssignTransport) {
            crate::backend::delivery_notes::drivers(&state, &user).await?
        } else {
            Vec::new()
        };
        let mut conn = state.db.read.acquire().await?;
        let releases = crate::backend::store::batches::releases_of_note(&mut conn, id).await?;
        Ok(NoteWithChoices { note, candidates, drivers, releases })
    })
    .await
}
