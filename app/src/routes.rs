//! The page routes. The server authorises each request and provides the page's data as
//! context before rendering; the router only picks the page.

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::Layout;
use crate::pages::{home::HomePage, not_found::NotFoundPage, settings::SettingsPage};
use crate::participant::{
    before_you_start::BeforeYouStartPage, finished::FinishedPage, lesson::LessonPage,
    my_courses::MyCoursesPage, saved::SavedPage, sign_in::SignInPage,
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
                    <Route path=path!("my-courses/:assignment/before-you-start") view=BeforeYouStartPage/>
                    <Route path=path!("my-courses/:assignment/lessons/:lesson/:page") view=LessonPage/>
                    <Route path=path!("my-courses/:assignment/saved") view=SavedPage/>
                    <Route path=path!("my-courses/:assignment/finished") view=FinishedPage/>
                </Routes>
            </Layout>
        </Router>
    }
}
