//! `${VAR}` and `${VAR:-default}` in the config file, replaced by the
//! environment before the TOML is read, so one file serves every deployment.
//!
//! A reference works anywhere outside a comment. Its value must keep the TOML
//! what the file's author wrote, so it is checked for where it lands: inside
//! a basic string (`"…"`) it is escaped; inside a literal string (`'…'`) it
//! may hold no `'` and no line break; outside a string (a number, a boolean)
//! it may hold only letters, digits and `_ . + -`. `$${` stands for a literal
//! `${`. An unset variable without a default, an unfinished reference or a
//! value that does not fit fails the load with the variable and the line.

/// Replaces every reference in `text` with `lookup(NAME)` or its default.
pub fn interpolate(text: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut place = Place::Bare;
    let mut line = 1;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("$${") && place != Place::Comment {
            out.push_str("${");
            rest = &rest[3..];
            continue;
        }
        if rest.starts_with("${") && place != Place::Comment {
            let close = rest
                .find('}')
                .filter(|&end| !rest[..end].contains('\n'))
                .ok_or_else(|| format!("line {line}: `${{` without a closing `}}`"))?;
            let reference = &rest[2..close];
            let (name, default) = match reference.split_once(":-") {
                Some((name, default)) => (name, Some(default)),
                None => (reference, None),
            };
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Err(format!(
                    "line {line}: `${{{reference}}}` is not a variable reference \
                     (write ${{NAME}} or ${{NAME:-default}}; $${{ for a literal ${{)"
                ));
            }
            let value = lookup(name)
                .or_else(|| default.map(str::to_owned))
                .ok_or_else(|| {
                    format!(
                        "line {line}: ${{{name}}} is not set; set it, or give a default: ${{{name}:-VALUE}}"
                    )
                })?;
            place
                .insert(&value, &mut out)
                .map_err(|why| format!("line {line}: the value of ${{{name}}} {why}"))?;
            rest = &rest[close + 1..];
            continue;
        }
        place = place.after(rest);
        let len = match place.consumed(rest) {
            0 => c.len_utf8(),
            n => n,
        };
        line += rest[..len].matches('\n').count();
        out.push_str(&rest[..len]);
        rest = &rest[len..];
    }
    Ok(out)
}

/// Where the scanner is in the TOML text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Bare,
    Comment,
    Basic,
    Literal,
    MultiBasic,
    MultiLiteral,
}

impl Place {
    /// The place after reading the start of `rest`.
    fn after(self, rest: &str) -> Place {
        match self {
            Place::Bare if rest.starts_with("\"\"\"") => Place::MultiBasic,
            Place::Bare if rest.starts_with("'''") => Place::MultiLiteral,
            Place::Bare if rest.starts_with('"') => Place::Basic,
            Place::Bare if rest.starts_with('\'') => Place::Literal,
            Place::Bare if rest.starts_with('#') => Place::Comment,
            Place::Comment if rest.starts_with('\n') => Place::Bare,
            Place::Basic if rest.starts_with('"') => Place::Bare,
            Place::Literal if rest.starts_with('\'') => Place::Bare,
            Place::MultiBasic if rest.starts_with("\"\"\"") => Place::Bare,
            Place::MultiLiteral if rest.starts_with("'''") => Place::Bare,
            other => other,
        }
    }

    /// How many bytes of `rest` the step into `self` read beyond the first
    /// character: the rest of a triple quote, or an escape in a basic string
    /// (so `\"` does not end it). 0 means one character.
    fn consumed(self, rest: &str) -> usize {
        let triple = rest.starts_with("\"\"\"") || rest.starts_with("'''");
        match self {
            Place::MultiBasic | Place::MultiLiteral | Place::Bare if triple => 3,
            Place::Basic | Place::MultiBasic if rest.starts_with('\\') => {
                1 + rest[1..].chars().next().map_or(0, char::len_utf8)
            }
            _ => 0,
        }
    }

    /// Writes `value` where the scanner is, escaped or checked for it.
    fn insert(self, value: &str, out: &mut String) -> Result<(), &'static str> {
        match self {
            Place::Basic | Place::MultiBasic => {
                for c in value.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\t' => out.push_str("\\t"),
                        c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                        c => out.push(c),
                    }
                }
            }
            Place::Literal | Place::MultiLiteral => {
                if value.contains(['\'', '\n', '\r']) {
                    return Err("holds a ' or a line break, which a '…' string cannot: use \"…\"");
                }
                out.push_str(value);
            }
            Place::Bare => {
                let simple = !value.is_empty()
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"_.+-".contains(&b));
                if !simple {
                    return Err("is not a plain number or word: put the reference inside quotes");
                }
                out.push_str(value);
            }
            Place::Comment => out.push_str(value),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "HOST" => Some("api.example.com".into()),
            "N" => Some("32".into()),
            "QUOTE" => Some("a\"b\\c\nd".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    fn run(text: &str) -> Result<String, String> {
        interpolate(text, env)
    }

    #[test]
    fn references_are_replaced_with_values_or_defaults() {
        assert_eq!(
            run("allow = [\"https://${HOST}\"]\nn = ${N}\nm = ${MISSING:-7}\n").unwrap(),
            "allow = [\"https://api.example.com\"]\nn = 32\nm = 7\n"
        );
        assert_eq!(run("a = '${HOST}'").unwrap(), "a = 'api.example.com'");
        assert_eq!(
            run("a = \"${EMPTY}\"").unwrap(),
            "a = \"\"",
            "set but empty is a value"
        );
        assert_eq!(run("a = \"${NONE:-}\"").unwrap(), "a = \"\"");
        assert_eq!(run("a = \"$${HOST}\"").unwrap(), "a = \"${HOST}\"");
        assert_eq!(
            run("# ${UNSET} in a comment\nb = 1").unwrap(),
            "# ${UNSET} in a comment\nb = 1"
        );
        assert_eq!(
            run("a = \"not # a comment ${N}\"").unwrap(),
            "a = \"not # a comment 32\""
        );
        assert_eq!(
            run("a = \"q\\\"${N}\"").unwrap(),
            "a = \"q\\\"32\"",
            "an escaped quote"
        );
        assert_eq!(
            run("a = \"\"\"\n${N}\n\"\"\"").unwrap(),
            "a = \"\"\"\n32\n\"\"\""
        );
        assert_eq!(run("a = \"é ${N}\" # ü").unwrap(), "a = \"é 32\" # ü");
    }

    #[test]
    fn values_cannot_change_the_shape_of_the_file() {
        let escaped = run("token = \"${QUOTE}\"").unwrap();
        let parsed: toml::Table = toml::from_str(&escaped).unwrap();
        assert_eq!(parsed["token"].as_str(), Some("a\"b\\c\nd"));
        assert_eq!(parsed.len(), 1);
        let err = run("token = '${QUOTE}'").unwrap_err();
        assert!(err.contains("line 1") && err.contains("${QUOTE}"), "{err}");
        let err = run("\nn = ${HOST_AND:-1 2}").unwrap_err();
        assert!(
            err.contains("line 2") && err.contains("inside quotes"),
            "{err}"
        );
    }

    #[test]
    fn unset_and_malformed_references_name_the_variable_and_line() {
        let err = run("a = 1\nb = \"${MISSING}\"").unwrap_err();
        assert!(err.contains("line 2: ${MISSING} is not set"), "{err}");
        assert!(
            run("a = \"${HOST\"\n}")
                .unwrap_err()
                .contains("without a closing")
        );
        assert!(
            run("a = \"${a b}\"")
                .unwrap_err()
                .contains("not a variable reference")
        );
        assert!(
            run("a = \"${}\"")
                .unwrap_err()
                .contains("not a variable reference")
        );
    }
}
