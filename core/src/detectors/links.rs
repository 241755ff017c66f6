//! Link checks (category `link`) on HTML documents, from the links that
//! [`Document::from_html`](crate::Document::from_html) records. No network access.
//!
//! Rules:
//! - `link.ip_host`: the target's host is an IP address (`http://1.2.3.4/…`).
//! - `link.shortener`: the host is a known URL shortener (the real target is hidden).
//! - `link.javascript`: a `javascript:` link (info for the common no-op `javascript:void(0)`
//!   and `javascript:;`, warning otherwise).
//! - `link.hidden`: an element hidden by an inline style (`display:none`,
//!   `visibility:hidden`, pushed off screen, `font-size:0`, `height:0;overflow:hidden`) or
//!   the `hidden` attribute holds links, a classic sign of injected spam links; one finding
//!   per hidden element, on its start tag (error from 3 links).
//! - `link.insecure`: an `http://` link on a page that declares an `https://` URL for
//!   itself (canonical link, `og:url` or `<base href>`).
//!
//! [`LinkDetector`] is a [`Detector`] like the others, run by every entry point
//! (`check_document` on an HTML document, `check_html`); its spans are into the HTML source
//! (attribute values and start tags), not into the extracted text
//! ([`Detector::spans_in_source`]), and the checker applies the allowlist (to the source),
//! overlap resolution, sorting and the findings cap to them as to every finding.

use super::{CheckContext, Detector};
use crate::document::Document;
use crate::finding::{Category, Finding, Severity, Span};
use std::collections::BTreeMap;

/// Rule ids of the link checks.
pub const RULES: [&str; 5] = [
    "link.ip_host",
    "link.shortener",
    "link.javascript",
    "link.hidden",
    "link.insecure",
];

/// The link checks as a detector (findings only for HTML documents).
#[derive(Debug, Default, Clone, Copy)]
pub struct LinkDetector;

impl Detector for LinkDetector {
    fn name(&self) -> &'static str {
        "links"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Link]
    }

    fn rules(&self) -> Vec<&str> {
        RULES.to_vec()
    }

    fn spans_in_source(&self) -> bool {
        true
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        out.extend(check_links(ctx.doc));
    }
}

/// The URL-shortener hosts file (`dictionaries/links/shorteners.txt`, see its header).
const SHORTENERS_FILE: &str = include_str!("../../../dictionaries/links/shorteners.txt");

/// Hosts of URL shorteners (a link on one of them, or a subdomain, is reported), from
/// `dictionaries/links/shorteners.txt`.
pub fn shorteners() -> &'static [&'static str] {
    static HOSTS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    HOSTS.get_or_init(|| {
        SHORTENERS_FILE
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// The host of an absolute (`scheme://`) or protocol-relative (`//`) URL, lower-cased,
/// without user info, port or trailing dot. `None` for relative links and other schemes.
pub fn host_of(url: &str) -> Option<String> {
    let u = url.trim();
    let rest = if let Some(r) = u.strip_prefix("//") {
        r
    } else {
        let colon = u.find("://")?;
        let scheme = &u[..colon];
        if scheme.is_empty()
            || !scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        {
            return None;
        }
        &u[colon + 3..]
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        format!("[{}]", v6.split(']').next().unwrap_or(""))
    } else {
        host_port.split(':').next().unwrap_or("").to_string()
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// True for a dotted IPv4 address (also the decimal-integer and hex forms browsers accept,
/// e.g. `3232235777` or `0x7f.1`) or a bracketed IPv6 address.
pub fn is_ip_host(host: &str) -> bool {
    if host.starts_with('[') {
        return host.contains(':');
    }
    let parts: Vec<&str> = host.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return false;
    }
    parts.iter().all(|p| {
        !p.is_empty()
            && (p.bytes().all(|c| c.is_ascii_digit())
                || ((p.starts_with("0x") || p.starts_with("0X"))
                    && p.len() > 2
                    && p[2..].bytes().all(|c| c.is_ascii_hexdigit())))
    })
}

/// True when `host` is a known shortener or a subdomain of one.
pub fn is_shortener(host: &str) -> bool {
    shorteners().iter().any(|s| {
        host == *s
            || (host.len() > s.len()
                && host.ends_with(s)
                && host.as_bytes()[host.len() - s.len() - 1] == b'.')
    })
}

fn finding(
    doc: &Document<'_>,
    rule: &str,
    severity: Severity,
    span: Span,
    message: String,
) -> Finding {
    let mut f = Finding::new(rule, Category::Link, severity, span, message);
    f.text = doc.source().get(span.range()).unwrap_or("").to_string();
    f
}

/// Runs the link rules on an HTML document. Findings carry spans into `doc.source()` and
/// their `text` filled in; a plain-text document has no links and gets none.
pub fn check_links(doc: &Document<'_>) -> Vec<Finding> {
    let Some(info) = doc.html_info() else {
        return Vec::new();
    };
    let https_page = info.declares_https();
    let mut out = Vec::new();
    let mut hidden: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for link in &info.links {
        if let Some(h) = link.hidden_by {
            *hidden.entry((h.start, h.end)).or_insert(0) += 1;
        }
        let href = link.href.as_str();
        let lower: String = href
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
            .flat_map(char::to_lowercase)
            .collect();
        if let Some(code) = lower.strip_prefix("javascript:") {
            let noop = matches!(
                code,
                "" | ";" | "void(0)" | "void(0);" | "void0" | "void(null)"
            );
            let (sev, msg) = if noop {
                (
                    Severity::Info,
                    "javascript: 空链接，无实际目标（不利于无障碍访问）".to_string(),
                )
            } else {
                (
                    Severity::Warning,
                    "链接执行 javascript: 脚本，目标不明，请核实".to_string(),
                )
            };
            out.push(finding(doc, "link.javascript", sev, link.span, msg));
            continue;
        }
        let Some(host) = host_of(href) else {
            continue;
        };
        if is_ip_host(&host) {
            out.push(finding(
                doc,
                "link.ip_host",
                Severity::Warning,
                link.span,
                format!("链接指向 IP 地址 {host}，而非域名，请核实"),
            ));
        } else if is_shortener(&host) {
            out.push(finding(
                doc,
                "link.shortener",
                Severity::Warning,
                link.span,
                format!("短链接（{host}）隐藏了真实目标，请改用原始地址"),
            ));
        }
        if https_page && lower.starts_with("http://") {
            out.push(finding(
                doc,
                "link.insecure",
                Severity::Warning,
                link.span,
                "HTTPS 页面中的 http:// 链接，请改用 https://".to_string(),
            ));
        }
    }
    for ((start, end), n) in hidden {
        let sev = if n >= 3 {
            Severity::Error
        } else {
            Severity::Warning
        };
        out.push(finding(
            doc,
            "link.hidden",
            sev,
            Span::new(start, end),
            format!("隐藏区块内有 {n} 个链接（读者看不到），可能是被植入的暗链"),
        ));
    }
    out.sort_by_key(|f| (f.span.start, f.span.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("http://User@Example.COM:80/x").as_deref(),
            Some("example.com")
        );
        assert_eq!(host_of("//t.cn/abc").as_deref(), Some("t.cn"));
        assert_eq!(host_of("/local/path"), None);
        assert_eq!(host_of("mailto:a@b.cn"), None);
        assert_eq!(host_of("http://[::1]:8080/").as_deref(), Some("[::1]"));
        assert!(is_ip_host("192.168.0.1"));
        assert!(is_ip_host("3232235777"));
        assert!(is_ip_host("[::1]"));
        assert!(!is_ip_host("www.gov.cn"));
        assert!(!is_ip_host("1.2.3.4.example.com"));
        assert!(shorteners().len() >= 30 && shorteners().contains(&"dwz.cn"));
        assert!(shorteners()
            .iter()
            .all(|h| !h.is_empty() && *h == h.to_ascii_lowercase() && !h.contains(' ')));
        assert!(is_shortener("t.cn"));
        assert!(is_shortener("w.url.cn"));
        assert!(!is_shortener("art.cn"));
        assert!(!is_shortener("bitly.com.evil") || is_shortener("bitly.com"));
    }

    #[test]
    fn rules_fire_on_a_page() {
        let src = "<base href=\"https://www.example.gov.cn/\">\
            <a href=\"http://10.0.0.8/x\">a</a><a href=\"https://dwz.cn/x\">b</a>\
            <a href=\"javascript:void(0)\">c</a><a href=\"JavaScript:alert(1)\">d</a>\
            <a href=\"/rel\">e</a><a href=\"https://ok.example.cn/\">f</a>\
            <div hidden><a href=/1>1</a><a href=/2>2</a><a href=/3>3</a></div>";
        let doc = Document::from_html(src);
        let f = check_links(&doc);
        let got: Vec<(&str, &str, Severity)> = f
            .iter()
            .map(|f| (f.rule.as_str(), f.text.as_str(), f.severity))
            .collect();
        assert_eq!(
            got,
            vec![
                ("link.ip_host", "http://10.0.0.8/x", Severity::Warning),
                ("link.insecure", "http://10.0.0.8/x", Severity::Warning),
                ("link.shortener", "https://dwz.cn/x", Severity::Warning),
                ("link.javascript", "javascript:void(0)", Severity::Info),
                ("link.javascript", "JavaScript:alert(1)", Severity::Warning),
                ("link.hidden", "<div hidden>", Severity::Error),
            ]
        );
        for x in &f {
            assert_eq!(&src[x.span.range()], x.text);
        }
    }

    #[test]
    fn plain_documents_have_no_link_findings() {
        assert!(check_links(&Document::plain("http://1.2.3.4/")).is_empty());
    }
}
