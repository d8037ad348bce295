//! Headers every response carries: no MIME sniffing, no framing, no referrer leaking
//! participant URLs to other sites, a Content-Security-Policy, and HSTS when the site is
//! served over HTTPS.
//!
//! Pages get their policy where they are rendered ([`page_policy`], with the nonce Leptos
//! puts on that page's inline scripts); media keep their own sandboxing policy; anything
//! else (files, CSV, redirects, plain-text errors) gets [`STRICT_POLICY`], which lets
//! nothing load.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;

/// For responses that are not pages: nothing may load, be framed or be posted from them.
pub const STRICT_POLICY: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// One year, subdomains too: browsers then refuse plain HTTP to the site.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// A page's policy. Scripts run only from this site or inline with this response's
/// `nonce` (Leptos's hydration scripts), never from inline attributes; the islands' wasm
/// needs `'wasm-unsafe-eval'`; styles only from the stylesheet, so no inline `style`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; media-src 'self'; font-src 'self'; \
         connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
         object-src 'none'"
    )
}

pub async fn add(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    apply(response.headers_mut(), state.secure_cookies);
    response
}

/// Adds the headers; a policy the handler set already (a page's, a media file's) stands.
fn apply(headers: &mut HeaderMap, https: bool) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(STRICT_POLICY));
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directive<'a>(policy: &'a str, name: &str) -> Option<&'a str> {
        policy
            .split(';')
            .map(str::trim)
            .find_map(|part| part.strip_prefix(name))
            .map(str::trim)
    }

    #[test]
    fn a_page_policy_allows_scripts_by_nonce_and_nothing_inline() {
        let policy = page_policy("abc123_-");
        assert_eq!(
            directive(&policy, "script-src"),
            Some("'self' 'nonce-abc123_-' 'wasm-unsafe-eval'")
        );
        assert_eq!(directive(&policy, "style-src"), Some("'self'"));
        assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"));
        for (name, sources) in [
            ("default-src", "'self'"),
            ("img-src", "'self' data:"),
            ("frame-ancestors", "'none'"),
            ("base-uri", "'none'"),
            ("object-src", "'none'"),
            ("form-action", "'self'"),
        ] {
            assert_eq!(directive(&policy, name), Some(sources), "{name}");
        }
        assert!(HeaderValue::from_str(&policy).is_ok());
    }

    #[test]
    fn other_responses_get_the_strict_policy_and_a_set_policy_stands() {
        let mut headers = HeaderMap::new();
        apply(&mut headers, false);
        assert_eq!(headers[header::CONTENT_SECURITY_POLICY], STRICT_POLICY);
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
        let mut page = HeaderMap::new();
        page.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'"),
        );
        apply(&mut page, false);
        assert_eq!(page[header::CONTENT_SECURITY_POLICY], "default-src 'self'");
    }

    #[test]
    fn hsts_only_over_https() {
        let mut plain = HeaderMap::new();
        apply(&mut plain, false);
        assert!(!plain.contains_key(header::STRICT_TRANSPORT_SECURITY));
        let mut https = HeaderMap::new();
        apply(&mut https, true);
        assert_eq!(
            https[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000; includeSubDomains"
        );
    }
}
