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
}
