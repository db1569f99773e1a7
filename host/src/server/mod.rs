//! MCP method dispatch for both protocol eras.
//!
//! The transports hand over one message at a time. Everything that can be
//! answered without running a tool is answered on the spot; a tool call comes
//! back as a [`PendingCall`] for the transport to run concurrently, so a slow
//! tool never holds up the next message.
//!
//! Wire shapes are rmcp's model types. The loop and the dispatch are ours:
//! rmcp's service layer drops unparsable lines (JSON-RPC wants -32700) and
//! costs more per call than our whole budget.

mod access;
mod admit;
mod call;
mod catalog;
mod changes;
mod content;
pub mod era;
pub mod error_table;
#[cfg(debug_assertions)]
mod failpoint;
mod input;
pub mod jsonrpc;
pub mod listen;
pub mod outbound;
mod pending;
mod refusal;
mod respond;
pub mod sealed;
mod served;
mod served_call;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use rmcp::model::{
    CacheScope, DiscoverResult, ErrorData, Implementation, InitializeResult, JsonObject, MetaObject,
};
use serde_json::Value;
use tokio::sync::{Semaphore, watch};

pub use call::CallDetail;
pub(crate) use call::fit_to_era;
pub use catalog::Catalog;
pub use changes::{Change, Changed, ListChanges, Subscriptions};
pub(crate) use content::{annotations_json, is_mime_type, output_result};
pub use era::{Era, Session};
use jsonrpc::{Message, Rejected};
pub use jsonrpc::{Reply, ReplyBody, Response};
pub use listen::Listen;
pub use outbound::{Outbox, Peer};
pub use pending::PendingCall;

use crate::registry::Registry;
use respond::{capabilities, method_not_found, reply, result_reply};

/// How long a client may cache `tools/list` and `server/discover` (2026-07-28).
/// A reload can change the list sooner; clients that listen for changes are
/// told (see [`Server::replace`]).
pub const LIST_TTL_MS: u64 = 60_000;

/// What the server does with one message.
pub enum Dispatch {
    /// Write this reply.
    Reply(Reply),
    /// Write this reply to a successful `initialize`: the session it was
    /// sent in now has a negotiated version.
    Initialized(Reply),
    /// Run this call, then write its reply.
    Call(PendingCall),
    /// The client's answer to a request a call sent it: route it to the
    /// call's [`Peer`].
    Response(Response),
    /// Open this `subscriptions/listen` stream: send its acknowledgment,
    /// then each notification, until the client cancels it; never a reply.
    Listen(Listen),
    /// Cancel the in-flight request with this id; write nothing for it.
    Cancel(Value),
    /// Nothing to write (a notification).
    Nothing,
}

/// The MCP server: tools, in-flight limits and precomputed replies.
pub struct Server {
    catalog: RwLock<Arc<Catalog>>,
    /// Bumped, per list, each time the listed tools, resources or prompts change.
    list_version: watch::Sender<changes::Generation>,
    /// Whether `initialize` promises `notifications/tools/list_changed`:
    /// only when the tools can change and the transport can say so.
    list_changed: bool,
    /// Components are still loading at start; `true` once they all have.
    settled: watch::Sender<bool>,
    /// Some client was told every list exists while components were still
    /// loading: from then on the served methods answer, even when no
    /// component turned out to serve them (with empty lists).
    declared_partial: AtomicBool,
    global_permits: Arc<Semaphore>,
    max_in_flight: u32,
    /// Seals `requestState` (input required at 2026-07-28).
    state_key: Arc<sealed::StateKey>,
    info: Implementation,
    info_meta: Arc<MetaObject>,
}

impl Server {
    pub fn new(registry: Registry, max_in_flight: u32) -> Self {
        let info = Implementation::new("toolhost", env!("CARGO_PKG_VERSION"));
        let mut info_meta = MetaObject::new();
        info_meta.insert(
            "io.modelcontextprotocol/serverInfo".into(),
            serde_json::to_value(&info).expect("Implementation serializes"),
        );
        let catalog = Catalog::new(registry, &info_meta, false);
        Self {
            catalog: RwLock::new(catalog.clone()),
            list_version: watch::Sender::new(changes::Generation::first(catalog)),
            list_changed: false,
            settled: watch::Sender::new(true),
            declared_partial: AtomicBool::new(false),
            global_permits: Arc::new(Semaphore::new(max_in_flight as usize)),
            max_in_flight,
            // Drawn at start unless the operator shares one across replicas.
            state_key: Arc::new(
                sealed::StateKey::random().expect("the OS random source for the state key"),
            ),
            info,
            info_meta: Arc::new(info_meta),
        }
    }

    /// Seals `requestState` with `key`, so that replicas sharing it accept
    /// each other's state.
    pub fn with_state_key(mut self, key: sealed::StateKey) -> Self {
        self.state_key = Arc::new(key);
        self
    }

    /// Declares `listChanged: true` in the legacy era: the tools may be
    /// reloaded and the transport sends `notifications/tools/list_changed`.
    pub fn with_list_changed(mut self) -> Self {
        self.list_changed = true;
        self
    }

    /// A server that answers before its components have loaded: it serves
    /// none until [`Server::replace`] gives it some, and its lists are
    /// partial until [`Server::finish_loading`]. Clients are told of each
    /// change (as after a reload), so a slow component compiling never
    /// holds up `initialize`.
    pub fn starting(max_in_flight: u32) -> Self {
        let server = Self::new(Registry::default(), max_in_flight);
        server.settled.send_replace(false);
        let partial = Catalog::new(Registry::default(), &server.info_meta, true);
        *server
            .catalog
            .write()
            .unwrap_or_else(PoisonError::into_inner) = partial.clone();
        server
            .list_version
            .send_replace(changes::Generation::first(partial));
        server
    }

    /// Whether components are still loading at start.
    pub fn is_loading(&self) -> bool {
        !*self.settled.borrow()
    }

    /// Serves `registry`, every component that loaded at start, from now
    /// on: the lists are complete.
    pub fn finish_loading(&self, registry: Registry) -> Changed {
        // Served complete before anyone waiting in `loaded` is woken.
        let changed = self.install(registry, false);
        self.settled.send_replace(true);
        changed
    }

    /// Waits until every component has loaded at start (at once if none
    /// was loading).
    pub async fn loaded(&self) {
        let mut settled = self.settled.subscribe();
        // The sender lives as long as `self`, so this cannot fail.
        let _ = settled.wait_for(|settled| *settled).await;
    }

    /// The tools on offer now.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Serves `registry` from now on. Calls in flight keep the tools they
    /// started with. Returns which lists changed; every
    /// [`Server::list_changes`] listener is told.
    pub fn replace(&self, registry: Registry) -> Changed {
        self.install(registry, self.is_loading())
    }

    fn install(&self, registry: Registry, partial: bool) -> Changed {
        let next = Catalog::new(registry, &self.info_meta, partial);
        let previous = std::mem::replace(
            &mut *self.catalog.write().unwrap_or_else(PoisonError::into_inner),
            next.clone(),
        );
        let changed = next.changes_from(&previous);
        // Every reload is told: a replaced component may read differently.
        self.list_version
            .send_modify(|generation| generation.advance(changed, next));
        changed
    }

    /// Wakes on every reload, with what it changed.
    pub fn list_changes(&self) -> ListChanges {
        ListChanges::new(self.list_version.subscribe())
    }

    /// Whether the transport should tell clients of list changes: when the
    /// tools are reloaded, or components are still loading at start.
    pub fn announces_list_changes(&self) -> bool {
        self.list_changed || self.is_loading()
    }

    /// The capabilities to declare now; remembers when they were declared
    /// from a partial catalog (see `declared_partial`).
    fn declare(&self, modern: bool) -> rmcp::model::ServerCapabilities {
        let catalog = self.catalog();
        if catalog.partial {
            self.declared_partial.store(true, Ordering::Relaxed);
        }
        capabilities(self.list_changed, &catalog, modern)
    }

    /// Handles one incoming line (without its newline).
    pub fn handle_line(&self, line: &[u8], session: &mut Session) -> Dispatch {
        self.handle(jsonrpc::parse(line), session)
    }

    /// Handles one message, parsed once by the transport.
    pub fn handle(&self, message: Result<Message, Rejected>, session: &mut Session) -> Dispatch {
        match message {
            Err(rejected) => Dispatch::Reply(Reply::error(rejected.id.as_ref(), rejected.error)),
            Ok(Message::Response(response)) => Dispatch::Response(response),
            Ok(Message::Notification { method, params }) => notification(&method, params),
            Ok(Message::Request { id, method, params }) => {
                match self.request(&id, &method, params, session) {
                    Ok(dispatch) => dispatch,
                    Err(error) => Dispatch::Reply(Reply::error(Some(&id), error)),
                }
            }
        }
    }

    fn request(
        &self,
        id: &Value,
        method: &str,
        params: JsonObject,
        session: &mut Session,
    ) -> Result<Dispatch, ErrorData> {
        let modern_meta = params
            .get("_meta")
            .and_then(Value::as_object)
            .is_some_and(|meta| meta.contains_key(era::META_PROTOCOL_VERSION));
        if method == "initialize" && !modern_meta {
            return self.initialize(id, &params, session);
        }
        // With modern `_meta`, `initialize` (removed in 2026-07-28) falls
        // through to -32601 like any other unknown method.
        if method == "ping" && !modern_meta {
            // Allowed before initialize; removed in 2026-07-28.
            return reply(id, serde_json::json!({}));
        }
        // An unknown method is -32601 whatever else is wrong with the request.
        let method = match method {
            "tools/list" => Method::ListTools,
            "tools/call" => Method::CallTool,
            "server/discover" => Method::Discover,
            "subscriptions/listen" => Method::Listen,
            "logging/setLevel" => Method::SetLevel,
            // What no component offers is as unknown as any other method.
            other => match served::Method::of(other).filter(|m| self.offers(*m)) {
                Some(method) => Method::Served(method),
                None => return Err(method_not_found(method)),
            },
        };
        let era = match era::era_of(&params, session) {
            Ok(era) => era,
            Err(error) => return Ok(Dispatch::Reply(Reply::malformed(Some(id), error))),
        };
        match method {
            Method::Served(method) => self.served(id, method, params, era, session),
            Method::ListTools => {
                if params.get("cursor").is_some_and(|cursor| !cursor.is_null()) {
                    // Every tool fits on one page, so no cursor was ever issued.
                    return Err(ErrorData::invalid_params("Invalid cursor", None));
                }
                let catalog = self.catalog();
                let list = match era {
                    Era::Modern => &catalog.tools_list_modern,
                    Era::Legacy(_) => &catalog.tools_list_legacy,
                };
                reply(id, list)
            }
            Method::CallTool => {
                let wishes = era::client_wishes(&params, &era, session);
                self.tools_call(id, params, era, wishes, session.client)
            }
            // Gone at 2026-07-28, where each request carries its own level.
            Method::SetLevel if era == Era::Modern => Err(method_not_found("logging/setLevel")),
            Method::SetLevel => {
                let level = params.get("level").and_then(Value::as_str);
                let Some(level) = level.and_then(|l| l.parse().ok()) else {
                    return Err(ErrorData::invalid_params(
                        "logging/setLevel needs a level: debug, info, notice, warning, error, \
                         critical, alert or emergency",
                        None,
                    ));
                };
                session.log_level = Some(level);
                reply(id, serde_json::json!({}))
            }
            // Gone from the legacy era's method table: it has its GET stream.
            Method::Listen if era != Era::Modern => Err(method_not_found("subscriptions/listen")),
            Method::Listen => {
                Listen::accept(id, &params, self.list_changes()).map(Dispatch::Listen)
            }
            Method::Discover => {
                let mut result = DiscoverResult::new(era::supported_versions(), self.declare(true));
                result.ttl_ms = LIST_TTL_MS;
                result.cache_scope = CacheScope::Public;
                result.meta = Some(MetaObject::clone(&self.info_meta));
                reply(id, result)
            }
        }
    }

    fn initialize(
        &self,
        id: &Value,
        params: &JsonObject,
        session: &mut Session,
    ) -> Result<Dispatch, ErrorData> {
        let Some(requested) = params.get("protocolVersion").and_then(Value::as_str) else {
            return Err(ErrorData::invalid_params(
                "initialize needs a string protocolVersion",
                None,
            ));
        };
        let version = era::negotiate(Some(requested));
        let capabilities = self.declare(false);
        let result = InitializeResult::new(capabilities)
            .with_protocol_version(version.clone())
            .with_server_info(self.info.clone());
        let reply = result_reply(id, result)?;
        session.negotiated = Some(version);
        session.client = era::declared_capabilities(params);
        Ok(Dispatch::Initialized(reply))
    }
}

/// The requests served beyond `initialize` and `ping`.
enum Method {
    /// Resources, prompts, completions: see `served`.
    Served(served::Method),
    ListTools,
    CallTool,
    Discover,
    Listen,
    SetLevel,
}

fn notification(method: &str, params: JsonObject) -> Dispatch {
    match method {
        "notifications/cancelled" => match params.get("requestId") {
            Some(id @ (Value::String(_) | Value::Number(_))) => Dispatch::Cancel(id.clone()),
            _ => Dispatch::Nothing,
        },
        // `notifications/initialized` and anything unknown need no answer.
        _ => Dispatch::Nothing,
    }
}
