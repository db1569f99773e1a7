//! Settings and secrets the operator granted this component in its policy.
//!
//! Nothing is granted by default, and a tool cannot ask for more: it names a
//! setting and gets its value only if the policy grants it. Secrets (API
//! tokens) are visible only here, never in the environment, and the host
//! redacts their values from everything a call returns or logs. Still, never
//! put a value in a result, an error or a log line on purpose.
//!
//! Outside WebAssembly (in native unit tests) there is no policy, so values
//! come from the process environment instead.

use crate::ToolError;

/// The value of the granted setting or secret `name`, or `None` when the
/// policy grants nothing by that name. Use it for optional settings.
pub fn get(name: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    return crate::bindings::toolhost::tool::config::get(name);
    #[cfg(not(target_arch = "wasm32"))]
    return std::env::var(name).ok();
}

/// The value of the setting `name`, or an error telling the model (and,
/// through it, the user) which setting the operator must grant. The message
/// names the setting, never a value.
pub fn require(name: &str) -> Result<String, ToolError> {
    get(name).ok_or_else(|| missing(name))
}

fn missing(name: &str) -> ToolError {
    ToolError::other(format!(
        "this tool needs the setting {name}, which it has not been given: \
         the operator's policy must grant it"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_setting_is_named_in_the_error() {
        let name = "TOOLHOST_SDK_TEST_SURELY_UNSET";
        assert_eq!(get(name), None);
        let error = require(name).unwrap_err();
        assert!(matches!(error, ToolError::Other(_)));
        assert!(error.message().contains(name), "{error}");
        assert!(error.message().contains("policy"), "{error}");
    }

    #[test]
    fn a_present_setting_is_returned() {
        // PATH is set wherever tests run natively.
        assert_eq!(require("PATH").unwrap(), std::env::var("PATH").unwrap());
    }
}
