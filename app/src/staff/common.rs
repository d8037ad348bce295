//! Pieces the staff pages share: titles, banners, warnings, date inputs, radios, select
//! options, summary lists and scrollable tables (GOV.UK Design System patterns).

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::view_model::OptionItem;
use crate::components::error_summary::ErrorMessage;

/// A staff page's `<title>`: "Error: " first when the form has problems.
pub fn staff_title(page: &str, has_errors: bool) -> String {
    let prefix = if has_errors { "Error: " } else { "" };
    format!("{prefix}{page} – Reroute staff")
}

/// The classes of a form group, marked when its field has a problem.
pub fn group_class(error: &Option<String>) -> &'static str {
    if error.is_some() {
        "form-group form-group--error"
    } else {
        "form-group"
    }
}

/// `aria-describedby` from the ids that apply (a hint, an error); none if none apply.
pub fn described_by(ids: &[Option<&str>]) -> Option<String> {
    let ids: Vec<&str> = ids.iter().flatten().copied().collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The choices with the one matching `value` selected; if `value` is empty the
/// server's own `selected` flags stand.
pub fn choose(options: Vec<OptionItem>, value: &str) -> Vec<OptionItem> {
    if value.is_empty() {
        return options;
    }
    options
        .into_iter()
        .map(|option| OptionItem {
            selected: option.value == value,
            ..option
        })
        .collect()
}

/// A count with thousands separators, for example "1,204".
pub fn group_digits(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Shown if a staff page is reached without the data the server should have given it.
#[component]
pub fn StaffMissingData() -> impl IntoView {
    view! {
        <PageTitle text="Sorry, there is a problem – Reroute staff"/>
        <h1>"Sorry, there is a problem"</h1>
        <p>"This page could not be shown. Try again in a few minutes."</p>
        <p><a href="/staff">"Go to the staff home page"</a></p>
    }
}

/// A GOV.UK notification banner: "Success" (announced politely) or "Important".
#[component]
pub fn NoticeBanner(notice: Option<String>, success: bool) -> impl IntoView {
    notice.map(|notice| {
        let (class, title) = if success {
            (
                "notification-banner notification-banner--success",
                "Success",
            )
        } else {
            ("notification-banner", "Important")
        };
        let role = if success { "status" } else { "region" };
        view! {
            <div class=class role=role aria-labelledby="notification-banner-title">
                <div class="notification-banner__header">
                    <h2 class="notification-banner__title" id="notification-banner-title">{title}</h2>
                </div>
                <div class="notification-banner__content">
                    <p class="notification-banner__heading">{notice}</p>
                </div>
            </div>
        }
    })
}

/// GOV.UK warning text: an exclamation mark and words in bold.
#[component]
pub fn WarningText(children: Children) -> impl IntoView {
    view! {
        <div class="warning-text">
            <span class="warning-text__icon" aria-hidden="true">"!"</span>
            <strong class="warning-text__text">
                <span class="visually-hidden">"Warning: "</span>
                {children()}
            </strong>
        </div>
    }
}

/// One row of a GOV.UK summary list (`<dl class="summary-list">`).
#[component]
pub fn SummaryRow(key: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="summary-list__row">
            <dt class="summary-list__key">{key}</dt>
            <dd class="summary-list__value">{children()}</dd>
        </div>
    }
}

/// A table that scrolls sideways inside itself on narrow screens, never the page. It can
/// be focused so keyboard users can scroll it too.
#[component]
pub fn TableRegion(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="table-region" role="region" aria-label=label tabindex="0">
            {children()}
        </div>
    }
}

/// The `<option>`s of a select. If none of them means "none chosen" (an empty value),
/// `blank` is added first so nothing is chosen by accident.
pub fn select_options(options: Vec<OptionItem>, blank: Option<&'static str>) -> impl IntoView {
    let needs_blank = !options.iter().any(|option| option.value.is_empty());
    let blank = blank
        .filter(|_| needs_blank)
        .map(|label| view! { <option value="">{label}</option> });
    view! {
        {blank}
        {options.into_iter().map(|option| view! {
            <option value=option.value selected=option.selected>{option.label}</option>
        }).collect_view()}
    }
}

/// A GOV.UK date input: day, month and year, with ids and names `{prefix}-day` and so on.
/// Problems are linked to `{prefix}-day`.
#[component]
pub fn DateInput(
    prefix: &'static str,
    legend: &'static str,
    hint: String,
    day: String,
    month: String,
    year: String,
    error: Option<String>,
) -> impl IntoView {
    let hint_id = format!("{prefix}-hint");
    let error_id = format!("{prefix}-error");
    let described = described_by(&[
        Some(hint_id.as_str()),
        error.as_ref().map(|_| error_id.as_str()),
    ]);
    let group = group_class(&error);
    let fields = [
        ("day", "Day", "input input--width-2", day),
        ("month", "Month", "input input--width-2", month),
        ("year", "Year", "input input--width-4", year),
    ];
    view! {
        <div class=group>
            <fieldset class="fieldset" role="group" aria-describedby=described>
                <legend class="label">{legend}</legend>
                <p class="hint" id=hint_id>{hint}</p>
                <ErrorMessage message=error id=error_id/>
                <div class="date-input">
                    {fields.into_iter().map(|(part, label, class, value)| {
                        let id = format!("{prefix}-{part}");
                        view! {
                            <div class="date-input__item">
                                <label class="label" for=id.clone()>{label}</label>
                                <input class=class id=id.clone() name=id type="text" inputmode="numeric"
                                    autocomplete="off" spellcheck="false" value=value/>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// GOV.UK radios in a fieldset. The first radio's id is `name` (so an error can link to
/// it), the others `{name}-2`, `{name}-3` and so on.
#[component]
pub fn Radios(
    name: &'static str,
    legend: &'static str,
    options: Vec<OptionItem>,
    error: Option<String>,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let described = error.as_ref().map(|_| error_id.clone());
    let group = group_class(&error);
    view! {
        <div class=group>
            <fieldset class="fieldset" aria-describedby=described>
                <legend class="label">{legend}</legend>
                <ErrorMessage message=error id=error_id/>
                <div class="choices">
                    {options.into_iter().enumerate().map(|(index, option)| {
                        let id = if index == 0 { name.to_string() } else { format!("{name}-{}", index + 1) };
                        view! {
                            <div class="choice">
                                <input class="choice__input" id=id.clone() name=name type="radio"
                                    value=option.value checked=option.selected/>
                                <label class="choice__label" for=id>{option.label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_in_threes() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1204), "1,204");
        assert_eq!(group_digits(1_234_567), "1,234,567");
    }

    #[test]
    fn a_typed_value_overrides_the_selected_flags() {
        let options = vec![
            OptionItem {
                value: "a".into(),
                label: "A".into(),
                selected: true,
            },
            OptionItem {
                value: "b".into(),
                label: "B".into(),
                selected: false,
            },
        ];
        let chosen = choose(options.clone(), "b");
        assert!(!chosen[0].selected && chosen[1].selected);
        assert_eq!(choose(options.clone(), ""), options);
    }

    #[test]
    fn described_by_skips_what_does_not_apply() {
        assert_eq!(described_by(&[None, None]), None);
        assert_eq!(
            described_by(&[Some("hint"), Some("error")]).as_deref(),
            Some("hint error")
        );
    }
}
