//! Quarantine: a tool whose calls keep crashing is taken out of service for a
//! while, so that a broken build or a poisoned dependency costs each client
//! one fast, explained refusal instead of a sandbox run that ends in a trap.
//!
//! A crash is a call that ended in a trap, a panic, a stack overflow, the
//! memory cap or running out of fuel: the tool itself is broken. Anything
//! else (a result, an error the tool reported, a deadline, output over the
//! cap) ends a streak. After [`QuarantineRule::after`] crashes in a row within
//! the window, the tool's calls are refused for the cool-down without
//! running it. Then one call is let through (the probe); if it does not
//! crash, the tool is back in service, and if it does, another cool-down
//! starts. While the probe runs, other calls are refused.
//!
//! Every change of state is logged at warn (into quarantine) or info (back in
//! service); `/metrics` shows the state per tool.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::config::QuarantineRule;

/// One tool's health: its crash streak, or its quarantine.
#[derive(Debug)]
pub struct Health {
    rule: QuarantineRule,
    state: Mutex<State>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Serving {
        /// Crashes in a row, the first of them at `since`.
        crashes: u32,
        since: Option<Instant>,
    },
    Quarantined {
        until: Instant,
        crashes: u32,
    },
    /// The cool-down is over and one call is running to try the tool again.
    Probing {
        crashes: u32,
    },
}

/// Why a call was refused without running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quarantined {
    /// Crashes in a row that put the tool out of service.
    pub crashes: u32,
    /// Whole seconds until a call may be let through (at least 1).
    pub retry_after_secs: u64,
}

/// What a call learned when it was admitted: whether it is the probe.
/// A probe dropped before its outcome was recorded (the call was cancelled,
/// or refused before it ran) hands the probe to the next call.
#[must_use]
#[derive(Debug)]
pub struct Admitted {
    health: Arc<Health>,
    probe: bool,
    recorded: bool,
}

/// What a call that ran says about the tool's health.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ran {
    /// Trap, panic, stack overflow, memory cap, out of fuel.
    Crashed,
    /// Anything else.
    Finished,
}

impl Health {
    pub fn new(rule: QuarantineRule) -> Self {
        Self {
            rule,
            state: Mutex::new(State::Serving {
                crashes: 0,
                since: None,
            }),
        }
    }

    /// Whether the tool is out of service now, for `/metrics`.
    pub fn is_quarantined(&self) -> bool {
        !matches!(*self.lock(), State::Serving { .. })
    }

    /// Lets a call run, or refuses it while the tool is quarantined.
    pub fn admit(self: &Arc<Self>, now: Instant) -> Result<Admitted, Quarantined> {
        let mut state = self.lock();
        let probe = match *state {
            State::Serving { .. } => false,
            State::Quarantined { until, crashes } if now < until => {
                let left = until - now;
                return Err(Quarantined {
                    crashes,
                    retry_after_secs: left.as_secs() + u64::from(left.subsec_nanos() > 0),
                });
            }
            State::Quarantined { crashes, .. } => {
                *state = State::Probing { crashes };
                true
            }
            // One probe at a time; the others wait for its verdict.
            State::Probing { crashes } => {
                return Err(Quarantined {
                    crashes,
                    retry_after_secs: 1,
                });
            }
        };
        Ok(Admitted {
            health: self.clone(),
            probe,
            recorded: false,
        })
    }

    fn record(&self, ran: Ran, probe: bool, now: Instant, tool: &str) {
        let mut state = self.lock();
        let next = match (ran, *state) {
            (Ran::Finished, State::Serving { .. }) => State::Serving {
                crashes: 0,
                since: None,
            },
            (Ran::Finished, State::Probing { .. }) if probe => {
                tracing::info!(
                    tool,
                    "tool back in service: the call after its quarantine did not crash"
                );
                State::Serving {
                    crashes: 0,
                    since: None,
                }
            }
            (Ran::Crashed, State::Serving { crashes, since }) => {
                let in_window =
                    since.is_some_and(|since| now.duration_since(since) <= self.rule.window);
                let (crashes, since) = if in_window {
                    (crashes + 1, since)
                } else {
                    (1, Some(now))
                };
                if self.rule.after > 0 && crashes >= self.rule.after {
                    tracing::warn!(
                        tool,
                        crashes,
                        cooldown_secs = self.rule.cooldown.as_secs(),
                        "tool quarantined: its calls crashed {crashes} times in a row; refusing calls for the cool-down"
                    );
                    State::Quarantined {
                        until: later(now, self.rule.cooldown),
                        crashes,
                    }
                } else {
                    State::Serving { crashes, since }
                }
            }
            (Ran::Crashed, State::Probing { crashes }) if probe => {
                tracing::warn!(
                    tool,
                    cooldown_secs = self.rule.cooldown.as_secs(),
                    "tool still crashing after its quarantine; refusing calls for another cool-down"
                );
                State::Quarantined {
                    until: later(now, self.rule.cooldown),
                    crashes: crashes + 1,
                }
            }
            // A call admitted before the quarantine began ended during it:
            // the quarantine stands.
            (_, other) => other,
        };
        *state = next;
    }

    fn release_probe(&self, now: Instant) {
        let mut state = self.lock();
        if let State::Probing { crashes } = *state {
            // Nothing was learned: the next call probes.
            *state = State::Quarantined {
                until: now,
                crashes,
            };
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Admitted {
    /// Records how the call ended.
    pub fn record(self, ran: Ran, tool: &str) {
        self.record_at(ran, Instant::now(), tool);
    }

    fn record_at(mut self, ran: Ran, now: Instant, tool: &str) {
        self.recorded = true;
        self.health.record(ran, self.probe, now, tool);
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        if self.probe && !self.recorded {
            self.health.release_probe(Instant::now());
        }
    }
}

/// `now + span`, or as far ahead as the clock goes.
fn later(now: Instant, span: Duration) -> Instant {
    now.checked_add(span)
        .or_else(|| now.checked_add(Duration::from_secs(u64::from(u32::MAX))))
        .unwrap_or(now)
}

#[cfg(test)]
#[path = "quarantine_tests.rs"]
mod tests;
