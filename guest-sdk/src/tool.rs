use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{Context, IntoOutcome, Outcome, ToolError, schema};

type Handler = Box<dyn Fn(&str, &mut Context) -> Result<Outcome, ToolError>>;

/// One tool: a name, a function, and what clients are told about it.
/// [`#[tool]`](crate::tool) makes one from a function (`echo::tool()`);
/// [`Tool::new`] and the builder methods make one by hand, from a closure
/// too.
///
/// Schemas are derived only when the host asks for them (once, when it loads
/// the component), so building a `Tool` for every call stays cheap.
pub struct Tool {
    name: String,
    title: Option<String>,
    description: Option<Description>,
    hints: Annotations,
    derive_input_schema: fn() -> Value,
    derive_output_schema: fn() -> Option<Value>,
    input_schema: Option<Value>,
    output_schema: Option<Value>,
    handler: Handler,
}

impl Tool {
    /// A tool named `name` that runs `handler`. Its input schema is derived
    /// from `I`, its output schema (if any) from `O`.
    ///
    /// Names are 1-128 characters from `A-Z a-z 0-9 _ . -`; anything else
    /// makes the component fail to load.
    pub fn new<I, O, F>(name: impl Into<String>, handler: F) -> Self
    where
        I: DeserializeOwned + JsonSchema,
        O: IntoOutcome,
        F: Fn(I) -> Result<O, ToolError> + 'static,
    {
        Self::with_context(name, move |input: I, _: &mut Context| handler(input))
    }

    /// A tool whose `handler` also gets the request's [`Context`]: to report
    /// progress, write to the client's log, see what the client can answer,
    /// and read the answers (and state) of a previous round after returning
    /// [`InputRequired`](crate::InputRequired).
    ///
    /// ```
    /// use toolhost_sdk::{Context, LogLevel, Tool, ToolError, Toolbox, schema};
    ///
    /// #[schema]
    /// struct Args {
    ///     /// How many items to process.
    ///     count: u32,
    /// }
    ///
    /// fn process(args: Args, cx: &mut Context) -> Result<String, ToolError> {
    ///     for i in 0..args.count {
    ///         cx.progress(f64::from(i + 1), Some(f64::from(args.count)), None);
    ///     }
    ///     cx.log(LogLevel::Info, format!("processed {}", args.count));
    ///     Ok("done".into())
    /// }
    ///
    /// let tools = Toolbox::new().tool(Tool::with_context("process", process));
    /// let mut cx = Context::new();
    /// let outcome = tools.call_with("process", r#"{"count":3}"#, &mut cx).unwrap();
    /// assert_eq!(outcome.done().unwrap().text_blocks(), ["done"]);
    /// assert_eq!(cx.notifications().len(), 4);
    /// ```
    pub fn with_context<I, O, F>(name: impl Into<String>, handler: F) -> Self
    where
        I: DeserializeOwned + JsonSchema,
        O: IntoOutcome,
        F: Fn(I, &mut Context) -> Result<O, ToolError> + 'static,
    {
        Self {
            name: name.into(),
            title: None,
            description: None,
            hints: Annotations::default(),
            derive_input_schema: schema::input_schema::<I>,
            derive_output_schema: O::output_schema,
            input_schema: None,
            output_schema: None,
            handler: Box::new(move |arguments, cx| {
                // The host has validated the arguments against the schema,
                // so this fails only when schema and type disagree.
                let input = serde_json::from_str(arguments)
                    .map_err(|e| ToolError::invalid_input(format!("invalid arguments: {e}")))?;
                handler(input, cx)?.into_outcome()
            }),
        }
    }

    /// A human-readable display name.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// What the tool does and when to use it. A model reads this to choose a
    /// tool, so say what it is good for and what it is not.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(Description::Given(description.into()));
        self
    }

    /// The description in a doc comment's raw text (what `#[tool]` passes),
    /// read as prose only when the tool is described, like the schemas.
    #[doc(hidden)]
    pub fn description_from_doc(mut self, doc: &'static str) -> Self {
        self.description = Some(Description::Doc(doc));
        self
    }

    /// Hints that the tool does not change its environment. A read-only tool
    /// is neither destructive nor not: the destructive hint is ignored.
    pub fn read_only(mut self) -> Self {
        self.hints.read_only_hint = Some(true);
        self
    }

    /// Hints whether the tool's changes may destroy data. MCP assumes `true`
    /// for a tool that is not read-only, so `destructive(false)` is the useful
    /// call.
    pub fn destructive(mut self, destructive: bool) -> Self {
        self.hints.destructive_hint = Some(destructive);
        self
    }

    /// Hints that calling the tool again with the same arguments has no
    /// further effect, so a client may retry it freely.
    pub fn idempotent(mut self) -> Self {
        self.hints.idempotent_hint = Some(true);
        self
    }

    /// Hints whether the tool reaches an open world (the web, other people's
    /// services). MCP assumes `true`, so `open_world(false)` is the useful
    /// call for a self-contained tool.
    pub fn open_world(mut self, open_world: bool) -> Self {
        self.hints.open_world_hint = Some(open_world);
        self
    }

    /// Replaces the derived input schema. Arguments are still deserialized
    /// into the function's input type, so the schema must only admit values
    /// that type accepts.
    pub fn input_schema(mut self, schema: Value) -> Self {
        self.input_schema = Some(schema);
        self
    }

    /// Replaces the derived output schema (or declares one for a tool that
    /// has none). You must keep your results conforming: the host checks
    /// every structured result against it and fails calls that do not match.
    pub fn output_schema(mut self, schema: Value) -> Self {
        self.output_schema = Some(schema);
        self
    }

    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn run(&self, arguments: &str, cx: &mut Context) -> Result<Outcome, ToolError> {
        (self.handler)(arguments, cx)
    }

    pub(crate) fn descriptor(&self) -> Result<ToolDescriptor, String> {
        check_name(&self.name)?;
        let input_schema = self
            .input_schema
            .clone()
            .unwrap_or_else(self.derive_input_schema);
        schema::check_object_root(&input_schema)
            .map_err(|e| format!("tool `{}`: input schema: {e}", self.name))?;
        let output_schema = self
            .output_schema
            .clone()
            .or_else(self.derive_output_schema);
        if let Some(output_schema) = &output_schema {
            schema::check_object_root(output_schema)
                .map_err(|e| format!("tool `{}`: output schema: {e}", self.name))?;
        }
        Ok(ToolDescriptor {
            name: self.name.clone(),
            title: self.title.clone(),
            description: self.description.as_ref().map(Description::text),
            input_schema,
            output_schema,
            annotations: (self.hints != Annotations::default()).then(|| self.hints.clone()),
        })
    }
}

/// A tool's description: given, or a doc comment still to be read.
enum Description {
    Given(String),
    Doc(&'static str),
}

impl Description {
    fn text(&self) -> String {
        match self {
            Self::Given(text) => text.clone(),
            Self::Doc(doc) => crate::macro_support::description_from_doc(doc),
        }
    }
}

fn check_name(name: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    if (1..=128).contains(&name.len()) && name.chars().all(allowed) {
        Ok(())
    } else {
        Err(format!(
            "tool name {name:?} must be 1-128 characters from A-Z a-z 0-9 _ . -"
        ))
    }
}

/// What the host is told about one tool; see the WIT `tool-descriptor`.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolDescriptor {
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub input_schema: Value,
    pub output_schema: Option<Value>,
    /// `None` when no hint was set, so clients apply every MCP default.
    pub annotations: Option<Annotations>,
}

/// Behaviour hints; `None` means the MCP default. Clients treat them as
/// untrusted, so they describe, never enforce.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotations {
    pub read_only_hint: Option<bool>,
    pub destructive_hint: Option<bool>,
    pub idempotent_hint: Option<bool>,
    pub open_world_hint: Option<bool>,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{InputRequired, Json, NoArgs, Toolbox};
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Deserialize, JsonSchema)]
    pub(crate) struct EchoArgs {
        /// Text to send back unchanged.
        message: String,
    }

    pub(crate) fn echo(args: EchoArgs) -> Result<String, ToolError> {
        Ok(args.message)
    }

    #[derive(Deserialize, JsonSchema)]
    struct AddArgs {
        a: f64,
        b: f64,
    }

    #[derive(Serialize, JsonSchema)]
    struct Sum {
        sum: f64,
    }

    fn add(args: AddArgs) -> Result<Json<Sum>, ToolError> {
        Ok(Json(Sum {
            sum: args.a + args.b,
        }))
    }

    pub(crate) fn toolbox() -> Toolbox {
        Toolbox::new()
            .tool(
                Tool::new("echo", echo)
                    .title("Echo")
                    .description("Returns the message unchanged.")
                    .read_only()
                    .idempotent()
                    .open_world(false),
            )
            .tool(Tool::new("add", add))
    }

    #[test]
    fn builder_fills_the_descriptor() {
        let descriptors = toolbox().describe().unwrap();
        let echo = &descriptors[0];
        assert_eq!(echo.name, "echo");
        assert_eq!(echo.title.as_deref(), Some("Echo"));
        assert_eq!(
            echo.description.as_deref(),
            Some("Returns the message unchanged.")
        );
        assert_eq!(echo.input_schema["type"], "object");
        assert_eq!(
            echo.input_schema["properties"]["message"]["description"],
            "Text to send back unchanged."
        );
        assert_eq!(echo.output_schema, None);
        assert_eq!(
            echo.annotations,
            Some(Annotations {
                read_only_hint: Some(true),
                destructive_hint: None,
                idempotent_hint: Some(true),
                open_world_hint: Some(false),
            })
        );
    }

    #[test]
    fn json_tools_declare_their_output_schema_and_plain_ones_no_hints() {
        let descriptors = toolbox().describe().unwrap();
        let add = &descriptors[1];
        assert_eq!(add.title, None);
        assert_eq!(add.annotations, None);
        assert_eq!(add.output_schema.as_ref().unwrap()["type"], "object");
        assert_eq!(
            add.output_schema.as_ref().unwrap()["properties"]["sum"]["type"],
            "number"
        );
    }

    #[test]
    fn schemas_can_be_replaced() {
        let custom_in = json!({"type": "object", "properties": {"message": {"type": "string", "maxLength": 10}}});
        let custom_out = json!({"type": "object", "properties": {"count": {"type": "integer"}}});
        let tools = Toolbox::new().tool(
            Tool::new("echo", echo)
                .input_schema(custom_in.clone())
                .output_schema(custom_out.clone()),
        );
        let descriptor = &tools.describe().unwrap()[0];
        assert_eq!(descriptor.input_schema, custom_in);
        assert_eq!(descriptor.output_schema, Some(custom_out));
    }

    #[test]
    fn context_tools_see_the_round_and_report_to_the_client() {
        let tools = Toolbox::new().tool(Tool::with_context(
            "later",
            |args: EchoArgs, cx: &mut Context| -> Result<Outcome<String>, ToolError> {
                cx.progress(1.0, None, None);
                match cx.state() {
                    None => Ok(InputRequired::new().state(args.message).into()),
                    Some(state) => Ok(String::from_utf8_lossy(state).into_owned().into()),
                }
            },
        ));
        let mut first = Context::new();
        let asked = tools.call_with("later", r#"{"message":"m"}"#, &mut first);
        assert_eq!(
            asked.unwrap().input_required().unwrap().state.as_deref(),
            Some(&b"m"[..])
        );
        assert_eq!(first.notifications().len(), 1);
        let mut second = Context::new().with_state("m");
        let done = tools.call_with("later", r#"{"message":"m"}"#, &mut second);
        assert_eq!(done.unwrap().done().unwrap().text_blocks(), ["m"]);
        assert_eq!(tools.describe().unwrap()[0].output_schema, None);
    }

    #[test]
    fn no_args_is_an_empty_object() {
        let tools = Toolbox::new().tool(Tool::new("ping", |_: NoArgs| Ok("pong")));
        let schema = &tools.describe().unwrap()[0].input_schema;
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["properties"], json!({}));
        assert!(schema.get("description").is_none());
        assert_eq!(tools.call("ping", "{}").unwrap().text_blocks(), ["pong"]);
        assert_eq!(
            tools.call("ping", r#"{"extra":1}"#).unwrap().text_blocks(),
            ["pong"]
        );
    }
}
