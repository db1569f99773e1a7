//! `schema_check`: see `toolhost::fuzzing::schema_check` for the input and the invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| toolhost::fuzzing::schema_check(data));
