//! Reading and writing cookies, and signing the session cookie's value.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

pub const SESSION_COOKIE: &str = "reroute_session";
pub const PREFERENCES_COOKIE: &str = "reroute_display";
/// The staff console's session: a JWT naming a staff session row.
pub const STAFF_COOKIE: &str = "reroute_staff";

/// The value of the named cookie, if the request sent it.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, whole site; Secure when served over TLS.
pub fn set(name: &str, value: &str, max_age_seconds: Option<i64>, secure: bool) -> String {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age_seconds {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

pub fn clear(name: &str, secure: bool) -> String {
    set(name, "", Some(0), secure)
}

/// As [`set`] but SameSite=Strict: staff cookies are never sent on a request that
/// starts on another site, not even a link.
pub fn set_strict(name: &str, value: &str, secure: bool) -> String {
    set(name, value, None, secure).replace("SameSite=Lax", "SameSite=Strict")
}

/// `<session id>.<HMAC-SHA256 of it>`: a forged or altered cookie is refused before the
/// database is asked.
pub fn sign_session(id: Uuid, key: &[u8]) -> String {
    format!("{}.{}", id.simple(), mac(&id.simple().to_string(), key))
}

pub fn verify_session(value: &str, key: &[u8]) -> Option<Uuid> {
    let (id, signature) = value.split_once('.')?;
    let expected = <Hmac<Sha256> as Mac>::new_from_slice(key).ok()?;
    let mut check = expected;
    check.update(id.as_bytes());
    let signature = hex::decode(signature).ok()?;
    check.verify_slice(&signature).ok()?;
    Uuid::try_parse(id).ok()
}

fn mac(message: &str, key: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn finds_a_cookie_among_several() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; reroute_display=210; b=2"),
        );
        assert_eq!(get(&headers, PREFERENCES_COOKIE), Some("210"));
        assert_eq!(get(&headers, "missing"), None);
    }

    #[test]
    fn a_signed_session_verifies_and_a_tampered_one_does_not() {
        let id = Uuid::new_v4();
        let value = sign_session(id, b"key");
        assert_eq!(verify_session(&value, b"key"), Some(id));
        assert_eq!(verify_session(&value, b"other key"), None);
        let other = Uuid::new_v4().simple().to_string();
        let (_, signature) = value.split_once('.').unwrap_or_default();
        assert_eq!(
            verify_session(&format!("{other}.{signature}"), b"key"),
            None
        );
        assert_eq!(verify_session("garbage", b"key"), None);
    }

    #[test]
    fn session_cookies_are_http_only_and_same_site() {
        let cookie = set(SESSION_COOKIE, "v", None, true);
        assert!(
            cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Lax")
                && cookie.contains("Secure")
        );
    }
}
