//! Rendered HTML: safe whatever the input, and exactly as expected for the
//! valid fixture course.

use std::collections::BTreeSet;
use std::path::Path;

use reroute_content::{
    LessonContext, LessonPart, ParsedLesson, check_content, media_base_url, parse_lesson,
};

fn files(paths: &[&str]) -> BTreeSet<String> {
    paths.iter().map(|path| (*path).to_owned()).collect()
}

fn parse(source: &str, course_files: &BTreeSet<String>) -> ParsedLesson {
    let media = media_base_url("c");
    let ctx = LessonContext {
        media_base_url: &media,
        course_files,
        reading_age_target: None,
    };
    parse_lesson("courses/c/01-lesson.md", source, &ctx)
}

/// All the HTML of a lesson: prose, questions, options, explanations, prompts.
fn all_html(parsed: &ParsedLesson) -> String {
    let Some(lesson) = &parsed.lesson else {
        return String::new();
    };
    let mut html = String::new();
    for part in &lesson.parts {
        match part {
            LessonPart::Html(prose) => html.push_str(prose),
            LessonPart::Quiz(quiz) => {
                html.push_str(&quiz.question_html);
                for option in &quiz.options {
                    html.push_str(&option.html);
                }
                html.push_str(quiz.explanation_html.as_deref().unwrap_or(""));
            }
            LessonPart::Reflect(reflect) => html.push_str(&reflect.prompt_html),
            LessonPart::Scale(scale) => html.push_str(&scale.prompt_html),
        }
    }
    html
}

/// The values of every `href` and `src` attribute in some HTML.
fn urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for (start, _) in html.match_indices(attribute) {
            let value = &html[start + attribute.len()..];
            urls.push(value[..value.find('"').unwrap_or(value.len())].to_owned());
        }
    }
    urls
}

const HOSTILE: &str = r#"# Hostile

<script>alert(1)</script>

Text <img src=x onerror=alert(1)> and <iframe src="https://evil.example"></iframe>.

<!-- hidden --><style>body{}</style>

[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](java	script:alert(1))
[d](data:text/html;base64,PHNjcmlwdD4=) [e](vbscript:x) [f][ref] <javascript:alert(1)>
[g](" onmouseover="alert(1)) [h](https://ok.example/"onclick="x)
![i" onerror="alert(1)](media/a.png) ![j](javascript:alert(1))

[ref]: javascript:alert(1)

```quiz id=q
Question <script>alert(2)</script> [k](javascript:alert(3))?

- [x] <b onclick="x">yes</b>
- [ ] no

> <svg onload=alert(4)>
```
"#;

#[test]
fn never_passes_raw_html_or_dangerous_urls_through() {
    let parsed = parse(HOSTILE, &files(&["media/a.png"]));
    let html = all_html(&parsed);
    assert!(
        parsed.lesson.is_some(),
        "a best-effort lesson is still rendered"
    );
    for tag in [
        "<script",
        "<img src=x",
        "<iframe",
        "<style",
        "<!--",
        "<b ",
        "<svg",
        "onerror=\"alert",
    ] {
        assert!(!html.contains(tag), "{tag} in {html}");
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "raw HTML is shown as text: {html}"
    );
    for url in urls(&html) {
        let allowed = ["https://", "/courses/c/media/"]
            .iter()
            .any(|p| url.starts_with(p));
        assert!(allowed, "unexpected URL {url:?} in {html}");
        assert!(!url.contains('"') && !url.contains('<'), "{url}");
    }
    let errors = parsed.diagnostics.iter().filter(|d| d.is_error()).count();
    assert!(
        errors >= 16,
        "every hostile piece is an error: {:#?}",
        parsed.diagnostics
    );
}

#[test]
fn reports_a_script_tag_as_an_error_at_its_place() {
    let parsed = parse("# T\n\nText.\n\n<script>alert(1)</script>\n", &files(&[]));
    let printed: Vec<String> = parsed.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        printed,
        [
            "courses/c/01-lesson.md:5:1: error: raw HTML `<script>alert(1)</script>` is not allowed in lessons: write it in Markdown (it is shown as plain text)"
        ]
    );
    assert!(!all_html(&parsed).contains("<script"));
}

#[test]
fn gives_external_links_rel_noopener_noreferrer_and_no_target() {
    let parsed = parse(
        "# T\n\n[Help](https://www.samaritans.org) <https://example.org> [Mail](mailto:a@b.org) <a@b.org> [Call](tel:116123)\n",
        &files(&[]),
    );
    assert_eq!(parsed.diagnostics, vec![]);
    let html = all_html(&parsed);
    assert_eq!(
        html.matches(" rel=\"noopener noreferrer\"").count(),
        5,
        "{html}"
    );
    assert!(
        html.contains(
            "<a href=\"https://www.samaritans.org\" rel=\"noopener noreferrer\">Help</a>"
        )
    );
    assert!(html.contains("<a href=\"mailto:a@b.org\" rel=\"noopener noreferrer\">a@b.org</a>"));
    assert!(!html.contains("target="));
}

#[test]
fn gives_images_alt_text_and_lazy_loading_with_media_urls() {
    let parsed = parse(
        "# T\n\n![A *calm* place](media/calm%20place.jpg \"Calm\")\n",
        &files(&["media/calm place.jpg"]),
    );
    assert_eq!(parsed.diagnostics, vec![]);
    assert_eq!(
        all_html(&parsed),
        "<p><img src=\"/courses/c/media/calm%20place.jpg\" alt=\"A calm place\" loading=\"lazy\" title=\"Calm\"></p>\n"
    );
}

#[test]
fn renders_audio_as_a_labelled_player_with_a_fallback_link() {
    let parsed = parse(
        "# T\n\n![Listen to this page](media/page.mp3)\n",
        &files(&["media/page.mp3"]),
    );
    assert_eq!(parsed.diagnostics, vec![]);
    assert_eq!(
        all_html(&parsed),
        "<p><audio controls preload=\"none\" src=\"/courses/c/media/page.mp3\" aria-label=\"Listen to this page\">\
         <a href=\"/courses/c/media/page.mp3\">Listen to this page</a></audio></p>\n"
    );
}

#[test]
fn makes_the_biggest_body_heading_h2_under_the_page_title() {
    let from_heading = parse("# Title\n\n## Part\n\n### Sub\n\nText.\n", &files(&[]));
    assert_eq!(
        from_heading.lesson.as_ref().map(|l| l.title.as_str()),
        Some("Title")
    );
    assert_eq!(
        all_html(&from_heading),
        "<h2>Part</h2>\n<h3>Sub</h3>\n<p>Text.</p>\n"
    );

    let from_front_matter = parse(
        "+++\ntitle = \"Title\"\n+++\n# Part\n\n## Sub\n",
        &files(&[]),
    );
    assert_eq!(
        all_html(&from_front_matter),
        "<h2>Part</h2>\n<h3>Sub</h3>\n"
    );

    let deep = parse("# Title\n\n#### Deep\n\n###### Deepest\n", &files(&[]));
    assert_eq!(all_html(&deep), "<h2>Deep</h2>\n<h4>Deepest</h4>\n");
}

#[test]
fn keeps_tables_free_of_inline_styles() {
    let parsed = parse("# T\n\n| a | b |\n| :- | -: |\n| 1 | 2 |\n", &files(&[]));
    let html = all_html(&parsed);
    assert!(
        html.starts_with("<table><thead><tr><th>a</th><th>b</th></tr></thead>"),
        "{html}"
    );
    assert!(!html.contains("style="));
}

#[test]
fn returns_no_lesson_for_a_bad_file_name_but_still_checks_it() {
    let media = media_base_url("c");
    let course_files = files(&[]);
    let ctx = LessonContext {
        media_base_url: &media,
        course_files: &course_files,
        reading_age_target: None,
    };
    let parsed = parse_lesson("courses/c/intro.md", "# T\n\n<b>x</b>\n", &ctx);
    assert_eq!(parsed.lesson, None);
    assert_eq!(parsed.diagnostics.len(), 3, "{:#?}", parsed.diagnostics);
}

#[test]
fn renders_the_valid_course_exactly_as_the_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let checked = check_content(&dir).unwrap();
    assert_eq!(checked.diagnostics, vec![]);
    assert_eq!(checked.courses.len(), 1);
    let course = &checked.courses[0];
    assert_eq!(
        course.block_ids(),
        [
            "who-is-affected",
            "insurance",
            "next-time",
            "confidence-start"
        ]
    );
    let actual = serde_json::to_string_pretty(&course.lessons).unwrap() + "\n";
    let snapshot =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/valid-course-lessons.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snapshot, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&snapshot).unwrap();
    assert_eq!(
        actual, expected,
        "run with UPDATE_SNAPSHOTS=1 to accept a deliberate change, then review the diff"
    );
}
