//! The frame of every page: skip link, header, main content and footer.

use leptos::prelude::*;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <header class="site-header">
            <div class="width-container">
                <a class="site-header__name" href="/">"Reroute"</a>
            </div>
        </header>
        <main id="main" class="width-container" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="width-container">
                <p>"Reroute is free software for online courses set by police forces."</p>
            </div>
        </footer>
    }
}
