//! Checking whole content folders: the valid fixture, versions, and folders
//! that cannot be read.

use std::fs;
use std::path::{Path, PathBuf};

use reroute_content::{CheckedContent, Course, check_content};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A scratch copy of a fixture folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn copy_of(fixture_name: &str, test_name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "reroute-content-{}-{test_name}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        if let Err(error) = copy_dir(&fixture(fixture_name), &dir) {
            panic!("copying the {fixture_name} fixture: {error}");
        }
        Scratch(dir)
    }

    fn course_dir(&self) -> PathBuf {
        self.0.join("courses/thinking-about-victims")
    }

    fn check(&self) -> CheckedContent {
        match check_content(&self.0) {
            Ok(checked) => checked,
            Err(error) => panic!("{error}"),
        }
    }

    fn only_course(&self) -> Course {
        let checked = self.check();
        assert_eq!(checked.diagnostics, vec![]);
        match checked.courses.as_slice() {
            [course] => course.clone(),
            other => panic!("expected one course, got {}", other.len()),
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

#[test]
fn reads_the_valid_fixture_without_problems() {
    let checked = check_content(&fixture("valid")).unwrap();
    assert_eq!(checked.diagnostics, vec![]);
    assert!(!checked.has_errors());
    assert_eq!(
        checked.report(),
        "checked 1 course, 2 lessons, 4 blocks: 0 errors, 0 warnings\n"
    );
    let site = checked.site.as_ref().unwrap();
    assert_eq!(site.organisation, "Cambridgeshire Constabulary");
    assert_eq!(site.support.len(), 2);
    let course = &checked.courses[0];
    assert_eq!(course.id, "thinking-about-victims");
    assert_eq!(course.offences, ["theft", "criminal-damage"]);
    assert_eq!(
        (course.minutes, course.pass_mark, course.attempts),
        (45, 70, 3)
    );
    assert_eq!(
        (course.language.as_str(), course.reading_age),
        ("en", Some(9))
    );
    assert_eq!(
        course.lessons.iter().map(|l| l.number).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(
        course.quizzes().filter(|q| q.is_multiple_choice()).count(),
        1
    );
    assert_eq!(
        checked.reading_age_report(),
        "thinking-about-victims/01-who-is-affected: reading age 9\n\
         thinking-about-victims/02-next-time: reading age 6\n"
    );
}

#[test]
fn fills_in_defaults_for_optional_course_keys() {
    let scratch = Scratch::copy_of("valid", "defaults");
    fs::write(
        scratch.course_dir().join("course.toml"),
        "title = \"T\"\nsummary = \"S\"\nminutes = 5\n",
    )
    .unwrap();
    let course = scratch.only_course();
    assert_eq!(course.offences, Vec::<String>::new());
    assert_eq!((course.pass_mark, course.attempts), (0, 3));
    assert_eq!((course.language.as_str(), course.reading_age), ("en", None));
}

#[test]
fn gives_the_same_version_to_the_same_files() {
    let a = Scratch::copy_of("valid", "same-a").only_course();
    let b = Scratch::copy_of("valid", "same-b").only_course();
    assert_eq!(a.version.len(), 64);
    assert_eq!(a.version, b.version);
}

#[test]
fn changes_the_version_when_any_file_changes_or_is_renamed() {
    let scratch = Scratch::copy_of("valid", "version");
    let original = scratch.only_course().version;

    let image = scratch.course_dir().join("media/shop.png");
    let mut bytes = fs::read(&image).unwrap();
    bytes.push(0);
    fs::write(&image, &bytes).unwrap();
    let after_edit = scratch.only_course().version;
    assert_ne!(after_edit, original);

    fs::rename(
        scratch.course_dir().join("02-next-time.md"),
        scratch.course_dir().join("03-next-time.md"),
    )
    .unwrap();
    let after_rename = scratch.only_course().version;
    assert_ne!(after_rename, after_edit);
}

#[test]
fn ignores_hidden_files() {
    let scratch = Scratch::copy_of("valid", "hidden");
    let original = scratch.only_course().version;
    fs::write(scratch.course_dir().join(".DS_Store"), [0u8, 1, 2]).unwrap();
    fs::write(scratch.0.join("courses/.gitkeep"), "").unwrap();
    assert_eq!(scratch.only_course().version, original);
}

#[test]
fn leaves_out_a_course_with_errors_but_serves_the_rest() {
    let scratch = Scratch::copy_of("valid", "one-bad");
    let second = scratch.0.join("courses/second");
    fs::create_dir_all(&second).unwrap();
    fs::write(
        second.join("course.toml"),
        "title = \"T\"\nsummary = \"S\"\nminutes = 5\n",
    )
    .unwrap();
    fs::write(second.join("01-a.md"), "No title here.\n").unwrap();
    let checked = scratch.check();
    assert!(checked.has_errors());
    assert_eq!(checked.summary.courses, 2);
    assert_eq!(checked.courses.len(), 1);
    assert_eq!(checked.courses[0].id, "thinking-about-victims");
    assert!(
        checked
            .report()
            .ends_with("checked 2 courses, 3 lessons, 4 blocks: 1 error, 0 warnings\n")
    );
}

#[test]
fn reports_a_missing_courses_folder() {
    let scratch = Scratch::copy_of("valid", "no-courses");
    fs::remove_dir_all(scratch.0.join("courses")).unwrap();
    let printed: Vec<String> = scratch
        .check()
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        printed,
        [
            "courses:1:1: error: there is no courses/ folder: create courses/<course-id>/ with a course.toml and lessons"
        ]
    );
}

#[test]
fn fails_with_unreadable_dir_for_a_folder_that_is_not_there() {
    let missing = fixture("no-such-folder");
    let error = check_content(&missing).unwrap_err();
    assert_eq!(error.path, missing);
    assert!(
        error
            .to_string()
            .starts_with("cannot read the content folder "),
        "{error}"
    );
}

#[test]
fn fails_with_unreadable_dir_for_a_file() {
    let error = check_content(&fixture("valid/site.toml")).unwrap_err();
    assert!(error.to_string().contains("site.toml"), "{error}");
}

#[test]
fn stores_and_reloads_a_course_as_json() {
    let checked = check_content(&fixture("valid")).unwrap();
    let json = serde_json::to_string(&checked.courses[0]).unwrap();
    let reloaded: Course = serde_json::from_str(&json).unwrap();
    assert_eq!(reloaded, checked.courses[0]);
}
