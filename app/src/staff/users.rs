//! The force's staff accounts (admins only): change a role, disable or enable an account,
//! reset a lost two-factor sign-in, and add a member of staff.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{
    NoticeBanner, Radios, StaffMissingData, TableRegion, described_by, group_class, select_options,
    staff_title,
};
use super::view_model::{StaffUserRow, StaffUsersView};
use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};

/// `/staff/users`: the staff table and the form to add someone.
#[component]
pub fn StaffUsersPage() -> impl IntoView {
    let Some(page) = use_context::<StaffUsersView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let errors = page.errors.clone();
    let name_error = field_error(&errors, "name");
    let email_error = field_error(&errors, "email");
    let role_error = field_error(&errors, "role");
    let password_error = field_error(&errors, "password");
    let name_described = described_by(&[name_error.as_ref().map(|_| "name-error")]);
    let email_described = described_by(&[email_error.as_ref().map(|_| "email-error")]);
    let password_described = described_by(&[
        Some("password-hint"),
        password_error.as_ref().map(|_| "password-error"),
    ]);
    view! {
        <PageTitle text=staff_title("Staff", !errors.is_empty())/>
        <ErrorSummary errors=errors/>
        <NoticeBanner notice=page.notice success=true/>
        <h1>"Staff"</h1>
        <UsersTable users=page.users/>

        <h2 id="add-heading">"Add a member of staff"</h2>
        <form method="post" action="/staff/users" novalidate aria-labelledby="add-heading">
            <div class=group_class(&name_error)>
                <label class="label" for="name">"Full name"</label>
                <ErrorMessage message=name_error.clone() id="name-error".to_string()/>
                <input class="input input--width-20" id="name" name="name" type="text" autocomplete="off"
                    spellcheck="false" value=page.new_name aria-describedby=name_described/>
            </div>
            <div class=group_class(&email_error)>
                <label class="label" for="email">"Email address"</label>
                <ErrorMessage message=email_error.clone() id="email-error".to_string()/>
                <input class="input input--width-30" id="email" name="email" type="email" autocomplete="off"
                    spellcheck="false" value=page.new_email aria-describedby=email_described/>
            </div>
            <Radios name="role" legend="Role" options=page.roles error=role_error/>
            <div class=group_class(&password_error)>
                <label class="label" for="password">"Password"</label>
                <p class="hint" id="password-hint">
                    "At least 12 characters. Not a common password. Give it to them in person; they can change it later."
                </p>
                <ErrorMessage message=password_error.clone() id="password-error".to_string()/>
                <input class="input input--width-20" id="password" name="password" type="password"
                    autocomplete="new-password" aria-describedby=password_described/>
            </div>
            <button type="submit" class="button">"Add member of staff"</button>
        </form>
    }
    .into_any()
}

/// The force's staff, each with forms to change their role and disable or enable them.
#[component]
fn UsersTable(users: Vec<StaffUserRow>) -> impl IntoView {
    view! {
        <TableRegion label="Staff accounts table">
            <table class="table">
                <caption class="table__caption">"Staff accounts"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Change role"</th>
                        <th scope="col">"Account"</th>
                    </tr>
                </thead>
                <tbody>
                    {users.into_iter().enumerate().map(|(index, user)| view! { <UserRow index user/> }).collect_view()}
                </tbody>
            </table>
        </TableRegion>
    }
}

/// One member of staff. The admin's own row has no forms: they cannot demote or disable
/// themselves.
#[component]
fn UserRow(index: usize, user: StaffUserRow) -> impl IntoView {
    let controls = if user.is_you {
        view! { <td colspan="2">"This is you"</td> }.into_any()
    } else {
        let select_id = format!("user-{}-role", index + 1);
        let select_label = format!("Role for {}", user.name);
        let (toggle_label, toggle_action) = user.toggle;
        view! {
            <td>
                <form method="post" action=user.role_action class="table-form">
                    <label class="visually-hidden" for=select_id.clone()>{select_label}</label>
                    <select class="select select--small" id=select_id name="role">
                        {select_options(user.roles, None)}
                    </select>
                    <button type="submit" class="button button--secondary button--small">"Change role"</button>
                </form>
            </td>
            <td>
                <form method="post" action=toggle_action class="table-form">
                    <button type="submit" class="button button--secondary button--small">
                        {toggle_label}<span class="visually-hidden">" "{user.name.clone()}</span>
                    </button>
                </form>
                {user.reset_two_factor.map(|action| view! {
                    <form method="post" action=action class="table-form">
                        <button type="submit" class="button button--secondary button--small">
                            "Reset two-factor"<span class="visually-hidden">" sign-in for "{user.name.clone()}</span>
                        </button>
                    </form>
                })}
            </td>
        }
        .into_any()
    };
    view! {
        <tr>
            <th scope="row">{user.name}</th>
            <td class="table__break">{user.email}</td>
            <td>{user.role_label}</td>
            <td>{user.state_label}</td>
            {controls}
        </tr>
    }
}
