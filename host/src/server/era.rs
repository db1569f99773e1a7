//! The two protocol eras, and which one a request belongs to.
//!
//! - 2026-07-28 (modern): stateless. Every request carries
//!   `_meta["io.modelcontextprotocol/protocolVersion"]` and `…/clientCapabilities`.
//! - `initialize` era (2025-11-25 and older): the version negotiated by
//!   `initialize` applies to the rest of the connection.
//!
//! A request with the modern `_meta` keys gets modern semantics even on a
//! connection that also did `initialize`.

use rmcp::model::{ErrorData, JsonObject, ProtocolVersion};
use serde_json::{Value, json};

use crate::runtime::ClientCapabilities;
use crate::runtime::client::{ClientWishes, LogLevel};
use crate::sanitize::sanitize;

pub const META_PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
pub const META_CLIENT_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";

/// Versions served statelessly, newest first.
pub const MODERN_VERSIONS: &[ProtocolVersion] = &[ProtocolVersion::V_2026_07_28];

/// Versions served through `initialize`, newest first.
pub const LEGACY_VERSIONS: &[ProtocolVersion] = &[
    ProtocolVersion::V_2025_11_25,
    ProtocolVersion::V_2025_06_18,
    ProtocolVersion::V_2025_03_26,
    ProtocolVersion::V_2024_11_05,
];

#[derive(Clone, Debug, PartialEq)]
pub enum Era {
    Modern,
    Legacy(ProtocolVersion),
}

impl Era {
    /// From 2025-11-25 on (SEP-1303), arguments that fail the input schema are
    /// a tool error the model can read, not a protocol error.
    pub fn invalid_arguments_are_tool_errors(&self) -> bool {
        match self {
            Era::Modern => true,
            Era::Legacy(version) => version.as_str() >= ProtocolVersion::V_2025_11_25.as_str(),
        }
    }
}

/// The state one connection keeps: the version `initialize` negotiated, and
/// the log level `logging/setLevel` asked for.
#[derive(Debug, Default)]
pub struct Session {
    pub negotiated: Option<ProtocolVersion>,
    pub log_level: Option<LogLevel>,
    /// What the client declared at `initialize` it can be asked.
    pub client: ClientCapabilities,
    /// The resources it subscribed to (`resources/subscribe`).
    pub subscriptions: super::Subscriptions,
}

/// What an `initialize` request's `capabilities` say the client can be
/// asked.
pub fn declared_capabilities(params: &JsonObject) -> ClientCapabilities {
    let declared = params.get("capabilities").and_then(Value::as_object);
    let has = |name: &str| declared.is_some_and(|caps| caps.contains_key(name));
    ClientCapabilities {
        elicitation: has("elicitation"),
        sampling: has("sampling"),
        roots: has("roots"),
    }
}

/// Where a 2026-07-28 request asks for log entries.
pub const META_LOG_LEVEL: &str = "io.modelcontextprotocol/logLevel";

/// What a request asks to be told while it runs: progress when its `_meta`
/// carries a `progressToken` (a string or an integer), and log entries at the
/// level its `_meta` names (2026-07-28) or the session set (legacy era).
pub fn client_wishes(params: &JsonObject, era: &Era, session: &Session) -> ClientWishes {
    let meta = params.get("_meta").and_then(Value::as_object);
    let progress_token = meta
        .and_then(|meta| meta.get("progressToken"))
        .filter(|token| token.is_string() || token.is_i64() || token.is_u64())
        .cloned();
    let log_level = match era {
        Era::Modern => meta
            .and_then(|meta| meta.get(META_LOG_LEVEL))
            .and_then(Value::as_str)
            .and_then(|level| level.parse().ok()),
        Era::Legacy(_) => session.log_level,
    };
    ClientWishes {
        progress_token,
        log_level,
    }
}

/// Every version this server speaks, newest first.
pub fn supported_versions() -> Vec<ProtocolVersion> {
    MODERN_VERSIONS
        .iter()
        .chain(LEGACY_VERSIONS)
        .cloned()
        .collect()
}

/// The version `initialize` settles on: the client's if we speak it through
/// `initialize`, else the newest one we do.
pub fn negotiate(requested: Option<&str>) -> ProtocolVersion {
    LEGACY_VERSIONS
        .iter()
        .find(|v| Some(v.as_str()) == requested)
        .unwrap_or(&LEGACY_VERSIONS[0])
        .clone()
}

/// Decides the era of a request other than `initialize`.
pub fn era_of(params: &JsonObject, session: &Session) -> Result<Era, ErrorData> {
    let meta = params.get("_meta").and_then(Value::as_object);
    let version = meta.and_then(|m| m.get(META_PROTOCOL_VERSION));
    let Some(version) = version else {
        return match &session.negotiated {
            Some(version) => Ok(Era::Legacy(version.clone())),
            None => Err(ErrorData::invalid_params(
                format!(
                    "request _meta is missing required fields: {META_PROTOCOL_VERSION}, \
                     {META_CLIENT_CAPABILITIES} (or send initialize first)"
                ),
                None,
            )),
        };
    };
    let Some(version) = version.as_str() else {
        return Err(ErrorData::invalid_params(
            format!("_meta[\"{META_PROTOCOL_VERSION}\"] must be a string"),
            None,
        ));
    };
    if !MODERN_VERSIONS.iter().any(|v| v.as_str() == version) {
        return Err(ErrorData::new(
            rmcp::model::ErrorCode::UNSUPPORTED_PROTOCOL_VERSION,
            "Unsupported protocol version",
            // The client's text, echoed: capped and cleaned like any other.
            Some(json!({ "supported": supported_versions(), "requested": sanitize(version, 64) })),
        ));
    }
    if !meta.is_some_and(|m| {
        m.get(META_CLIENT_CAPABILITIES)
            .is_some_and(Value::is_object)
    }) {
        return Err(ErrorData::invalid_params(
            format!("request _meta is missing required fields: {META_CLIENT_CAPABILITIES}"),
            None,
        ));
    }
    Ok(Era::Modern)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rmcp::model::ErrorCode;

    fn params(value: Value) -> JsonObject {
        value.as_object().unwrap().clone()
    }

    fn modern_meta(version: &str) -> JsonObject {
        params(json!({"_meta": {
            META_PROTOCOL_VERSION: version,
            META_CLIENT_CAPABILITIES: {}
        }}))
    }

    #[test]
    fn modern_meta_selects_the_modern_era_even_after_initialize() {
        let session = Session {
            negotiated: Some(ProtocolVersion::V_2025_06_18),
            ..Session::default()
        };
        assert_eq!(
            era_of(&modern_meta("2026-07-28"), &session).unwrap(),
            Era::Modern
        );
        assert_eq!(
            era_of(&JsonObject::new(), &session).unwrap(),
            Era::Legacy(ProtocolVersion::V_2025_06_18)
        );
    }

    #[test]
    fn bad_or_missing_meta_gets_the_spec_codes() {
        let none = Session::default();
        assert_eq!(
            era_of(&JsonObject::new(), &none).unwrap_err().code,
            ErrorCode::INVALID_PARAMS
        );
        let unsupported = era_of(&modern_meta("2099-01-01"), &none).unwrap_err();
        assert_eq!(unsupported.code, ErrorCode::UNSUPPORTED_PROTOCOL_VERSION);
        assert_eq!(unsupported.data.unwrap()["requested"], "2099-01-01");
        let long = format!("\u{1b}[31m{}", "9".repeat(10_000));
        let echoed = era_of(&modern_meta(&long), &none)
            .unwrap_err()
            .data
            .unwrap();
        assert_eq!(
            echoed["requested"],
            format!("{}…", "9".repeat(64)),
            "capped and cleaned"
        );
        let no_caps = params(json!({"_meta": {META_PROTOCOL_VERSION: "2026-07-28"}}));
        assert_eq!(
            era_of(&no_caps, &none).unwrap_err().code,
            ErrorCode::INVALID_PARAMS
        );
    }

    #[test]
    fn initialize_echoes_known_versions_and_falls_back_to_the_newest() {
        assert_eq!(negotiate(Some("2025-03-26")), ProtocolVersion::V_2025_03_26);
        assert_eq!(negotiate(Some("2026-07-28")), ProtocolVersion::V_2025_11_25);
        assert_eq!(negotiate(None), ProtocolVersion::V_2025_11_25);
    }

    #[test]
    fn invalid_arguments_are_tool_errors_from_2025_11_25() {
        assert!(Era::Modern.invalid_arguments_are_tool_errors());
        assert!(Era::Legacy(ProtocolVersion::V_2025_11_25).invalid_arguments_are_tool_errors());
        assert!(!Era::Legacy(ProtocolVersion::V_2025_06_18).invalid_arguments_are_tool_errors());
    }
}
