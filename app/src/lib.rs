//! Reroute's user interface.
//!
//! Built twice: with `ssr` into the server, which renders every page as HTML, and with
//! `hydrate` into the small wasm bundle that brings the islands (`#[island]`) to life.
//! Every page must work without that bundle: islands only add comfort.

pub mod components;
pub mod evidence;
pub mod pages;
pub mod participant;
mod routes;
mod shell;
pub mod staff;
pub mod view_model;

pub use routes::App;
pub use shell::shell;

/// The browser entry point: hydrates the islands on the page and nothing else.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
