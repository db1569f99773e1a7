//! `stdio_lines`: see `toolhost::fuzzing::stdio_lines` for the input and the invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| toolhost::fuzzing::stdio_lines(data));
