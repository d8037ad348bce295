//! Reflect blocks: a prompt for a written answer of at least `min-words`.

use super::BlockParser;
use crate::course::Reflect;
use crate::markdown::SourceEvent;

impl BlockParser<'_, '_, '_> {
    pub(super) fn reflect(
        &mut self,
        id: Option<String>,
        label: &str,
        events: &[SourceEvent<'_>],
    ) -> Option<Reflect> {
        let prompt_html = self.prompt(label, events);
        let min_words = match self.attribute("min-words") {
            None => Some(1),
            Some((value, at)) => {
                let words = value
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| value.parse::<u32>().ok())
                    .flatten()
                    .filter(|&words| words >= 1);
                if words.is_none() {
                    self.diags.error(
                        at,
                        format!(
                            "`min-words` must be a whole number of at least 1, like min-words=20, not `{value}`"
                        ),
                    );
                }
                words
            }
        };
        Some(Reflect {
            id: id?,
            prompt_html: prompt_html?,
            min_words: min_words?,
        })
    }
}
