//! A complaint's 8D report on A4: the eight disciplines filled from the complaint's steps,
//! each with who and when, the batch's other recipients and what the complaint started.

use super::PrintCaller;
use crate::pages::{company, print_page};
use crate::rest::{id, ApiErr};
use app::backend::AppState;
use app::domain::complaint::{Complaint, Done};
use app::domain::local_minute;
use app::i18n::{t, Locale};
use axum::extract::{Path, State};
use axum::response::Response;
use maud::{html, Markup};

/// `GET /print/complaints/{id}/8d`.
pub async fn report_8d(
    State(state): State<AppState>,
    PrintCaller { user, locale, .. }: PrintCaller,
    Path(raw): Path<String>,
) -> Result<Response, ApiErr> {
    let c = app::backend::complaints::get(&state, &user, id(&raw)?).await?;
    let title = format!("{} {}", t(locale, "print.8d_title"), c.number);
    Ok(print_page(locale, &title, sheet(locale, &c)))
}

fn done(locale: Locale, d: &Option<Done>) -> Markup {
    html! {
        p.muted { @match d {
            Some(d) => { (d.by) " · " (local_minute(&d.at)) }
            None => { (t(locale, "print.8d_pending")) }
        } }
    }
}

fn text(v: &Option<String>) -> Markup {
    html! { p.text { (v.as_deref().unwrap_or("—")) } }
}

fn discipline(locale: Locale, n: u8, body: Markup) -> Markup {
    html! {
        section.discipline {
            h2 { "D" (n) " " (t(locale, &format!("print.d{n}"))) }
            (body)
        }
    }
}

fn sheet(locale: Locale, c: &Complaint) -> Markup {
    let dash = |v: Option<&str>| v.unwrap_or("—").to_string();
    let team: Vec<String> = [
        Some(c.entered_by.clone()),
        c.contained.as_ref().map(|d| d.by.clone()),
        c.analysed.as_ref().map(|d| d.by.clone()),
        c.action_owner.clone(),
        c.verified.as_ref().map(|d| d.by.clone()),
    ]
    .into_iter()
    .flatten()
    .fold(Vec::new(), |mut seen, who| {
        if !seen.contains(&who) {
            seen.push(who);
        }
        seen
    });
    let effective = match c.effective {
        Some(true) => t(locale, "complaint.effective"),
        Some(false) => t(locale, "complaint.not_effective"),
        None => "—".into(),
    };
    html! {
        div.sheet {
            p.company { (company(locale)) }
            h1 { (t(locale, "print.8d_title")) }
            p.no { (t(locale, "print.no")) " " (c.number) " · " (t(locale, &format!("complaint.stage.{}", c.status.key()))) }
            (discipline(locale, 1, html! { p { (team.join(", ")) } }))
            (discipline(locale, 2, html! {
                table {
                    tr { th { (t(locale, "inquiry.customer")) } td { (c.customer_name) } th { (t(locale, "inquiry.product")) } td { (c.product_name) } }
                    tr { th { (t(locale, "complaint.batch")) } td { (dash(c.batch_no.as_deref())) } th { (t(locale, "complaint.note")) } td { (dash(c.delivery_note_number.as_deref())) } }
                    tr {
                        th { (t(locale, "complaint.severity")) } td { (t(locale, &format!("complaint.severity.{}", c.severity.key()))) }
                        th { (t(locale, "complaint.category")) } td { (t(locale, &format!("complaint.category.{}", c.category.key()))) }
                    }
                    tr {
                        th { (t(locale, "inquiry.received_at")) } td { (local_minute(&c.received_at)) }
                        th { (t(locale, "inquiry.channel")) } td { (t(locale, &format!("channel.{}", c.channel.key()))) }
                    }
                }
                p.text { (c.description) }
                @if !c.repeat_of.is_empty() {
                    p.mark { (t(locale, "complaint.repeat_about")) " " (c.repeat_of.iter().map(|r| format!("#{r}")).collect::<Vec<_>>().join(" ")) }
                }
            }))
            (discipline(locale, 3, html! {
                (text(&c.containment))
                p { (t(locale, "complaint.containment_due")) ": " (dash(c.containment_due_at.as_deref().map(local_minute).as_deref()))
                    " · " (t(locale, &format!("sla.{}", c.sla.key()))) }
                (done(locale, &c.contained))
            }))
            (discipline(locale, 4, html! { (text(&c.root_cause)) (done(locale, &c.analysed)) }))
            (discipline(locale, 5, html! {
                (text(&c.action))
                p {
                    (t(locale, "complaint.owner")) ": " (dash(c.action_owner.as_deref())) " · "
                    (t(locale, "complaint.due_on")) ": " (dash(c.action_due_on.as_deref())) " · "
                    (t(locale, "complaint.verify_on")) ": " (dash(c.verify_on.as_deref()))
                }
                (done(locale, &c.action_set))
            }))
            (discipline(locale, 6, html! {
                (text(&c.evidence))
                p { (t(locale, "complaint.finding")) ": " (effective) }
                @if c.failed_verifications > 0 {
                    p { (t(locale, "complaint.failed_verifications").replace("{count}", &c.failed_verifications.to_string())) }
                }
                (done(locale, &c.verified))
            }))
            (discipline(locale, 7, html! {
                ul {
                    @if c.nonconformity_id.is_some() { li { (t(locale, "complaint.nonconformity_opened")) " — " (dash(c.batch_no.as_deref())) } }
                    @if c.recall_id.is_some() { li { (t(locale, "complaint.recall_opened")) } }
                    @if c.nonconformity_id.is_none() && c.recall_id.is_none() { li { "—" } }
                }
                @if !c.batch_recipients.is_empty() {
                    h3 { (t(locale, "complaint.recipients")) }
                    table {
                        thead { tr { th { (t(locale, "inquiry.customer")) } th.num { (t(locale, "recall.delivered")) } } }
                        tbody { @for r in &c.batch_recipients { tr { td { (r.customer_name) } td.num { (r.quantity) } } } }
                    }
                }
            }))
            (discipline(locale, 8, html! { (done(locale, &c.closed)) }))
            div.sign {
                div { (t(locale, "print.8d_quality")) }
                div { (t(locale, "print.reviewer")) }
                div { (t(locale, "print.date")) }
            }
        }
    }
}
