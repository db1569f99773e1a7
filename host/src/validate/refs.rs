//! Resolving `$ref`, `$dynamicRef` and `$recursiveRef` within one schema
//! document, for the cost bound: which subschemas a reference can lead to.
//! Nothing outside the document is ever resolved; such a reference is an
//! error, as it is for the validator.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::cost::CostError;

/// What is known of a schema document for resolving `$ref`s.
pub(super) struct Document<'a> {
    root: &'a Value,
    /// Resource roots (pointer) by their `$id`, as written and as resolved.
    ids: HashMap<String, String>,
    /// Pointers of subschemas by anchor name (`$anchor`, `$dynamicAnchor`,
    /// draft-7 `$id: "#name"`).
    anchors: HashMap<String, Vec<String>>,
    /// Pointers of subschemas with `$recursiveAnchor: true` (2019-09).
    recursive_anchors: Vec<String>,
    /// For each object in the document: the pointer of its resource (the
    /// nearest enclosing subschema with an `$id`) and that resource's URI.
    scopes: HashMap<String, (String, String)>,
}

impl<'a> Document<'a> {
    pub(super) fn index(root: &'a Value) -> Self {
        let mut document = Document {
            root,
            ids: HashMap::new(),
            anchors: HashMap::new(),
            recursive_anchors: Vec::new(),
            scopes: HashMap::new(),
        };
        // Every object in the document, with its pointer and scope; the
        // parser already bounded the nesting.
        let mut stack = vec![(root, String::new(), (String::new(), String::new()))];
        while let Some((value, pointer, scope)) = stack.pop() {
            match value {
                Value::Object(map) => {
                    let scope = document.note(map, &pointer, scope);
                    for (key, child) in map {
                        let at = format!("{pointer}/{}", escape(key));
                        stack.push((child, at, scope.clone()));
                    }
                    document.scopes.insert(pointer, scope);
                }
                Value::Array(items) => {
                    for (i, child) in items.iter().enumerate() {
                        stack.push((child, format!("{pointer}/{i}"), scope.clone()));
                    }
                }
                _ => {}
            }
        }
        document
    }

    /// Records what `map` declares, and returns the scope its members are in.
    fn note(
        &mut self,
        map: &Map<String, Value>,
        pointer: &str,
        (resource, base): (String, String),
    ) -> (String, String) {
        let scope = match map.get("$id").and_then(Value::as_str) {
            Some(id) if id.starts_with('#') => {
                self.anchor(&id[1..], pointer);
                (resource, base)
            }
            Some(id) => {
                let base = join(&base, id);
                self.ids
                    .insert(trim_fragment(id).to_owned(), pointer.to_owned());
                self.ids
                    .insert(trim_fragment(&base).to_owned(), pointer.to_owned());
                (pointer.to_owned(), base)
            }
            None => (resource, base),
        };
        for key in ["$anchor", "$dynamicAnchor"] {
            if let Some(name) = map.get(key).and_then(Value::as_str) {
                self.anchor(name, pointer);
            }
        }
        if map.get("$recursiveAnchor") == Some(&Value::Bool(true)) {
            self.recursive_anchors.push(pointer.to_owned());
        }
        scope
    }

    /// The resource pointer and base URI of the subschema at `pointer`.
    pub(super) fn scope_of(&self, pointer: &str) -> (&str, &str) {
        self.scopes
            .get(pointer)
            .map_or(("", ""), |(resource, base)| (resource, base))
    }

    fn anchor(&mut self, name: &str, pointer: &str) {
        self.anchors
            .entry(name.to_owned())
            .or_default()
            .push(pointer.to_owned());
    }

    /// The pointers a reference can lead to. Dynamic references may resolve
    /// to any subschema that declares their anchor, so all of them count.
    pub(super) fn resolve(
        &self,
        keyword: &str,
        reference: &str,
        resource: &str,
        base: &str,
    ) -> Result<Vec<String>, CostError> {
        let unresolved = || CostError::Unresolved(reference.to_owned());
        let (uri, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let root = if uri.is_empty() {
            resource.to_owned()
        } else {
            self.ids
                .get(trim_fragment(&join(base, uri)))
                .or_else(|| self.ids.get(uri))
                .cloned()
                .ok_or_else(unresolved)?
        };
        let fragment = percent_decode(fragment).ok_or_else(unresolved)?;
        let mut targets = Vec::new();
        if fragment.is_empty() || fragment.starts_with('/') {
            let pointer = format!("{root}{fragment}");
            if self.root.pointer(&pointer).is_none() {
                return Err(unresolved());
            }
            targets.push(pointer);
        } else {
            targets.extend(self.anchors.get(&fragment).into_iter().flatten().cloned());
            if targets.is_empty() {
                return Err(unresolved());
            }
        }
        if keyword == "$recursiveRef" {
            targets.extend(self.recursive_anchors.iter().cloned());
        }
        Ok(targets)
    }
}

/// `reference` resolved against `base`, enough for matching `$id`s: an
/// absolute URI stands alone; anything else replaces the last path segment.
fn join(base: &str, reference: &str) -> String {
    if reference.contains("://") || reference.starts_with("urn:") || base.is_empty() {
        return reference.to_owned();
    }
    let base = trim_fragment(base);
    match base.rfind('/') {
        Some(slash) => format!("{}{}", &base[..=slash], reference),
        None => reference.to_owned(),
    }
}

fn trim_fragment(uri: &str) -> &str {
    uri.split_once('#').map_or(uri, |(u, _)| u)
}

/// A key as a JSON Pointer token (RFC 6901).
pub(super) fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
