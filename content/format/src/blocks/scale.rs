//! Scale blocks: a prompt for a whole number from `min` to `max`.

use super::BlockParser;
use crate::course::Scale;
use crate::markdown::SourceEvent;

/// Scales with more points than this get a warning.
const MAX_SCALE_POINTS: i64 = 11;

impl BlockParser<'_, '_, '_> {
    pub(super) fn scale(
        &mut self,
        id: Option<String>,
        label: &str,
        events: &[SourceEvent<'_>],
    ) -> Option<Scale> {
        let prompt_html = self.prompt(label, events);
        let min = self.scale_end(label, "min", "min=1");
        let max = self.scale_end(label, "max", "max=10");
        if let (Some(min), Some(max)) = (min, max) {
            let at = self
                .attribute("min")
                .map_or(self.block.fence_at, |(_, at)| at);
            if min >= max {
                self.diags.error(
                    at,
                    format!("{label} has min={min} and max={max}: min must be less than max"),
                );
                return None;
            }
            let points = i64::from(max) - i64::from(min) + 1;
            if points > MAX_SCALE_POINTS {
                self.diags.warning(
                    at,
                    format!(
                        "{label} has {points} points, too many to choose from on a phone: use at most {MAX_SCALE_POINTS}, like min=0 max=10"
                    ),
                );
            }
        }
        Some(Scale {
            id: id?,
            prompt_html: prompt_html?,
            min: min?,
            max: max?,
            low: self.attribute("low").map(|(low, _)| low.to_owned()),
            high: self.attribute("high").map(|(high, _)| high.to_owned()),
        })
    }

    fn scale_end(&mut self, label: &str, key: &str, example: &str) -> Option<i32> {
        let Some((value, at)) = self.attribute(key) else {
            self.diags.error(
                self.block.fence_at,
                format!("{label} has no `{key}`: add {example} to its first line"),
            );
            return None;
        };
        let digits = value.strip_prefix('-').unwrap_or(value);
        let number = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| value.parse::<i32>().ok())
            .flatten();
        if number.is_none() {
            self.diags.error(
                at,
                format!("`{key}` must be a whole number, like {example}, not `{value}`"),
            );
        }
        number
    }
}

#[cfg(test)]
mod tests {
    use crate::blocks::tests::block;
    use crate::course::{LessonPart, Scale};

    #[test]
    fn reads_a_scale_with_quoted_labels_in_a_tilde_fence() {
        let (parsed, diagnostics) =
            block("~~~~ scale id=s min=-2 max=2 low=\"Not at all\" high=Very\nHow sure?\n~~~~\n");
        assert_eq!(diagnostics, vec![]);
        assert_eq!(
            parsed.part,
            Some(LessonPart::Scale(Scale {
                id: "s".into(),
                prompt_html: "<p>How sure?</p>\n".into(),
                min: -2,
                max: 2,
                low: Some("Not at all".into()),
                high: Some("Very".into()),
            }))
        );
    }
}
