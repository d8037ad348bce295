//! The staff dashboard: counts by state, filters, and one page of the force's assignments.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{
    NoticeBanner, StaffMissingData, TableRegion, group_digits, select_options, staff_title,
};
use super::view_model::{ColumnHeader, DashboardRow, DashboardView, OptionItem, StateCount};

/// `/staff`: how the force's assignments stand, and a filtered, sorted table of them.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let Some(page) = use_context::<DashboardView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let empty = page.rows.is_empty();
    view! {
        <PageTitle text=staff_title("Dashboard", false)/>
        <NoticeBanner notice=page.notice success=true/>
        <h1>"Dashboard"</h1>
        <Counts counts=page.counts/>
        <Filters
            states=page.states
            courses=page.courses
            disposals=page.disposals
            caseworkers=page.caseworkers
            search=page.search
            sort=page.sort
        />
        {if empty {
            view! { <p class="inset-text">"No assignments match these filters."</p> }.into_any()
        } else {
            view! { <AssignmentsTable columns=page.columns rows=page.rows/> }.into_any()
        }}
        <p class="table-showing">{page.showing}</p>
        {(page.previous_href.is_some() || page.next_href.is_some()).then(|| view! {
            <nav class="pagination" aria-label="Pagination">
                {page.previous_href.map(|href| view! {
                    <a class="pagination__link" href=href rel="prev">"Previous"<span class="visually-hidden">" page"</span></a>
                })}
                {page.next_href.map(|href| view! {
                    <a class="pagination__link" href=href rel="next">"Next"<span class="visually-hidden">" page"</span></a>
                })}
            </nav>
        })}
        <p><a href=page.export_href>"Download these as CSV"</a></p>
    }
    .into_any()
}

/// A card per state, each linking to the table filtered by it.
#[component]
fn Counts(counts: Vec<StateCount>) -> impl IntoView {
    view! {
        <ul class="count-cards" aria-label="Assignments by state">
            {counts.into_iter().map(|count| view! {
                <li>
                    <a class="count-card" href=count.href aria-current=count.selected.then_some("true")>
                        <span class="count-card__count">{group_digits(count.count)}</span>
                        <span class="count-card__label">{count.label}</span>
                    </a>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The filter form: a GET to `/staff`, keeping the current sort.
#[component]
fn Filters(
    states: Vec<OptionItem>,
    courses: Vec<OptionItem>,
    disposals: Vec<OptionItem>,
    caseworkers: Vec<OptionItem>,
    search: String,
    sort: String,
) -> impl IntoView {
    let selects = [
        ("state", "State", "All states", states),
        ("course", "Course", "All courses", courses),
        ("disposal", "Disposal", "All disposals", disposals),
        ("caseworker", "Caseworker", "All caseworkers", caseworkers),
    ];
    view! {
        <form method="get" action="/staff" class="filters" aria-labelledby="filters-heading">
            <h2 class="filters__heading" id="filters-heading">"Filter assignments"</h2>
            <input type="hidden" name="sort" value=sort/>
            <div class="filters__fields">
                {selects.into_iter().map(|(name, label, blank, options)| view! {
                    <div class="form-group">
                        <label class="label" for=name>{label}</label>
                        <select class="select" id=name name=name>
                            {select_options(options, Some(blank))}
                        </select>
                    </div>
                }).collect_view()}
                <div class="form-group">
                    <label class="label" for="q">"Name or force reference"</label>
                    <input class="input" id="q" name="q" type="search" spellcheck="false" value=search/>
                </div>
            </div>
            <div class="button-group">
                <button type="submit" class="button">"Apply filters"</button>
                <a class="button-group__link" href="/staff">"Clear filters"</a>
            </div>
        </form>
    }
}

/// The table of assignments, with sortable column headings.
#[component]
fn AssignmentsTable(columns: Vec<ColumnHeader>, rows: Vec<DashboardRow>) -> impl IntoView {
    view! {
        <TableRegion label="Assignments table">
            <table class="table">
                <caption class="table__caption">"Assignments"</caption>
                <thead>
                    <tr>
                        {columns.into_iter().map(|column| view! {
                            <th scope="col" aria-sort=column.aria_sort>
                                {match column.href {
                                    Some(href) => view! { <a class="table__sort" href=href>{column.label}</a> }.into_any(),
                                    None => column.label.into_any(),
                                }}
                            </th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let tag = format!("tag tag--{}", row.status_colour);
                        view! {
                            <tr>
                                <th scope="row"><a href=row.href>{row.name}</a></th>
                                <td class="table__nowrap">{row.force_reference}</td>
                                <td>{row.course}</td>
                                <td>{row.disposal}</td>
                                <td class="table__nowrap">{row.deadline}</td>
                                <td><strong class=tag>{row.status_label}</strong></td>
                                <td>{row.caseworker}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </TableRegion>
    }
}
