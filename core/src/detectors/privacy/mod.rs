//! Privacy leaks: personal data in published text (rules `privacy.<kind>`).
//!
//! One regex pass over the width-folded view ([`FoldOptions::WIDTH`], so `１３８…` counts)
//! finds candidates: number chunks (digit groups joined by single spaces or hyphens, with an
//! optional `+86`/`(010)` prefix), e-mail addresses, IPv4/IPv6 addresses, letter-prefixed
//! codes (passports, permits), unified social credit codes and licence plates. Code then
//! checks boundaries (the `regex` crate has no look-around: a number glued to letters,
//! more digits, a decimal point or a mask character such as `*` is not a candidate), splits
//! number chunks into the shapes people write (`138 1234 5678`, `6222 0212 …`,
//! `010-12345678`), validates each value ([`validators`]) and weighs context words nearby
//! (身份证, 手机, 银行卡…; 热线, 总机… for business numbers; 订单号, 文号… for look-alikes).
//!
//! Every finding carries the masked form of the value as its suggestion; [`mask()`](crate::mask) and
//! [`Checker::mask`](crate::Checker::mask) apply them.

pub mod mask;
pub mod validators;

pub use validators::*;

use super::{CheckContext, Detector};
use crate::finding::{Category, Finding, Severity, Span};
use crate::normalize::{FoldOptions, FoldedView};
use regex::Regex;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::OnceLock;

/// The kinds of personal data reported; each is a rule `privacy.<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Resident ID number (18 digits or legacy 15).
    IdCard,
    /// Mobile number.
    Mobile,
    /// Landline number (and 400/800 hotlines, as info).
    Landline,
    /// Bank card number.
    BankCard,
    /// E-mail address.
    Email,
    /// Passport number.
    Passport,
    /// Travel permit (HK/Macau/Taiwan).
    TravelPermit,
    /// Unified social credit code (organisations; info).
    CreditCode,
    /// Licence plate.
    LicencePlate,
    /// IP address.
    Ip,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 10] = [
        Kind::IdCard,
        Kind::Mobile,
        Kind::Landline,
        Kind::BankCard,
        Kind::Email,
        Kind::Passport,
        Kind::TravelPermit,
        Kind::CreditCode,
        Kind::LicencePlate,
        Kind::Ip,
    ];

    /// The rule id, e.g. `privacy.id_card`.
    pub fn rule(self) -> &'static str {
        match self {
            Kind::IdCard => "privacy.id_card",
            Kind::Mobile => "privacy.mobile",
            Kind::Landline => "privacy.landline",
            Kind::BankCard => "privacy.bank_card",
            Kind::Email => "privacy.email",
            Kind::Passport => "privacy.passport",
            Kind::TravelPermit => "privacy.travel_permit",
            Kind::CreditCode => "privacy.credit_code",
            Kind::LicencePlate => "privacy.licence_plate",
            Kind::Ip => "privacy.ip",
        }
    }
}

const PATTERN: &str = concat!(
    r"(?P<email>[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})",
    r"|(?P<ip4>[0-9]{1,3}(?:\.[0-9]{1,3}){3})",
    r"|(?P<ip6>[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})",
    r"|(?P<uscc>[0-9]{8}[0-9A-Z]{0,9}[A-Z][0-9A-Z]{0,9})",
    r"|(?P<code>[A-Za-z]{1,2}[0-9]{7,10})",
    r"|(?P<plate>[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][ ·・•\-]?[A-Z0-9]{4,6}[挂学警港澳]?)",
    r"|(?P<num>(?:\(\+?[0-9]{2,4}\)[ \-]?|\+)?[0-9]+(?:[ \-][0-9]+)*[Xx]?)"
);

/// The number-chunk alternative alone (kept equal to the `num` group of [`PATTERN`]).
const NUM: &str = r"(?:\(\+?[0-9]{2,4}\)[ \-]?|\+)?[0-9]+(?:[ \-][0-9]+)*[Xx]?";

/// The privacy detector. Holds the compiled candidate patterns (cheap to clone: the
/// compiled regexes are shared).
#[derive(Debug, Clone)]
pub struct PrivacyDetector {
    re: Regex,
    num: Regex,
}

impl PrivacyDetector {
    /// Compiles the candidate patterns.
    ///
    /// # Errors
    /// [`crate::Error::Build`] if a pattern cannot be compiled (never with the built-in ones).
    pub fn new() -> crate::Result<Self> {
        let re = Regex::new(PATTERN).map_err(|e| crate::Error::Build(e.to_string()))?;
        let num =
            Regex::new(&format!("^(?:{NUM})")).map_err(|e| crate::Error::Build(e.to_string()))?;
        Ok(PrivacyDetector { re, num })
    }

    /// A shared instance, compiled once per process (checkers clone it instead of
    /// compiling the patterns again).
    ///
    /// # Errors
    /// [`crate::Error::Build`] if a pattern cannot be compiled (never with the built-in ones).
    pub fn shared() -> crate::Result<&'static PrivacyDetector> {
        static SHARED: OnceLock<Result<PrivacyDetector, String>> = OnceLock::new();
        SHARED
            .get_or_init(|| PrivacyDetector::new().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| crate::Error::Build(e.clone()))
    }

    /// Finds candidates in the folded text `t`.
    fn scan(&self, t: &str) -> Vec<Cand> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < t.len() {
            let Some(caps) = self.re.captures_at(t, pos) else {
                break;
            };
            let Some(m) = caps.get(0) else { break };
            let (s, e) = (m.start(), m.end());
            if caps.name("num").is_some() {
                numbers(t, s, e, &mut out);
                pos = e.max(s + 1);
                continue;
            }
            let found = if caps.name("email").is_some() {
                email(t, s, e)
            } else if caps.name("ip4").is_some() {
                ipv4(t, s, e)
            } else if caps.name("ip6").is_some() {
                ipv6(t, s, e)
            } else if caps.name("uscc").is_some() {
                uscc(t, s, e)
            } else if caps.name("code").is_some() {
                code(t, s, e)
            } else if caps.name("plate").is_some() {
                plate(t, s, e)
            } else {
                None
            };
            if let Some(c) = found {
                out.push(c);
                pos = e;
                continue;
            }
            // Not that kind: read a number chunk at the same place, or move on one char.
            if let Some(nm) = self.num.find(&t[s..]) {
                if nm.end() > 0 {
                    numbers(t, s, s + nm.end(), &mut out);
                    pos = s + nm.end();
                    continue;
                }
            }
            pos = s + t[s..].chars().next().map_or(1, char::len_utf8);
        }
        out
    }
}

impl Detector for PrivacyDetector {
    fn name(&self) -> &'static str {
        "privacy"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Privacy]
    }

    fn rules(&self) -> Vec<&str> {
        Kind::ALL.iter().map(|k| k.rule()).collect()
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let text = ctx.doc.text();
        for (a, b) in windows(text) {
            let Some(window) = text.get(a..b) else {
                continue;
            };
            let view = FoldedView::new(window, FoldOptions::WIDTH);
            for c in self.scan(view.text()) {
                if !ctx.config.rule_enabled(c.kind.rule()) {
                    continue;
                }
                let (s, e) = view.to_original(c.start, c.end);
                let (s, e) = (a + s, a + e);
                let Some(orig) = text.get(s..e) else { continue };
                // Addresses are written with ASCII dots; `１．３０．９０．５` is a table of figures.
                if c.kind == Kind::Ip && orig.contains(['．', '。']) {
                    continue;
                }
                let masked = mask::masked(c.kind, orig, c.head, c.tail);
                out.push(
                    Finding::new(
                        c.kind.rule(),
                        Category::Privacy,
                        c.severity,
                        Span::new(s, e),
                        c.message,
                    )
                    .with_suggestions(vec![masked]),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Windows: the only parts of a text that can hold a candidate

/// Characters of margin kept around an island (context words, plate province, boundaries).
const MARGIN_BEFORE: usize = CONTEXT_BEFORE + 2;
const MARGIN_AFTER: usize = CONTEXT_AFTER + 2;

/// What an island holds, counted on the width-folded characters.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    digits: usize,
    letters: usize,
    at: usize,
    colons: usize,
    dots: usize,
}

impl Tally {
    fn add(&mut self, c: char) {
        match c {
            '0'..='9' => self.digits += 1,
            'A'..='Z' | 'a'..='z' => self.letters += 1,
            '@' => self.at += 1,
            ':' => self.colons += 1,
            '.' => self.dots += 1,
            _ => {}
        }
    }

    /// True when the island may hold a candidate of some kind.
    fn promising(&self) -> bool {
        self.digits >= 7
            || self.at > 0
            || (self.colons >= 2 && self.digits + self.letters >= 3)
            || (self.digits >= 4 && (self.letters > 0 || self.dots >= 3))
    }
}

/// Adds the ASCII characters `c` folds to (width folding) to `tally`; false when `c` does
/// not fold to ASCII (it ends an island).
fn tally_char(c: char, tally: &mut Tally, buf: &mut String) -> bool {
    if c == '\n' {
        return false;
    }
    if c.is_ascii() {
        tally.add(c);
        return true;
    }
    let u = c as u32;
    if (0xFF01..=0xFF5E).contains(&u) {
        tally.add(char::from_u32(u - 0xFEE0).unwrap_or(' '));
        return true;
    }
    if matches!(c, '\u{3000}' | '·' | '・' | '•') {
        return true;
    }
    // CJK ideographs and CJK punctuation never fold to ASCII.
    if matches!(u, 0x3001..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x3134F) {
        return false;
    }
    buf.clear();
    crate::normalize::fold_char(c, FoldOptions::WIDTH, buf);
    if buf.is_empty() || !buf.is_ascii() {
        return false;
    }
    buf.chars().for_each(|d| tally.add(d));
    true
}

/// Byte ranges of `text` worth scanning: runs of characters that fold to ASCII and hold
/// enough digits, letters, `@`, `:` or `.` for some candidate, widened by a margin of
/// context and merged when they touch. Plain Chinese prose yields none.
fn windows(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let close = |start: usize, end: usize, out: &mut Vec<(usize, usize)>| {
        let mut a = start;
        for _ in 0..MARGIN_BEFORE {
            match text[..a].chars().next_back() {
                Some(c) => a -= c.len_utf8(),
                None => break,
            }
        }
        let mut b = end;
        for _ in 0..MARGIN_AFTER {
            match text[b..].chars().next() {
                Some(c) => b += c.len_utf8(),
                None => break,
            }
        }
        match out.last_mut() {
            Some(last) if last.1 >= a => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    };
    let mut buf = String::with_capacity(16);
    let bytes = text.as_bytes();
    let mut run_start: Option<usize> = None;
    let mut tally = Tally::default();
    let mut i = 0;
    while i < bytes.len() {
        let x = bytes[i];
        // Fast paths: ASCII; CJK ideographs U+4E00..U+9FFF (lead bytes E4..E9) and CJK
        // punctuation U+3001..U+303F, which never fold to ASCII; full-width forms
        // U+FF01..U+FF5E, which fold to ASCII by an offset.
        let (len, folds) = if x < 0x80 {
            let keep = x != b'\n';
            if keep {
                tally.add(char::from(x));
            }
            (1, keep)
        } else if (0xE4..=0xE9).contains(&x) {
            (3, false)
        } else if x == 0xE3 && bytes.get(i + 1) == Some(&0x80) {
            (3, bytes.get(i + 2) == Some(&0x80))
        } else if let (0xEF, Some(&b1 @ (0xBC | 0xBD)), Some(&b2)) =
            (x, bytes.get(i + 1), bytes.get(i + 2))
        {
            let u = 0xF000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            if (0xFF01..=0xFF5E).contains(&u) {
                tally.add(char::from_u32(u - 0xFEE0).unwrap_or(' '));
                (3, true)
            } else {
                (
                    3,
                    tally_char(char::from_u32(u).unwrap_or(' '), &mut tally, &mut buf),
                )
            }
        } else {
            match text[i..].chars().next() {
                Some(c) => (c.len_utf8(), tally_char(c, &mut tally, &mut buf)),
                None => break,
            }
        };
        if folds {
            run_start.get_or_insert(i);
        } else if let Some(start) = run_start.take() {
            if tally.promising() {
                close(start, i, &mut out);
            }
            tally = Tally::default();
        }
        i += len;
    }
    if let Some(start) = run_start {
        if tally.promising() {
            close(start, text.len(), &mut out);
        }
    }
    out
}

/// A validated candidate in the folded text.
#[derive(Debug, Clone)]
struct Cand {
    kind: Kind,
    start: usize,
    end: usize,
    severity: Severity,
    message: String,
    /// Value characters kept at the start / end when masking.
    head: usize,
    tail: usize,
}

impl Cand {
    fn new(kind: Kind, start: usize, end: usize, severity: Severity, message: &str) -> Cand {
        let (head, tail) = match kind {
            Kind::IdCard | Kind::BankCard | Kind::CreditCode => (6, 4),
            Kind::Mobile => (3, 4),
            Kind::Landline => (0, 4),
            Kind::Passport | Kind::TravelPermit => (1, 3),
            Kind::LicencePlate => (2, 2),
            Kind::Email | Kind::Ip => (0, 0),
        };
        Cand {
            kind,
            start,
            end,
            severity,
            message: message.to_string(),
            head,
            tail,
        }
    }

    fn head(mut self, head: usize) -> Cand {
        self.head = head;
        self
    }
}

// ---------------------------------------------------------------------------------------
// Context

/// Context flags found near a candidate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Ctx(u32);

const C_ID: u32 = 1;
const C_PHONE: u32 = 1 << 1;
const C_BUSINESS: u32 = 1 << 2;
const C_CARD: u32 = 1 << 3;
const C_PERSONAL: u32 = 1 << 4;
const C_PASSPORT: u32 = 1 << 5;
const C_PERMIT: u32 = 1 << 6;
const C_PLATE: u32 = 1 << 7;
const C_IP: u32 = 1 << 8;
const C_NOT_PERSONAL_NUMBER: u32 = 1 << 9;
const C_TAIWAN_PERMIT: u32 = 1 << 10;

/// The context words and their flags: `dictionaries/privacy/context_words.tsv` (see its
/// header), parsed once.
const CONTEXT_FILE: &str = include_str!("../../../../dictionaries/privacy/context_words.tsv");

/// The flag of a name in the context-word file.
fn context_flag(name: &str) -> Option<u32> {
    Some(match name {
        "id" => C_ID,
        "phone" => C_PHONE,
        "business" => C_BUSINESS,
        "card" => C_CARD,
        "personal" => C_PERSONAL,
        "passport" => C_PASSPORT,
        "permit" => C_PERMIT,
        "plate" => C_PLATE,
        "ip" => C_IP,
        "not_personal_number" => C_NOT_PERSONAL_NUMBER,
        "taiwan_permit" => C_TAIWAN_PERMIT,
        _ => return None,
    })
}

/// Parses the context-word file: `(word, flags)` for every well-formed line, and the
/// malformed lines (1-based numbers; a test keeps the file free of them).
fn parse_context_words(text: &'static str) -> (Vec<(&'static str, u32)>, Vec<usize>) {
    let mut words = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let word = cols.next().unwrap_or("").trim();
        let flags: Option<u32> = cols
            .next()
            .unwrap_or("")
            .split_whitespace()
            .map(context_flag)
            .try_fold(0, |acc, f| f.map(|f| acc | f));
        match flags {
            Some(f) if f != 0 && !word.is_empty() && cols.next().is_none() => words.push((word, f)),
            _ => bad.push(i + 1),
        }
    }
    (words, bad)
}

fn context_words() -> &'static [(&'static str, u32)] {
    static WORDS: OnceLock<Vec<(&'static str, u32)>> = OnceLock::new();
    WORDS.get_or_init(|| parse_context_words(CONTEXT_FILE).0)
}

/// Characters of context looked at before and after a candidate.
const CONTEXT_BEFORE: usize = 14;
const CONTEXT_AFTER: usize = 4;

impl Ctx {
    fn around(t: &str, s: usize, e: usize) -> Ctx {
        let mut a = s;
        for _ in 0..CONTEXT_BEFORE {
            match t[..a].chars().next_back() {
                Some(c) if c != '\n' => a -= c.len_utf8(),
                _ => break,
            }
        }
        let mut b = e;
        for _ in 0..CONTEXT_AFTER {
            match t[b..].chars().next() {
                Some(c) if c != '\n' => b += c.len_utf8(),
                _ => break,
            }
        }
        let before = &t[a..s];
        let after = &t[e..b];
        let mut flags = 0;
        for &(w, f) in context_words() {
            if before.contains(w) || after.contains(w) {
                flags |= f;
            }
        }
        Ctx(flags)
    }

    fn has(self, f: u32) -> bool {
        self.0 & f != 0
    }
}

// ---------------------------------------------------------------------------------------
// Boundaries

/// True for characters that mark a value as already masked when glued to it.
fn is_mask_char(c: char) -> bool {
    matches!(
        c,
        '*' | '×' | '●' | '○' | '■' | '□' | '★' | '☆' | '#' | '※' | '✱' | '∗'
    )
}

/// True when the value starting at `s` of `t` is glued to something on the left: a letter
/// or digit, a mask character, `_`, `@`, `/`, `\`, `&`, `=`, a `.` or `-` after a letter or
/// digit, a `,` or `:` after a digit.
fn glued_left(t: &str, s: usize) -> bool {
    let mut it = t[..s].chars().rev();
    match it.next() {
        None => false,
        Some(c) if c.is_ascii_alphanumeric() || is_mask_char(c) => true,
        Some('_' | '@' | '/' | '\\' | '&' | '=') => true,
        Some('.' | '-') => it.next().is_some_and(|d| d.is_ascii_alphanumeric()),
        Some(',' | ':') => it.next().is_some_and(|d| d.is_ascii_digit()),
        _ => false,
    }
}

/// True when the value at `s..e` of `t` is glued to something on the right.
fn glued_right(t: &str, e: usize) -> bool {
    let mut it = t[e..].chars();
    match it.next() {
        None => false,
        Some(c) if c.is_ascii_alphanumeric() || is_mask_char(c) => true,
        Some('_' | '@' | '/' | '\\' | '%' | '&' | '=') => true,
        Some('.' | '-') => it.next().is_some_and(|d| d.is_ascii_alphanumeric()),
        Some(',' | ':') => it.next().is_some_and(|d| d.is_ascii_digit()),
        _ => false,
    }
}

fn free(t: &str, s: usize, e: usize) -> bool {
    !glued_left(t, s) && !glued_right(t, e)
}

// ---------------------------------------------------------------------------------------
// Number chunks

/// One digit group of a number chunk.
#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
    /// Separator before it inside the chunk (`' '`, `'-'`), or none for the first.
    sep: Option<char>,
}

impl Group {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

fn split_groups(t: &str, s: usize, e: usize) -> Vec<Group> {
    let b = t.as_bytes();
    let mut groups = Vec::new();
    let mut i = s;
    let mut sep = None;
    while i < e {
        let c = b[i];
        if c.is_ascii_digit() || ((c == b'X' || c == b'x') && i + 1 == e) {
            let st = i;
            while i < e && (b[i].is_ascii_digit() || ((b[i] == b'X' || b[i] == b'x') && i + 1 == e))
            {
                i += 1;
            }
            groups.push(Group {
                start: st,
                end: i,
                sep,
            });
            sep = None;
        } else {
            if c == b' ' || c == b'-' {
                sep = Some(char::from(c));
            }
            i += 1;
        }
    }
    groups
}

fn concat(t: &str, g: &[Group]) -> String {
    g.iter().map(|g| &t[g.start..g.end]).collect()
}

const MSG_ID: &str = "疑似公民身份号码（校验位、出生日期、地区码均有效），发布前应脱敏";
const MSG_ID15: &str = "疑似15位旧版身份证号码，发布前应脱敏";
const MSG_MOBILE: &str = "疑似个人手机号码，发布前应脱敏";
const MSG_MOBILE_BIZ: &str = "手机号码标注为服务/公开号码；如属个人号码应脱敏";
const MSG_LANDLINE: &str = "固定电话号码；如属个人住宅电话应脱敏";
const MSG_LANDLINE_PERSONAL: &str = "疑似个人固定电话号码，发布前应脱敏";
const MSG_HOTLINE: &str = "400/800 服务热线，属公开的企业号码";
const MSG_CARD: &str = "疑似银行卡号（Luhn 校验通过，发卡行前缀有效），发布前应脱敏";
const MSG_CARD_NOLUHN: &str = "疑似银行卡号（上下文提示为卡号，Luhn 校验未通过），发布前应脱敏";
const MSG_USCC: &str = "统一社会信用代码（机构公开信息）";
const MSG_PERMIT_TW: &str = "疑似台湾居民来往大陆通行证号码，发布前应脱敏";

/// Splits a number chunk `s..e` into the values people write and validates them.
fn numbers(t: &str, s: usize, e: usize, out: &mut Vec<Cand>) {
    // Every value below has at least 7 digits: most numbers in prose (years, amounts) stop here.
    if t.as_bytes()[s..e]
        .iter()
        .filter(|b| b.is_ascii_digit())
        .count()
        < 7
    {
        return;
    }
    let groups = split_groups(t, s, e);
    if groups.is_empty() {
        return;
    }
    // Bracketed or `+` prefix of the chunk (country or area code).
    let first_start = groups[0].start;
    let prefixed = first_start > s;
    let bracketed = t[s..first_start].contains('(');
    let mut i = 0;
    while i < groups.len() {
        let mut done = false;
        // Longest first: try up to 5 groups joined.
        for n in (1..=5.min(groups.len() - i)).rev() {
            let g = &groups[i..i + n];
            // groups must be adjacent in the chunk (joined by one separator)
            let lens: Vec<usize> = g.iter().map(Group::len).collect();
            let chunk_start = if i == 0 { s } else { g[0].start };
            let chunk_end = g[n - 1].end;
            let left_ok = if i == 0 {
                !glued_left(t, s)
            } else {
                g[0].sep != Some('-')
            };
            // A landline may be followed by `-extension` (the last group, 1–5 digits).
            let ext = i + n + 1 == groups.len()
                && groups[i + n].sep == Some('-')
                && groups[i + n].len() <= 5
                && !glued_right(t, e);
            let right_ok = if i + n == groups.len() {
                !glued_right(t, e)
            } else {
                groups[i + n].sep != Some('-') || ext
            };
            if !(left_ok && right_ok) {
                continue;
            }
            let pre = i == 0 && prefixed;
            if let Some(c) = classify(
                t,
                chunk_start,
                chunk_end,
                g,
                &lens,
                pre,
                i == 0 && bracketed,
            ) {
                let uses_ext = ext && groups[i + n].sep == Some('-');
                if uses_ext && c.kind != Kind::Landline {
                    continue;
                }
                out.push(c);
                i += n + usize::from(uses_ext);
                done = true;
                break;
            }
        }
        if !done {
            i += 1;
        }
    }
}

/// Classifies the groups `g` (span `s..e` in `t`, `prefixed` when the chunk starts with
/// `+` or a bracketed code).
fn classify(
    t: &str,
    s: usize,
    e: usize,
    g: &[Group],
    lens: &[usize],
    prefixed: bool,
    bracketed: bool,
) -> Option<Cand> {
    let digits = concat(t, g);
    if digits.len() < 7 {
        return None;
    }
    let n = lens.len();
    let ctx = Ctx::around(t, s, e);
    let plus = t[s..g[0].start].contains('+');

    // Country code first: +86 / 0086 / 86 followed by a mobile or landline.
    if plus || digits.starts_with("0086") || digits.starts_with("86") {
        if let Some(c) = with_country_code(s, e, lens, &digits, ctx, plus) {
            return Some(c);
        }
    }
    if plus {
        return None;
    }
    // Shapes with separators.
    let shape_ok = |shape: &[&[usize]]| -> bool {
        shape.len() == n && shape.iter().zip(lens).all(|(opts, l)| opts.contains(l))
    };
    let is_id_shape = n == 1
        || shape_ok(&[&[6], &[8], &[4]])
        || shape_ok(&[&[6], &[4], &[4], &[4]])
        || shape_ok(&[&[4], &[4], &[4], &[4], &[2]]);
    let is_mobile_shape = n == 1 || shape_ok(&[&[3], &[4], &[4]]) || shape_ok(&[&[3], &[8]]);
    let is_card_shape = n == 1
        || (n >= 4 && lens[..4].iter().all(|&l| l == 4) && (n == 4 || (n == 5 && lens[4] <= 3)))
        || shape_ok(&[&[6], &[10, 11, 12, 13]]);
    let is_landline_shape = (n == 2 && (3..=4).contains(&lens[0]) && (7..=8).contains(&lens[1]))
        || (n == 3 && (3..=4).contains(&lens[0]) && (3..=4).contains(&lens[1]) && lens[2] == 4)
        || (n == 1 && !bracketed);
    let is_hotline_shape = n == 1
        || shape_ok(&[&[3], &[3], &[4]])
        || shape_ok(&[&[4], &[3], &[3]])
        || shape_ok(&[&[3], &[4], &[3]]);

    let len = digits.len();
    // Bracketed area code: (010) 12345678
    if bracketed {
        let area = lens[0];
        if n >= 2 && digits.starts_with('0') && (3..=4).contains(&area) {
            let local = len - area;
            if (7..=8).contains(&local) && !digits[area..].starts_with(['0', '1']) {
                return Some(landline(s, e, ctx, area));
            }
        }
        return None;
    }
    if prefixed {
        return None;
    }

    if len == 18 && is_id_shape {
        if validate_resident_id(&digits).is_ok() {
            return Some(Cand::new(Kind::IdCard, s, e, Severity::Error, MSG_ID));
        }
        if !digits.ends_with(['X', 'x'])
            && validate_uscc(&digits).is_ok()
            && n == 1
            && uscc_plausible(&digits)
        {
            return Some(Cand::new(Kind::CreditCode, s, e, Severity::Info, MSG_USCC));
        }
    }
    if digits.ends_with(['X', 'x']) {
        return None;
    }
    if len == 15 && n == 1 && validate_legacy_resident_id(&digits).is_ok() {
        let sev = if ctx.has(C_ID) {
            Severity::Error
        } else if ctx.has(C_NOT_PERSONAL_NUMBER) || ctx.has(C_CARD) {
            return None;
        } else {
            Severity::Warning
        };
        return Some(Cand::new(Kind::IdCard, s, e, sev, MSG_ID15));
    }
    if (16..=19).contains(&len) && is_card_shape {
        if let Some(c) = bank_card(s, e, &digits, ctx) {
            return Some(c);
        }
    }
    if len == 11 && is_mobile_shape && validate_mobile(&digits).is_ok() {
        return Some(mobile(s, e, ctx, 0));
    }
    if len == 10 && is_hotline_shape && (digits.starts_with("400") || digits.starts_with("800")) {
        return Some(Cand::new(Kind::Landline, s, e, Severity::Info, MSG_HOTLINE));
    }
    if is_landline_shape && digits.starts_with('0') && !digits.starts_with("00") {
        let area = area_code_len(&digits, lens);
        let local = len.saturating_sub(area);
        if area > 0
            && (7..=8).contains(&local)
            && !digits[area..].starts_with(['0', '1'])
            && !ctx.has(C_NOT_PERSONAL_NUMBER)
        {
            return Some(landline(s, e, ctx, area));
        }
    }
    if (8..=10).contains(&len) && n == 1 && ctx.has(C_TAIWAN_PERMIT) {
        if let Ok(PermitKind::TaiwanResident) = validate_travel_permit(&digits) {
            return Some(Cand::new(
                Kind::TravelPermit,
                s,
                e,
                Severity::Warning,
                MSG_PERMIT_TW,
            ));
        }
    }
    // A bare local number is a phone only when the context says so.
    if n == 1
        && (7..=8).contains(&len)
        && !digits.starts_with(['0', '1'])
        && ctx.has(C_PHONE)
        && !ctx.has(C_NOT_PERSONAL_NUMBER | C_ID | C_PASSPORT | C_PERMIT | C_CARD)
    {
        return Some(landline(s, e, ctx, 0));
    }
    None
}

/// Registration authority and region parts of an all-digit credit code look real.
fn uscc_plausible(code: &str) -> bool {
    let b = code.as_bytes();
    // 100000: organisations registered at national level.
    b[0] != b'0' && (&code[2..8] == "100000" || region(&code[2..8]).is_ok())
}

/// Length of the area code at the start of a landline written without brackets.
fn area_code_len(digits: &str, lens: &[usize]) -> usize {
    if lens.len() >= 2 {
        return if (3..=4).contains(&lens[0]) {
            lens[0]
        } else {
            0
        };
    }
    // 010, 020–029 are 3 digits; the rest 4.
    if digits.starts_with("01") || digits.starts_with("02") {
        3
    } else {
        4
    }
}

/// A mobile or landline number after a country code (`+86`, `0086`, `86`).
fn with_country_code(
    s: usize,
    e: usize,
    lens: &[usize],
    digits: &str,
    ctx: Ctx,
    plus: bool,
) -> Option<Cand> {
    let n = lens.len();
    let cc = if plus && digits.starts_with("86") {
        2
    } else if plus {
        return None;
    } else if digits.starts_with("0086") && (lens[0] == 4 || (n == 1 && digits.len() == 15)) {
        4
    } else if digits.starts_with("86") && (lens[0] == 2 || (n == 1 && digits.len() == 13)) {
        2
    } else {
        return None;
    };
    let rest = &digits[cc..];
    let rest_lens: &[usize] = if lens[0] == cc { &lens[1..] } else { &[] };
    let glued = lens[0] != cc && n == 1;
    let mobile_shape = glued || rest_lens == [11] || rest_lens == [3, 4, 4] || rest_lens == [3, 8];
    if mobile_shape && validate_mobile(rest).is_ok() {
        return Some(mobile(s, e, ctx, cc));
    }
    // +86 10 1234 5678: the area code is written without its 0.
    if plus && rest_lens.len() >= 2 && (2..=3).contains(&rest_lens[0]) {
        let area = rest_lens[0];
        let local = rest.len() - area;
        if (7..=8).contains(&local)
            && !rest[area..].starts_with(['0', '1'])
            && !rest.starts_with('0')
        {
            return Some(landline(s, e, ctx, cc + area));
        }
    }
    None
}

fn mobile(s: usize, e: usize, ctx: Ctx, cc: usize) -> Cand {
    let (sev, msg) = if ctx.has(C_BUSINESS) && !ctx.has(C_PERSONAL) {
        (Severity::Info, MSG_MOBILE_BIZ)
    } else if ctx.has(C_PERSONAL) || ctx.has(C_ID) {
        (Severity::Error, MSG_MOBILE)
    } else {
        (Severity::Warning, MSG_MOBILE)
    };
    Cand::new(Kind::Mobile, s, e, sev, msg).head(cc + 3)
}

fn landline(s: usize, e: usize, ctx: Ctx, area: usize) -> Cand {
    let personal = ctx.has(C_PERSONAL) && !ctx.has(C_BUSINESS);
    let (sev, msg) = if personal {
        (Severity::Warning, MSG_LANDLINE_PERSONAL)
    } else {
        (Severity::Info, MSG_LANDLINE)
    };
    Cand::new(Kind::Landline, s, e, sev, msg).head(area)
}

fn bank_card(s: usize, e: usize, digits: &str, ctx: Ctx) -> Option<Cand> {
    match validate_bank_card(digits) {
        Ok(()) => {
            if ctx.has(C_NOT_PERSONAL_NUMBER) && !ctx.has(C_CARD) {
                return None;
            }
            let sev = if ctx.has(C_CARD) {
                Severity::Error
            } else {
                Severity::Warning
            };
            Some(Cand::new(Kind::BankCard, s, e, sev, MSG_CARD))
        }
        // Some UnionPay debit cards fail Luhn: report only with a card context word.
        Err(InvalidReason::Checksum) if ctx.has(C_CARD) => Some(Cand::new(
            Kind::BankCard,
            s,
            e,
            Severity::Warning,
            MSG_CARD_NOLUHN,
        )),
        Err(InvalidReason::Prefix) if ctx.has(C_CARD) && validate_luhn(digits).is_ok() => {
            Some(Cand::new(Kind::BankCard, s, e, Severity::Warning, MSG_CARD))
        }
        Err(_) => None,
    }
}

// ---------------------------------------------------------------------------------------
// Other kinds

/// Local parts and domains of addresses an organisation publishes.
const ROLE_LOCAL_PARTS: &[&str] = &[
    "info",
    "service",
    "services",
    "admin",
    "webmaster",
    "contact",
    "support",
    "office",
    "xxgk",
    "ban",
    "bgs",
    "jubao",
    "jb",
    "help",
    "kefu",
    "hr",
    "zhaopin",
    "job",
    "jobs",
    "news",
    "editor",
    "tougao",
    "media",
    "press",
    "postmaster",
    "hotline",
    "feedback",
    "public",
    "master",
    "mail",
    "email",
    "sales",
    "market",
    "marketing",
    "noreply",
    "no-reply",
];

fn email(t: &str, s: usize, e: usize) -> Option<Cand> {
    if !free(t, s, e) {
        return None;
    }
    let v = &t[s..e];
    let at = v.find('@')?;
    let (local, domain) = (&v[..at], &v[at + 1..]);
    if local.len() > 64
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
        || domain.len() > 253
    {
        return None;
    }
    let labels_ok = domain
        .split('.')
        .all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-'));
    let tld_ok = domain
        .rsplit('.')
        .next()
        .is_some_and(|tld| (2..=24).contains(&tld.len()));
    if !labels_ok || !tld_ok {
        return None;
    }
    let lower_local = local.to_ascii_lowercase();
    let lower_domain = domain.to_ascii_lowercase();
    let org = ROLE_LOCAL_PARTS.contains(&lower_local.as_str())
        || lower_domain.ends_with(".gov.cn")
        || lower_domain.ends_with(".gov")
        || lower_domain.ends_with(".org.cn")
        || lower_domain.ends_with(".edu.cn") && !lower_local.chars().any(|c| c.is_ascii_digit());
    let (sev, msg) = if org {
        (Severity::Info, "电子邮箱地址（机构或职能邮箱，一般可公开）")
    } else {
        (Severity::Warning, "疑似个人电子邮箱地址，发布前应脱敏")
    };
    Some(Cand::new(Kind::Email, s, e, sev, msg))
}

fn ipv4(t: &str, s: usize, e: usize) -> Option<Cand> {
    if !free(t, s, e) {
        return None;
    }
    let v = &t[s..e];
    // No leading zeros (dates like 2019.01.02.03 and version strings are not addresses).
    if v.split('.').any(|p| p.len() > 1 && p.starts_with('0')) {
        return None;
    }
    let addr: std::net::Ipv4Addr = v.parse().ok()?;
    let ctx = Ctx::around(t, s, e);
    let public = !(addr.is_private()
        || addr.is_loopback()
        || addr.is_link_local()
        || addr.is_unspecified()
        || addr.is_broadcast()
        || addr.is_documentation()
        || addr.octets()[0] >= 224);
    let sev = if public && ctx.has(C_IP) {
        Severity::Warning
    } else {
        Severity::Info
    };
    Some(Cand::new(
        Kind::Ip,
        s,
        e,
        sev,
        "IP 地址；如可关联到个人应脱敏",
    ))
}

fn ipv6(t: &str, s: usize, e: usize) -> Option<Cand> {
    if !free(t, s, e) {
        return None;
    }
    let v = &t[s..e];
    let addr: Ipv6Addr = v.parse().ok()?;
    if addr.is_unspecified() || v.chars().filter(char::is_ascii_hexdigit).count() < 3 {
        return None;
    }
    // Times (12:30:00) never parse; a plain hex triple without `::` does not either.
    let ctx = Ctx::around(t, s, e);
    let ip = IpAddr::V6(addr);
    let sev = if ctx.has(C_IP) && !ip.is_loopback() {
        Severity::Warning
    } else {
        Severity::Info
    };
    Some(Cand::new(
        Kind::Ip,
        s,
        e,
        sev,
        "IP 地址；如可关联到个人应脱敏",
    ))
}

fn uscc(t: &str, s: usize, e: usize) -> Option<Cand> {
    if e - s != 18 || !free(t, s, e) {
        return None;
    }
    let v = &t[s..e];
    validate_uscc(v).ok()?;
    if !uscc_plausible(v) {
        return None;
    }
    Some(Cand::new(Kind::CreditCode, s, e, Severity::Info, MSG_USCC))
}

fn code(t: &str, s: usize, e: usize) -> Option<Cand> {
    if !free(t, s, e) {
        return None;
    }
    let v = &t[s..e];
    let ctx = Ctx::around(t, s, e);
    if v.bytes().take(2).any(|b| b.is_ascii_lowercase()) {
        return None;
    }
    if ctx.has(C_NOT_PERSONAL_NUMBER) && !ctx.has(C_PASSPORT | C_PERMIT) {
        return None;
    }
    if !ctx.has(C_PERMIT) && validate_passport(v).is_ok() {
        let sev = if ctx.has(C_PASSPORT) {
            Severity::Warning
        } else {
            Severity::Info
        };
        return Some(Cand::new(
            Kind::Passport,
            s,
            e,
            sev,
            "疑似护照号码，发布前应脱敏",
        ));
    }
    match validate_travel_permit(v) {
        Ok(PermitKind::TaiwanResident) | Err(_) => None,
        Ok(_) => {
            let sev = if ctx.has(C_PERMIT) {
                Severity::Warning
            } else {
                Severity::Info
            };
            Some(Cand::new(
                Kind::TravelPermit,
                s,
                e,
                sev,
                "疑似港澳台通行证号码，发布前应脱敏",
            ))
        }
    }
}

fn plate(t: &str, s: usize, e: usize) -> Option<Cand> {
    if !free(t, s, e) {
        return None;
    }
    let v = &t[s..e];
    let mut chars = v.chars();
    chars.next(); // province
    chars.next(); // authority letter
    let rest: Vec<char> = chars
        .filter(|c| !matches!(c, ' ' | '·' | '・' | '•' | '-'))
        .collect();
    if rest.iter().any(|&c| c == 'I' || c == 'O') {
        return None;
    }
    let last_cjk = rest.last().is_some_and(|c| !c.is_ascii());
    let alnum = rest.len() - usize::from(last_cjk);
    let ok = match (alnum, last_cjk) {
        (5, false) | (4, true) => rest.iter().any(char::is_ascii_digit),
        // new-energy plates: D/F (and A–K for small cars) first or last of six
        (6, false) => {
            let first = rest[0];
            let last = rest[5];
            (matches!(first, 'D' | 'F' | 'A'..='K') && rest[1..].iter().all(char::is_ascii_digit))
                || (matches!(last, 'D' | 'F') && rest[..5].iter().all(char::is_ascii_digit))
        }
        _ => false,
    };
    if !ok {
        return None;
    }
    let ctx = Ctx::around(t, s, e);
    let sev = if ctx.has(C_PLATE) {
        Severity::Warning
    } else {
        Severity::Info
    };
    Some(Cand::new(
        Kind::LicencePlate,
        s,
        e,
        sev,
        "机动车号牌；如可关联到个人应脱敏",
    ))
}

#[cfg(test)]
mod tests;
