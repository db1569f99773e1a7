//! Which of a plain component's functions can be tools, read from its type
//! when it loads, each with its name, schemas and description.

use wasmtime::component::types::{ComponentFunc, ComponentItem};
use wasmtime::component::{ComponentExportIndex, Type};

use super::docs::{self, PackageDocs, Scope};
use super::schema::{Deriver, DocsLookup, Unsupported};
use super::{Function, PlainExports, SkippedFunction, ToolDescriptor};

/// The functions of the component that can be tools, and what was left
/// out; an error when nothing can be served.
pub(super) fn discover(
    component: &wasmtime::component::Component,
    label: &str,
    bytes: &[u8],
    engine: &wasmtime::Engine,
) -> anyhow::Result<(Vec<Function>, PlainExports)> {
    let docs = PackageDocs::read(label, bytes);
    let ty = component.component_type();
    let mut found = Found::default();
    let top_types = named_types(ty.exports(engine).map(|(n, e)| (n, e.ty)));
    for (name, export) in ty.exports(engine) {
        match export.ty {
            ComponentItem::ComponentFunc(func) => {
                let Some(index) = component.get_export_index(None, name) else {
                    continue;
                };
                let lookup = ScopeDocs::new(&docs, Scope::World, &top_types);
                found.function(name, None, name, &func, index, &lookup);
            }
            ComponentItem::ComponentInstance(instance) => {
                if name.starts_with("wasi:") {
                    found.skip(name, "a WASI entry point for other hosts, not a tool");
                    continue;
                }
                let Some(instance_index) = component.get_export_index(None, name) else {
                    continue;
                };
                let short = short_name(name);
                let scope = Scope::Interface {
                    name: short,
                    inline: !name.contains(':'),
                };
                let types = named_types(instance.exports(engine).map(|(n, e)| (n, e.ty)));
                let lookup = ScopeDocs::new(&docs, scope, &types);
                for (func_name, item) in instance.exports(engine) {
                    let ComponentItem::ComponentFunc(func) = item.ty else {
                        continue;
                    };
                    let path = format!("{name}#{func_name}");
                    let Some(index) = component.get_export_index(Some(&instance_index), func_name)
                    else {
                        continue;
                    };
                    found.function(&path, Some(short), func_name, &func, index, &lookup);
                }
            }
            _ => {}
        }
    }
    for skipped in &found.skipped {
        tracing::info!(component = label, function = %skipped.function, reason = %skipped.reason,
            "function not served as a tool");
    }
    if found.functions.is_empty() {
        let why = if found.skipped.is_empty() {
            "it exports no functions".to_owned()
        } else {
            let list: Vec<String> = found
                .skipped
                .iter()
                .map(|s| format!("{} ({})", s.function, s.reason))
                .collect();
            format!(
                "none of its exported functions can be a tool: {}",
                list.join("; ")
            )
        };
        anyhow::bail!(
            "not a toolhost component (it exports neither toolhost:tool/tool@0.1.0 nor \
             toolhost:tool/server@0.2.0), and not servable as plain WIT functions: {why}"
        );
    }
    let exports = PlainExports {
        served: found.functions.len(),
        skipped: found.skipped,
        documented: !docs.is_empty(),
    };
    Ok((found.functions, exports))
}

/// What loading found: the functions to serve, and the rest.
#[derive(Default)]
struct Found {
    functions: Vec<Function>,
    skipped: Vec<SkippedFunction>,
}

impl Found {
    fn skip(&mut self, function: &str, reason: impl Into<String>) {
        self.skipped.push(SkippedFunction {
            function: function.to_owned(),
            reason: reason.into(),
        });
    }

    /// Serves the function at `path`, or records why not.
    fn function(
        &mut self,
        path: &str,
        interface: Option<&str>,
        name: &str,
        func: &ComponentFunc,
        export: ComponentExportIndex,
        docs: &ScopeDocs<'_>,
    ) {
        if name.starts_with('[') {
            return self.skip(path, "it is a resource's constructor or method");
        }
        if func.async_() {
            return self.skip(path, "it is an async function");
        }
        let tool = tool_name(interface, name);
        if self.functions.iter().any(|f| f.descriptor.name == tool) {
            return self.skip(
                path,
                format!("its tool name {tool:?} is taken by another of its functions"),
            );
        }
        match describe(func, &tool, name, docs) {
            Ok((descriptor, params, result)) => self.functions.push(Function {
                descriptor,
                export,
                params,
                result,
            }),
            Err(Unsupported(reason)) => self.skip(path, reason),
        }
    }
}

type Described = (ToolDescriptor, Vec<(String, Type)>, Option<Type>);

fn describe(
    func: &ComponentFunc,
    tool: &str,
    name: &str,
    docs: &ScopeDocs<'_>,
) -> Result<Described, Unsupported> {
    let params: Vec<(String, Type)> = func.params().map(|(n, t)| (n.to_owned(), t)).collect();
    let result = func.results().next();
    let input = Deriver::new(docs).parameters(params.iter().map(|(n, t)| (n.as_str(), t)))?;
    let output = match &result {
        None => None,
        Some(Type::Result(result)) => {
            // The err value is only rendered as text, but must be readable.
            if let Some(err) = result.err() {
                Deriver::new(docs).schema(&err, 1)?;
            }
            result
                .ok()
                .map(|ok| Deriver::new(docs).output(&ok))
                .transpose()?
        }
        Some(ty) => Some(Deriver::new(docs).output(ty)?),
    };
    let description = docs.function(name).unwrap_or_else(|| {
        format!("The WIT function `{name}` (the component carries no description of it).")
    });
    let descriptor = ToolDescriptor {
        name: tool.to_owned(),
        title: None,
        description: Some(description),
        input_schema: input.to_string(),
        output_schema: output.map(|o| o.to_string()),
        annotations: None,
    };
    Ok((descriptor, params, result))
}

/// The tool name of a function (see the module docs).
pub(super) fn tool_name(interface: Option<&str>, func: &str) -> String {
    let name = match interface {
        Some(interface) if interface != func => format!("{interface}_{func}"),
        _ => func.to_owned(),
    };
    name.replace('-', "_")
}

/// `shapes` for `a:b/shapes@1.0.0`, `a:b/shapes` or an inline `shapes`.
pub(super) fn short_name(export: &str) -> &str {
    let unversioned = export.split('@').next().unwrap_or(export);
    unversioned.rsplit('/').next().unwrap_or(unversioned)
}

/// The types exported beside functions, by name: how a record or variant
/// of a function is matched to its doc comment.
fn named_types<'a>(exports: impl Iterator<Item = (&'a str, ComponentItem)>) -> Vec<(String, Type)> {
    exports
        .filter_map(|(name, item)| match item {
            ComponentItem::Type(ty) => Some((name.to_owned(), ty)),
            _ => None,
        })
        .collect()
}

/// The docs of one scope (the world, or one interface).
struct ScopeDocs<'a> {
    docs: &'a PackageDocs,
    scope: Scope<'a>,
    types: &'a [(String, Type)],
}

impl<'a> ScopeDocs<'a> {
    fn new(docs: &'a PackageDocs, scope: Scope<'a>, types: &'a [(String, Type)]) -> Self {
        Self { docs, scope, types }
    }

    fn function(&self, name: &str) -> Option<String> {
        self.docs.function(self.scope, name)
    }
}

impl DocsLookup for ScopeDocs<'_> {
    fn type_docs(&self, ty: &Type) -> Option<docs::TypeDocs> {
        if self.docs.is_empty()
            || !matches!(
                ty,
                Type::Record(_) | Type::Variant(_) | Type::Enum(_) | Type::Flags(_)
            )
        {
            return None;
        }
        let (name, _) = self.types.iter().find(|(_, named)| named == ty)?;
        self.docs.named_type(self.scope, name)
    }
}

#[cfg(test)]
#[path = "discover_tests.rs"]
mod tests;
