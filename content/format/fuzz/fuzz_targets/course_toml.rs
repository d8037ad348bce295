//! Any course.toml (and site.toml) text: no panic, no hang, and every
//! diagnostic has a real position.

#![no_main]

use libfuzzer_sys::fuzz_target;
use reroute_content::{parse_course_toml, parse_site_toml};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let (meta, diagnostics) = parse_course_toml("courses/fuzz/course.toml", source);
    assert_eq!(meta.is_some(), !diagnostics.iter().any(|d| d.is_error()));
    let (_, site_diagnostics) = parse_site_toml("site.toml", source);
    for diagnostic in diagnostics.iter().chain(&site_diagnostics) {
        assert!(diagnostic.line >= 1 && diagnostic.col >= 1, "{diagnostic}");
    }
});
