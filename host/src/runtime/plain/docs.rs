//! The WIT doc comments a component may carry, for tool and parameter
//! descriptions.
//!
//! The component binary format has no place for documentation, so tools
//! that want to keep it add a `package-docs` custom section: one version
//! byte (0 or 1), then JSON as wit-parser's `PackageMetadata` encodes it —
//! docs by world (`funcs`, `func_exports`, `interfaces`,
//! `interface_exports`, `types`) and by interface of the package (`funcs`,
//! `types`, each type with `docs` and `items` for its fields or cases).
//! wassette's build tooling (`wit-docs-inject`) appends the section to the
//! built component. It is read leniently: a missing, unknown or malformed
//! section only means no descriptions, never a component that fails to load.

use std::collections::HashMap;

use serde_json::Value;

/// The custom section's name.
pub(super) const SECTION: &str = "package-docs";

/// Docs of one named type: its own, and its fields' or cases'.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct TypeDocs {
    pub docs: Option<String>,
    pub items: HashMap<String, String>,
}

impl TypeDocs {
    pub(super) fn item(&self, name: &str) -> Option<&str> {
        self.items.get(name).map(String::as_str)
    }
}

/// Where an exported function lives: at the top of the component, or in an
/// exported interface (its short name: `shapes` for `a:b/shapes@1.0.0`;
/// `inline` when the world declares it in place, `export shapes: interface
/// {…}`).
#[derive(Clone, Copy, Debug)]
pub(super) enum Scope<'a> {
    World,
    Interface { name: &'a str, inline: bool },
}

/// The doc comments a component carries.
#[derive(Debug, Default)]
pub(super) struct PackageDocs {
    json: Value,
}

impl PackageDocs {
    /// Reads the section from a component's bytes; no docs when it is
    /// absent or unusable (logged).
    pub(super) fn read(component: &str, bytes: &[u8]) -> Self {
        match find_section(bytes) {
            None => Self::default(),
            Some(data) => match decode(data) {
                Ok(json) => Self { json },
                Err(reason) => {
                    tracing::warn!(
                        component,
                        reason,
                        "the component's package-docs section is unusable; its tools get no descriptions from it"
                    );
                    Self::default()
                }
            },
        }
    }

    /// Whether the component carries any docs.
    pub(super) fn is_empty(&self) -> bool {
        !self.json.is_object()
    }

    /// The doc comment of a function.
    pub(super) fn function(&self, scope: Scope<'_>, func: &str) -> Option<String> {
        self.funcs(scope)
            .find_map(|funcs| funcs.get(func))
            .and_then(function_docs)
    }

    /// The docs of a named type, declared where the function is.
    pub(super) fn named_type(&self, scope: Scope<'_>, name: &str) -> Option<TypeDocs> {
        let found = self
            .containers(scope)
            .filter_map(|c| c.get("types"))
            .find_map(|types| types.get(name))?;
        let items = found
            .get("items")
            .and_then(Value::as_object)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        Some(TypeDocs {
            docs: found.get("docs").and_then(Value::as_str).map(Into::into),
            items,
        })
    }

    /// The objects that hold a scope's `funcs` (and `types`): for the world,
    /// every world (the component does not say which one it was built
    /// from); for an interface, the package's interface of that name, or a
    /// world's inline one.
    fn containers<'s>(&'s self, scope: Scope<'s>) -> Box<dyn Iterator<Item = &'s Value> + 's> {
        let worlds = self
            .json
            .get("worlds")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|w| w.values());
        match scope {
            Scope::World => Box::new(worlds),
            Scope::Interface {
                name,
                inline: false,
            } => Box::new(
                self.json
                    .get("interfaces")
                    .and_then(|i| i.get(name))
                    .into_iter(),
            ),
            Scope::Interface { name, inline: true } => Box::new(worlds.flat_map(move |world| {
                ["interface_exports", "interfaces"]
                    .into_iter()
                    .filter_map(move |key| world.get(key)?.get(name))
            })),
        }
    }

    /// The `funcs` maps of a scope; a world's exports are under
    /// `func_exports` since version 1 of the format, `funcs` before.
    fn funcs<'s>(&'s self, scope: Scope<'s>) -> impl Iterator<Item = &'s Value> + 's {
        let keys: &'static [&'static str] = match scope {
            Scope::World => &["func_exports", "funcs"],
            Scope::Interface { .. } => &["funcs"],
        };
        self.containers(scope)
            .flat_map(move |c| keys.iter().filter_map(move |k| c.get(*k)))
    }
}

/// A function's docs: `{"docs": "…"}` since version 1, a bare string in 0.
fn function_docs(entry: &Value) -> Option<String> {
    match entry {
        Value::String(text) => Some(text.clone()),
        Value::Object(object) => object.get("docs")?.as_str().map(Into::into),
        _ => None,
    }
}

fn decode(data: &[u8]) -> Result<Value, String> {
    match data.split_first() {
        Some((0 | 1, json)) => {
            let value: Value =
                serde_json::from_slice(json).map_err(|e| format!("not JSON: {e}"))?;
            if value.is_object() {
                Ok(value)
            } else {
                Err("not a JSON object".into())
            }
        }
        Some((version, _)) => Err(format!("unknown format version {version}")),
        None => Err("empty".into()),
    }
}

/// The data of the component's own `package-docs` section: one at its top
/// level, not one inside a core module or nested component.
fn find_section(bytes: &[u8]) -> Option<&[u8]> {
    let mut depth = 0usize;
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        match payload {
            Ok(wasmparser::Payload::Version { .. }) => depth += 1,
            Ok(wasmparser::Payload::End(_)) => depth = depth.saturating_sub(1),
            Ok(wasmparser::Payload::CustomSection(section))
                if depth == 1 && section.name() == SECTION =>
            {
                return Some(section.data());
            }
            Ok(_) => {}
            // The component compiled, so this does not happen; if it did,
            // no docs is the answer.
            Err(_) => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A custom section, encoded.
    fn custom_section(name: &str, data: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        leb(&mut body, name.len());
        body.extend_from_slice(name.as_bytes());
        body.extend_from_slice(data);
        let mut section = vec![0];
        leb(&mut section, body.len());
        section.extend(body);
        section
    }

    fn leb(out: &mut Vec<u8>, mut n: usize) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }

    /// An empty component with `sections` appended.
    fn component(sections: &[Vec<u8>]) -> Vec<u8> {
        let mut bytes = b"\0asm\x0d\0\x01\0".to_vec();
        for s in sections {
            bytes.extend_from_slice(s);
        }
        bytes
    }

    fn docs_of(json: &str) -> PackageDocs {
        let mut data = vec![1];
        data.extend_from_slice(json.as_bytes());
        PackageDocs::read("test", &component(&[custom_section(SECTION, &data)]))
    }

    #[test]
    fn finds_function_and_type_docs_of_both_format_versions() {
        let docs = docs_of(
            r#"{"worlds":{"w":{"func_exports":{"greet":{"docs":"Says hello."}},
                "funcs":{"old":"Version 0 style."},
                "interface_exports":{"inline":{"funcs":{"f":{"docs":"Inline."}}}}}},
              "interfaces":{"shapes":{"funcs":{"area":{"docs":"The area."}},
                "types":{"point":{"docs":"A point.","items":{"x":"Across."}}}}}}"#,
        );
        assert_eq!(
            docs.function(Scope::World, "greet").as_deref(),
            Some("Says hello.")
        );
        assert_eq!(
            docs.function(Scope::World, "old").as_deref(),
            Some("Version 0 style.")
        );
        let shapes = Scope::Interface {
            name: "shapes",
            inline: false,
        };
        assert_eq!(docs.function(shapes, "area").as_deref(), Some("The area."));
        let inline = Scope::Interface {
            name: "inline",
            inline: true,
        };
        assert_eq!(docs.function(inline, "f").as_deref(), Some("Inline."));
        let point = docs.named_type(shapes, "point").unwrap();
        assert_eq!(point.docs.as_deref(), Some("A point."));
        assert_eq!(point.item("x"), Some("Across."));
        assert_eq!(docs.function(shapes, "missing"), None);
        assert_eq!(docs.named_type(Scope::World, "point"), None);
    }

    #[test]
    fn unusable_sections_mean_no_docs() {
        for data in [
            &b""[..],
            b"\x07{}",
            b"\x01not json",
            b"\x01[1,2]",
            b"\x00\"text\"",
        ] {
            let docs = PackageDocs::read("test", &component(&[custom_section(SECTION, data)]));
            assert!(docs.is_empty(), "{data:?}");
            assert_eq!(docs.function(Scope::World, "f"), None);
        }
        // Odd shapes inside valid JSON are ignored, not trusted.
        let docs = docs_of(r#"{"worlds":[1],"interfaces":{"i":{"funcs":{"f":7}}}}"#);
        let scope = Scope::Interface {
            name: "i",
            inline: false,
        };
        assert_eq!(docs.function(scope, "f"), None);
        assert_eq!(docs.function(Scope::World, "f"), None);
    }

    #[test]
    fn only_the_components_own_section_counts() {
        assert!(PackageDocs::read("test", &component(&[])).is_empty());
        assert!(PackageDocs::read("test", b"not wasm at all").is_empty());
        // A section of that name inside a nested core module is not the
        // component's.
        let nested = custom_section(SECTION, b"\x01{\"docs\":\"nested\"}");
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        module.extend_from_slice(&nested);
        let mut core_module_section = vec![1];
        leb(&mut core_module_section, module.len());
        core_module_section.extend(module);
        assert!(PackageDocs::read("test", &component(&[core_module_section])).is_empty());
    }
}
