//! Decoding input bytes to text: `--encoding`, byte-order marks, the charset an HTML page
//! declares (`<meta charset>` / `http-equiv`), else UTF-8. Keeps a map from the decoded
//! text back to the original bytes so that reports give offsets into the file as it is.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Text decoded from an input, with the way back to the original bytes.
#[derive(Debug)]
pub struct Decoded {
    /// The decoded text.
    pub text: String,
    /// Name of the encoding used (WHATWG name, e.g. `GBK`, `UTF-8`).
    pub encoding: &'static str,
    /// `(text_offset, byte_offset)` at every char start, plus the end; `None` when the text
    /// is the input bytes themselves.
    map: Option<Vec<(usize, usize)>>,
    /// True when undecodable bytes were replaced with U+FFFD.
    pub had_errors: bool,
}

impl Decoded {
    /// The offset in the original bytes of a byte offset into [`Decoded::text`].
    pub fn offset_of(&self, offset: usize) -> usize {
        match &self.map {
            None => offset,
            Some(map) => {
                let i = map.partition_point(|&(t, _)| t <= offset);
                match i.checked_sub(1).and_then(|i| map.get(i)) {
                    Some(&(_, b)) => b,
                    None => 0,
                }
            }
        }
    }
}

/// Looks up an encoding label (`gbk`, `gb2312`, `gb18030`, `big5`, `utf-8`, `shift_jis` …).
///
/// # Errors
/// A message naming the unknown label.
pub fn encoding_for(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        format!("unknown encoding `{label}` (try utf-8, gbk, gb18030, big5, shift_jis, euc-kr)")
    })
}

/// The charset an HTML page declares in its first 4 KiB (`<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`), if any and known.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head: Vec<u8> = bytes
        .iter()
        .take(4096)
        .map(u8::to_ascii_lowercase)
        .collect();
    let mut from = 0;
    while let Some(i) = find(&head[from..], b"<meta") {
        let start = from + i + 5;
        let end = head[start..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(c) = find(tag, b"charset") {
            let mut rest = &tag[c + 7..];
            while let Some((&ch, tail)) = rest.split_first() {
                if ch == b'=' || ch == b'"' || ch == b'\'' || ch.is_ascii_whitespace() {
                    rest = tail;
                } else {
                    break;
                }
            }
            let label_len = rest
                .iter()
                .position(|&ch| {
                    matches!(ch, b'"' | b'\'' | b';' | b'/' | b'>') || ch.is_ascii_whitespace()
                })
                .unwrap_or(rest.len());
            if let Some(enc) = Encoding::for_label(&rest[..label_len]) {
                // The standard treats a declared UTF-16 as UTF-8 (the bytes were read).
                return Some(if enc == UTF_16BE || enc == UTF_16LE {
                    UTF_8
                } else {
                    enc
                });
            }
        }
        from = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decodes `bytes`: a byte-order mark wins, then `forced` (`--encoding`), then (for HTML)
/// the page's declared charset, then UTF-8.
///
/// # Errors
/// When no encoding was forced or declared and the bytes are not UTF-8: a message giving
/// the offset of the first bad byte and suggesting `--encoding`.
pub fn decode(
    bytes: &[u8],
    html: bool,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, String> {
    let (bom, bom_len) = match Encoding::for_bom(bytes) {
        Some((e, n)) => (Some(e), n),
        None => (None, 0),
    };
    let encoding = bom
        .or(forced)
        .or_else(|| if html { declared_charset(bytes) } else { None });
    let Some(encoding) = encoding else {
        return match std::str::from_utf8(bytes) {
            Ok(t) => Ok(Decoded {
                text: t.to_string(),
                encoding: UTF_8.name(),
                map: None,
                had_errors: false,
            }),
            Err(e) => Err(format!(
                "not valid UTF-8 (first bad byte at offset {}); pass --encoding (e.g. gbk){}",
                e.valid_up_to(),
                if html {
                    " or declare <meta charset> in the page"
                } else {
                    ""
                }
            )),
        };
    };
    if encoding == UTF_8 && bom_len == 0 {
        if let Ok(t) = std::str::from_utf8(bytes) {
            return Ok(Decoded {
                text: t.to_string(),
                encoding: UTF_8.name(),
                map: None,
                had_errors: false,
            });
        }
    }
    Ok(decode_mapped(bytes, bom_len, encoding))
}

/// Decodes byte by byte, noting where each output char started in the input.
fn decode_mapped(bytes: &[u8], skip: usize, encoding: &'static Encoding) -> Decoded {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let mut map = Vec::with_capacity(bytes.len());
    let mut had_errors = false;
    // Start of the bytes not yet turned into output.
    let mut pending_from = skip;
    let mut i = skip;
    while i <= bytes.len() {
        let last = i == bytes.len();
        let chunk = if last { &[][..] } else { &bytes[i..i + 1] };
        text.reserve(16);
        let before = text.len();
        let (_, _, errors) = decoder.decode_to_string(chunk, &mut text, last);
        had_errors |= errors;
        if text.len() > before {
            // Every char written now came from pending_from..=i.
            let mut first = true;
            for (k, _) in text[before..].char_indices() {
                let origin = if first {
                    pending_from
                } else {
                    i.min(bytes.len())
                };
                map.push((before + k, origin));
                first = false;
            }
            pending_from = (i + 1).min(bytes.len());
        }
        i += 1;
    }
    map.push((text.len(), bytes.len()));
    Decoded {
        text,
        encoding: encoding.name(),
        map: Some(map),
        had_errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_offsets_map_back_to_bytes() {
        let (bytes, _, _) = encoding_rs::GBK.encode("ab再接再励c");
        let d = decode(&bytes, false, Some(encoding_rs::GBK)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.text, "ab再接再励c");
        let s = d.text.find('再').unwrap_or(0);
        let e = s + "再接再励".len();
        assert_eq!((d.offset_of(s), d.offset_of(e)), (2, 10));
        assert_eq!(d.offset_of(d.text.len()), bytes.len());
    }

    #[test]
    fn declared_charset_is_found_and_used() {
        let page = "<html><head><META http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><p>按装</p>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        assert_eq!(declared_charset(&bytes).map(|e| e.name()), Some("GBK"));
        let d = decode(&bytes, true, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.text, page);
        assert!(decode(&bytes, false, None).is_err());
        assert_eq!(
            declared_charset(b"<meta charset='big5'>").map(|e| e.name()),
            Some("Big5")
        );
        assert_eq!(declared_charset(b"<p>no meta</p>"), None);
    }

    #[test]
    fn bom_and_utf16() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("按装".as_bytes());
        let d = decode(&bytes, false, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.text, "按装");
        assert_eq!(d.offset_of(0), 3);
        assert_eq!(d.offset_of(3), 6);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("按装".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let d = decode(&utf16, false, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.text, "按装");
        assert_eq!((d.offset_of(3), d.offset_of(6)), (4, 6));
    }

    #[test]
    fn bad_bytes_are_replaced_not_fatal_when_encoding_known() {
        let d = decode(&[0x81, 0x20, b'a'], false, Some(encoding_rs::GBK))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(d.had_errors);
        assert!(d.text.ends_with('a'));
        assert_eq!(d.offset_of(d.text.len() - 1), 2);
    }
}
