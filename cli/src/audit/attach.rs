//! Text of attachments for `zhproof audit`: spreadsheets (`.xlsx`, `.xls`, `.xlsm`, `.ods`
//! through calamine), `.docx` (zip + XML), `.pdf` (lopdf), `.txt` and `.csv`. Each is turned
//! into one text plus the places it came from (sheet/cell, page, paragraph), so a finding's
//! byte offset gives a location a person can find in the file.

use std::io::{Cursor, Read};

/// The kinds of attachment the audit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `.xlsx`, `.xlsm`, `.xls`, `.ods`.
    Spreadsheet,
    /// `.docx`.
    Docx,
    /// `.pdf`.
    Pdf,
    /// `.txt`, `.csv`.
    Text,
}

/// The attachment kind of a URL path (by its extension), if it is one.
pub fn kind_of_path(path: &str) -> Option<Kind> {
    let name = path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    let ext = name.rsplit_once('.')?.1.to_string();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => Some(Kind::Spreadsheet),
        "docx" => Some(Kind::Docx),
        "pdf" => Some(Kind::Pdf),
        "txt" | "csv" => Some(Kind::Text),
        _ => None,
    }
}

/// The attachment kind of a `Content-Type`, if it is one.
pub fn kind_of_type(content_type: &str) -> Option<Kind> {
    let t = content_type.split(';').next().unwrap_or("").trim();
    match t {
        "application/pdf" => Some(Kind::Pdf),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        | "application/vnd.ms-excel"
        | "application/vnd.oasis.opendocument.spreadsheet" => Some(Kind::Spreadsheet),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
            Some(Kind::Docx)
        }
        "text/plain" | "text/csv" => Some(Kind::Text),
        _ => None,
    }
}

/// Text extracted from an attachment, with where each piece came from.
#[derive(Debug, Default)]
pub struct Extracted {
    /// The text checked.
    pub text: String,
    /// `(start offset in text, location)`, in order of offset.
    pub places: Vec<(usize, String)>,
}

impl Extracted {
    fn push(&mut self, piece: &str, place: String, sep: &str) {
        if !self.text.is_empty() {
            self.text.push_str(sep);
        }
        self.places.push((self.text.len(), place));
        self.text.push_str(piece);
    }

    /// The location of byte offset `offset` of [`Extracted::text`] (empty when unknown).
    pub fn place_of(&self, offset: usize) -> &str {
        let i = self.places.partition_point(|(s, _)| *s <= offset);
        match i.checked_sub(1).and_then(|i| self.places.get(i)) {
            Some((_, p)) => p,
            None => "",
        }
    }
}

/// Most text taken from one attachment (bytes); the rest is not checked.
const MAX_TEXT: usize = 8 << 20;

/// Extracts the text of an attachment of kind `kind`. Never panics on bad input (a parser
/// panic is caught and reported as an error).
///
/// # Errors
/// A message saying why the file could not be read (not a valid file of its kind).
pub fn extract(kind: Kind, bytes: &[u8]) -> Result<Extracted, String> {
    let r = std::panic::catch_unwind(|| match kind {
        Kind::Spreadsheet => spreadsheet(bytes),
        Kind::Docx => docx(bytes),
        Kind::Pdf => pdf(bytes),
        Kind::Text => text(bytes),
    });
    match r {
        Ok(Ok(mut e)) => {
            if e.text.len() > MAX_TEXT {
                let mut cut = MAX_TEXT;
                while !e.text.is_char_boundary(cut) {
                    cut -= 1;
                }
                e.text.truncate(cut);
            }
            Ok(e)
        }
        Ok(Err(e)) => Err(e),
        Err(_) => Err("the file could not be parsed (parser failure)".to_string()),
    }
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub fn column_name(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

/// Most bytes a zipped attachment (`.xlsx`, `.ods`, `.docx`) may unpack to: more is a
/// zip bomb or too big to check, and is refused before parsing.
const MAX_UNZIPPED: u128 = 256 << 20;

/// Refuses a zip whose members unpack to more than [`MAX_UNZIPPED`].
fn zip_guard(bytes: &[u8]) -> Result<(), String> {
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable zip file: {e}"))?;
    // Sizes from the central directory (also for members written with data descriptors).
    let mut total = 0u128;
    for i in 0..zip.len() {
        let size = zip
            .by_index_raw(i)
            .map_err(|e| format!("not a readable zip file: {e}"))?
            .size();
        total += u128::from(size);
        if total > MAX_UNZIPPED {
            return Err(format!(
                "unpacks to more than {} MiB: not checked",
                MAX_UNZIPPED >> 20
            ));
        }
    }
    Ok(())
}

fn spreadsheet(bytes: &[u8]) -> Result<Extracted, String> {
    use calamine::Reader;
    zip_guard(bytes)?;
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("not a readable spreadsheet: {e}"))?;
    let mut out = Extracted::default();
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut last_row = None;
        for (r, c, cell) in range.cells() {
            if out.text.len() > MAX_TEXT {
                return Ok(out);
            }
            let value = cell.to_string();
            if value.trim().is_empty() {
                continue;
            }
            let row = r0 as usize + r + 1;
            let col = c0 as usize + c;
            let sep = if last_row == Some(row) { "\t" } else { "\n" };
            last_row = Some(row);
            let place = format!(
                "{name}!{}{row}",
                column_name(u32::try_from(col).unwrap_or(u32::MAX))
            );
            out.push(&value, place, sep);
        }
        out.text.push('\n');
    }
    Ok(out)
}

fn docx(bytes: &[u8]) -> Result<Extracted, String> {
    use quick_xml::events::Event;
    zip_guard(bytes)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable .docx (zip): {e}"))?;
    let mut xml = String::new();
    {
        let file = zip
            .by_name("word/document.xml")
            .map_err(|_| "not a .docx: no word/document.xml".to_string())?;
        file.take(MAX_TEXT as u64 * 4)
            .read_to_string(&mut xml)
            .map_err(|e| format!("cannot read word/document.xml: {e}"))?;
    }
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = Extracted::default();
    let mut para = String::new();
    let mut n = 0usize;
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"p" => para.clear(),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"tab" => para.push('\t'),
                b"br" => para.push(' '),
                // An empty paragraph still counts (as in the document's own numbering).
                b"p" => n += 1,
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                if let Ok(s) = t.xml_content() {
                    para.push_str(&s);
                }
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                let s = match &*r {
                    b"amp" => "&",
                    b"lt" => "<",
                    b"gt" => ">",
                    b"quot" => "\"",
                    b"apos" => "'",
                    other => {
                        if let Some(c) = char_ref(other) {
                            para.push(c);
                        }
                        ""
                    }
                };
                para.push_str(s);
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    n += 1;
                    if !para.trim().is_empty() {
                        out.push(&para, format!("paragraph {n}"), "\n");
                    }
                    para.clear();
                    if out.text.len() > MAX_TEXT {
                        break;
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("bad XML in word/document.xml: {e}")),
            _ => {}
        }
    }
    Ok(out)
}

/// The character of a numeric reference body (`#20013`, `#x4E2D`).
fn char_ref(name: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(name).ok()?.strip_prefix('#')?;
    let n = match s.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => s.parse().ok()?,
    };
    char::from_u32(n)
}

fn pdf(bytes: &[u8]) -> Result<Extracted, String> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| format!("not a readable PDF: {e}"))?;
    let mut out = Extracted::default();
    for (n, _) in doc.get_pages() {
        let Ok(text) = doc.extract_text(&[n]) else {
            continue;
        };
        if !text.trim().is_empty() {
            out.push(text.trim_end(), format!("page {n}"), "\n");
        }
        if out.text.len() > MAX_TEXT {
            break;
        }
    }
    Ok(out)
}

fn text(bytes: &[u8]) -> Result<Extracted, String> {
    let decoded = match crate::decode::decode(bytes, false, None) {
        Ok(d) => d.text,
        // Not UTF-8 and nothing declared: Chinese plain text on such sites is mostly GBK.
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let mut out = Extracted::default();
    for (i, line) in decoded.split('\n').enumerate() {
        out.push(line, format!("line {}", i + 1), "\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_places() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        let e = text("甲\n乙丙\n".as_bytes()).unwrap_or_default();
        assert_eq!(e.place_of(0), "line 1");
        assert_eq!(e.place_of(5), "line 2");
        assert_eq!(kind_of_path("/a/B.XLSX"), Some(Kind::Spreadsheet));
        assert_eq!(kind_of_path("/a/b"), None);
    }

    #[test]
    fn docx_paragraphs() {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let xml = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>标题</w:t></w:r></w:p><w:p/>
            <w:p><w:r><w:t xml:space="preserve">电话 </w:t></w:r><w:r><w:t>13912345678&amp;&#20013;</w:t></w:r></w:p></w:body></w:document>"#;
        let ok = z
            .start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .is_ok()
            && z.write_all(xml.as_bytes()).is_ok();
        assert!(ok);
        let bytes = z.finish().map(|c| c.into_inner()).unwrap_or_default();
        let e = extract(Kind::Docx, &bytes).unwrap_or_default();
        assert_eq!(e.text, "标题\n电话 13912345678&中");
        let at = e.text.find("139").unwrap_or(0);
        assert_eq!(e.place_of(at), "paragraph 3");
    }

    #[test]
    fn garbage_is_an_error_not_a_crash() {
        for k in [Kind::Spreadsheet, Kind::Docx, Kind::Pdf] {
            assert!(extract(k, b"\x00\x01garbage%PDF-1.4 PK\x03\x04").is_err());
        }
    }
}
