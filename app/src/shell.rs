//! The HTML document around every page.

use leptos::prelude::*;
use leptos_meta::MetaTags;

use crate::App;
use crate::view_model::Frame;

/// Renders the whole document. `stylesheet_href` comes from the server, which knows
/// whether the build gave the stylesheet a content-hashed name.
pub fn shell(options: LeptosOptions, stylesheet_href: String) -> impl IntoView {
    let body_class = use_context::<Frame>()
        .unwrap_or_default()
        .preferences
        .body_class();
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="stylesheet" href=stylesheet_href/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options=options islands=true/>
                <script src="/enhance.js" defer></script>
                <MetaTags/>
            </head>
            <body class=body_class>
                <App/>
            </body>
        </html>
    }
}
