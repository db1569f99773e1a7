//! Transports: how messages reach the [`crate::server::Server`] and replies
//! leave it.

pub mod http;
pub mod in_flight;
pub mod stdio;
