//! The frame of every page: skip link, header, main content, "Need help now?" and footer.
//! Staff pages get the staff console's own header and no participant help panel.

use leptos::prelude::*;

use crate::staff::view_model::StaffIdentity;
use crate::view_model::Frame;

/// Chooses the participant or the staff frame for the page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let frame = use_context::<Frame>().unwrap_or_default();
    if frame.staff.is_some() || is_staff_path(&frame.path) {
        view! { <StaffLayout frame children/> }.into_any()
    } else {
        view! { <ParticipantLayout frame children/> }.into_any()
    }
}

/// Whether a path is in the staff console (so the staff sign-in page, before anyone is
/// signed in, still looks like the console and not the participant site).
fn is_staff_path(path: &str) -> bool {
    path == "/staff" || path.starts_with("/staff/")
}

/// The participant site's frame, with "Display options" and "Need help now?".
#[component]
fn ParticipantLayout(frame: Frame, children: Children) -> impl IntoView {
    let options_href = format!("/settings?return={}", encode_path(&frame.path));
    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <header class="site-header">
            <div class="width-container site-header__inner">
                <a class="site-header__name" href="/">"Reroute"</a>
                <nav class="site-header__nav" aria-label="Site">
                    <a href=options_href>"Display options"</a>
                    <a href="#help">"Need help now?"</a>
                    {frame.signed_in.then(|| view! {
                        <form method="post" action="/sign-out" class="inline-form">
                            <button type="submit" class="link-button">"Sign out"</button>
                        </form>
                    })}
                </nav>
            </div>
        </header>
        <main id="main" class="width-container" tabindex="-1">
            {children()}
        </main>
        <aside id="help" class="help-panel" aria-labelledby="help-heading">
            <div class="width-container">
                <h2 id="help-heading">"Need help now?"</h2>
                <ul class="support-list">
                    {frame.support.into_iter().map(|line| view! {
                        <li>
                            <strong>{line.name}</strong>
                            {line.phone.map(|phone| {
                                let href = format!("tel:{}", phone.replace(' ', ""));
                                view! { " " <a href=href>{phone}</a> }
                            })}
                            {line.text.map(|text| view! { <br/>{text} })}
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        </aside>
        <footer class="site-footer">
            <div class="width-container">
                <p>{frame.organisation}" uses Reroute for its online courses."</p>
            </div>
        </footer>
    }
}

/// The staff console's frame: its own header and navigation, a wider page, no help panel.
#[component]
fn StaffLayout(frame: Frame, children: Children) -> impl IntoView {
    let organisation = frame.staff.as_ref().map_or_else(
        || frame.organisation.clone(),
        |staff| staff.organisation.clone(),
    );
    let home = match &frame.staff {
        Some(staff) if staff.sees_participants => "/staff",
        Some(_) => "/staff/courses",
        None => "/staff/sign-in",
    };
    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <header class="site-header site-header--staff">
            <div class="width-container width-container--wide site-header__inner">
                <a class="site-header__name" href=home>"Reroute staff"</a>
                <span class="site-header__organisation">{organisation.clone()}</span>
            </div>
            {frame.staff.map(|staff| view! { <StaffNav staff path=frame.path/> })}
        </header>
        <main id="main" class="width-container width-container--wide" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="width-container width-container--wide">
                <p>"Reroute staff console for "{organisation}"."</p>
            </div>
        </footer>
    }
}

/// The staff navigation (what the person's role may see), who is signed in, and "Sign out".
#[component]
fn StaffNav(staff: StaffIdentity, path: String) -> impl IntoView {
    // (label, href, other paths in the same section)
    let mut links: Vec<(&str, &str, &[&str])> = Vec::new();
    if staff.sees_participants {
        links.push(("Dashboard", "/staff", &["/staff/assignments/"]));
        links.push(("Assign a course", "/staff/assign", &["/staff/assigned"]));
    }
    if staff.sees_courses {
        links.push(("Courses", "/staff/courses", &["/staff/courses/"]));
    }
    if staff.manages_force {
        links.push(("Staff", "/staff/users", &["/staff/users/"]));
        links.push(("API clients", "/staff/api-clients", &[]));
        links.push(("Webhooks", "/staff/webhooks", &["/staff/webhooks/"]));
        links.push(("Settings", "/staff/settings", &[]));
        links.push(("Audit log", "/staff/audit", &[]));
    }
    view! {
        <div class="staff-nav">
            <div class="width-container width-container--wide staff-nav__inner">
                <nav aria-label="Staff">
                    <ul class="staff-nav__list">
                        {links.into_iter().map(|(label, href, section)| {
                            let current = current_marker(&path, href, section);
                            view! {
                                <li class="staff-nav__item" class:staff-nav__item--current=current.is_some()>
                                    <a class="staff-nav__link" href=href aria-current=current>{label}</a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </nav>
                <div class="staff-nav__account">
                    <span>{staff.name}" ("{staff.role_label}")"</span>
                    <a class="staff-nav__link" href="/staff/account"
                        aria-current=current_marker(&path, "/staff/account", &["/staff/account/"])>"Your account"</a>
                    <form method="post" action="/staff/sign-out" class="inline-form">
                        <button type="submit" class="link-button">"Sign out"</button>
                    </form>
                </div>
            </div>
        </div>
    }
}

/// `aria-current` for a navigation link: "page" on its own page, "true" elsewhere in its
/// section (paths starting with one of `section`), none otherwise.
fn current_marker(path: &str, href: &str, section: &[&str]) -> Option<&'static str> {
    if path == href {
        Some("page")
    } else if section.iter().any(|prefix| path.starts_with(prefix)) {
        Some("true")
    } else {
        None
    }
}

/// Percent-encodes a local path for use in a query string.
fn encode_path(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                char::from(b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_link_is_marked() {
        let section: &[&str] = &["/staff/assignments/"];
        assert_eq!(current_marker("/staff", "/staff", section), Some("page"));
        assert_eq!(
            current_marker("/staff/assignments/7/note", "/staff", section),
            Some("true")
        );
        assert_eq!(current_marker("/staff/users", "/staff", section), None);
    }

    #[test]
    fn staff_paths_are_recognised() {
        assert!(is_staff_path("/staff"));
        assert!(is_staff_path("/staff/sign-in"));
        assert!(!is_staff_path("/staffing"));
        assert!(!is_staff_path("/start"));
    }
}
