use std::fmt;

/// The result of a tool function, a resource read or a prompt: its value or
/// a [`ToolError`]. Inside, `?` works on any [`std::error::Error`] (and on
/// the SDK's own errors), as with `anyhow::Result`.
pub type Result<T, E = ToolError> = std::result::Result<T, E>;

/// A failure a tool reports. The host turns it into a tool result with
/// `isError: true`, so the model sees the message and can react to it; it is
/// not a protocol error. Keep messages short and written for a model.
///
/// `ToolError` deliberately does not implement [`std::error::Error`]: that lets
/// any standard error convert into it with `?` (as [`ToolError::Other`]),
/// which a blanket `From` impl could not do otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolError {
    /// The arguments passed the schema but are still unusable (for example, a
    /// date that does not exist). The model should change its arguments.
    InvalidInput(String),
    /// A service the tool depends on failed. The model may retry later.
    Upstream {
        /// The HTTP status, when the failure was an HTTP response.
        status: Option<u16>,
        /// Seconds to wait before retrying, from `Retry-After`.
        retry_after_secs: Option<u32>,
        /// A short explanation; never the upstream body verbatim, since it
        /// may be large or carry another party's secrets.
        message: String,
    },
    /// Any other failure.
    Other(String),
}

impl ToolError {
    /// The arguments are well-formed but unusable.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::InvalidInput(message.into())
    }

    /// A service the tool depends on failed.
    pub fn upstream(
        status: Option<u16>,
        retry_after_secs: Option<u32>,
        message: impl Into<String>,
    ) -> Self {
        Self::Upstream {
            status,
            retry_after_secs,
            message: message.into(),
        }
    }

    /// Anything else.
    pub fn other(message: impl Into<String>) -> Self {
        Self::Other(message.into())
    }

    /// The same error with `context` (what the tool was doing) before its
    /// message; the kind (and an upstream status) stays.
    pub fn context(self, context: impl fmt::Display) -> Self {
        let prefix = |message: String| format!("{context}: {message}");
        match self {
            Self::InvalidInput(m) => Self::InvalidInput(prefix(m)),
            Self::Upstream {
                status,
                retry_after_secs,
                message,
            } => Self::Upstream {
                status,
                retry_after_secs,
                message: prefix(message),
            },
            Self::Other(m) => Self::Other(prefix(m)),
        }
    }

    /// The message, whatever the kind.
    pub fn message(&self) -> &str {
        match self {
            Self::InvalidInput(m) | Self::Other(m) => m,
            Self::Upstream { message, .. } => message,
        }
    }
}

impl fmt::Display for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidInput(m) => write!(f, "invalid input: {m}"),
            Self::Upstream {
                status: Some(status),
                message,
                ..
            } => write!(f, "upstream error (status {status}): {message}"),
            Self::Upstream { message, .. } => write!(f, "upstream error: {message}"),
            Self::Other(m) => f.write_str(m),
        }
    }
}

/// Lets `?` work on any standard error inside a tool. The message includes the
/// error's sources, because the outermost message alone ("failed to parse")
/// rarely tells the model enough.
impl<E: std::error::Error> From<E> for ToolError {
    fn from(error: E) -> Self {
        let mut message = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Self::Other(message)
    }
}

/// Says what the tool was doing when something failed, as `anyhow`'s
/// `Context` does: the model reads "reading the settings: No such file or
/// directory" instead of the bare cause. On an `Option`, `None` becomes a
/// [`ToolError::Other`] with the message.
///
/// ```
/// use toolhost_sdk::{ErrorContext, Result, ToolError};
///
/// fn limit(text: &str) -> Result<u32> {
///     let digits = text.strip_prefix("limit=").context("expected limit=N")?;
///     Ok(digits.parse::<u32>().with_context(|| format!("reading {text:?}"))?)
/// }
///
/// assert_eq!(limit("limit=7"), Ok(7));
/// assert_eq!(limit("7"), Err(ToolError::other("expected limit=N")));
/// assert_eq!(
///     limit("limit=x").unwrap_err().message(),
///     r#"reading "limit=x": invalid digit found in string"#
/// );
/// ```
pub trait ErrorContext<T> {
    /// The error, or `None`, with `context` before its message.
    fn context(self, context: impl fmt::Display) -> Result<T>;

    /// The same, with the context made only when there is an error.
    fn with_context<C: fmt::Display>(self, context: impl FnOnce() -> C) -> Result<T>;
}

impl<T, E: Into<ToolError>> ErrorContext<T> for std::result::Result<T, E> {
    fn context(self, context: impl fmt::Display) -> Result<T> {
        self.map_err(|error| error.into().context(context))
    }

    fn with_context<C: fmt::Display>(self, context: impl FnOnce() -> C) -> Result<T> {
        self.map_err(|error| error.into().context(context()))
    }
}

impl<T> ErrorContext<T> for Option<T> {
    fn context(self, context: impl fmt::Display) -> Result<T> {
        self.ok_or_else(|| ToolError::other(context.to_string()))
    }

    fn with_context<C: fmt::Display>(self, context: impl FnOnce() -> C) -> Result<T> {
        self.ok_or_else(|| ToolError::other(context().to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_pick_the_variant() {
        assert_eq!(
            ToolError::invalid_input("bad date"),
            ToolError::InvalidInput("bad date".into())
        );
        assert_eq!(
            ToolError::upstream(Some(503), Some(30), "down"),
            ToolError::Upstream {
                status: Some(503),
                retry_after_secs: Some(30),
                message: "down".into()
            }
        );
        assert_eq!(ToolError::other("boom").message(), "boom");
    }

    #[test]
    fn question_mark_converts_std_errors_to_other() {
        fn parse(s: &str) -> Result<u32, ToolError> {
            Ok(s.parse::<u32>()?)
        }
        assert_eq!(
            parse("x"),
            Err(ToolError::Other("invalid digit found in string".into()))
        );
    }

    #[test]
    fn conversion_keeps_the_source_chain() {
        #[derive(Debug)]
        struct Outer(std::num::ParseIntError);
        impl fmt::Display for Outer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("reading the limit")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let inner = "x".parse::<u32>().unwrap_err();
        assert_eq!(
            ToolError::from(Outer(inner)).message(),
            "reading the limit: invalid digit found in string"
        );
    }

    #[test]
    fn context_keeps_the_kind_and_the_status() {
        let upstream: Result<(), ToolError> = Err(ToolError::upstream(Some(429), Some(5), "slow"));
        assert_eq!(
            upstream.context("asking the tracker"),
            Err(ToolError::upstream(
                Some(429),
                Some(5),
                "asking the tracker: slow"
            ))
        );
        let invalid: Result<(), ToolError> = Err(ToolError::invalid_input("no such day"));
        assert_eq!(
            invalid.with_context(|| "reading the date"),
            Err(ToolError::invalid_input("reading the date: no such day"))
        );
        assert_eq!(Some(1).context("unused"), Ok(1));
        let parsed = "x".parse::<u8>().context("reading the count");
        assert_eq!(
            parsed,
            Err(ToolError::other(
                "reading the count: invalid digit found in string"
            ))
        );
    }
}
