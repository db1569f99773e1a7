//! Everything a component serves, described once when it loads.

use crate::{PromptDescriptor, ResourceDescriptor, ResourceTemplateDescriptor, ToolDescriptor};

/// What the host is told about a toolbox; see the WIT `catalog`. Built by
/// [`Toolbox::catalog`](crate::Toolbox::catalog), which a native unit test
/// can call to catch a mistake before the host refuses the component.
///
/// ```
/// use toolhost_sdk::{NoArgs, Prompt, Tool, Toolbox};
///
/// let catalog = Toolbox::new()
///     .tool(Tool::new("ping", |_: NoArgs| Ok("pong")))
///     .prompt(Prompt::new("hello", |_, _| Ok("Say hello.")))
///     .catalog()
///     .unwrap();
/// assert_eq!(catalog.tools[0].name, "ping");
/// assert_eq!(catalog.prompts[0].name, "hello");
/// assert!(catalog.resources.is_empty() && !catalog.completions);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub tools: Vec<ToolDescriptor>,
    pub resources: Vec<ResourceDescriptor>,
    pub resource_templates: Vec<ResourceTemplateDescriptor>,
    pub prompts: Vec<PromptDescriptor>,
    /// Whether some prompt or template completes its arguments.
    pub completions: bool,
}

/// Fails on the first name used twice: a duplicate would shadow the other
/// silently, so the whole component is refused instead.
pub(crate) fn unique<'a>(
    kind: &str,
    names: impl IntoIterator<Item = &'a str>,
) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    for name in names {
        if seen.contains(&name) {
            return Err(format!("{kind} `{name}` is used twice in one Toolbox"));
        }
        seen.push(name);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_used_twice_is_named() {
        assert!(unique("tool name", ["a", "b"]).is_ok());
        assert_eq!(
            unique("prompt", ["a", "b", "a"]).unwrap_err(),
            "prompt `a` is used twice in one Toolbox"
        );
    }
}
