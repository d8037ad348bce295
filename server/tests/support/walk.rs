//! Walking a course as a participant's browser would, through the ordinary forms, with
//! the right answers read from the course's own Markdown.

use std::collections::HashMap;

use super::{Browser, root_dir};

/// The right options (0-based) of every quiz in a course, read from its Markdown.
pub fn right_answers(course: &str) -> HashMap<String, Vec<usize>> {
    let dir = root_dir().join("content/courses").join(course);
    let mut answers = HashMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for block in text.split("```quiz id=").skip(1) {
            let (header, rest) = block.split_once('\n').unwrap();
            let id = header.split_whitespace().next().unwrap().to_owned();
            let body = rest.split("```").next().unwrap();
            let right = body
                .lines()
                .map(str::trim_start)
                .filter(|line| line.starts_with("- [") || line.starts_with("* ["))
                .enumerate()
                .filter(|(_, line)| line[3..].starts_with(['x', 'X']))
                .map(|(index, _)| index)
                .collect();
            answers.insert(id, right);
        }
    }
    answers
}

pub fn attr(html: &str, name: &str) -> Option<String> {
    let start = html.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = html[start..].find('"')? + start;
    Some(html[start..end].replace("&amp;", "&"))
}

pub fn form_action(html: &str, class: &str) -> Option<String> {
    html.split("<form").skip(1).find_map(|rest| {
        let tag = &rest[..rest.find('>')?];
        attr(tag, "class")
            .is_some_and(|c| c.contains(class))
            .then(|| attr(tag, "action"))
            .flatten()
    })
}

/// Works through the course through the same forms a browser would post, answering
/// every quiz right, for at most `pages` pages; true if it reached the finished page.
pub async fn walk_course(browser: &Browser, cookie: &str, assignment: &str, pages: usize) -> bool {
    walk(browser, cookie, assignment, pages, true).await
}

/// As [`walk_course`], answering every quiz wrong and trying the questions again until
/// no tries are left; true if it reached the finished page with none left.
pub async fn walk_course_failing(
    browser: &Browser,
    cookie: &str,
    assignment: &str,
    pages: usize,
) -> bool {
    walk(browser, cookie, assignment, pages, false).await
}

/// The first option (0-based) that is not a right answer.
fn a_wrong_answer(right: &[usize]) -> usize {
    (0..).find(|index| !right.contains(index)).unwrap()
}

async fn walk(
    browser: &Browser,
    cookie: &str,
    assignment: &str,
    pages: usize,
    right: bool,
) -> bool {
    let answers = right_answers("victim-awareness");
    let reflection =
        std::iter::repeat_n("I would stop and think about the other person first.", 12)
            .collect::<Vec<_>>()
            .join(" ");
    let mut path = format!("/my-courses/{assignment}");
    for _ in 0..pages {
        if path.ends_with("/finished") {
            if right {
                return true;
            }
            let finished = browser.get(cookie, &path).await.body;
            let Some(at) = finished.find(">Try the questions again</button>") else {
                return finished.contains("You have used all your tries");
            };
            let form = &finished[finished[..at].rfind("<form").unwrap()..at];
            let action = attr(form, "action").unwrap();
            let attempt = attr(&form[form.find("name=\"attempt\"").unwrap()..], "value").unwrap();
            let reply = browser
                .post(cookie, &action, &[("attempt", &attempt)])
                .await;
            assert_eq!(reply.status, 303, "trying again: {}", reply.body);
            path = reply.location;
            continue;
        }
        let page = browser.get(cookie, &path).await;
        if page.status == 303 || page.status == 302 {
            path = page.location;
            continue;
        }
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        let html = page.body;
        let reply = if html.contains("name=\"declare\"") {
            let at = html.find("name=\"declare\"").unwrap();
            let action = attr(&html[html[..at].rfind("<form").unwrap()..], "action").unwrap();
            browser.post(cookie, &action, &[("declare", "yes")]).await
        } else if let Some(action) = form_action(&html, "block--quiz") {
            let id = attr(&html[html.find("id=\"question-").unwrap() - 1..], "id")
                .unwrap()
                .trim_start_matches("question-")
                .to_owned();
            let chosen: Vec<String> = if right {
                answers[&id].iter().map(ToString::to_string).collect()
            } else {
                vec![a_wrong_answer(&answers[&id]).to_string()]
            };
            let form: Vec<(&str, &str)> = chosen.iter().map(|c| ("choice", c.as_str())).collect();
            browser.post(cookie, &action, &form).await
        } else if let Some(action) = form_action(&html, "block--reflect") {
            browser
                .post(
                    cookie,
                    &action,
                    &[("text", &reflection), ("intent", "answer")],
                )
                .await
        } else if let Some(action) = form_action(&html, "block--scale") {
            let at = html.find("name=\"value\"").unwrap();
            let value = attr(&html[at..], "value").unwrap();
            browser.post(cookie, &action, &[("value", &value)]).await
        } else if let Some(at) = html.find(">Continue</a>") {
            let tag_start = html[..at].rfind("<a").unwrap();
            path = attr(&html[tag_start..at], "href").unwrap();
            continue;
        } else if let Some(at) = html.find(">Continue</button>") {
            let form_start = html[..at].rfind("<form").unwrap();
            let action = attr(&html[form_start..at], "action").unwrap();
            browser.post(cookie, &action, &[]).await
        } else {
            panic!("no way on from {path}: {html}");
        };
        assert_eq!(reply.status, 303, "posting from {path}: {}", reply.body);
        path = reply.location;
    }
    path.ends_with("/finished")
}
