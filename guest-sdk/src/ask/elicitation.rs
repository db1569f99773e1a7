//! The form an elicitation asks the user to fill in.
//!
//! MCP restricts the requested schema to a flat object of primitive fields
//! (strings, numbers, booleans, single-choice lists), so that any client can
//! render it as a form. The builder can only make such schemas: a typed field
//! per kind, each with the options MCP allows for it.

use serde_json::{Map, Value, json};

use super::form_fields::{BooleanField, ChoiceField, NumberField, StringField};

/// The form of an elicitation: named fields, some of them required.
///
/// ```
/// use toolhost_sdk::{
///     BooleanField, ChoiceField, ElicitationSchema, NumberField, StringField, StringFormat,
/// };
///
/// let form = ElicitationSchema::new()
///     .string("email", StringField::new().title("Email").format(StringFormat::Email))
///     .integer("copies", NumberField::new().minimum(1.0).maximum(10.0).default(1.0))
///     .number("scale", NumberField::new().description("Zoom factor"))
///     .boolean("color", BooleanField::new().title("In colour").default(true))
///     .choice("size", ChoiceField::titled([("a4", "A4"), ("letter", "US Letter")]).default("a4"))
///     .required(["email", "size"]);
/// let schema = form.to_value();
/// assert_eq!(schema["properties"]["copies"]["type"], "integer");
/// assert_eq!(schema["properties"]["size"]["oneOf"][1]["title"], "US Letter");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ElicitationSchema {
    properties: Map<String, Value>,
    required: Vec<String>,
}

impl ElicitationSchema {
    /// A form without fields yet.
    pub fn new() -> Self {
        Default::default()
    }

    /// A text field.
    pub fn string(self, name: impl Into<String>, field: StringField) -> Self {
        self.field(name.into(), field.to_value())
    }

    /// A number field (any real number).
    pub fn number(self, name: impl Into<String>, field: NumberField) -> Self {
        self.field(name.into(), field.to_value("number"))
    }

    /// A whole-number field.
    pub fn integer(self, name: impl Into<String>, field: NumberField) -> Self {
        self.field(name.into(), field.to_value("integer"))
    }

    /// A yes/no field.
    pub fn boolean(self, name: impl Into<String>, field: BooleanField) -> Self {
        self.field(name.into(), field.to_value())
    }

    /// A pick-one-of-these field.
    pub fn choice(self, name: impl Into<String>, field: ChoiceField) -> Self {
        self.field(name.into(), field.to_value())
    }

    /// Marks fields the user must fill in to accept. Name only fields the
    /// form has: a client may reject a form that requires an unknown one.
    pub fn required<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        for name in names {
            let name = name.into();
            if !self.required.contains(&name) {
                self.required.push(name);
            }
        }
        self
    }

    /// The schema as JSON, as `requestedSchema` carries it.
    pub fn to_value(&self) -> Value {
        let mut schema = json!({ "type": "object", "properties": self.properties });
        if !self.required.is_empty() {
            schema["required"] = json!(self.required);
        }
        schema
    }

    fn field(mut self, name: String, schema: Value) -> Self {
        self.properties.insert(name, schema);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_is_a_flat_object_with_required_fields() {
        let form = ElicitationSchema::new()
            .boolean(
                "ok",
                BooleanField::new().title("Delete them").default(false),
            )
            .required(["ok", "ok"]);
        assert_eq!(
            form.to_value(),
            json!({
                "type": "object",
                "properties": {"ok": {"type": "boolean", "title": "Delete them", "default": false}},
                "required": ["ok"],
            })
        );
        let empty = ElicitationSchema::new().to_value();
        assert_eq!(empty, json!({"type": "object", "properties": {}}));
    }
}
