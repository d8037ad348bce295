//! Each course under `fixtures/broken/courses/` breaks one rule of
//! CONTENT-FORMAT.md; each test asserts the exact diagnostics for it.

use std::path::Path;
use std::sync::OnceLock;

use reroute_content::{CheckedContent, check_content};

fn checked(folder: &str) -> CheckedContent {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder);
    match check_content(&dir) {
        Ok(checked) => checked,
        Err(error) => panic!("{error}"),
    }
}

fn broken() -> &'static CheckedContent {
    static BROKEN: OnceLock<CheckedContent> = OnceLock::new();
    BROKEN.get_or_init(|| checked("broken"))
}

/// The diagnostics of one broken course, as printed.
fn diagnostics(course: &str) -> Vec<String> {
    let prefix = format!("courses/{course}");
    broken()
        .diagnostics
        .iter()
        .filter(|d| d.path == prefix || d.path.starts_with(&format!("{prefix}/")))
        .map(ToString::to_string)
        .collect()
}

fn assert_diagnostics(course: &str, expected: &[&str]) {
    assert_eq!(
        diagnostics(course),
        expected,
        "diagnostics of courses/{course}"
    );
    let served = broken().courses.iter().any(|c| c.id == course);
    let has_error = expected.iter().any(|d| d.contains(": error: "));
    assert_eq!(
        served, !has_error,
        "a course is served exactly when it has no errors"
    );
}

#[test]
fn reports_every_course_and_counts_them() {
    let summary = broken().summary;
    assert_eq!(summary.courses, 60);
    assert_eq!(
        summary.errors,
        broken().diagnostics.iter().filter(|d| d.is_error()).count()
    );
    assert!(broken().has_errors());
    let mut sorted = broken().diagnostics.clone();
    sorted.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    assert_eq!(sorted, broken().diagnostics);
}

// Layout

#[test]
fn rejects_course_folder_without_course_toml() {
    assert_diagnostics(
        "missing-course-toml",
        &[
            "courses/missing-course-toml:1:1: error: course folder has no course.toml: add one with title, summary and minutes",
        ],
    );
}

#[test]
fn rejects_lesson_without_number_prefix() {
    assert_diagnostics(
        "lesson-without-number",
        &[
            "courses/lesson-without-number/intro.md:1:1: error: lesson file `intro.md` has no number prefix: name it like 01-intro.md; the number sets its place in the course",
        ],
    );
}

#[test]
fn rejects_two_lessons_with_the_same_number() {
    assert_diagnostics(
        "duplicate-lesson-number",
        &[
            "courses/duplicate-lesson-number/1-b.md:1:1: error: lesson number 1 is also used by 01-a.md: give each lesson its own number",
        ],
    );
}

#[test]
fn rejects_course_id_with_other_characters() {
    assert_diagnostics(
        "Bad_Course",
        &[
            "courses/Bad_Course:1:1: error: course id `Bad_Course` must be lowercase letters, digits and hyphens: rename the folder to bad-course",
        ],
    );
}

#[test]
fn rejects_course_without_lessons() {
    assert_diagnostics(
        "no-lessons",
        &[
            "courses/no-lessons:1:1: error: course has no lessons: add a lesson file like 01-introduction.md",
        ],
    );
}

#[test]
fn warns_about_a_file_that_is_not_part_of_the_course() {
    assert_diagnostics(
        "stray-file",
        &[
            "courses/stray-file/notes.txt:1:1: warning: is not part of the course, so it is ignored: a course folder holds course.toml, lessons named like 01-intro.md, and files under media/",
        ],
    );
}

#[test]
fn warns_about_a_slug_that_makes_an_awkward_address() {
    assert_diagnostics(
        "bad-slug",
        &[
            "courses/bad-slug/01-Who Is.md:1:1: warning: lesson slug `Who Is` has characters other than lowercase letters, digits and hyphens: rename the file to something like 01-who-is.md",
        ],
    );
}

#[test]
fn warns_about_media_no_lesson_uses() {
    assert_diagnostics(
        "unused-media",
        &[
            "courses/unused-media/media/unused.png:1:1: warning: is not used by any lesson: link to it or delete it",
        ],
    );
}

// course.toml

#[test]
fn rejects_course_toml_without_required_keys() {
    assert_diagnostics(
        "missing-required-keys",
        &[
            "courses/missing-required-keys/course.toml:1:1: error: course.toml has no `title`: add a line like title = \"Thinking about victims\"",
            "courses/missing-required-keys/course.toml:1:1: error: course.toml has no `summary`: add a line like summary = \"What happens to people after a crime.\"",
            "courses/missing-required-keys/course.toml:1:1: error: course.toml has no `minutes`: add a line like minutes = 45",
        ],
    );
}

#[test]
fn rejects_unknown_course_key_and_suggests_the_right_one() {
    assert_diagnostics(
        "unknown-course-key",
        &[
            "courses/unknown-course-key/course.toml:4:1: error: unknown key `passmark` in course.toml (did you mean `pass_mark`?): the keys are title, summary, offences, minutes, pass_mark, attempts, language, reading_age; fix the spelling or remove it",
        ],
    );
}

#[test]
fn rejects_a_value_of_the_wrong_type() {
    assert_diagnostics(
        "wrong-type",
        &[
            "courses/wrong-type/course.toml:3:11: error: `minutes` must be a whole number, like minutes = 45, not a string",
        ],
    );
}

#[test]
fn rejects_pass_mark_over_100() {
    assert_diagnostics(
        "pass-mark-out-of-range",
        &[
            "courses/pass-mark-out-of-range/course.toml:4:13: error: `pass_mark` must be from 0 to 100, like pass_mark = 70, not 120",
        ],
    );
}

#[test]
fn rejects_zero_attempts() {
    assert_diagnostics(
        "attempts-zero",
        &[
            "courses/attempts-zero/course.toml:4:12: error: `attempts` must be at least 1, like attempts = 3, not 0",
        ],
    );
}

#[test]
fn rejects_a_language_that_is_not_a_bcp47_tag() {
    assert_diagnostics(
        "bad-language",
        &[
            "courses/bad-language/course.toml:4:12: error: `language` \"English\" is not a BCP 47 language tag: use one like \"en\", \"cy\" or \"pt-BR\"",
        ],
    );
}

#[test]
fn rejects_invalid_toml_at_the_error() {
    assert_diagnostics(
        "toml-syntax-error",
        &[
            "courses/toml-syntax-error/course.toml:1:17: error: invalid TOML: invalid basic string, expected `\"`",
        ],
    );
}

#[test]
fn rejects_an_empty_course_toml() {
    assert_diagnostics(
        "empty-course-toml",
        &[
            "courses/empty-course-toml/course.toml:1:1: error: course.toml is empty: it needs at least title, summary and minutes",
        ],
    );
}

#[test]
fn warns_about_a_pass_mark_with_no_quiz_to_score() {
    assert_diagnostics(
        "pass-mark-without-quiz",
        &[
            "courses/pass-mark-without-quiz/course.toml:4:1: warning: pass_mark is 70 but the course has no quiz blocks to score: add quizzes or set pass_mark = 0",
        ],
    );
}

// Text files

#[test]
fn rejects_an_empty_lesson() {
    assert_diagnostics(
        "empty-lesson",
        &[
            "courses/empty-lesson/01-a.md:1:1: error: lesson is empty: give it a # Title and some text",
        ],
    );
}

#[test]
fn rejects_a_binary_lesson_at_its_nul_byte() {
    assert_diagnostics(
        "binary-lesson",
        &[
            "courses/binary-lesson/01-a.md:3:5: error: file contains a NUL byte, so it is binary, not text: save it as plain UTF-8 text (images and audio belong in media/)",
        ],
    );
}

#[test]
fn rejects_a_lesson_that_is_not_utf8_at_the_bad_byte() {
    assert_diagnostics(
        "non-utf8-lesson",
        &[
            "courses/non-utf8-lesson/01-a.md:3:4: error: file is not valid UTF-8 (byte 0xE9): save it with UTF-8 encoding",
        ],
    );
}

// Lesson titles and front matter

#[test]
fn rejects_lesson_without_a_title() {
    assert_diagnostics(
        "lesson-without-title",
        &[
            "courses/lesson-without-title/01-a.md:1:1: error: lesson has no title: start it with a # Title heading, or put title = \"...\" in front matter between +++ lines at the top",
        ],
    );
}

#[test]
fn rejects_an_empty_title_heading() {
    assert_diagnostics(
        "empty-title-heading",
        &[
            "courses/empty-title-heading/01-a.md:1:1: error: the # heading is empty: write the lesson title after #",
        ],
    );
}

#[test]
fn rejects_unknown_front_matter_key() {
    assert_diagnostics(
        "unknown-front-matter-key",
        &[
            "courses/unknown-front-matter-key/01-a.md:3:1: error: unknown key `author` in the front matter: the keys are title; fix the spelling or remove it",
        ],
    );
}

#[test]
fn rejects_unclosed_front_matter() {
    assert_diagnostics(
        "unclosed-front-matter",
        &[
            "courses/unclosed-front-matter/01-a.md:1:1: error: front matter opened with +++ is never closed: add a +++ line after its last key",
        ],
    );
}

#[test]
fn rejects_yaml_front_matter() {
    assert_diagnostics(
        "yaml-front-matter",
        &[
            "courses/yaml-front-matter/01-a.md:1:1: error: front matter must be TOML between +++ lines, like +++ then title = \"Who is affected?\" then +++; this looks like YAML between --- lines",
        ],
    );
}

// Lesson content

#[test]
fn rejects_raw_html_inline_and_in_blocks() {
    assert_diagnostics(
        "raw-html",
        &[
            "courses/raw-html/01-a.md:3:6: error: raw HTML `<b>` is not allowed in lessons: write it in Markdown (it is shown as plain text)",
            "courses/raw-html/01-a.md:3:13: error: raw HTML `</b>` is not allowed in lessons: write it in Markdown (it is shown as plain text)",
            "courses/raw-html/01-a.md:5:1: error: raw HTML `<script>alert(1)</script>` is not allowed in lessons: write it in Markdown (it is shown as plain text)",
        ],
    );
}

#[test]
fn rejects_image_without_alt_text() {
    assert_diagnostics(
        "image-without-alt",
        &[
            "courses/image-without-alt/01-a.md:5:1: error: image `media/photo.png` has no alt text: describe it in the brackets, like ![A park bench at night](media/photo.png)",
        ],
    );
}

#[test]
fn rejects_links_and_images_to_missing_files() {
    assert_diagnostics(
        "missing-media-file",
        &[
            "courses/missing-media-file/01-a.md:3:5: error: image `media/photo.png` points at a missing file: add `media/photo.png` to the course folder or fix the path",
            "courses/missing-media-file/01-a.md:3:37: error: link `media/sheet.pdf` points at a missing file: add `media/sheet.pdf` to the course folder or fix the path",
        ],
    );
}

#[test]
fn rejects_link_to_a_course_file_outside_media() {
    assert_diagnostics(
        "link-outside-media",
        &[
            "courses/link-outside-media/01-a.md:3:6: error: link `02-b.md` is not under media/, so participants cannot open it: move the file into media/ and link to media/02-b.md",
        ],
    );
}

#[test]
fn rejects_javascript_links() {
    assert_diagnostics(
        "dangerous-link",
        &[
            "courses/dangerous-link/01-a.md:3:7: error: link `javascript:alert(1)` uses `javascript:`, which is not allowed: use an https:// address, a mailto: or tel: link, or a file under media/",
        ],
    );
}

#[test]
fn rejects_links_within_the_page() {
    assert_diagnostics(
        "fragment-link",
        &[
            "courses/fragment-link/01-a.md:3:4: error: link `#top` points within the page, but lessons have no anchors: link to a web address or a media/ file",
        ],
    );
}

#[test]
fn rejects_link_without_text() {
    assert_diagnostics(
        "empty-link-text",
        &[
            "courses/empty-link-text/01-a.md:3:19: error: link to `https://example.org` has no text: write what it leads to in the [brackets]",
        ],
    );
}

#[test]
fn rejects_images_from_other_sites() {
    assert_diagnostics(
        "external-image",
        &[
            "courses/external-image/01-a.md:5:1: error: image `https://example.org/a.png` is on another site: images and audio must be files in the course's media/ folder",
        ],
    );
}

#[test]
fn rejects_an_image_that_is_not_an_image_or_audio_file() {
    assert_diagnostics(
        "not-an-image",
        &[
            "courses/not-an-image/01-a.md:5:1: error: `media/sheet.pdf` is not an image or audio file: use png, jpg, jpeg, gif, webp, avif, svg for images or mp3, ogg, m4a, wav for audio, or link to it as [text](media/sheet.pdf)",
        ],
    );
}

#[test]
fn rejects_indented_code_blocks() {
    assert_diagnostics(
        "code-block",
        &[
            "courses/code-block/01-a.md:5:5: error: indented text makes a code block, which lessons do not have: remove the spaces or tab at the start of these lines",
        ],
    );
}

#[test]
fn warns_about_sentences_over_25_words_at_their_start() {
    assert_diagnostics(
        "long-sentence",
        &[
            "courses/long-sentence/01-a.md:3:12: warning: sentence has 32 words, more than 25: split it into shorter sentences",
        ],
    );
}

#[test]
fn warns_when_reading_age_is_above_the_course_target() {
    assert_diagnostics(
        "reading-age-too-high",
        &[
            "courses/reading-age-too-high/01-a.md:1:1: warning: reading age is 31 (Flesch–Kincaid grade 26.5 + 5), above the course's reading_age of 9: use shorter sentences and everyday words",
        ],
    );
}

// Interactive blocks

#[test]
fn rejects_unknown_block_kind_and_suggests_the_right_one() {
    assert_diagnostics(
        "unknown-block-kind",
        &[
            "courses/unknown-block-kind/01-a.md:5:1: error: unknown block kind `quizz` (did you mean `quiz`?): interactive blocks are quiz, reflect and scale, and lessons have no code blocks",
        ],
    );
}

#[test]
fn rejects_block_without_id() {
    assert_diagnostics(
        "block-without-id",
        &[
            "courses/block-without-id/01-a.md:5:1: error: reflect block has no id: add one to its first line, like ```reflect id=who-is-affected",
        ],
    );
}

#[test]
fn rejects_block_id_with_other_characters() {
    assert_diagnostics(
        "bad-block-id",
        &[
            "courses/bad-block-id/01-a.md:5:15: error: id \"What_Next\" must be lowercase letters, digits and hyphens: write id=what-next",
        ],
    );
}

#[test]
fn rejects_block_id_used_twice_in_a_course() {
    assert_diagnostics(
        "duplicate-block-id",
        &[
            "courses/duplicate-block-id/02-b.md:5:15: error: block id \"next\" is already used in 01-a.md line 5: give each block its own id",
        ],
    );
}

#[test]
fn rejects_attribute_the_kind_does_not_define() {
    assert_diagnostics(
        "unknown-attribute",
        &[
            "courses/unknown-attribute/01-a.md:5:20: error: attribute `min-word` is not defined for reflect blocks (did you mean `min-words`?): reflect takes id, min-words",
        ],
    );
}

#[test]
fn rejects_attribute_given_twice() {
    assert_diagnostics(
        "duplicate-attribute",
        &[
            "courses/duplicate-attribute/01-a.md:5:20: error: attribute `id` is given twice: keep only one",
        ],
    );
}

#[test]
fn rejects_unterminated_quote_at_the_quote() {
    assert_diagnostics(
        "unterminated-quote",
        &[
            "courses/unterminated-quote/01-a.md:5:34: error: unterminated quote in the value of `low`: add the closing \"",
        ],
    );
}

#[test]
fn rejects_attribute_without_value() {
    assert_diagnostics(
        "attribute-without-value",
        &[
            "courses/attribute-without-value/01-a.md:5:20: error: attribute `min-words` has no value: write it as min-words=value",
        ],
    );
}

#[test]
fn rejects_unclosed_block() {
    assert_diagnostics(
        "unclosed-block",
        &[
            "courses/unclosed-block/01-a.md:5:1: error: reflect block is never closed, so it runs to the end of the file: add a line with ``` after it",
        ],
    );
}

#[test]
fn rejects_block_inside_a_list() {
    assert_diagnostics(
        "nested-block",
        &[
            "courses/nested-block/01-a.md:7:3: error: reflect block is inside a list or quote: start its fence at the left margin, outside lists and quotes",
        ],
    );
}

#[test]
fn rejects_quiz_without_question() {
    assert_diagnostics(
        "quiz-without-question",
        &[
            "courses/quiz-without-question/01-a.md:5:1: error: quiz block \"who\" has no question: write the question above the options",
        ],
    );
}

#[test]
fn rejects_quiz_without_options() {
    assert_diagnostics(
        "quiz-without-options",
        &[
            "courses/quiz-without-options/01-a.md:5:1: error: quiz block \"who\" has no options: add a task list under the question, like - [x] a right answer and - [ ] a wrong one",
        ],
    );
}

#[test]
fn rejects_quiz_with_one_option() {
    assert_diagnostics(
        "quiz-with-one-option",
        &[
            "courses/quiz-with-one-option/01-a.md:8:1: error: quiz block \"who\" has only one option: add at least two",
        ],
    );
}

#[test]
fn rejects_quiz_without_right_option() {
    assert_diagnostics(
        "quiz-without-right-option",
        &[
            "courses/quiz-without-right-option/01-a.md:8:1: error: quiz block \"who-is-affected\" has no right option: mark at least one option with [x]",
        ],
    );
}

#[test]
fn rejects_quiz_option_that_is_not_a_task_item() {
    assert_diagnostics(
        "quiz-option-not-task",
        &[
            "courses/quiz-option-not-task/01-a.md:9:1: error: quiz option is not a task list item: start it with [ ] for a wrong option or [x] for a right one",
        ],
    );
}

#[test]
fn rejects_quiz_option_of_two_paragraphs() {
    assert_diagnostics(
        "quiz-option-two-paragraphs",
        &[
            "courses/quiz-option-two-paragraphs/01-a.md:8:1: error: quiz option has more than one paragraph, or a nested list: keep each option to one short line",
        ],
    );
}

#[test]
fn rejects_quiz_content_after_the_options_that_is_not_an_explanation() {
    assert_diagnostics(
        "quiz-extra-content",
        &[
            "courses/quiz-extra-content/01-a.md:11:1: error: a quiz ends with its options and one optional > explanation: move this into the question or the explanation",
        ],
    );
}

#[test]
fn rejects_reflect_without_prompt() {
    assert_diagnostics(
        "reflect-without-prompt",
        &[
            "courses/reflect-without-prompt/01-a.md:5:1: error: reflect block \"next\" has no prompt: write the question inside the block",
        ],
    );
}

#[test]
fn rejects_min_words_that_is_not_a_positive_whole_number() {
    assert_diagnostics(
        "reflect-bad-min-words",
        &[
            "courses/reflect-bad-min-words/01-a.md:5:30: error: `min-words` must be a whole number of at least 1, like min-words=20, not `0`",
        ],
    );
}

#[test]
fn rejects_scale_without_max() {
    assert_diagnostics(
        "scale-missing-max",
        &[
            "courses/scale-missing-max/01-a.md:5:1: error: scale block \"sure\" has no `max`: add max=10 to its first line",
        ],
    );
}

#[test]
fn rejects_scale_end_that_is_not_a_whole_number() {
    assert_diagnostics(
        "scale-not-integer",
        &[
            "courses/scale-not-integer/01-a.md:5:28: error: `max` must be a whole number, like max=10, not `ten`",
        ],
    );
}

#[test]
fn rejects_scale_whose_min_is_not_below_its_max() {
    assert_diagnostics(
        "scale-min-not-below-max",
        &[
            "courses/scale-min-not-below-max/01-a.md:5:22: error: scale block \"sure\" has min=10 and max=1: min must be less than max",
        ],
    );
}

#[test]
fn warns_about_a_scale_with_too_many_points() {
    assert_diagnostics(
        "scale-too-many-points",
        &[
            "courses/scale-too-many-points/01-a.md:5:22: warning: scale block \"sure\" has 101 points, too many to choose from on a phone: use at most 11, like min=0 max=10",
        ],
    );
}

// site.toml

#[test]
fn rejects_a_missing_site_toml() {
    let checked = checked("site-missing");
    let printed: Vec<String> = checked
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        printed,
        [
            "courses:1:1: warning: courses/ has no course folders yet",
            "site.toml:1:1: error: site.toml is missing: create it with organisation = \"...\" and [[support]] lines",
        ]
    );
    assert_eq!(checked.site, None);
}

#[test]
fn rejects_every_problem_in_site_toml() {
    let checked = checked("site-broken");
    let printed: Vec<String> = checked
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        printed,
        [
            "site.toml:1:1: error: unknown key `organization` in site.toml (did you mean `organisation`?): the keys are organisation, support; fix the spelling or remove it",
            "site.toml:1:1: error: site.toml has no `organisation`: add a line like organisation = \"Cambridgeshire Constabulary\"",
            "site.toml:3:1: error: support line \"Samaritans\" has neither `phone` nor `text`: add at least one",
            "site.toml:8:9: error: `phone` must be a phone number of digits and spaces (+ - ( ) allowed), like phone = \"116 123\"; put any other words in `text`",
        ]
    );
    assert_eq!(checked.site, None);
    // A broken site does not stop a good course from being served.
    assert_eq!(checked.courses.len(), 1);
}
