//! The tools on offer at one moment, with their `tools/list` replies
//! serialized once. Hot reload swaps in a new catalog; a call keeps the
//! tool it started with (an `Arc`), so it finishes on that version.

use std::sync::Arc;

use rmcp::model::{CacheScope, ListToolsResult, MetaObject, ResultType};
use serde_json::value::RawValue;

use super::{LIST_TTL_MS, call};
use crate::registry::Registry;

/// A registry and its tool lists, for both eras.
pub struct Catalog {
    pub registry: Registry,
    pub(super) tools_list_legacy: Box<RawValue>,
    pub(super) tools_list_modern: Box<RawValue>,
}

impl Catalog {
    pub(super) fn new(registry: Registry, info_meta: &MetaObject) -> Arc<Self> {
        let tools: Vec<_> = registry
            .tools()
            .iter()
            .map(|t| t.descriptor.clone())
            .collect();
        let legacy = ListToolsResult {
            result_type: None,
            meta: None,
            next_cursor: None,
            ttl_ms: None,
            cache_scope: None,
            tools: tools.iter().cloned().map(call::legacy_tool).collect(),
        };
        let modern = ListToolsResult {
            result_type: Some(ResultType::COMPLETE),
            meta: Some(info_meta.clone()),
            ttl_ms: Some(LIST_TTL_MS),
            cache_scope: Some(CacheScope::Public),
            tools,
            ..legacy.clone()
        };
        let raw = |list: &ListToolsResult| {
            serde_json::value::to_raw_value(list).expect("a tool list serializes")
        };
        Arc::new(Self {
            tools_list_legacy: raw(&legacy),
            tools_list_modern: raw(&modern),
            registry,
        })
    }

    /// Whether a client listing tools would see a different list here than
    /// in `other` (names, descriptions, schemas, annotations).
    pub fn lists_differ(&self, other: &Catalog) -> bool {
        self.tools_list_legacy.get() != other.tools_list_legacy.get()
    }
}
