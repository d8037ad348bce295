//! The force's audit log (admins only): who did what to which record, when and from
//! where, newest first.

use leptos::prelude::*;

use super::common::{StaffMissingData, TableRegion, group_class, select_options, staff_title};
use super::view_model::{AuditLogView, AuditRow};
use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};
use crate::components::page_title::PageTitle;

/// `/staff/audit`: a search form, one page of events and a CSV export of every match.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let Some(page) = use_context::<AuditLogView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let from_error = field_error(&page.errors, "from");
    let to_error = field_error(&page.errors, "to");
    let from_class = group_class(&from_error);
    let to_class = group_class(&to_error);
    let empty = page.rows.is_empty();
    view! {
        <PageTitle text=staff_title("Audit log", !page.errors.is_empty())/>
        <ErrorSummary errors=page.errors.clone()/>
        <h1>"Audit log"</h1>
        <p class="lead">"Every sign-in, every look at a participant's record, every change and every export in your force. Entries cannot be changed: each one carries a fingerprint of the one before it."</p>
        <form method="get" action="/staff/audit" class="filters" aria-labelledby="audit-filters-heading">
            <h2 class="filters__heading" id="audit-filters-heading">"Search the log"</h2>
            <div class="filters__fields">
                <div class="form-group">
                    <label class="label" for="action">"Action"</label>
                    <select class="select" id="action" name="action">
                        {select_options(page.actions, Some("All actions"))}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="subject">"Record or person id"</label>
                    <input class="input" id="subject" name="subject" type="text" spellcheck="false" value=page.subject/>
                </div>
                <div class=from_class>
                    <label class="label" for="from">"From (date)"</label>
                    <ErrorMessage message=from_error id="from-error".to_string()/>
                    <input class="input" id="from" name="from" type="date" value=page.from/>
                </div>
                <div class=to_class>
                    <label class="label" for="to">"To (date)"</label>
                    <ErrorMessage message=to_error id="to-error".to_string()/>
                    <input class="input" id="to" name="to" type="date" value=page.to/>
                </div>
            </div>
            <div class="button-group">
                <button type="submit" class="button">"Search"</button>
                <a class="button-group__link" href="/staff/audit">"Clear"</a>
            </div>
        </form>
        {if empty {
            view! { <p class="inset-text">"No entries match this search."</p> }.into_any()
        } else {
            view! { <AuditTable rows=page.rows/> }.into_any()
        }}
        <p class="table-showing">{page.showing}</p>
        {(page.previous_href.is_some() || page.next_href.is_some()).then(|| view! {
            <nav class="pagination" aria-label="Pagination">
                {page.previous_href.map(|href| view! {
                    <a class="pagination__link" href=href rel="prev">"Newer"<span class="visually-hidden">" entries"</span></a>
                })}
                {page.next_href.map(|href| view! {
                    <a class="pagination__link" href=href rel="next">"Older"<span class="visually-hidden">" entries"</span></a>
                })}
            </nav>
        })}
        <p><a href=page.export_href>"Download these entries as CSV"</a></p>
    }
    .into_any()
}

/// The table of entries.
#[component]
fn AuditTable(rows: Vec<AuditRow>) -> impl IntoView {
    view! {
        <TableRegion label="Audit log table">
            <table class="table">
                <caption class="table__caption">"Audit log entries"</caption>
                <thead>
                    <tr>
                        <th scope="col">"When (UTC)"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Record"</th>
                        <th scope="col">"From"</th>
                        <th scope="col">"Reason"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr>
                            <td>{row.when}</td>
                            <td>{row.who}</td>
                            <td>{row.action}</td>
                            <td class="table__id">{row.record}</td>
                            <td>{row.address}</td>
                            <td class="pre-wrap">{row.reason}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableRegion>
    }
}
