//! String arguments by name: a prompt's arguments, a resource template's
//! variables, or what is already filled in when completing one of them.

use crate::ToolError;

/// Named string values, in the order they came.
///
/// ```
/// use toolhost_sdk::Arguments;
///
/// let args: Arguments = [("language", "rust")].into_iter().collect();
/// assert_eq!(args.get("language"), Some("rust"));
/// assert_eq!(args.get("style"), None);
/// assert!(args.require("style").is_err());
/// assert_eq!(args.iter().count(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arguments(Vec<(String, String)>);

impl Arguments {
    /// The value of `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value.as_str())
    }

    /// The value of `name`, or an invalid-input error naming it.
    pub fn require(&self, name: &str) -> Result<&str, ToolError> {
        self.get(name)
            .ok_or_else(|| ToolError::invalid_input(format!("the argument {name} is missing")))
    }

    /// Every name and value, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Arguments {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_value_of_a_name_wins() {
        let args: Arguments = vec![("a".to_string(), "1".to_string()), ("a".into(), "2".into())]
            .into_iter()
            .collect();
        assert_eq!(args.get("a"), Some("1"));
        assert_eq!(args.iter().collect::<Vec<_>>(), [("a", "1"), ("a", "2")]);
    }

    #[test]
    fn a_missing_argument_is_invalid_input_naming_it() {
        let error = Arguments::default().require("code").unwrap_err();
        assert_eq!(
            error,
            ToolError::invalid_input("the argument code is missing")
        );
    }
}
