//! The page routes. The server authorises each request and provides the page's data as
//! context before rendering; the router only picks the page.

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::Layout;
use crate::evidence::{CertificatePage, VerifyPage, VerifyResultPage};
use crate::pages::{home::HomePage, not_found::NotFoundPage, settings::SettingsPage};
use crate::participant::{
    before_you_start::BeforeYouStartPage, finished::FinishedPage, lesson::LessonPage,
    my_courses::MyCoursesPage, saved::SavedPage, sign_in::SignInPage, who_has_seen::WhoHasSeenPage,
};
use crate::staff::{
    account::StaffAccountPage,
    action::ActionPage,
    api_clients::ApiClientsPage,
    assign::{AssignPage, AssignedPage},
    assignment::AssignmentPage,
    audit_log::AuditLogPage,
    courses::{CourseLibraryPage, CoursePreviewPage},
    dashboard::DashboardPage,
    forbidden::ForbiddenPage,
    letter::LetterPage,
    participant::{EraseParticipantPage, ParticipantRecordPage},
    settings::ForceSettingsPage,
    sign_in::StaffSignInPage,
    two_factor::{StaffSignInCodePage, TwoFactorSetupPage},
    users::StaffUsersPage,
    webhooks::{WebhookEndpointPage, WebhooksPage},
};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=HomePage/>
                    <Route path=path!("settings") view=SettingsPage/>
                    <Route path=path!("start") view=SignInPage/>
                    <Route path=path!("my-courses") view=MyCoursesPage/>
                    <Route path=path!("my-courses/who-has-seen-my-record") view=WhoHasSeenPage/>
                    <Route path=path!("my-courses/:assignment/before-you-start") view=BeforeYouStartPage/>
                    <Route path=path!("my-courses/:assignment/lessons/:lesson/:page") view=LessonPage/>
                    <Route path=path!("my-courses/:assignment/saved") view=SavedPage/>
                    <Route path=path!("my-courses/:assignment/finished") view=FinishedPage/>
                    <Route path=path!("my-courses/:assignment/certificate") view=CertificatePage/>
                    <Route path=path!("verify") view=VerifyPage/>
                    <Route path=path!("verify/:code") view=VerifyResultPage/>
                    // The staff console. Routes are tried in order: "letter" before ":action".
                    <ParentRoute path=path!("staff") view=Outlet>
                        <Route path=path!("") view=DashboardPage/>
                        <Route path=path!("sign-in") view=StaffSignInPage/>
                        <Route path=path!("sign-in/code") view=StaffSignInCodePage/>
                        <Route path=path!("account") view=StaffAccountPage/>
                        <Route path=path!("account/two-factor") view=TwoFactorSetupPage/>
                        <Route path=path!("forbidden") view=ForbiddenPage/>
                        <Route path=path!("assign") view=AssignPage/>
                        <Route path=path!("assigned") view=AssignedPage/>
                        <Route path=path!("assignments/:assignment") view=AssignmentPage/>
                        <Route path=path!("assignments/:assignment/letter") view=LetterPage/>
                        <Route path=path!("assignments/:assignment/certificate") view=CertificatePage/>
                        <Route path=path!("assignments/:assignment/:action") view=ActionPage/>
                        <Route path=path!("participants/:participant/record") view=ParticipantRecordPage/>
                        <Route path=path!("participants/:participant/erase") view=EraseParticipantPage/>
                        <Route path=path!("users") view=StaffUsersPage/>
                        <Route path=path!("api-clients") view=ApiClientsPage/>
                        <Route path=path!("webhooks") view=WebhooksPage/>
                        <Route path=path!("webhooks/:endpoint") view=WebhookEndpointPage/>
                        <Route path=path!("audit") view=AuditLogPage/>
                        <Route path=path!("settings") view=ForceSettingsPage/>
                        <Route path=path!("courses") view=CourseLibraryPage/>
                        <Route path=path!("courses/:course") view=CoursePreviewPage/>
                    </ParentRoute>
                </Routes>
            </Layout>
        </Router>
    }
}
