//! The participant's home: each course, its deadline, progress and what to do next.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::view_model::MyCoursesView;
use crate::components::missing_data::MissingData;

#[component]
pub fn MyCoursesPage() -> impl IntoView {
    let Some(page) = use_context::<MyCoursesView>() else {
        return view! { <MissingData/> }.into_any();
    };
    let empty = page.courses.is_empty();
    view! {
        <PageTitle text="Your courses – Reroute"/>
        <h1>"Your courses"</h1>
        <p class="lead">"Hello, "{page.name}"."</p>
        {empty.then(|| view! { <p>"You have no courses to do."</p> })}
        <ul class="course-list">
            {page.courses.into_iter().map(|card| {
                let progress_label = format!("{}% done", card.percent_done);
                view! {
                    <li class="course-card">
                        <h2 class="course-card__title">{card.title}</h2>
                        <p>{card.summary}</p>
                        <p class="course-card__deadline" class:course-card__deadline--late=card.late>
                            <strong>{card.deadline_text}</strong>
                        </p>
                        <p>"About "{card.minutes}" minutes. You can stop and come back at any time."</p>
                        <p>
                            <span class="tag">{card.status_label}</span>" "
                            <span>{progress_label.clone()}</span>
                        </p>
                        <progress class="progress" max="100" value=card.percent_done aria-label=progress_label></progress>
                        {card.action.map(|(label, href)| view! {
                            <a class="button button--start" href=href>{label}</a>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        <p><a href="/my-courses/who-has-seen-my-record">"Who has seen your record"</a></p>
    }
    .into_any()
}
