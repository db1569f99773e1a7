//! What is on offer at one moment, with its list replies serialized once.
//! Hot reload swaps in a new catalog; a call keeps the tool (or the
//! component) it started with, an `Arc`, so it finishes on that version.

use std::sync::Arc;

use rmcp::model::{CacheScope, ListToolsResult, MetaObject, ResultType};
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::changes::Changed;
use super::{LIST_TTL_MS, call};
use crate::registry::Registry;

/// A registry and its lists, for both eras.
pub struct Catalog {
    pub registry: Registry,
    /// Components are still loading at start: the lists will grow, so they
    /// are not cacheable, and the capabilities promise every list.
    pub partial: bool,
    pub(super) tools_list_legacy: Box<RawValue>,
    pub(super) tools_list_modern: Box<RawValue>,
    pub(super) resources: EraLists,
    pub(super) templates: EraLists,
    pub(super) prompts: EraLists,
}

/// One list reply, serialized for each era.
pub(super) struct EraLists {
    pub legacy: Box<RawValue>,
    pub modern: Box<RawValue>,
}

impl Catalog {
    pub(super) fn new(registry: Registry, info_meta: &MetaObject, partial: bool) -> Arc<Self> {
        // How long a client may cache a list: not at all while it is partial.
        let ttl_ms = if partial { 0 } else { LIST_TTL_MS };
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
            ttl_ms: Some(ttl_ms),
            cache_scope: Some(CacheScope::Public),
            tools,
            ..legacy.clone()
        };
        let raw = |list: &ListToolsResult| {
            serde_json::value::to_raw_value(list).expect("a tool list serializes")
        };
        let served = registry.served();
        let resources = EraLists::of(
            "resources",
            served.resources.iter().map(|r| &r.listed),
            info_meta,
            ttl_ms,
        );
        let templates = EraLists::of(
            "resourceTemplates",
            served.templates.iter().map(|t| &t.listed),
            info_meta,
            ttl_ms,
        );
        let prompts = EraLists::of(
            "prompts",
            served.prompts.iter().map(|p| &p.listed),
            info_meta,
            ttl_ms,
        );
        Arc::new(Self {
            tools_list_legacy: raw(&legacy),
            tools_list_modern: raw(&modern),
            resources,
            templates,
            prompts,
            registry,
            partial,
        })
    }

    /// Which lists a client would see differently here than in `other`.
    pub fn changes_from(&self, other: &Catalog) -> Changed {
        let differ = |a: &EraLists, b: &EraLists| a.legacy.get() != b.legacy.get();
        Changed {
            tools: self.tools_list_legacy.get() != other.tools_list_legacy.get(),
            resources: differ(&self.resources, &other.resources)
                || differ(&self.templates, &other.templates),
            prompts: differ(&self.prompts, &other.prompts),
        }
    }
}

impl EraLists {
    /// `{key: [entries]}`; at 2026-07-28 also complete, cacheable for
    /// `ttl_ms` by anyone, and signed with the server's identity.
    fn of<'a>(
        key: &str,
        entries: impl Iterator<Item = &'a Value>,
        info_meta: &MetaObject,
        ttl_ms: u64,
    ) -> Self {
        let list: Vec<&Value> = entries.collect();
        let legacy = json!({ key: list });
        let mut modern = legacy.clone();
        let object = modern.as_object_mut().expect("an object");
        object.insert("resultType".into(), "complete".into());
        object.insert("ttlMs".into(), ttl_ms.into());
        object.insert("cacheScope".into(), "public".into());
        object.insert(
            "_meta".into(),
            Value::Object(Map::from_iter(
                info_meta.iter().map(|(k, v)| (k.clone(), v.clone())),
            )),
        );
        let raw = |v: &Value| serde_json::value::to_raw_value(v).expect("a list serializes");
        Self {
            legacy: raw(&legacy),
            modern: raw(&modern),
        }
    }
}
