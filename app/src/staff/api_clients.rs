//! The force's API clients (admins only): the records systems that may use the REST API,
//! adding one (its token is shown once), and revoking one.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{
    NoticeBanner, StaffMissingData, TableRegion, described_by, group_class, staff_title,
};
use super::view_model::{ApiClientRow, ApiClientsView};
use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};

/// `/staff/api-clients`: the clients table and the form to add one.
#[component]
pub fn ApiClientsPage() -> impl IntoView {
    let Some(page) = use_context::<ApiClientsView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let errors = page.errors.clone();
    let name_error = field_error(&errors, "name");
    let name_described =
        described_by(&[Some("name-hint"), name_error.as_ref().map(|_| "name-error")]);
    view! {
        <PageTitle text=staff_title("API clients", !errors.is_empty())/>
        <ErrorSummary errors=errors/>
        <NoticeBanner notice=page.notice success=true/>
        <h1>"API clients"</h1>
        <p>
            "A records system uses the REST API with a token made here. It sees only this force's records. "
            <a href="/api/v1/openapi.json">"The API's description (OpenAPI)"</a>" says what it can do."
        </p>
        {page.created.map(|created| view! {
            <div class="panel panel--confirmation">
                <h2>"API client added"</h2>
                <p class="panel__body">{created.name.clone()}</p>
            </div>
            <div class="code-box">
                <p class="code-box__label">"Token for "{created.name}</p>
                <p class="table__break"><code>{created.token}</code></p>
            </div>
            <p>
                <strong>"Copy the token into the records system now. It is not shown again."</strong>
                " If it is lost, revoke this client and add another."
            </p>
        })}
        <ClientsTable clients=page.clients/>

        <h2 id="add-heading">"Add an API client"</h2>
        <form method="post" action="/staff/api-clients" novalidate aria-labelledby="add-heading">
            <div class=group_class(&name_error)>
                <label class="label" for="name">"Name"</label>
                <p class="hint" id="name-hint">"What uses it, for example the name of your records system."</p>
                <ErrorMessage message=name_error.clone() id="name-error".to_string()/>
                <input class="input input--width-20" id="name" name="name" type="text" autocomplete="off"
                    spellcheck="false" value=page.new_name aria-describedby=name_described/>
            </div>
            <button type="submit" class="button">"Add API client"</button>
        </form>
    }
    .into_any()
}

#[component]
fn ClientsTable(clients: Vec<ApiClientRow>) -> impl IntoView {
    if clients.is_empty() {
        return view! { <p>"There are no API clients yet."</p> }.into_any();
    }
    view! {
        <TableRegion label="API clients table">
            <table class="table">
                <caption class="table__caption">"API clients"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Added"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Revoke"</th>
                    </tr>
                </thead>
                <tbody>
                    {clients.into_iter().map(|client| view! {
                        <tr>
                            <th scope="row">{client.name.clone()}</th>
                            <td>{client.created}</td>
                            <td>{client.last_used}</td>
                            <td>{client.state_label}</td>
                            <td>
                                {client.revoke_action.map(|action| view! {
                                    <form method="post" action=action class="table-form">
                                        <button type="submit" class="button button--secondary button--small">
                                            "Revoke"<span class="visually-hidden">" "{client.name.clone()}</span>
                                        </button>
                                    </form>
                                })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableRegion>
    }
    .into_any()
}
