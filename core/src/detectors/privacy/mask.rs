//! Masking: the conventional masked forms of personal data, and `mask(text)`.
//!
//! Only the characters that carry the value are masked; separators (spaces, hyphens,
//! brackets, `+`) and the width of the digits are kept, so `１３８ １２３４ ５６７８`
//! becomes `１３８ **** ５６７８`.

use super::Kind;
use crate::finding::Finding;

/// The mask character.
pub const MASK: char = '*';

/// True for characters kept as they are when masking (separators, not value).
pub fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '-'
            | '('
            | ')'
            | '+'
            | '·'
            | '・'
            | '•'
            | '\u{3000}'
            | '－'
            | '（'
            | '）'
            | '＋'
            | '—'
            | '‐'
            | '‑'
            | '–'
    )
}

/// Masks the value characters of `s` whose index (counting only non-separator characters)
/// lies in `head..count - tail`. When `head + tail` would leave nothing masked, at least the
/// middle third is masked.
pub fn mask_middle(s: &str, head: usize, tail: usize) -> String {
    let count = s.chars().filter(|&c| !is_separator(c)).count();
    let (head, tail) = if head + tail >= count {
        let third = count / 3;
        (third, third)
    } else {
        (head, tail)
    };
    let stop = count.saturating_sub(tail);
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    for c in s.chars() {
        if is_separator(c) {
            out.push(c);
            continue;
        }
        if i >= head && i < stop {
            out.push(MASK);
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// Masks an e-mail address: keeps the first character(s) of the local part (one per three,
/// at most three) and the domain: `zhangsan@example.com` → `zha***@example.com`.
pub fn mask_email(s: &str) -> String {
    let at = s.rfind(['@', '＠']).unwrap_or(s.len());
    let local = &s[..at];
    let n = local.chars().count();
    let keep = n.div_ceil(3).clamp(1, 3).min(n.saturating_sub(1)).max(1);
    let mut out: String = local.chars().take(keep).collect();
    out.push_str("***");
    out.push_str(&s[at..]);
    out
}

/// Masks an IP address: IPv4 keeps the first two octets (`203.0.*.*`), IPv6 the first two
/// groups (`2001:db8:*`).
pub fn mask_ip(s: &str) -> String {
    let dots = s.contains('.') && !s.contains(':');
    if dots {
        let mut parts: Vec<String> = s.split('.').map(str::to_string).collect();
        for p in parts.iter_mut().skip(2) {
            *p = MASK.to_string();
        }
        return parts.join(".");
    }
    let groups: Vec<&str> = s.split(':').filter(|g| !g.is_empty()).collect();
    let kept: Vec<&str> = groups.iter().take(2).copied().collect();
    format!("{}:{MASK}", kept.join(":"))
}

/// The masked form of `s` (the original text of a finding) for `kind`; `head`/`tail` are the
/// value characters kept for the kinds masked in the middle.
pub(crate) fn masked(kind: Kind, s: &str, head: usize, tail: usize) -> String {
    match kind {
        Kind::Email => mask_email(s),
        Kind::Ip => mask_ip(s),
        _ => mask_middle(s, head, tail),
    }
}

/// Replaces each finding's span in `text` by its first suggestion (its masked form).
/// Findings must be sorted by start and not overlap (as [`Checker::check`](crate::Checker::check) returns them);
/// any that overlap an earlier one are skipped. Bytes outside the spans are copied as is.
pub fn apply_masks(text: &str, findings: &[Finding]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in findings {
        let (s, e) = (f.span.start, f.span.end);
        let Some(rep) = f.suggestions.first() else {
            continue;
        };
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(rep);
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_separators_and_width() {
        assert_eq!(
            mask_middle("110101199003074258", 6, 4),
            "110101********4258"
        );
        assert_eq!(mask_middle("138-1234-5678", 3, 4), "138-****-5678");
        assert_eq!(
            mask_middle("１３８１２３４５６７８", 3, 4),
            "１３８****５６７８"
        );
        assert_eq!(mask_middle("+86 138 1234 5678", 5, 4), "+86 138 **** 5678");
        assert_eq!(mask_middle("ab", 3, 4), "**");
        assert_eq!(mask_middle("abc", 3, 4), "a*c");
        assert_eq!(mask_email("zhangsan@example.com"), "zha***@example.com");
        assert_eq!(mask_email("a@b.cn"), "a***@b.cn");
        assert_eq!(mask_ip("203.0.113.7"), "203.0.*.*");
        assert_eq!(mask_ip("2001:db8::1"), "2001:db8:*");
    }
}
