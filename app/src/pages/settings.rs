//! Display options: text size, contrast and a dyslexia-friendly font, kept in a cookie so
//! they work without JavaScript.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use crate::participant::view_model::SettingsView;
use crate::view_model::Frame;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let page = use_context::<SettingsView>().unwrap_or_default();
    let prefs = use_context::<Frame>().unwrap_or_default().preferences;
    let sizes = [(0u8, "Standard"), (1, "Large"), (2, "Largest")];
    view! {
        <PageTitle text="Display options – Reroute"/>
        <a class="back-link" href=page.return_to.clone()>"Back"</a>
        <h1>"Display options"</h1>
        <p>"Change how pages look. This is saved on this device."</p>
        <form method="post" action="/settings">
            <input type="hidden" name="return" value=page.return_to/>
            <div class="form-group">
                <fieldset class="fieldset">
                    <legend class="label">"Text size"</legend>
                    <div class="choices">
                        {sizes.into_iter().map(|(size, label)| {
                            let id = format!("text-size-{size}");
                            view! {
                                <div class="choice">
                                    <input class="choice__input" id=id.clone() name="text_size" type="radio"
                                        value=size checked=prefs.text_size == size/>
                                    <label class="choice__label" for=id>{label}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <div class="form-group">
                <fieldset class="fieldset">
                    <legend class="label">"Colours and letters"</legend>
                    <div class="choices">
                        <div class="choice">
                            <input class="choice__input" id="high-contrast" name="high_contrast" type="checkbox"
                                value="yes" checked=prefs.high_contrast/>
                            <label class="choice__label" for="high-contrast">"High contrast (yellow on black)"</label>
                        </div>
                        <div class="choice">
                            <input class="choice__input" id="dyslexia-friendly" name="dyslexia_friendly" type="checkbox"
                                value="yes" checked=prefs.dyslexia_friendly/>
                            <label class="choice__label" for="dyslexia-friendly">"Easier-to-read letters and more space"</label>
                        </div>
                    </div>
                </fieldset>
            </div>
            <button type="submit" class="button">"Save display options"</button>
        </form>
    }
}
