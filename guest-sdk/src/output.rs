use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::schema;
use crate::{Content, ToolError};

/// What a successful call returns: content blocks for the model (text,
/// images, sound, resources) and, optionally, a structured (JSON) result that
/// must conform to the tool's output schema.
///
/// Most tools never build one: they return a `String`, a [`Json`], a
/// [`Content`] or a `Vec<Content>`, which convert into it. Build one for
/// several blocks together with a structured result.
///
/// ```
/// use toolhost_sdk::{Content, Output};
///
/// let output = Output::text("Here is the plot:")
///     .and(Content::image(vec![0x89, b'P', b'N', b'G'], "image/png"))
///     .and_structured(&serde_json::json!({"points": 12}))
///     .unwrap();
/// assert_eq!(output.content().len(), 2);
/// assert_eq!(output.text_blocks(), ["Here is the plot:"]);
/// assert_eq!(output.structured(), Some(r#"{"points":12}"#));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    content: Vec<Content>,
    structured: Option<String>,
}

impl Output {
    /// No content at all.
    pub fn empty() -> Self {
        Self::default()
    }

    /// One text block.
    pub fn text(text: impl Into<String>) -> Self {
        Self::empty().and_text(text)
    }

    /// Adds a text block after the existing ones.
    pub fn and_text(self, text: impl Into<String>) -> Self {
        self.and(Content::text(text))
    }

    /// Adds a block of any kind after the existing ones.
    pub fn and(mut self, content: impl Into<Content>) -> Self {
        self.content.push(content.into());
        self
    }

    /// Sets the structured result. The host rejects a result that does not
    /// conform to the tool's declared output schema, so only use this with
    /// [`Tool::output_schema`](crate::Tool::output_schema).
    pub fn and_structured(mut self, value: &impl Serialize) -> Result<Self, ToolError> {
        self.structured = Some(serde_json::to_string(value)?);
        Ok(self)
    }

    /// Every block, in order.
    pub fn content(&self) -> &[Content] {
        &self.content
    }

    /// The text of the text blocks, in order; other blocks are skipped.
    pub fn text_blocks(&self) -> Vec<&str> {
        self.content.iter().filter_map(Content::as_text).collect()
    }

    /// The structured result, serialized as JSON.
    pub fn structured(&self) -> Option<&str> {
        self.structured.as_deref()
    }

    pub(crate) fn into_parts(self) -> (Vec<Content>, Option<String>) {
        (self.content, self.structured)
    }
}

/// A type a tool function can return. The associated output schema is what the
/// tool declares, so a type that produces structured output must also say
/// what shape it has.
pub trait IntoToolOutput {
    /// The output schema this type's results conform to; `None` for plain text.
    fn output_schema() -> Option<Value> {
        None
    }

    /// Converts a result into what the host receives.
    fn into_output(self) -> Result<Output, ToolError>;
}

impl IntoToolOutput for Output {
    fn into_output(self) -> Result<Output, ToolError> {
        Ok(self)
    }
}

impl IntoToolOutput for String {
    fn into_output(self) -> Result<Output, ToolError> {
        Ok(Output::text(self))
    }
}

impl IntoToolOutput for &'static str {
    fn into_output(self) -> Result<Output, ToolError> {
        Ok(Output::text(self))
    }
}

/// One block of any kind.
impl IntoToolOutput for Content {
    fn into_output(self) -> Result<Output, ToolError> {
        Ok(Output::empty().and(self))
    }
}

/// Several blocks, in order, without a structured result.
impl IntoToolOutput for Vec<Content> {
    fn into_output(self) -> Result<Output, ToolError> {
        Ok(Output {
            content: self,
            structured: None,
        })
    }
}

/// A result with nothing to say: an empty content list.
impl IntoToolOutput for () {
    fn into_output(self) -> Result<Output, ToolError> {
        Ok(Output::empty())
    }
}

/// A structured result. The tool declares the output schema derived from `T`
/// (so `T` must serialize to a JSON object), and each result carries the value
/// both as structured content and as a text block with the same JSON, because
/// the MCP specification recommends it and some clients only read text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Json<T>(pub T);

impl<T: Serialize + JsonSchema> IntoToolOutput for Json<T> {
    fn output_schema() -> Option<Value> {
        Some(schema::output_schema::<T>())
    }

    fn into_output(self) -> Result<Output, ToolError> {
        let json = serde_json::to_string(&self.0)?;
        Ok(Output {
            content: vec![Content::text(json.clone())],
            structured: Some(json),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, JsonSchema)]
    struct Sum {
        sum: f64,
    }

    #[test]
    fn text_results_have_one_block_and_no_schema() {
        assert_eq!(String::output_schema(), None);
        let output = String::from("hi").into_output().unwrap();
        assert_eq!(output.text_blocks(), ["hi"]);
        assert_eq!(output.structured(), None);
        assert_eq!("hi".into_output().unwrap(), output);
        assert_eq!(().into_output().unwrap(), Output::empty());
    }

    #[test]
    fn json_results_are_structured_and_repeated_as_text() {
        let output = Json(Sum { sum: 3.5 }).into_output().unwrap();
        assert_eq!(output.structured(), Some(r#"{"sum":3.5}"#));
        assert_eq!(output.text_blocks(), [r#"{"sum":3.5}"#]);
        let schema = Json::<Sum>::output_schema().unwrap();
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["required"], serde_json::json!(["sum"]));
    }

    #[test]
    fn hand_built_output_keeps_block_order() {
        let output = Output::text("a")
            .and_text("b")
            .and_structured(&serde_json::json!({"n": 1}))
            .unwrap();
        assert_eq!(output.text_blocks(), ["a", "b"]);
        assert_eq!(output.structured(), Some(r#"{"n":1}"#));
    }

    #[test]
    fn content_of_any_kind_converts_in_order() {
        let image = Content::image(vec![1], "image/png");
        let output = vec![Content::text("a"), image.clone(), Content::text("b")]
            .into_output()
            .unwrap();
        assert_eq!(output.content()[1], image);
        assert_eq!(output.text_blocks(), ["a", "b"]);
        assert_eq!(output.structured(), None);
        assert_eq!(Vec::<Content>::output_schema(), None);
        assert_eq!(
            image.clone().into_output().unwrap(),
            Output::empty().and(image)
        );
        let (content, structured) = Output::text("x").into_parts();
        assert_eq!((content, structured), (vec![Content::text("x")], None));
    }
}
