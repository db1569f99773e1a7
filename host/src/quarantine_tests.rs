//! Tests of `quarantine.rs`, on a clock the tests move by hand.

use super::*;

const RULE: QuarantineRule = QuarantineRule {
    after: 3,
    window: Duration::from_secs(60),
    cooldown: Duration::from_secs(30),
};

fn health(rule: QuarantineRule) -> Arc<Health> {
    Arc::new(Health::new(rule))
}

/// Admits one call at `at` and records `ran` for it.
fn call(health: &Arc<Health>, at: Instant, ran: Ran) {
    health.admit(at).expect("admitted").record_at(ran, at, "t");
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

#[test]
fn crashes_in_a_row_quarantine_the_tool_for_the_cool_down() {
    let t0 = Instant::now();
    let h = health(RULE);
    call(&h, t0, Ran::Crashed);
    call(&h, t0 + secs(1), Ran::Crashed);
    assert!(!h.is_quarantined(), "two crashes are not three");
    call(&h, t0 + secs(2), Ran::Crashed);
    assert!(h.is_quarantined());
    assert_eq!(
        h.admit(t0 + secs(2)).unwrap_err(),
        Quarantined {
            crashes: 3,
            retry_after_secs: 30
        }
    );
    assert_eq!(
        h.admit(t0 + secs(31) + Duration::from_millis(500))
            .unwrap_err()
            .retry_after_secs,
        1,
        "rounded up, never 0"
    );
}

#[test]
fn anything_but_a_crash_ends_the_streak() {
    let t0 = Instant::now();
    let h = health(RULE);
    call(&h, t0, Ran::Crashed);
    call(&h, t0, Ran::Crashed);
    call(&h, t0, Ran::Finished);
    call(&h, t0, Ran::Crashed);
    call(&h, t0, Ran::Crashed);
    assert!(!h.is_quarantined());
}

#[test]
fn crashes_further_apart_than_the_window_start_a_new_streak() {
    let t0 = Instant::now();
    let h = health(RULE);
    call(&h, t0, Ran::Crashed);
    call(&h, t0 + secs(30), Ran::Crashed);
    call(&h, t0 + secs(61), Ran::Crashed);
    assert!(
        !h.is_quarantined(),
        "the first crash fell out of the window"
    );
    call(&h, t0 + secs(62), Ran::Crashed);
    call(&h, t0 + secs(63), Ran::Crashed);
    assert!(h.is_quarantined());
}

#[test]
fn after_the_cool_down_one_probe_decides() {
    let t0 = Instant::now();
    let h = health(RULE);
    for _ in 0..3 {
        call(&h, t0, Ran::Crashed);
    }
    let after = t0 + secs(30);
    let probe = h.admit(after).expect("the probe is let through");
    assert_eq!(
        h.admit(after).unwrap_err().retry_after_secs,
        1,
        "one probe at a time"
    );
    // It crashes: another full cool-down.
    probe.record_at(Ran::Crashed, after, "t");
    assert_eq!(h.admit(after + secs(29)).unwrap_err().crashes, 4);
    // The next probe finishes: back in service, streak reset.
    call(&h, after + secs(30), Ran::Finished);
    assert!(!h.is_quarantined());
    call(&h, after + secs(31), Ran::Crashed);
    assert!(!h.is_quarantined());
}

#[test]
fn a_probe_that_never_ran_hands_over_to_the_next_call() {
    let t0 = Instant::now();
    let h = health(RULE);
    for _ in 0..3 {
        call(&h, t0, Ran::Crashed);
    }
    drop(h.admit(t0 + secs(30)).unwrap());
    assert!(h.admit(t0 + secs(30)).is_ok(), "the next call probes");
}

#[test]
fn a_call_admitted_before_the_quarantine_cannot_end_it() {
    let t0 = Instant::now();
    let h = health(RULE);
    let early = h.admit(t0).unwrap();
    for _ in 0..3 {
        call(&h, t0, Ran::Crashed);
    }
    early.record_at(Ran::Finished, t0, "t");
    assert!(h.is_quarantined());
}

#[test]
fn zero_never_quarantines_and_huge_cool_downs_do_not_overflow() {
    let t0 = Instant::now();
    let never = health(QuarantineRule { after: 0, ..RULE });
    for _ in 0..100 {
        call(&never, t0, Ran::Crashed);
    }
    assert!(!never.is_quarantined());
    let long = health(QuarantineRule {
        after: 1,
        cooldown: Duration::from_secs(u64::MAX),
        ..RULE
    });
    call(&long, t0, Ran::Crashed);
    assert!(long.admit(t0 + secs(3600)).is_err());
}
