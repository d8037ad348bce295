//! The page's `<title>`, escaped.
//!
//! leptos_meta 0.8 writes a `<Title>`'s text into the HTML as it is, without escaping,
//! so a title holding a participant's name such as `</title><script>…` would break out
//! of the element. Every page sets its title through this component instead.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    view! { <Title text=escape(&text)/> }
}

/// Escapes text for the inside of an HTML element.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_title_is_escaped() {
        assert_eq!(
            escape("</title><script>alert(1)</script> & co"),
            "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
        );
    }
}
