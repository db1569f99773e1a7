//! Circuit breakers for outbound requests, one per component and
//! destination: an upstream that keeps failing (connection failures,
//! timeouts, 5xx) is not called again for a cool-down, so a sick dependency
//! costs each call an immediate, explained failure instead of its timeouts.
//!
//! After [`BreakerRule::failures`] failures in a row the breaker opens:
//! requests fail at once for [`BreakerRule::cooldown`]. Then one request is
//! let through (the probe); if it succeeds (any response below 500) the
//! breaker closes, and if it fails it opens again. While the probe is out,
//! other requests fail at once. The state is process-wide, shared by every
//! call of the component.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

/// When a breaker opens, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BreakerRule {
    /// Failures in a row that open it; 0 never does.
    pub failures: u32,
    pub cooldown: Duration,
}

impl Default for BreakerRule {
    fn default() -> Self {
        Self {
            failures: 5,
            cooldown: Duration::from_secs(30),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Closed { failures: u32 },
    Open { until: Instant, failures: u32 },
    Probing { failures: u32 },
}

/// Why a request was refused without being sent: the words for the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open {
    pub message: String,
}

/// A request let through; say how it went with [`Breakers::record`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket {
    probe: bool,
}

type Key = (String, String);

fn table() -> &'static Mutex<HashMap<Key, State>> {
    static TABLE: OnceLock<Mutex<HashMap<Key, State>>> = OnceLock::new();
    TABLE.get_or_init(Mutex::default)
}

/// The breakers of every component, by destination (`host:port`).
pub struct Breakers;

impl Breakers {
    /// Lets a request from `component` to `destination` go, or refuses it
    /// while the breaker is open.
    pub fn admit(
        component: &str,
        destination: &str,
        rule: BreakerRule,
        now: Instant,
    ) -> Result<Ticket, Open> {
        if rule.failures == 0 {
            return Ok(Ticket { probe: false });
        }
        let mut table = table().lock().unwrap_or_else(PoisonError::into_inner);
        // Only destinations that failed have an entry: the table holds no
        // more than the upstreams that are failing.
        let Some(state) = table.get_mut(&(component.to_owned(), destination.to_owned())) else {
            return Ok(Ticket { probe: false });
        };
        match *state {
            State::Closed { .. } => Ok(Ticket { probe: false }),
            State::Open { until, failures } if now < until => {
                let left = until - now;
                let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
                Err(Open {
                    message: format!(
                        "{destination} has failed {failures} times in a row; not retrying for {secs} s"
                    ),
                })
            }
            State::Open { failures, .. } => {
                *state = State::Probing { failures };
                Ok(Ticket { probe: true })
            }
            State::Probing { failures } => Err(Open {
                message: format!(
                    "{destination} has failed {failures} times in a row; another request is checking whether it has recovered"
                ),
            }),
        }
    }

    /// Records how a request that was let through went: `failed` for a
    /// connection failure, a timeout or a 5xx.
    pub fn record(
        component: &str,
        destination: &str,
        rule: BreakerRule,
        ticket: Ticket,
        failed: bool,
        now: Instant,
    ) {
        if rule.failures == 0 {
            return;
        }
        let mut table = table().lock().unwrap_or_else(PoisonError::into_inner);
        let key = (component.to_owned(), destination.to_owned());
        if !failed && !table.contains_key(&key) {
            return;
        }
        let state = table
            .entry(key.clone())
            .or_insert(State::Closed { failures: 0 });
        let open = |failures| State::Open {
            until: now.checked_add(rule.cooldown).unwrap_or(now),
            failures,
        };
        *state = match (*state, failed) {
            (State::Closed { .. }, false) => State::Closed { failures: 0 },
            (State::Closed { failures }, true) => {
                let failures = failures + 1;
                if failures >= rule.failures {
                    tracing::warn!(
                        component,
                        destination,
                        failures,
                        cooldown_secs = rule.cooldown.as_secs(),
                        "upstream breaker open: not sending requests to it for the cool-down"
                    );
                    open(failures)
                } else {
                    State::Closed { failures }
                }
            }
            (State::Probing { .. }, false) if ticket.probe => {
                tracing::info!(
                    component,
                    destination,
                    "upstream breaker closed: the probe request succeeded"
                );
                State::Closed { failures: 0 }
            }
            (State::Probing { failures }, true) if ticket.probe => open(failures + 1),
            // A request sent before the breaker opened ended during it.
            (other, _) => other,
        };
        if *state == (State::Closed { failures: 0 }) {
            table.remove(&key);
        }
    }

    /// A probe that ended without an answer either way (its call was
    /// dropped) hands the probe to the next request.
    pub fn release(component: &str, destination: &str, ticket: Ticket, now: Instant) {
        if !ticket.probe {
            return;
        }
        let mut table = table().lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(state) = table.get_mut(&(component.to_owned(), destination.to_owned()))
            && let State::Probing { failures } = *state
        {
            *state = State::Open {
                until: now,
                failures,
            };
        }
    }

    /// Every destination that has failed lately, by component, with whether
    /// its breaker is open now (a probe out counts as open), for `/metrics`.
    pub fn states(now: Instant) -> Vec<(String, String, bool)> {
        let table = table().lock().unwrap_or_else(PoisonError::into_inner);
        let mut states: Vec<(String, String, bool)> = table
            .iter()
            .map(|((component, destination), state)| {
                let open = match *state {
                    State::Closed { .. } => false,
                    State::Open { until, .. } => now < until,
                    State::Probing { .. } => true,
                };
                (component.clone(), destination.clone(), open)
            })
            .collect();
        states.sort();
        states
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: BreakerRule = BreakerRule {
        failures: 2,
        cooldown: Duration::from_secs(30),
    };

    fn send(component: &str, at: Instant, failed: bool) -> Result<(), Open> {
        let ticket = Breakers::admit(component, "api:443", RULE, at)?;
        Breakers::record(component, "api:443", RULE, ticket, failed, at);
        Ok(())
    }

    #[test]
    fn failures_in_a_row_open_it_for_the_cool_down_then_a_probe_decides() {
        let t0 = Instant::now();
        let c = "breaker-unit-a";
        send(c, t0, true).unwrap();
        send(c, t0, false).unwrap();
        send(c, t0, true).unwrap();
        assert!(
            send(c, t0, true).is_ok(),
            "the second failure in a row is still sent"
        );
        let open = send(c, t0 + Duration::from_secs(1), false).unwrap_err();
        assert_eq!(
            open.message,
            "api:443 has failed 2 times in a row; not retrying for 29 s"
        );
        assert!(
            send("breaker-unit-other", t0, false).is_ok(),
            "per component"
        );

        let later = t0 + Duration::from_secs(30);
        let probe = Breakers::admit(c, "api:443", RULE, later).unwrap();
        assert!(
            Breakers::admit(c, "api:443", RULE, later).is_err(),
            "one probe at a time"
        );
        Breakers::record(c, "api:443", RULE, probe, true, later);
        assert!(
            send(c, later + Duration::from_secs(29), false).is_err(),
            "open again"
        );
        send(c, later + Duration::from_secs(30), false).unwrap();
        send(c, later + Duration::from_secs(30), false).unwrap();
    }

    #[test]
    fn only_failing_destinations_are_remembered() {
        let t0 = Instant::now();
        let c = "breaker-unit-d";
        let key = |d: &str| (c.to_owned(), d.to_owned());
        send(c, t0, false).unwrap();
        assert!(!table().lock().unwrap().contains_key(&key("api:443")));
        send(c, t0, true).unwrap();
        assert!(table().lock().unwrap().contains_key(&key("api:443")));
        send(c, t0, false).unwrap();
        assert!(
            !table().lock().unwrap().contains_key(&key("api:443")),
            "forgotten once it works"
        );
    }

    #[test]
    fn a_dropped_probe_hands_over_and_zero_disables() {
        let t0 = Instant::now();
        let c = "breaker-unit-b";
        send(c, t0, true).unwrap();
        send(c, t0, true).unwrap();
        let later = t0 + Duration::from_secs(30);
        let probe = Breakers::admit(c, "api:443", RULE, later).unwrap();
        Breakers::release(c, "api:443", probe, later);
        assert!(
            Breakers::admit(c, "api:443", RULE, later).is_ok(),
            "the next request probes"
        );

        let never = BreakerRule {
            failures: 0,
            ..RULE
        };
        for _ in 0..10 {
            let ticket = Breakers::admit("breaker-unit-c", "api:443", never, t0).unwrap();
            Breakers::record("breaker-unit-c", "api:443", never, ticket, true, t0);
        }
    }

    #[test]
    fn states_list_failing_destinations_and_whether_they_are_open() {
        let now = Instant::now();
        let component = "states-test.wasm";
        for _ in 0..RULE.failures {
            send(component, now, true).unwrap();
        }
        let open = |at| {
            Breakers::states(at)
                .into_iter()
                .find(|(c, _, _)| c == component)
                .map(|(_, _, open)| open)
        };
        assert_eq!(open(now), Some(true));
        assert_eq!(open(now + RULE.cooldown), Some(false), "a probe may go");
    }
}
