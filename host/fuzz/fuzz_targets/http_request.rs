//! `http_request`: see `toolhost::fuzzing::http_request` for the input and the invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| toolhost::fuzzing::http_request(data));
