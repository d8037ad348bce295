//! The frame of every page: skip link, header, main content, "Need help now?" and footer.

use leptos::prelude::*;

use crate::view_model::Frame;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let frame = use_context::<Frame>().unwrap_or_default();
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
