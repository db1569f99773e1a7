//! What [`#[tool]`](crate::tool) expands to call. The macro only names the
//! function, its types and its options; building the [`Tool`] happens here,
//! in ordinary code. Public only because the expansion lives in the tool
//! crate: not an API of its own.

use crate::{Context, IntoOutcome, Tool, ToolError, ToolInput, schema};

/// The tool `name` that calls `handler`. Requires `I: ToolInput`, which
/// refuses (at compile time) argument types that do not read a JSON object.
pub fn tool<I, R>(name: &str, handler: impl Fn(I, &mut Context) -> R + 'static) -> Tool
where
    I: ToolInput,
    R: IntoToolResult,
{
    Tool::with_context(name, move |input: I, cx: &mut Context| {
        handler(input, cx).into_tool_result()
    })
}

/// What a `#[tool]` function may return: a tool result, or a `Result` of
/// one whose error converts into [`ToolError`] (as every
/// [`std::error::Error`] does, and [`http::UpstreamError`](crate::http::UpstreamError)).
#[diagnostic::on_unimplemented(
    message = "a tool function cannot return `{Self}`",
    label = "not a tool result, nor a `Result` of one with an error that converts into `ToolError`",
    note = "return String, Json<T>, Content, Vec<Content>, Output, InputRequired or Outcome<T>, or \
            a `Result` of one whose error is a `ToolError` or any `std::error::Error` \
            (`Box<dyn Error>` is not one: use `toolhost_sdk::Result<T>` and `?`)"
)]
pub trait IntoToolResult {
    /// The finished value's type, which also gives the output schema.
    type Output: IntoOutcome;

    fn into_tool_result(self) -> Result<Self::Output, ToolError>;
}

impl<O: IntoOutcome, E: Into<ToolError>> IntoToolResult for Result<O, E> {
    type Output = O;

    fn into_tool_result(self) -> Result<O, ToolError> {
        self.map_err(Into::into)
    }
}

/// A tool that cannot fail returns its value directly.
impl<O: IntoOutcome> IntoToolResult for O {
    type Output = O;

    fn into_tool_result(self) -> Result<O, ToolError> {
        Ok(self)
    }
}

/// The description a doc comment gives: each `///` line's text (rustdoc's
/// one leading space dropped), lines joined the way Markdown would, as for
/// the schema's descriptions, without leading or trailing blank lines.
pub fn description_from_doc(doc: &str) -> String {
    let lines: Vec<&str> = doc
        .lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect();
    schema::unwrap_lines(&lines.join("\n")).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_comments_read_as_prose() {
        let doc = concat!(" Counts the words\n", " of a text.\n", "\n", " - fast\n");
        assert_eq!(
            description_from_doc(doc),
            "Counts the words of a text.\n\n- fast"
        );
        assert_eq!(description_from_doc("\n One line. \n\n"), "One line.");
        assert_eq!(
            description_from_doc(" Code:\n\n     let x = 1;\n     x\n"),
            "Code:\n\n    let x = 1;\n    x"
        );
    }

    #[test]
    fn results_and_plain_values_both_become_tool_results() {
        let plain = "hi".into_tool_result();
        assert_eq!(plain, Ok("hi"));
        let parsed: Result<u32, std::num::ParseIntError> = "x".parse();
        let failed = parsed.map(|n| n.to_string()).into_tool_result();
        assert_eq!(
            failed,
            Err(ToolError::other("invalid digit found in string"))
        );
        let typed: Result<String, ToolError> = Err(ToolError::invalid_input("no"));
        assert_eq!(
            typed.into_tool_result(),
            Err(ToolError::invalid_input("no"))
        );
    }
}
