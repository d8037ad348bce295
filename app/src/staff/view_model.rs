//! What the staff console's pages are rendered from. The server fills these in after
//! authorising the request; every string is plain text (Leptos escapes it when shown).

use crate::view_model::FieldError;

/// The member of staff signed in to the console, shown in the header of every staff page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StaffIdentity {
    pub name: String,
    pub organisation: String,
    /// "Caseworker", "Author" or "Admin".
    pub role_label: String,
    /// Caseworkers and admins: the dashboard, assigning and case pages.
    pub sees_participants: bool,
    /// Admins: staff accounts and the force's settings.
    pub manages_force: bool,
    /// Everyone on the staff sees the course library.
    pub sees_courses: bool,
}

/// One choice in a `<select>` or a set of radios.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OptionItem {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// `/staff/sign-in/code`: the code from an authenticator app, after the right password.
#[derive(Clone, Debug, Default)]
pub struct StaffSignInCodeView {
    pub errors: Vec<FieldError>,
    /// Where to go after signing in, as on the sign-in page.
    pub next: String,
}

/// `/staff/account`: the signed-in member of staff's own account.
#[derive(Clone, Debug, Default)]
pub struct StaffAccountView {
    pub name: String,
    pub email: String,
    pub role_label: String,
    pub organisation: String,
    /// When two-factor sign-in was turned on, for example "26 Nov 2026"; none while off.
    pub two_factor_since: Option<String>,
    /// The force requires two-factor sign-in, so it cannot be turned off.
    pub required_by_force: bool,
    /// Problems with the code typed to turn two-factor sign-in off.
    pub errors: Vec<FieldError>,
    pub notice: Option<String>,
}

/// `/staff/account/two-factor`: adding Reroute to an authenticator app.
#[derive(Clone, Debug, Default)]
pub struct TwoFactorSetupView {
    /// The secret in groups of four, to type in by hand.
    pub secret: String,
    /// The same secret as a QR code, to scan.
    pub qr: Option<QrCodeView>,
    /// Shown as the reason they are here when the force sent them.
    pub required_by_force: bool,
    pub errors: Vec<FieldError>,
}

/// A QR code drawn as SVG: `size` modules square, the dark ones as one path.
#[derive(Clone, Debug, Default)]
pub struct QrCodeView {
    pub size: usize,
    pub path: String,
}

#[derive(Clone, Debug, Default)]
pub struct StaffSignInView {
    pub errors: Vec<FieldError>,
    pub email: String,
    /// Where to go after signing in (a staff page), sent back as the hidden field `next`.
    pub next: String,
    /// Shown above the form, for example after signing out or a timed-out session.
    pub notice: Option<String>,
}

/// `/staff`: counts, filters and one page of the force's assignments.
#[derive(Clone, Debug, Default)]
pub struct DashboardView {
    /// Assigned, in progress, due within 7 days, overdue, completed awaiting review,
    /// not passed; each links to the table filtered by it.
    pub counts: Vec<StateCount>,
    pub states: Vec<OptionItem>,
    pub courses: Vec<OptionItem>,
    pub disposals: Vec<OptionItem>,
    pub caseworkers: Vec<OptionItem>,
    /// The search box's current text (name or force reference).
    pub search: String,
    /// The current sort, kept as a hidden field so filtering does not lose it.
    pub sort: String,
    pub columns: Vec<ColumnHeader>,
    pub rows: Vec<DashboardRow>,
    /// For example "Showing 26 to 50 of 1,204 assignments".
    pub showing: String,
    pub previous_href: Option<String>,
    pub next_href: Option<String>,
    /// The CSV export of the table as currently filtered.
    pub export_href: String,
    /// A one-off confirmation, for example after erasing a person's data.
    pub notice: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct StateCount {
    pub label: String,
    pub count: u64,
    pub href: String,
    pub selected: bool,
}

/// A table column's heading; sortable columns link to the table sorted by them.
#[derive(Clone, Debug, Default)]
pub struct ColumnHeader {
    pub label: String,
    pub href: Option<String>,
    /// `aria-sort`: "ascending", "descending" or "none" on sortable columns.
    pub aria_sort: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct DashboardRow {
    pub href: String,
    pub name: String,
    pub force_reference: String,
    pub course: String,
    pub disposal: String,
    /// For example "3 Dec 2026".
    pub deadline: String,
    pub status_label: String,
    /// A modifier for the status tag: "grey", "blue", "orange", "red", "green", "purple".
    pub status_colour: String,
    pub caseworker: String,
}

/// `/staff/assign`: one form for the person and the course.
#[derive(Clone, Debug, Default)]
pub struct AssignFormView {
    pub errors: Vec<FieldError>,
    pub values: AssignFormValues,
    pub courses: Vec<OptionItem>,
    pub disposals: Vec<OptionItem>,
    /// The default deadline of each disposal type, for the deadline's hint.
    pub deadline_hint: String,
    /// The force already has a person with this reference: offered instead of a duplicate.
    pub existing: Option<ExistingParticipant>,
}

/// What was typed, so nothing is lost when the form is shown again with errors.
#[derive(Clone, Debug, Default)]
pub struct AssignFormValues {
    pub name: String,
    pub dob_day: String,
    pub dob_month: String,
    pub dob_year: String,
    pub force_reference: String,
    pub contact: String,
    pub accessibility_notes: String,
    pub course: String,
    pub disposal: String,
    pub condition_text: String,
    pub deadline_day: String,
    pub deadline_month: String,
    pub deadline_year: String,
}

#[derive(Clone, Debug, Default)]
pub struct ExistingParticipant {
    /// Sent back as `existing_participant` to assign to this person.
    pub id: String,
    pub name: String,
    pub date_of_birth: String,
    pub force_reference: String,
    /// One line per earlier assignment, for example "Alcohol awareness – completed".
    pub assignments: Vec<String>,
}

/// The page after assigning or reissuing: the access code, shown this once.
#[derive(Clone, Debug, Default)]
pub struct AssignedView {
    pub assignment_href: String,
    pub name: String,
    pub course: String,
    pub deadline: String,
    /// Grouped for reading aloud, for example "K7PM-4XRT-9WQC".
    pub code: String,
    /// True when this replaced an earlier code (which no longer works).
    pub reissued: bool,
    /// The letter form posts the code here (hidden field `code`) to print the letter.
    pub letter_action: String,
}

/// The printable letter for the participant (one A4 page).
#[derive(Clone, Debug, Default)]
pub struct LetterView {
    pub organisation: String,
    pub name: String,
    pub course: String,
    pub minutes: u32,
    pub lesson_count: usize,
    pub deadline: String,
    pub condition_text: String,
    /// Where to start, for example "https://reroute.example.police.uk/start".
    pub web_address: String,
    pub code: String,
    pub support: Vec<crate::view_model::SupportLine>,
    pub back_href: String,
}

/// `/staff/assignments/{id}`: the whole case.
#[derive(Clone, Debug, Default)]
pub struct AssignmentView {
    pub name: String,
    pub date_of_birth: String,
    pub force_reference: String,
    pub contact: Option<String>,
    pub accessibility_notes: Option<String>,
    pub course: String,
    pub course_version: Option<String>,
    pub disposal: String,
    pub condition_text: String,
    pub deadline: String,
    pub status_label: String,
    pub status_colour: String,
    pub outcome: Option<String>,
    /// For example "4 of 6 lessons finished".
    pub progress: String,
    pub percent_done: u32,
    /// For example "38 minutes".
    pub time_spent: String,
    /// For example "Score 9 of 10 (90%). Pass mark 70%. Passed on attempt 1 of 2."
    pub result: Option<String>,
    pub timeline: Vec<TimelineItem>,
    pub lessons: Vec<LessonAnswers>,
    pub scales: Vec<ScaleChange>,
    /// Links to the actions still open: (label, href), for example ("Extend the deadline", …).
    pub actions: Vec<(String, String)>,
    /// Admins only: the person's record, its export and erasing it, as (label, href).
    pub admin_links: Vec<(String, String)>,
    /// A one-off confirmation after an action, for example "Deadline extended to 3 Jan 2027".
    pub notice: Option<String>,
    /// The signed completion record, once the course has closed.
    pub evidence: Option<crate::evidence::CaseEvidence>,
}

#[derive(Clone, Debug, Default)]
pub struct TimelineItem {
    /// For example "26 Nov 2026, 14:05".
    pub when: String,
    pub title: String,
    pub detail: Option<String>,
    pub by: Option<String>,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct LessonAnswers {
    pub title: String,
    /// For example "Reached 26 Nov 2026, 14:05 · 6 minutes"; "Not reached yet".
    pub summary: String,
    pub answers: Vec<AnswerItem>,
}

#[derive(Clone, Debug, Default)]
pub struct AnswerItem {
    /// The question or prompt, as plain text.
    pub question: String,
    /// What the participant chose or wrote, in full.
    pub answer: String,
    /// Quizzes: right or wrong at the first try.
    pub first_try_right: Option<bool>,
    pub attempt: u32,
    pub answered_at: String,
}

/// A scale asked at the start and again at the end of the course.
#[derive(Clone, Debug, Default)]
pub struct ScaleChange {
    pub prompt: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Which action an action page performs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ActionKind {
    #[default]
    Note,
    Extend,
    Withdraw,
    Reissue,
    Outcome,
}

/// One action on an assignment, on its own page: a reason is always needed.
#[derive(Clone, Debug, Default)]
pub struct ActionFormView {
    pub kind: ActionKind,
    pub form_action: String,
    pub back_href: String,
    pub name: String,
    pub course: String,
    pub current_deadline: String,
    pub errors: Vec<FieldError>,
    pub reason: String,
    /// Extend: the new deadline as typed.
    pub deadline_day: String,
    pub deadline_month: String,
    pub deadline_year: String,
    /// Outcome: complied; not complied and referred for prosecution; referred to a
    /// face-to-face intervention.
    pub outcomes: Vec<OptionItem>,
}

/// `/staff/users` (admins): the force's staff and a form to add one.
#[derive(Clone, Debug, Default)]
pub struct StaffUsersView {
    pub users: Vec<StaffUserRow>,
    pub errors: Vec<FieldError>,
    pub new_name: String,
    pub new_email: String,
    pub roles: Vec<OptionItem>,
    pub notice: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct StaffUserRow {
    pub name: String,
    pub email: String,
    pub role_label: String,
    /// "Active", "Disabled" or "Locked until 14:35".
    pub state_label: String,
    /// The admin looking at the page: they cannot disable or demote themselves.
    pub is_you: bool,
    /// POST here with `role` to change the role.
    pub role_action: String,
    pub roles: Vec<OptionItem>,
    /// ("Disable", href) or ("Enable", href): a POST form button.
    pub toggle: (String, String),
    /// Where to POST to reset their two-factor sign-in (if they lost their phone); none
    /// while it is off.
    pub reset_two_factor: Option<String>,
}

/// `/staff/settings` (admins): the default deadline of each disposal type, in days, and
/// whether the force requires two-factor sign-in.
#[derive(Clone, Debug, Default)]
pub struct ForceSettingsView {
    pub errors: Vec<FieldError>,
    pub rows: Vec<DeadlineDefaultRow>,
    /// Months after closure to keep a completed assignment's personal data, as typed.
    pub retention_completed: String,
    /// Months after closure to keep any other closed assignment's, as typed.
    pub retention_other: String,
    pub notice: Option<String>,
    pub require_totp: bool,
}

#[derive(Clone, Debug, Default)]
pub struct DeadlineDefaultRow {
    /// The form field's name and id, for example "days-community-resolution".
    pub field: String,
    pub label: String,
    pub days: String,
}

/// `/staff/participants/{id}/record` (admins): everything held about one person.
#[derive(Clone, Debug, Default)]
pub struct ParticipantRecordView {
    pub name: String,
    /// (label, value) rows about the person.
    pub person: Vec<(String, String)>,
    pub assignments: Vec<RecordAssignment>,
    /// One line per sign-in.
    pub sessions: Vec<String>,
    /// Audit events done by them or to their records, oldest first.
    pub audit: Vec<TimelineItem>,
    pub export_href: String,
    pub erase_href: String,
}

/// One course given to the person, with everything that hangs off it.
#[derive(Clone, Debug, Default)]
pub struct RecordAssignment {
    pub title: String,
    /// The assignment's own page.
    pub href: String,
    pub details: Vec<(String, String)>,
    pub answers: Vec<AnswerItem>,
    /// Text typed but not sent: (question, text).
    pub drafts: Vec<(String, String)>,
    /// One line per lesson reached.
    pub lessons: Vec<String>,
    pub events: Vec<TimelineItem>,
    /// One line per completion record issued.
    pub evidence: Vec<String>,
}

/// `/staff/participants/{id}/erase` (admins): erasing a person on their request.
#[derive(Clone, Debug, Default)]
pub struct EraseParticipantView {
    pub name: String,
    pub force_reference: String,
    /// One line per course that will be erased.
    pub assignments: Vec<String>,
    pub form_action: String,
    pub back_href: String,
    pub errors: Vec<FieldError>,
    pub reason: String,
}

/// `/staff/courses`: the course library, for every member of staff.
#[derive(Clone, Debug, Default)]
pub struct CourseLibraryView {
    pub courses: Vec<CourseSummary>,
}

#[derive(Clone, Debug, Default)]
pub struct CourseSummary {
    pub href: String,
    pub title: String,
    pub summary: String,
    pub minutes: u32,
    pub lesson_count: usize,
    pub pass_mark: u8,
    /// The first 12 characters of the version hash.
    pub version: String,
}

/// `/staff/courses/{id}`: the whole course as participants will see it, lesson by lesson.
#[derive(Clone, Debug, Default)]
pub struct CoursePreviewView {
    pub title: String,
    pub summary: String,
    pub version: String,
    pub lessons: Vec<PreviewLesson>,
}

#[derive(Clone, Debug, Default)]
pub struct PreviewLesson {
    pub title: String,
    /// Safe HTML from the course renderer: prose, and each question as participants
    /// see it before answering (with the right answers marked for the author).
    pub parts_html: Vec<String>,
}

/// `/staff/audit` (admins): the force's audit log, newest first, searchable and exportable.
#[derive(Clone, Debug, Default)]
pub struct AuditLogView {
    pub errors: Vec<FieldError>,
    pub actions: Vec<OptionItem>,
    /// The id searched for (a record's or an actor's), as typed.
    pub subject: String,
    /// `YYYY-MM-DD`, as typed.
    pub from: String,
    pub to: String,
    pub rows: Vec<AuditRow>,
    pub showing: String,
    pub previous_href: Option<String>,
    pub next_href: Option<String>,
    pub export_href: String,
}

#[derive(Clone, Debug, Default)]
pub struct AuditRow {
    pub when: String,
    /// For example "Casey Worker (caseworker)", "Participant 3f2a…", "System".
    pub who: String,
    pub action: String,
    /// For example "assignment 3c1bac35-…".
    pub record: String,
    pub address: String,
    pub reason: String,
}

/// `/staff/api-clients` (admins): the force's API clients, a form to add one, and the new
/// client's token, shown once.
#[derive(Clone, Debug, Default)]
pub struct ApiClientsView {
    pub clients: Vec<ApiClientRow>,
    pub errors: Vec<FieldError>,
    pub new_name: String,
    pub notice: Option<String>,
    /// The client just made and its token: shown on this response only.
    pub created: Option<CreatedApiClient>,
}

#[derive(Clone, Debug, Default)]
pub struct ApiClientRow {
    pub name: String,
    pub created: String,
    /// "Never" or a date and time.
    pub last_used: String,
    /// "Active" or "Revoked on …".
    pub state_label: String,
    /// Where to POST to revoke it; none once revoked.
    pub revoke_action: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct CreatedApiClient {
    pub name: String,
    pub token: String,
}

/// `/staff/webhooks` (admins): the force's webhook endpoints, a form to add one, and the
/// new endpoint's signing secret, shown once.
#[derive(Clone, Debug, Default)]
pub struct WebhooksView {
    pub endpoints: Vec<WebhookEndpointRow>,
    pub errors: Vec<FieldError>,
    pub new_url: String,
    /// The events, ticked as they were sent (all ticked on a fresh form).
    pub events: Vec<OptionItem>,
    pub notice: Option<String>,
    pub created: Option<CreatedWebhook>,
}

#[derive(Clone, Debug, Default)]
pub struct WebhookEndpointRow {
    pub url: String,
    /// Where its details and delivery log are.
    pub href: String,
    pub events: String,
    pub created: String,
    /// "On" or "Turned off on …".
    pub state_label: String,
}

#[derive(Clone, Debug, Default)]
pub struct CreatedWebhook {
    pub url: String,
    pub href: String,
    pub secret: String,
}

/// `/staff/webhooks/{id}` (admins): one endpoint, what to do with it, and its delivery
/// log.
#[derive(Clone, Debug, Default)]
pub struct WebhookEndpointView {
    pub url: String,
    pub events: String,
    pub created: String,
    pub state_label: String,
    /// Where to POST to send a test event, and to turn it off; none once off.
    pub test_action: Option<String>,
    pub disable_action: Option<String>,
    pub notice: Option<String>,
    pub deliveries: Vec<WebhookDeliveryRow>,
}

#[derive(Clone, Debug, Default)]
pub struct WebhookDeliveryRow {
    pub event: String,
    /// The case it is about, if any: (link, short id).
    pub assignment: Option<(String, String)>,
    pub created: String,
    /// "Delivered", "Waiting to try again", "Failed" and so on.
    pub state_label: String,
    /// The tag colour for the state.
    pub state_class: String,
    pub attempts: String,
    /// What the last try came to, and when the next is, if one is due.
    pub last_result: String,
    pub next_try: Option<String>,
    /// Where to POST to send it again now; none once delivered.
    pub retry_action: Option<String>,
}
