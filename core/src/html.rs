//! HTML input: the text a reader sees, mapped back to the HTML source.
//!
//! [`Document::from_html`] tokenizes the page with `html5gum` (a WHATWG tokenizer) and
//! keeps the visible text: character references are decoded (a decoded character maps to
//! its whole reference in the source), `<script>`, `<style>`, comments and (by default)
//! `<code>`/`<pre>` are left out, block elements (`<p>`, `<br>`, `<div>`, `<td>`, `<li>`,
//! headings …) separate the text with a `\n` so that no match spans two blocks, and inline
//! elements (`<b>`, `<span>`, `<a>` …) do not break words. `alt` and `title` attributes and
//! `<meta name="description">` content are checked as blocks of their own. Links (`<a href>`,
//! `<area href>`) are recorded with their source spans for the link checks
//! ([`crate::detectors::links`], a detector like the others).
//!
//! A line break between two East Asian wide characters is dropped, as CSS renders it
//! (`再接⏎再励` reads `再接再励`). Text inside hidden elements is still checked (it is
//! published, and injected spam hides there); the link checks report hidden links.
//!
//! Work is linear in the size of the page, also for deeply nested or misnested markup.

use crate::document::{Document, OffsetMap, Piece};
use crate::finding::Span;
use html5gum::{naive_next_state, Emitter, Error as HtmlError, State, Tokenizer};
use std::collections::{HashMap, VecDeque};

/// What HTML extraction leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HtmlOptions {
    /// Leave out the text of `<code>` and `<pre>` elements (default: true).
    pub skip_code: bool,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions { skip_code: true }
    }
}

pub use crate::document::{HtmlInfo, Link};

impl<'a> Document<'a> {
    /// Extracts the text a reader sees from an HTML page (default [`HtmlOptions`]).
    /// Never fails: malformed markup is read the way the HTML standard's tokenizer reads it.
    pub fn from_html(html: &'a str) -> Self {
        Self::from_html_with(html, &HtmlOptions::default())
    }

    /// Extracts the text a reader sees from an HTML page. Never fails.
    pub fn from_html_with(html: &'a str, opts: &HtmlOptions) -> Self {
        let (text, pieces, info) = extract(html, opts);
        Document::with_map(html, text, OffsetMap::Pieces(pieces)).with_html_info(info)
    }
}

// ---------------------------------------------------------------------------------------
// Tokenizer events
// ---------------------------------------------------------------------------------------

/// A decoded string with its pieces (relative to the string) mapped to the source.
#[derive(Debug, Default)]
struct Mapped {
    text: String,
    pieces: Vec<Piece>,
}

/// A [`Mapped`] being collected: raw bytes, as the tokenizer may hand over a character in
/// several calls.
#[derive(Debug, Default)]
struct RawMapped {
    /// Decoded so far (complete characters).
    text: String,
    /// Bytes of an incomplete character at the end.
    tail: Vec<u8>,
    /// True when invalid UTF-8 was replaced (never for `&str` input).
    lossy: bool,
    pieces: Vec<Piece>,
}

#[derive(Debug)]
struct Attr {
    name: String,
    value: Mapped,
}

#[derive(Debug)]
enum Tok {
    Text(Mapped),
    Start {
        name: String,
        attrs: Vec<Attr>,
        span: Span,
    },
    End {
        name: String,
    },
}

/// An `html5gum` emitter that tracks where each decoded string came from.
struct Collector<'a> {
    src: &'a str,
    pos: usize,
    /// End in the source of the last thing accounted for (text piece or token).
    mark: usize,
    /// Same, within the current attribute value.
    attr_mark: usize,
    queue: VecDeque<Tok>,
    text: RawMapped,
    tag_is_end: bool,
    tag_name: Vec<u8>,
    tag_start: usize,
    attrs: Vec<Attr>,
    attr_name: Vec<u8>,
    attr_value: RawMapped,
    in_attr: bool,
    last_start_tag: Vec<u8>,
}

/// Where a decoded chunk `s` came from, looking at `mark` first, then just before `pos`;
/// otherwise an atomic range from `mark` (a character reference or normalised newline).
/// Returns `(source_start, source_len, is_byte_copy)`.
fn locate_copy(src: &str, s: &[u8], mark: usize, pos: usize) -> (usize, usize, bool) {
    let bytes = src.as_bytes();
    // A decoded `&` from `&amp;`/`&#38;` must not be taken for a literal `&`.
    let amp_reference = s.first() == Some(&b'&')
        && bytes.get(mark..).is_some_and(|rest| {
            let head: Vec<u8> = rest.iter().take(5).map(u8::to_ascii_lowercase).collect();
            head.starts_with(b"&amp") || head.starts_with(b"&#38") || head.starts_with(b"&#x26")
        });
    if !amp_reference && bytes.get(mark..mark + s.len()) == Some(s) {
        return (mark, s.len(), true);
    }
    if let Some(start) = pos.checked_sub(s.len()) {
        if start >= mark && bytes.get(start..pos) == Some(s) {
            return (start, s.len(), true);
        }
    }
    // A character reference, a normalised `\r`, or a replaced NUL: it starts at the first
    // `&`, `\r` or NUL after `mark` (skipped bytes such as the `\n` of a `\r\n` may come
    // first).
    let mark = mark.min(bytes.len());
    let limit = pos.max(mark + 1).min(bytes.len());
    let start = bytes[mark..limit]
        .iter()
        .position(|&c| matches!(c, b'&' | b'\r' | 0))
        .map_or(mark, |i| mark + i);
    let mut end = if bytes.get(start) == Some(&b'\r') {
        // `\r\n` became one `\n`: the skipped `\n` belongs to this piece.
        reference_end(bytes, start)
    } else {
        reference_end(bytes, start).min(pos.max(start + 1))
    }
    .min(bytes.len())
    .max(start);
    while end < bytes.len() && !src.is_char_boundary(end) {
        end += 1;
    }
    (start, end - start, false)
}

/// The end of the character reference (or `\r\n`, or single character) starting at `i`.
fn reference_end(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'&') => {
            let mut j = i + 1;
            if b.get(j) == Some(&b'#') {
                j += 1;
                let hex = matches!(b.get(j), Some(b'x' | b'X'));
                if hex {
                    j += 1;
                }
                while b.get(j).is_some_and(|c| {
                    if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    }
                }) {
                    j += 1;
                }
            } else {
                while b.get(j).is_some_and(|c| c.is_ascii_alphanumeric()) {
                    j += 1;
                }
            }
            if b.get(j) == Some(&b';') {
                j += 1;
            }
            j
        }
        Some(b'\r') if b.get(i + 1) == Some(&b'\n') => i + 2,
        Some(&c) => {
            let w = match c {
                0x00..=0x7f => 1,
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
            i + w
        }
        None => i,
    }
}

impl RawMapped {
    fn is_empty(&self) -> bool {
        self.text.is_empty() && self.tail.is_empty()
    }

    /// Moves the complete characters of `tail` to `text`.
    fn drain_tail(&mut self) {
        match std::str::from_utf8(&self.tail) {
            Ok(t) => {
                self.text.push_str(t);
                self.tail.clear();
            }
            Err(e) => {
                let valid = e.valid_up_to();
                if let Ok(t) = std::str::from_utf8(&self.tail[..valid]) {
                    self.text.push_str(t);
                }
                if e.error_len().is_some() {
                    self.lossy = true;
                    self.text
                        .push_str(&String::from_utf8_lossy(&self.tail[valid..]));
                    self.tail.clear();
                } else {
                    self.tail.drain(..valid);
                }
            }
        }
    }

    /// The decoded string. Should the bytes not be UTF-8 (they always are for `&str`
    /// input), the whole string maps to the whole source range it came from.
    fn finish(mut self) -> Mapped {
        if !self.tail.is_empty() {
            self.lossy = true;
            let rest = String::from_utf8_lossy(&self.tail).into_owned();
            self.text.push_str(&rest);
            self.tail.clear();
        }
        match self.lossy {
            false => Mapped {
                text: self.text,
                pieces: self.pieces,
            },
            true => {
                let text = self.text;
                let pieces = match (self.pieces.first(), self.pieces.last()) {
                    (Some(f), Some(l)) => vec![Piece {
                        text: 0,
                        text_len: text.len(),
                        source: f.source,
                        source_len: (l.source + l.source_len).saturating_sub(f.source),
                    }],
                    _ => Vec::new(),
                };
                Mapped { text, pieces }
            }
        }
    }

    /// Appends a decoded chunk `s` that came from `source..source + source_len`;
    /// `copied` is `s` as a `&str` when it is a byte copy of complete characters.
    fn push(&mut self, s: &[u8], source: usize, source_len: usize, copied: Option<&str>) {
        if s.is_empty() {
            return;
        }
        let text = self.text.len() + self.tail.len();
        match copied {
            Some(st) if self.tail.is_empty() => self.text.push_str(st),
            _ => {
                self.tail.extend_from_slice(s);
                self.drain_tail();
            }
        }
        let text_len = s.len();
        // Merge with the previous piece when both are byte copies and adjacent.
        if let Some(last) = self.pieces.last_mut() {
            if last.text_len == last.source_len
                && text_len == source_len
                && last.text + last.text_len == text
                && last.source + last.source_len == source
            {
                last.text_len += text_len;
                last.source_len += source_len;
                return;
            }
        }
        self.pieces.push(Piece {
            text,
            text_len,
            source,
            source_len,
        });
    }
}

impl Mapped {
    fn source_span(&self) -> Option<Span> {
        let first = self.pieces.first()?;
        let last = self.pieces.last()?;
        Some(Span::new(first.source, last.source + last.source_len))
    }
}

impl<'a> Collector<'a> {
    fn new(src: &'a str) -> Self {
        Collector {
            src,
            pos: 0,
            mark: 0,
            attr_mark: 0,
            queue: VecDeque::new(),
            text: RawMapped::default(),
            tag_is_end: false,
            tag_name: Vec::new(),
            tag_start: 0,
            attrs: Vec::new(),
            attr_name: Vec::new(),
            attr_value: RawMapped::default(),
            in_attr: false,
            last_start_tag: Vec::new(),
        }
    }

    fn flush_text(&mut self) {
        if !self.text.is_empty() {
            let t = std::mem::take(&mut self.text).finish();
            self.queue.push_back(Tok::Text(t));
        }
    }

    fn flush_attr(&mut self) {
        if self.in_attr {
            self.in_attr = false;
            let mut name = String::from_utf8_lossy(&self.attr_name).into_owned();
            name.make_ascii_lowercase();
            let value = std::mem::take(&mut self.attr_value).finish();
            // Duplicates are kept; lookups take the first, which wins in browsers too.
            self.attrs.push(Attr { name, value });
            self.attr_name.clear();
        }
    }
}

impl Emitter for Collector<'_> {
    type Token = Tok;

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start_tag.clear();
        self.last_start_tag
            .extend_from_slice(last_start_tag.unwrap_or_default());
    }

    fn emit_eof(&mut self) {
        self.flush_text();
    }

    fn emit_error(&mut self, _error: HtmlError) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<Tok> {
        self.queue.pop_front()
    }

    fn emit_string(&mut self, s: &[u8]) {
        if s.is_empty() {
            return;
        }
        let (start, len, copy) = locate_copy(self.src, s, self.mark, self.pos);
        let copied = if copy {
            self.src.get(start..start + len)
        } else {
            None
        };
        self.text.push(s, start, len, copied);
        self.mark = start + len;
    }

    fn init_start_tag(&mut self) {
        self.tag_is_end = false;
        self.tag_name.clear();
        self.attrs.clear();
        self.in_attr = false;
    }

    fn init_end_tag(&mut self) {
        self.tag_is_end = true;
        self.tag_name.clear();
        self.attrs.clear();
        self.in_attr = false;
    }

    fn init_comment(&mut self) {
        self.flush_text();
    }

    fn emit_current_tag(&mut self) -> Option<State> {
        self.flush_attr();
        self.flush_text();
        self.mark = self.pos;
        let mut name = String::from_utf8_lossy(&self.tag_name).into_owned();
        name.make_ascii_lowercase();
        if self.tag_is_end {
            self.queue.push_back(Tok::End { name });
            self.attrs.clear();
            None
        } else {
            self.last_start_tag.clear();
            self.last_start_tag.extend_from_slice(name.as_bytes());
            let attrs = std::mem::take(&mut self.attrs);
            let span = Span::new(self.tag_start.min(self.pos), self.pos);
            let next = naive_next_state(name.as_bytes());
            self.queue.push_back(Tok::Start { name, attrs, span });
            next
        }
    }

    fn emit_current_comment(&mut self) {
        self.mark = self.pos;
    }

    fn emit_current_doctype(&mut self) {
        self.mark = self.pos;
    }

    fn set_self_closing(&mut self) {}

    fn set_force_quirks(&mut self) {}

    fn push_tag_name(&mut self, s: &[u8]) {
        self.tag_name.extend_from_slice(s);
    }

    fn push_comment(&mut self, _s: &[u8]) {}

    fn push_doctype_name(&mut self, _s: &[u8]) {}

    fn init_doctype(&mut self) {
        self.flush_text();
    }

    fn init_attribute(&mut self) {
        self.flush_attr();
        self.in_attr = true;
        self.attr_mark = self.pos;
    }

    fn init_attribute_value(&mut self) {
        self.attr_mark = self.pos;
    }

    fn push_attribute_name(&mut self, s: &[u8]) {
        self.attr_name.extend_from_slice(s);
    }

    fn push_attribute_value(&mut self, s: &[u8]) {
        if s.is_empty() {
            return;
        }
        let (start, len, copy) = locate_copy(self.src, s, self.attr_mark, self.pos);
        let copied = if copy {
            self.src.get(start..start + len)
        } else {
            None
        };
        self.attr_value.push(s, start, len, copied);
        self.attr_mark = start + len;
    }

    fn set_doctype_public_identifier(&mut self, _value: &[u8]) {}

    fn set_doctype_system_identifier(&mut self, _value: &[u8]) {}

    fn push_doctype_public_identifier(&mut self, _s: &[u8]) {}

    fn push_doctype_system_identifier(&mut self, _s: &[u8]) {}

    fn start_open_tag(&mut self) {
        self.flush_text();
        self.tag_start = self.pos.saturating_sub(1);
        if self.src.as_bytes().get(self.tag_start) != Some(&b'<') {
            let lo = self.tag_start.saturating_sub(8);
            if let Some(i) = self.src.as_bytes()[lo..self.pos.min(self.src.len())]
                .iter()
                .rposition(|&c| c == b'<')
            {
                self.tag_start = lo + i;
            }
        }
    }

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.tag_is_end && !self.last_start_tag.is_empty() && self.tag_name == self.last_start_tag
    }

    fn move_position(&mut self, offset: isize) {
        self.pos = self.pos.saturating_add_signed(offset);
    }
}

// ---------------------------------------------------------------------------------------
// Building the text
// ---------------------------------------------------------------------------------------

/// Elements whose content is never shown as text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "template" | "noscript" | "iframe" | "noembed" | "noframes" | "xmp"
    )
}

/// Elements that start a new block (text on either side never joins).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "option"
            | "p"
            | "pre"
            | "section"
            | "select"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "ul"
    )
}

/// Elements without content (never pushed on the open-element stack).
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// True when an inline `style` hides the element.
fn style_hides(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if compact.contains("display:none") || compact.contains("visibility:hidden") {
        return true;
    }
    // Pushed off screen (`left:-9999px`), or shrunk to nothing (`font-size:0`,
    // `height:0;overflow:hidden`): the usual ways injected links are hidden.
    let offscreen = ["left:-", "top:-", "text-indent:-", "margin-left:-"]
        .iter()
        .any(|k| {
            compact.match_indices(k).any(|(i, _)| {
                let digits: String = compact[i + k.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.len() >= 3
            })
        });
    let zero = |prop: &str| {
        compact
            .split(';')
            .any(|d| d == format!("{prop}:0") || d == format!("{prop}:0px"))
    };
    offscreen || zero("font-size") || (zero("height") && compact.contains("overflow:hidden"))
}

struct Open {
    name: String,
    /// Span of the start tag of the hidden element this one is (or sits) in.
    hidden_by: Option<Span>,
    /// The element is (or sits in) page chrome.
    chrome: bool,
    /// The element is (or sits in) `<article>` or `<main>`.
    article: bool,
}

/// Class and id words of page chrome in common CMS templates (Chinese government and news
/// sites included: `dqwz` 当前位置, `ewm` 二维码, `fenxiang` 分享). A class or id is chrome
/// when one of its words (split at spaces, `-` and `_`) is one of these.
pub fn is_chrome_name(word: &str) -> bool {
    const WORDS: [&str; 53] = [
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "footer",
        "foot",
        "header",
        "sidebar",
        "copyright",
        "pagination",
        "pager",
        "paging",
        "pagebar",
        "pagenav",
        "fenye",
        "share",
        "bdsharebuttonbox",
        "location",
        "position",
        "dqwz",
        "weizhi",
        "ewm",
        "qrcode",
        "fenxiang",
        "bottom",
        "friendlink",
        "links",
        "toolbar",
        "topbar",
        "print",
        "gotop",
        "backtop",
        "subnav",
        "mainnav",
        "banquan",
        "tools",
        "tool",
        "prev",
        "next",
        "prenext",
        "prevnext",
        "sxp",
        "related",
        "xgwz",
        "xgxx",
        "font",
        "fontsize",
        "zihao",
        "top",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// True when an element starts page chrome (see [`HtmlInfo::chrome`]).
fn starts_chrome(name: &str, in_article: bool, attr: &dyn Fn(&str) -> Option<String>) -> bool {
    match name {
        "nav" | "aside" => return true,
        "header" | "footer" if !in_article => return true,
        // the body text itself is never chrome, whatever its class
        "body" | "html" | "main" | "article" => return false,
        _ => {}
    }
    if attr("role").is_some_and(|r| {
        matches!(
            r.trim().to_ascii_lowercase().as_str(),
            "navigation" | "banner" | "contentinfo" | "complementary" | "search"
        )
    }) {
        return true;
    }
    ["class", "id"].iter().any(|k| {
        attr(k).is_some_and(|v| {
            v.split(|c: char| c.is_ascii_whitespace() || c == '-' || c == '_')
                .any(is_chrome_name)
        })
    })
}

struct Builder {
    text: String,
    pieces: Vec<Piece>,
    /// Attribute texts waiting for the next block boundary (so that an inline element's
    /// `title` does not split the words around it).
    pending: Vec<Mapped>,
    /// Whitespace holding a line break, not yet written: CSS removes such a segment break
    /// between two East Asian wide characters (`再接\n  再励` reads `再接再励`), so it is
    /// decided when the next character is known.
    held: Vec<Mapped>,
}

/// East Asian wide (CJK ideographs, kana, fullwidth forms and CJK punctuation), not Hangul.
fn is_wide(c: char) -> bool {
    let u = c as u32;
    (0x2E80..=0xA4CF).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFF60).contains(&u)
        || (0xFFE0..=0xFFE6).contains(&u)
        || (0x20000..=0x3FFFD).contains(&u)
}

/// The part `a..b` (char boundaries) of a mapped string.
fn slice_mapped(m: &Mapped, a: usize, b: usize) -> Mapped {
    let mut pieces = Vec::new();
    for p in &m.pieces {
        let (ps, pe) = (p.text, p.text + p.text_len);
        if pe <= a || ps >= b {
            continue;
        }
        let (s, e) = (ps.max(a), pe.min(b));
        pieces.push(if p.text_len == p.source_len {
            Piece {
                text: s - a,
                text_len: e - s,
                source: p.source + (s - ps),
                source_len: e - s,
            }
        } else {
            Piece {
                text: s - a,
                text_len: e - s,
                source: p.source,
                source_len: p.source_len,
            }
        });
    }
    Mapped {
        text: m.text.get(a..b).unwrap_or("").to_string(),
        pieces,
    }
}

impl Builder {
    /// Appends visible text, removing segment breaks between wide characters.
    fn append_text(&mut self, m: &Mapped) {
        let b = m.text.as_bytes();
        let mut k = 0;
        let mut written = 0;
        while k < b.len() {
            if !matches!(b[k], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                k += 1;
                continue;
            }
            let start = k;
            let mut line_break = false;
            while k < b.len() && matches!(b[k], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                line_break |= b[k] == b'\n';
                k += 1;
            }
            if line_break {
                self.write_content(m, written, start);
                self.held.push(slice_mapped(m, start, k));
                written = k;
            }
        }
        self.write_content(m, written, b.len());
    }

    fn write_content(&mut self, m: &Mapped, a: usize, b: usize) {
        if a >= b {
            return;
        }
        if !self.held.is_empty() {
            let prev = self.text.chars().next_back();
            let next = m.text.get(a..b).and_then(|t| t.chars().next());
            let drop = prev.is_some_and(is_wide) && next.is_some_and(is_wide);
            for h in std::mem::take(&mut self.held) {
                if !drop {
                    self.append(&h);
                }
            }
        }
        if a == 0 && b == m.text.len() {
            self.append(m);
        } else {
            self.append(&slice_mapped(m, a, b));
        }
    }

    fn append(&mut self, m: &Mapped) {
        let base = self.text.len();
        self.text.push_str(&m.text);
        for p in &m.pieces {
            let p = Piece {
                text: base + p.text,
                ..*p
            };
            if let Some(last) = self.pieces.last_mut() {
                if last.text_len == last.source_len
                    && p.text_len == p.source_len
                    && last.text + last.text_len == p.text
                    && last.source + last.source_len == p.source
                {
                    last.text_len += p.text_len;
                    last.source_len += p.source_len;
                    continue;
                }
            }
            self.pieces.push(p);
        }
    }

    fn separate(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    /// A block boundary: ends the current line and writes pending attribute texts.
    fn boundary(&mut self) {
        self.held.clear();
        self.separate();
        for m in std::mem::take(&mut self.pending) {
            self.append(&m);
            self.separate();
        }
    }
}

fn extract(html: &str, opts: &HtmlOptions) -> (String, Vec<Piece>, HtmlInfo) {
    let mut b = Builder {
        text: String::with_capacity(html.len() / 2),
        pieces: Vec::new(),
        pending: Vec::new(),
        held: Vec::new(),
    };
    let mut info = HtmlInfo::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut open_count: HashMap<String, usize> = HashMap::new();
    let mut skip_depth = 0usize; // open <script>/<style>/… (and <code>/<pre> if skipped)
    let tokenizer = Tokenizer::new_with_emitter(html, Collector::new(html));
    for tok in tokenizer {
        let tok = match tok {
            Ok(t) => t,
            Err(e) => match e {},
        };
        match tok {
            Tok::Text(m) => {
                if skip_depth == 0 {
                    let from = b.text.len();
                    b.append_text(&m);
                    if stack.last().is_some_and(|o| o.chrome) && b.text.len() > from {
                        let to = b.text.len();
                        match info.chrome.last_mut() {
                            // joined across inline markup and block separators
                            Some(last)
                                if b.text
                                    .get(last.1..from)
                                    .is_some_and(|g| g.trim().is_empty()) =>
                            {
                                last.1 = to
                            }
                            _ => info.chrome.push((from, to)),
                        }
                    }
                }
            }
            Tok::Start { name, attrs, span } => {
                let attr = |n: &str| attrs.iter().find(|a| a.name == n).map(|a| &a.value);
                if is_block(&name) {
                    b.boundary();
                }
                let parent_hidden = stack.last().and_then(|o| o.hidden_by);
                let own_hidden =
                    attr("hidden").is_some() || attr("style").is_some_and(|s| style_hides(&s.text));
                let hidden_by = parent_hidden.or(if own_hidden { Some(span) } else { None });
                let parent_article = stack.last().is_some_and(|o| o.article);
                let article = parent_article || matches!(name.as_str(), "article" | "main");
                let chrome = stack.last().is_some_and(|o| o.chrome)
                    || starts_chrome(&name, parent_article, &|k| attr(k).map(|v| v.text.clone()));
                let skipped = skip_depth > 0;
                // Attributes a reader sees (or a search engine shows).
                if !skipped {
                    for key in ["alt", "title"] {
                        if let Some(v) = attr(key) {
                            if !v.text.trim().is_empty() {
                                b.pending.push(clone_mapped(v));
                            }
                        }
                    }
                    if name == "meta" {
                        let kind = attr("name")
                            .or_else(|| attr("property"))
                            .map(|v| v.text.trim().to_ascii_lowercase())
                            .unwrap_or_default();
                        if matches!(
                            kind.as_str(),
                            "description" | "keywords" | "og:title" | "og:description"
                        ) {
                            if let Some(v) = attr("content") {
                                b.pending.push(clone_mapped(v));
                            }
                        }
                    }
                }
                // Links and the page's own URL.
                if matches!(name.as_str(), "a" | "area") {
                    if let Some(v) = attr("href") {
                        if let Some(span) = v.source_span() {
                            info.links.push(Link {
                                href: v.text.trim().to_string(),
                                span,
                                hidden_by,
                            });
                        }
                    }
                }
                if info.declared_url.is_none() {
                    let declared = match name.as_str() {
                        "link"
                            if attr("rel").is_some_and(|r| {
                                r.text
                                    .split_ascii_whitespace()
                                    .any(|w| w.eq_ignore_ascii_case("canonical"))
                            }) =>
                        {
                            attr("href")
                        }
                        "meta"
                            if attr("property")
                                .is_some_and(|p| p.text.trim().eq_ignore_ascii_case("og:url")) =>
                        {
                            attr("content")
                        }
                        "base" => attr("href"),
                        _ => None,
                    };
                    if let Some(v) = declared {
                        let u = v.text.trim();
                        if u.contains("://") {
                            info.declared_url = Some(u.to_string());
                        }
                    }
                }
                let skips_content = is_skipped(&name)
                    || (opts.skip_code && matches!(name.as_str(), "code" | "pre"));
                if !is_void(&name) {
                    if skips_content {
                        skip_depth += 1;
                    }
                    *open_count.entry(name.clone()).or_insert(0) += 1;
                    stack.push(Open {
                        name,
                        hidden_by,
                        chrome,
                        article,
                    });
                }
            }
            Tok::End { name } => {
                if is_block(&name) {
                    b.boundary();
                }
                // Pop up to the matching element; an end tag with no open element of
                // that name is ignored (so misnested markup stays linear).
                if open_count.get(&name).copied().unwrap_or(0) > 0 {
                    while let Some(o) = stack.pop() {
                        if let Some(c) = open_count.get_mut(&o.name) {
                            *c = c.saturating_sub(1);
                        }
                        let skips_content = is_skipped(&o.name)
                            || (opts.skip_code && matches!(o.name.as_str(), "code" | "pre"));
                        if skips_content {
                            skip_depth = skip_depth.saturating_sub(1);
                        }
                        if o.name == name {
                            break;
                        }
                    }
                }
            }
        }
    }
    b.boundary();
    while b.text.ends_with('\n') {
        b.text.pop();
    }
    let len = b.text.len();
    info.chrome.retain_mut(|r| {
        r.1 = r.1.min(len);
        r.0 < r.1
    });
    (b.text, b.pieces, info)
}

fn clone_mapped(m: &Mapped) -> Mapped {
    Mapped {
        text: m.text.clone(),
        pieces: m.pieces.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(html: &str) -> Document<'_> {
        Document::from_html(html)
    }

    /// Every text char maps to a source slice on char boundaries.
    fn assert_sound(d: &Document<'_>) {
        let t = d.text();
        let src = d.source();
        for (i, c) in t.char_indices() {
            let s = d.to_source_span(Span::new(i, i + c.len_utf8()));
            assert!(
                src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
                "{c:?} at {i} -> {s:?}"
            );
            if c == '\n' && src.get(s.range()) == Some("") {
                continue; // a block separator
            }
            let slice = &src[s.range()];
            assert!(
                slice == c.to_string()
                    || slice.starts_with('&')
                    || (slice.starts_with('\r') && c == '\n')
                    || (slice == "\0" && c == '\u{fffd}'),
                "{c:?} at {i} -> {slice:?} in {src:?}"
            );
        }
    }

    #[test]
    fn visible_text_and_inline_markup() {
        let d = doc("<p>再接<b>再励</b></p><p>按装</p>");
        assert_eq!(d.text(), "再接再励\n按装");
        let s = d.to_source_span(Span::new(0, 12));
        assert_eq!(&d.source()[s.range()], "再接<b>再励");
        assert_sound(&d);
    }

    #[test]
    fn line_breaks_between_wide_characters_vanish() {
        let src = "<p>各单位要再接\n      <b>再励</b>，\r\n  按\n装 and\n more 再 \n x</p>";
        let d = doc(src);
        assert_eq!(d.text(), "各单位要再接再励，按装 and\n more 再 \n x");
        assert_sound(&d);
        let i = d.text().find("再接").unwrap_or(0);
        let s = d.to_source_span(Span::new(i, i + "再接再励".len()));
        assert_eq!(&src[s.range()], "再接\n      <b>再励");
        let d = doc("<p>再接\n</p>再励");
        assert_eq!(d.text(), "再接\n再励");
    }

    #[test]
    fn entities_map_to_the_whole_reference() {
        let src = "<p>&#x4e2d;&#22269;&amp;A&nbsp;B&lt;&copy2 a &amp b</p>";
        let d = doc(src);
        assert_eq!(d.text(), "中国&A\u{a0}B<©2 a & b");
        let t = d.text();
        let slice = |needle: &str| {
            let i = t.find(needle).unwrap_or(usize::MAX);
            let s = d.to_source_span(Span::new(i, i + needle.len()));
            d.source()[s.range()].to_string()
        };
        assert_eq!(slice("中"), "&#x4e2d;");
        assert_eq!(slice("国"), "&#22269;");
        assert_eq!(slice("中国&"), "&#x4e2d;&#22269;&amp;");
        assert_eq!(slice("\u{a0}"), "&nbsp;");
        assert_eq!(slice("<"), "&lt;");
        assert_eq!(slice("©"), "&copy");
        assert_eq!(slice("2"), "2");
        assert_eq!(slice("& b"), "&amp b");
        assert_sound(&d);
    }

    #[test]
    fn skips_script_style_comments_and_code() {
        let src = "<script>var a='再接再励<p>';</script><style>p{}</style><!-- 按装 -->\
                   <pre>按装</pre><code>x</code>正文";
        let d = doc(src);
        assert_eq!(d.text(), "正文");
        let d = Document::from_html_with(src, &HtmlOptions { skip_code: false });
        assert_eq!(d.text(), "按装\nx正文");
    }

    #[test]
    fn blocks_separate_and_attributes_are_text() {
        let src = "<table><tr><td>再接</td><td>再励</td></tr></table>\
                   <img alt=\"按装图\" src=x><a title='提示' href=\"/x\">链<i>接</i></a>\
                   <meta name=description content=\"描述&amp;内容\">";
        let d = doc(src);
        assert_eq!(d.text(), "再接\n再励\n链接\n按装图\n提示\n描述&内容");
        assert_sound(&d);
        let t = d.text();
        let i = t.find("按装图").unwrap_or(0);
        let s = d.to_source_span(Span::new(i, i + 9));
        assert_eq!(&src[s.range()], "按装图");
        let i = t.find("描述&内容").unwrap_or(0);
        let s = d.to_source_span(Span::new(i, i + "描述&内容".len()));
        assert_eq!(&src[s.range()], "描述&amp;内容");
    }

    #[test]
    fn crlf_and_odd_text() {
        let src = "<p>a\r\nb</p>\r<p>c < d > e &unknown; f</p>\0";
        let d = doc(src);
        assert_sound(&d);
        assert!(d.text().contains("c < d > e &unknown; f"), "{:?}", d.text());
    }

    #[test]
    fn links_and_hidden_blocks() {
        let src = "<link rel=canonical href=\"https://example.gov.cn/a\">\
                   <div style=\"DISPLAY: none\"><p><a href=\"http://1.2.3.4/\">x</a></p></div>\
                   <a href='http://t.cn/abc'>y</a>";
        let d = doc(src);
        let info = d.html_info().cloned().unwrap_or_default();
        assert!(info.declares_https());
        assert_eq!(info.links.len(), 2);
        assert_eq!(&src[info.links[0].span.range()], "http://1.2.3.4/");
        let hidden = info.links[0].hidden_by.map(|s| &src[s.range()]);
        assert_eq!(hidden, Some("<div style=\"DISPLAY: none\">"));
        assert_eq!(info.links[1].hidden_by, None);
    }

    proptest::proptest! {
        #[test]
        fn any_markup_maps_soundly(parts in proptest::collection::vec(proptest::sample::select(vec![
            "再", "接", "励", "<b>", "</b>", "<p>", "</p>", "&amp;", "&#x4e2d;", "&nbsp;", "&", "&lt",
            "<", ">", "\r\n", "\r", "<!--", "-->", "<script>", "</script>", "<img alt=\"按&amp;装\">",
            "<a href='x&amp;y' title=再>", "</a>", "<div style=display:none>", "</div>", "\"", "'",
            "=", " ", "\0", "é", "𠮷", "<br/>", "<pre>", "</pre>", "&#0;", "&#xD800;", "&copy",
        ]), 0..40)) {
            let src: String = parts.concat();
            let d = doc(&src);
            assert_sound(&d);
            for l in d.html_info().map(|i| i.links.clone()).unwrap_or_default() {
                proptest::prop_assert!(src.get(l.span.range()).is_some());
            }
        }
    }

    #[test]
    fn hiding_styles() {
        for yes in [
            "display: none",
            "VISIBILITY:hidden",
            "position:absolute; left:-9999px",
            "text-indent:-2000px",
            "font-size:0",
            "height:0px;overflow:hidden",
        ] {
            assert!(style_hides(yes), "{yes}");
        }
        for no in [
            "display:block",
            "left:-5px",
            "font-size:0.9em",
            "height:0",
            "top:10px",
        ] {
            assert!(!style_hides(no), "{no}");
        }
    }

    #[test]
    fn duplicate_attributes_first_wins() {
        let src = "<img alt=\"按装\" alt=\"安装\"><a href=\"/a\" href=\"http://1.2.3.4/\">x</a>";
        let d = doc(src);
        assert_eq!(d.text(), "x\n按装");
        let links = d.html_info().map(|i| i.links.clone()).unwrap_or_default();
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].href, "/a");
    }

    #[test]
    fn deep_and_misnested_markup_is_fine() {
        let mut src = "<div><span>".repeat(20_000);
        src.push_str("再接再励");
        src.push_str(&"</b></i>".repeat(20_000));
        let d = doc(&src);
        assert_eq!(d.text(), "再接再励");
        let d = doc("<p>甲<p>乙</p></div></p>丙");
        assert_eq!(d.text(), "甲\n乙\n丙");
    }
}
