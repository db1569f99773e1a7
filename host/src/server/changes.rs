//! Telling clients what a reload changed: which lists (tools, resources,
//! prompts), and, for a legacy-era client that subscribed to a resource,
//! that the component serving it was replaced, so its contents may differ
//! (`notifications/resources/updated`). A component cannot say that its
//! contents changed otherwise: every read runs it afresh.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{Value, json};
use tokio::sync::watch;

use super::catalog::Catalog;

/// Which lists differ between two catalogs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changed {
    pub tools: bool,
    pub resources: bool,
    pub prompts: bool,
}

impl Changed {
    pub fn any(&self) -> bool {
        self.tools || self.resources || self.prompts
    }

    /// The notification methods that announce these changes, in the order
    /// they are sent.
    pub fn methods(&self) -> impl Iterator<Item = &'static str> {
        [
            (self.tools, "notifications/tools/list_changed"),
            (self.resources, "notifications/resources/list_changed"),
            (self.prompts, "notifications/prompts/list_changed"),
        ]
        .into_iter()
        .filter_map(|(changed, method)| changed.then_some(method))
    }
}

/// How many times each list has changed, and the catalog in service.
#[derive(Clone)]
pub(super) struct Generation {
    tools: u64,
    resources: u64,
    prompts: u64,
    catalog: Arc<Catalog>,
}

impl Generation {
    pub(super) fn first(catalog: Arc<Catalog>) -> Self {
        Self {
            tools: 0,
            resources: 0,
            prompts: 0,
            catalog,
        }
    }

    /// The next generation: `catalog`, with `changed` lists.
    pub(super) fn advance(&mut self, changed: Changed, catalog: Arc<Catalog>) {
        self.tools += u64::from(changed.tools);
        self.resources += u64::from(changed.resources);
        self.prompts += u64::from(changed.prompts);
        self.catalog = catalog;
    }
}

/// What one or more reloads changed since a listener last looked.
pub struct Change {
    pub lists: Changed,
    previous: Arc<Catalog>,
    current: Arc<Catalog>,
}

impl Change {
    /// Whether this change ends at `catalog`: a client that saw that
    /// catalog has nothing new to hear.
    pub fn ends_at(&self, catalog: &Arc<Catalog>) -> bool {
        Arc::ptr_eq(&self.current, catalog)
    }

    /// Whether the component serving `uri` is another one now (or there is
    /// none, or there was none).
    pub fn updated(&self, uri: &str) -> bool {
        let serving = |catalog: &Catalog| {
            catalog
                .registry
                .served()
                .resource(uri)
                .map(|by| Arc::as_ptr(&by.component))
        };
        serving(&self.previous) != serving(&self.current)
    }

    /// What a legacy-era session is told of this change: each list that
    /// changed, then each subscribed resource whose component was replaced.
    pub fn legacy_notifications(&self, subscriptions: &Subscriptions) -> Vec<Value> {
        let lists = self
            .lists
            .methods()
            .map(|method| json!({"jsonrpc": "2.0", "method": method}));
        let updated = subscriptions.updated(self).into_iter().map(|uri| {
            json!({"jsonrpc": "2.0", "method": "notifications/resources/updated",
                "params": {"uri": uri}})
        });
        lists.chain(updated).collect()
    }
}

/// A listener for reloads: wakes with what changed since it last looked,
/// however many reloads that took.
pub struct ListChanges {
    seen: Generation,
    generations: watch::Receiver<Generation>,
}

impl fmt::Debug for ListChanges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListChanges").finish_non_exhaustive()
    }
}

impl ListChanges {
    pub(super) fn new(generations: watch::Receiver<Generation>) -> Self {
        let seen = generations.borrow().clone();
        Self { seen, generations }
    }

    /// What changed since the last call; `None` once the server is gone.
    pub async fn next(&mut self) -> Option<Change> {
        self.generations.changed().await.ok()?;
        let now = self.generations.borrow_and_update().clone();
        let lists = Changed {
            tools: now.tools != self.seen.tools,
            resources: now.resources != self.seen.resources,
            prompts: now.prompts != self.seen.prompts,
        };
        let previous = std::mem::replace(&mut self.seen, now).catalog;
        Some(Change {
            lists,
            previous,
            current: self.seen.catalog.clone(),
        })
    }
}

/// The resources a legacy-era session subscribed to, shared with whatever
/// sends that session notifications.
#[derive(Clone, Debug, Default)]
pub struct Subscriptions(Arc<Mutex<BTreeSet<String>>>);

impl Subscriptions {
    pub fn insert(&self, uri: String) {
        self.lock().insert(uri);
    }

    pub fn remove(&self, uri: &str) {
        self.lock().remove(uri);
    }

    /// The subscribed URIs whose serving component `change` replaced.
    pub fn updated(&self, change: &Change) -> Vec<String> {
        self.lock()
            .iter()
            .filter(|uri| change.updated(uri))
            .cloned()
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeSet<String>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
