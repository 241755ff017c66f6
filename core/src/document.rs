//! [`Document`]: the text that detectors read, and the map from that text back to the
//! source the user gave us.
//!
//! For plain text the two are the same. For HTML (see [`crate::html`], which builds
//! documents from pages) the text is what a reader sees, and every text byte maps to a byte
//! in the HTML source; [`HtmlInfo`] keeps what the page says besides its text (links).

use crate::finding::Span;
use std::borrow::Cow;

/// How text offsets map to source offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OffsetMap {
    /// Text and source are the same string.
    Identity,
    /// Runs of text copied from the source: `(text_start, source_start, len)`, sorted by
    /// `text_start`. Text bytes outside every run (separators inserted between blocks) map
    /// to the nearest preceding source byte.
    Runs(Vec<(usize, usize, usize)>),
    /// Pieces of text taken from the source, sorted by [`Piece::text`] and not overlapping
    /// in the text. A piece whose text and source lengths are equal was copied byte for byte;
    /// any other piece (a decoded entity such as `&amp;`, a normalised `\r\n`) is atomic:
    /// its text maps to its whole source range. Text bytes outside every piece (separators)
    /// map to the end of the preceding piece's source.
    Pieces(Vec<Piece>),
}

/// One piece of an [`OffsetMap::Pieces`] map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Start byte in the text.
    pub text: usize,
    /// Length in the text.
    pub text_len: usize,
    /// Start byte in the source.
    pub source: usize,
    /// Length in the source.
    pub source_len: usize,
}

/// A link found in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The target as written (character references decoded, whitespace trimmed).
    pub href: String,
    /// Span of the attribute value in the HTML source.
    pub span: Span,
    /// When the link sits inside an element hidden with an inline style
    /// (`display:none`, `visibility:hidden`, off screen, zero size) or the `hidden`
    /// attribute: the span of that element's start tag in the source.
    pub hidden_by: Option<Span>,
}

/// What HTML extraction records besides the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlInfo {
    /// Links (`<a href>`, `<area href>`) in source order.
    pub links: Vec<Link>,
    /// The URL the page declares for itself (`<link rel="canonical">`, `<meta
    /// property="og:url">` or `<base href>`), the first one found.
    pub declared_url: Option<String>,
    /// Page chrome: text byte ranges (sorted, not overlapping) that come from navigation,
    /// page headers and footers, sidebars, breadcrumbs, pagination and share bars
    /// (`<nav>`, `<aside>`, `<header>`/`<footer>` outside `<article>`/`<main>`,
    /// `role=navigation|banner|contentinfo|complementary`, and the usual CMS class and id
    /// names, see [`crate::html::is_chrome_name`]). Not body text: the structure rules
    /// (template leftovers, repeated lines) leave it alone; word-level checks still read it,
    /// as it is published.
    pub chrome: Vec<(usize, usize)>,
}

impl HtmlInfo {
    /// True when text byte `pos` lies in page chrome (see [`HtmlInfo::chrome`]).
    pub fn in_chrome(&self, pos: usize) -> bool {
        let n = self.chrome.partition_point(|&(s, _)| s <= pos);
        n > 0 && self.chrome.get(n - 1).is_some_and(|&(_, e)| pos < e)
    }

    /// True when the page declares an `https://` URL for itself.
    pub fn declares_https(&self) -> bool {
        self.declared_url
            .as_deref()
            .is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"))
    }
}

/// Input prepared for checking.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    source: &'a str,
    text: Cow<'a, str>,
    map: OffsetMap,
    html: Option<Box<HtmlInfo>>,
}

impl<'a> Document<'a> {
    /// A plain-text document: detectors read `source` as it is.
    pub fn plain(source: &'a str) -> Self {
        Document {
            source,
            text: Cow::Borrowed(source),
            map: OffsetMap::Identity,
            html: None,
        }
    }

    /// A document whose checked text differs from its source (e.g. extracted from HTML).
    /// `map` must map every text char boundary to a source char boundary.
    pub fn with_map(source: &'a str, text: String, map: OffsetMap) -> Self {
        Document {
            source,
            text: Cow::Owned(text),
            map,
            html: None,
        }
    }

    /// Attaches what HTML extraction recorded (links, the page's declared URL).
    pub fn with_html_info(mut self, info: HtmlInfo) -> Self {
        self.html = Some(Box::new(info));
        self
    }

    /// What HTML extraction recorded, for documents made by [`Document::from_html`].
    pub fn html_info(&self) -> Option<&HtmlInfo> {
        self.html.as_deref()
    }

    /// The original input.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// The text detectors read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The offset map.
    pub fn map(&self) -> &OffsetMap {
        &self.map
    }

    /// Maps a byte offset in the text to a byte offset in the source. `end` selects the
    /// mapping for the end of a span (one past the last byte of the run it falls in).
    fn map_offset(&self, offset: usize, end: bool) -> usize {
        match &self.map {
            OffsetMap::Identity => offset,
            OffsetMap::Runs(runs) => {
                // Last run whose text_start is <= offset (or < offset for ends, so that an
                // end exactly at a run start maps to the end of the previous run).
                let idx =
                    runs.partition_point(|&(t, _, _)| if end { t < offset } else { t <= offset });
                if idx == 0 {
                    return runs
                        .first()
                        .map(|r| r.1)
                        .unwrap_or(0)
                        .min(self.source.len());
                }
                let (t, s, len) = runs[idx - 1];
                let within = (offset - t).min(len);
                (s + within).min(self.source.len())
            }
            OffsetMap::Pieces(pieces) => {
                let idx = pieces.partition_point(|p| {
                    if end {
                        p.text < offset
                    } else {
                        p.text <= offset
                    }
                });
                let Some(p) = idx.checked_sub(1).and_then(|i| pieces.get(i)) else {
                    return pieces
                        .first()
                        .map(|p| p.source)
                        .unwrap_or(0)
                        .min(self.source.len());
                };
                let within = offset.saturating_sub(p.text);
                let mapped = if within >= p.text_len {
                    p.source + p.source_len
                } else if p.text_len == p.source_len {
                    p.source + within
                } else if within == 0 {
                    p.source
                } else {
                    p.source + p.source_len
                };
                mapped.min(self.source.len())
            }
        }
    }

    /// Maps a span of the text to the span of the source it came from.
    pub fn to_source_span(&self, span: Span) -> Span {
        match self.map {
            OffsetMap::Identity => span,
            OffsetMap::Runs(_) | OffsetMap::Pieces(_) => {
                let start = self.map_offset(span.start, false);
                let end = self.map_offset(span.end, true).max(start);
                Span::new(start, end)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_is_identity() {
        let d = Document::plain("再接再励");
        assert_eq!(d.text(), d.source());
        assert_eq!(d.to_source_span(Span::new(3, 6)), Span::new(3, 6));
    }

    #[test]
    fn runs_map_across_removed_markup() {
        // source: 再接<b>再励</b>  text: 再接再励
        let src = "再接<b>再励</b>";
        let d = Document::with_map(
            src,
            "再接再励".into(),
            OffsetMap::Runs(vec![(0, 0, 6), (6, 9, 6)]),
        );
        let s = d.to_source_span(Span::new(0, 12));
        assert_eq!(&src[s.range()], "再接<b>再励");
        let s = d.to_source_span(Span::new(3, 6));
        assert_eq!(&src[s.range()], "接");
        let s = d.to_source_span(Span::new(6, 9));
        assert_eq!(&src[s.range()], "再");
    }
}
