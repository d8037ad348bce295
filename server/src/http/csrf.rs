//! Cross-site request forgery protection for forms: cookies are SameSite=Lax, and a
//! state-changing request whose Origin (or, failing that, Referer) names another site is
//! refused before any handler runs.
//!
//! The REST API under `/api/` is exempt when a request carries an `Authorization: Bearer`
//! header and no cookies: the API authenticates only by that header, which a browser never
//! adds to a cross-site request by itself, so such a request cannot be forged from another
//! site. A request to `/api/` with cookies is checked like any other.

use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn refuse_cross_site_posts(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && !is_bearer_api_call(&request) && is_cross_site(request.headers()) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site form post");
        return (
            StatusCode::FORBIDDEN,
            "This form was sent from another website, so it was not accepted. Go back to Reroute and try again.",
        )
            .into_response();
    }
    next.run(request).await
}

/// An API call authenticated by bearer token alone, which no other site can make a
/// browser send.
fn is_bearer_api_call(request: &Request) -> bool {
    let headers = request.headers();
    request.uri().path().starts_with("/api/")
        && !headers.contains_key(header::COOKIE)
        && headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("Bearer "))
}

/// Whether the request says it came from a page on another host. Browsers send Origin on
/// every cross-site POST; when neither header is present SameSite cookies protect.
fn is_cross_site(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return true;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|value| value.to_str().ok());
    match source {
        None => false,
        Some("null") => true,
        Some(source) => source_host(source) != Some(host),
    }
}

fn source_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    rest.split(['/', '?', '#']).next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(
        host: &str,
        origin: Option<&'static str>,
        referer: Option<&'static str>,
    ) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::HOST,
            HeaderValue::from_str(host).unwrap_or(HeaderValue::from_static("x")),
        );
        if let Some(origin) = origin {
            headers.insert(header::ORIGIN, HeaderValue::from_static(origin));
        }
        if let Some(referer) = referer {
            headers.insert(header::REFERER, HeaderValue::from_static(referer));
        }
        headers
    }

    #[test]
    fn same_site_posts_pass() {
        assert!(!is_cross_site(&headers(
            "reroute.test",
            Some("https://reroute.test"),
            None
        )));
        assert!(!is_cross_site(&headers(
            "127.0.0.1:3000",
            None,
            Some("http://127.0.0.1:3000/start")
        )));
        assert!(!is_cross_site(&headers("reroute.test", None, None)));
    }

    #[test]
    fn bearer_api_calls_without_cookies_are_not_forgeable() {
        let request = |path: &str, cookie: bool| {
            let mut builder = Request::builder()
                .method(Method::POST)
                .uri(path)
                .header(header::AUTHORIZATION, "Bearer rr_live_x");
            if cookie {
                builder = builder.header(header::COOKIE, "reroute_staff=x");
            }
            builder.body(axum::body::Body::empty()).unwrap()
        };
        assert!(is_bearer_api_call(&request("/api/v1/referrals", false)));
        assert!(!is_bearer_api_call(&request("/api/v1/referrals", true)));
        assert!(!is_bearer_api_call(&request("/staff/assign", false)));
    }

    #[test]
    fn cross_site_posts_are_refused() {
        assert!(is_cross_site(&headers(
            "reroute.test",
            Some("https://evil.test"),
            None
        )));
        assert!(is_cross_site(&headers(
            "reroute.test",
            None,
            Some("https://evil.test/form")
        )));
        assert!(is_cross_site(&headers("reroute.test", Some("null"), None)));
        assert!(is_cross_site(&headers(
            "reroute.test",
            Some("https://reroute.test.evil.test"),
            None
        )));
    }
}
