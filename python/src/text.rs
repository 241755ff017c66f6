//! Getting text out of Python `str` objects.
//!
//! With the GIL held, a `str` is only copied out as code points (`PyUnicode_AsUCS4`, a
//! widening copy of the string's own storage); turning them into UTF-8 happens later, with
//! the GIL released, on whichever thread checks the text. That keeps the work a
//! `check_many` caller's thread must do serially as small as it can be, and it handles lone
//! surrogates (not encodable as UTF-8) on the way: each becomes U+FFFD, one code point for
//! one, so code-point offsets still index the caller's string.

use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyString;

/// Texts copied out of Python strings as code points, back to back.
#[derive(Debug, Default)]
pub struct Texts {
    points: Vec<u32>,
    /// Where each text ends in `points`.
    ends: Vec<usize>,
}

impl Texts {
    /// Room for `n` texts.
    pub fn with_capacity(n: usize) -> Self {
        Texts {
            points: Vec::new(),
            ends: Vec::with_capacity(n),
        }
    }

    /// How many texts there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// How many code points the texts hold in all.
    pub fn code_points(&self) -> usize {
        self.points.len()
    }

    /// Appends the code points of `ob`.
    ///
    /// # Errors
    /// `TypeError` naming `what()` when `ob` is not a `str` (`what` is only called then);
    /// an error from CPython if it cannot copy the string (out of memory).
    pub fn push(&mut self, ob: &Bound<'_, PyAny>, what: impl FnOnce() -> String) -> PyResult<()> {
        let s = ob.cast::<PyString>().map_err(|_| {
            let ty = ob
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "?".to_string());
            PyTypeError::new_err(format!("{} must be str, not {ty}", what()))
        })?;
        // SAFETY: `s` is a live `str` (checked above) and we hold the GIL.
        let len = unsafe { ffi::PyUnicode_GetLength(s.as_ptr()) };
        let len = usize::try_from(len).map_err(|_| PyErr::fetch(ob.py()))?;
        let at = self.points.len();
        self.points.reserve(len);
        if len > 0 {
            // SAFETY: `reserve` made room for `len` more elements after `at`; CPython writes
            // exactly `len` code points there (buflen = len, no trailing NUL) or fails, and
            // `set_len` only runs after it succeeded.
            let copied = unsafe {
                let buf = self.points.as_mut_ptr().add(at);
                ffi::PyUnicode_AsUCS4(s.as_ptr(), buf, len as ffi::Py_ssize_t, 0)
            };
            if copied.is_null() {
                return Err(PyErr::fetch(ob.py()));
            }
            // SAFETY: the `len` elements after `at` were just initialised.
            unsafe { self.points.set_len(at + len) };
        }
        self.ends.push(at + len);
        Ok(())
    }

    /// Texts from Rust strings (for tests).
    #[cfg(test)]
    pub fn from_strs(texts: &[impl AsRef<str>]) -> Self {
        let mut out = Texts::default();
        for t in texts {
            out.points.extend(t.as_ref().chars().map(u32::from));
            out.ends.push(out.points.len());
        }
        out
    }

    /// Text `i` as UTF-8, and whether it held lone surrogates (replaced by U+FFFD).
    /// An index out of range gives an empty text.
    pub fn utf8(&self, i: usize) -> (String, bool) {
        let start = match i {
            0 => 0,
            _ => self.ends.get(i - 1).copied().unwrap_or(0),
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        utf8(self.points.get(start..end).unwrap_or_default())
    }
}

/// Code points as UTF-8; lone surrogates (and anything else that is not a scalar value)
/// become U+FFFD. Also says whether any were replaced.
pub fn utf8(points: &[u32]) -> (String, bool) {
    let mut out = String::with_capacity(points.len() * 3);
    let mut lossy = false;
    for &p in points {
        out.push(char::from_u32(p).unwrap_or_else(|| {
            lossy = true;
            '\u{FFFD}'
        }));
    }
    (out, lossy)
}

/// Extracts one `str` as UTF-8, and whether lone surrogates were replaced.
///
/// # Errors
/// `TypeError` (naming `what`) when `ob` is not a `str`.
pub fn extract_flagged(ob: &Bound<'_, PyAny>, what: &str) -> PyResult<(String, bool)> {
    let mut texts = Texts::with_capacity(1);
    texts.push(ob, || what.to_string())?;
    Ok(texts.utf8(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogates_become_one_replacement_each() {
        assert_eq!(
            utf8(&[0x4E2D, 0xD800, 0x1F600]),
            ("中\u{FFFD}😀".into(), true)
        );
        assert_eq!(utf8(&[0x6587]), ("文".into(), false));
        assert_eq!(utf8(&[]), (String::new(), false));
    }

    #[test]
    fn texts_slice_back_in_order() {
        let texts = Texts {
            points: vec![0x61, 0x62, 0x4E2D],
            ends: vec![2, 2, 3],
        };
        assert_eq!(texts.len(), 3);
        assert_eq!(texts.utf8(0).0, "ab");
        assert_eq!(texts.utf8(1).0, "");
        assert_eq!(texts.utf8(2).0, "中");
        assert_eq!(texts.utf8(3).0, "");
    }
}
