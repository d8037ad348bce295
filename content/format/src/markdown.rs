//! Parsing Markdown into events that know where they are in the file.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};

/// A Markdown event with the byte range of its source in the file.
pub(crate) type SourceEvent<'a> = (Event<'a>, Range<usize>);

/// The pulldown-cmark options for lessons, set here and nowhere else:
/// CommonMark plus GitHub tables and task lists. No smart punctuation (it
/// would change what authors typed) and no metadata blocks (front matter is
/// split off by [`crate::front_matter`], which reports an unclosed one).
pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS
}

/// Maps offsets in a text made of pieces of the file back to the file: the
/// body after front matter, or the inside of a fenced block (whose lines may
/// have lost container indentation).
#[derive(Clone, Debug)]
pub(crate) struct SourceMap {
    /// `(text offset, file offset)` where each piece starts, by text offset.
    pieces: Vec<(usize, usize)>,
}

impl SourceMap {
    /// A text that is the file from `base` on.
    pub(crate) fn starting_at(base: usize) -> Self {
        SourceMap {
            pieces: vec![(0, base)],
        }
    }

    /// An empty map, to be filled with [`SourceMap::push`].
    pub(crate) fn pieces() -> Self {
        SourceMap { pieces: Vec::new() }
    }

    /// Records that the text from `text_offset` on comes from `file_offset`.
    pub(crate) fn push(&mut self, text_offset: usize, file_offset: usize) {
        self.pieces.push((text_offset, file_offset));
    }

    pub(crate) fn to_file(&self, text_offset: usize) -> usize {
        let piece = self
            .pieces
            .partition_point(|&(start, _)| start <= text_offset);
        match piece.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(text_start, file_start)) => file_start + (text_offset - text_start),
            None => self.pieces.first().map_or(text_offset, |&(_, file)| file),
        }
    }
}

/// Parses `text` with [`markdown_options`], giving each event its range in
/// the file.
pub(crate) fn parse_markdown<'a>(text: &'a str, map: &SourceMap) -> Vec<SourceEvent<'a>> {
    Parser::new_ext(text, markdown_options())
        .into_offset_iter()
        .map(|(event, range)| (event, map.to_file(range.start)..map.to_file(range.end)))
        .collect()
}

/// The index ranges of the top-level elements (paragraphs, lists, code
/// blocks…) of an event list.
pub(crate) fn top_level(events: &[SourceEvent<'_>]) -> Vec<Range<usize>> {
    let mut elements = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (index, (event, _)) in events.iter().enumerate() {
        if depth == 0 {
            start = index;
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            elements.push(start..index + 1);
        }
    }
    if depth > 0 {
        elements.push(start..events.len());
    }
    elements
}

/// The index just past the `End` that matches the `Start` at `start`.
pub(crate) fn end_of(events: &[SourceEvent<'_>], start: usize) -> usize {
    let mut depth = 0usize;
    for (index, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return index + 1;
                }
            }
            _ if depth == 0 => return index + 1,
            _ => {}
        }
    }
    events.len()
}

/// The text of some events without markup, as for alt text or a title.
pub(crate) fn plain_text(events: &[SourceEvent<'_>]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_of_pieces_back_to_the_file() {
        let mut map = SourceMap::pieces();
        map.push(0, 10);
        map.push(5, 30);
        assert_eq!(map.to_file(0), 10);
        assert_eq!(map.to_file(4), 14);
        assert_eq!(map.to_file(6), 31);
        assert_eq!(SourceMap::starting_at(7).to_file(3), 10);
        assert_eq!(SourceMap::pieces().to_file(3), 3);
    }

    #[test]
    fn finds_top_level_elements_and_their_ends() {
        let events = parse_markdown("# T\n\n- a\n- b\n\n---\n", &SourceMap::starting_at(0));
        let elements = top_level(&events);
        assert_eq!(elements.len(), 3);
        assert_eq!(end_of(&events, elements[1].start), elements[1].end);
        assert!(matches!(events[elements[2].start].0, Event::Rule));
        assert_eq!(plain_text(&events[elements[0].clone()]), "T");
    }

    #[test]
    fn shifts_ranges_by_the_body_offset() {
        let events = parse_markdown("hi", &SourceMap::starting_at(100));
        assert_eq!(events[0].1, 100..102);
    }
}
