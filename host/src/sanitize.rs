//! Making guest-provided text safe to show a client or write to the log.
//!
//! Redaction of secrets (`policy::redact`) must come first: these functions
//! change bytes (escapes, control characters, length), after which a secret
//! no longer matches.

/// Makes a guest-provided string safe to show: ANSI escape sequences and
/// control characters (other than newline and tab) removed, at most
/// `max_chars` characters.
pub fn sanitize(input: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(input.len().min(max_chars.saturating_mul(4)));
    let mut chars = input.chars().peekable();
    let mut kept = 0;
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters... final byte in @..~
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        if c.is_control() && c != '\n' && c != '\t' {
            continue;
        }
        if kept == max_chars {
            out.push('…');
            break;
        }
        out.push(c);
        kept += 1;
    }
    out
}

/// [`sanitize`] for the log: additionally keeps guest text on one line, so a
/// guest cannot forge log lines of its own.
pub fn sanitize_for_log(input: &str, max_chars: usize) -> String {
    sanitize(input, max_chars)
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_strips_escapes_and_controls_and_caps_length() {
        assert_eq!(sanitize("\u{1b}[31mboom\u{7}\r\nok\tx", 100), "boom\nok\tx");
        assert_eq!(sanitize("abcdef", 3), "abc…");
        assert_eq!(sanitize("abc", 3), "abc");
    }

    #[test]
    fn guest_text_in_the_log_stays_on_one_line() {
        assert_eq!(
            sanitize_for_log("a\nINFO forged\tx\r", 100),
            "a\\nINFO forged\\tx"
        );
    }
}
