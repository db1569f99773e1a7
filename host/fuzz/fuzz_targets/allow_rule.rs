//! `allow_rule`: see `toolhost::fuzzing::allow_rule` for the input and the invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| toolhost::fuzzing::allow_rule(data));
