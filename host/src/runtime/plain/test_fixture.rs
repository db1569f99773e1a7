//! The `plain-wit` fixture (`tools/plain-wit`), built, for the unit tests:
//! its functions' types and the types its `shapes` interface exports.

use std::collections::HashMap;
use std::sync::OnceLock;

use wasmtime::component::types::ComponentItem;
use wasmtime::component::{Component, Type};

/// A function's parameters and result.
pub(super) struct Signature {
    pub params: Vec<(String, Type)>,
    pub result: Option<Type>,
}

struct Fixture {
    bytes: Vec<u8>,
    engine: wasmtime::Engine,
    component: Component,
    /// By `name` (top-level) or `shapes#name`.
    functions: HashMap<String, Signature>,
    /// The types `shapes` exports, by name.
    types: HashMap<String, Type>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let bytes = std::fs::read(toolhost_test_artifacts::PLAIN_WIT).unwrap();
        let engine = wasmtime::Engine::default();
        let component = Component::new(&engine, &bytes).unwrap();
        let mut functions = HashMap::new();
        let mut types = HashMap::new();
        let signature = |func: &wasmtime::component::types::ComponentFunc| Signature {
            params: func.params().map(|(n, t)| (n.to_owned(), t)).collect(),
            result: func.results().next(),
        };
        for (name, export) in component.component_type().exports(&engine) {
            match export.ty {
                ComponentItem::ComponentFunc(func) => {
                    functions.insert(name.to_owned(), signature(&func));
                }
                ComponentItem::ComponentInstance(instance) => {
                    for (inner, export) in instance.exports(&engine) {
                        match export.ty {
                            ComponentItem::ComponentFunc(func) => {
                                functions.insert(format!("shapes#{inner}"), signature(&func));
                            }
                            ComponentItem::Type(ty) => {
                                types.insert(inner.to_owned(), ty);
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        Fixture {
            bytes,
            engine,
            component,
            functions,
            types,
        }
    })
}

/// The signature of `greet` or `shapes#area`.
pub(super) fn signature(function: &str) -> &'static Signature {
    fixture()
        .functions
        .get(function)
        .unwrap_or_else(|| panic!("no function {function} in plain-wit"))
}

/// A type `shapes` exports, by name.
pub(super) fn named(ty: &str) -> Type {
    fixture().types[ty].clone()
}

/// The fixture's compiled component, its engine and its bytes (with its
/// `package-docs` section).
pub(super) fn component() -> (&'static Component, &'static wasmtime::Engine, &'static [u8]) {
    let f = fixture();
    (&f.component, &f.engine, &f.bytes)
}
