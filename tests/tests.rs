//! The end-to-end tests, in one binary (ripgrep's `tests/tests.rs` pattern):
//! one link step, and the harness in `support` shared without `dead_code`
//! noise. Each module is a suite: `cargo test -p toolhost --test tests stdio::`
//! runs one.

mod support;

mod call;
mod check;
mod clients;
mod http;
mod js_sdk;
mod new;
mod policy;
mod python_sdk;
mod stdio;
