//! A lesson page: a little prose and (at most) one question, answered with a plain form.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::view_model::{BlockView, LessonView, NextStep, QuizResult};
use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};
use crate::components::missing_data::MissingData;
use crate::components::read_aloud::ReadAloud;
use crate::view_model::FieldError;

#[component]
pub fn LessonPage() -> impl IntoView {
    let Some(page) = use_context::<LessonView>() else {
        return view! { <MissingData/> }.into_any();
    };
    let title = format!(
        "{}{} – {} – Reroute",
        if page.errors.is_empty() {
            ""
        } else {
            "Error: "
        },
        page.lesson_title,
        page.course_title
    );
    let caption = format!(
        "Lesson {} of {} · Part {} of {}",
        page.lesson_number, page.lesson_count, page.page_number, page.page_count
    );
    // Whole lessons done, plus the share of this one, over all lessons.
    let percent = (page.lesson_number.saturating_sub(1) * 100
        + page.page_number.saturating_sub(1) * 100 / page.page_count.max(1))
    .checked_div(page.lesson_count)
    .unwrap_or(0);
    let answered = page.next.is_some();
    let errors = page.errors.clone();
    view! {
        <PageTitle text=title/>
        <a class="back-link" href=page.back_href>"Back"</a>
        <ErrorSummary errors=page.errors.clone()/>
        <div id="lesson-content">
            <p class="caption">{page.course_title}" · "{caption.clone()}</p>
            <progress class="progress" max="100" value=percent aria-label=caption></progress>
            <h1>{page.lesson_title}</h1>
            <ReadAloud target="lesson-content"/>
            {page.prose_html.into_iter().map(|html| view! { <div class="prose" inner_html=html></div> }).collect_view()}
            {page.block.map(|block| view! { <Block block form_action=page.form_action.clone() errors/> })}
        </div>
        {page.next.map(|next| match next {
            NextStep::Link(href) => view! { <a class="button" href=href>"Continue"</a> }.into_any(),
            NextStep::FinishLesson(action) => view! {
                <form method="post" action=action>
                    <button type="submit" class="button">"Continue"</button>
                </form>
            }.into_any(),
        })}
        {answered.then(|| view! { <p><a href=page.saved_href.clone()>"Save and come back later"</a></p> })}
        {(!answered).then(|| view! {
            <p class="save-later"><a href=page.saved_href>"Come back later"</a>" (your answers so far are saved)"</p>
        })}
    }
    .into_any()
}

#[component]
fn Block(block: BlockView, form_action: String, errors: Vec<FieldError>) -> impl IntoView {
    match block {
        BlockView::Quiz {
            id,
            question_html,
            multiple,
            options,
            chosen,
            result,
        } => view! {
            <QuizBlock id question_html multiple options chosen result form_action errors/>
        }
        .into_any(),
        BlockView::Reflect {
            id,
            prompt_html,
            min_words,
            text,
            answered,
        } => view! {
            <ReflectBlock id prompt_html min_words text answered form_action errors/>
        }
        .into_any(),
        BlockView::Scale {
            id,
            prompt_html,
            min,
            max,
            low,
            high,
            value,
            answered,
        } => view! {
            <ScaleBlock id prompt_html min max low high value answered form_action errors/>
        }
        .into_any(),
    }
}

fn group_class(error: &Option<String>) -> &'static str {
    if error.is_some() {
        "form-group form-group--error"
    } else {
        "form-group"
    }
}

#[component]
fn QuizBlock(
    id: String,
    question_html: String,
    multiple: bool,
    options: Vec<String>,
    chosen: Vec<usize>,
    result: Option<QuizResult>,
    form_action: String,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let question_id = format!("question-{id}");
    let question_label = question_id.clone();
    let hint = if multiple {
        "Choose all the answers that are right."
    } else {
        "Choose one answer."
    };
    let kind = if multiple { "checkbox" } else { "radio" };
    let Some(result) = result else {
        let error = field_error(&errors, "choice-0");
        let group = group_class(&error);
        return view! {
            <form method="post" action=form_action class="block block--quiz" novalidate>
                <div class=group>
                    <fieldset class="fieldset" aria-labelledby=question_label.clone() aria-describedby="choice-hint">
                        <div class="question" id=question_id inner_html=question_html></div>
                        <p class="hint" id="choice-hint">{hint}</p>
                        <ErrorMessage message=error id="choice-error".to_string()/>
                        <div class="choices">
                            {options.into_iter().enumerate().map(|(index, html)| {
                                let input_id = format!("choice-{index}");
                                view! {
                                    <div class="choice">
                                        <input class="choice__input" id=input_id.clone() name="choice" type=kind value=index/>
                                        <label class="choice__label" for=input_id inner_html=html></label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                </div>
                <button type="submit" class="button">"Check my answer"</button>
            </form>
        }
        .into_any();
    };
    let (result_class, verdict) = if result.right {
        ("result result--right", "Right")
    } else {
        ("result result--wrong", "Not quite")
    };
    view! {
        <section class="block block--quiz" aria-labelledby=question_label.clone()>
            <div class="question" id=question_id inner_html=question_html></div>
            <p><strong>"Your answer:"</strong></p>
            <ul class="list">
                {options.iter().enumerate().filter(|(index, _)| chosen.contains(index)).map(|(_, html)| {
                    view! { <li inner_html=html.clone()></li> }
                }).collect_view()}
            </ul>
            <div class=result_class role="status">
                <h2 class="result__title">{verdict}</h2>
                {(!result.right).then(|| view! {
                    <p>{if result.right_options.len() > 1 { "The right answers are:" } else { "The right answer is:" }}</p>
                    <ul class="list">
                        {result.right_options.into_iter().map(|html| view! { <li inner_html=html></li> }).collect_view()}
                    </ul>
                })}
                {result.explanation_html.map(|html| view! { <div class="explanation" inner_html=html></div> })}
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn ReflectBlock(
    id: String,
    prompt_html: String,
    min_words: u32,
    text: String,
    answered: bool,
    form_action: String,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let prompt_id = format!("prompt-{id}");
    let prompt_label = prompt_id.clone();
    if answered {
        return view! {
            <section class="block block--reflect" aria-labelledby=prompt_label.clone()>
                <div class="question" id=prompt_id inner_html=prompt_html></div>
                <p><strong>"Your answer:"</strong></p>
                <blockquote class="your-answer">{text}</blockquote>
                <p class="result result--saved" role="status">"Thank you. Your answer is saved."</p>
            </section>
        }
        .into_any();
    }
    let hint = if min_words <= 1 {
        "Write your answer in your own words.".to_string()
    } else {
        format!("Write at least {min_words} words. There are no wrong answers.")
    };
    let error = field_error(&errors, "answer");
    let group = group_class(&error);
    let described = if error.is_some() {
        "answer-hint answer-error"
    } else {
        "answer-hint"
    };
    view! {
        <form method="post" action=form_action class="block block--reflect" novalidate>
            <div class=group>
                <div class="question" id=prompt_id.clone() inner_html=prompt_html></div>
                <label class="label" for="answer">"Your answer"</label>
                <p class="hint" id="answer-hint">{hint}</p>
                <ErrorMessage message=error id="answer-error".to_string()/>
                <textarea class="textarea" id="answer" name="text" rows="6" aria-describedby=described>{text}</textarea>
            </div>
            <div class="button-group">
                <button type="submit" class="button" name="intent" value="answer">"Save and continue"</button>
                <button type="submit" class="button button--secondary" name="intent" value="save">"Save and come back later"</button>
            </div>
        </form>
    }
    .into_any()
}

#[component]
fn ScaleBlock(
    id: String,
    prompt_html: String,
    min: i32,
    max: i32,
    low: Option<String>,
    high: Option<String>,
    value: Option<i32>,
    answered: bool,
    form_action: String,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let prompt_id = format!("prompt-{id}");
    let prompt_label = prompt_id.clone();
    let ends = match (&low, &high) {
        (Some(low), Some(high)) => format!("{min} means “{low}”. {max} means “{high}”."),
        (Some(low), None) => format!("{min} means “{low}”."),
        (None, Some(high)) => format!("{max} means “{high}”."),
        (None, None) => format!("Choose a number from {min} to {max}."),
    };
    if answered {
        let chosen = value.map(|v| format!("You chose {v}.")).unwrap_or_default();
        return view! {
            <section class="block block--scale" aria-labelledby=prompt_label.clone()>
                <div class="question" id=prompt_id inner_html=prompt_html></div>
                <p>{ends}</p>
                <p class="result result--saved" role="status">{chosen}" Your answer is saved."</p>
            </section>
        }
        .into_any();
    }
    let error = field_error(&errors, format!("scale-{min}").as_str());
    let group = group_class(&error);
    view! {
        <form method="post" action=form_action class="block block--scale" novalidate>
            <div class=group>
                <fieldset class="fieldset" aria-labelledby=prompt_label.clone() aria-describedby="scale-hint">
                    <div class="question" id=prompt_id inner_html=prompt_html></div>
                    <p class="hint" id="scale-hint">{ends}</p>
                    <ErrorMessage message=error id="scale-error".to_string()/>
                    <div class="scale">
                        {(min..=max).map(|number| {
                            let input_id = format!("scale-{number}");
                            view! {
                                <div class="scale__item">
                                    <input class="scale__input" id=input_id.clone() name="value" type="radio" value=number/>
                                    <label class="scale__label" for=input_id>{number}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                    <div class="scale__ends" aria-hidden="true">
                        <span>{low}</span>
                        <span>{high}</span>
                    </div>
                </fieldset>
            </div>
            <button type="submit" class="button">"Save and continue"</button>
        </form>
    }
    .into_any()
}
