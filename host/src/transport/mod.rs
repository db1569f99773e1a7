//! Transports: how messages reach the [`crate::server::Server`] and replies
//! leave it.

pub mod stdio;
