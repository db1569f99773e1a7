//! WIT values as JSON, by the type, as [`super::schema`] maps them: what a
//! plain function returns, as structured content.

use serde_json::{Map, Number, Value};
use wasmtime::component::{Type, Val};

use super::schema::kind;

/// A returned value as JSON, by its type; `Err` for the one thing JSON
/// cannot carry, a NaN or infinite float.
pub(crate) fn to_json(val: &Val, ty: &Type) -> Result<Value, String> {
    Ok(match (val, ty) {
        (Val::Bool(b), _) => Value::Bool(*b),
        (Val::U8(n), _) => (*n).into(),
        (Val::S8(n), _) => (*n).into(),
        (Val::U16(n), _) => (*n).into(),
        (Val::S16(n), _) => (*n).into(),
        (Val::U32(n), _) => (*n).into(),
        (Val::S32(n), _) => (*n).into(),
        (Val::U64(n), _) => (*n).into(),
        (Val::S64(n), _) => (*n).into(),
        // The shortest decimal that reads back as the same f32, so 0.1f32
        // is 0.1 and not 0.10000000149011612.
        (Val::Float32(x), _) => float(x.to_string().parse().unwrap_or(f64::from(*x)))?,
        (Val::Float64(x), _) => float(*x)?,
        (Val::Char(c), _) => Value::String(c.to_string()),
        (Val::String(s), _) => Value::String(s.clone()),
        (Val::List(items), Type::List(list)) => list_json(items, &list.ty())?,
        (Val::FixedLengthList(items), Type::FixedLengthList(list)) => list_json(items, &list.ty())?,
        (Val::Map(entries), Type::Map(map)) => {
            let (key_ty, value_ty) = (map.key(), map.value());
            if key_ty == Type::String {
                let mut object = Map::new();
                for (key, value) in entries {
                    let key = match key {
                        Val::String(key) => key.clone(),
                        other => return Err(format!("a map key of the wrong kind: {other:?}")),
                    };
                    // Later entries win, as the component model says.
                    object.insert(key, to_json(value, &value_ty)?);
                }
                Value::Object(object)
            } else {
                entries
                    .iter()
                    .map(|(k, v)| {
                        Ok(Value::Array(vec![
                            to_json(k, &key_ty)?,
                            to_json(v, &value_ty)?,
                        ]))
                    })
                    .collect::<Result<_, String>>()?
            }
        }
        (Val::Record(fields), Type::Record(record)) => {
            let mut object = Map::new();
            for ((name, value), field) in fields.iter().zip(record.fields()) {
                object.insert(name.clone(), to_json(value, &field.ty)?);
            }
            Value::Object(object)
        }
        (Val::Tuple(items), Type::Tuple(tuple)) => items
            .iter()
            .zip(tuple.types())
            .map(|(item, ty)| to_json(item, &ty))
            .collect::<Result<_, _>>()?,
        (Val::Variant(name, payload), Type::Variant(variant)) => {
            let payload_ty = variant.cases().find(|c| c.name == name).and_then(|c| c.ty);
            tagged_json(name, payload.as_deref(), payload_ty.as_ref())?
        }
        (Val::Enum(name), _) => Value::String(name.clone()),
        (Val::Option(value), Type::Option(option)) => {
            let inner = option.ty();
            match (value, matches!(inner, Type::Option(_))) {
                (None, false) => Value::Null,
                (Some(value), false) => to_json(value, &inner)?,
                (None, true) => tagged_json("none", None, None)?,
                (Some(value), true) => tagged_json("some", Some(value), Some(&inner))?,
            }
        }
        (Val::Result(value), Type::Result(result)) => match value {
            Ok(payload) => tagged_json("ok", payload.as_deref(), result.ok().as_ref())?,
            Err(payload) => tagged_json("err", payload.as_deref(), result.err().as_ref())?,
        },
        (Val::Flags(names), _) => names.iter().map(|n| Value::String(n.clone())).collect(),
        (other, ty) => {
            return Err(format!(
                "a {} where a {} was expected",
                val_kind(other),
                kind(ty)
            ));
        }
    })
}

fn list_json(items: &[Val], ty: &Type) -> Result<Value, String> {
    items.iter().map(|item| to_json(item, ty)).collect()
}

fn tagged_json(name: &str, payload: Option<&Val>, ty: Option<&Type>) -> Result<Value, String> {
    let mut object = Map::new();
    object.insert("tag".into(), name.into());
    if let (Some(payload), Some(ty)) = (payload, ty) {
        object.insert("val".into(), to_json(payload, ty)?);
    }
    Ok(Value::Object(object))
}

fn float(x: f64) -> Result<Value, String> {
    Number::from_f64(x)
        .map(Value::Number)
        .ok_or_else(|| format!("it returned {x}, which JSON cannot carry"))
}

fn val_kind(val: &Val) -> &'static str {
    match val {
        Val::Resource(_) => "resource",
        Val::Future(_) => "future",
        Val::Stream(_) => "stream",
        Val::ErrorContext(_) => "error-context",
        _ => "value",
    }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
