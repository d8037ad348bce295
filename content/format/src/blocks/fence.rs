//! Finding a fenced block's fence, info string and content in the file.

use pulldown_cmark::{CodeBlockKind, Event, Tag};

use crate::markdown::{SourceEvent, SourceMap};

/// A fenced block at the top level of a lesson, as written in the file.
#[derive(Debug)]
pub(crate) struct FencedBlock {
    /// The opening fence, like "```" or "~~~~".
    pub(super) fence: String,
    pub(super) fence_at: usize,
    /// The info string as written (after the fence), and where it starts.
    pub(super) info: String,
    pub(super) info_at: usize,
    /// The content, and where its pieces are in the file.
    pub(super) content: String,
    pub(super) map: SourceMap,
    pub(super) closed: bool,
}

impl FencedBlock {
    /// The fenced block that `element` (the events of one top-level element
    /// of a lesson body) is, if it is one.
    pub(crate) fn from_element(source: &str, element: &[SourceEvent<'_>]) -> Option<Self> {
        let (Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(parsed_info))), range) =
            element.first()?
        else {
            return None;
        };
        let fence_at = range.start;
        let written = source.get(range.clone()).unwrap_or("");
        let first_line = written
            .split('\n')
            .next()
            .unwrap_or("")
            .trim_end_matches('\r');
        let fence_char = first_line.chars().next().filter(|c| matches!(c, '`' | '~'));
        let fence_len =
            fence_char.map_or(0, |c| first_line.chars().take_while(|&f| f == c).count());
        let (fence, info, info_at) = match fence_char {
            Some(c) if fence_len >= 3 => (
                c.to_string().repeat(fence_len),
                first_line[fence_len..].to_owned(),
                fence_at + fence_len,
            ),
            // Not expected for a top-level block; fall back to the parsed info.
            _ => ("```".to_owned(), parsed_info.to_string(), fence_at),
        };
        let last_line = written
            .trim_end_matches(['\n', '\r'])
            .rsplit('\n')
            .next()
            .unwrap_or("")
            .trim();
        let closed = written.trim_end_matches(['\n', '\r']).contains('\n')
            && last_line.len() >= fence.len()
            && last_line.chars().all(|c| Some(c) == fence_char);
        let mut content = String::new();
        let mut map = SourceMap::pieces();
        for (event, range) in element {
            if let Event::Text(text) = event {
                map.push(content.len(), range.start);
                content.push_str(text);
            }
        }
        Some(FencedBlock {
            fence,
            fence_at,
            info,
            info_at,
            content,
            map,
            closed,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::blocks::tests::block;

    #[test]
    fn recognises_a_closing_fence_only_of_the_same_kind_and_length() {
        let (_, diagnostics) = block("````reflect id=r\nWhy?\n```\n");
        assert!(
            diagnostics[0].message.contains("never closed"),
            "{diagnostics:?}"
        );
        let (_, closed) = block("````reflect id=r\nWhy?\n`````\n");
        assert_eq!(closed, vec![]);
    }
}
