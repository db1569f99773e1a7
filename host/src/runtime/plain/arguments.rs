//! JSON arguments as WIT values, by the type, as [`super::schema`] maps
//! them.
//!
//! Arguments are checked against the derived input schema before they get
//! here, but this never relies on it: every mismatch is an error naming
//! where in the value it is, never a panic. Recursion follows the type,
//! whose depth is bounded when the component loads
//! ([`super::schema::MAX_TYPE_DEPTH`]).

use std::fmt;

use serde_json::{Map, Value};
use wasmtime::component::{Type, Val};

use super::schema::kind;

/// Why a JSON value does not fit a WIT type, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mismatch {
    /// Where in the value, as a JSON Pointer ("" for the whole value).
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at {}: {}", self.pointer, self.message)
        }
    }
}

/// A pointer being built while descending a value.
#[derive(Default)]
struct Path(Vec<String>);

impl Path {
    fn mismatch(&self, message: impl Into<String>) -> Mismatch {
        let pointer = self
            .0
            .iter()
            .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
            .collect();
        Mismatch {
            pointer,
            message: message.into(),
        }
    }

    fn within<T>(&mut self, segment: impl ToString, f: impl FnOnce(&mut Self) -> T) -> T {
        self.0.push(segment.to_string());
        let out = f(self);
        self.0.pop();
        out
    }
}

/// The arguments object as the function's parameters, in order. A missing
/// or `null` `option` parameter is none.
pub(crate) fn arguments(args: &Value, params: &[(String, Type)]) -> Result<Vec<Val>, Mismatch> {
    let mut path = Path::default();
    let Value::Object(object) = args else {
        return Err(path.mismatch("the arguments must be an object"));
    };
    fields(
        object,
        params.iter().map(|(n, t)| (n.as_str(), t)),
        &mut path,
    )
}

/// One JSON value as a value of `ty`.
#[cfg(test)]
pub(crate) fn to_val(json: &Value, ty: &Type) -> Result<Val, Mismatch> {
    convert(json, ty, &mut Path::default())
}

fn fields<'a>(
    object: &Map<String, Value>,
    fields: impl Iterator<Item = (&'a str, &'a Type)> + Clone,
    path: &mut Path,
) -> Result<Vec<Val>, Mismatch> {
    if let Some(unknown) = object
        .keys()
        .find(|k| !fields.clone().any(|(name, _)| name == k.as_str()))
    {
        return Err(path.mismatch(format!("unknown property {unknown:?}")));
    }
    fields
        .map(|(name, ty)| match (object.get(name), ty) {
            (None | Some(Value::Null), Type::Option(_)) => Ok(Val::Option(None)),
            (None, _) => Err(path.mismatch(format!("missing property {name:?}"))),
            (Some(value), _) => path.within(name, |path| convert(value, ty, path)),
        })
        .collect()
}

fn convert(json: &Value, ty: &Type, path: &mut Path) -> Result<Val, Mismatch> {
    Ok(match ty {
        Type::Bool => Val::Bool(
            json.as_bool()
                .ok_or_else(|| path.mismatch("expected a boolean"))?,
        ),
        Type::U8 => Val::U8(integer(json, path)?),
        Type::S8 => Val::S8(integer(json, path)?),
        Type::U16 => Val::U16(integer(json, path)?),
        Type::S16 => Val::S16(integer(json, path)?),
        Type::U32 => Val::U32(integer(json, path)?),
        Type::S32 => Val::S32(integer(json, path)?),
        Type::U64 => Val::U64(integer(json, path)?),
        Type::S64 => Val::S64(integer(json, path)?),
        Type::Float32 => {
            let x = number(json, path)?;
            let max = f64::from(f32::MAX);
            if x.abs() > max {
                return Err(path.mismatch(format!("expected a number from {:e} to {max:e}", -max)));
            }
            // The nearest f32: what a 32-bit parameter means.
            Val::Float32(x as f32)
        }
        Type::Float64 => Val::Float64(number(json, path)?),
        Type::Char => {
            let text = json
                .as_str()
                .ok_or_else(|| path.mismatch("expected a string of one character"))?;
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Val::Char(c),
                _ => return Err(path.mismatch("expected exactly one character")),
            }
        }
        Type::String => Val::String(
            json.as_str()
                .ok_or_else(|| path.mismatch("expected a string"))?
                .to_owned(),
        ),
        Type::List(list) => Val::List(elements(json, &list.ty(), None, path)?),
        Type::FixedLengthList(list) => {
            let len = usize::try_from(list.len()).unwrap_or(usize::MAX);
            Val::FixedLengthList(elements(json, &list.ty(), Some(len), path)?)
        }
        Type::Map(map) => {
            let (key_ty, value_ty) = (map.key(), map.value());
            let mut entries = Vec::new();
            if key_ty == Type::String {
                let object = json
                    .as_object()
                    .ok_or_else(|| path.mismatch("expected an object"))?;
                for (key, value) in object {
                    let value = path.within(key, |path| convert(value, &value_ty, path))?;
                    entries.push((Val::String(key.clone()), value));
                }
            } else {
                let pairs = json
                    .as_array()
                    .ok_or_else(|| path.mismatch("expected an array of [key, value] pairs"))?;
                for (i, pair) in pairs.iter().enumerate() {
                    let entry =
                        path.within(i, |path| match pair.as_array().map(Vec::as_slice) {
                            Some([key, value]) => Ok((
                                path.within(0, |path| convert(key, &key_ty, path))?,
                                path.within(1, |path| convert(value, &value_ty, path))?,
                            )),
                            _ => Err(path.mismatch("expected a [key, value] pair")),
                        })?;
                    entries.push(entry);
                }
            }
            Val::Map(entries)
        }
        Type::Record(record) => {
            let object = json
                .as_object()
                .ok_or_else(|| path.mismatch("expected an object"))?;
            let types: Vec<(&str, Type)> = record.fields().map(|f| (f.name, f.ty)).collect();
            let values = fields(object, types.iter().map(|(n, t)| (*n, t)), path)?;
            Val::Record(
                types
                    .iter()
                    .map(|(name, _)| (*name).to_owned())
                    .zip(values)
                    .collect(),
            )
        }
        Type::Tuple(tuple) => {
            let types: Vec<Type> = tuple.types().collect();
            let items = json
                .as_array()
                .filter(|items| items.len() == types.len())
                .ok_or_else(|| path.mismatch(format!("expected an array of {}", types.len())))?;
            let values = items
                .iter()
                .zip(&types)
                .enumerate()
                .map(|(i, (item, ty))| path.within(i, |path| convert(item, ty, path)))
                .collect::<Result<_, _>>()?;
            Val::Tuple(values)
        }
        Type::Variant(variant) => {
            let cases: Vec<(&str, Option<Type>)> =
                variant.cases().map(|c| (c.name, c.ty)).collect();
            let (name, payload) = tagged(json, &cases, path)?;
            Val::Variant(name, payload)
        }
        Type::Enum(cases) => {
            let name = json
                .as_str()
                .filter(|name| cases.names().any(|c| c == *name))
                .ok_or_else(|| path.mismatch(one_of("expected one of", cases.names())))?;
            Val::Enum(name.to_owned())
        }
        Type::Option(option) => {
            let inner = option.ty();
            if matches!(inner, Type::Option(_)) {
                let cases = [("none", None), ("some", Some(inner))];
                let (_, payload) = tagged(json, &cases, path)?;
                Val::Option(payload)
            } else if json.is_null() {
                Val::Option(None)
            } else {
                Val::Option(Some(Box::new(convert(json, &inner, path)?)))
            }
        }
        Type::Result(result) => {
            let cases = [("ok", result.ok()), ("err", result.err())];
            let (name, payload) = tagged(json, &cases, path)?;
            Val::Result(if name == "ok" {
                Ok(payload)
            } else {
                Err(payload)
            })
        }
        Type::Flags(flags) => {
            let names = json
                .as_array()
                .ok_or_else(|| path.mismatch("expected an array of flag names"))?;
            let mut set: Vec<String> = Vec::with_capacity(names.len());
            for (i, name) in names.iter().enumerate() {
                let name = name
                    .as_str()
                    .filter(|name| flags.names().any(|f| f == *name))
                    .ok_or_else(|| {
                        path.within(i, |path| {
                            path.mismatch(one_of("expected one of", flags.names()))
                        })
                    })?;
                if set.iter().any(|s| s == name) {
                    return Err(path.within(i, |path| path.mismatch("flag given twice")));
                }
                set.push(name.to_owned());
            }
            Val::Flags(set)
        }
        Type::Own(_) | Type::Borrow(_) | Type::Future(_) | Type::Stream(_) | Type::ErrorContext => {
            return Err(path.mismatch(format!("a {} cannot be given as JSON", kind(ty))));
        }
    })
}

fn elements(
    json: &Value,
    ty: &Type,
    len: Option<usize>,
    path: &mut Path,
) -> Result<Vec<Val>, Mismatch> {
    let items = json
        .as_array()
        .ok_or_else(|| path.mismatch("expected an array"))?;
    if let Some(len) = len
        && items.len() != len
    {
        return Err(path.mismatch(format!("expected an array of {len}")));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| path.within(i, |path| convert(item, ty, path)))
        .collect()
}

/// `{"tag": case, "val": payload}`: the case's name and its payload.
fn tagged(
    json: &Value,
    cases: &[(&str, Option<Type>)],
    path: &mut Path,
) -> Result<(String, Option<Box<Val>>), Mismatch> {
    let expected = || {
        one_of(
            "expected an object whose \"tag\" is one of",
            cases.iter().map(|c| c.0),
        )
    };
    let object = json.as_object().ok_or_else(|| path.mismatch(expected()))?;
    let tag = object.get("tag").and_then(Value::as_str);
    let Some((name, payload_ty)) = cases.iter().find(|(name, _)| Some(*name) == tag) else {
        return Err(path.mismatch(expected()));
    };
    if let Some(key) = object.keys().find(|k| *k != "tag" && *k != "val") {
        return Err(path.mismatch(format!("unknown property {key:?}")));
    }
    let payload = match (payload_ty, object.get("val")) {
        (None, None) => None,
        (None, Some(_)) => {
            return Err(path.mismatch(format!("case {name:?} takes no \"val\"")));
        }
        (Some(_), None) => return Err(path.mismatch(format!("case {name:?} needs a \"val\""))),
        (Some(ty), Some(value)) => Some(Box::new(
            path.within("val", |path| convert(value, ty, path))?,
        )),
    };
    Ok(((*name).to_owned(), payload))
}

fn one_of<'a>(what: &str, names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<String> = names.map(|n| format!("{n:?}")).collect();
    format!("{what} {}", names.join(", "))
}

/// An integer type's range, for conversions and messages.
trait Whole: TryFrom<i128> {
    const MIN: i128;
    const MAX: i128;
}

macro_rules! whole {
    ($($t:ty),*) => {$(
        impl Whole for $t {
            const MIN: i128 = <$t>::MIN as i128;
            const MAX: i128 = <$t>::MAX as i128;
        }
    )*};
}
whole!(u8, i8, u16, i16, u32, i32, u64, i64);

/// An integer of type `T`: a JSON integer, or a number with no fraction
/// (`2.0` is an `integer` to JSON Schema), within `T`'s range.
fn integer<T: Whole>(json: &Value, path: &Path) -> Result<T, Mismatch> {
    let whole: Option<i128> = match json {
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
            .or_else(|| {
                n.as_f64()
                    // Below 2^64 in magnitude, every whole f64 converts exactly.
                    .filter(|x| x.fract() == 0.0 && x.abs() < 1.8e19)
                    .map(|x| x as i128)
            }),
        _ => None,
    };
    whole
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| path.mismatch(format!("expected an integer from {} to {}", T::MIN, T::MAX)))
}

fn number(json: &Value, path: &Path) -> Result<f64, Mismatch> {
    json.as_f64()
        .filter(|x| x.is_finite())
        .ok_or_else(|| path.mismatch("expected a number"))
}

#[cfg(test)]
#[path = "arguments_tests.rs"]
mod tests;
