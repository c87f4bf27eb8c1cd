//! Customer training (§4.2.1): service records each session — when, for which customer, the
//! topic, the trainer, who attended, and the document revisions handed out. A customer's page
//! lists its trainings; every record is audited.

use super::audit::{self, Change};
use super::db::{now_ms, today};
use super::store::documents::{self as documents_store, CarriedRow};
use super::store::trainings::{self as store, NewTraining, TrainingRow};
use super::store::{customers, products, Conn};
use super::{page_limit, AppState, SessionUser};
use crate::domain::document::{Kind, NoteDocument};
use crate::domain::training::{Training, TrainingInput};
use crate::domain::{Action, Page};
use crate::error::AppError;

fn material(c: &CarriedRow) -> Option<NoteDocument> {
    Some(NoteDocument {
        document_id: c.document_id,
        kind: Kind::parse(&c.kind)?,
        title: c.title.clone(),
        revision: c.revision.clone(),
        revision_id: c.revision_id,
        url: super::documents::file_url(c.document_id, &c.revision),
        unsent_sds: false,
    })
}

/// Rows → trainings with their materials: one query for the pairs, one for the revisions.
async fn records(conn: &mut Conn, rows: Vec<TrainingRow>) -> Result<Vec<Training>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let pairs = store::materials(conn, &ids).await?;
    let mut revision_ids: Vec<i64> = pairs.iter().map(|(_, r)| *r).collect();
    revision_ids.sort_unstable();
    revision_ids.dedup();
    let mut revisions = documents_store::carried_revisions(conn, &revision_ids).await?;
    revisions.sort_by(|a, b| (&a.kind, a.document_id).cmp(&(&b.kind, b.document_id)));
    Ok(rows
        .into_iter()
        .map(|r| {
            let materials =
                revisions.iter().filter(|c| pairs.contains(&(r.id, c.revision_id))).filter_map(material).collect();
            Training {
                id: r.id,
                customer_id: r.customer_id,
                customer_name: r.customer_name,
                held_on: r.held_on,
                topic: r.topic,
                trainer: r.trainer,
                attendees: r.attendees.lines().map(str::to_string).collect(),
                product_id: r.product_id,
                product_name: r.product_name,
                materials,
                created_by: r.created_by,
            }
        })
        .collect())
}

/// `GET /api/v1/trainings?customer_id=&cursor=&limit=`: newest held first.
pub async fn list(
    state: &AppState,
    user: &SessionUser,
    customer_id: Option<i64>,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<Training>, AppError> {
    user.require(Action::ReadAfterSales)?;
    let limit = page_limit(limit)?;
    let cursor = match cursor.filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => {
            let bad = || AppError::validation("cursor", "validation.cursor");
            let (day, id) = c.split_once('_').ok_or_else(bad)?;
            crate::domain::fields::date("cursor", day).map_err(|_| bad())?;
            Some((day.to_string(), id.parse::<i64>().map_err(|_| bad())?))
        }
    };
    let mut conn = state.db.read.acquire().await?;
    let rows = store::list(&mut conn, customer_id, cursor, limit + 1).await?;
    let page = Page::from_rows(rows, limit, |r| format!("{}_{}", r.held_on, r.id));
    Ok(Page { items: records(&mut conn, page.items).await?, next_cursor: page.next_cursor })
}

/// `POST /api/v1/trainings`: the customer, the product and every material must exist (422).
pub async fn create(state: &AppState, user: &SessionUser, input: &TrainingInput) -> Result<Training, AppError> {
    user.require(Action::WriteTrainings)?;
    let (held_on, topic, trainer, attendees) = input.validate(today())?;
    let mut materials = input.materials.clone();
    materials.sort_unstable();
    materials.dedup();
    let mut tx = state.db.begin().await?;
    customers::get(&mut tx, input.customer_id)
        .await?
        .ok_or_else(|| AppError::validation("customer_id", "validation.id"))?;
    if let Some(p) = input.product_id {
        products::get(&mut tx, p).await?.ok_or_else(|| AppError::validation("product_id", "validation.id"))?;
    }
    let handed = documents_store::carried_revisions(&mut tx, &materials).await?;
    if handed.len() != materials.len() {
        return Err(AppError::validation("materials", "document.rule.unknown_material"));
    }
    let held = held_on.format("%Y-%m-%d").to_string();
    let n = NewTraining {
        customer_id: input.customer_id,
        held_on: &held,
        topic: &topic,
        trainer: &trainer,
        attendees: &attendees.join("\n"),
        product_id: input.product_id,
        created_by: user.username(),
        now: now_ms(),
    };
    let id = store::insert(&mut tx, &n, &materials).await?;
    let handed: Vec<(i64, i64)> = handed.iter().map(|c| (c.document_id, c.revision_id)).collect();
    super::store::customer_documents::hold(&mut tx, input.customer_id, &handed, n.now).await?;
    let row = store::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let after = records(&mut tx, vec![row]).await?.pop().ok_or(AppError::Internal)?;
    let change = Change {
        actor: user.username(),
        action: "create_training",
        entity: "training",
        entity_id: Some(id),
        before: None,
        after: audit::snapshot(&after),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("training", id);
    Ok(after)
}
