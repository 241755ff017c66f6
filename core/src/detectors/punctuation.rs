//! Punctuation checks after GB/T 15834-2011 (标点符号用法), paragraph by paragraph (one
//! line = one paragraph):
//!
//! | rule | what |
//! |---|---|
//! | `punctuation.unbalanced` | an opening mark never closed, or a closing mark never opened |
//! | `punctuation.mismatched` | a pair closed with the wrong mark (`（…)`, `（…】`, `“…“`) |
//! | `punctuation.nested_book_title` | `《…《…》…》`: the inner title takes `〈〉` |
//! | `punctuation.doubled` | doubled or conflicting marks (`，，` `,、` `；。`) |
//! | `punctuation.halfwidth` | half-width `, ; : ? ! ( )` between Chinese characters, `"` around Chinese |
//! | `format.fullwidth_alnum` | full-width letters or digits touching Latin letters or digits |
//! | `format.cjk_space` | spaces between two Chinese characters (info) |
//!
//! Each line is scanned once; the bracket stack and the issue list are reused across lines.

use super::charclass::{
    char_at, char_before, digit, fullwidth_alnum, is_ascii_alnum, is_han, lines, sparse_chars,
};
use super::{CheckContext, Detector};
use crate::finding::{Category, Finding, Severity};

/// Rule ids of this detector.
pub const RULES: [&str; 7] = [
    "punctuation.unbalanced",
    "punctuation.mismatched",
    "punctuation.nested_book_title",
    "punctuation.doubled",
    "punctuation.halfwidth",
    "format.fullwidth_alnum",
    "format.cjk_space",
];

/// Paired marks: (open, close, group). Marks of one group close each other with a
/// `mismatched` finding (full/half width mixed).
const PAIRS: [(char, char, u8); 13] = [
    ('（', '）', 0),
    ('(', ')', 0),
    ('【', '】', 1),
    ('[', ']', 1),
    ('［', '］', 1),
    ('〔', '〕', 1),
    ('《', '》', 2),
    ('〈', '〉', 3),
    ('“', '”', 4),
    ('‘', '’', 5),
    ('「', '」', 6),
    ('『', '』', 7),
    ('｛', '｝', 8),
];

/// Any character `pairs` looks at.
#[inline]
fn is_pair_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '(' | ')' | '[' | ']' | '\u{2018}'..='\u{201D}' | '\u{3008}'..='\u{3017}'
            | '（' | '）' | '［' | '］' | '｛' | '｝'
    )
}

/// Deepest bracket nesting analysed in a paragraph.
const MAX_DEPTH: usize = 64;

fn opener(c: char) -> Option<usize> {
    PAIRS.iter().position(|p| p.0 == c)
}

fn closer(c: char) -> Option<usize> {
    PAIRS.iter().position(|p| p.1 == c)
}

/// Punctuation, brackets and spacing checks.
#[derive(Debug, Default)]
pub struct PunctuationDetector;

impl PunctuationDetector {
    /// The detector.
    pub fn new() -> Self {
        PunctuationDetector
    }
}

#[derive(Clone, Copy)]
struct Open {
    pair: usize,
    pos: usize,
    /// A 《 opened while another 《 was open.
    nested_title: bool,
    /// How many 《 are open up to and including this entry.
    titles: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Stray {
    Unclosed,
    Unopened,
}

struct Issue {
    pos: usize,
    ch: char,
    kind: Stray,
}

/// The findings sink of this detector's seven rules.
type Ctx<'o> = super::charclass::RuleOut<'o, 7>;

impl Detector for PunctuationDetector {
    fn name(&self) -> &'static str {
        "punctuation"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Punctuation, Category::Format]
    }

    fn rules(&self) -> Vec<&str> {
        RULES.to_vec()
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let text = ctx.doc.text();
        let Some(mut cx) = Ctx::new(ctx, &RULES, out) else {
            return;
        };
        let mut stack: Vec<Open> = Vec::new();
        let mut issues: Vec<Issue> = Vec::new();
        let mut titles: Vec<NestedTitle> = Vec::new();
        let blocks = text.contains("\n\n") || text.contains("\n\r\n");
        let mut carry = Carry {
            open: Vec::new(),
            limit: if blocks {
                CARRY_LINES_BLOCKS
            } else {
                CARRY_LINES
            },
        };
        let mut it = lines(text).peekable();
        let mut line_no = 0usize;
        while let Some((base, line)) = it.next() {
            line_no += 1;
            if line.trim_matches([' ', '\u{3000}', '\t']).is_empty() {
                // A blank line ends the block: what was carried stays unclosed, unless it
                // is a quotation that goes on in the next paragraph (GB/T 15834-2011,
                // 4.1.3.3: each paragraph opens it, only the last closes it).
                let quote_goes_on = !carry.open.is_empty()
                    && carry
                        .open
                        .iter()
                        .all(|&(c, _, _)| matches!(c, '“' | '‘' | '「' | '『'))
                    && it
                        .clone()
                        .map(|(_, l)| l.trim_start_matches([' ', '\u{3000}', '\t']))
                        .find(|l| !l.is_empty())
                        .is_some_and(|l| l.starts_with(['“', '‘', '「', '『']));
                if quote_goes_on {
                    carry.open.clear();
                }
                carry.flush(&mut cx);
                continue;
            }
            let next_line = it
                .peek()
                .map(|(_, l)| l.trim_start_matches([' ', '\u{3000}', '\t']));
            let next_starts_with_quote =
                next_line.is_some_and(|l| l.starts_with(['“', '‘', '「', '『']));
            let next_nonblank = next_line.is_some_and(|l| !l.is_empty());
            let pairs_on = cx.on[0] || cx.on[1] || cx.on[2] || cx.on[4];
            let mut pairs =
                pairs_on.then(|| Pairs::new(line, base, &mut stack, &mut issues, &mut titles));
            marks(line, base, pairs.as_mut(), &mut cx);
            if let Some(p) = pairs {
                p.finish(
                    next_starts_with_quote,
                    next_nonblank,
                    line_no,
                    &mut carry,
                    &mut cx,
                );
            }
        }
        carry.flush(&mut cx);
    }
}

/// Lines a carried opening mark may wait for its closing mark in a text whose paragraphs
/// are lines (no blank lines)…
const CARRY_LINES: usize = 3;
/// …and in a text whose paragraphs are separated by blank lines (a hard-wrapped text: the
/// paragraph ends at the blank line).
const CARRY_LINES_BLOCKS: usize = 40;

/// Opening marks left open at the end of a line, waiting for a closing mark at the start
/// of the next lines: text wrapped at a fixed width opens a bracket on one line and closes
/// it on the next. Positions are offsets into the document text.
#[derive(Default)]
struct Carry {
    /// (opening mark, its position in the text, line number where it was opened)
    open: Vec<(char, usize, usize)>,
    /// Lines a mark may be carried ([`CARRY_LINES`] or [`CARRY_LINES_BLOCKS`]).
    limit: usize,
}

impl Carry {
    /// Reports every carried mark as unclosed.
    fn flush(&mut self, cx: &mut Ctx<'_>) {
        for (ch, pos, _) in self.open.drain(..) {
            cx.push(
                0,
                Severity::Warning,
                pos,
                pos + ch.len_utf8(),
                "前半个标号缺少配对的后半个",
                None,
            );
        }
    }

    /// Reports the marks carried for more than [`CARRY_LINES`] lines.
    fn expire(&mut self, line_no: usize, cx: &mut Ctx<'_>) {
        let keep = self
            .open
            .iter()
            .position(|&(_, _, l)| line_no.saturating_sub(l) <= self.limit)
            .unwrap_or(self.open.len());
        let old: Vec<_> = self.open.drain(..keep).collect();
        let mut expired = Carry {
            open: old,
            limit: 0,
        };
        expired.flush(cx);
    }

    /// A closing mark `c` at the start of a line closes a carried opening mark: true when
    /// it did (the marks opened after that one were never closed and are reported).
    fn close(&mut self, c: char, cx: &mut Ctx<'_>) -> bool {
        let Some(k) = closer(c) else {
            return false;
        };
        let Some(d) = self.open.iter().rposition(|&(o, _, _)| o == PAIRS[k].0) else {
            return false;
        };
        let above: Vec<_> = self.open.drain(d + 1..).collect();
        Carry {
            open: above,
            limit: 0,
        }
        .flush(cx);
        self.open.pop();
        true
    }
}

/// Bracket and quote balance of one paragraph, fed one mark at a time.
struct Pairs<'s, 'l> {
    line: &'l str,
    base: usize,
    stack: &'s mut Vec<Open>,
    issues: &'s mut Vec<Issue>,
    ascii_quote: Option<usize>,
    /// Where the last closing-looking quote of the line is (found once, when first needed).
    last_quote: Option<usize>,
    /// The line nests too deep to be prose: not analysed.
    dead: bool,
    /// Nested titles found in the line, reported at its end if their outer 《 was closed.
    titles: &'s mut Vec<NestedTitle>,
}

/// A `《…《…》…》` inner title, waiting to know whether its outer 《 is ever closed.
struct NestedTitle {
    /// Line offset of the outer 《.
    outer: usize,
    start: usize,
    end: usize,
    suggestion: String,
    /// The outer 《 was closed by a 》.
    confirmed: bool,
}

impl<'s, 'l> Pairs<'s, 'l> {
    fn new(
        line: &'l str,
        base: usize,
        stack: &'s mut Vec<Open>,
        issues: &'s mut Vec<Issue>,
        titles: &'s mut Vec<NestedTitle>,
    ) -> Self {
        stack.clear();
        issues.clear();
        titles.clear();
        Pairs {
            line,
            base,
            stack,
            issues,
            ascii_quote: None,
            last_quote: None,
            dead: false,
            titles,
        }
    }

    /// One pair mark (see [`is_pair_mark`]) at byte `i` of the line.
    fn step(&mut self, i: usize, c: char, cx: &mut Ctx<'_>) {
        if self.dead {
            return;
        }
        // No prose nests brackets this deep; give up on the line rather than scan a huge
        // stack for every closing mark.
        if self.stack.len() > MAX_DEPTH {
            self.dead = true;
            return;
        }
        let (line, base) = (self.line, self.base);
        let stack = &mut *self.stack;
        let issues = &mut *self.issues;
        let ascii_quote = &mut self.ascii_quote;
        let last_quote = &mut self.last_quote;
        let p = char_before(line, i);
        let next = char_at(line, i + c.len_utf8());
        if c == '"' {
            // Inch marks (5") are not quotes.
            if p.is_some_and(|p| p.is_ascii_digit()) && ascii_quote.is_none() {
                return;
            }
            // “双减" : a Chinese opening quote closed by a straight one (not when another
            // quote follows: “用"A"方案” nests straight quotes instead).
            if ascii_quote.is_none()
                && stack.last().is_some_and(|o| PAIRS[o.pair].0 == '“')
                && *last_quote.get_or_insert_with(|| line.rfind(['"', '”']).unwrap_or(0)) <= i
            {
                stack.pop();
                cx.push(
                    1,
                    Severity::Error,
                    base + i,
                    base + i + 1,
                    "引号前后不配套（全角、半角混用）",
                    Some("”".to_string()),
                );
                return;
            }
            *ascii_quote = match *ascii_quote {
                Some(open) => {
                    // "双减"政策: straight quotes around Chinese take “ ”.
                    if line[open + 1..i].chars().any(is_han) {
                        for (at, full) in [(open, '“'), (i, '”')] {
                            cx.push(
                                4,
                                Severity::Warning,
                                base + at,
                                base + at + 1,
                                "中文中应使用全角标点",
                                Some(full.to_string()),
                            );
                        }
                    }
                    None
                }
                None => Some(i),
            };
            return;
        }
        // Apostrophes in Latin words (it’s, Xi’an) and abbreviated years (’98).
        if (c == '’' || c == '‘')
            && ((p.is_some_and(is_ascii_alnum) && next.is_none_or(|n| n.is_ascii_alphabetic()))
                || next.is_some_and(|n| digit(n).is_some()))
        {
            return;
        }
        if let Some(k) = opener(c) {
            // 《 open below this one, so nesting is known without scanning the stack.
            let below = stack.last().map_or(0, |o| o.titles);
            let nested_title = k == 6 && below > 0;
            stack.push(Open {
                pair: k,
                pos: i,
                nested_title,
                titles: below + usize::from(k == 6),
            });
            return;
        }
        let Some(k) = closer(c) else {
            return;
        };
        let group = PAIRS[k].2;
        if let Some(top) = stack.last().copied() {
            if top.pair == k {
                stack.pop();
                if k == 6 {
                    // a closed 《: the titles nested in it are confirmed
                    for t in self.titles.iter_mut().filter(|t| t.outer == top.pos) {
                        t.confirmed = true;
                    }
                }
                if top.nested_title {
                    let inner = &line[top.pos + '《'.len_utf8()..i];
                    if let Some(outer) = stack.iter().rev().find(|o| o.pair == 6) {
                        self.titles.push(NestedTitle {
                            outer: outer.pos,
                            start: top.pos,
                            end: i + c.len_utf8(),
                            suggestion: format!("〈{inner}〉"),
                            confirmed: false,
                        });
                    }
                }
                return;
            }
            if PAIRS[top.pair].2 == group {
                stack.pop();
                cx.push(
                    1,
                    Severity::Error,
                    base + i,
                    base + i + c.len_utf8(),
                    "括号前后不配套（全角、半角混用）",
                    Some(PAIRS[top.pair].1.to_string()),
                );
                return;
            }
        }
        // An exact (or same-group) opener further down: the ones above it were never closed.
        if let Some(d) = stack
            .iter()
            .rposition(|o| o.pair == k)
            .or_else(|| stack.iter().rposition(|o| PAIRS[o.pair].2 == group))
        {
            for o in stack.drain(d + 1..) {
                issues.push(Issue {
                    pos: o.pos,
                    ch: PAIRS[o.pair].0,
                    kind: Stray::Unclosed,
                });
            }
            if let Some(o) = stack.pop() {
                if o.pair != k {
                    cx.push(
                        1,
                        Severity::Error,
                        base + i,
                        base + i + c.len_utf8(),
                        "括号前后不配套（全角、半角混用）",
                        Some(PAIRS[o.pair].1.to_string()),
                    );
                }
            }
            return;
        }
        // A bracket closing a bracket of another kind: （…】.
        if let Some(top) = stack.last().copied() {
            if group <= 1 && PAIRS[top.pair].2 <= 1 {
                stack.pop();
                cx.push(
                    1,
                    Severity::Error,
                    base + i,
                    base + i + c.len_utf8(),
                    "括号前后不配套",
                    Some(PAIRS[top.pair].1.to_string()),
                );
                return;
            }
        }
        // list numbering `1)`, and emoticons `:)` `;)` `^)`
        if is_enumerator(line, i) || (c == ')' && matches!(p, Some(':' | ';' | '^' | '：'))) {
            return;
        }
        issues.push(Issue {
            pos: i,
            ch: c,
            kind: Stray::Unopened,
        });
    }

    /// Reports what is left open at the end of the paragraph. Closing marks with no
    /// opening mark in the line first close the marks carried from the lines before;
    /// opening marks left open are carried to the next line when there is one in the same
    /// block (a wrapped paragraph), and reported if no line closes them.
    fn finish(
        self,
        continued_quote: bool,
        next_nonblank: bool,
        line_no: usize,
        carry: &mut Carry,
        cx: &mut Ctx<'_>,
    ) {
        carry.expire(line_no, cx);
        if self.dead {
            return;
        }
        let (base, stack, issues, ascii_quote, titles) = (
            self.base,
            self.stack,
            self.issues,
            self.ascii_quote,
            self.titles,
        );
        // Nested titles whose outer 《 was never closed are a truncated title, not nesting:
        // the unclosed 《 is reported once below.
        for t in titles.drain(..) {
            if t.confirmed {
                cx.push(
                    2,
                    Severity::Warning,
                    base + t.start,
                    base + t.end,
                    "书名号内再用书名号时，内层应改用单书名号〈〉",
                    Some(t.suggestion),
                );
            }
        }
        for o in stack.drain(..) {
            issues.push(Issue {
                pos: o.pos,
                ch: PAIRS[o.pair].0,
                kind: Stray::Unclosed,
            });
        }
        if let Some(q) = ascii_quote {
            issues.push(Issue {
                pos: q,
                ch: '"',
                kind: Stray::Unclosed,
            });
        }
        if issues.is_empty() {
            return;
        }
        issues.sort_unstable_by_key(|x| x.pos);
        // Closing marks that close what earlier lines left open.
        if !carry.open.is_empty() {
            issues.retain(|x| !(x.kind == Stray::Unopened && carry.close(x.ch, cx)));
        }
        // A quotation running over several paragraphs opens each of them and closes only the
        // last (GB/T 15834-2011, 4.1.3.3): unclosed opening quotes are then fine.
        let only_open_quotes = issues
            .iter()
            .all(|x| x.kind == Stray::Unclosed && matches!(x.ch, '“' | '‘' | '「' | '『'));
        if continued_quote && only_open_quotes {
            return;
        }
        let mut j = 0;
        while j < issues.len() {
            let x = &issues[j];
            // Two stray quotes of one kind: one of them is the wrong direction (“…“ or ”…”).
            if let Some(y) = issues.get(j + 1) {
                if x.kind == y.kind && x.ch == y.ch && matches!(x.ch, '“' | '”' | '‘' | '’')
                {
                    let (wrong, fix) = match x.ch {
                        '“' => (y, '”'),
                        '‘' => (y, '’'),
                        '”' => (x, '“'),
                        _ => (x, '‘'),
                    };
                    cx.push(
                        1,
                        Severity::Error,
                        base + wrong.pos,
                        base + wrong.pos + wrong.ch.len_utf8(),
                        "引号方向用错，前后引号不配套",
                        Some(fix.to_string()),
                    );
                    j += 2;
                    continue;
                }
            }
            if x.kind == Stray::Unclosed && x.ch != '"' && next_nonblank {
                carry.open.push((x.ch, base + x.pos, line_no));
                j += 1;
                continue;
            }
            let msg = match x.kind {
                Stray::Unclosed => "前半个标号缺少配对的后半个",
                Stray::Unopened => "后半个标号缺少配对的前半个",
            };
            cx.push(
                0,
                Severity::Warning,
                base + x.pos,
                base + x.pos + x.ch.len_utf8(),
                msg,
                None,
            );
            j += 1;
        }
    }
}

/// `1)` `a)` `一）` at the start of a paragraph or after a space/mark: list numbering.
fn is_enumerator(line: &str, close: usize) -> bool {
    let head = &line[..close];
    let mut n = 0;
    for c in head.chars().rev() {
        if c.is_ascii_alphanumeric()
            || ('０'..='９').contains(&c)
            || matches!(
                c,
                '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
            )
            || ('①'..='⑳').contains(&c)
            || ('Ⅰ'..='Ⅻ').contains(&c)
        {
            n += 1;
            if n > 3 {
                return false;
            }
        } else {
            return n > 0 && matches!(c, ' ' | '\u{3000}' | '\t' | '：' | ':' | '；' | '。' | '，');
        }
    }
    n > 0
}

/// Sentence marks that must not stand next to one another.
fn mark_class(c: char) -> u8 {
    match c {
        '，' | ',' | '、' | '。' | '；' | ';' | '：' | ':' => 1,
        '？' | '！' | '?' | '!' => 2,
        _ => 0,
    }
}

fn halfwidth_to_full(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\u{00A0}' | '\t')
}

/// One pass over a paragraph: pair marks go to `pairs`; doubled marks, half-width marks in
/// Chinese, full-width alnum in Latin and spaces in Chinese are checked here.
fn marks(line: &str, base: usize, mut pairs: Option<&mut Pairs<'_, '_>>, cx: &mut Ctx<'_>) {
    let marks_on = cx.on[3] || cx.on[4] || cx.on[5] || cx.on[6];
    let mut chars = sparse_chars(line).peekable();
    while let Some((i, c)) = chars.next() {
        if is_pair_mark(c) {
            if let Some(p) = pairs.as_deref_mut() {
                p.step(i, c, cx);
            }
            if marks_on && (c == '(' || c == ')') {
                halfwidth(line, base, i, c, char_before(line, i), cx);
            }
            continue;
        }
        if !marks_on {
            continue;
        }
        let cls = mark_class(c);
        if cls != 0 {
            // A run of sentence marks.
            let mut end = i + c.len_utf8();
            let mut all_same = true;
            let mut bad = false;
            let mut last = c;
            let mut count = 1;
            while let Some(&(j, d)) = chars.peek() {
                let dc = mark_class(d);
                if j != end || dc == 0 {
                    break;
                }
                // ？！ ！！ ？？ are allowed (GB/T 15834-2011, 4.4.3.4, 4.5.3.2).
                if !(mark_class(last) == 2 && dc == 2) {
                    bad = true;
                }
                all_same &= d == c;
                last = d;
                count += 1;
                end = j + d.len_utf8();
                chars.next();
            }
            if count > 1 && bad {
                let sugg = if all_same && c == '。' && count >= 3 {
                    Some("……".to_string())
                } else if all_same {
                    Some(c.to_string())
                } else {
                    None
                };
                let (msg, sev) = if all_same {
                    ("标点符号重复", Severity::Error)
                } else {
                    ("标点符号连用不当", Severity::Warning)
                };
                cx.push(3, sev, base + i, base + end, msg, sugg);
                continue;
            }
            if count == 1 && c.is_ascii() {
                halfwidth(line, base, i, c, char_before(line, i), cx);
            } else if count > 1 && line[i..end].is_ascii() {
                // 真的吗?! after Chinese: the whole run goes full width. Not `真??伪` or
                // `真?!?伪`: question marks inside a word stand for characters lost in a
                // conversion (format.mojibake), and a garbled run is not "fixed" to ？！？.
                let inside_word =
                    char_at(line, end).is_some_and(is_han) && line[i..end].contains('?');
                if char_before(line, i).is_some_and(is_han) && !inside_word {
                    let full: String = line[i..end]
                        .chars()
                        .map(|d| halfwidth_to_full(d).unwrap_or(d))
                        .collect();
                    cx.push(
                        4,
                        Severity::Warning,
                        base + i,
                        base + end,
                        "中文中应使用全角标点",
                        Some(full),
                    );
                }
            }
            continue;
        }
        if fullwidth_alnum(c).is_some() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if j != end || fullwidth_alnum(d).is_none() {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            let latin = |x: Option<char>| x.is_some_and(is_ascii_alnum);
            if latin(char_before(line, i)) || latin(char_at(line, end)) {
                let half: String = line[i..end]
                    .chars()
                    .map(|d| fullwidth_alnum(d).unwrap_or(d))
                    .collect();
                cx.push(
                    5,
                    Severity::Warning,
                    base + i,
                    base + end,
                    "西文语境中使用了全角字母或数字",
                    Some(half),
                );
            }
            continue;
        }
        if is_space(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if j != end || !is_space(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            if char_before(line, i).is_some_and(is_han) && char_at(line, end).is_some_and(is_han) {
                cx.push(
                    6,
                    Severity::Info,
                    base + i,
                    base + end,
                    "汉字之间有多余的空格",
                    Some(String::new()),
                );
            }
        }
    }
}

/// A half-width mark at `i` between Chinese characters.
fn halfwidth(line: &str, base: usize, i: usize, c: char, prev: Option<char>, cx: &mut Ctx<'_>) {
    let Some(full) = halfwidth_to_full(c) else {
        return;
    };
    let after_mark = i + c.len_utf8();
    let rest = &line[after_mark..];
    let trimmed = rest.trim_start_matches(' ');
    let spaces = rest.len() - trimmed.len();
    let next = trimmed.chars().next();
    let prev_han = prev.is_some_and(|p| is_han(p) || matches!(p, '”' | '’' | '》' | '）'));
    let next_han = next.is_some_and(|n| is_han(n) || matches!(n, '“' | '‘' | '《' | '（'));
    let hit = match c {
        '(' => next.is_some_and(is_han) && spaces == 0,
        ')' => prev.is_some_and(is_han),
        ',' | ';' => prev_han && (next_han || next.is_some_and(|n| n.is_ascii_digit())),
        // 标签:内容, 网址:http…, 时间:10点 — a colon after Chinese is full width.
        ':' => prev_han && next.is_some_and(|n| n != '/' && n != ':'),
        _ => prev_han && (next_han || next.is_none() || matches!(next, Some('”' | '’' | '）'))),
    };
    if !hit {
        return;
    }
    // Swallow the spaces a half-width mark brings along (`北京, 上海`).
    let end = if matches!(c, '(' | ')') {
        after_mark
    } else {
        after_mark + spaces
    };
    cx.push(
        4,
        Severity::Warning,
        base + i,
        base + end,
        "中文中应使用全角标点",
        Some(full.to_string()),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerators() {
        assert!(is_enumerator("1）加强领导", "1".len()));
        assert!(is_enumerator("第一项；a)落实", "第一项；a".len()));
        assert!(!is_enumerator("记者李泽伟)", "记者李泽伟".len()));
        assert!(!is_enumerator("1234）", "1234".len()));
    }

    #[test]
    fn classes() {
        assert_eq!(mark_class('，'), 1);
        assert_eq!(mark_class('！'), 2);
        assert_eq!(mark_class('…'), 0);
        assert_eq!(halfwidth_to_full('('), Some('（'));
        for c in ['(', '“', '》', '〕', '｝', '"'] {
            assert!(is_pair_mark(c), "{c}");
        }
        for (o, c, _) in PAIRS {
            assert!(is_pair_mark(o) && is_pair_mark(c), "{o}{c}");
            assert_eq!(opener(o).map(|k| PAIRS[k].1), Some(c));
        }
    }
}
