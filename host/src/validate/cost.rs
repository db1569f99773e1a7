//! The worst-case cost of checking a value against a schema, bounded when
//! the schema loads.
//!
//! A tool author controls the schema, and a schema can make one check
//! exponential: `anyOf` of two `$ref`s to the next level, 20 levels deep, is
//! 1.5 KB of JSON and 2^20 evaluations for one invalid value. So before a
//! schema is compiled, this module computes how many subschemas can be
//! evaluated against any one location of a value, over every path the
//! evaluation can take, and the schema is refused when that number passes
//! [`MAX_CHECKS_PER_VALUE`].
//!
//! The model: a subschema applies to the value in place (`allOf`, `anyOf`,
//! `oneOf`, `not`, `if`/`then`/`else`, `$ref` and friends,
//! `dependentSchemas`) or to one of its children (`properties`, `items`, ...).
//! In-place applications must form no cycle (a cycle would never end) and
//! nest at most [`MAX_IN_PLACE_DEPTH`] deep. Going down one level of the
//! value, each child is reached by the subschemas for its key or index; the
//! count at each depth is the largest over every key, which bounds every real
//! path from above. Values nest at most [`MAX_VALUE_DEPTH`] deep (the JSON
//! parser's own limit), so the walk ends. The evaluator stops early where it
//! can (`anyOf` at the first match); the bound assumes it never does, as on a
//! value that fails everywhere.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

/// The most subschema evaluations one location of a value may need. A
/// hand-written schema needs a handful; a large generated union a few
/// hundred. Reporting why a value failed costs up to a few microseconds per
/// evaluation, so this keeps one invalid value to a few milliseconds.
pub const MAX_CHECKS_PER_VALUE: u64 = 1_000;

/// The deepest nesting of in-place subschemas and `$ref`s. The evaluator
/// recurses through them, so this bounds its stack.
pub const MAX_IN_PLACE_DEPTH: usize = 64;

/// How deep a value can nest: serde_json refuses to parse deeper JSON.
pub const MAX_VALUE_DEPTH: usize = 128;

/// Steps the analysis may take (a few milliseconds); ordinary schemas take
/// thousands.
const MAX_ANALYSIS_STEPS: u64 = 20_000_000;

/// Why a schema's cost cannot be bounded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CostError {
    #[error(
        "one value can need {checks} subschema evaluations (anyOf/oneOf/allOf/$ref fan-out) \
         at nesting depth {depth}; the limit is {MAX_CHECKS_PER_VALUE}"
    )]
    TooCostly { checks: u64, depth: usize },
    #[error("$ref {0:?} does not resolve within the schema")]
    Unresolved(String),
    #[error("$ref cycle that never moves into the value, at {0:?}")]
    Cycle(String),
    #[error("in-place subschemas and $refs nest deeper than {MAX_IN_PLACE_DEPTH}, at {0:?}")]
    TooDeep(String),
    #[error("the schema is too large or tangled to bound its cost")]
    TooComplex,
}

/// The worst case: subschema evaluations at any one location of a value.
pub fn checks_per_value(schema: &Value) -> Result<u64, CostError> {
    let graph = Graph::build(schema)?;
    let order = graph.in_place_order()?;
    let mut work = Work::default();
    let mut reached = graph.close_in_place(&order, &[(0, 1)], &mut work)?;
    let mut worst = total(&reached, 0)?;
    for depth in 1..=MAX_VALUE_DEPTH {
        // Each key or index a child could have, on its own: what reaches that
        // child, and the most over all of them for the level below.
        let mut next = vec![0u64; graph.nodes.len()];
        for entering in graph.one_level_down(&reached) {
            let at_child = graph.close_in_place(&order, &entering, &mut work)?;
            worst = worst.max(total(&at_child, depth)?);
            for (n, times) in next.iter_mut().zip(at_child) {
                *n = (*n).max(times);
            }
        }
        if next.iter().all(|n| *n == 0) || next == reached {
            break;
        }
        reached = next;
    }
    Ok(worst)
}

fn total(reached: &[u64], depth: usize) -> Result<u64, CostError> {
    let checks = reached.iter().fold(0u64, |sum, n| sum.saturating_add(*n));
    if checks > MAX_CHECKS_PER_VALUE {
        return Err(CostError::TooCostly { checks, depth });
    }
    Ok(checks)
}

/// Steps the analysis has taken, so that a schema built to make the analysis
/// itself slow is refused too.
#[derive(Default)]
struct Work(u64);

impl Work {
    fn spend(&mut self, steps: usize) -> Result<(), CostError> {
        self.0 = self.0.saturating_add(steps as u64);
        if self.0 > MAX_ANALYSIS_STEPS {
            return Err(CostError::TooComplex);
        }
        Ok(())
    }
}

/// Which children of a value a subschema applies to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Child {
    /// The member named so (`properties`).
    Named(String),
    /// A member not named in `properties` (`additionalProperties`).
    Unnamed,
    /// Every member (`patternProperties`, `propertyNames`,
    /// `unevaluatedProperties`).
    AnyMember,
    /// The item at this index (`prefixItems`, `items` as an array).
    Index(usize),
    /// An item past the tuple (`items`, `additionalItems`).
    Rest,
    /// Every item (`contains`, `unevaluatedItems`).
    AnyItem,
}

#[derive(Default)]
struct Node {
    in_place: Vec<usize>,
    children: Vec<(Child, usize)>,
}

struct Graph {
    nodes: Vec<Node>,
    pointers: Vec<String>,
}

/// Each node's place in an order where every in-place application comes
/// after the node that applies it.
struct Order {
    position: Vec<usize>,
}

/// What is known of a schema document for resolving `$ref`s.
struct Document<'a> {
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

impl Graph {
    fn build(root: &Value) -> Result<Self, CostError> {
        let document = Document::index(root);
        let mut graph = Graph {
            nodes: Vec::new(),
            pointers: Vec::new(),
        };
        let mut by_pointer: HashMap<String, usize> = HashMap::new();
        let mut add = |pointer: String, graph: &mut Graph| {
            *by_pointer.entry(pointer.clone()).or_insert_with(|| {
                graph.nodes.push(Node::default());
                graph.pointers.push(pointer);
                graph.nodes.len() - 1
            })
        };
        add(String::new(), &mut graph);
        let mut index = 0;
        while index < graph.nodes.len() {
            let pointer = graph.pointers[index].clone();
            index += 1;
            let Some(Value::Object(schema)) = root.pointer(&pointer) else {
                continue; // `true`, `false`, or not a schema: no subschemas
            };
            let (resource, base) = document.scope_of(&pointer);
            let mut in_place = Vec::new();
            let mut children = Vec::new();
            for (keyword, value) in schema {
                let here = format!("{pointer}/{}", escape(keyword));
                match keyword.as_str() {
                    "not" | "if" | "then" | "else" => in_place.push(add(here, &mut graph)),
                    "allOf" | "anyOf" | "oneOf" => {
                        for i in 0..value.as_array().map_or(0, Vec::len) {
                            in_place.push(add(format!("{here}/{i}"), &mut graph));
                        }
                    }
                    "dependentSchemas" | "dependencies" => {
                        for (name, sub) in value.as_object().into_iter().flatten() {
                            // `dependencies` also takes arrays of names.
                            if sub.is_object() || sub.is_boolean() {
                                let at = format!("{here}/{}", escape(name));
                                in_place.push(add(at, &mut graph));
                            }
                        }
                    }
                    "$ref" | "$dynamicRef" | "$recursiveRef" => {
                        let Some(reference) = value.as_str() else {
                            continue;
                        };
                        for target in document.resolve(keyword, reference, resource, base)? {
                            in_place.push(add(target, &mut graph));
                        }
                    }
                    "properties" => {
                        for name in value.as_object().into_iter().flatten().map(|(k, _)| k) {
                            let at = format!("{here}/{}", escape(name));
                            children.push((Child::Named(name.clone()), add(at, &mut graph)));
                        }
                    }
                    "patternProperties" => {
                        for name in value.as_object().into_iter().flatten().map(|(k, _)| k) {
                            let at = format!("{here}/{}", escape(name));
                            children.push((Child::AnyMember, add(at, &mut graph)));
                        }
                    }
                    "additionalProperties" => {
                        children.push((Child::Unnamed, add(here, &mut graph)))
                    }
                    "propertyNames" | "unevaluatedProperties" => {
                        children.push((Child::AnyMember, add(here, &mut graph)))
                    }
                    "prefixItems" => {
                        for i in 0..value.as_array().map_or(0, Vec::len) {
                            let at = format!("{here}/{i}");
                            children.push((Child::Index(i), add(at, &mut graph)));
                        }
                    }
                    "items" => match value.as_array() {
                        Some(tuple) => {
                            for i in 0..tuple.len() {
                                let at = format!("{here}/{i}");
                                children.push((Child::Index(i), add(at, &mut graph)));
                            }
                        }
                        None => {
                            // With `prefixItems` (2020-12), `items` covers the
                            // rest; without, every item.
                            let kind = if schema.contains_key("prefixItems") {
                                Child::Rest
                            } else {
                                Child::AnyItem
                            };
                            children.push((kind, add(here, &mut graph)));
                        }
                    },
                    "additionalItems" => children.push((Child::Rest, add(here, &mut graph))),
                    "contains" | "unevaluatedItems" => {
                        children.push((Child::AnyItem, add(here, &mut graph)))
                    }
                    _ => {}
                }
            }
            graph.nodes[index - 1] = Node { in_place, children };
        }
        Ok(graph)
    }

    /// The nodes in an order where every in-place application comes after
    /// the node that applies it; refuses cycles and over-deep nesting.
    fn in_place_order(&self) -> Result<Order, CostError> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let mut mark = vec![Mark::New; self.nodes.len()];
        let mut depth = vec![0usize; self.nodes.len()];
        let mut post_order = Vec::with_capacity(self.nodes.len());
        for start in 0..self.nodes.len() {
            if mark[start] != Mark::New {
                continue;
            }
            // Iterative depth-first search: (node, next edge to follow).
            let mut stack = vec![(start, 0usize)];
            mark[start] = Mark::Open;
            while let Some(&mut (node, ref mut edge)) = stack.last_mut() {
                match self.nodes[node].in_place.get(*edge) {
                    Some(&target) => {
                        *edge += 1;
                        match mark[target] {
                            Mark::Open => {
                                return Err(CostError::Cycle(self.pointers[target].clone()));
                            }
                            Mark::New => {
                                mark[target] = Mark::Open;
                                stack.push((target, 0));
                            }
                            Mark::Done => {}
                        }
                    }
                    None => {
                        stack.pop();
                        mark[node] = Mark::Done;
                        depth[node] = 1 + self.nodes[node]
                            .in_place
                            .iter()
                            .map(|&t| depth[t])
                            .max()
                            .unwrap_or(0);
                        if depth[node] > MAX_IN_PLACE_DEPTH {
                            return Err(CostError::TooDeep(self.pointers[node].clone()));
                        }
                        post_order.push(node);
                    }
                }
            }
        }
        post_order.reverse();
        let mut position = vec![0; self.nodes.len()];
        for (at, &node) in post_order.iter().enumerate() {
            position[node] = at;
        }
        Ok(Order { position })
    }

    /// How often each subschema is evaluated at one location, given how
    /// often each is entered there (`entering`: node and times).
    fn close_in_place(
        &self,
        order: &Order,
        entering: &[(usize, u64)],
        work: &mut Work,
    ) -> Result<Vec<u64>, CostError> {
        // The nodes reachable in place, visited in topological order.
        let mut seen = vec![false; self.nodes.len()];
        let mut stack: Vec<usize> = entering.iter().map(|&(n, _)| n).collect();
        let mut reachable = Vec::new();
        while let Some(node) = stack.pop() {
            if std::mem::replace(&mut seen[node], true) {
                continue;
            }
            reachable.push(node);
            stack.extend(&self.nodes[node].in_place);
        }
        work.spend(reachable.len())?;
        reachable.sort_unstable_by_key(|&n| order.position[n]);
        let mut reached = vec![0u64; self.nodes.len()];
        for &(node, times) in entering {
            reached[node] = reached[node].saturating_add(times);
        }
        for node in reachable {
            let times = reached[node];
            for &target in &self.nodes[node].in_place {
                reached[target] = reached[target].saturating_add(times);
            }
        }
        Ok(reached)
    }

    /// For each key or index a child of the value could have, how often each
    /// subschema is entered at that child.
    fn one_level_down(&self, reached: &[u64]) -> Vec<Vec<(usize, u64)>> {
        let active: Vec<usize> = (0..self.nodes.len()).filter(|&n| reached[n] > 0).collect();
        let mut keys = BTreeSet::from([Child::Unnamed, Child::Rest]);
        for &node in &active {
            for (child, _) in &self.nodes[node].children {
                if matches!(child, Child::Named(_) | Child::Index(_)) {
                    keys.insert(child.clone());
                }
            }
        }
        let mut per_key = Vec::with_capacity(keys.len());
        for key in &keys {
            let mut entering = Vec::new();
            for &node in &active {
                let tuple_len = self.nodes[node]
                    .children
                    .iter()
                    .filter(|(c, _)| matches!(c, Child::Index(_)))
                    .count();
                for (child, target) in &self.nodes[node].children {
                    if applies(child, key, tuple_len) {
                        entering.push((*target, reached[node]));
                    }
                }
            }
            if !entering.is_empty() {
                per_key.push(entering);
            }
        }
        per_key
    }
}

/// Whether a subschema for `child` applies to a child at `key` (a named
/// member, an unnamed one, an index, or an item past every tuple).
fn applies(child: &Child, key: &Child, tuple_len: usize) -> bool {
    match (child, key) {
        (Child::Named(a), Child::Named(b)) => a == b,
        (Child::Unnamed, Child::Unnamed) => true,
        (Child::AnyMember, Child::Named(_) | Child::Unnamed) => true,
        (Child::Index(a), Child::Index(b)) => a == b,
        (Child::Rest, Child::Index(i)) => *i >= tuple_len,
        (Child::Rest, Child::Rest) => true,
        (Child::AnyItem, Child::Index(_) | Child::Rest) => true,
        _ => false,
    }
}

impl<'a> Document<'a> {
    fn index(root: &'a Value) -> Self {
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
    fn scope_of(&self, pointer: &str) -> (&str, &str) {
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
    fn resolve(
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
fn escape(key: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `anyOf` of two `$ref`s to the next level, `levels` deep.
    fn doubling(levels: usize) -> Value {
        let mut defs = Map::new();
        for i in 0..levels {
            let next = format!("#/$defs/l{}", i + 1);
            defs.insert(
                format!("l{i}"),
                json!({"anyOf": [{"$ref": next}, {"$ref": next, "type": "string"}]}),
            );
        }
        defs.insert(format!("l{levels}"), json!({"type": "integer"}));
        json!({"type": "object", "properties": {"x": {"$ref": "#/$defs/l0"}}, "$defs": defs})
    }

    #[test]
    fn ordinary_schemas_cost_a_few_checks() {
        let schema = json!({
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "mode": {"oneOf": [{"const": "a"}, {"const": "b"}]}
            },
            "required": ["name"]
        });
        assert_eq!(checks_per_value(&schema), Ok(3));
    }

    #[test]
    fn exponential_fan_out_is_refused_and_its_cost_named() {
        // Each level doubles: 2^(k+1) - 1 evaluations plus the $refs.
        assert!(checks_per_value(&doubling(5)).unwrap() < 200);
        match checks_per_value(&doubling(20)) {
            Err(CostError::TooCostly { checks, depth: 1 }) => assert!(checks > 1 << 20),
            other => panic!("expected TooCostly at depth 1, got {other:?}"),
        }
    }

    #[test]
    fn recursive_schemas_are_linear_and_accepted() {
        // A tree: children reached by name, by `additionalProperties` for any
        // other key, and by array items. Each value meets each schema once.
        let tree = json!({
            "$defs": {"node": {
                "type": "object",
                "properties": {
                    "value": {"type": "integer"},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}
                },
                "additionalProperties": {"$ref": "#/$defs/node"}
            }},
            "$ref": "#/$defs/node"
        });
        let checks = checks_per_value(&tree).unwrap();
        assert!(checks <= 3, "{checks}");
    }

    #[test]
    fn fan_out_that_compounds_with_depth_is_refused() {
        // Two subschemas reach the same child at every level: 2^depth.
        let schema = json!({
            "$defs": {"n": {"allOf": [
                {"properties": {"a": {"$ref": "#/$defs/n"}}},
                {"properties": {"a": {"$ref": "#/$defs/n"}}}
            ]}},
            "$ref": "#/$defs/n"
        });
        assert!(matches!(
            checks_per_value(&schema),
            Err(CostError::TooCostly { .. })
        ));
    }

    #[test]
    fn cycles_and_deep_chains_in_place_are_refused() {
        let cycle = json!({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"});
        assert!(matches!(checks_per_value(&cycle), Err(CostError::Cycle(_))));
        assert!(matches!(
            checks_per_value(&json!({"$ref": "#"})),
            Err(CostError::Cycle(_))
        ));
        let mut defs = Map::new();
        for i in 0..100 {
            defs.insert(
                format!("d{i}"),
                json!({"$ref": format!("#/$defs/d{}", i + 1)}),
            );
        }
        defs.insert("d100".into(), json!(true));
        let chain = json!({"$defs": defs, "$ref": "#/$defs/d0"});
        assert!(matches!(
            checks_per_value(&chain),
            Err(CostError::TooDeep(_))
        ));
    }

    #[test]
    fn references_resolve_by_pointer_anchor_and_id() {
        let schema = json!({
            "$id": "https://example.com/root.json",
            "properties": {
                "a": {"$ref": "#/$defs/with%20space"},
                "b": {"$ref": "#named"},
                "c": {"$ref": "other.json"},
                "d": {"$ref": "other.json#/$defs/inner"}
            },
            "$defs": {
                "with space": {"type": "string"},
                "anchored": {"$anchor": "named", "type": "string"},
                "other": {"$id": "other.json", "$defs": {"inner": {"$ref": "#/$defs/leaf"}, "leaf": true}}
            }
        });
        assert!(
            checks_per_value(&schema).is_ok(),
            "{:?}",
            checks_per_value(&schema)
        );
        let outside = json!({"properties": {"a": {"$ref": "https://elsewhere.example/s.json"}}});
        assert_eq!(
            checks_per_value(&outside),
            Err(CostError::Unresolved(
                "https://elsewhere.example/s.json".into()
            ))
        );
        assert!(checks_per_value(&json!({"$ref": "#/nowhere"})).is_err());
    }

    #[test]
    fn keywords_that_hold_values_are_not_walked_as_schemas() {
        // `const`, `enum` and `default` hold data that may look like schemas.
        let schema = json!({
            "const": {"$ref": "#/none"},
            "enum": [{"anyOf": [{"$ref": "#"}]}],
            "default": {"$ref": "#"},
            "properties": {"x": {"examples": [{"$ref": "#"}]}}
        });
        assert_eq!(checks_per_value(&schema), Ok(1));
    }
}
