//! Any lesson text: the parser must not panic or hang, every diagnostic must
//! have a real position, and the HTML may hold only the tags the renderer
//! writes, with only allowed URLs.

#![no_main]

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use reroute_content::{LessonContext, LessonPart, parse_lesson};

const TAGS: &[&str] = &[
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "em",
    "strong",
    "a",
    "img",
    "audio",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "pre",
    "hr",
    "br",
    "input",
];
const ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "alt",
    "title",
    "loading",
    "rel",
    "controls",
    "preload",
    "aria-label",
    "start",
    "type",
    "disabled",
    "checked",
];
const URL_STARTS: &[&str] = &[
    "https://",
    "http://",
    "mailto:",
    "tel:",
    "/courses/fuzz/media/",
];

/// Author text never contains a raw `<` or, inside attribute values, a raw
/// `"` (they are escaped), so every `<` in the HTML starts a tag the
/// renderer wrote, and its attributes can be read by splitting on quotes.
fn assert_safe(html: &str) {
    for tag in html.split('<').skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let name_end = tag.find([' ', '/']).filter(|&i| i > 0).unwrap_or(tag.len());
        let name = tag[..name_end].trim_start_matches('/');
        assert!(TAGS.contains(&name), "tag <{tag}> in {html}");
        let mut rest = &tag[name_end..];
        loop {
            rest = rest.trim_start_matches([' ', '/']);
            if rest.is_empty() {
                break;
            }
            let attribute_end = rest.find(['=', ' ', '/']).unwrap_or(rest.len());
            let attribute = &rest[..attribute_end];
            assert!(
                ATTRIBUTES.contains(&attribute),
                "attribute {attribute} in <{tag}>"
            );
            rest = &rest[attribute_end..];
            let Some(quoted) = rest.strip_prefix("=\"") else {
                continue;
            };
            let value_end = quoted
                .find('"')
                .unwrap_or_else(|| panic!("unclosed value in <{tag}>"));
            let value = &quoted[..value_end];
            if matches!(attribute, "href" | "src") {
                let lower = value.to_ascii_lowercase();
                assert!(
                    URL_STARTS.iter().any(|start| lower.starts_with(start)),
                    "URL in <{tag}>"
                );
            }
            rest = &quoted[value_end + 1..];
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let course_files: BTreeSet<String> = [
        "course.toml",
        "01-a.md",
        "media/a.png",
        "media/b.mp3",
        "media/c d.pdf",
    ]
    .iter()
    .map(|path| (*path).to_owned())
    .collect();
    let ctx = LessonContext {
        media_base_url: "/courses/fuzz/media/",
        course_files: &course_files,
        reading_age_target: Some(9),
    };
    let parsed = parse_lesson("courses/fuzz/01-a.md", source, &ctx);
    for diagnostic in &parsed.diagnostics {
        assert!(diagnostic.line >= 1 && diagnostic.col >= 1, "{diagnostic}");
    }
    let Some(lesson) = parsed.lesson else {
        return;
    };
    for part in &lesson.parts {
        match part {
            LessonPart::Html(html) => assert_safe(html),
            LessonPart::Quiz(quiz) => {
                assert!(quiz.options.len() >= 2 && quiz.options.iter().any(|o| o.correct));
                assert_safe(&quiz.question_html);
                quiz.options
                    .iter()
                    .for_each(|option| assert_safe(&option.html));
                quiz.explanation_html.as_deref().map(assert_safe);
            }
            LessonPart::Reflect(reflect) => {
                assert!(reflect.min_words >= 1);
                assert_safe(&reflect.prompt_html);
            }
            LessonPart::Scale(scale) => {
                assert!(scale.min < scale.max);
                assert_safe(&scale.prompt_html);
            }
        }
    }
});
