//! JSON Schemas for WIT types: what a plain component's function takes, as
//! `inputSchema`, and what it returns, as `outputSchema`.
//!
//! The mapping, which [`super::value`] follows in both directions:
//!
//! | WIT | JSON |
//! |---|---|
//! | `bool` | boolean |
//! | `u8` … `s64` | integer, `minimum`/`maximum` the type's full range (64-bit ones too: toolhost reads and writes them exactly; a client that parses JSON numbers as doubles may round past 2^53) |
//! | `f32`, `f64` | number (`f32` bounded by its largest finite value); NaN and infinities cannot be sent, and a result holding one is an error |
//! | `char` | string of exactly one code point |
//! | `string` | string |
//! | `list<T>`, `list<T, N>` | array (`minItems` = `maxItems` = N for fixed length) |
//! | `map<string, V>` | object; `map<K, V>` otherwise: array of `[key, value]` pairs |
//! | `tuple<…>` | array, `prefixItems`, exactly as many items |
//! | `record` | object, its fields as properties, every field required but `option` ones |
//! | `variant`, nested `result` | `oneOf` tagged objects `{"tag": "case", "val": payload}` (`val` only when the case has a payload) |
//! | `enum` | string, `enum` of its cases |
//! | `flags` | array of unique flag names |
//! | `option<T>` | T or `null`; as a parameter or record field it may also be left out. `option<option<T>>` is tagged: `{"tag": "none"}` or `{"tag": "some", "val": …}` |
//!
//! Names (parameters, fields, cases, flags) are spelled as in the WIT.
//! Resources (`own`, `borrow`), `future`, `stream` and `error-context` have
//! no JSON form: a function using them is not served.

use serde_json::{Map, Value, json};
use wasmtime::component::types::{Case, Field};
use wasmtime::component::{Type, types};

use super::docs::TypeDocs;

/// Types nested deeper than this make a function unservable: conversions
/// recurse along the type, so this bounds their stack (a component's types
/// are its author's to choose).
pub(super) const MAX_TYPE_DEPTH: usize = 32;

/// Schema nodes one function's schemas may take. A type used twice is
/// written out twice, so a handful of records each holding two of the next
/// would otherwise grow the schema exponentially.
pub(super) const MAX_SCHEMA_NODES: usize = 4_096;

/// Why a function cannot be served as a tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unsupported(pub String);

/// Finds the documentation of a named type, when the component carries it.
pub(super) trait DocsLookup {
    fn type_docs(&self, ty: &Type) -> Option<TypeDocs>;
}

/// No documentation at all.
#[cfg(test)]
pub(super) struct NoDocs;

#[cfg(test)]
impl DocsLookup for NoDocs {
    fn type_docs(&self, _: &Type) -> Option<TypeDocs> {
        None
    }
}

/// Derives schemas, counting the nodes it writes.
pub(super) struct Deriver<'a> {
    nodes: usize,
    docs: &'a dyn DocsLookup,
}

impl<'a> Deriver<'a> {
    pub(super) fn new(docs: &'a dyn DocsLookup) -> Self {
        Self { nodes: 0, docs }
    }

    /// The input schema of a function with these parameters: an object with
    /// one property per parameter.
    pub(super) fn parameters<'p>(
        &mut self,
        params: impl Iterator<Item = (&'p str, &'p Type)>,
    ) -> Result<Value, Unsupported> {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (name, ty) in params {
            properties.insert(name.to_owned(), self.schema(ty, 1)?);
            if !matches!(ty, Type::Option(_)) {
                required.push(Value::from(name));
            }
        }
        Ok(object(properties, required))
    }

    /// The output schema for a returned value: an object, because clients
    /// of the 2025 revisions only take object-rooted structured content, so
    /// anything else is wrapped as `{"result": value}` (see [`wrap`]).
    pub(super) fn output(&mut self, ty: &Type) -> Result<Value, Unsupported> {
        let schema = self.schema(ty, 1)?;
        Ok(if is_object(ty) {
            schema
        } else {
            json!({
                "type": "object",
                "properties": {"result": schema},
                "required": ["result"],
                "additionalProperties": false,
            })
        })
    }

    /// The schema of one type, `depth` types deep.
    pub(super) fn schema(&mut self, ty: &Type, depth: usize) -> Result<Value, Unsupported> {
        if depth > MAX_TYPE_DEPTH {
            return Err(Unsupported(format!(
                "its types nest more than {MAX_TYPE_DEPTH} deep"
            )));
        }
        self.nodes += 1;
        if self.nodes > MAX_SCHEMA_NODES {
            return Err(Unsupported(format!(
                "its schema would take more than {MAX_SCHEMA_NODES} nodes"
            )));
        }
        let next = depth + 1;
        let docs = self.docs.type_docs(ty).unwrap_or_default();
        let mut schema = match ty {
            Type::Bool => json!({"type": "boolean"}),
            Type::U8 => integer(u8::MIN, u8::MAX),
            Type::S8 => integer(i8::MIN, i8::MAX),
            Type::U16 => integer(u16::MIN, u16::MAX),
            Type::S16 => integer(i16::MIN, i16::MAX),
            Type::U32 => integer(u32::MIN, u32::MAX),
            Type::S32 => integer(i32::MIN, i32::MAX),
            Type::U64 => integer(u64::MIN, u64::MAX),
            Type::S64 => integer(i64::MIN, i64::MAX),
            Type::Float32 => json!({
                "type": "number",
                "minimum": -f64::from(f32::MAX),
                "maximum": f64::from(f32::MAX),
            }),
            Type::Float64 => json!({"type": "number"}),
            Type::Char => json!({"type": "string", "minLength": 1, "maxLength": 1}),
            Type::String => json!({"type": "string"}),
            Type::List(list) => json!({"type": "array", "items": self.schema(&list.ty(), next)?}),
            Type::FixedLengthList(list) => json!({
                "type": "array",
                "items": self.schema(&list.ty(), next)?,
                "minItems": list.len(),
                "maxItems": list.len(),
            }),
            Type::Map(map) => self.map(map, next)?,
            Type::Record(record) => self.record(record.fields(), &docs, next)?,
            Type::Tuple(tuple) => {
                let items = tuple
                    .types()
                    .map(|t| self.schema(&t, next))
                    .collect::<Result<Vec<_>, _>>()?;
                fixed_array(items)
            }
            Type::Variant(variant) => self.tagged(variant.cases(), &docs, next)?,
            Type::Enum(cases) => {
                json!({"type": "string", "enum": cases.names().collect::<Vec<_>>()})
            }
            Type::Option(option) => self.option(option, next)?,
            Type::Result(result) => self.tagged(
                [
                    Case {
                        name: "ok",
                        ty: result.ok(),
                    },
                    Case {
                        name: "err",
                        ty: result.err(),
                    },
                ]
                .into_iter(),
                &docs,
                next,
            )?,
            Type::Flags(flags) => {
                let names: Vec<&str> = flags.names().collect();
                json!({
                    "type": "array",
                    "items": {"type": "string", "enum": names},
                    "uniqueItems": true,
                    "maxItems": names.len(),
                })
            }
            Type::Own(_) | Type::Borrow(_) => {
                return Err(Unsupported("it uses a resource handle".into()));
            }
            Type::Future(_) | Type::Stream(_) | Type::ErrorContext => {
                return Err(Unsupported(format!(
                    "it uses a {}, which has no JSON form",
                    kind(ty)
                )));
            }
        };
        if let Some(text) = docs.docs
            && let Some(object) = schema.as_object_mut()
        {
            object.insert("description".into(), text.into());
        }
        Ok(schema)
    }

    fn record<'f>(
        &mut self,
        fields: impl Iterator<Item = Field<'f>>,
        docs: &TypeDocs,
        depth: usize,
    ) -> Result<Value, Unsupported> {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for field in fields {
            let mut schema = self.schema(&field.ty, depth)?;
            describe(&mut schema, docs.item(field.name));
            properties.insert(field.name.to_owned(), schema);
            if !matches!(field.ty, Type::Option(_)) {
                required.push(Value::from(field.name));
            }
        }
        Ok(object(properties, required))
    }

    /// A variant (or a `result` inside a value): one tagged object per case.
    fn tagged<'c>(
        &mut self,
        cases: impl Iterator<Item = Case<'c>>,
        docs: &TypeDocs,
        depth: usize,
    ) -> Result<Value, Unsupported> {
        let mut one_of = Vec::new();
        for case in cases {
            let mut properties = Map::new();
            properties.insert("tag".into(), json!({"const": case.name}));
            let mut required = vec![Value::from("tag")];
            if let Some(payload) = &case.ty {
                properties.insert("val".into(), self.schema(payload, depth)?);
                required.push("val".into());
            }
            let mut schema = json!({
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": false,
            });
            describe(&mut schema, docs.item(case.name));
            one_of.push(schema);
        }
        Ok(json!({ "oneOf": one_of }))
    }

    fn option(&mut self, option: &types::OptionType, depth: usize) -> Result<Value, Unsupported> {
        let inner = option.ty();
        if matches!(inner, Type::Option(_)) {
            // `null` alone could not tell none from some(none).
            return self.tagged(
                [
                    Case {
                        name: "none",
                        ty: None,
                    },
                    Case {
                        name: "some",
                        ty: Some(inner),
                    },
                ]
                .into_iter(),
                &TypeDocs::default(),
                depth,
            );
        }
        Ok(json!({"anyOf": [self.schema(&inner, depth)?, {"type": "null"}]}))
    }

    fn map(&mut self, map: &types::Map, depth: usize) -> Result<Value, Unsupported> {
        let value = self.schema(&map.value(), depth)?;
        if map.key() == Type::String {
            return Ok(json!({"type": "object", "additionalProperties": value}));
        }
        let key = self.schema(&map.key(), depth)?;
        Ok(json!({"type": "array", "items": fixed_array(vec![key, value])}))
    }
}

/// Whether a value of this type is a JSON object, so needs no wrapping to
/// be structured content. A `map<string, V>` is one too, but its keys could
/// be anything: it is wrapped like the rest, to keep the rule short.
pub(super) fn is_object(ty: &Type) -> bool {
    matches!(ty, Type::Record(_))
}

/// A returned value as structured content: itself when it is an object,
/// `{"result": value}` otherwise (see [`Deriver::output`]).
pub(super) fn wrap(ty: &Type, value: Value) -> Value {
    if is_object(ty) {
        value
    } else {
        json!({ "result": value })
    }
}

/// The WIT spelling of a type's kind, for messages.
pub(super) fn kind(ty: &Type) -> &'static str {
    match ty {
        Type::Bool => "bool",
        Type::S8 => "s8",
        Type::U8 => "u8",
        Type::S16 => "s16",
        Type::U16 => "u16",
        Type::S32 => "s32",
        Type::U32 => "u32",
        Type::S64 => "s64",
        Type::U64 => "u64",
        Type::Float32 => "f32",
        Type::Float64 => "f64",
        Type::Char => "char",
        Type::String => "string",
        Type::List(_) | Type::FixedLengthList(_) => "list",
        Type::Map(_) => "map",
        Type::Record(_) => "record",
        Type::Tuple(_) => "tuple",
        Type::Variant(_) => "variant",
        Type::Enum(_) => "enum",
        Type::Option(_) => "option",
        Type::Result(_) => "result",
        Type::Flags(_) => "flags",
        Type::Own(_) => "own",
        Type::Borrow(_) => "borrow",
        Type::Future(_) => "future",
        Type::Stream(_) => "stream",
        Type::ErrorContext => "error-context",
    }
}

/// Sets the schema's description: a field's or case's own doc comment says
/// more, where it is used, than the doc comment of its type.
fn describe(schema: &mut Value, text: Option<&str>) {
    if let (Some(text), Some(object)) = (text, schema.as_object_mut()) {
        object.insert("description".into(), text.into());
    }
}

/// An object with these properties and no others; `required` is left out
/// when empty (draft-04 validators refuse an empty one).
fn object(properties: Map<String, Value>, required: Vec<Value>) -> Value {
    let mut schema = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    schema
}

fn integer<T: Into<Value>>(min: T, max: T) -> Value {
    json!({"type": "integer", "minimum": min.into(), "maximum": max.into()})
}

/// An array of exactly these items, in order.
fn fixed_array(items: Vec<Value>) -> Value {
    let len = items.len();
    json!({
        "type": "array",
        "prefixItems": items,
        "items": false,
        "minItems": len,
        "maxItems": len,
    })
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
