//! Turning a file's bytes into text, or saying clearly why they are not text.

use crate::diagnostics::{Diagnostic, LineIndex, Severity};

const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a text file (`course.toml`, `site.toml`, a lesson) as UTF-8.
///
/// A leading byte order mark is dropped, since some Windows editors add one.
/// A NUL byte means the file is binary; anything else that is not UTF-8 is
/// reported at the first bad byte.
pub(crate) fn decode_text<'a>(path: &str, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    let bytes = bytes.strip_prefix(BYTE_ORDER_MARK).unwrap_or(bytes);
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(at_byte(
            path,
            bytes,
            nul,
            "file contains a NUL byte, so it is binary, not text: save it as plain UTF-8 text \
             (images and audio belong in media/)"
                .to_owned(),
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let bad = e.valid_up_to();
        let message = match bytes.get(bad) {
            Some(byte) => {
                format!("file is not valid UTF-8 (byte 0x{byte:02X}): save it with UTF-8 encoding")
            }
            None => "file is not valid UTF-8: save it with UTF-8 encoding".to_owned(),
        };
        at_byte(path, bytes, bad, message)
    })
}

fn at_byte(path: &str, bytes: &[u8], offset: usize, message: String) -> Diagnostic {
    let before = String::from_utf8_lossy(&bytes[..offset]);
    let (line, col) = LineIndex::new(&before).position(before.len());
    Diagnostic {
        path: path.to_owned(),
        line,
        col,
        severity: Severity::Error,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_utf8_and_drops_a_byte_order_mark() {
        assert_eq!(decode_text("f", "\u{FEFF}héllo".as_bytes()), Ok("héllo"));
    }

    #[test]
    fn rejects_a_nul_byte_at_its_position() {
        let d = decode_text("f.md", b"ab\ncd\0").unwrap_err();
        assert_eq!((d.line, d.col), (2, 3));
        assert!(d.message.contains("NUL byte"), "{}", d.message);
    }

    #[test]
    fn rejects_latin1_at_the_first_bad_byte() {
        let d = decode_text("f.md", b"caf\xE9").unwrap_err();
        assert_eq!(
            d.to_string(),
            "f.md:1:4: error: file is not valid UTF-8 (byte 0xE9): save it with UTF-8 encoding"
        );
    }
}
