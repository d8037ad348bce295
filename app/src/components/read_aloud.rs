//! Reads the page aloud with the browser's own speech synthesis.
//!
//! It needs JavaScript and a browser that can speak, so it renders nothing until the
//! island has hydrated and found `speechSynthesis`: without either, no dead button shows.

use leptos::prelude::*;

#[island]
pub fn ReadAloud(
    /// The id of the element whose text is read.
    #[prop(into)]
    target: String,
) -> impl IntoView {
    let (supported, set_supported) = signal(false);
    let (speaking, set_speaking) = signal(false);
    Effect::new(move |_| set_supported.set(speech::is_supported()));

    let toggle = move |_| {
        if speaking.get_untracked() {
            speech::stop();
            set_speaking.set(false);
        } else if speech::speak_element(&target, move || set_speaking.set(false)) {
            set_speaking.set(true);
        }
    };

    view! {
        <Show when=move || supported.get()>
            <button type="button" class="button button--secondary read-aloud" on:click=toggle.clone() aria-pressed=move || speaking.get().to_string()>
                {move || if speaking.get() { "Stop reading" } else { "Read this page aloud" }}
            </button>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod speech {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{HtmlElement, SpeechSynthesisUtterance};

    pub fn is_supported() -> bool {
        web_sys::window().is_some_and(|window| window.speech_synthesis().is_ok())
    }

    pub fn stop() {
        if let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) {
            synth.cancel();
        }
    }

    /// Starts reading the element's visible text; `on_end` runs when it finishes.
    pub fn speak_element(id: &str, on_end: impl Fn() + 'static) -> bool {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let text = window
            .document()
            .and_then(|doc| doc.get_element_by_id(id))
            .and_then(|el| el.dyn_into::<HtmlElement>().ok())
            .map(|el| el.inner_text());
        let (Some(text), Ok(synth)) = (text, window.speech_synthesis()) else {
            return false;
        };
        let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(&text) else {
            return false;
        };
        utterance.set_lang("en-GB");
        let on_end = Closure::<dyn Fn()>::new(on_end);
        utterance.set_onend(Some(on_end.as_ref().unchecked_ref()));
        // The utterance keeps the callback for as long as it speaks.
        on_end.forget();
        synth.cancel();
        synth.speak(&utterance);
        true
    }
}

#[cfg(not(feature = "hydrate"))]
mod speech {
    pub fn is_supported() -> bool {
        false
    }

    pub fn stop() {}

    pub fn speak_element(_id: &str, _on_end: impl Fn() + 'static) -> bool {
        false
    }
}
