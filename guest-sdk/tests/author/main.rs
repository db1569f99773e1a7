//! The SDK as a tool author uses it: this test crate depends on
//! `toolhost-sdk` alone (serde, schemars and serde_json come through its
//! re-exports), exactly like a tool crate. One binary, a module per concern.

mod compile_fail;
mod schemas;
mod tools;
