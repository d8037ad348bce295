//! What the participant pages are rendered from.

use crate::view_model::FieldError;

#[derive(Clone, Debug, Default)]
pub struct SignInView {
    pub errors: Vec<FieldError>,
    pub day: String,
    pub month: String,
    pub year: String,
}

#[derive(Clone, Debug)]
pub struct MyCoursesView {
    pub name: String,
    pub courses: Vec<CourseCard>,
}

#[derive(Clone, Debug)]
pub struct CourseCard {
    pub title: String,
    pub summary: String,
    pub minutes: u32,
    pub deadline_text: String,
    pub late: bool,
    pub status_label: String,
    pub percent_done: u32,
    /// The button: its words and where it goes; none when there is nothing to do.
    pub action: Option<(String, String)>,
}

#[derive(Clone, Debug)]
pub struct BeforeYouStartView {
    pub form_action: String,
    pub participant_name: String,
    pub title: String,
    pub summary: String,
    pub minutes: u32,
    pub lesson_count: usize,
    pub deadline_text: String,
    pub errors: Vec<FieldError>,
}

#[derive(Clone, Debug)]
pub struct LessonView {
    pub course_title: String,
    pub lesson_number: usize,
    pub lesson_count: usize,
    pub lesson_title: String,
    pub page_number: usize,
    pub page_count: usize,
    /// Safe HTML from the course checker.
    pub prose_html: Vec<String>,
    pub block: Option<BlockView>,
    pub form_action: String,
    pub back_href: String,
    pub saved_href: String,
    /// Shown once the page's block (if any) is answered.
    pub next: Option<NextStep>,
    pub errors: Vec<FieldError>,
    pub attempt: u32,
}

#[derive(Clone, Debug)]
pub enum NextStep {
    /// A link to the next page.
    Link(String),
    /// A form that records the end of the lesson.
    FinishLesson(String),
}

#[derive(Clone, Debug)]
pub enum BlockView {
    Quiz {
        id: String,
        question_html: String,
        multiple: bool,
        options: Vec<String>,
        chosen: Vec<usize>,
        result: Option<QuizResult>,
    },
    Reflect {
        id: String,
        prompt_html: String,
        min_words: u32,
        text: String,
        answered: bool,
    },
    Scale {
        id: String,
        prompt_html: String,
        min: i32,
        max: i32,
        low: Option<String>,
        high: Option<String>,
        value: Option<i32>,
        answered: bool,
    },
}

#[derive(Clone, Debug)]
pub struct QuizResult {
    pub right: bool,
    pub right_options: Vec<String>,
    pub explanation_html: Option<String>,
}

#[derive(Clone, Debug)]
pub struct SavedView {
    pub title: String,
    pub continue_href: String,
}

#[derive(Clone, Debug)]
pub struct FinishedView {
    pub title: String,
    pub passed: bool,
    pub right: u32,
    pub total: u32,
    pub percent: u32,
    pub pass_mark: u8,
    /// Attempts left when a new one may be started, with the form's action.
    pub try_again: Option<(u32, String)>,
    pub attempt: u32,
    /// The printable certificate, once the course has closed and its record is signed.
    pub certificate_href: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct SettingsView {
    pub return_to: String,
}

/// "Who has seen my record": each time someone at the force looked at it.
#[derive(Clone, Debug, Default)]
pub struct WhoHasSeenView {
    pub organisation: String,
    pub entries: Vec<SeenEntry>,
}

#[derive(Clone, Debug, Default)]
pub struct SeenEntry {
    /// For example "26 November 2026 at 2:05pm".
    pub when: String,
    /// For example "Casey Worker, caseworker".
    pub who: String,
    /// For example "looked at your course record".
    pub what: String,
}
