//! What 0.2 components serve besides tools: resources, resource templates,
//! prompts and completions, checked when they load and settled across
//! components like tool names (the first to claim a URI, template or prompt
//! name keeps it; a later one is skipped with a warning).
//!
//! They run under the `[defaults]` limits (they have no name the `[tools]`
//! tables could use) and the component's policy, each request in a fresh
//! instance like a tool call.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value, json};
use tokio::sync::Semaphore;

use super::uri_template::UriTemplate;
use crate::check::{ComponentReport, Finding, Kind, Status};
use crate::config::CallLimits;
use crate::runtime::{
    ComponentCatalog, ContentAnnotations, LoadedComponent, PromptArgument, PromptDescriptor,
    ResourceDescriptor, ResourceTemplate,
};
use crate::server::{annotations_json, is_mime_type};

/// The component that serves a resource, template or prompt, and how.
pub struct ServedBy {
    pub component: Arc<LoadedComponent>,
    pub limits: CallLimits,
    /// Its requests in flight other than tool calls.
    pub permits: Arc<Semaphore>,
    /// It answers `completion/complete`.
    pub completions: bool,
}

/// A concrete resource.
pub struct HostedResource {
    pub uri: String,
    /// Its entry in `resources/list`.
    pub listed: Value,
    pub by: Arc<ServedBy>,
}

/// A resource template.
pub struct HostedTemplate {
    pub uri_template: String,
    pub listed: Value,
    pub matcher: UriTemplate,
    pub by: Arc<ServedBy>,
}

/// A prompt.
pub struct HostedPrompt {
    pub name: String,
    pub listed: Value,
    pub arguments: Vec<PromptArgument>,
    pub by: Arc<ServedBy>,
}

/// What one component serves besides tools.
#[derive(Default)]
pub struct Served {
    pub resources: Vec<Arc<HostedResource>>,
    pub templates: Vec<Arc<HostedTemplate>>,
    pub prompts: Vec<Arc<HostedPrompt>>,
    pub completions: bool,
}

impl Served {
    /// Checks what `catalog` lists besides tools, recording in `found` each
    /// entry that cannot be served and why.
    pub fn of(
        catalog: &ComponentCatalog,
        component: &Arc<LoadedComponent>,
        limits: CallLimits,
        found: &mut ComponentReport,
    ) -> Self {
        let by = Arc::new(ServedBy {
            component: component.clone(),
            limits,
            permits: Arc::new(Semaphore::new(limits.max_in_flight as usize)),
            completions: catalog.completions,
        });
        let mut served = Served {
            completions: catalog.completions,
            ..Served::default()
        };
        for resource in &catalog.resources {
            match resource_entry(resource) {
                Ok(listed) => served.resources.push(Arc::new(HostedResource {
                    uri: resource.uri.clone(),
                    listed,
                    by: by.clone(),
                })),
                Err(reason) => found.record(not_served(Kind::Resource, &resource.uri, reason)),
            }
        }
        for template in &catalog.templates {
            let checked = UriTemplate::parse(&template.uri_template)
                .map_err(|reason| format!("its URI template cannot be matched: {reason}"))
                .and_then(|matcher| Ok((matcher, template_entry(template)?)));
            match checked {
                Ok((matcher, listed)) => served.templates.push(Arc::new(HostedTemplate {
                    uri_template: template.uri_template.clone(),
                    listed,
                    matcher,
                    by: by.clone(),
                })),
                Err(reason) => {
                    found.record(not_served(Kind::Resource, &template.uri_template, reason))
                }
            }
        }
        for prompt in &catalog.prompts {
            match prompt_entry(prompt) {
                Ok(listed) => served.prompts.push(Arc::new(HostedPrompt {
                    name: prompt.name.clone(),
                    listed,
                    arguments: prompt.arguments.clone(),
                    by: by.clone(),
                })),
                Err(reason) => found.record(not_served(Kind::Prompt, &prompt.name, reason)),
            }
        }
        served
    }

    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.templates.is_empty() && self.prompts.is_empty()
    }
}

fn not_served(kind: Kind, what: &str, reason: String) -> Finding {
    Finding::new(
        Status::Error,
        kind,
        format!("{what:?} not served: {reason}"),
    )
    .fix("correct it in the component's catalog and rebuild it")
}

fn resource_entry(r: &ResourceDescriptor) -> Result<Value, String> {
    check_uri(&r.uri)?;
    let mut entry = json!({"uri": r.uri, "name": check_name(&r.name)?});
    let object = entry.as_object_mut().expect("an object");
    described(object, &r.title, &r.description, &r.mime_type)?;
    if let Some(size) = r.size {
        object.insert("size".into(), size.into());
    }
    annotated(object, &r.annotations)?;
    Ok(entry)
}

fn template_entry(t: &ResourceTemplate) -> Result<Value, String> {
    check_uri(&t.uri_template)?;
    let mut entry = json!({"uriTemplate": t.uri_template, "name": check_name(&t.name)?});
    let object = entry.as_object_mut().expect("an object");
    described(object, &t.title, &t.description, &t.mime_type)?;
    annotated(object, &t.annotations)?;
    Ok(entry)
}

fn prompt_entry(p: &PromptDescriptor) -> Result<Value, String> {
    let mut entry = json!({"name": check_name(&p.name)?});
    let object = entry.as_object_mut().expect("an object");
    described(object, &p.title, &p.description, &None)?;
    let mut arguments = Vec::with_capacity(p.arguments.len());
    for (index, argument) in p.arguments.iter().enumerate() {
        if p.arguments[..index].iter().any(|a| a.name == argument.name) {
            return Err(format!("it names the argument {:?} twice", argument.name));
        }
        let mut entry = json!({"name": check_name(&argument.name)?, "required": argument.required});
        described(
            entry.as_object_mut().expect("an object"),
            &argument.title,
            &argument.description,
            &None,
        )?;
        arguments.push(entry);
    }
    object.insert("arguments".into(), arguments.into());
    Ok(entry)
}

fn check_uri(uri: &str) -> Result<(), String> {
    // A URI has a scheme: letters first, then `:`.
    let scheme = uri.split_once(':').map(|(scheme, _)| scheme);
    let valid = scheme.is_some_and(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if !valid || uri.len() > 4096 || uri.chars().any(char::is_control) {
        return Err("its URI is not an absolute URI (scheme:...) of at most 4096 bytes".into());
    }
    Ok(())
}

fn check_name(name: &str) -> Result<&str, String> {
    if name.is_empty() || name.len() > 256 || name.chars().any(char::is_control) {
        return Err(format!(
            "its name {name:?} must be 1-256 characters, none of them control characters"
        ));
    }
    Ok(name)
}

fn described(
    object: &mut Map<String, Value>,
    title: &Option<String>,
    description: &Option<String>,
    mime_type: &Option<String>,
) -> Result<(), String> {
    if let Some(mime) = mime_type {
        if !is_mime_type(mime) {
            return Err(format!("its MIME type {mime:?} is not type/subtype"));
        }
        object.insert("mimeType".into(), mime.clone().into());
    }
    for (key, value) in [("title", title), ("description", description)] {
        if let Some(value) = value {
            object.insert(key.into(), value.clone().into());
        }
    }
    Ok(())
}

fn annotated(
    object: &mut Map<String, Value>,
    annotations: &Option<ContentAnnotations>,
) -> Result<(), String> {
    if let Some(annotations) = annotations {
        let value = annotations_json(annotations.clone(), 1)
            .map_err(|_| "its annotations have a priority outside 0 to 1".to_owned())?;
        object.insert("annotations".into(), value);
    }
    Ok(())
}

/// Every component's resources, templates and prompts, settled: what
/// `resources/list`, `resources/templates/list` and `prompts/list` show and
/// where a request for each goes.
#[derive(Default)]
pub struct ServedIndex {
    pub resources: Vec<Arc<HostedResource>>,
    pub templates: Vec<Arc<HostedTemplate>>,
    pub prompts: Vec<Arc<HostedPrompt>>,
    resource_at: HashMap<String, usize>,
    prompt_named: HashMap<String, usize>,
    /// Some component answers `completion/complete`.
    pub completions: bool,
}

impl ServedIndex {
    /// Adds what `served` (of the component labelled `label`) offers,
    /// recording each clash with what an earlier component claimed.
    pub fn add(&mut self, served: &Served, found: &mut ComponentReport) {
        let clash = |kind, what: &str, earlier: &Arc<ServedBy>| {
            Finding::new(
                Status::Warning,
                kind,
                format!(
                    "{what:?} is already served by an earlier component ({}); this one is not served",
                    earlier.component.label
                ),
            )
            .fix("rename one of them in its component's catalog")
        };
        for resource in &served.resources {
            if let Some(&kept) = self.resource_at.get(&resource.uri) {
                found.record(clash(
                    Kind::Resource,
                    &resource.uri,
                    &self.resources[kept].by,
                ));
                continue;
            }
            self.resource_at
                .insert(resource.uri.clone(), self.resources.len());
            self.resources.push(resource.clone());
        }
        for template in &served.templates {
            if let Some(kept) = self
                .templates
                .iter()
                .find(|t| t.uri_template == template.uri_template)
            {
                found.record(clash(Kind::Resource, &template.uri_template, &kept.by));
                continue;
            }
            self.templates.push(template.clone());
        }
        for prompt in &served.prompts {
            if let Some(&kept) = self.prompt_named.get(&prompt.name) {
                found.record(clash(Kind::Prompt, &prompt.name, &self.prompts[kept].by));
                continue;
            }
            self.prompt_named
                .insert(prompt.name.clone(), self.prompts.len());
            self.prompts.push(prompt.clone());
        }
        self.completions |= served.completions && !served.is_empty();
    }

    /// Who serves `uri`: the component listing it, else the first whose
    /// template matches it.
    pub fn resource(&self, uri: &str) -> Option<&Arc<ServedBy>> {
        if let Some(&index) = self.resource_at.get(uri) {
            return Some(&self.resources[index].by);
        }
        self.templates
            .iter()
            .find(|t| t.matcher.matches(uri))
            .map(|t| &t.by)
    }

    pub fn prompt(&self, name: &str) -> Option<&Arc<HostedPrompt>> {
        self.prompt_named
            .get(name)
            .map(|&index| &self.prompts[index])
    }

    pub fn template(&self, uri_template: &str) -> Option<&Arc<HostedTemplate>> {
        self.templates
            .iter()
            .find(|t| t.uri_template == uri_template)
    }

    /// Whether any component serves resources (listed or templated).
    pub fn has_resources(&self) -> bool {
        !self.resources.is_empty() || !self.templates.is_empty()
    }
}
