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

use super::refs::{Document, escape};

use serde_json::Value;

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

#[cfg(test)]
#[path = "cost_tests.rs"]
mod tests;
