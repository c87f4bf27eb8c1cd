//! The delivery note on A4, in three copies.

use super::PrintCaller;
use crate::pages::{company, image_src, print_page, qr};
use crate::rest::{id, ApiErr};
use app::backend::AppState;
use app::domain::delivery::DeliveryNote;
use app::i18n::{t, Locale};
use axum::extract::{Path, State};
use axum::response::Response;
use maud::{html, Markup};

/// `GET /api/v1/delivery-notes/{id}/print`: the note in three copies on A4 — stub (存根),
/// customer (客户) and receipt (回执) — with a QR code that opens the note's receipt page,
/// the emergency-release mark where it applies and, after receipt, the signatures.
pub async fn delivery_note(
    State(state): State<AppState>,
    caller: PrintCaller,
    Path(raw): Path<String>,
) -> Result<Response, ApiErr> {
    let PrintCaller { ref user, locale, .. } = caller;
    let n = app::backend::delivery_notes::get(&state, user, id(&raw)?).await?;
    let origin = caller.origin(&state);
    let receipt_url = format!("{origin}/driver/notes/{}", n.id);
    let body = html! {
        @for copy in ["print.copy_stub", "print.copy_customer", "print.copy_receipt"] {
            (note_copy(locale, &n, &receipt_url, &t(locale, copy)))
        }
    };
    Ok(print_page(locale, &format!("{} {}", t(locale, "note.title"), n.number), body))
}

fn signature(src: Option<&str>) -> Markup {
    html! {
        @if let Some(src) = src.and_then(image_src) { " " img alt="" src=(src); }
    }
}

fn note_copy(locale: Locale, n: &DeliveryNote, receipt_url: &str, name: &str) -> Markup {
    let dash = |v: Option<&str>| v.unwrap_or("—").to_string();
    let receipt = n.receipt.as_ref();
    html! {
        section.copy.sheet {
            div.copy-head {
                div {
                    p.company { (company(locale)) }
                    h1 { (t(locale, "note.title")) }
                    p { (t(locale, "print.no")) " " strong { (n.number) } " · " (t(locale, "order.number")) " " (n.order_number) }
                }
                div.center { (qr(receipt_url, 110)) br; small { (t(locale, "print.scan_to_receive")) } }
            }
            p.copy-name { (name) }
            @if n.emergency { p.mark { (t(locale, "note.emergency_about")) } }
            table {
                tr {
                    th { (t(locale, "order.customer")) } td { (n.customer_name) }
                    th { (t(locale, "note.delivery_date")) } td { (n.delivery_date) }
                }
                tr {
                    th { (t(locale, "print.address")) } td { (n.customer_address) }
                    th { (t(locale, "customer.permit_no")) } td { (dash(n.permit_no.as_deref())) }
                }
                tr {
                    th { (t(locale, "note.driver")) } td { (dash(n.driver_username.as_deref())) }
                    th { (t(locale, "note.vehicle")) } td { (dash(n.vehicle.as_deref())) }
                }
            }
            table {
                thead { tr {
                    th { "#" }
                    th { (t(locale, "order.product")) }
                    th { (t(locale, "note.batch")) }
                    th.num { (t(locale, "order.quantity")) }
                    th.num { (t(locale, "note.received")) }
                    th { (t(locale, "print.exception")) }
                } }
                tbody {
                    @for l in &n.lines {
                        tr {
                            td { (l.position) }
                            td { (l.product_name) @if l.hazardous { " (" (t(locale, "product.hazardous")) ")" } }
                            td {
                                (dash(l.batch_no.as_deref()))
                                @if l.emergency_release_id.is_some() { " " strong.mark-inline { (t(locale, "batch.emergency_mark")) } }
                            }
                            td.num { (l.quantity) " " (l.unit) }
                            td.num { @if let Some(q) = l.received_quantity { (q) } }
                            td { (l.exception_note.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
            (crate::pages::note_documents(locale, &n.documents))
            div.sign {
                div { (t(locale, "print.warehouse_sign")) ": " (n.loaded_by.as_deref().unwrap_or("")) (signature(n.warehouse_signature.as_deref())) }
                div { (t(locale, "print.driver_sign")) ": " (n.driver_username.as_deref().unwrap_or("")) (signature(n.driver_signature.as_deref())) }
                div {
                    (t(locale, "print.customer_sign")) ": " (receipt.map(|r| r.receiver_name.as_str()).unwrap_or(""))
                    (signature(receipt.map(|r| r.signature.as_str())))
                    br; (receipt.map(|r| app::domain::local_minute(&r.received_at_device)).unwrap_or_default())
                }
            }
        }
    }
}
