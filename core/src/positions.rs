//! Byte offsets → line/column, code-point and UTF-16 offsets, for all findings in one pass.

/// Where a byte offset is, in every unit the front ends need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// The byte offset asked for.
    pub byte: usize,
    /// 1-based line (lines end at `\n`; a `\r\n` counts once).
    pub line: usize,
    /// 1-based column in characters (code points) within the line.
    pub column: usize,
    /// Offset in code points from the start (Python string index).
    pub char_offset: usize,
    /// Offset in UTF-16 code units from the start (JavaScript string index).
    pub utf16_offset: usize,
}

/// Computes positions for many byte offsets with one scan of `text`. Offsets may come in
/// any order; the result is in the same order. An offset past the end or inside a
/// character is clamped to the preceding char boundary.
pub fn positions(text: &str, offsets: &[usize]) -> Vec<Position> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![Position::default(); offsets.len()];
    let mut line = 1;
    let mut column = 1;
    let mut chars = 0;
    let mut utf16 = 0;
    let mut iter = text.char_indices().peekable();
    for i in order {
        let target = offsets[i];
        while let Some(&(b, c)) = iter.peek() {
            if b + c.len_utf8() > target {
                break;
            }
            iter.next();
            chars += 1;
            utf16 += c.len_utf16();
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        let byte = iter
            .peek()
            .map(|&(b, _)| b.min(target))
            .unwrap_or(text.len().min(target));
        out[i] = Position {
            byte,
            line,
            column,
            char_offset: chars,
            utf16_offset: utf16,
        };
    }
    out
}

/// The positions of the start and end of every finding's span, with one scan of `text`
/// (the routine every front end uses: CLI report and service, Python, WASM). `text` is
/// the checked source the spans are into.
pub fn span_positions(text: &str, findings: &[crate::Finding]) -> Vec<(Position, Position)> {
    let mut offsets = Vec::with_capacity(findings.len() * 2);
    for f in findings {
        offsets.push(f.span.start);
        offsets.push(f.span.end);
    }
    let pos = positions(text, &offsets);
    pos.chunks_exact(2).map(|p| (p[0], p[1])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_every_unit() {
        let t = "a𠮷\r\n再接再励";
        let idx = t.find('再').unwrap_or(0);
        let p = positions(t, &[idx, 0, t.len(), 1]);
        assert_eq!(p[0].line, 2);
        assert_eq!(p[0].column, 1);
        assert_eq!(p[0].char_offset, 4);
        assert_eq!(p[0].utf16_offset, 5);
        assert_eq!(
            p[1],
            Position {
                byte: 0,
                line: 1,
                column: 1,
                char_offset: 0,
                utf16_offset: 0
            }
        );
        assert_eq!(p[2].char_offset, 8);
        assert_eq!(p[3].column, 2);
        assert_eq!(p[3].utf16_offset, 1);
    }

    #[test]
    fn span_positions_pair_start_and_end() {
        let t = "𠮷再接再励";
        let f = crate::Finding::new(
            "typo.word",
            crate::Category::Typo,
            crate::Severity::Error,
            crate::Span::new(4, 16),
            "m",
        );
        let p = span_positions(t, &[f]);
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].0.char_offset, p[0].1.char_offset), (1, 5));
        assert_eq!((p[0].0.utf16_offset, p[0].1.utf16_offset), (2, 6));
        assert_eq!((p[0].0.line, p[0].0.column), (1, 2));
    }
}
