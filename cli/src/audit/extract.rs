//! Links in HTML pages and URLs in sitemaps, for `zhproof audit`, with tolerant scanners
//! (any input gives some answer, in linear time).

/// A link found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The attribute value as written (character references `&amp;` decoded).
    pub value: String,
    /// Byte offset of the value in the page.
    pub offset: usize,
    /// True for a sub-resource the page loads (`img`, `script`, `link`, `source`, `embed`,
    /// …), false for a link a reader follows (`a`, `area`, `iframe`, `frame`).
    pub resource: bool,
}

/// The links of `html` (`href`/`src` attributes) and its `<base href>`, if any. Comments
/// and the content of `<script>`/`<style>` are skipped.
pub fn links(html: &str) -> (Vec<Link>, Option<String>) {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut base = None;
    let mut i = 0;
    while let Some(k) = memchr(b'<', b, i) {
        i = k + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, b"-->", i + 3).map_or(b.len(), |e| e + 3);
            continue;
        }
        let name_start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == name_start {
            continue;
        }
        let tag = html.get(name_start..i).unwrap_or("").to_ascii_lowercase();
        // Attributes up to the end of the tag.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let an = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>') {
                i += 1;
            }
            let attr = html.get(an..i).unwrap_or("").to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() || b[i] != b'=' {
                continue;
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let (vs, ve) = match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = memchr(q, b, i + 1).unwrap_or(b.len());
                    let r = (i + 1, end);
                    i = (end + 1).min(b.len());
                    r
                }
                _ => {
                    let s = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    (s, i)
                }
            };
            if attr != "href" && attr != "src" {
                continue;
            }
            let Some(value) = html.get(vs..ve) else {
                continue;
            };
            let value = unescape(value.trim());
            if tag == "base" && attr == "href" {
                base.get_or_insert(value);
                continue;
            }
            let resource = !matches!(tag.as_str(), "a" | "area" | "iframe" | "frame");
            out.push(Link {
                value,
                offset: vs,
                resource,
            });
        }
        i = (i + 1).min(b.len());
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            i = find_ci(b, close.as_bytes(), i).unwrap_or(b.len());
        }
    }
    (out, base)
}

/// The `<loc>` URLs of a sitemap, and whether it is a sitemap index (its URLs are sitemaps).
pub fn sitemap_locs(xml: &str) -> (Vec<String>, bool) {
    let b = xml.as_bytes();
    let index = find_ci(b, b"<sitemapindex", 0).is_some();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(s) = find_ci(b, b"<loc>", i) {
        let vs = s + 5;
        let Some(e) = find_ci(b, b"</loc>", vs) else {
            break;
        };
        if let Some(v) = xml.get(vs..e) {
            let v = v.trim();
            let v = v
                .strip_prefix("<![CDATA[")
                .and_then(|v| v.strip_suffix("]]>"))
                .unwrap_or(v);
            out.push(unescape(v.trim()));
        }
        i = e + 6;
    }
    (out, index)
}

/// True when `bytes` look like a sitemap (`<urlset` or `<sitemapindex` near the start).
pub fn is_sitemap(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    find_ci(head, b"<urlset", 0).is_some() || find_ci(head, b"<sitemapindex", 0).is_some()
}

/// Decodes the character references common in URLs (`&amp;`, `&quot;`, `&#39;`, `&#x26;`, …).
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        rest = &rest[k..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => {
                    let n = name.strip_prefix('#')?;
                    let v = match n.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(v)
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn memchr(needle: u8, hay: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .iter()
        .position(|&c| c == needle)
        .map(|p| p + from)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(from);
    }
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(from);
    }
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_with_offsets_kinds_and_base() {
        let html =
            "<base href='/x/'><!-- <a href=no> --><a class=k HREF=\"a.html?x=1&amp;y=2\">a</a>\
                    <script>var s='<a href=bad>';</script><img src=i.png><a href>";
        let (links, base) = links(html);
        assert_eq!(base.as_deref(), Some("/x/"));
        let vals: Vec<_> = links
            .iter()
            .map(|l| (l.value.as_str(), l.resource))
            .collect();
        assert_eq!(vals, [("a.html?x=1&y=2", false), ("i.png", true)]);
        assert_eq!(&html[links[0].offset..links[0].offset + 6], "a.html");
        // Never panics on cut input.
        for cut in 0..html.len() {
            if html.is_char_boundary(cut) {
                let _ = super::links(&html[..cut]);
            }
        }
    }

    #[test]
    fn sitemap() {
        let (locs, index) = sitemap_locs(
            "<urlset><url><loc> http://h/a?b=1&amp;c=2 </loc></url><url><LOC>http://h/b</LOC></url></urlset>",
        );
        assert_eq!(locs, ["http://h/a?b=1&c=2", "http://h/b"]);
        assert!(!index);
        assert!(sitemap_locs("<sitemapindex><sitemap><loc>x</loc></sitemap>").1);
    }
}
