//! How a request ends when it does not fail: finished, or waiting for the
//! client's input. One type for tools, resource reads and prompts, so that
//! asking works the same way in all three.

use serde_json::Value;

use crate::output::{IntoToolOutput, Output};
use crate::{InputRequired, ToolError};

/// A finished value of type `T` (a tool's [`Output`] by default), or
/// questions for the client.
///
/// Handlers rarely name it: one that only finishes returns its value, one
/// that only asks returns [`InputRequired`]. A handler that does either
/// returns `Outcome<T>`, and `.into()` makes one from both:
///
/// ```
/// use toolhost_sdk::{Context, InputRequired, Outcome, ToolError};
///
/// fn greet(cx: &mut Context) -> Result<Outcome<String>, ToolError> {
///     match cx.state() {
///         Some(name) => Ok(format!("Hello, {}!", String::from_utf8_lossy(name)).into()),
///         None => Ok(InputRequired::new().state("Ada").into()),
///     }
/// }
///
/// let asked = greet(&mut Context::new()).unwrap();
/// assert_eq!(asked.input_required().unwrap().state.as_deref(), Some(&b"Ada"[..]));
/// let done = greet(&mut Context::new().with_state("Ada")).unwrap();
/// assert_eq!(done.done().as_deref(), Some("Hello, Ada!"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<T = Output> {
    /// The request finished with this value.
    Done(T),
    /// The request needs the client's input first; the host asks, then runs
    /// it again with the answers (see [`Context`](crate::Context)).
    InputRequired(InputRequired),
}

impl<T> Outcome<T> {
    /// The finished value; `None` when the request asked for input.
    pub fn done(self) -> Option<T> {
        match self {
            Self::Done(value) => Some(value),
            Self::InputRequired(_) => None,
        }
    }

    /// What the request asked for; `None` when it finished.
    pub fn input_required(self) -> Option<InputRequired> {
        match self {
            Self::Done(_) => None,
            Self::InputRequired(asked) => Some(asked),
        }
    }
}

impl<T> From<InputRequired> for Outcome<T> {
    fn from(asked: InputRequired) -> Self {
        Self::InputRequired(asked)
    }
}

/// A tool's finished result, so `Ok(Json(value).into())` works where an
/// `Outcome<Json<_>>` is expected.
impl<T: IntoToolOutput> From<T> for Outcome<T> {
    fn from(value: T) -> Self {
        Self::Done(value)
    }
}

/// What a tool function can return: anything that converts into a tool
/// result ([`IntoToolOutput`]: `String`, [`Json`](crate::Json),
/// [`Content`](crate::Content), [`Output`], ...), [`InputRequired`], or an
/// [`Outcome`] of either. The output schema comes from the result type, so a
/// tool that may ask first still declares the schema of what it finally
/// returns.
///
/// ```
/// use toolhost_sdk::{Context, InputRequired, Json, Outcome, Toolbox, schema, tool};
///
/// #[schema]
/// struct Choice {
///     color: String,
/// }
///
/// /// Picks a color, once the client answers.
/// #[tool]
/// fn pick(cx: &mut Context) -> Outcome<Json<Choice>> {
///     match cx.answer("color") {
///         Some(answer) => Json(Choice { color: answer.to_string() }).into(),
///         None => InputRequired::new().roots("color").into(),
///     }
/// }
///
/// let tools = Toolbox::new().tool(pick::tool());
/// // The schema of the finished result is declared, though the tool may ask first.
/// assert!(tools.describe().unwrap()[0].output_schema.is_some());
/// ```
pub trait IntoOutcome {
    /// The output schema the finished result conforms to, if any.
    fn output_schema() -> Option<Value>;

    /// Converts the handler's value into what the host receives.
    fn into_outcome(self) -> Result<Outcome, ToolError>;
}

impl<T: IntoToolOutput> IntoOutcome for T {
    fn output_schema() -> Option<Value> {
        T::output_schema()
    }

    fn into_outcome(self) -> Result<Outcome, ToolError> {
        Ok(Outcome::Done(self.into_output()?))
    }
}

impl IntoOutcome for InputRequired {
    fn output_schema() -> Option<Value> {
        None
    }

    fn into_outcome(self) -> Result<Outcome, ToolError> {
        Ok(Outcome::InputRequired(self))
    }
}

impl<T: IntoToolOutput> IntoOutcome for Outcome<T> {
    fn output_schema() -> Option<Value> {
        T::output_schema()
    }

    fn into_outcome(self) -> Result<Outcome, ToolError> {
        match self {
            Self::Done(value) => value.into_outcome(),
            Self::InputRequired(asked) => Ok(Outcome::InputRequired(asked)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Json;
    use schemars::JsonSchema;
    use serde::Serialize;

    #[derive(Serialize, JsonSchema)]
    struct Count {
        n: u32,
    }

    #[test]
    fn results_and_questions_both_become_outcomes() {
        let done = "hi".into_outcome().unwrap();
        assert_eq!(done, Outcome::Done(Output::text("hi")));
        let asked = InputRequired::new().roots("where");
        assert_eq!(
            asked.clone().into_outcome().unwrap(),
            Outcome::InputRequired(asked.clone())
        );
        let outcome: Outcome<Json<Count>> = asked.clone().into();
        assert_eq!(
            outcome.into_outcome().unwrap().input_required(),
            Some(asked)
        );
    }

    #[test]
    fn an_outcome_declares_the_schema_of_its_finished_value() {
        assert!(<Outcome<Json<Count>> as IntoOutcome>::output_schema().is_some());
        assert_eq!(<Outcome<String> as IntoOutcome>::output_schema(), None);
        assert_eq!(<InputRequired as IntoOutcome>::output_schema(), None);
        let done: Outcome<Json<Count>> = Json(Count { n: 2 }).into();
        let output = done.into_outcome().unwrap().done().unwrap();
        assert_eq!(output.structured(), Some(r#"{"n":2}"#));
    }

    #[test]
    fn accessors_pick_one_side() {
        let done: Outcome<u8> = Outcome::Done(1);
        assert_eq!(done.clone().done(), Some(1));
        assert_eq!(done.input_required(), None);
        let asked: Outcome<u8> = InputRequired::new().state("s").into();
        assert_eq!(asked.clone().done(), None);
        assert!(asked.input_required().is_some());
    }
}
