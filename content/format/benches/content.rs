//! Parse+render one lesson, and check whole content folders.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use reroute_content::{LessonContext, check_content, media_base_url, parse_lesson};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn course_files(course_dir: &Path) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    for dir in [course_dir.to_path_buf(), course_dir.join("media")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            files.insert(if dir.ends_with("media") {
                format!("media/{name}")
            } else {
                name
            });
        }
    }
    files
}

fn parse_typical_lesson(c: &mut Criterion) {
    let course_dir = manifest_dir().join("tests/fixtures/valid/courses/thinking-about-victims");
    let source = std::fs::read_to_string(course_dir.join("01-who-is-affected.md"))
        .unwrap_or_else(|error| panic!("fixture lesson: {error}"));
    let files = course_files(&course_dir);
    let media = media_base_url("thinking-about-victims");
    let ctx = LessonContext {
        media_base_url: &media,
        course_files: &files,
        reading_age_target: Some(9),
    };
    c.bench_function("parse_lesson (fixture 01-who-is-affected.md)", |b| {
        b.iter(|| {
            parse_lesson(
                black_box("courses/thinking-about-victims/01-who-is-affected.md"),
                black_box(&source),
                &ctx,
            )
        })
    });
}

fn check_folders(c: &mut Criterion) {
    let valid = manifest_dir().join("tests/fixtures/valid");
    c.bench_function("check_content (fixtures/valid)", |b| {
        b.iter(|| check_content(black_box(&valid)))
    });
    // The repository's own courses, content/ beside this crate.
    let repository_content = manifest_dir().join("..");
    if repository_content.join("courses").is_dir() {
        c.bench_function("check_content (repository content/)", |b| {
            b.iter(|| check_content(black_box(&repository_content)))
        });
    }
}

criterion_group!(benches, parse_typical_lesson, check_folders);
criterion_main!(benches);
