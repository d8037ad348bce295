//! Moves keyboard and screen-reader focus to an element once the page has loaded, as
//! the GOV.UK error summary does. Without JavaScript the summary is still announced
//! (`role="alert"`) and the page title starts with "Error:".

use leptos::prelude::*;

#[island]
pub fn FocusOnLoad(target: String) -> impl IntoView {
    Effect::new(move |_| focus(&target));
}

#[cfg(feature = "hydrate")]
fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

#[cfg(not(feature = "hydrate"))]
fn focus(_id: &str) {}
