//! `tool_output`: see `toolhost::fuzzing::tool_output` for the input and the invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| toolhost::fuzzing::tool_output(data));
