//! The fields of an elicitation form, one type per kind MCP allows, each
//! with only the options that kind has.

use serde_json::{Map, Value, json};

/// What every field may have: a label and a longer explanation.
#[derive(Debug, Clone, Default, PartialEq)]
struct Labels {
    title: Option<String>,
    description: Option<String>,
}

impl Labels {
    fn schema(&self, kind: &str) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("type".into(), kind.into());
        put(&mut map, "title", self.title.clone());
        put(&mut map, "description", self.description.clone());
        map
    }
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(value) = value {
        map.insert(key.into(), value.into());
    }
}

/// Lets every field type offer `title` and `description` without repeating
/// them.
macro_rules! labelled {
    ($field:ty) => {
        impl $field {
            /// The label the form shows.
            pub fn title(mut self, title: impl Into<String>) -> Self {
                self.labels.title = Some(title.into());
                self
            }

            /// A longer explanation shown with the field.
            pub fn description(mut self, description: impl Into<String>) -> Self {
                self.labels.description = Some(description.into());
                self
            }
        }
    };
}

/// What a text field must look like, beyond its length.
///
/// ```
/// use toolhost_sdk::{ElicitationSchema, StringField, StringFormat};
///
/// let form = ElicitationSchema::new().string("when", StringField::new().format(StringFormat::Date));
/// assert_eq!(form.to_value()["properties"]["when"]["format"], "date");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringFormat {
    Email,
    Uri,
    Date,
    DateTime,
}

impl StringFormat {
    fn name(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Uri => "uri",
            Self::Date => "date",
            Self::DateTime => "date-time",
        }
    }
}

/// A text field.
///
/// ```
/// use toolhost_sdk::{ElicitationSchema, StringField};
///
/// let name = StringField::new().title("Name").description("As on your badge").min_length(1).max_length(40).default("Ada");
/// let form = ElicitationSchema::new().string("name", name).to_value();
/// assert_eq!(form["properties"]["name"]["maxLength"], 40);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StringField {
    labels: Labels,
    min_length: Option<u32>,
    max_length: Option<u32>,
    format: Option<StringFormat>,
    default: Option<String>,
}

labelled!(StringField);

impl StringField {
    /// A text field of any length.
    pub fn new() -> Self {
        Default::default()
    }

    /// At least this many characters.
    pub fn min_length(mut self, chars: u32) -> Self {
        self.min_length = Some(chars);
        self
    }

    /// At most this many characters.
    pub fn max_length(mut self, chars: u32) -> Self {
        self.max_length = Some(chars);
        self
    }

    /// An email address, a URI, a date or a date and time.
    pub fn format(mut self, format: StringFormat) -> Self {
        self.format = Some(format);
        self
    }

    /// The value the form starts with.
    pub fn default(mut self, value: impl Into<String>) -> Self {
        self.default = Some(value.into());
        self
    }

    pub(super) fn to_value(&self) -> Value {
        let mut map = self.labels.schema("string");
        put(&mut map, "minLength", self.min_length);
        put(&mut map, "maxLength", self.max_length);
        put(&mut map, "format", self.format.map(StringFormat::name));
        put(&mut map, "default", self.default.clone());
        Value::Object(map)
    }
}

/// A number field, for [`ElicitationSchema::number`](crate::ElicitationSchema::number) or
/// [`ElicitationSchema::integer`](crate::ElicitationSchema::integer).
///
/// ```
/// use toolhost_sdk::{ElicitationSchema, NumberField};
///
/// let form = ElicitationSchema::new()
///     .integer("copies", NumberField::new().title("Copies").minimum(1.0).maximum(5.0))
///     .number("scale", NumberField::new().default(1.5))
///     .to_value();
/// assert_eq!(form["properties"]["copies"]["maximum"], 5);
/// assert_eq!(form["properties"]["scale"]["default"], 1.5);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NumberField {
    labels: Labels,
    minimum: Option<f64>,
    maximum: Option<f64>,
    default: Option<f64>,
}

labelled!(NumberField);

impl NumberField {
    /// A number field without bounds.
    pub fn new() -> Self {
        Default::default()
    }

    /// The smallest value allowed.
    pub fn minimum(mut self, minimum: f64) -> Self {
        self.minimum = Some(minimum);
        self
    }

    /// The largest value allowed.
    pub fn maximum(mut self, maximum: f64) -> Self {
        self.maximum = Some(maximum);
        self
    }

    /// The value the form starts with.
    pub fn default(mut self, value: f64) -> Self {
        self.default = Some(value);
        self
    }

    /// For an integer field, whole numbers are written as integers (`3`,
    /// not `3.0`), which is what a client validating the form expects.
    pub(super) fn to_value(&self, kind: &str) -> Value {
        let number = |n: f64| -> Value {
            let whole = n.fract() == 0.0 && n.abs() < 9.0e15;
            if kind == "integer" && whole {
                (n as i64).into()
            } else {
                n.into()
            }
        };
        let mut map = self.labels.schema(kind);
        put(&mut map, "minimum", self.minimum.map(number));
        put(&mut map, "maximum", self.maximum.map(number));
        put(&mut map, "default", self.default.map(number));
        Value::Object(map)
    }
}

/// A yes/no field.
///
/// ```
/// use toolhost_sdk::{BooleanField, ElicitationSchema};
///
/// let form = ElicitationSchema::new().boolean("ok", BooleanField::new().title("Go ahead").default(false));
/// assert_eq!(form.to_value()["properties"]["ok"]["default"], false);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BooleanField {
    labels: Labels,
    default: Option<bool>,
}

labelled!(BooleanField);

impl BooleanField {
    /// A yes/no field.
    pub fn new() -> Self {
        Default::default()
    }

    /// The value the form starts with.
    pub fn default(mut self, value: bool) -> Self {
        self.default = Some(value);
        self
    }

    pub(super) fn to_value(&self) -> Value {
        let mut map = self.labels.schema("boolean");
        put(&mut map, "default", self.default);
        Value::Object(map)
    }
}

/// A field whose value is one of a fixed list.
///
/// ```
/// use toolhost_sdk::{ChoiceField, ElicitationSchema};
///
/// let form = ElicitationSchema::new()
///     .choice("color", ChoiceField::new(["red", "green"]).default("red"))
///     .choice("size", ChoiceField::titled([("s", "Small"), ("l", "Large")]).title("Size"))
///     .to_value();
/// assert_eq!(form["properties"]["color"]["enum"][1], "green");
/// assert_eq!(form["properties"]["size"]["oneOf"][0]["const"], "s");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChoiceField {
    labels: Labels,
    /// Each value, with the label to show for it when there is one.
    options: Vec<(String, Option<String>)>,
    default: Option<String>,
}

labelled!(ChoiceField);

impl ChoiceField {
    /// A choice among `values`, each shown as it is.
    pub fn new<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Self {
        Self {
            options: values.into_iter().map(|v| (v.into(), None)).collect(),
            ..Default::default()
        }
    }

    /// A choice among `(value, label)` pairs: the form shows the labels, the
    /// answer carries the value.
    pub fn titled<V: Into<String>, T: Into<String>>(
        options: impl IntoIterator<Item = (V, T)>,
    ) -> Self {
        Self {
            options: options
                .into_iter()
                .map(|(v, t)| (v.into(), Some(t.into())))
                .collect(),
            ..Default::default()
        }
    }

    /// The value the form starts with; one of the options.
    pub fn default(mut self, value: impl Into<String>) -> Self {
        self.default = Some(value.into());
        self
    }

    /// Untitled values are a plain `enum`; titled ones use the `oneOf` of
    /// `const` and `title` that MCP defines for labelled choices.
    pub(super) fn to_value(&self) -> Value {
        let mut map = self.labels.schema("string");
        if self.options.iter().any(|(_, title)| title.is_some()) {
            let one_of = self.options.iter().map(|(value, title)| {
                json!({"const": value, "title": title.as_deref().unwrap_or(value)})
            });
            map.insert("oneOf".into(), one_of.collect());
        } else {
            let values = self.options.iter().map(|(value, _)| value.clone());
            map.insert("enum".into(), values.collect());
        }
        put(&mut map, "default", self.default.clone());
        Value::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn string_fields_carry_length_format_and_default() {
        let field = StringField::new()
            .title("Email")
            .description("Where to send it")
            .min_length(3)
            .max_length(100)
            .format(StringFormat::Email)
            .default("me@example.com");
        assert_eq!(
            field.to_value(),
            json!({"type": "string", "title": "Email", "description": "Where to send it",
                "minLength": 3, "maxLength": 100, "format": "email", "default": "me@example.com"})
        );
        let formats = [
            StringFormat::Uri,
            StringFormat::Date,
            StringFormat::DateTime,
        ];
        let names: Vec<_> = formats.map(StringFormat::name).into();
        assert_eq!(names, ["uri", "date", "date-time"]);
        assert_eq!(StringField::new().to_value(), json!({"type": "string"}));
    }

    #[test]
    fn integer_fields_write_whole_numbers_as_integers() {
        let field = NumberField::new().minimum(0.0).maximum(10.0).default(3.0);
        let integer = field.to_value("integer");
        assert_eq!(
            integer,
            json!({"type": "integer", "minimum": 0, "maximum": 10, "default": 3})
        );
        assert!(integer["default"].is_i64());
        let number = NumberField::new().default(0.5).to_value("number");
        assert_eq!(number, json!({"type": "number", "default": 0.5}));
        assert!(field.to_value("number")["default"].is_f64());
    }

    #[test]
    fn choices_are_an_enum_or_titled_one_of() {
        let plain = ChoiceField::new(["red", "green"]).default("red");
        assert_eq!(
            plain.to_value(),
            json!({"type": "string", "enum": ["red", "green"], "default": "red"})
        );
        let titled = ChoiceField::titled([("s", "Small"), ("m", "Medium")]).title("Size");
        assert_eq!(
            titled.to_value(),
            json!({"type": "string", "title": "Size", "oneOf": [
                {"const": "s", "title": "Small"}, {"const": "m", "title": "Medium"}]})
        );
    }
}
