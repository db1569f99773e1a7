//! `toolhost inspect`: what each component offers and is granted, as the
//! server would load it. Values of environment variables and secrets are
//! never shown, only where they come from.

use std::fmt::Write as _;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::policy::Grants;
use crate::registry::Registry;
use crate::runtime::LoadedComponent;

/// Components in load order, each with the names of its tools.
fn components(registry: &Registry) -> Vec<(Arc<LoadedComponent>, Vec<&str>)> {
    let mut out: Vec<(Arc<LoadedComponent>, Vec<&str>)> = Vec::new();
    for tool in registry.tools() {
        match out
            .iter_mut()
            .find(|(c, _)| Arc::ptr_eq(c, &tool.component))
        {
            Some((_, names)) => names.push(&tool.name),
            None => out.push((tool.component.clone(), vec![&tool.name])),
        }
    }
    out
}

/// The report as text, for a person.
pub fn text(registry: &Registry) -> String {
    let mut out = String::new();
    for (component, tools) in components(registry) {
        let g = &component.grants;
        let _ = writeln!(out, "{}", component.label);
        let _ = writeln!(out, "  tools:    {}", tools.join(", "));
        if let Some(plain) = component.plain_exports() {
            let skipped: Vec<String> = plain
                .skipped
                .iter()
                .map(|s| format!("{} ({})", s.function, s.reason))
                .collect();
            let _ = writeln!(
                out,
                "  plain:    WIT functions as tools (no toolhost contract); descriptions {}; skipped: {}",
                if plain.documented {
                    "from its WIT doc comments"
                } else {
                    "generic (no package-docs)"
                },
                if skipped.is_empty() {
                    "none".to_owned()
                } else {
                    skipped.join(", ")
                }
            );
        }
        let _ = writeln!(out, "  policy:   {}", g.source);
        if g.files.is_empty() {
            let _ = writeln!(out, "  files:    none");
        }
        for dir in &g.files {
            let mode = if dir.writable {
                "read-write"
            } else {
                "read-only"
            };
            let _ = writeln!(
                out,
                "  files:    {} -> {} ({mode})",
                dir.host.display(),
                dir.guest
            );
        }
        match &g.network {
            None => {
                let _ = writeln!(out, "  network:  none");
            }
            Some(net) => {
                let rules: Vec<String> = net.allow.iter().map(ToString::to_string).collect();
                let rules = if rules.is_empty() {
                    "none (every request refused)".to_owned()
                } else {
                    rules.join(", ")
                };
                let l = &net.limits;
                let _ = writeln!(out, "  network:  {rules}");
                let _ = writeln!(
                    out,
                    "            connect {} ms, first byte {} ms, between bytes {} ms, total {} ms, \
                     body <= {} KiB, <= {} requests at once per call",
                    l.connect_timeout.as_millis(),
                    l.first_byte_timeout.as_millis(),
                    l.between_bytes_timeout.as_millis(),
                    l.total_timeout.as_millis(),
                    l.max_response_bytes >> 10,
                    l.max_concurrent_requests
                );
                let extra = net.trust.extra();
                if !extra.is_empty() {
                    let files: Vec<String> =
                        extra.iter().map(|p| p.display().to_string()).collect();
                    let _ = writeln!(
                        out,
                        "            trusts the web PKI and {}",
                        files.join(", ")
                    );
                }
            }
        }
        let values = |granted: &[crate::policy::Granted]| -> String {
            if granted.is_empty() {
                return "none".into();
            }
            granted
                .iter()
                .map(|g| format!("{} ({})", g.name, g.source))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(out, "  env:      {}", values(&g.env));
        let _ = writeln!(out, "  secrets:  {}", values(&g.secrets));
    }
    if out.is_empty() {
        out.push_str("no tools loaded\n");
    }
    out
}

/// The report as JSON, for scripts.
pub fn json(registry: &Registry) -> Value {
    let list: Vec<Value> = components(registry)
        .into_iter()
        .map(|(component, tools)| {
            json!({
                "component": &*component.label,
                "tools": tools,
                "plain": component.plain_exports().map(|plain| json!({
                    "documented": plain.documented,
                    "skipped": plain.skipped.iter().map(|s| json!({
                        "function": s.function,
                        "reason": s.reason,
                    })).collect::<Vec<_>>(),
                })),
                "grants": grants_json(&component.grants),
            })
        })
        .collect();
    json!({ "components": list })
}

fn grants_json(g: &Grants) -> Value {
    let values = |granted: &[crate::policy::Granted]| -> Vec<Value> {
        granted
            .iter()
            .map(|g| json!({ "name": g.name, "source": g.source.to_string() }))
            .collect()
    };
    json!({
        "policy": g.source.to_string(),
        "files": g.files.iter().map(|d| json!({
            "host": d.host.display().to_string(),
            "guest": d.guest,
            "mode": if d.writable { "read-write" } else { "read-only" },
        })).collect::<Vec<_>>(),
        "network": g.network.as_ref().map(|net| json!({
            "allow": net.allow.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "connectTimeoutMs": net.limits.connect_timeout.as_millis() as u64,
            "firstByteTimeoutMs": net.limits.first_byte_timeout.as_millis() as u64,
            "betweenBytesTimeoutMs": net.limits.between_bytes_timeout.as_millis() as u64,
            "totalTimeoutMs": net.limits.total_timeout.as_millis() as u64,
            "maxResponseBytes": net.limits.max_response_bytes,
            "maxConcurrentRequests": net.limits.max_concurrent_requests,
            "caCerts": net.trust.extra(),
        })),
        "env": values(&g.env),
        "secrets": values(&g.secrets),
    })
}
