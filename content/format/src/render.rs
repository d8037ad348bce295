//! Markdown events to safe HTML, reporting what lessons may not contain.
//!
//! Safety does not depend on the checker having run: raw HTML is written out
//! as escaped text, links and images whose address is not allowed lose it,
//! and every attribute this module writes is escaped here.

use std::collections::BTreeSet;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd, html::push_html,
};
use pulldown_cmark_escape::{FmtWriter, escape_href, escape_html};

use crate::blocks::code_block_message;
use crate::diagnostics::FileDiagnostics;
use crate::markdown::{SourceEvent, end_of, plain_text};
use crate::urls::{Target, classify, percent_encode_path};

const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif", "svg"];
const AUDIO_EXTENSIONS: &[&str] = &["mp3", "ogg", "m4a", "wav"];

/// What rendering a lesson needs to know.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RenderContext<'a> {
    /// The URL prefix that replaces `media/` in paths.
    pub(crate) media_base_url: &'a str,
    /// The course's files, relative to its folder, with `/`.
    pub(crate) course_files: &'a BTreeSet<String>,
    /// The biggest heading level in the lesson body, which becomes `<h2>`.
    pub(crate) top_heading: HeadingLevel,
}

/// HTML and the media files it uses.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub(crate) html: String,
    pub(crate) media: Vec<String>,
}

/// Renders `events` (a balanced run of them) to HTML, reporting every raw
/// HTML, code block, bad link and bad image to `diags`.
pub(crate) fn render(
    events: &[SourceEvent<'_>],
    ctx: &RenderContext<'_>,
    diags: &mut FileDiagnostics<'_>,
) -> Rendered {
    let mut renderer = Renderer {
        ctx,
        diags,
        out: Vec::with_capacity(events.len()),
        links_opened: Vec::new(),
        media: Vec::new(),
    };
    let mut index = 0;
    while index < events.len() {
        index = renderer.event(events, index);
    }
    let mut html = String::new();
    push_html(&mut html, renderer.out.into_iter());
    Rendered {
        html,
        media: renderer.media,
    }
}

struct Renderer<'r, 'a, 'd> {
    ctx: &'r RenderContext<'r>,
    diags: &'r mut FileDiagnostics<'d>,
    out: Vec<Event<'a>>,
    /// For each open link, whether its `<a>` was written.
    links_opened: Vec<bool>,
    media: Vec<String>,
}

impl<'a> Renderer<'_, 'a, '_> {
    /// Handles the event at `index`; returns the index of the next one.
    fn event(&mut self, events: &[SourceEvent<'a>], index: usize) -> usize {
        let (event, range) = &events[index];
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.out.push(Event::Start(Tag::Heading {
                    level: self.heading(*level),
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                self.out
                    .push(Event::End(TagEnd::Heading(self.heading(*level))));
            }
            Event::Start(Tag::Table(alignments)) => {
                // Column alignment would need inline style attributes, which
                // a strict Content-Security-Policy blocks; tables stay plain.
                let plain = vec![Alignment::None; alignments.len()];
                self.out.push(Event::Start(Tag::Table(plain)));
            }
            Event::Start(Tag::HtmlBlock) => {
                let first_line = events.get(index + 1).map_or("", |(event, _)| match event {
                    Event::Html(html) => html.as_ref(),
                    _ => "",
                });
                self.raw_html(range.start, first_line);
                self.out.push(event.clone());
            }
            Event::Html(html) => self.out.push(Event::Text(html.clone())),
            Event::InlineHtml(html) => {
                self.raw_html(range.start, html);
                self.out.push(Event::Text(html.clone()));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.diags.error(range.start, code_block_message(kind));
                // Shown as plain <pre><code>, without a class from the info string.
                self.out
                    .push(Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => self.link(events, index, *link_type, dest_url, title),
            Event::End(TagEnd::Link) => {
                if self.links_opened.pop() == Some(true) {
                    self.out.push(Event::InlineHtml("</a>".into()));
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                return self.image(events, index, dest_url, title);
            }
            other => self.out.push(other.clone()),
        }
        index + 1
    }

    /// Lesson headings sit under the page's `<h1>` (the lesson title): the
    /// body's biggest heading becomes `<h2>` and the rest keep their place
    /// relative to it, down to `<h6>`.
    fn heading(&self, level: HeadingLevel) -> HeadingLevel {
        let shifted = (level as usize + 2).saturating_sub(self.ctx.top_heading as usize);
        match shifted {
            0..=2 => HeadingLevel::H2,
            3 => HeadingLevel::H3,
            4 => HeadingLevel::H4,
            5 => HeadingLevel::H5,
            _ => HeadingLevel::H6,
        }
    }

    fn raw_html(&mut self, offset: usize, html: &str) {
        let snippet: String = html
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .chars()
            .take(40)
            .collect();
        self.diags.error(
            offset,
            format!(
                "raw HTML `{snippet}` is not allowed in lessons: write it in Markdown \
                 (it is shown as plain text)"
            ),
        );
    }

    fn link(
        &mut self,
        events: &[SourceEvent<'a>],
        index: usize,
        link_type: LinkType,
        destination: &str,
        title: &str,
    ) {
        let offset = events[index].1.start;
        let end = end_of(events, index);
        let text = plain_text(&events[index + 1..end.saturating_sub(1).max(index + 1)]);
        if text.is_empty() {
            self.diags.error(
                offset,
                format!(
                    "link to `{destination}` has no text: write what it leads to in the [brackets]"
                ),
            );
        }
        let destination = match link_type {
            LinkType::Email => format!("mailto:{destination}"),
            _ => destination.to_owned(),
        };
        let href = match classify(&destination, self.ctx.course_files) {
            Ok(Target::External(url)) => {
                let mut tag = String::from("<a href=\"");
                push_escaped_href(&mut tag, &url);
                // noreferrer keeps lesson addresses private; links open in
                // the same tab (no target), which suits screen reader users.
                tag.push_str("\" rel=\"noopener noreferrer\"");
                Some(tag)
            }
            Ok(Target::Media { path, suffix }) => {
                let tag = format!("<a href=\"{}\"", self.media_url(&path, &suffix));
                self.media.push(path);
                Some(tag)
            }
            Err(problem) => {
                self.diags.error(offset, format!("link {problem}"));
                None
            }
        };
        self.links_opened.push(href.is_some());
        if let Some(mut tag) = href {
            push_title(&mut tag, title);
            tag.push('>');
            self.out.push(Event::InlineHtml(tag.into()));
        }
    }

    fn image(
        &mut self,
        events: &[SourceEvent<'a>],
        index: usize,
        destination: &str,
        title: &str,
    ) -> usize {
        let offset = events[index].1.start;
        let end = end_of(events, index);
        let alt = plain_text(&events[index + 1..end.saturating_sub(1).max(index + 1)]);
        if alt.is_empty() {
            self.diags.error(
                offset,
                format!(
                    "image `{destination}` has no alt text: describe it in the brackets, like ![A park bench at night]({destination})"
                ),
            );
        }
        let (path, suffix) = match classify(destination, self.ctx.course_files) {
            Ok(Target::Media { path, suffix }) => (path, suffix),
            Ok(Target::External(_)) => {
                self.diags.error(
                    offset,
                    format!(
                        "image `{destination}` is on another site: images and audio must be files in the course's media/ folder"
                    ),
                );
                return end;
            }
            Err(problem) => {
                self.diags.error(offset, format!("image {problem}"));
                return end;
            }
        };
        let extension = path
            .rsplit_once('.')
            .map_or(String::new(), |(_, extension)| {
                extension.to_ascii_lowercase()
            });
        let url = self.media_url(&path, &suffix);
        let mut alt_attr = String::new();
        push_escaped(&mut alt_attr, &alt);
        let tag = if AUDIO_EXTENSIONS.contains(&extension.as_str()) {
            // The alt text labels the player and is the fallback link.
            Some(format!(
                "<audio controls preload=\"none\" src=\"{url}\" aria-label=\"{alt_attr}\"><a href=\"{url}\">{alt_attr}</a></audio>"
            ))
        } else if IMAGE_EXTENSIONS.contains(&extension.as_str()) {
            let mut tag = format!("<img src=\"{url}\" alt=\"{alt_attr}\" loading=\"lazy\"");
            push_title(&mut tag, title);
            tag.push('>');
            Some(tag)
        } else {
            self.diags.error(
                offset,
                format!(
                    "`{destination}` is not an image or audio file: use {} for images or {} for audio, \
                     or link to it as [text]({destination})",
                    IMAGE_EXTENSIONS.join(", "),
                    AUDIO_EXTENSIONS.join(", ")
                ),
            );
            None
        };
        self.media.push(path);
        if let Some(tag) = tag {
            self.out.push(Event::InlineHtml(CowStr::from(tag)));
        }
        end
    }

    fn media_url(&self, path: &str, suffix: &str) -> String {
        let mut url = String::new();
        push_escaped(&mut url, self.ctx.media_base_url);
        url.push_str(&percent_encode_path(
            path.strip_prefix("media/").unwrap_or(path),
        ));
        push_escaped_href(&mut url, suffix);
        url
    }
}

fn push_title(tag: &mut String, title: &str) {
    if !title.is_empty() {
        tag.push_str(" title=\"");
        push_escaped(tag, title);
        tag.push('"');
    }
}

/// Escapes text for an HTML attribute or body.
fn push_escaped(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = escape_html(FmtWriter(out), text);
}

/// Escapes a URL for an `href`, percent-encoding what is unsafe.
fn push_escaped_href(out: &mut String, url: &str) {
    // Writing to a String cannot fail.
    let _ = escape_href(FmtWriter(out), url);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{SourceMap, parse_markdown};

    fn render_with(markdown: &str, top_heading: HeadingLevel) -> (String, Vec<String>) {
        let files = BTreeSet::from(["media/a b.png".to_owned(), "media/x.pdf".to_owned()]);
        let ctx = RenderContext {
            media_base_url: "/courses/c/media/",
            course_files: &files,
            top_heading,
        };
        let mut diags = FileDiagnostics::new("l.md", markdown);
        let events = parse_markdown(markdown, &SourceMap::starting_at(0));
        let rendered = render(&events, &ctx, &mut diags);
        let messages = diags.into_vec().iter().map(|d| d.message.clone()).collect();
        (rendered.html, messages)
    }

    #[test]
    fn shifts_headings_so_the_top_one_is_h2() {
        let (html, _) = render_with("## a\n### b\n###### c\n", HeadingLevel::H2);
        assert_eq!(html, "<h2>a</h2>\n<h3>b</h3>\n<h6>c</h6>\n");
        let (html, _) = render_with("# a\n###### b\n", HeadingLevel::H1);
        assert_eq!(html, "<h2>a</h2>\n<h6>b</h6>\n");
    }

    #[test]
    fn links_media_files_under_the_base_url_with_escaping() {
        let (html, messages) = render_with(
            "[Sheet](<media/x.pdf> \"A \\\"sheet\\\"\") ![A](media/a%20b.png#f)\n",
            HeadingLevel::H1,
        );
        assert_eq!(messages, Vec::<String>::new());
        assert_eq!(
            html,
            "<p><a href=\"/courses/c/media/x.pdf\" title=\"A &quot;sheet&quot;\">Sheet</a> \
             <img src=\"/courses/c/media/a%20b.png#f\" alt=\"A\" loading=\"lazy\"></p>\n"
        );
    }

    #[test]
    fn drops_the_address_of_a_rejected_link_but_keeps_its_text() {
        let (html, messages) =
            render_with("[Read *this*](javascript:alert(1))\n", HeadingLevel::H1);
        assert_eq!(html, "<p>Read <em>this</em></p>\n");
        assert_eq!(messages.len(), 1);
    }

    #[test]
    fn shows_code_blocks_as_plain_escaped_text() {
        let (html, messages) = render_with("> ```js\n> <b>\n> ```\n", HeadingLevel::H1);
        assert_eq!(
            html,
            "<blockquote>\n<pre><code>&lt;b&gt;\n</code></pre>\n</blockquote>\n"
        );
        assert_eq!(messages.len(), 1);
    }
}
