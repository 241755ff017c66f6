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
    /// Where text offsets come from in the input bytes.
    map: Map,
    /// True when undecodable bytes were replaced with U+FFFD.
    pub had_errors: bool,
    /// A note for the user about the encoding (e.g. a page that declares GBK but is UTF-8).
    pub warning: Option<String>,
}

/// From text offsets back to input offsets.
#[derive(Debug)]
enum Map {
    /// The text is the input bytes from this offset on (UTF-8, after a byte-order mark).
    Shift(usize),
    /// Runs of characters of constant width in the text and in the input: a few entries
    /// for a whole page of GBK Chinese, so the map stays small and lookups logarithmic.
    Runs(Vec<Run>),
}

/// `n` characters starting at text offset `t` and input offset `s`, each `dt` bytes in the
/// text and `ds` bytes in the input (one character when `n == 1`).
#[derive(Debug, Clone, Copy)]
struct Run {
    t: usize,
    s: usize,
    dt: usize,
    ds: usize,
    n: usize,
}

/// Builds a [`Map::Runs`] from the start of every character, in order.
#[derive(Debug, Default)]
struct RunBuilder {
    runs: Vec<Run>,
}

impl RunBuilder {
    /// The character at text offset `t` starts at input offset `s`.
    fn push(&mut self, t: usize, s: usize) {
        if let Some(r) = self.runs.last_mut() {
            if r.n == 1 && t > r.t && s >= r.s {
                r.dt = t - r.t;
                r.ds = s - r.s;
                r.n = 2;
                return;
            }
            if r.n > 1 && t == r.t + r.n * r.dt && s == r.s + r.n * r.ds {
                r.n += 1;
                return;
            }
        }
        self.runs.push(Run {
            t,
            s,
            dt: 0,
            ds: 0,
            n: 1,
        });
    }
}

impl Decoded {
    /// The offset in the original bytes of a byte offset into [`Decoded::text`]: the start
    /// of the character at (or before) it.
    pub fn offset_of(&self, offset: usize) -> usize {
        match &self.map {
            Map::Shift(k) => offset + k,
            Map::Runs(runs) => {
                let i = runs.partition_point(|r| r.t <= offset);
                match i.checked_sub(1).and_then(|i| runs.get(i)) {
                    Some(r) => {
                        let k = match (offset - r.t).checked_div(r.dt) {
                            Some(k) => k.min(r.n - 1),
                            None => 0,
                        };
                        r.s + k * r.ds
                    }
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

/// True when `bytes` are UTF-8 with enough multi-byte characters that they are not text in
/// a legacy encoding: GBK, Big5 or Shift_JIS text of more than a few characters is almost
/// never valid UTF-8 by chance.
fn looks_like_utf8(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(t) => t.chars().filter(|c| !c.is_ascii()).take(4).count() >= 4,
        Err(_) => false,
    }
}

/// Decodes `bytes`: a byte-order mark wins, then `forced` (`--encoding`), then (for HTML)
/// the page's declared charset, then UTF-8. Linear in the input.
///
/// When the encoding was declared by the page (not forced) but the bytes are plainly UTF-8
/// (valid, with several multi-byte characters), the page is read as UTF-8 and
/// [`Decoded::warning`] says so: browsers follow the declaration and show readers garbled
/// text. A forced encoding is used as asked, with the same warning.
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
    let declared = if bom.is_none() && forced.is_none() && html {
        declared_charset(bytes)
    } else {
        None
    };
    let encoding = bom.or(forced).or(declared);
    let Some(encoding) = encoding else {
        return match std::str::from_utf8(bytes) {
            Ok(t) => Ok(Decoded {
                text: t.to_string(),
                encoding: UTF_8.name(),
                map: Map::Shift(0),
                had_errors: false,
                warning: None,
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
    let mut warning = None;
    if bom.is_none() && encoding != UTF_8 && looks_like_utf8(bytes) {
        let how = if declared.is_some() {
            "the page declares"
        } else {
            "--encoding says"
        };
        if declared.is_some() {
            warning = Some(format!(
                "{how} {} but its bytes are UTF-8; read as UTF-8 (browsers follow the \
                 declaration and show garbled text: fix the <meta charset>)",
                encoding.name()
            ));
            return Ok(Decoded {
                text: String::from_utf8_lossy(bytes).into_owned(),
                encoding: UTF_8.name(),
                map: Map::Shift(0),
                had_errors: false,
                warning,
            });
        }
        warning = Some(format!(
            "{how} {} but the bytes look like UTF-8; decoded as {} as asked",
            encoding.name(),
            encoding.name()
        ));
    }
    if encoding == UTF_8 {
        if let Some(t) = bytes
            .get(bom_len..)
            .and_then(|b| std::str::from_utf8(b).ok())
        {
            return Ok(Decoded {
                text: t.to_string(),
                encoding: UTF_8.name(),
                map: Map::Shift(bom_len),
                had_errors: false,
                warning,
            });
        }
    }
    let mut d = decode_whole(bytes, bom_len, encoding)
        .unwrap_or_else(|| decode_mapped(bytes, bom_len, encoding));
    d.warning = warning;
    Ok(d)
}

/// Bytes taken by the character starting `b` in GB18030/GBK (WHATWG: one byte below 0x81,
/// including 0x80 for the euro sign; four when the second byte is a digit; else two).
fn gb_width(b: &[u8]) -> usize {
    match b {
        [0x81..=0xFE, 0x30..=0x39, ..] => 4,
        [0x81..=0xFE, ..] => 2,
        _ => 1,
    }
}

/// Bytes taken by the character starting `b` in Big5.
fn big5_width(b: &[u8]) -> usize {
    match b {
        [0x81..=0xFE, ..] => 2,
        _ => 1,
    }
}

/// The fast path for valid GBK, GB18030 and Big5 input: decoded in one call, the offset map
/// built by walking the bytes' lead-byte structure alongside the text. `None` (use
/// [`decode_mapped`]) for other encodings, for input with undecodable bytes, and whenever
/// the walk and the text disagree (e.g. a Big5 pair that decodes to two characters).
fn decode_whole(bytes: &[u8], skip: usize, encoding: &'static Encoding) -> Option<Decoded> {
    let width: fn(&[u8]) -> usize =
        if encoding == encoding_rs::GBK || encoding == encoding_rs::GB18030 {
            gb_width
        } else if encoding == encoding_rs::BIG5 {
            big5_width
        } else {
            return None;
        };
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes.get(skip..)?)?
        .into_owned();
    let mut map = RunBuilder::default();
    let mut s = skip;
    for (t, c) in text.char_indices() {
        let rest = bytes.get(s..).filter(|r| !r.is_empty())?;
        let w = width(rest);
        if (w == 1) != c.is_ascii() && !(w == 1 && c == '\u{20ac}') {
            return None;
        }
        map.push(t, s);
        s += w;
    }
    if s != bytes.len() {
        return None;
    }
    map.push(text.len(), bytes.len());
    Some(Decoded {
        text,
        encoding: encoding.name(),
        map: Map::Runs(map.runs),
        had_errors: false,
        warning: None,
    })
}

/// Decodes one byte at a time into a small buffer (constant work per byte), noting where
/// each output char started in the input. A run of ASCII after a complete character is
/// copied as is in an ASCII-compatible encoding.
fn decode_mapped(bytes: &[u8], skip: usize, encoding: &'static Encoding) -> Decoded {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let ascii_compatible = encoding.is_ascii_compatible();
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut map = RunBuilder::default();
    let mut had_errors = false;
    let mut buf = [0u8; 64];
    // Start of the bytes not yet turned into output.
    let mut pending_from = skip;
    let mut i = skip;
    while i <= bytes.len() {
        if ascii_compatible && pending_from == i && i < bytes.len() {
            // A bounded look-ahead keeps the work per byte constant whatever the state.
            let window = &bytes[i..bytes.len().min(i + 256)];
            let run = window.iter().take_while(|b| b.is_ascii()).count();
            // `Some` only when the decoder holds no partial character.
            let run = decoder
                .latin1_byte_compatible_up_to(&window[..run])
                .unwrap_or(0)
                .min(run);
            if run > 0 {
                for k in 0..run {
                    map.push(text.len() + k, i + k);
                }
                // ASCII bytes are UTF-8.
                text.push_str(std::str::from_utf8(&window[..run]).unwrap_or_default());
                i += run;
                pending_from = i;
                continue;
            }
        }
        let last = i == bytes.len();
        let chunk = if last { &[][..] } else { &bytes[i..i + 1] };
        let (_, _, written, errors) = decoder.decode_to_utf8(chunk, &mut buf, last);
        had_errors |= errors;
        if written > 0 {
            let out = std::str::from_utf8(&buf[..written]).unwrap_or_default();
            // Every char written now came from pending_from..=i.
            let before = text.len();
            for (n, (k, _)) in out.char_indices().enumerate() {
                let origin = if n == 0 {
                    pending_from
                } else {
                    i.min(bytes.len())
                };
                map.push(before + k, origin);
            }
            text.push_str(out);
            pending_from = (i + 1).min(bytes.len());
        }
        i += 1;
    }
    map.push(text.len(), bytes.len());
    Decoded {
        text,
        encoding: encoding.name(),
        map: Map::Runs(map.runs),
        had_errors,
        warning: None,
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

    #[test]
    fn every_char_maps_to_its_bytes() {
        let text = "《通知》ab 按装，再接再励。€x\n第2条：1.5元；ｆｕｌｌ 𠀀字";
        for enc in [encoding_rs::GBK, encoding_rs::GB18030, encoding_rs::BIG5] {
            let (bytes, _, _) = enc.encode(text);
            let d = decode(&bytes, false, Some(enc)).unwrap_or_else(|e| panic!("{e}"));
            let mut at = 0;
            for (i, c) in d.text.char_indices() {
                assert_eq!(d.offset_of(i), at, "{} {c:?} at {i}", enc.name());
                let (b, _, _) = enc.encode(&d.text[i..i + c.len_utf8()]);
                at += b.len();
            }
            assert_eq!(d.offset_of(d.text.len()), bytes.len());
        }
    }

    #[test]
    fn utf8_page_declared_gbk_is_read_as_utf8_with_a_warning() {
        let page = "<meta charset=\"gbk\"><p>按装好的软件，再接再励</p>";
        let d = decode(page.as_bytes(), true, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.text, page);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.warning.as_deref().is_some_and(|w| w.contains("GBK")));
        // Forced: decoded as asked, with a warning.
        let d =
            decode(page.as_bytes(), true, Some(encoding_rs::GBK)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.encoding, "GBK");
        assert!(d.warning.is_some());
        // A real GBK page: no warning.
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        let d = decode(&bytes, true, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((d.text.as_str(), d.warning), (page, None));
    }

    #[test]
    fn large_inputs_keep_a_small_map() {
        let text = "按装软件，再接再励。".repeat(20_000);
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        let d = decode(&bytes, false, Some(encoding_rs::GBK)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.text, text);
        match &d.map {
            Map::Runs(r) => assert!(r.len() < 10, "{} runs", r.len()),
            Map::Shift(_) => panic!("expected runs"),
        }
        let mid = text.len() / 2;
        assert_eq!(d.offset_of(mid), mid / 3 * 2);
    }

    #[test]
    fn the_fast_path_maps_as_the_byte_by_byte_one() {
        let text = "《通知》ab 按装，€再接再励。𠀀字x\n第2条：1.5元；ｆｕｌｌ";
        for enc in [encoding_rs::GBK, encoding_rs::GB18030, encoding_rs::BIG5] {
            let (bytes, _, _) = enc.encode(text);
            let slow = decode_mapped(&bytes, 0, enc);
            let fast = decode_whole(&bytes, 0, enc).unwrap_or_else(|| panic!("{}", enc.name()));
            assert_eq!(fast.text, slow.text);
            for i in 0..=fast.text.len() {
                assert_eq!(
                    fast.offset_of(i),
                    slow.offset_of(i),
                    "{} at {i}",
                    enc.name()
                );
            }
        }
        // Big5 0x88 0x62 decodes to two characters: left to the byte-by-byte path.
        let bytes = [b'a', 0x88, 0x62, b'b'];
        assert!(decode_whole(&bytes, 0, encoding_rs::BIG5).is_none());
        let d = decode(&bytes, false, Some(encoding_rs::BIG5)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.offset_of(d.text.len() - 1), 3);
        // Undecodable bytes: the byte-by-byte path replaces them.
        assert!(decode_whole(&[0xFF, b'a'], 0, encoding_rs::GBK).is_none());
    }
}
