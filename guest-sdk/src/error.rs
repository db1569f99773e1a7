use std::fmt;

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
}
