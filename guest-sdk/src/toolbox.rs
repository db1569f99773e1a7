use crate::catalog::{Catalog, unique};
use crate::resource::Contents;
use crate::{
    Arguments, CompletionReference, Context, Outcome, Output, Prompt, PromptResult, ReadError,
    Resource, ResourceTemplate, Tool, ToolDescriptor, ToolError,
};

/// Everything one component serves: tools, resources, resource templates
/// and prompts.
///
/// Names (and resource URIs, and URI templates) must be unique within a
/// toolbox: a duplicate makes `describe` fail, so the component does not
/// load at all rather than silently hiding something.
///
/// Every method that runs something works natively too, exactly as the host
/// would run it, so unit tests need no WebAssembly.
#[derive(Default)]
pub struct Toolbox {
    tools: Vec<Tool>,
    resources: Vec<Resource>,
    templates: Vec<ResourceTemplate>,
    prompts: Vec<Prompt>,
}

impl Toolbox {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a tool. Tools are listed in the order they were added.
    pub fn tool(mut self, tool: Tool) -> Self {
        self.tools.push(tool);
        self
    }

    /// Adds a resource at a fixed URI; see [`Resource`].
    pub fn resource(mut self, resource: Resource) -> Self {
        self.resources.push(resource);
        self
    }

    /// Adds a family of resources named by a URI template; see
    /// [`ResourceTemplate`]. A read is served by the first resource with its
    /// exact URI, else by the first template, in the order added, that
    /// matches it.
    pub fn resource_template(mut self, template: ResourceTemplate) -> Self {
        self.templates.push(template);
        self
    }

    /// Adds a prompt; see [`Prompt`].
    pub fn prompt(mut self, prompt: Prompt) -> Self {
        self.prompts.push(prompt);
        self
    }

    /// Everything the toolbox serves, as the host sees it, or why it is
    /// unusable (a bad or duplicate name, a schema whose root is not an
    /// object, a template the SDK cannot match, a completer for an argument
    /// that does not exist).
    pub fn catalog(&self) -> Result<Catalog, String> {
        let tools = self
            .tools
            .iter()
            .map(Tool::descriptor)
            .collect::<Result<Vec<_>, _>>()?;
        unique("tool name", tools.iter().map(|d| d.name.as_str()))?;
        let resources = self
            .resources
            .iter()
            .map(|r| r.descriptor().cloned())
            .collect::<Result<Vec<_>, _>>()?;
        unique("resource URI", resources.iter().map(|d| d.uri.as_str()))?;
        let resource_templates = self
            .templates
            .iter()
            .map(|t| t.descriptor().cloned())
            .collect::<Result<Vec<_>, _>>()?;
        let uri_templates = resource_templates.iter().map(|d| d.uri_template.as_str());
        unique("resource template", uri_templates)?;
        let prompts = self
            .prompts
            .iter()
            .map(|p| p.descriptor().cloned())
            .collect::<Result<Vec<_>, _>>()?;
        unique("prompt name", prompts.iter().map(|d| d.name.as_str()))?;
        let completions = self.prompts.iter().any(|p| !p.completers().is_empty())
            || self.templates.iter().any(|t| !t.completers().is_empty());
        Ok(Catalog {
            tools,
            resources,
            resource_templates,
            prompts,
            completions,
        })
    }

    /// The tools as the host sees them, or why the toolbox is unusable (see
    /// [`Toolbox::catalog`]). Calling it in a native unit test catches those
    /// mistakes before the host does.
    pub fn describe(&self) -> Result<Vec<ToolDescriptor>, String> {
        Ok(self.catalog()?.tools)
    }

    /// Runs the tool `name` with `arguments` (a JSON object, serialized),
    /// as a first round with a client that can answer nothing. Usable
    /// natively, for unit tests.
    ///
    /// # Panics
    ///
    /// When the tool asks for input: use [`Toolbox::call_with`] to see what
    /// it asked and to run the next round.
    pub fn call(&self, name: &str, arguments: &str) -> Result<Output, ToolError> {
        match self.call_with(name, arguments, &mut Context::new())? {
            Outcome::Done(output) => Ok(output),
            Outcome::InputRequired(asked) => panic!(
                "the tool {name} asked for input ({asked:?}); Toolbox::call_with runs a tool \
                 that asks"
            ),
        }
    }

    /// Runs the tool `name` with `arguments` in the context `cx`, exactly as
    /// the host would: it may finish or ask for input.
    pub fn call_with(
        &self,
        name: &str,
        arguments: &str,
        cx: &mut Context,
    ) -> Result<Outcome, ToolError> {
        match self.tools.iter().find(|tool| tool.name() == name) {
            Some(tool) => tool.run(arguments, cx),
            None => Err(ToolError::other(format!("unknown tool {name}"))),
        }
    }

    /// Reads the resource at `uri` in the context `cx`, exactly as the host
    /// would; [`ReadError::NotFound`] when nothing here serves it.
    pub fn read(&self, uri: &str, cx: &mut Context) -> Result<Outcome<Contents>, ReadError> {
        if let Some(resource) = self.resources.iter().find(|r| r.uri() == uri) {
            return resource.read(cx);
        }
        self.templates
            .iter()
            .find_map(|template| template.read(uri, cx))
            .unwrap_or(Err(ReadError::NotFound))
    }

    /// Fills in the prompt `name` with `arguments` in the context `cx`,
    /// exactly as the host would.
    pub fn get_prompt(
        &self,
        name: &str,
        arguments: &Arguments,
        cx: &mut Context,
    ) -> Result<Outcome<PromptResult>, ToolError> {
        match self.prompts.iter().find(|prompt| prompt.name() == name) {
            Some(prompt) => prompt.get(arguments, cx),
            None => Err(ToolError::invalid_input(format!("unknown prompt {name}"))),
        }
    }

    /// Suggests values for `argument` of the prompt or template
    /// `reference`, given what the user `typed` and the arguments already
    /// `filled` in. An argument without a completer gets no suggestions.
    ///
    /// ```
    /// use toolhost_sdk::{Arguments, CompletionReference, Prompt, Toolbox};
    ///
    /// let tools = Toolbox::new().prompt(
    ///     Prompt::new("greet", |_, _| Ok("Hi"))
    ///         .argument("name", "Who", true)
    ///         .complete("name", |typed, _| Ok(vec![format!("{typed}a")])),
    /// );
    /// let reference = CompletionReference::Prompt("greet".into());
    /// let values = tools.complete(&reference, "name", "Ad", &Arguments::default()).unwrap();
    /// assert_eq!(values, ["Ada"]);
    /// ```
    pub fn complete(
        &self,
        reference: &CompletionReference,
        argument: &str,
        typed: &str,
        filled: &Arguments,
    ) -> Result<Vec<String>, ToolError> {
        let completers = match reference {
            CompletionReference::Prompt(name) => self
                .prompts
                .iter()
                .find(|p| p.name() == name)
                .map(Prompt::completers),
            CompletionReference::ResourceTemplate(uri_template) => self
                .templates
                .iter()
                .find(|t| t.uri_template() == uri_template)
                .map(ResourceTemplate::completers),
        };
        let Some(completers) = completers else {
            return Err(ToolError::invalid_input(format!(
                "nothing here to complete: {reference:?}"
            )));
        };
        completers.complete(argument, typed, filled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tool::tests::{echo, toolbox};
    use crate::{InputRequired, NoArgs, ResourceContents};
    use serde_json::json;

    #[test]
    fn calls_dispatch_by_name() {
        let output = toolbox().call("echo", r#"{"message":"hi"}"#).unwrap();
        assert_eq!(output.text_blocks(), ["hi"]);
        let output = toolbox().call("add", r#"{"a":1,"b":2.5}"#).unwrap();
        assert_eq!(output.structured(), Some(r#"{"sum":3.5}"#));
    }

    #[test]
    fn unknown_tool_is_an_other_error() {
        assert_eq!(
            toolbox().call("nope", "{}").unwrap_err(),
            ToolError::Other("unknown tool nope".into())
        );
    }

    #[test]
    fn undeserializable_arguments_are_invalid_input() {
        let error = toolbox().call("echo", r#"{"message":3}"#).unwrap_err();
        let ToolError::InvalidInput(message) = error else {
            panic!("wrong variant: {error:?}");
        };
        assert!(
            message.starts_with("invalid arguments: invalid type"),
            "{message}"
        );
    }

    #[test]
    fn tool_errors_pass_through() {
        let tools = Toolbox::new().tool(Tool::new("down", |_: NoArgs| -> Result<(), _> {
            Err(ToolError::upstream(Some(503), None, "down"))
        }));
        assert_eq!(
            tools.call("down", "{}").unwrap_err(),
            ToolError::upstream(Some(503), None, "down")
        );
    }

    #[test]
    #[should_panic(expected = "Toolbox::call_with")]
    fn call_refuses_a_tool_that_asks() {
        let tools = Toolbox::new().tool(Tool::new("ask", |_: NoArgs| {
            Ok(InputRequired::new().roots("r"))
        }));
        let _ = tools.call("ask", "{}");
    }

    #[test]
    fn invalid_toolboxes_are_refused_at_describe() {
        let twice = toolbox().tool(Tool::new("echo", echo));
        assert!(twice.describe().unwrap_err().contains("used twice"));
        // The first one still answers calls.
        assert_eq!(
            twice
                .call("echo", r#"{"message":"x"}"#)
                .unwrap()
                .text_blocks(),
            ["x"]
        );

        for bad in ["", "has space", "ünï", &"x".repeat(129)] {
            let tools = Toolbox::new().tool(Tool::new(bad, echo));
            assert!(tools.describe().is_err(), "{bad:?} accepted");
        }
        let ok = Toolbox::new().tool(Tool::new("a-Z_0.9", echo));
        assert!(ok.describe().is_ok());

        let scalar = Toolbox::new().tool(Tool::new("s", |s: String| Ok(s)));
        assert!(scalar.describe().unwrap_err().contains("input schema"));
        let bad_out =
            Toolbox::new().tool(Tool::new("o", echo).output_schema(json!({"type": "string"})));
        assert!(bad_out.describe().unwrap_err().contains("output schema"));
    }

    #[test]
    fn resources_templates_and_prompts_are_unique_too() {
        let note = || Resource::new("mem://n", "n", |_, _| Ok("x"));
        let two = Toolbox::new().resource(note()).resource(note());
        assert!(
            two.catalog()
                .unwrap_err()
                .contains("resource URI `mem://n`")
        );
        let template = || ResourceTemplate::new("mem://{x}", "t", |_, _, _| Ok("x"));
        let two = Toolbox::new()
            .resource_template(template())
            .resource_template(template());
        assert!(two.describe().unwrap_err().contains("resource template"));
        let prompt = || Prompt::new("p", |_, _| Ok("x"));
        let two = Toolbox::new().prompt(prompt()).prompt(prompt());
        assert!(two.catalog().unwrap_err().contains("prompt name `p`"));
    }

    #[test]
    fn reads_go_to_the_exact_resource_then_the_first_matching_template() {
        let tools = Toolbox::new()
            .resource_template(ResourceTemplate::new("mem://{x}", "any", |_, v, _| {
                Ok(format!("template {}", v.require("x")?))
            }))
            .resource_template(ResourceTemplate::new("mem://{y}", "never", |_, _, _| {
                Ok("")
            }))
            .resource(Resource::new("mem://fixed", "fixed", |_, _| Ok("fixed")));
        let read = |uri| {
            tools
                .read(uri, &mut Context::new())
                .unwrap()
                .done()
                .unwrap()
        };
        assert_eq!(
            read("mem://fixed"),
            [ResourceContents::text("mem://fixed", "fixed")]
        );
        assert_eq!(
            read("mem://z"),
            [ResourceContents::text("mem://z", "template z")]
        );
        assert_eq!(
            tools.read("other://z", &mut Context::new()),
            Err(ReadError::NotFound)
        );
        assert_eq!(
            Toolbox::new().read("mem://z", &mut Context::new()),
            Err(ReadError::NotFound)
        );
    }

    #[test]
    fn prompts_dispatch_by_name() {
        let tools = Toolbox::new().prompt(Prompt::new("p", |_, _| Ok("hello")));
        let args = Arguments::default();
        let result = tools.get_prompt("p", &args, &mut Context::new()).unwrap();
        assert_eq!(
            result.done().unwrap().messages[0].content.as_text(),
            Some("hello")
        );
        assert_eq!(
            tools
                .get_prompt("q", &args, &mut Context::new())
                .unwrap_err(),
            ToolError::invalid_input("unknown prompt q")
        );
    }

    #[test]
    fn completions_dispatch_by_reference() {
        let tools = Toolbox::new()
            .resource_template(
                ResourceTemplate::new("mem://{x}", "t", |_, _, _| Ok(""))
                    .complete("x", |typed, _| Ok(vec![typed.to_uppercase()])),
            )
            .prompt(Prompt::new("p", |_, _| Ok("")).argument("a", "", false));
        assert!(tools.catalog().unwrap().completions);
        let none = Arguments::default();
        let template = CompletionReference::ResourceTemplate("mem://{x}".into());
        assert_eq!(tools.complete(&template, "x", "ab", &none).unwrap(), ["AB"]);
        let prompt = CompletionReference::Prompt("p".into());
        assert!(tools.complete(&prompt, "a", "", &none).unwrap().is_empty());
        let unknown = CompletionReference::Prompt("q".into());
        assert!(matches!(
            tools.complete(&unknown, "a", "", &none),
            Err(ToolError::InvalidInput(_))
        ));
        assert!(!Toolbox::new().catalog().unwrap().completions);
    }
}
